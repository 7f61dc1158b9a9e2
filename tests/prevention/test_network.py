"""Partner institutions, agreements (status from dates) and contacts."""

from __future__ import annotations

import datetime as dt

import pytest

from aduan.core.models import AuditEvent
from aduan.prevention import services as sv
from aduan.prevention.models import Agreement
from aduan.prevention.permissions import NotAllowed, PreventionError


@pytest.fixture
def partner(office, pvl_assistant):
    return sv.partner_create(
        office=office,
        actor=pvl_assistant,
        fields={"name": "Universitas", "kind": "perguruan_tinggi"},
    )


def _agreement(partner, actor, start, until):
    return sv.agreement_create(
        partner=partner,
        actor=actor,
        fields={
            "number": "1/MoU",
            "title": "Kerja sama",
            "signed_on": start,
            "valid_from": start,
            "valid_until": until,
        },
    )


def test_agreement_status_follows_its_dates(partner, pvl_assistant):
    mou = _agreement(partner, pvl_assistant, dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert mou.status_on(dt.date(2023, 12, 31)) == Agreement.Status.PENDING
    assert mou.status_on(dt.date(2024, 1, 1)) == Agreement.Status.ACTIVE
    assert mou.status_on(dt.date(2024, 12, 31)) == Agreement.Status.ACTIVE
    assert mou.status_on(dt.date(2025, 1, 1)) == Agreement.Status.EXPIRED
    open_ended = _agreement(partner, pvl_assistant, dt.date(2024, 1, 1), None)
    assert open_ended.status_on(dt.date(2040, 1, 1)) == Agreement.Status.ACTIVE


def test_an_agreement_ending_before_it_begins_is_refused(partner, pvl_assistant):
    with pytest.raises(PreventionError):
        _agreement(partner, pvl_assistant, dt.date(2024, 1, 1), dt.date(2023, 1, 1))


def test_agreement_update(partner, pvl_assistant):
    mou = _agreement(partner, pvl_assistant, dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    sv.agreement_update(
        agreement=mou, actor=pvl_assistant, fields={"valid_until": dt.date(2026, 12, 31)}
    )
    mou.refresh_from_db()
    assert mou.status_on(dt.date(2025, 6, 1)) == "active"
    assert AuditEvent.objects.filter(action="prevention.agreement_updated").exists()


def test_network_refused_to_another_office(office, partner, outsider):
    with pytest.raises(NotAllowed):
        sv.partner_create(office=office, actor=outsider, fields={"name": "X", "kind": "media"})
    with pytest.raises(NotAllowed):
        sv.partner_update(partner=partner, actor=outsider, fields={"name": "Y"})
    with pytest.raises(NotAllowed):
        _agreement(partner, outsider, dt.date(2024, 1, 1), None)
    with pytest.raises(NotAllowed):
        sv.contact_add(partner=partner, actor=outsider, name="Z")


def test_contacts_added_and_removed(partner, pvl_assistant):
    contact = sv.contact_add(partner=partner, actor=pvl_assistant, name="Ratna", phone="0812")
    assert list(partner.contacts.all()) == [contact]
    sv.contact_remove(contact=contact, actor=pvl_assistant)
    assert not partner.contacts.exists()
    assert AuditEvent.objects.filter(action="prevention.contact_removed").exists()


def test_joint_activity_links_only_own_partners(
    office, other_office, partner, pvl_assistant, member
):
    theirs = sv.partner_create(
        office=other_office, actor=member, fields={"name": "Media", "kind": "media"}
    )
    fields = {"kind": "koordinasi", "title": "Rakor", "start_date": dt.date(2025, 1, 1)}
    activity = sv.activity_create(
        office=office, actor=pvl_assistant, fields=fields, partners=[partner]
    )
    assert list(partner.activities.all()) == [activity]
    with pytest.raises(PreventionError):
        sv.activity_create(office=office, actor=pvl_assistant, fields=fields, partners=[theirs])
