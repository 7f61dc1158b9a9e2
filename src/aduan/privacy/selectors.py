"""Reads of the personal-data pages, limited to the offices the user handles."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import Replace
from django.utils import timezone

from aduan.cases.models import Reporter
from aduan.deadlines.models import Deadline
from aduan.deadlines.workdays import explain, local_date
from aduan.privacy.models import Breach, DataRequest
from aduan.privacy.permissions import offices_handled


def requests_for(user: Any) -> QuerySet[DataRequest]:
    return DataRequest.objects.filter(office__in=offices_handled(user)).select_related("office")


def breaches_for(user: Any) -> QuerySet[Breach]:
    return Breach.objects.filter(office__in=offices_handled(user)).select_related("office")


def clocks(subject: Any, today: dt.date | None = None) -> list[dict[str, Any]]:
    """The subject's clocks with colour, legal source and explanation (running first)."""
    rows = []
    for deadline in Deadline.objects.for_subject(subject).select_related("rule", "office"):
        day = today or local_date(timezone.now(), deadline.office)
        rows.append(
            {
                "rule": deadline.rule.code,
                "name": deadline.rule.name,
                "legal_source": deadline.legal_source,
                "due": deadline.due_date,
                "state": deadline.state,
                "state_label": deadline.get_state_display(),
                "colour": deadline.colour(day),
                "explanation": explain(deadline.explanation) if deadline.explanation else [],
            }
        )
    rows.sort(key=lambda r: (r["state"] != "open", r["due"]))
    return rows


def with_colours(items: list[Any]) -> list[Any]:
    """Attach ``colour`` (the worst of each item's clocks; grey when none runs) and ``due``."""
    order = {"red": 0, "yellow": 1, "green": 2, "grey": 3}
    for item in items:
        rows = clocks(item)
        running = [r for r in rows if r["state"] == "open"]
        item.colour = (
            min((r["colour"] for r in running), key=order.__getitem__) if running else "grey"
        )
        item.due = running[0]["due"] if running else None
    return items


def _digits(field: str) -> Any:
    expression: Any = F(field)
    for separator in (" ", "-", ".", "(", ")"):
        expression = Replace(expression, Value(separator), Value(""))
    return expression


def _phone_tail(text: str) -> str:
    digits = re.sub(r"\D", "", text)
    return digits[-8:] if len(digits) >= 8 else ""


def find_reporters(office: Any, query: str, limit: int = 50) -> list[Reporter]:
    """Reporter records of the office's cases matching a name, phone, e-mail or NIK (not
    anonymised ones)."""
    query = (query or "").strip()
    if len(query) < 3:
        return []
    match = Q(name__icontains=query) | Q(email__iexact=query)
    tail = _phone_tail(query)
    if tail:  # digits compared without the spaces, dashes and dots they were typed with
        match |= Q(phone_digits__contains=tail) | Q(nik_digits__contains=tail)
    return list(
        Reporter.objects.filter(case__office=office, anonymised_at__isnull=True)
        .annotate(phone_digits=_digits("phone"), nik_digits=_digits("id_number"))
        .filter(match)
        .select_related("case")
        .order_by("name", "case__received_at")[:limit]
    )
