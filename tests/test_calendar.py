"""The working-day calendar: holidays, cuti bersama, office closures, and explanations."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from aduan.deadlines.workdays import (
    WorkingCalendar,
    add_calendar_days,
    add_working_days,
    local_date,
)

D = dt.date


def test_14_working_days_before_idul_fitri_2026_skip_the_holiday_and_cuti_bersama():
    due = WorkingCalendar().add_working_days(D(2026, 3, 16), 14)
    assert due.due == D(2026, 4, 13)
    skipped = {(d.day, d.kind) for d in due.skipped}
    assert (D(2026, 3, 21), "public_holiday") in skipped  # Idul Fitri 1447 H
    assert (D(2026, 3, 20), "cuti_bersama") in skipped
    assert (D(2026, 3, 23), "cuti_bersama") in skipped
    assert (D(2026, 3, 24), "cuti_bersama") in skipped
    assert (D(2026, 4, 3), "public_holiday") in skipped  # Wafat Yesus Kristus


def test_the_explanation_names_each_skipped_holiday():
    with translation.override("en"):
        lines = WorkingCalendar().add_working_days(D(2026, 3, 16), 14).explain()
    assert lines[0].startswith("14 working days counted from the day after")
    assert "Skipped 8 weekend days." in lines
    assert any("Hari Raya Idul Fitri (national holiday)" in line for line in lines)
    assert any("Cuti Bersama Hari Raya Idul Fitri (cuti bersama)" in line for line in lines)


def test_the_explanation_is_in_bahasa_indonesia_by_default():
    with translation.override("id"):
        lines = WorkingCalendar().add_working_days(D(2026, 3, 16), 14).explain()
    assert "hari kerja" in lines[0]
    assert "13 April 2026" in lines[0]


def test_a_friday_plus_one_working_day_is_the_monday():
    assert WorkingCalendar().add_working_days(D(2026, 11, 20), 1).due == D(2026, 11, 23)


def test_zero_working_days_is_the_start_day():
    assert WorkingCalendar().add_working_days(D(2026, 11, 20), 0).due == D(2026, 11, 20)


def test_calendar_days_are_not_moved_off_a_holiday_but_the_explanation_says_so():
    due = WorkingCalendar().add_calendar_days(D(2026, 3, 7), 14)
    assert due.due == D(2026, 3, 21)
    with translation.override("en"):
        lines = due.explain()
    assert "is not a working day (weekend, Hari Raya Idul Fitri)" in lines[1]


@pytest.mark.parametrize("days", [-1, 10_000])
def test_an_impossible_number_of_days_is_refused(days):
    with pytest.raises(ValueError, match="number of days"):
        WorkingCalendar().add_working_days(D(2026, 1, 1), days)


def test_a_moment_is_dated_in_the_offices_zone():
    late_evening_utc = dt.datetime(2026, 3, 16, 18, 30, tzinfo=dt.UTC)
    assert local_date(late_evening_utc) == D(2026, 3, 17)  # 01:30 WIB
    jayapura = type("O", (), {"time_zone": "Asia/Jayapura"})()
    assert local_date(dt.datetime(2026, 3, 16, 14, 30, tzinfo=dt.UTC), jayapura) == D(2026, 3, 16)
    assert local_date(dt.datetime(2026, 3, 16, 15, 30, tzinfo=dt.UTC), jayapura) == D(2026, 3, 17)
    with pytest.raises(ValueError, match="time zone"):
        local_date(dt.datetime(2026, 3, 16, 15, 30))


@pytest.mark.django_db
def test_an_office_closure_moves_the_due_date_of_that_office_only(
    office, other_office, administrator
):
    from aduan.deadlines.services import closure_add

    before = add_working_days(D(2026, 11, 2), 5, office=office).due
    closure_add(
        actor=administrator,
        office=office,
        start_date=D(2026, 11, 4),
        kind="libur_daerah",
        reason="Hari jadi Provinsi Kepulauan Bangka Belitung",
    )
    after = add_working_days(D(2026, 11, 2), 5, office=office)
    assert (before, after.due) == (D(2026, 11, 9), D(2026, 11, 10))
    assert any(d.kind == "closure" and "Hari jadi" in d.name for d in after.skipped)
    assert add_working_days(D(2026, 11, 2), 5, office=other_office).due == D(2026, 11, 9)


@pytest.mark.django_db
def test_a_closure_for_every_office_applies_everywhere(office, other_office, administrator):
    from aduan.deadlines.services import closure_add

    closure_add(
        actor=administrator,
        office=None,
        start_date=D(2026, 11, 4),
        end_date=D(2026, 11, 5),
        kind="libur_nasional_tambahan",
        reason="Pemungutan suara",
    )
    for each in (office, other_office, None):
        assert add_working_days(D(2026, 11, 2), 5, office=each).due == D(2026, 11, 11)
    assert add_calendar_days(D(2026, 11, 2), 2, office=office).due_is_day_off[0].kind == "closure"


@pytest.mark.django_db
def test_the_deadline_command_prints_the_iso_date_first_then_the_reasons():
    out = StringIO()
    with translation.override("en"):
        call_command("deadline", "2026-03-16", "14", "--working", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "2026-04-13"
    assert any("Idul Fitri" in line for line in lines[1:])


@pytest.mark.django_db
def test_the_deadline_command_counts_calendar_days_by_default():
    out = StringIO()
    call_command("deadline", "2026-03-16", "14", stdout=out)
    assert out.getvalue().splitlines()[0] == "2026-03-30"


@pytest.mark.django_db
def test_the_deadline_command_explains_a_bad_date_and_an_unknown_office(office):
    with pytest.raises(CommandError, match="write it as YYYY-MM-DD"):
        call_command("deadline", "16-03-2026", "14", stdout=StringIO())
    with pytest.raises(CommandError, match=r"No office with code 'xx' \(known: babel, pusat\)"):
        call_command("deadline", "2026-03-16", "14", "--office", "xx", stdout=StringIO())
    with pytest.raises(CommandError, match="zero or more"):
        call_command("deadline", "2026-03-16", "-3", stdout=StringIO())
