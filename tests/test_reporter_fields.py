"""One rule for the reporter's details an office asks (cases.reporter_fields): the forms, the
case service and the verification checklist agree with it."""

from __future__ import annotations

import pytest

from aduan.cases import checklists, reporter_fields


def test_an_ombudsman_office_asks_the_identity_of_uu_37_2008_ps_24_1_a():
    for kind in ("pusat", "perwakilan", "ombudsman_daerah"):
        rule = reporter_fields.for_kind(kind)
        assert rule.identity == (
            "name",
            "birth_place",
            "birth_date",
            "marital_status",
            "occupation",
            "address",
        )
        assert rule.identity_document and not rule.not_collected


def test_a_complaint_unit_asks_only_name_address_and_contact():
    rule = reporter_fields.for_kind("unit_pengaduan")
    assert rule.identity == ("name", "address")
    assert set(rule.not_collected) == {
        "birth_place",
        "birth_date",
        "marital_status",
        "occupation",
        "id_type",
        "id_number",
        "id_file",
    }
    assert rule.only_shown({"name": "A", "occupation": "Guru", "members": "B"}) == {
        "name": "A",
        "members": "B",
    }


def test_the_checklists_identity_item_names_every_detail_the_rule_requires():
    label = str(checklists.FORMAL_ITEMS["identitas_lengkap"][0])
    words = {
        "name": "full name",
        "birth_place": "place and date of birth",
        "birth_date": "date of birth",
        "marital_status": "marital status",
        "occupation": "occupation",
        "address": "address",
    }
    assert set(words) == set(reporter_fields.OMBUDSMAN.identity)
    for name in reporter_fields.OMBUDSMAN.identity:
        assert words[name] in label, name


@pytest.mark.django_db
def test_the_checklist_shows_what_identity_the_file_lacks(receive):
    case = receive()
    missing = dict(checklists.identity_missing(case))
    reporter = case.reporters.get()
    assert "marital status" in missing[reporter.name]
