"""Human case references: gapless and unique per office and year, in the office's format."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from aduan.cases.errors import IntakeError
from aduan.cases.models import ReferenceCounter

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


def format_reference(fmt: str, *, seq: int, type_code: str, day: dt.date, office: Any) -> str:
    """Fill the office's reference format; raises ValueError for an unusable format."""
    try:
        return fmt.format(
            seq=seq,
            type=type_code.upper(),
            month_roman=ROMAN[day.month - 1],
            month=day.month,
            year=day.year,
            office=(office.letter_code or office.code).upper(),
        )
    except (KeyError, IndexError, ValueError) as exc:
        raise ValueError(f"The reference format {fmt!r} cannot be filled: {exc}") from exc


def take_next(counter: type[Model], office: Any, year: int) -> int:
    """Take the next number of ``office`` in ``year`` from a counter table (a model with office,
    year and last, unique per office and year). Call inside the transaction that uses the
    number: the counter row stays locked until it commits, and a rollback returns the number,
    so numbers have no gaps and no duplicates."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("a gapless number must be taken inside the transaction that uses it")
    counter.objects.bulk_create([counter(office=office, year=year, last=0)], ignore_conflicts=True)
    row = counter.objects.select_for_update().get(office=office, year=year)
    row.last += 1
    row.save(update_fields=["last"])
    return row.last


def next_sequence(office: Any, year: int) -> int:
    """The next case number of ``office`` in ``year`` (see ``take_next``)."""
    return take_next(ReferenceCounter, office, year)


def validate_format(fmt: str) -> None:
    class _Office:
        letter_code, code = "XXX", "xxx"

    try:
        format_reference(fmt, seq=1, type_code="LM", day=dt.date(2026, 1, 1), office=_Office())
    except ValueError as exc:
        raise IntakeError(
            _("The reference format cannot be used: %(error)s") % {"error": exc}
        ) from exc
    if "{seq" not in fmt:
        raise IntakeError(_("The reference format must contain {seq}."))
