"""Formal and material verification, and the reporter completing the report."""

from __future__ import annotations

import datetime as dt

import pytest

from aduan.cases import services as sv
from aduan.cases.errors import CaseError, NotAllowed, WrongState
from aduan.cases.models import Case, Verification
from aduan.deadlines.models import Deadline
from tests.cases.conftest import FORMAL_OK, MATERIAL_OK

pytestmark = pytest.mark.django_db


def test_a_complete_report_goes_to_material_verification(receive, pvl_assistant):
    case = sv.case_verify_formal(case=receive(), actor=pvl_assistant, items=FORMAL_OK)
    assert case.state == Case.State.MATERIAL_VERIFICATION
    assert Verification.objects.get(case=case).passed
    receipt_clock = Deadline.objects.get(case=case, rule__code="pemberitahuan-kelengkapan")
    assert receipt_clock.state == Deadline.State.MET


def test_an_incomplete_report_starts_the_30_day_clock(receive, pvl_assistant):
    items = {**FORMAL_OK, "dokumen_identitas": False}
    case = sv.case_verify_formal(case=receive(), actor=pvl_assistant, items=items)
    assert case.state == Case.State.AWAITING_COMPLETION
    clock = Deadline.objects.get(case=case, rule__code="melengkapi-laporan")
    assert (clock.days, clock.basis, clock.legal_source) == (30, "calendar", "UU 37/2008 Ps.25")
    assert case.transitions.last().action == "completion_requested"


def test_the_completed_report_returns_to_formal_verification(receive, pvl_assistant):
    case = sv.case_verify_formal(
        case=receive(), actor=pvl_assistant, items={**FORMAL_OK, "kronologi": False}
    )
    case = sv.case_complete(case=case, note="KTP dikirim lewat surel")
    assert case.state == Case.State.RECEIVED
    assert Deadline.objects.get(case=case, rule__code="melengkapi-laporan").state == "met"


def test_an_incomplete_checklist_is_refused(receive, pvl_assistant):
    case = receive()
    with pytest.raises(CaseError, match="missing: kontak"):
        sv.case_verify_formal(
            case=case,
            actor=pvl_assistant,
            items={k: v for k, v in FORMAL_OK.items() if k != "kontak"},
        )
    with pytest.raises(CaseError, match="kronologi cannot be 'not applicable'"):
        sv.case_verify_formal(
            case=case, actor=pvl_assistant, items={**FORMAL_OK, "kronologi": None}
        )
    case.refresh_from_db()
    assert case.state == Case.State.RECEIVED
    assert not Verification.objects.exists()


def test_only_the_pvl_unit_verifies(receive, examiner, outsider):
    for person in (examiner, outsider):
        with pytest.raises(NotAllowed):
            sv.case_verify_formal(case=receive(), actor=person, items=FORMAL_OK)


def test_a_report_is_verified_formally_only_once(receive, pvl_assistant):
    case = sv.case_verify_formal(case=receive(), actor=pvl_assistant, items=FORMAL_OK)
    with pytest.raises(WrongState, match="material verification"):
        sv.case_verify_formal(case=case, actor=pvl_assistant, items=FORMAL_OK)


def test_material_verification_leads_to_the_registration_decision(walk, receive):
    case = walk(receive(), "decision")
    assert case.state == Case.State.AWAITING_DECISION
    assert Verification.objects.get(case=case, kind="materiil").items == MATERIAL_OK


def test_an_event_over_two_years_old_cannot_be_ticked_as_recent(receive, walk, pvl_assistant):
    case = walk(receive(event_date=dt.date(2020, 1, 1)), "material")
    with pytest.raises(CaseError, match="more than 2 years old"):
        sv.case_verify_material(case=case, actor=pvl_assistant, items=MATERIAL_OK)
    unmet = sv.case_verify_material(
        case=case, actor=pvl_assistant, items={**MATERIAL_OK, "belum_dua_tahun": False}
    )
    assert not unmet.verifications.get(kind="materiil").passed
