"""Case.next_due: the due date of a case's next running clock, written by the deadline services
so that the case list can sort and filter by it from an index. After every service it must equal
what the clocks say."""

from __future__ import annotations

import datetime as dt
import importlib
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps

from aduan.cases.models import Case
from aduan.deadlines.models import Deadline
from aduan.deadlines.services import (
    closure_add,
    deadline_close,
    deadline_extend,
    deadline_move_office,
    deadline_pause,
    deadline_resume,
    deadline_start,
    recompute_open_deadlines,
    refresh_next_due,
)

D = dt.date
MONDAY = D(2026, 3, 16)
pytestmark = pytest.mark.django_db


def first_running(case: Case) -> dt.date | None:
    clocks = Deadline.objects.filter(case=case, state=Deadline.State.OPEN)
    return clocks.order_by("due_date").values_list("due_date", flat=True).first()


def checked(case: Case) -> dt.date | None:
    """The stored next_due, after asserting that it is what the clocks say."""
    case.refresh_from_db()
    assert case.next_due == first_running(case)
    return case.next_due


@pytest.fixture
def case(receive):
    """A received report whose own clock is cancelled: no clock runs."""
    case = receive()
    for clock in Deadline.objects.filter(case=case, state=Deadline.State.OPEN):
        deadline_close(deadline=clock, state=Deadline.State.CANCELLED)
    assert checked(case) is None
    return case


def start(case: Case, rule: str = "monitoring-tindakan-korektif", on: dt.date = MONDAY):
    return deadline_start(subject=case, rule=rule, office=case.office, start=on, case=case)


@pytest.mark.parametrize("target", ["material", "decision", "examination", "lahp", "monitoring"])
def test_it_follows_a_case_through_the_workflow(receive, walk, target):
    case = receive()
    assert checked(case) is not None
    checked(walk(case, target))


def test_the_earliest_running_clock_counts_and_a_closed_one_no_longer(case):
    monitoring = start(case)  # 30 working days: 6 May 2026
    assert checked(case) == D(2026, 5, 6)
    clarification = start(case, "klarifikasi-pertama", D(2026, 3, 1))  # 14 days: 15 March
    assert checked(case) == D(2026, 3, 15)
    deadline_close(deadline=clarification, state=Deadline.State.MET)
    assert checked(case) == D(2026, 5, 6)
    deadline_close(deadline=monitoring, state=Deadline.State.MISSED)
    assert checked(case) is None


def test_an_extension_moves_it(case, examiner):
    clock = start(case, "rco-penanganan")  # office practice: may be extended
    before = checked(case)
    deadline_extend(deadline=clock, days=5, reason="Agency asked for time", actor=examiner)
    assert checked(case) > before


def test_a_paused_clock_still_counts_and_resuming_moves_it(case):
    clock = start(case)
    deadline_pause(deadline=clock, reason="Waiting for the reporter", on=D(2026, 3, 23))
    assert checked(case) == D(2026, 5, 6)
    deadline_resume(deadline=clock, on=D(2026, 3, 30))
    assert checked(case) > D(2026, 5, 6)


def test_moving_the_clock_to_another_office_recomputes_it(case, other_office, administrator):
    clock = start(case)
    closure_add(
        actor=administrator,
        office=other_office,
        start_date=D(2026, 4, 13),
        end_date=D(2026, 4, 14),
        kind="libur_daerah",
        reason="Hari jadi daerah",
    )
    deadline_move_office(deadline=clock, office=other_office)
    assert checked(case) == D(2026, 5, 8)


def test_recomputing_after_a_new_non_working_day_moves_it(case, office, administrator):
    start(case)
    closure_add(
        actor=administrator,
        office=office,
        start_date=D(2026, 4, 13),
        end_date=D(2026, 4, 13),
        kind="libur_daerah",
        reason="Hari jadi kota",
    )
    assert checked(case) == D(2026, 5, 7)  # at once, in the same transaction
    moved = recompute_open_deadlines(office_id=office.pk, start=D(2026, 4, 13), end=D(2026, 4, 13))
    assert moved == 0  # a later worker pass finds nothing left to move
    assert checked(case) == D(2026, 5, 7)


def test_saving_a_case_read_before_its_clock_changed_keeps_it(case):
    stale = Case.objects.get(pk=case.pk)
    start(case)
    stale.title = "Ringkasan diperbaiki"
    stale.save()
    assert checked(case) == D(2026, 5, 6)
    assert case.title == "Ringkasan diperbaiki"


def test_a_bulk_change_of_clocks_is_repaired_by_refresh_next_due(case):
    clock = start(case)
    Deadline.objects.filter(pk=clock.pk).update(state=Deadline.State.MISSED)
    refresh_next_due(case_ids=[case.pk])
    assert checked(case) is None


def test_the_migration_fills_it_from_the_running_clocks(receive):
    cases = [receive(), receive(intake_type="knl")]
    Case.objects.update(next_due=None)
    migration = importlib.import_module("aduan.cases.migrations.0005_case_next_due")
    migration.fill_next_due(apps, None)
    assert [checked(c) is not None for c in cases] == [True, False]


# --- the case list reads it
def test_the_list_sorts_next_due_first_with_cases_without_a_clock_last(
    client, receive, pvl_assistant
):
    soon, later = receive(title="Soon"), receive(title="Later")
    without = receive(intake_type="knl", title="No clock")
    Deadline.objects.filter(case=later).update(due_date=D(2030, 1, 1))
    Deadline.objects.filter(case=soon).update(due_date=D(2029, 1, 1))
    refresh_next_due(case_ids=[soon.pk, later.pk])
    client.force_login(pvl_assistant)
    page = client.get("/kantor/laporan/?sort=due").content.decode()
    positions = [page.index(c.reference) for c in (soon, later, without)]
    assert positions == sorted(positions)


@pytest.mark.parametrize(
    ("offset", "colour"), [(-1, "red"), (0, "yellow"), (3, "yellow"), (4, "green")]
)
def test_the_clock_filter_reads_the_colour_from_next_due(
    client, receive, pvl_assistant, offset, colour
):
    case = receive()
    other = receive(intake_type="knl")
    today = dt.datetime.now(ZoneInfo("Asia/Jakarta")).date()
    Deadline.objects.filter(case=case).update(due_date=today + dt.timedelta(days=offset))
    refresh_next_due(case_ids=[case.pk])
    client.force_login(pvl_assistant)
    for choice in ("red", "yellow", "green"):
        page = client.get(f"/kantor/laporan/?clock={choice}").content.decode()
        assert (case.reference in page) == (choice == colour)
        assert other.reference not in page


def test_a_case_with_two_matching_forms_is_listed_once(client, receive, pvl_assistant):
    from aduan.reference.models import MaladministrationForm

    case = receive()
    forms = MaladministrationForm.objects.filter(code__in=["penundaan-berlarut", "tidak-kompeten"])
    case.maladministration_forms.add(*forms)
    other = receive()
    client.force_login(pvl_assistant)
    response = client.get("/kantor/laporan/?form=penundaan-berlarut", HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert page.count(f">{case.reference}<") == 1
    assert other.reference not in page
    assert "1 case" in page


def test_the_received_dates_are_days_in_the_office_zone(client, receive, pvl_assistant):
    wib = ZoneInfo("Asia/Jakarta")
    late = receive(received_at=dt.datetime(2026, 3, 10, 23, 30, tzinfo=wib))
    early = receive(received_at=dt.datetime(2026, 3, 11, 0, 15, tzinfo=wib))
    client.force_login(pvl_assistant)
    page = client.get("/kantor/laporan/?received_to=2026-03-10").content.decode()
    assert late.reference in page and early.reference not in page
    page = client.get("/kantor/laporan/?received_from=2026-03-11").content.decode()
    assert early.reference in page and late.reference not in page
    page = client.get("/kantor/laporan/?received_from=0001-01-01&received_to=9999-12-31")
    assert late.reference in page.content.decode()


def test_a_clock_the_sweeper_marks_missed_no_longer_counts(receive):
    from aduan.cases import sweeper

    case = receive()
    Deadline.objects.filter(case=case).update(due_date=D(2020, 1, 6))
    refresh_next_due(case_ids=[case.pk])
    sweeper.sweep(reminders=False)
    assert not Deadline.objects.filter(case=case, state=Deadline.State.OPEN).exists()
    assert checked(case) is None
