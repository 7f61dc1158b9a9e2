"""The sweeper applies what the clocks imply, once, however often and by however many it runs."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection
from django.utils import timezone

from aduan.cases import examination as ex
from aduan.cases import services as sv
from aduan.cases.models import Case, ClarificationRequest
from aduan.cases.sweeper import sweep
from aduan.core.models import AuditEvent
from aduan.deadlines.models import Deadline
from tests.cases.conftest import FORMAL_OK
from tests.conftest import receive_deliveries

pytestmark = pytest.mark.django_db


def later(days: int) -> dt.datetime:
    return timezone.now() + dt.timedelta(days=days)


def test_a_report_not_completed_in_30_days_is_deemed_withdrawn(receive, pvl_assistant):
    case = sv.case_verify_formal(
        case=receive(), actor=pvl_assistant, items={**FORMAL_OK, "kontak": False}
    )
    # The notice was e-mailed: presumed received 3 days later; the 30 days run from then.
    assert sweep(now=later(33)).expired == 0  # the 30th day is still within the period
    result = sweep(now=later(34))
    case.refresh_from_db()
    assert result.consequences["deemed_withdrawn"] == 1
    assert case.state == Case.State.CLOSED
    assert case.closure_reason.code == "dianggap-dicabut"
    assert case.transitions.last().action == "deemed_withdrawn"


def test_the_sweeper_run_twice_acts_once(receive, pvl_assistant):
    sv.case_verify_formal(case=receive(), actor=pvl_assistant, items={**FORMAL_OK, "kontak": False})
    first, second = sweep(now=later(40)), sweep(now=later(40))
    assert (first.expired, second.expired) == (1, 0)
    assert AuditEvent.objects.filter(action="case.deemed_withdrawn").count() == 1


def test_an_unanswered_request_then_a_waived_right(walk, receive, examiner):
    case = walk(receive(), "examination")
    first = ex.clarification_request(case=case, actor=examiner, questions="Dasar?")
    receive_deliveries(case)
    sweep(now=later(15))
    first.refresh_from_db()
    assert first.status == ClarificationRequest.Status.UNANSWERED
    second = ex.clarification_request(case=case, actor=examiner, questions="Dasar? (kedua)")
    receive_deliveries(case)
    sweep(now=later(40))
    second.refresh_from_db()
    assert second.status == ClarificationRequest.Status.WAIVED


def test_corrective_action_not_done_in_30_working_days_goes_to_resmon(walk, receive):
    case = walk(receive(), "monitoring")
    result = sweep(now=later(60))
    case.refresh_from_db()
    assert result.consequences["handed_to_resmon"] == 1
    assert (case.state, case.unit.kind) == (Case.State.RESOLUTION, "resmon")


def test_a_done_action_is_not_handed_over(walk, receive, examiner):
    case = walk(receive(), "monitoring")
    ex.corrective_action_report(
        action=case.corrective_actions.get(),
        actor=examiner,
        status="dilaksanakan",
        evidence="Bukti",
    )
    sweep(now=later(60))
    case.refresh_from_db()
    assert case.state == Case.State.MONITORING


def test_a_paused_clock_does_not_run_out(receive, pvl_assistant):
    from aduan.deadlines.services import deadline_pause

    case = sv.case_verify_formal(
        case=receive(), actor=pvl_assistant, items={**FORMAL_OK, "kontak": False}
    )
    receive_deliveries(case)
    deadline_pause(
        deadline=Deadline.objects.get(case=case, rule__code="melengkapi-laporan"),
        reason="Pelapor dirawat di rumah sakit",
    )
    sweep(now=later(45))
    case.refresh_from_db()
    assert case.state == Case.State.AWAITING_COMPLETION


def test_a_reminder_goes_out_once_before_the_due_date(
    receive, pvl_assistant, mailoutbox, django_capture_on_commit_callbacks
):
    pvl_assistant.email = "pvl@babel.example"
    pvl_assistant.save()
    case = receive()
    sv.case_assign(case=case, actor=_head(case), assignee=pvl_assistant)
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep(now=later(12)).reminders == 1
        assert sweep(now=later(13)).reminders == 0
    assert any("Pengingat tenggat" in m.subject for m in mailoutbox)


def _head(case):
    from aduan.directory.models import User

    return User.objects.create(
        username="kakeas-pvl", role="kepala_keasistenan", office=case.office, unit=case.unit
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_sweepers_at_once_act_once(receive, pvl_assistant):
    if connection.vendor != "postgresql":
        pytest.skip("row-level concurrency is checked on PostgreSQL")
    for _ in range(20):
        case = sv.case_verify_formal(
            case=receive(), actor=pvl_assistant, items={**FORMAL_OK, "kontak": False}
        )
        receive_deliveries(case)  # the 30 days run (presumed receipts: their own pass)
    results = []
    barrier = threading.Barrier(2)

    def run():
        barrier.wait()
        results.append(sweep(now=later(40), reminders=False))
        connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(r.consequences["deemed_withdrawn"] for r in results) == 20
    assert AuditEvent.objects.filter(action="case.deemed_withdrawn").count() == 20
    assert Case.objects.filter(state=Case.State.CLOSED).count() == 20
