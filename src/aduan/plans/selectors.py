"""Reads of targets and the programme for pages, the dashboard, the quarterly report and the
API; always limited to the user's offices (``directory.scoping``)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from aduan.directory.scoping import limit_to_offices
from aduan.plans import realisation
from aduan.plans.models import Target, WorkItem


def targets_for(user: Any) -> QuerySet[Target]:
    return limit_to_offices(Target.objects.select_related("office", "unit"), user)


def items_for(user: Any) -> QuerySet[WorkItem]:
    return limit_to_offices(WorkItem.objects.select_related("office", "unit", "owner"), user)


def period_targets(targets: QuerySet[Target], year: int, quarter: int | None) -> QuerySet[Target]:
    """A quarter's targets and the year's (a quarter's page shows both); the year alone when
    ``quarter`` is None."""
    if quarter is None:
        return targets.filter(year=year, quarter__isnull=True)
    return targets.filter(Q(quarter=quarter) | Q(quarter__isnull=True), year=year)


def scorecard(targets: QuerySet[Target] | list[Target]) -> list[dict[str, Any]]:
    """Each target with its realisation computed from the records and the share achieved."""
    from aduan.prevention.models import kinds

    known = kinds()
    rows = []
    for target in targets:
        realised = realisation.compute(target)
        label = str(target.get_metric_display())
        if target.activity_kind:
            kind = known.get(target.activity_kind)
            label = f"{label}: {kind.label if kind else target.activity_kind}"
        rows.append(
            {
                "target": target,
                "id": target.pk,
                "label": label,
                "label_id": _label_id(target),
                "metric": target.metric,
                "activity_kind": target.activity_kind,
                "unit": target.unit.name if target.unit_id else "",
                "period": f"TW{target.quarter}" if target.quarter else str(target.year),
                "value": target.value,
                "realised": realised,
                "achieved": realisation.achieved(target, realised),
                "met": realised is not None and realised >= target.value,
                "is_rate": target.is_rate,
            }
        )
    return rows


def _label_id(target: Target) -> str:
    """The target's name in Indonesian, for the quarterly report (always in Indonesian)."""
    from django.utils import translation

    from aduan.prevention.models import kinds

    with translation.override("id"):
        label = str(target.get_metric_display())
    if target.activity_kind:
        kind = kinds().get(target.activity_kind)
        label = f"{label}: {kind.name if kind else target.activity_kind}"
    if target.unit_id:
        label = f"{label} ({target.unit.name})"
    return label


def next_quarter(year: int, quarter: int) -> tuple[int, int]:
    return (year + 1, 1) if quarter == 4 else (year, quarter + 1)


def programme(items: QuerySet[WorkItem], year: int, quarter: int) -> QuerySet[WorkItem]:
    return items.filter(year=year, quarter=quarter).order_by("due_date", "id")


def report_section(office: Any, year: int, quarter: int | None) -> dict[str, Any]:
    """The quarterly (or annual) report's part: targets against realisation and the next
    quarter's programme (an annual report: the first quarter of the next year)."""
    targets = period_targets(Target.objects.filter(office=office), year, quarter)
    if quarter is not None:
        targets = targets.filter(quarter=quarter)
    rows = scorecard(targets.select_related("unit", "office"))
    following = next_quarter(year, quarter or 4)
    items = programme(WorkItem.objects.filter(office=office), *following).select_related(
        "unit", "owner"
    )
    return {
        "targets": [
            {
                "label": row["label_id"],
                "value": float(row["value"]),
                "realised": None if row["realised"] is None else float(row["realised"]),
                "achieved": None if row["achieved"] is None else float(row["achieved"]),
                "met": row["met"],
                "is_rate": row["is_rate"],
            }
            for row in rows
        ],
        "next_programme": {
            "year": following[0],
            "quarter": following[1],
            "items": [
                {
                    "title": item.title,
                    "unit": item.unit.name if item.unit_id else "",
                    "due_date": item.due_date.isoformat(),
                    "status": item.status,
                }
                for item in items
            ],
        },
    }
