"""Reads of prevention work, always scoped through ``aduan.directory.scoping``."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Max, Q, QuerySet, Sum

from aduan.cases.models import Case
from aduan.deadlines.models import Deadline
from aduan.deadlines.workdays import explain
from aduan.directory.scoping import limit_to_offices
from aduan.liaison.models import Decision
from aduan.prevention.models import (
    COMPONENT_CODES,
    Activity,
    ActivityFinding,
    AssistanceSession,
    Guideline,
    GuidelineVersion,
    Partner,
    StandardMapping,
    Suggestion,
    SuggestionReport,
    SystemicReview,
    kinds,
)
from aduan.prevention.seed import RULE_CODE as FOLLOW_UP_RULE
from aduan.prevention.standards import COMPONENTS

COMPONENT_NAMES: dict[str, tuple[str, str]] = {code: (id_, en) for code, id_, en in COMPONENTS}


# --- activities ---------------------------------------------------------------


def activities_for(
    user: Any,
    *,
    kind: str = "",
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> QuerySet[Activity]:
    qs = limit_to_offices(Activity.objects.select_related("office"), user)
    if kind:
        qs = qs.filter(kind=kind)
    if start:
        qs = qs.filter(start_date__gte=start)
    if end:
        qs = qs.filter(start_date__lte=end)
    return qs.annotate(linked=Count("cases", distinct=True))


def _day_bounds(activity: Activity) -> tuple[dt.datetime, dt.datetime]:
    zone = ZoneInfo(activity.office.time_zone or "Asia/Jakarta")
    first = dt.datetime.combine(activity.start_date, dt.time.min, tzinfo=zone)
    after = dt.datetime.combine(activity.last_day + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    return first, after


def matching_cases(activity: Activity) -> QuerySet[Case]:
    """Reports of the activity's office received on its days (in the office's time zone) whose
    channel is the activity's (On The Spot, posko, Nampel) or whose event tag is the
    activity's, not linked to it yet: the ones offered for linking."""
    first, after = _day_bounds(activity)
    match = Q(pk__in=[])
    if activity.channel_code:
        match |= Q(channel__code=activity.channel_code)
    if activity.event_tag.strip():
        match |= Q(event_tag__iexact=activity.event_tag.strip())
    return (
        Case.objects.filter(
            match, office_id=activity.office_id, received_at__gte=first, received_at__lt=after
        )
        .exclude(prevention_activities=activity)
        .select_related("channel")
        .order_by("received_at", "id")
    )


def activity_counts(office_ids: tuple[int, ...] | None, start: dt.date, end: dt.date) -> dict:
    """Prevention activities of the offices (``None``: every office) that began between
    ``start`` and ``end``, both days included (an activity over several days counts once, in
    the period of its first day). For the quarterly and annual reports::

        {
            "by_kind": {"ots": 3, "coaching": 1, ...},  # every active kind, zeros included
            "kinds": [{"code": "ots", "name": "On The Spot", "category": "penerimaan",
                       "count": 3}, ...],  # the same, in the kinds' order, Indonesian names
            "total": 7,              # activities
            "reports_taken": 41,     # sum of "reports taken" recorded on them
            "linked_cases": 25,      # distinct reports linked to them
            "ots_locations": 3,      # distinct places of On The Spot (case and spaces ignored)
            "participants": 230,     # sum of participants
            "findings": 12,          # findings per place recorded by monitoring activities
            "counterparts": ["Ombudsman DIY"],  # bodies of the comparative studies
        }

    Keys of ``by_kind`` are ``ActivityKind`` codes (a kind no longer active still counts where
    it was used).
    """
    qs = Activity.objects.filter(start_date__gte=start, start_date__lte=end)
    if office_ids is not None:
        qs = qs.filter(office_id__in=office_ids)
    rows = sorted(kinds().values(), key=lambda row: (row.order, row.code))
    by_kind = {row.code: 0 for row in rows if row.active}
    for row in qs.values("kind").annotate(n=Count("id")):
        by_kind[row["kind"]] = row["n"]
    known = {row.code: row for row in rows}
    sums = qs.aggregate(reports=Sum("reports_taken"), people=Sum("participants_total"))
    places = {
        " ".join(place.split()).casefold()
        for place in qs.filter(kind=Activity.Kind.ON_THE_SPOT).values_list("place", flat=True)
        if place and place.strip()
    }
    linked = Case.objects.filter(prevention_activities__in=qs).distinct().count()
    studies = [row.code for row in rows if row.needs_counterpart]
    counterparts = sorted(
        set(
            Partner.objects.filter(activities__in=qs.filter(kind__in=studies)).values_list(
                "name", flat=True
            )
        )
    )
    return {
        "by_kind": by_kind,
        "kinds": [
            {
                "code": code,
                "name": known[code].name if code in known else code,
                "category": known[code].category if code in known else "",
                "count": count,
            }
            for code, count in by_kind.items()
        ],
        "total": sum(by_kind.values()),
        "reports_taken": sums["reports"] or 0,
        "linked_cases": linked,
        "ots_locations": len(places),
        "participants": sums["people"] or 0,
        "findings": ActivityFinding.objects.filter(activity__in=qs).count(),
        "counterparts": counterparts,
    }


def findings_of(activity: Activity) -> QuerySet[ActivityFinding]:
    """The findings of one activity (the caller read it through ``activities_for``)."""
    return (
        activity.findings.select_related("region")
        .prefetch_related("agencies")
        .order_by("created_at", "id")
    )


# --- reviews ----------------------------------------------------------------------


def reviews_for(user: Any, *, status: str = "") -> QuerySet[SystemicReview]:
    qs = limit_to_offices(SystemicReview.objects.select_related("office"), user)
    if status:
        qs = qs.filter(status=status)
    return qs.annotate(
        n_suggestions=Count("suggestions", distinct=True),
        n_open=Count(
            "suggestions",
            filter=Q(suggestions__status__in=[Suggestion.Status.OPEN, Suggestion.Status.PARTLY]),
            distinct=True,
        ),
    )


def suggestions_for(user: Any) -> QuerySet[Suggestion]:
    return limit_to_offices(
        Suggestion.objects.select_related("review", "agency"), user, "review__office"
    )


def suggestion_reports_for(user: Any) -> QuerySet[SuggestionReport]:
    """Agencies' reports on the suggestions of the reviews of the user's offices."""
    return limit_to_offices(
        SuggestionReport.objects.select_related("suggestion__review"),
        user,
        "suggestion__review__office",
    )


def pending_suggestion_reports(suggestions: list[Suggestion]) -> dict[int, SuggestionReport]:
    """The report waiting for the office's decision, by suggestion id (at most one each)."""
    reports = SuggestionReport.objects.filter(
        suggestion__in=suggestions, decision=Decision.PENDING
    ).select_related("by")
    return {report.suggestion_id: report for report in reports}


def suggestion_clocks(
    suggestions: list[Suggestion], today: dt.date
) -> dict[int, list[dict[str, Any]]]:
    """The follow-up clocks of these suggestions by suggestion id, each with its colour and how
    its due date was computed (as on the case page)."""
    if not suggestions:
        return {}
    rows: dict[int, list[dict[str, Any]]] = {s.pk: [] for s in suggestions}
    found = Deadline.objects.filter(
        subject_type=ContentType.objects.get_for_model(Suggestion),
        subject_id__in=[str(pk) for pk in rows],
        rule__code=FOLLOW_UP_RULE,
    ).select_related("rule")
    for deadline in found.order_by("started_at", "id"):
        rows[int(deadline.subject_id)].append(
            {
                "id": deadline.pk,
                "name": deadline.rule.name,
                "basis": deadline.basis,
                "basis_label": deadline.get_basis_display(),
                "days": deadline.days,
                "total_days": deadline.total_days,
                "legal_source": deadline.legal_source,
                "start": deadline.start_date,
                "due": deadline.due_date,
                "state": deadline.state,
                "state_label": deadline.get_state_display(),
                "colour": deadline.colour(today),
                "explanation": explain(deadline.explanation) if deadline.explanation else [],
            }
        )
    return rows


def overdue_suggestions(user: Any, today: dt.date) -> QuerySet[Suggestion]:
    """Suggestions of published reviews still awaiting follow-up past their due date."""
    return suggestions_for(user).filter(
        review__status=SystemicReview.Status.PUBLISHED,
        status__in=[Suggestion.Status.OPEN, Suggestion.Status.PARTLY],
        due_date__lt=today,
    )


# --- service standards -----------------------------------------------------------


def mappings_for(user: Any) -> QuerySet[StandardMapping]:
    return limit_to_offices(StandardMapping.objects.select_related("agency", "office"), user)


def mapped_units(user: Any) -> list[dict[str, Any]]:
    """Every service unit mapped by the user's offices, with its latest snapshot."""
    latest = (
        mappings_for(user)
        .values("office_id", "agency_id")
        .annotate(last=Max("as_of"), n=Count("id"))
        .order_by()
    )
    rows = []
    by_key = {(m.office_id, m.agency_id, m.as_of): m for m in mappings_for(user)}
    for row in latest:
        mapping = by_key[(row["office_id"], row["agency_id"], row["last"])]
        rows.append(
            {
                "agency": mapping.agency,
                "office": mapping.office,
                "latest": mapping,
                "snapshots": row["n"],
            }
        )
    return sorted(rows, key=lambda r: (r["office"].name, r["agency"].name))


def compare(earlier: StandardMapping | None, later: StandardMapping) -> dict[str, Any]:
    """What changed between two snapshots: components newly met, lost and kept, in the order
    of ``standards.COMPONENTS``, with the share met (percent) of each."""
    before = set(earlier.met) if earlier else set()
    after = set(later.met)
    return {
        "gained": [c for c in COMPONENT_CODES if c in after - before],
        "lost": [c for c in COMPONENT_CODES if c in before - after],
        "kept": [c for c in COMPONENT_CODES if c in before & after],
        "percent_before": earlier.percent_met if earlier else None,
        "percent_after": later.percent_met,
    }


def mapping_history(user: Any, agency_id: int) -> list[dict[str, Any]]:
    """The snapshots of one service unit (per office the user sees), oldest first, each with
    its share met and the change from the one before."""
    history: list[dict[str, Any]] = []
    previous: dict[int, StandardMapping] = {}
    for mapping in mappings_for(user).filter(agency_id=agency_id).order_by("office_id", "as_of"):
        change = compare(previous.get(mapping.office_id), mapping)
        history.append(
            {
                "mapping": mapping,
                "percent": mapping.percent_met,
                "met": mapping.met_count,
                "first": mapping.office_id not in previous,
                **change,
            }
        )
        previous[mapping.office_id] = mapping
    return history


def component_grid(history: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per component: met or not in each snapshot of the history."""
    return [
        {
            "code": code,
            "name": COMPONENT_NAMES[code],
            "cells": [code in item["mapping"].met for item in history],
        }
        for code in COMPONENT_CODES
    ]


def assistance_for(user: Any, agency_id: int | None = None) -> QuerySet[AssistanceSession]:
    qs = limit_to_offices(AssistanceSession.objects.select_related("agency", "office"), user)
    if agency_id is not None:
        qs = qs.filter(agency_id=agency_id)
    return qs


# --- network -----------------------------------------------------------------------


def partners_for(user: Any, *, kind: str = "") -> QuerySet[Partner]:
    qs = limit_to_offices(Partner.objects.select_related("office"), user)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.annotate(
        n_agreements=Count("agreements", distinct=True),
        n_contacts=Count("contacts", distinct=True),
    )


def agreements_with_status(partner: Partner, today: dt.date) -> list[tuple[Any, str]]:
    return [(a, a.status_on(today)) for a in partner.agreements.all()]


# --- guidelines (issue 18 §5) ---------------------------------------------------------


def guidelines_for(user: Any) -> QuerySet[Guideline]:
    """The guidelines of the user's offices (staff)."""
    return limit_to_offices(Guideline.objects.select_related("office"), user)


def guidelines_for_liaison(user: Any) -> QuerySet[Guideline]:
    """The guidelines with a published version meant for the liaison's agency: for it, for an
    agency above it (a city government's guideline binds its departments) or below it."""
    from aduan.liaison.selectors import related_agencies

    related = related_agencies(user, "agencies")
    if related is None:
        return Guideline.objects.none()
    return (
        Guideline.objects.filter(related, versions__status=GuidelineVersion.Status.PUBLISHED)
        .distinct()
        .select_related("office")
    )


def published_version(guideline: Guideline) -> GuidelineVersion | None:
    return guideline.versions.filter(status=GuidelineVersion.Status.PUBLISHED).first()


def guidelines_published(office_ids: tuple[int, ...] | None, start: Any, end: Any) -> int:
    """Versions published between two moments (the quarterly report's count)."""
    rows = GuidelineVersion.objects.filter(published_at__gte=start, published_at__lt=end)
    if office_ids is not None:
        rows = rows.filter(guideline__office_id__in=office_ids)
    return rows.count()
