"""The final LHP's delivery clock (issue 14 §3; decision 0018): no regulation sets one, so it is
office practice: it runs from the signing of the final LHP and is met once every addressee has
received it (opened in the portal or tracking page, tanda terima, or presumed)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from aduan.cases import examination as ex
from aduan.deadlines import deliveries
from aduan.deadlines.models import Deadline
from aduan.deadlines.workdays import local_date

pytestmark = pytest.mark.django_db


@pytest.fixture
def finalised(walk, receive, examiner, head_of_unit, agency_tree):
    case = walk(receive(), "lahp")
    lahp = case.lahps.get()
    ex.lahp_record_response(lahp=lahp, actor=examiner, response="Pelapor setuju.")
    ex.lahp_finalise(
        case=case,
        actor=head_of_unit,
        corrective_actions=[
            {"addressee": agency_tree["health"], "description": "Kembalikan pungutan."}
        ],
    )
    return case


def _clock(case):
    return Deadline.objects.get(case=case, rule__code="penyampaian-lhp")


def test_it_runs_from_the_signing_of_the_final_lhp(finalised):
    clock = _clock(finalised)
    today = local_date(timezone.now(), finalised.office)
    assert clock.state == Deadline.State.OPEN
    assert (clock.start_date, clock.due_date) == (today, today + dt.timedelta(days=14))
    assert clock.rule.rule_set == "kantor" and clock.rule.extendable


def test_it_is_met_only_when_every_addressee_has_received_it(finalised, pvl_assistant):
    sent = list(finalised.deliveries.filter(document="lhp").order_by("pk"))
    assert {d.addressee for d in sent} == {"pelapor", "terlapor"}
    deliveries.delivery_opened(delivery=sent[0])
    assert _clock(finalised).state == Deadline.State.OPEN  # one addressee still waits
    for delivery in sent[1:]:
        deliveries.delivery_opened(delivery=delivery)
    assert _clock(finalised).state == Deadline.State.MET


def test_not_found_starts_it_too_and_closing_does_not_cancel_it(
    walk, receive, examiner, head_of_unit
):
    case = walk(receive(), "examination")
    ex.lahp_send_draft(case=case, actor=examiner, conclusion="tidak_ditemukan", findings="Sesuai.")
    lahp = case.lahps.get()
    ex.lahp_record_response(lahp=lahp, actor=examiner, response="Pelapor menerima.")
    ex.lahp_finalise(case=case, actor=head_of_unit)
    assert _clock(case).state == Deadline.State.OPEN
