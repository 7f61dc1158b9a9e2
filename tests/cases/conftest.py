"""Helpers that walk a case through the workflow with the real service functions."""

from __future__ import annotations

import pytest

from aduan.cases import examination as ex
from aduan.cases import services as sv
from aduan.cases.checklists import FORMAL_ITEMS, MATERIAL_ITEMS

FORMAL_OK = {
    code: (None if optional else True) for code, (_l, _b, optional) in FORMAL_ITEMS.items()
}
MATERIAL_OK = dict.fromkeys(MATERIAL_ITEMS, True)


@pytest.fixture
def receive(office, agency_tree):
    def make(**overrides):
        data = {
            "office": office,
            "intake_type": "lm",
            "channel": "web",
            "title": "Pungutan biaya pembuatan KTP",
            "reporters": [{"name": "Siti Aminah", "email": "siti@example.com", "phone": "0812"}],
            "agency": agency_tree["health"],
        }
        data.update(overrides)
        return sv.case_receive(**data)

    return make


@pytest.fixture
def walk(office, pvl_assistant, head_of_office, examiner, head_of_unit, agency_tree):
    """walk(case, "examination") moves a case there through the services."""
    order = ["material", "decision", "examination", "lahp", "monitoring"]

    def go(case, target):
        steps = order[: order.index(target) + 1]
        if "material" in steps:
            case = sv.case_verify_formal(case=case, actor=pvl_assistant, items=FORMAL_OK)
        if "decision" in steps:
            case = sv.case_verify_material(case=case, actor=pvl_assistant, items=MATERIAL_OK)
        if "examination" in steps:
            case = sv.case_register(
                case=case,
                actor=head_of_office,
                unit=office.units.get(code="pemeriksaan"),
                assignee=examiner,
            )
        if "lahp" in steps:
            ex.lahp_send_draft(
                case=case,
                actor=examiner,
                conclusion="ditemukan",
                findings="Pungutan tanpa dasar hukum terbukti.",
            )
        if "monitoring" in steps:
            lahp = case.lahps.get()
            ex.lahp_record_response(lahp=lahp, actor=examiner, response="Pelapor setuju.")
            ex.lahp_finalise(
                case=case,
                actor=head_of_unit,
                corrective_actions=[
                    {"addressee": agency_tree["health"], "description": "Kembalikan pungutan."}
                ],
            )
        case.refresh_from_db()
        return case

    return go
