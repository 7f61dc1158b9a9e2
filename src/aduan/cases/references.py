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
    so numbers have no gaps and no duplicates. Take it as late as the transaction allows (the
    row is locked from here to the commit): one ``UPDATE ... RETURNING``, after the year's row
    is made the first time."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise RuntimeError("a gapless number must be taken inside the transaction that uses it")
    office_id = getattr(office, "pk", office)
    if connection.features.can_return_columns_from_insert:  # RETURNING (PostgreSQL, SQLite)
        quote = connection.ops.quote_name
        meta = counter._meta
        last, office_col, year_col = (
            quote(meta.get_field(name).column) for name in ("last", "office", "year")
        )
        sql = (
            f"UPDATE {quote(meta.db_table)} SET {last} = {last} + 1 "  # noqa: S608 - quoted names
            f"WHERE {office_col} = %s AND {year_col} = %s RETURNING {last}"
        )
        for _attempt in range(2):
            with connection.cursor() as cursor:
                cursor.execute(sql, [office_id, year])
                row = cursor.fetchone()
            if row is not None:
                return row[0]
            counter.objects.bulk_create(
                [counter(office_id=office_id, year=year, last=0)], ignore_conflicts=True
            )
    counter.objects.bulk_create(
        [counter(office_id=office_id, year=year, last=0)], ignore_conflicts=True
    )
    locked = counter.objects.select_for_update().get(office_id=office_id, year=year)
    locked.last += 1
    locked.save(update_fields=["last"])
    return locked.last


def next_id(model: type[Model]) -> int | None:
    """On PostgreSQL, the next id of ``model``'s table, taken from its sequence now, so that its
    dependent rows can be written before it (foreign keys are checked at commit) and a gapless
    number taken just before it (``take_next``); None elsewhere (SQLite locks the whole database
    for the transaction anyway, so there the number is taken first)."""
    connection = transaction.get_connection()
    if connection.vendor != "postgresql":
        return None
    meta = model._meta
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s))", [meta.db_table, meta.pk.column]
        )
        return cursor.fetchone()[0]


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
