"""The working-day calendar: Indonesian public holidays and cuti bersama (from the ``holidays``
package), weekends, and the non-working days an administrator adds per office.

``add_working_days`` and ``add_calendar_days`` return a ``DueDate`` that carries its own
explanation: which days were skipped and why. Working days are counted from the day after the
start ("dalam waktu 14 hari kerja sejak ..."); calendar days likewise (start + N).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

import holidays
from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aduan.deadlines.models import Basis, HolidayChange, OfficeClosure

WEEKEND = "weekend"
PUBLIC_HOLIDAY = "public_holiday"
CUTI_BERSAMA = "cuti_bersama"
CLOSURE = "closure"

KIND_LABELS = {
    WEEKEND: gettext_lazy("weekend"),
    PUBLIC_HOLIDAY: gettext_lazy("national holiday"),
    CUTI_BERSAMA: gettext_lazy("cuti bersama"),
    CLOSURE: gettext_lazy("office non-working day"),
}
# Don't walk forever if someone asks for an absurd number of working days.
MAX_DAYS = 3660


@lru_cache(maxsize=64)
def _national_days_off(year: int) -> dict[dt.date, tuple[tuple[str, str], ...]]:
    """Public holidays and cuti bersama of one year: day -> ((kind, name), ...)."""
    result: dict[dt.date, list[tuple[str, str]]] = {}
    for category, kind in (("public", PUBLIC_HOLIDAY), ("government", CUTI_BERSAMA)):
        calendar = holidays.country_holidays(
            "ID", years=year, categories=(category,), language="id"
        )
        for day, names in calendar.items():
            for name in names.split("; "):
                result.setdefault(day, []).append((kind, name))
    return {day: tuple(reasons) for day, reasons in result.items()}


@dataclass(frozen=True)
class DayOff:
    """One reason a day is not a working day."""

    day: dt.date
    kind: str
    name: str

    def as_dict(self) -> dict[str, str]:
        return {"day": self.day.isoformat(), "kind": self.kind, "name": self.name}


@dataclass(frozen=True)
class ClosureSpan:
    start: dt.date
    end: dt.date
    name: str


def installed_holidays(year: int) -> dict[dt.date, tuple[tuple[str, str], ...]]:
    """The national holidays and cuti bersama of the installed holiday data, read afresh."""
    _national_days_off.cache_clear()
    return _national_days_off(year)


def holiday_data_version() -> str:
    return f"holidays {getattr(holidays, '__version__', '?')}"


@dataclass(frozen=True)
class HolidayMoves:
    """The administrator's changes to the holiday data: days cancelled, and days moved (the
    holidays of ``moved_from`` are off on its new day instead)."""

    cancelled: frozenset[dt.date] = frozenset()
    moved_to: tuple[tuple[dt.date, dt.date, str], ...] = ()  # (from, to, reason)

    def national(self, day: dt.date) -> list[tuple[str, str]]:
        if day in self.cancelled or any(src == day for src, _to, _r in self.moved_to):
            reasons: list[tuple[str, str]] = []
        else:
            reasons = list(_national_days_off(day.year).get(day, ()))
        for src, to, reason in self.moved_to:
            if to == day:
                for kind, name in _national_days_off(src.year).get(src, ()):
                    moved = _("%(name)s (moved from %(day)s)") % {
                        "name": name,
                        "day": src.isoformat(),
                    }
                    reasons.append((kind, moved))
                if not _national_days_off(src.year).get(src):
                    reasons.append((CUTI_BERSAMA, reason))
        return reasons


class WorkingCalendar:
    """Which days an office works. Build one with ``calendar_for(office)``."""

    def __init__(
        self,
        closures: list[ClosureSpan] | None = None,
        office_code: str = "",
        moves: HolidayMoves | None = None,
    ) -> None:
        self.closures = list(closures or [])
        self.office_code = office_code
        self.moves = moves or HolidayMoves()

    def days_off(self, day: dt.date) -> list[DayOff]:
        """Every reason ``day`` is not a working day (empty for a working day)."""
        reasons: list[DayOff] = []
        if day.weekday() >= 5:
            reasons.append(DayOff(day, WEEKEND, ""))
        for kind, name in self.moves.national(day):
            reasons.append(DayOff(day, kind, name))
        for span in self.closures:
            if span.start <= day <= span.end:
                reasons.append(DayOff(day, CLOSURE, span.name))
        return reasons

    def is_working_day(self, day: dt.date) -> bool:
        return not self.days_off(day)

    def add_working_days(self, start: dt.date, days: int) -> DueDate:
        _check_days(days)
        day, counted, skipped = start, 0, []
        while counted < days:
            day += dt.timedelta(days=1)
            reasons = self.days_off(day)
            if reasons:
                skipped.extend(reasons)
            else:
                counted += 1
        return DueDate(start, days, Basis.WORKING, day, tuple(skipped), (), self.office_code)

    def add_calendar_days(self, start: dt.date, days: int) -> DueDate:
        _check_days(days)
        due = start + dt.timedelta(days=days)
        return DueDate(
            start, days, Basis.CALENDAR, due, (), tuple(self.days_off(due)), self.office_code
        )

    def add(self, start: dt.date, days: int, basis: str) -> DueDate:
        if basis == Basis.WORKING:
            return self.add_working_days(start, days)
        if basis == Basis.CALENDAR:
            return self.add_calendar_days(start, days)
        raise ValueError(f"Unknown basis {basis!r}: use 'working' or 'calendar'.")


def _check_days(days: int) -> None:
    if not isinstance(days, int) or days < 0:
        raise ValueError("The number of days must be a whole number, zero or more.")
    if days > MAX_DAYS:
        raise ValueError(f"The number of days must be at most {MAX_DAYS}.")


@dataclass(frozen=True)
class DueDate:
    """A computed due date and how it was computed."""

    start: dt.date
    days: int
    basis: str
    due: dt.date
    skipped: tuple[DayOff, ...] = ()
    due_is_day_off: tuple[DayOff, ...] = ()
    office_code: str = ""
    notes: tuple[str, ...] = field(default=())

    def as_dict(self) -> dict[str, Any]:
        """A JSON form, stored on a Deadline row."""
        return {
            "start": self.start.isoformat(),
            "days": self.days,
            "basis": str(self.basis),
            "due": self.due.isoformat(),
            "office": self.office_code,
            "skipped": [d.as_dict() for d in self.skipped],
            "due_is_day_off": [d.as_dict() for d in self.due_is_day_off],
        }

    def explain(self) -> list[str]:
        """The explanation in the active language, one line per fact."""
        return explain(self.as_dict())


def _day(value: str) -> str:
    return formats.date_format(dt.date.fromisoformat(value), "l, j F Y")


def _receipt_words(item: dict[str, Any]) -> dict[str, str]:
    from aduan.deadlines.deliveries import document_label
    from aduan.deadlines.models import Delivery

    def label(choices: Any, value: str) -> str:
        return str(dict(choices).get(value, value or ""))

    return {
        "document": document_label(item.get("document", "")),
        "addressee": label(Delivery.Addressee.choices, item.get("addressee", "")),
        "method": label(Delivery.Method.choices, item.get("method", "")),
        "basis": label(Delivery.ReceiptBasis.choices, item.get("basis", "")),
        "sent": _day(item["sent_at"]) if item.get("sent_at") else "",
        "received": _day(item["received_on"]) if item.get("received_on") else "",
        "presumed": _day(item["presumed_on"]) if item.get("presumed_on") else "",
    }


def explain_receipt(data: dict[str, Any]) -> list[str]:
    """Which receipt the clock waits for, or which receipt started it."""
    if data.get("waiting_for"):
        words = _receipt_words(data["waiting_for"])
        lines = [
            _(
                "Waiting for receipt: the clock starts when the %(addressee)s receives the "
                "%(document)s sent on %(sent)s (%(method)s)."
            )
            % words
        ]
        if words["presumed"]:
            lines.append(
                _("If no receipt is known by then, it is presumed received on %(presumed)s.")
                % words
            )
        else:
            lines.append(_("The office presumes no receipt: it waits for a real one."))
        return lines
    if data.get("started_by"):
        words = _receipt_words(data["started_by"])
        return [
            _(
                "Started by the receipt of the %(document)s by the %(addressee)s on "
                "%(received)s (%(basis)s; sent on %(sent)s, %(method)s)."
            )
            % words
        ]
    return []


def explain(data: dict[str, Any]) -> list[str]:
    """Turn a stored explanation (``DueDate.as_dict()``) into sentences for people."""
    if "due" not in data:
        return explain_receipt(data)
    lines: list[str] = explain_receipt(data)
    params = {"days": data["days"], "start": _day(data["start"]), "due": _day(data["due"])}
    if data["basis"] == Basis.WORKING:
        lines.append(
            _("%(days)s working days counted from the day after %(start)s: due %(due)s.") % params
        )
        weekend_days = [d for d in data["skipped"] if d["kind"] == WEEKEND]
        other = [d for d in data["skipped"] if d["kind"] != WEEKEND]
        if weekend_days:
            lines.append(
                _("Skipped %(count)s weekend days.")
                % {"count": len({d["day"] for d in weekend_days})}
            )
        for item in other:
            lines.append(
                _("Skipped %(day)s: %(name)s (%(kind)s).")
                % {
                    "day": _day(item["day"]),
                    "name": item["name"],
                    "kind": KIND_LABELS[item["kind"]],
                }
            )
        if not data["skipped"]:
            lines.append(_("No weekend, holiday or non-working day fell in the period."))
    else:
        lines.append(_("%(days)s calendar days counted from %(start)s: due %(due)s.") % params)
        if data["due_is_day_off"]:
            names = ", ".join(
                d["name"] or str(KIND_LABELS[d["kind"]]) for d in data["due_is_day_off"]
            )
            lines.append(
                _(
                    "The due date is not a working day (%(names)s); the law counts calendar days, "
                    "so it is not moved."
                )
                % {"names": names}
            )
    for item in data.get("extensions", []):
        lines.append(
            _("Extended by %(days)s days: %(reason)s.")
            % {"days": item["days"], "reason": item["reason"]}
        )
    for item in data.get("pauses", []):
        lines.append(
            _("Paused from %(start)s to %(end)s (%(days)s days): %(reason)s.")
            % {
                "start": _day(item["start"]),
                "end": _day(item["end"]),
                "days": item["days"],
                "reason": item["reason"],
            }
        )
    return lines


def calendar_for(office: Any = None, *, from_date: dt.date | None = None) -> WorkingCalendar:
    """The calendar of ``office`` (its own closures and the ones for every office).

    Without an office: national holidays, cuti bersama and all-office closures only.
    """
    closures = OfficeClosure.objects.filter(office__isnull=True)
    if office is not None:
        closures = OfficeClosure.objects.filter(Q(office__isnull=True) | Q(office=office))
    if from_date is not None:
        closures = closures.filter(end_date__gte=from_date)
    spans = [
        ClosureSpan(c.start_date, c.end_date, c.reason)
        for c in closures.only("start_date", "end_date", "reason")
    ]
    return WorkingCalendar(
        spans, office_code=getattr(office, "code", "") or "", moves=holiday_moves()
    )


def holiday_moves() -> HolidayMoves:
    """The cancelled and moved national holidays (``HolidayChange`` rows)."""
    cancelled, moved = set(), []
    for change in HolidayChange.objects.all().only("date", "kind", "new_date", "reason"):
        if change.kind == HolidayChange.Kind.SHIFT:
            moved.append((change.date, change.new_date, change.reason))
        else:
            cancelled.add(change.date)
    return HolidayMoves(frozenset(cancelled), tuple(moved))


def local_date(moment: dt.datetime | dt.date, office: Any = None) -> dt.date:
    """The date of ``moment`` in the office's time zone (WIB when no office is given)."""
    if isinstance(moment, dt.datetime):
        zone = ZoneInfo(getattr(office, "time_zone", None) or "Asia/Jakarta")
        if moment.tzinfo is None:
            raise ValueError("A datetime must carry its time zone.")
        return moment.astimezone(zone).date()
    return moment


def add_working_days(start: dt.datetime | dt.date, days: int, *, office: Any = None) -> DueDate:
    """``days`` working days after ``start`` for ``office``."""
    day = local_date(start, office)
    return calendar_for(office, from_date=day).add_working_days(day, days)


def add_calendar_days(start: dt.datetime | dt.date, days: int, *, office: Any = None) -> DueDate:
    """``days`` calendar days after ``start`` (the explanation notes a due date on a day off)."""
    day = local_date(start, office)
    return calendar_for(office, from_date=day).add_calendar_days(day, days)
