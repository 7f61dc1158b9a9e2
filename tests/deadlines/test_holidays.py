"""Holidays that change (issue 14 §7): an administrator cancels or moves a national holiday or
cuti bersama, adds or moves an office's non-working day, or the holiday data is upgraded; the
open clocks move at once, and every due date that moves is on its case's timeline."""

from __future__ import annotations

import datetime as dt

import pytest

from aduan.cases.selectors import timeline
from aduan.deadlines.models import Deadline, HolidayChange, HolidayData
from aduan.deadlines.services import (
    HolidayError,
    closure_add,
    closure_shift,
    deadline_start,
    holiday_cancel,
    holiday_change_undo,
    holiday_data_sync,
    holiday_shift,
)

D = dt.date
CHRISTMAS_EVE = D(2026, 12, 24)  # Cuti Bersama Hari Raya Natal (Thursday)
MID_DECEMBER = D(2026, 12, 14)
pytestmark = pytest.mark.django_db


@pytest.fixture
def case(receive):
    case = receive()
    for clock in Deadline.objects.filter(case=case, state=Deadline.State.OPEN):
        clock.delete()
    return case


def working_clock(case, start=MID_DECEMBER):
    """14 working days (SP4N follow-up) counted through the Christmas cuti bersama."""
    return deadline_start(
        subject=case, rule="sp4n-pengaduan", office=case.office, start=start, case=case
    )


def moves(case):
    return [row for row in timeline(case) if row["action"] == "case.due_date_moved"]


def test_cancelling_a_cuti_bersama_moves_a_working_day_clock_earlier_at_once(
    case, administrator, examiner, client
):
    clock = working_clock(case)
    assert clock.due_date == D(2027, 1, 7)
    holiday_cancel(
        actor=administrator, day=CHRISTMAS_EVE, reason="SKB 3 Menteri: cuti bersama dibatalkan"
    )
    clock.refresh_from_db()
    assert clock.due_date == D(2027, 1, 6)  # no worker pass: the same transaction
    assert not any(d["day"] == "2026-12-24" for d in clock.explanation["skipped"])
    case.refresh_from_db()
    assert case.next_due == D(2027, 1, 6)
    (moved,) = moves(case)
    assert moved["old"]["due"] == "2027-01-07" and moved["new"]["due"] == "2027-01-06"
    assert "due 2027-01-07, now 2027-01-06" in moved["reason"]
    assert "Cuti Bersama Hari Raya Natal" in moved["reason"]
    assert "SKB 3 Menteri: cuti bersama dibatalkan" in moved["reason"]
    client.force_login(examiner)
    page = client.get(f"/kantor/laporan/{case.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Due date moved" in page and "SKB 3 Menteri: cuti bersama dibatalkan" in page


def test_a_calendar_day_clock_does_not_move_and_writes_nothing(case, administrator):
    clock = deadline_start(
        subject=case,
        rule="klarifikasi-pertama",
        office=case.office,
        start=D(2026, 12, 14),
        case=case,
    )
    holiday_cancel(actor=administrator, day=CHRISTMAS_EVE, reason="Dibatalkan")
    clock.refresh_from_db()
    assert clock.due_date == D(2026, 12, 28)
    assert moves(case) == []


def test_moving_a_cuti_bersama_to_a_later_day_moves_the_clock_with_it(case, administrator):
    clock = working_clock(case, start=D(2026, 12, 1))  # 14 HK: due 21 Dec, before either day
    late = working_clock(case)
    holiday_shift(
        actor=administrator,
        day=CHRISTMAS_EVE,
        new_day=D(2026, 12, 31),
        reason="Cuti bersama digeser ke 31 Desember",
    )
    clock.refresh_from_db()
    late.refresh_from_db()
    assert clock.due_date == D(2026, 12, 21)
    assert late.due_date == D(2027, 1, 7)  # one day off either way: the count is the same
    assert any(
        d["day"] == "2026-12-31" and "moved from 2026-12-24" in d["name"]
        for d in late.explanation["skipped"]
    )
    assert not any(d["day"] == "2026-12-24" for d in late.explanation["skipped"])
    early = working_clock(case, start=D(2026, 12, 4))  # due 24 Dec now that it is a working day
    assert early.due_date == D(2026, 12, 24)


def test_moving_a_cuti_bersama_past_the_due_date_moves_it_earlier(case, administrator):
    clock = working_clock(case)
    holiday_shift(actor=administrator, day=CHRISTMAS_EVE, new_day=D(2027, 2, 1), reason="Digeser")
    clock.refresh_from_db()
    assert clock.due_date == D(2027, 1, 6)
    assert len(moves(case)) == 1


def test_adding_an_office_non_working_day_moves_the_clock_and_the_timeline_says_why(
    case, administrator
):
    clock = working_clock(case)
    closure_add(
        actor=administrator,
        office=case.office,
        start_date=D(2026, 12, 29),
        kind="libur_daerah",
        reason="Hari jadi provinsi",
    )
    clock.refresh_from_db()
    assert clock.due_date == D(2027, 1, 8)
    (moved,) = moves(case)
    assert "Hari jadi provinsi" in moved["reason"] and "now 2027-01-08" in moved["reason"]


def test_moving_an_office_non_working_day_recomputes_both_days(case, administrator):
    closure = closure_add(
        actor=administrator,
        office=case.office,
        start_date=D(2026, 12, 29),
        kind="libur_daerah",
        reason="Hari jadi provinsi",
    )
    clock = working_clock(case)
    assert clock.due_date == D(2027, 1, 8)
    closure_shift(
        actor=administrator,
        closure=closure,
        start_date=D(2027, 2, 1),
        reason="Perayaan dipindah",
    )
    clock.refresh_from_db()
    assert clock.due_date == D(2027, 1, 7)
    assert "Perayaan dipindah" in moves(case)[-1]["reason"]


def test_withdrawing_a_cancellation_puts_the_holiday_back(case, administrator):
    clock = working_clock(case)
    change = holiday_cancel(actor=administrator, day=CHRISTMAS_EVE, reason="Dibatalkan")
    holiday_change_undo(actor=administrator, change=change, reason="Keliru")
    clock.refresh_from_db()
    assert clock.due_date == D(2027, 1, 7)
    assert not HolidayChange.objects.exists()
    assert len(moves(case)) == 2


@pytest.mark.parametrize(
    ("day", "reason", "message"),
    [
        (D(2026, 12, 22), "x", "not a national holiday or cuti bersama"),
        (CHRISTMAS_EVE, "  ", "Say why the holiday changes"),
    ],
)
def test_a_change_that_is_not_a_holiday_or_has_no_reason_is_refused(
    administrator, day, reason, message
):
    with pytest.raises(HolidayError, match=message):
        holiday_cancel(actor=administrator, day=day, reason=reason)
    assert not HolidayChange.objects.exists()


def test_a_holiday_is_changed_once_and_not_moved_onto_itself(administrator):
    with pytest.raises(HolidayError, match="same day"):
        holiday_shift(actor=administrator, day=CHRISTMAS_EVE, new_day=CHRISTMAS_EVE, reason="x")
    holiday_cancel(actor=administrator, day=CHRISTMAS_EVE, reason="Dibatalkan")
    with pytest.raises(HolidayError, match="already changed"):
        holiday_shift(actor=administrator, day=CHRISTMAS_EVE, new_day=D(2026, 12, 31), reason="x")


def test_upgraded_holiday_data_recomputes_the_clocks_of_the_days_that_changed(case):
    assert holiday_data_sync(years=[2026]) == {}  # first load: stored only
    clock = working_clock(case)
    # The data loaded before the upgrade did not have the Christmas cuti bersama yet.
    stored = HolidayData.objects.get(year=2026)
    del stored.days["2026-12-24"]
    stored.source = "holidays 0.1"
    stored.save()
    Deadline.objects.filter(pk=clock.pk).update(due_date=D(2027, 1, 6))
    changed = holiday_data_sync(years=[2026])
    assert changed == {2026: ["2026-12-24"]}
    clock.refresh_from_db()
    assert clock.due_date == D(2027, 1, 7)
    (moved,) = moves(case)
    assert "The holiday data changed (holidays 0.1 →" in moved["reason"]
    assert "2026-12-24" in HolidayData.objects.get(year=2026).days
    assert holiday_data_sync(years=[2026]) == {}


def test_an_administrator_cancels_a_cuti_bersama_in_the_admin_and_the_clock_moves(
    case, administrator, client
):
    clock = working_clock(case)
    administrator.is_superuser = True
    administrator.save()
    client.force_login(administrator)
    response = client.post(
        "/admin/deadlines/holidaychange/add/",
        {"date": "2026-12-24", "kind": "batal", "new_date": "", "reason": "SKB dibatalkan"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    clock.refresh_from_db()
    assert clock.due_date == D(2027, 1, 6)
    refused = client.post(
        "/admin/deadlines/holidaychange/add/",
        {"date": "2026-12-22", "kind": "batal", "new_date": "", "reason": "x"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "is not a national holiday or cuti bersama" in refused.content.decode()


def test_the_holidays_command_loads_the_data_and_says_what_changed(case):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("holidays", "sync", "2026", stdout=out)
    assert "No day changed since the last load." in out.getvalue()
    stored = HolidayData.objects.get(year=2026)
    del stored.days["2026-12-24"]
    stored.save()
    out = StringIO()
    call_command("holidays", "sync", "2026", stdout=out)
    assert "2026: changed 2026-12-24; open clocks recomputed." in out.getvalue()
