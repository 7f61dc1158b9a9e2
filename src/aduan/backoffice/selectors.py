"""Reads behind the back-office screens. Everything starts from ``cases_for(user)``, so a
screen can show nothing outside the user's office."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Min, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from aduan.cases.models import Case
from aduan.cases.selectors import cases_for
from aduan.cases.states import OPEN_STATES, State
from aduan.deadlines.models import Deadline
from aduan.deadlines.workdays import local_date

SORTS = {
    "received": "-received_at",
    "received_asc": "received_at",
    "due": "next_due",
    "reference": "reference",
    "state": "state",
}
FILTER_FIELDS = ("state", "intake_type", "channel", "substance", "agency", "assignee", "unit")


def is_id(value: str) -> bool:
    """A database id written in ASCII digits (not '²' or a 30-digit number)."""
    return value.isascii() and value.isdigit() and len(value) < 19


def today_for(user: Any) -> dt.date:
    return local_date(timezone.now(), getattr(user, "office", None))


def with_next_due(queryset: QuerySet[Case]) -> QuerySet[Case]:
    """Annotate each case with the due date of its next running clock."""
    next_due = (
        Deadline.objects.filter(case=OuterRef("pk"), state=Deadline.State.OPEN)
        .order_by("due_date")
        .values("due_date")[:1]
    )
    return queryset.annotate(next_due=Subquery(next_due))


def my_cases(user: Any) -> QuerySet[Case]:
    """The cases the user holds, the next clock to run out first."""
    return (
        with_next_due(cases_for(user).filter(assignee=user, state__in=OPEN_STATES))
        .select_related("intake_type", "agency")
        .order_by("next_due", "received_at")
    )


def unit_queue(user: Any) -> QuerySet[Case]:
    """Open cases in the user's unit that nobody holds yet, oldest first."""
    if not getattr(user, "unit_id", None):
        return Case.objects.none()
    return (
        with_next_due(
            cases_for(user).filter(unit=user.unit, assignee__isnull=True, state__in=OPEN_STATES)
        )
        .select_related("intake_type", "agency")
        .order_by("received_at")
    )


def office_overview(user: Any) -> dict[str, Any]:
    """The head of office's view: counts per state, overdue clocks per unit and per assistant,
    and the cases waiting for their decision."""
    today = today_for(user)
    cases = cases_for(user)
    per_state = dict(
        cases.filter(state__in=OPEN_STATES).values_list("state").annotate(n=Count("id"))
    )
    overdue = Deadline.objects.filter(
        case__in=cases, state=Deadline.State.OPEN, due_date__lt=today, paused_since__isnull=True
    )
    return {
        "per_state": [(State(s).label, per_state.get(s, 0)) for s in State if s in OPEN_STATES],
        "open_total": sum(per_state.values()),
        "overdue_per_unit": list(
            overdue.values("case__unit__name")
            .annotate(n=Count("case", distinct=True))
            .order_by("-n")
        ),
        "overdue_per_assignee": list(
            overdue.exclude(case__assignee=None)
            .values(
                "case__assignee__username",
                "case__assignee__first_name",
                "case__assignee__last_name",
            )
            .annotate(n=Count("case", distinct=True))
            .order_by("-n")
        ),
        "awaiting_decision": cases.filter(state=State.AWAITING_DECISION).order_by("received_at"),
        "new_today": cases.filter(received_at__date=today).count(),
    }


def case_list(user: Any, params: dict[str, str]) -> QuerySet[Case]:
    """The filtered, sorted list for ``/kantor/laporan/``; every filter is a URL parameter."""
    queryset = with_next_due(cases_for(user)).select_related(
        "intake_type", "channel", "agency", "assignee", "unit", "substance"
    )
    for field in FILTER_FIELDS:
        value = (params.get(field) or "").strip()
        if not value:
            continue
        if field in {"intake_type", "channel", "substance"}:
            queryset = queryset.filter(**{f"{field}__code": value})
        elif field == "assignee":
            queryset = queryset.filter(assignee__username=value)
        elif field == "state":
            queryset = queryset.filter(state=value)
        elif is_id(value):
            queryset = queryset.filter(**{f"{field}_id": int(value)})
    if params.get("form"):
        queryset = queryset.filter(maladministration_forms__code=params["form"])
    if params.get("agency_group"):
        queryset = queryset.filter(agency__group__code=params["agency_group"])
    if params.get("region"):
        queryset = queryset.filter(event_region__code__startswith=params["region"])
    if params.get("confidential") in {"1", "0"}:
        queryset = queryset.filter(confidential=params["confidential"] == "1")
    for name, lookup in (("received_from", "gte"), ("received_to", "lte")):
        try:
            day = dt.date.fromisoformat(params.get(name) or "")
        except ValueError:
            continue
        queryset = queryset.filter(**{f"received_at__date__{lookup}": day})
    colour = params.get("clock")
    if colour in {"red", "yellow", "green"}:
        today = today_for(user)
        if colour == "red":
            queryset = queryset.filter(next_due__lt=today)
        elif colour == "yellow":
            queryset = queryset.filter(next_due__gte=today, next_due__lte=today + dt.timedelta(3))
        else:
            queryset = queryset.filter(next_due__gt=today + dt.timedelta(3))
    words = (params.get("q") or "").strip()
    if words:
        queryset = queryset.filter(Q(reference__icontains=words) | Q(title__icontains=words))
    return queryset.distinct().order_by(SORTS.get(params.get("sort", ""), "-received_at"), "-id")


def next_due_summary(queryset: QuerySet[Case]) -> dict[str, Any]:
    return queryset.aggregate(first=Min("next_due"))
