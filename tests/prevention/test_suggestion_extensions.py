# ruff: noqa: F811 -- the fixtures imported from test_suggestion_reports are used as arguments
"""The agency asks for more time on an improvement suggestion's follow-up, as it does on a case's
clocks; the office's prevention staff grant it (the clock and the suggestion's due date move,
with the reason) or refuse it with a reason."""

from __future__ import annotations

import datetime as dt

import pytest

from aduan.core.models import AuditEvent
from aduan.liaison import services as liaison_services
from aduan.liaison.models import Decision, ExtensionRequest
from aduan.liaison.selectors import pending_reviews
from aduan.prevention import services as sv
from aduan.prevention.permissions import NotAllowed as PreventionNotAllowed
from tests.prevention.test_suggestion_reports import (  # noqa: F401
    browser,
    draft,
    liaison,
    mailed_staff,
    other_agency,
    portal_user,
    published,
    stranger,
    suggestion,
)

pytestmark = pytest.mark.django_db


def _clock(suggestion):
    return sv.follow_up_clocks(suggestion).get()


def _ask(suggestion, user, days=14, reason="Menunggu rapat anggaran."):
    return liaison_services.liaison_request_extension(
        deadline=_clock(suggestion), user=user, days=days, reason=reason
    )


def test_the_liaison_asks_from_the_suggestions_page(suggestion, liaison):
    client = browser(liaison)
    page = client.get(f"/instansi/saran/{suggestion.pk}/").content.decode()
    clock = _clock(suggestion)
    assert f"/instansi/tenggat/{clock.pk}/perpanjangan/" in page
    response = client.post(
        f"/instansi/tenggat/{clock.pk}/perpanjangan/", {"days": "14", "reason": "Rapat anggaran."}
    )
    assert response.status_code == 302
    assert response.url == f"/instansi/saran/{suggestion.pk}/"
    request = ExtensionRequest.objects.get()
    assert (request.case, request.deadline, request.days) == (None, clock, 14)
    event = AuditEvent.objects.get(action="case.liaison_extension_requested")
    assert event.target_id == str(suggestion.review_id)
    page = client.get(f"/instansi/saran/{suggestion.pk}/").content.decode()
    assert "Your request for more time is waiting for the office." in page


def test_granting_moves_the_clock_and_the_due_date(suggestion, liaison, head_of_unit):
    due = suggestion.due_date
    request = _ask(suggestion, liaison)
    liaison_services.extension_decide(request=request, actor=head_of_unit, grant=True)
    suggestion.refresh_from_db()
    assert suggestion.due_date == due + dt.timedelta(days=14)
    assert _clock(suggestion).due_date == suggestion.due_date
    assert _clock(suggestion).extended_days == 14
    request.refresh_from_db()
    assert request.status == Decision.ACCEPTED


def test_refusing_needs_a_reason_and_leaves_the_due_date(suggestion, liaison, head_of_unit):
    due = suggestion.due_date
    request = _ask(suggestion, liaison)
    with pytest.raises(Exception, match="Say why"):
        liaison_services.extension_decide(request=request, actor=head_of_unit, grant=False)
    liaison_services.extension_decide(
        request=request, actor=head_of_unit, grant=False, reason="Sudah cukup waktu."
    )
    suggestion.refresh_from_db()
    assert suggestion.due_date == due
    request.refresh_from_db()
    assert (request.status, request.decision_reason) == (Decision.SENT_BACK, "Sudah cukup waktu.")


def test_the_office_sees_it_among_the_requests_and_decides_there(
    suggestion, liaison, head_of_unit, outsider
):
    request = _ask(suggestion, liaison)
    assert pending_reviews(head_of_unit)["extensions"] == [request]
    assert pending_reviews(outsider)["extensions"] == []
    page = browser(head_of_unit).get("/instansi/kantor/tinjau/").content.decode()
    assert f"/kantor/pencegahan/kajian/{suggestion.review_id}/" in page
    assert "Menunggu rapat anggaran." in page
    # another office's staff cannot decide it, even with its number
    response = browser(outsider).post(
        f"/instansi/kantor/tinjau/perpanjangan/{request.pk}/", {"decision": "grant"}
    )
    assert response.status_code == 404
    response = browser(head_of_unit).post(
        f"/instansi/kantor/tinjau/perpanjangan/{request.pk}/", {"decision": "grant"}
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == Decision.ACCEPTED


def test_a_role_without_prevention_work_cannot_decide(suggestion, liaison, administrator):
    request = _ask(suggestion, liaison)
    with pytest.raises(PreventionNotAllowed):
        liaison_services.extension_decide(request=request, actor=administrator, grant=True)


def test_another_agencys_liaison_cannot_ask(suggestion, stranger):
    with pytest.raises(Exception, match="No such running clock"):
        _ask(suggestion, stranger)
    response = browser(stranger).post(
        f"/instansi/tenggat/{_clock(suggestion).pk}/perpanjangan/", {"days": "5", "reason": "x"}
    )
    assert response.status_code == 404
    assert not ExtensionRequest.objects.exists()


def test_one_request_at_a_time_and_none_once_settled(suggestion, liaison, pvl_assistant):
    _ask(suggestion, liaison)
    with pytest.raises(Exception, match="still waiting"):
        _ask(suggestion, liaison)
    ExtensionRequest.objects.update(status=Decision.SENT_BACK)
    sv.suggestion_respond(
        suggestion=suggestion, actor=pvl_assistant, status="implemented", response="Sudah."
    )
    with pytest.raises(Exception, match="No such running clock"):
        _ask(suggestion, liaison)
