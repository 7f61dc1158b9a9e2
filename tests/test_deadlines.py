"""Deadlines are data: a rule, a basis, a start, a due date, a legal source and an explanation;
an administrator adding or removing a closure recomputes the open ones."""

from __future__ import annotations

import datetime as dt

import pytest

from aduan.core.audit import events_for
from aduan.core.models import AuditEvent
from aduan.deadlines.models import Deadline, DeadlineRule, OfficeClosure
from aduan.deadlines.services import (
    ClosureError,
    DeadlineError,
    closure_add,
    closure_remove,
    deadline_start,
)

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def subject(office):
    """Anything a clock can run on; the case workflow will use cases, requests and so on."""
    return office.units.get(code="pemeriksaan")


def test_the_legal_clocks_are_present_after_migrate_with_their_sources():
    rule = DeadlineRule.objects.get(code="klarifikasi-pertama")
    assert (rule.days, rule.basis, rule.legal_source) == (14, "calendar", "UU 37/2008 Ps.33")
    monitoring = DeadlineRule.objects.get(code="monitoring-tindakan-korektif")
    assert (monitoring.days, monitoring.basis) == (30, "working")
    assert DeadlineRule.objects.filter(rule_set="sp4n").count() == 5


def test_a_started_deadline_keeps_its_rule_basis_start_due_and_explanation(
    subject, office, examiner
):
    deadline = deadline_start(
        subject=subject,
        rule="monitoring-tindakan-korektif",
        office=office,
        start=D(2026, 3, 16),
        actor=examiner,
    )
    assert deadline.due_date == D(2026, 5, 6)
    assert deadline.legal_source == "Peraturan Ombudsman 58/2023 Ps.54"
    assert deadline.explanation["start"] == "2026-03-16"
    assert any(d["kind"] == "cuti_bersama" for d in deadline.explanation["skipped"])
    assert list(Deadline.objects.for_subject(subject)) == [deadline]
    event = events_for(deadline).get()
    assert (event.action, event.actor, event.new["due"]) == (
        "deadline.started",
        examiner,
        "2026-05-06",
    )


def test_a_deadline_starting_at_a_moment_counts_from_the_offices_local_date(subject, office):
    moment = dt.datetime(2026, 3, 2, 20, 0, tzinfo=dt.UTC)  # 03:00 WIB on 3 March
    deadline = deadline_start(
        subject=subject, rule="klarifikasi-pertama", office=office, start=moment
    )
    assert deadline.start_date == D(2026, 3, 3)
    assert deadline.due_date == D(2026, 3, 17)


def test_an_unknown_rule_is_refused(subject, office):
    with pytest.raises(DeadlineError, match="no active deadline rule tidak-ada"):
        deadline_start(subject=subject, rule="tidak-ada", office=office)


def test_changing_a_rule_does_not_move_a_running_clock(subject, office):
    deadline = deadline_start(
        subject=subject, rule="klarifikasi-pertama", office=office, start=D(2026, 6, 1)
    )
    DeadlineRule.objects.filter(code="klarifikasi-pertama").update(days=30)
    deadline.refresh_from_db()
    assert (deadline.days, deadline.due_date) == (14, D(2026, 6, 15))


def test_adding_a_closure_recomputes_open_working_day_deadlines(
    subject, office, administrator, django_capture_on_commit_callbacks
):
    running = deadline_start(
        subject=subject, rule="sp4n-pengaduan", office=office, start=D(2026, 11, 2)
    )
    finished = deadline_start(
        subject=subject, rule="sp4n-pengaduan", office=office, start=D(2026, 11, 2)
    )
    Deadline.objects.filter(pk=finished.pk).update(state=Deadline.State.MET)
    assert running.due_date == D(2026, 11, 20)
    with django_capture_on_commit_callbacks(execute=True):
        closure_add(
            actor=administrator,
            office=office,
            start_date=D(2026, 11, 9),
            end_date=D(2026, 11, 10),
            kind="penutupan_kantor",
            reason="Renovasi kantor",
        )
    running.refresh_from_db()
    finished.refresh_from_db()
    assert running.due_date == D(2026, 11, 24)
    assert any(d["name"] == "Renovasi kantor" for d in running.explanation["skipped"])
    assert finished.due_date == D(2026, 11, 20)
    moved = events_for(running).get(action="deadline.recomputed")
    assert (moved.old, moved.new) == ({"due": "2026-11-20"}, {"due": "2026-11-24"})


def test_removing_a_closure_moves_the_due_date_back(
    subject, office, administrator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        closure = closure_add(
            actor=administrator,
            office=office,
            start_date=D(2026, 11, 9),
            kind="penutupan_kantor",
            reason="Renovasi kantor",
        )
    deadline = deadline_start(
        subject=subject, rule="sp4n-verifikasi", office=office, start=D(2026, 11, 6)
    )
    assert deadline.due_date == D(2026, 11, 12)
    with django_capture_on_commit_callbacks(execute=True):
        closure_remove(actor=administrator, closure=closure, reason="Renovasi ditunda")
    deadline.refresh_from_db()
    assert deadline.due_date == D(2026, 11, 11)
    assert not OfficeClosure.objects.exists()
    removed = AuditEvent.objects.get(action="closure.removed")
    assert (removed.actor, removed.reason, removed.old["reason"]) == (
        administrator,
        "Renovasi ditunda",
        "Renovasi kantor",
    )


def test_a_closure_of_another_office_leaves_this_offices_deadlines_alone(
    subject, office, other_office, administrator, django_capture_on_commit_callbacks
):
    deadline = deadline_start(
        subject=subject, rule="sp4n-verifikasi", office=office, start=D(2026, 11, 6)
    )
    with django_capture_on_commit_callbacks(execute=True):
        closure_add(
            actor=administrator,
            office=other_office,
            start_date=D(2026, 11, 9),
            kind="libur_daerah",
            reason="Hari jadi Sulawesi Selatan",
        )
    deadline.refresh_from_db()
    assert deadline.due_date == D(2026, 11, 11)


@pytest.mark.parametrize(
    ("start", "end", "kind", "reason", "message"),
    [
        (D(2026, 11, 10), D(2026, 11, 9), "libur_daerah", "x", "cannot be before the first day"),
        (D(2026, 11, 10), None, "libur_daerah", "  ", "Say why"),
        (D(2026, 11, 10), None, "liburan", "x", "Unknown kind"),
        (D(2026, 1, 1), D(2027, 6, 1), "libur_daerah", "x", "at most a year"),
    ],
)
def test_a_bad_closure_is_refused_and_nothing_is_written(
    office, administrator, start, end, kind, reason, message
):
    with pytest.raises(ClosureError, match=message):
        closure_add(
            actor=administrator,
            office=office,
            start_date=start,
            end_date=end,
            kind=kind,
            reason=reason,
        )
    assert not OfficeClosure.objects.exists()
    assert not AuditEvent.objects.exists()


def test_removing_a_closure_twice_is_refused(office, administrator):
    closure = closure_add(
        actor=administrator,
        office=office,
        start_date=D(2026, 11, 9),
        kind="libur_daerah",
        reason="x",
    )
    closure_remove(actor=administrator, closure=closure)
    with pytest.raises(ClosureError, match="already removed"):
        closure_remove(actor=administrator, closure=closure)


def test_an_extension_moves_the_due_date_and_explains_itself(subject, office, examiner):
    from aduan.deadlines.services import deadline_extend
    from aduan.deadlines.workdays import explain

    deadline = deadline_start(
        subject=subject, rule="tindak-lanjut-saran-perbaikan", office=office, start=D(2026, 6, 1)
    )
    deadline = deadline_extend(
        deadline=deadline, days=7, reason="Instansi meminta waktu", actor=examiner
    )
    assert (deadline.due_date, deadline.extended_days) == (D(2026, 8, 7), 7)
    assert "Extended by 7 days: Instansi meminta waktu." in explain(deadline.explanation)
    with pytest.raises(DeadlineError, match="why"):
        deadline_extend(deadline=deadline, days=3, reason=" ", actor=examiner)
    with pytest.raises(DeadlineError, match="between 1 and 366"):
        deadline_extend(deadline=deadline, days=0, reason="x", actor=examiner)


def test_a_paused_working_day_clock_resumes_later_by_the_working_days_paused(subject, office):
    from aduan.deadlines.services import deadline_pause, deadline_resume

    deadline = deadline_start(
        subject=subject, rule="sp4n-pengaduan", office=office, start=D(2026, 11, 2)
    )
    assert deadline.due_date == D(2026, 11, 20)
    deadline_pause(deadline=deadline, reason="Menunggu pelapor", on=D(2026, 11, 5))
    with pytest.raises(DeadlineError, match="already paused"):
        deadline_pause(deadline=deadline, reason="x", on=D(2026, 11, 6))
    resumed = deadline_resume(deadline=deadline, on=D(2026, 11, 12))  # 5 working days paused
    assert (resumed.paused_days, resumed.due_date) == (5, D(2026, 11, 27))
    assert resumed.explanation["pauses"][0]["days"] == 5


def test_a_stopped_clock_cannot_be_extended_or_stopped_again(subject, office, examiner):
    from aduan.deadlines.services import deadline_close, deadline_extend

    deadline = deadline_start(subject=subject, rule="rco-penanganan", office=office)
    deadline_close(deadline=deadline, state=Deadline.State.MET)
    with pytest.raises(DeadlineError, match="no longer running"):
        deadline_extend(deadline=deadline, days=3, reason="x", actor=examiner)
    with pytest.raises(DeadlineError, match="no longer running"):
        deadline_close(deadline=deadline, state=Deadline.State.MISSED)


@pytest.mark.parametrize(
    ("today", "colour"),
    [
        (D(2026, 6, 1), "green"),
        (D(2026, 6, 11), "yellow"),
        (D(2026, 6, 15), "yellow"),
        (D(2026, 6, 16), "red"),
    ],
)
def test_a_clock_is_green_then_yellow_in_its_last_quarter_then_red(subject, office, today, colour):
    deadline = deadline_start(
        subject=subject, rule="klarifikasi-pertama", office=office, start=D(2026, 6, 1)
    )
    assert deadline.due_date == D(2026, 6, 15)
    assert deadline.colour(today) == colour
