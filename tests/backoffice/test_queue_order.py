"""The queues put the most urgent case first: an open RCO emergency, then the case whose next
running clock runs out first, then the cases with no clock running (oldest first)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from aduan.backoffice import selectors as bo
from aduan.deadlines.models import Deadline
from aduan.deadlines.services import deadline_close

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def days_ago(n: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=n)


@pytest.fixture
def queue(receive):
    """Received in this order: a report whose clocks were all stopped (the oldest), an older
    and a newer report (each with its 14-day clock), and an RCO emergency (the newest)."""
    no_clock = receive(title="Tanpa tenggat", received_at=days_ago(20))
    for clock in Deadline.objects.filter(case=no_clock, state=Deadline.State.OPEN):
        deadline_close(deadline=clock, state=Deadline.State.CANCELLED)
    older = receive(title="Lebih lama", received_at=days_ago(10))
    newer = receive(title="Lebih baru", received_at=days_ago(2))
    emergency = receive(intake_type="rco", title="Pasien ditolak IGD")
    for case in (no_clock, older, newer, emergency):
        case.refresh_from_db()
    assert older.next_due < newer.next_due and no_clock.next_due is None
    return {"no_clock": no_clock, "older": older, "newer": newer, "emergency": emergency}


def test_the_unit_queue_puts_the_rco_emergency_first_then_the_next_clock(queue, pvl_assistant):
    expected = [queue[key] for key in ("emergency", "older", "newer", "no_clock")]
    assert list(bo.unit_queue(pvl_assistant)) == expected


def test_my_cases_put_the_rco_emergency_first_then_the_next_clock(
    queue, pvl_assistant, head_of_unit
):
    from aduan.cases import services as sv

    for case in queue.values():
        sv.case_take(case=case, actor=pvl_assistant)
    expected = [queue[key] for key in ("emergency", "older", "newer", "no_clock")]
    assert list(bo.my_cases(pvl_assistant)) == expected


def test_a_closed_rco_case_is_not_put_first(receive, pvl_assistant, office):
    from aduan.cases.models import Case
    from aduan.cases.states import State

    report = receive(title="Laporan biasa")
    old_emergency = receive(intake_type="rco", title="Sudah selesai")
    Case.objects.filter(pk=old_emergency.pk).update(state=State.CLOSED)
    for clock in Deadline.objects.filter(case=old_emergency, state=Deadline.State.OPEN):
        deadline_close(deadline=clock, state=Deadline.State.MET)
    ordered = list(bo.case_list(pvl_assistant, {"sort": "urgent"}))
    assert ordered.index(report) < ordered.index(old_emergency)


def test_the_home_page_shows_the_emergency_above_the_older_reports(client, queue, pvl_assistant):
    client.force_login(pvl_assistant)
    page = client.get("/kantor/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    positions = [page.index(queue[key].reference) for key in ("emergency", "older", "newer")]
    assert positions == sorted(positions)
    assert "RCO: emergency" in page


def test_the_case_list_sorted_by_urgency_puts_the_emergency_first(client, queue, pvl_assistant):
    client.force_login(pvl_assistant)
    page = client.get("/kantor/laporan/?sort=urgent", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    order = ("emergency", "older", "newer", "no_clock")
    positions = [page.index(queue[key].reference) for key in order]
    assert positions == sorted(positions)


def test_the_home_page_reads_the_same_number_of_queries_for_more_cases(
    client, receive, pvl_assistant
):
    """No query per row: the order is computed in the database and the rows' related data
    come with them."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    receive(intake_type="rco")
    receive()
    client.force_login(pvl_assistant)
    with CaptureQueriesContext(connection) as few:
        client.get("/kantor/")
    for _ in range(5):
        receive()
    receive(intake_type="rco")
    with CaptureQueriesContext(connection) as many:
        client.get("/kantor/")
    assert len(many) == len(few)


def test_the_case_list_sorted_by_urgency_reads_the_same_number_of_queries_for_more_cases(
    client, receive, pvl_assistant
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    receive(intake_type="rco")
    receive()
    client.force_login(pvl_assistant)
    with CaptureQueriesContext(connection) as few:
        client.get("/kantor/laporan/?sort=urgent")
    for _ in range(5):
        receive()
    receive(intake_type="rco")
    with CaptureQueriesContext(connection) as many:
        client.get("/kantor/laporan/?sort=urgent")
    assert len(many) == len(few)


def test_an_overdue_clock_is_said_in_words_not_only_in_red(client, receive, pvl_assistant):
    from aduan.cases.models import Case

    case = receive()
    Case.objects.filter(pk=case.pk).update(next_due=dt.date(2020, 1, 6))
    client.force_login(pvl_assistant)
    page = client.get("/kantor/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '6 January 2020 <span class="badge red">overdue</span>' in page
