"""Read-only endpoints for targets and the work programme (``aduan.plans``): what the
planning page shows the same user, each target with its realisation computed from the
records."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from aduan.api.prevention_routes import _staff
from aduan.plans import selectors as plans

router = Router()


class TargetOut(Schema):
    """A target with its realisation, computed from the records (never typed in)."""

    id: int
    office: str = Field(description="Office code.")
    unit: str | None = Field(description="Unit code; null: the whole office.")
    year: int
    quarter: int | None = Field(description="Null: the whole year.")
    metric: str = Field(
        description="laporan-diterima, laporan-registrasi, laporan-selesai, "
        "tingkat-penyelesaian, kegiatan, penilaian-kepatuhan or saran-perbaikan."
    )
    metric_label: str
    activity_kind: str = Field(description="For kegiatan: the kind counted; empty: every kind.")
    value: float = Field(description="The target (a rate in %).")
    realised: float | None = Field(description="Computed now from the records.")
    achieved: float | None = Field(description="Realised as a % of the target.")


class WorkItemOut(Schema):
    """An item of a quarter's work programme."""

    id: int
    office: str
    unit: str | None
    year: int
    quarter: int
    title: str
    owner: str | None = Field(description="The owner's name.")
    due_date: dt.date
    status: str = Field(description="rencana, berjalan, selesai or batal.")
    done_on: dt.date | None
    outcome: str


class PeriodFilter(Schema):
    year: int = Field(..., ge=2000, le=2100)
    quarter: int | None = Field(None, ge=1, le=4, description="Empty: the whole year.")


@router.get("/plans/targets", response=list[TargetOut], tags=["plans"], summary="List targets")
def target_list(request: HttpRequest, filters: Query[PeriodFilter]) -> list[dict[str, Any]]:
    """The targets of the caller's offices for a quarter (with the year's) or a year, each with
    its realisation."""
    user = _staff(request)
    targets = plans.period_targets(plans.targets_for(user), filters.year, filters.quarter)
    return [
        {
            "id": row["id"],
            "office": row["target"].office.code,
            "unit": row["target"].unit.code if row["target"].unit_id else None,
            "year": row["target"].year,
            "quarter": row["target"].quarter,
            "metric": row["metric"],
            "metric_label": row["label"],
            "activity_kind": row["activity_kind"],
            "value": float(row["value"]),
            "realised": None if row["realised"] is None else float(row["realised"]),
            "achieved": None if row["achieved"] is None else float(row["achieved"]),
        }
        for row in plans.scorecard(targets.order_by("office__code", "quarter", "metric", "id"))
    ]


@router.get(
    "/plans/work-items",
    response=list[WorkItemOut],
    tags=["plans"],
    summary="List the work programme",
)
def item_list(request: HttpRequest, filters: Query[PeriodFilter]) -> list[dict[str, Any]]:
    """The work-programme items of the caller's offices in a quarter (or the whole year)."""
    user = _staff(request)
    items = plans.items_for(user).filter(year=filters.year)
    if filters.quarter:
        items = items.filter(quarter=filters.quarter)
    return [
        {
            "id": item.pk,
            "office": item.office.code,
            "unit": item.unit.code if item.unit_id else None,
            "year": item.year,
            "quarter": item.quarter,
            "title": item.title,
            "owner": (item.owner.get_full_name() or item.owner.username) if item.owner else None,
            "due_date": item.due_date,
            "status": item.status,
            "done_on": item.done_on,
            "outcome": item.outcome,
        }
        for item in items.order_by("quarter", "due_date", "id")
    ]


class VisitOut(Schema):
    visited_on: dt.date
    place: str
    findings: str
    for_agency: bool = Field(description="Addressed to the agency (its liaison sees it).")


class AssignmentOut(Schema):
    """A staff member assigned to a provider agency, with the visits logged."""

    id: int
    office: str
    staff: str = Field(description="The assigned staff member's name.")
    agency_id: int
    agency_name: str
    start_date: dt.date
    end_date: dt.date
    purpose: str
    status: str = Field(description="usulan, disetujui or selesai.")
    approved_by: str | None
    visits: list[VisitOut]
    case_references: list[str]


@router.get(
    "/assignments",
    response=list[AssignmentOut],
    tags=["plans"],
    summary="List the staff assigned to agencies",
)
def assignment_list(request: HttpRequest) -> list[dict[str, Any]]:
    """The assignments of the caller's offices, latest first, with their visits and the
    references of the reports that arose from them."""
    from aduan.assignments.selectors import assignments_for

    user = _staff(request)
    rows = assignments_for(user).prefetch_related("visits", "cases")[:200]

    def name(person: Any) -> str | None:
        return (person.get_full_name() or person.username) if person else None

    return [
        {
            "id": a.pk,
            "office": a.office.code,
            "staff": name(a.staff),
            "agency_id": a.agency_id,
            "agency_name": a.agency.name,
            "start_date": a.start_date,
            "end_date": a.end_date,
            "purpose": a.purpose,
            "status": a.status,
            "approved_by": name(a.approved_by),
            "visits": list(a.visits.all()),
            "case_references": [case.reference for case in a.cases.all()],
        }
        for a in rows
    ]
