"""Reads of assignments: the office's (staff, through ``directory.scoping``) and the agency's
(liaison: approved or ended assignments to their agency, an agency above or below it, and
only the visits whose findings were addressed to the agency)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from aduan.assignments.models import Assignment, Visit
from aduan.directory.scoping import limit_to_offices


def assignments_for(user: Any) -> QuerySet[Assignment]:
    return limit_to_offices(
        Assignment.objects.select_related("office", "staff", "agency", "approved_by"), user
    )


def assignments_for_liaison(user: Any) -> QuerySet[Assignment]:
    from aduan.liaison.selectors import related_agencies

    related = related_agencies(user)
    if related is None:
        return Assignment.objects.none()
    return (
        Assignment.objects.filter(
            related, status__in=[Assignment.Status.APPROVED, Assignment.Status.ENDED]
        )
        .select_related("office", "staff", "agency")
        .order_by("-start_date", "-id")
    )


def visits_for_liaison(assignment: Assignment) -> QuerySet[Visit]:
    return assignment.visits.filter(for_agency=True).order_by("-visited_on", "-id")


def counts(office_ids: tuple[int, ...] | None, start: Any, end: Any) -> dict[str, int]:
    """For the quarterly report: assignments running in the period (approved, overlapping it),
    visits made in it and those with findings addressed to the agency, monitoring reports."""
    from aduan.assignments.models import MonitoringReport

    running = Assignment.objects.filter(
        status__in=[Assignment.Status.APPROVED, Assignment.Status.ENDED],
        start_date__lte=end,
        end_date__gte=start,
    )
    visits = Visit.objects.filter(visited_on__gte=start, visited_on__lte=end)
    reports = MonitoringReport.objects.filter(period_end__gte=start, period_end__lte=end)
    if office_ids is not None:
        running = running.filter(office_id__in=office_ids)
        visits = visits.filter(assignment__office_id__in=office_ids)
        reports = reports.filter(assignment__office_id__in=office_ids)
    visit_counts = visits.aggregate(
        visits=Count("id"), findings=Count("id", filter=Q(for_agency=True))
    )
    return {
        "assignments": running.count(),
        "agencies": running.values("agency_id").distinct().count(),
        "visits": visit_counts["visits"],
        "findings_to_agencies": visit_counts["findings"],
        "monitoring_reports": reports.count(),
    }
