""" "Waiting for your agency" is truthful: only what the agency can still act on is listed.

An item answered, waived or no longer due (its clock stopped, its case closed or moved past the
stage that takes the answer) is not in the inbox; one still open is."""

from __future__ import annotations

from aduan.cases import examination as ex
from aduan.cases import services as sv
from aduan.deadlines.models import Deadline
from aduan.deadlines.services import deadline_close
from aduan.liaison import selectors, services
from tests.conftest import receive_deliveries


def _waiting(portal) -> set[tuple[str, int]]:
    return {(i["kind"], i["object"].pk) for i in selectors.liaison_inbox(portal.user)}


def _run_out(request) -> None:
    """What the sweeper does when a request's 14 days run out."""
    clock = Deadline.objects.live().for_subject(request).get()
    deadline_close(deadline=clock, state=Deadline.State.MISSED)
    ex.clarification_expired(request=request)


def test_an_open_request_is_waiting_and_shown(asked, portal):
    case, request = asked()
    assert ("clarification", request.pk) in _waiting(portal)
    page = portal.get("/instansi/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert case.reference in page and "Clarification request" in page


def test_a_request_the_agency_answered_is_not_waiting(asked, portal):
    case, request = asked()
    services.liaison_answer(request=request, user=portal.user, answer="Sudah kami jawab.")
    assert ("clarification", request.pk) not in _waiting(portal)
    page = portal.get("/instansi/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert case.reference not in page


def test_a_request_answered_by_letter_and_recorded_by_staff_is_not_waiting(asked, portal, examiner):
    _case, request = asked()
    ex.clarification_answer(request=request, actor=examiner, answer="Jawaban lewat surat.")
    assert ("clarification", request.pk) not in _waiting(portal)


def test_a_waived_request_is_not_waiting(asked, portal, examiner):
    case, first = asked()
    _run_out(first)  # round 1 unanswered: no longer due
    assert ("clarification", first.pk) not in _waiting(portal)
    second = ex.clarification_request(case=case, actor=examiner, questions="Kedua kalinya?")
    receive_deliveries(case)
    assert ("clarification", second.pk) in _waiting(portal)
    _run_out(second)  # round 2 unanswered: the right is waived
    second.refresh_from_db()
    assert second.status == second.Status.WAIVED
    assert ("clarification", second.pk) not in _waiting(portal)


def test_a_request_whose_clock_was_cancelled_is_not_waiting(asked, portal, examiner):
    _case, request = asked()
    clock = Deadline.objects.live().for_subject(request).get()
    deadline_close(deadline=clock, state=Deadline.State.CANCELLED, actor=examiner, reason="x")
    assert ("clarification", request.pk) not in _waiting(portal)


def test_a_request_on_a_closed_case_is_not_waiting(asked, portal, examiner):
    case, request = asked()
    sv.case_withdraw(case=case, actor=examiner, reason="Pelapor mencabut laporannya.")
    case.refresh_from_db()
    assert not case.is_open
    assert ("clarification", request.pk) not in _waiting(portal)
    assert portal.get("/instansi/").content.decode().count(case.reference) == 0


def test_a_request_on_a_case_moved_past_examination_is_not_waiting(asked, portal, examiner):
    case, request = asked()
    ex.lahp_send_draft(case=case, actor=examiner, conclusion="ditemukan", findings="Terbukti.")
    assert ("clarification", request.pk) not in _waiting(portal)


def test_a_summons_on_a_case_moved_past_examination_is_not_waiting(receive, walk, examiner, portal):
    import datetime as dt

    from django.utils import timezone

    case = walk(receive(), "examination")
    summons = ex.summons_schedule(
        case=case,
        actor=examiner,
        person="Kepala Dinas",
        scheduled_for=timezone.now() + dt.timedelta(days=3),
    )
    assert ("summons", summons.pk) in _waiting(portal)
    ex.lahp_send_draft(case=case, actor=examiner, conclusion="ditemukan", findings="Terbukti.")
    assert ("summons", summons.pk) not in _waiting(portal)
