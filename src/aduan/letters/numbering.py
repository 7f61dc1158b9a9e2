"""Letter numbers: an office's own format, filled with a gapless number per office and year."""

from __future__ import annotations

import datetime as dt
import string
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from aduan.cases.references import ROMAN

DEFAULT_NUMBER_FORMAT = "{seq:04d}/{kind_code}/{office}/{month_roman}/{year}"
FIELDS = {"seq", "kind_code", "office", "month_roman", "month", "year", "case"}


def format_number(
    fmt: str, *, seq: int, kind_code: str, day: dt.date, office: Any, case_reference: str = ""
) -> str:
    """Fill ``fmt``; ValueError for a format that names an unknown field or cannot be filled."""
    try:
        names = {name for _text, name, _spec, _conv in string.Formatter().parse(fmt) if name}
    except ValueError as exc:
        raise ValueError(str(exc)) from exc
    unknown = names - FIELDS
    if unknown:
        raise ValueError("unknown field " + ", ".join("{" + n + "}" for n in sorted(unknown)))
    try:
        return fmt.format(
            seq=seq,
            kind_code=kind_code,
            office=(office.letter_code or office.code).upper(),
            month_roman=ROMAN[day.month - 1],
            month=day.month,
            year=day.year,
            case=case_reference,
        )
    except (KeyError, IndexError, ValueError, AttributeError) as exc:
        raise ValueError(str(exc)) from exc


def validate_number_format(fmt: str) -> None:
    """Field validator: the format fills with sample values and contains {seq}."""

    class _Office:
        letter_code, code = "XXX", "xxx"

    if "{seq" not in fmt:
        raise ValidationError(_("The letter number format must contain {seq}."))
    try:
        format_number(
            fmt,
            seq=1,
            kind_code="KLR",
            day=dt.date(2026, 1, 1),
            office=_Office(),
            case_reference="1",
        )
    except ValueError as exc:
        raise ValidationError(
            _("The letter number format cannot be used: %(error)s") % {"error": exc}
        ) from exc
