"""Every figure of the statistics, in one module: the pages, the exports, the quarterly and annual
reports and the public open data all read them here.

A figure is computed for a ``Scope``: the offices it covers (one office, a list, or every office)
and a period of whole days, counted in a time zone (the office's; Asia/Jakarta for the whole
country). Each function answers plain data (dicts, lists, numbers, ISO dates) that JSON can hold.

Definitions (the report prints them next to the figures):

- **items received**: everything received in the period, by intake type. **Reports** are the items
  whose intake type counts as a report (LM, RCO, IAPS); consultations (KNL) and copies
  (*tembusan*) are counted separately and never in "reports".
- **handled in examination**: reports that entered examination (registered, RCO escalated, IAPS
  opened; ``Case.examined_at``) before the end of the period and were not closed before it began.
- **closure rate** (*tingkat penyelesaian*): of the reports handled in examination, the share
  closed within the period, in percent.
- **carried over**: reports received in an earlier year that were still open when the period
  began; "still open" at the end are those of them not closed by its end.
- **on time**: of the clocks that stopped in the period (met or missed), the share met.
- **median time in a state**: over the moves out of a state made in the period, the median of the
  days the case stayed in it (``Transition.seconds_in_state``, from a histogram of whole days).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import BigIntegerField, Count, F, Q, QuerySet
from django.db.models.functions import Cast, Substr
from django.utils.translation import gettext_lazy as _

from aduan.cases.models import (
    Case,
    ClarificationRequest,
    CorrectiveAction,
    Recommendation,
    Reporter,
    Transition,
)
from aduan.cases.states import State
from aduan.deadlines.models import Deadline, DeadlineRule
from aduan.directory.models import Office
from aduan.reference.models import (
    Channel,
    ClosureMode,
    IntakeType,
    RejectionReason,
    Substance,
)

NATIONAL_ZONE = "Asia/Jakarta"
TOP_AGENCIES = 15
SEPARATE_TYPES = ("knl", "tembusan")  # counted apart from reports
EXAMINATION_PHASE = [
    State.EXAMINATION,
    State.LAHP_RESPONSE,
    State.MONITORING,
    State.RESOLUTION,
    State.RECOMMENDATION,
]

DEFINITIONS = {
    "reports": _(
        "Reports are items whose intake type counts as a report (LM, RCO, IAPS); consultations "
        "(KNL) and copies (tembusan) are counted separately."
    ),
    "handled": _(
        "Handled in examination: reports that entered examination before the end of the period "
        "and were not closed before it began."
    ),
    "closure_rate": _(
        "Closure rate: the reports handled in examination that were closed within the period, "
        "divided by all reports handled in examination in the period, in percent."
    ),
    "carried_over": _(
        "Carried over: reports received in an earlier year and still open when the period began."
    ),
    "on_time": _("On time: of the clocks that stopped in the period, the share that were met."),
    "median_days": _(
        "Median days in a state: over the moves out of the state made in the period, the median "
        "number of whole days the report stayed in it."
    ),
}


# --- periods and scopes
@dataclass(frozen=True)
class Period:
    """Whole days, ``start`` to ``end`` inclusive."""

    start: dt.date
    end: dt.date

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        if quarter not in (1, 2, 3, 4):
            raise ValueError("quarter must be 1, 2, 3 or 4")
        first = 3 * (quarter - 1) + 1
        last = first + 2
        return cls(dt.date(year, first, 1), dt.date(year, last, calendar.monthrange(year, last)[1]))

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31))

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        return cls(
            dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
        )

    def months(self) -> list[dt.date]:
        """The first day of every month the period touches."""
        months, day = [], self.start.replace(day=1)
        while day <= self.end:
            months.append(day)
            day = (day + dt.timedelta(days=32)).replace(day=1)
        return months

    def previous(self) -> Period:
        """The period of the same length just before (a quarter before a quarter, etc.)."""
        if self.start.day == 1 and self.end == Period.month(self.end.year, self.end.month).end:
            months = len(self.months())
            first = self.start
            for _i in range(months):
                first = (first - dt.timedelta(days=1)).replace(day=1)
            last = self.start - dt.timedelta(days=1)
            return Period(first, last)
        length = self.end - self.start
        return Period(self.start - length - dt.timedelta(days=1), self.start - dt.timedelta(days=1))


@dataclass(frozen=True)
class Scope:
    """The offices (``None``: every office) and the period a figure covers."""

    office_ids: tuple[int, ...] | None
    period: Period
    zone: str = NATIONAL_ZONE

    @classmethod
    def for_office(cls, office: Office, period: Period) -> Scope:
        return cls((office.pk,), period, office.time_zone or NATIONAL_ZONE)

    @classmethod
    def national(cls, period: Period) -> Scope:
        return cls(None, period, NATIONAL_ZONE)

    @classmethod
    def for_offices(cls, offices: Iterable[Office], period: Period) -> Scope:
        offices = list(offices)
        zone = offices[0].time_zone if len({o.time_zone for o in offices}) == 1 else NATIONAL_ZONE
        return cls(tuple(o.pk for o in offices), period, zone or NATIONAL_ZONE)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.zone)

    @property
    def start(self) -> dt.datetime:
        return dt.datetime.combine(self.period.start, dt.time.min, tzinfo=self.tz)

    @property
    def end(self) -> dt.datetime:
        """Exclusive: midnight after the last day."""
        return dt.datetime.combine(self.period.end + dt.timedelta(days=1), dt.time.min, self.tz)

    def cases(self) -> QuerySet[Case]:
        cases = Case.objects.all()
        if self.office_ids is not None:
            cases = cases.filter(office_id__in=self.office_ids)
        return cases

    def filter_office(self, queryset: QuerySet, path: str = "office_id") -> QuerySet:
        if self.office_ids is None:
            return queryset
        return queryset.filter(**{f"{path}__in": self.office_ids})


# --- helpers
def _percent(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 2) if whole else None


def _rows(queryset: QuerySet, key: str, label: str, code: str | None = None) -> list[dict]:
    """``[{code, label, count}]`` from a values/annotate(count) queryset, largest first."""
    rows = []
    for row in queryset:
        rows.append(
            {
                "code": row.get(code) if code else row[key],
                "label": row[label] if row[label] is not None else str(_("not recorded")),
                "count": row["count"],
            }
        )
    rows.sort(key=lambda r: (-r["count"], str(r["label"])))
    return rows


def _by(queryset: QuerySet, key: str, label: str, code: str | None = None) -> list[dict]:
    fields = [key, label] + ([code] if code and code not in (key, label) else [])
    grouped = queryset.order_by().values(*fields).annotate(count=Count("id"))
    return _rows(grouped, key, label, code)


def _by_ref(queryset: QuerySet, field: str, model: Any) -> list[dict]:
    """Counts per reference item (``field`` a foreign key to ``model``, which has code and
    name): grouped on the key column alone, the labels read afterwards, so that the database
    scans the period once instead of once per reference row."""
    counts = dict(queryset.order_by().values_list(f"{field}_id").annotate(count=Count("id")))
    return _labelled(counts, model)


def _median_from_histogram(histogram: dict[int, int]) -> float | None:
    total = sum(histogram.values())
    if not total:
        return None
    ordered = sorted(histogram.items())
    middle = (total - 1) / 2  # 0-based position(s) of the median
    low = high = None
    seen = 0
    for value, count in ordered:
        if low is None and seen + count > int(middle):
            low = value
        if seen + count > int(middle + 0.5):
            high = value
            break
        seen += count
    return (low + high) / 2


# --- items received
def received(scope: Scope) -> dict[str, Any]:
    """Items received in the period: totals by intake type (reports, KNL, copies apart), and the
    reports by month, channel, substance, agency group, agency, maladministration form, region
    of the event and reporter kind."""
    items = scope.cases().filter(received_at__gte=scope.start, received_at__lt=scope.end)
    by_type = {
        row["intake_type__code"]: row["count"]
        for row in items.order_by().values("intake_type__code").annotate(count=Count("id"))
    }
    report_types = set(
        IntakeType.objects.filter(counts_as_report=True).values_list("code", flat=True)
    )
    reports = items.filter(intake_type__counts_as_report=True)
    total_reports = sum(n for code, n in by_type.items() if code in report_types)

    months = {
        m.isoformat()[:7]: {"reports": 0, "knl": 0, "tembusan": 0} for m in scope.period.months()
    }
    # One filtered count per month (no date function per row: SQLite's is Python).
    tz = scope.tz
    bounds = {}
    for first in scope.period.months():
        after = (first + dt.timedelta(days=32)).replace(day=1)
        bounds[first.isoformat()[:7]] = (
            max(dt.datetime.combine(first, dt.time.min, tzinfo=tz), scope.start),
            min(dt.datetime.combine(after, dt.time.min, tzinfo=tz), scope.end),
        )
    monthly = (
        items.order_by()
        .values("intake_type_id")
        .annotate(
            **{
                f"m{key}": Count("id", filter=Q(received_at__gte=low, received_at__lt=high))
                for key, (low, high) in bounds.items()
            }
        )
    )
    types = {
        pk: (code, counts)
        for pk, code, counts in IntakeType.objects.values_list("pk", "code", "counts_as_report")
    }
    for row in monthly:
        code, counts = types.get(row["intake_type_id"], ("", False))
        for key in bounds:
            slot = months[key]
            if counts:
                slot["reports"] += row[f"m{key}"]
            elif code in slot:
                slot[code] += row[f"m{key}"]

    agencies = _by(reports, "agency_id", "agency__name")
    if len(agencies) > TOP_AGENCIES:
        rest = sum(r["count"] for r in agencies[TOP_AGENCIES:])
        agencies = [
            *agencies[:TOP_AGENCIES],
            {"code": None, "label": str(_("other agencies")), "count": rest},
        ]
    forms = _rows(
        reports.filter(maladministration_forms__isnull=False)
        .order_by()
        .values("maladministration_forms__code", "maladministration_forms__name")
        .annotate(count=Count("id")),
        "maladministration_forms__code",
        "maladministration_forms__name",
    )
    regions = _rows(
        reports.annotate(region_code=Substr("event_region__code", 1, 5))
        .order_by()
        .values("region_code")
        .annotate(count=Count("id")),
        "region_code",
        "region_code",
    )
    _name_regions(regions)
    reporter_kinds = _rows(
        Reporter.objects.filter(case__in=reports.values("pk"))
        .order_by()
        .values("kind")
        .annotate(count=Count("case_id", distinct=True)),
        "kind",
        "kind",
    )
    kind_labels = dict(Reporter.Kind.choices)
    for row in reporter_kinds:
        row["label"] = str(kind_labels.get(row["code"], row["code"]))
    return {
        "total_items": sum(by_type.values()),
        "reports": total_reports,
        "by_intake_type": {
            code: by_type.get(code, 0)
            for code in IntakeType.objects.order_by("order", "code").values_list("code", flat=True)
        },
        "separate": {code: by_type.get(code, 0) for code in SEPARATE_TYPES},
        "by_month": [{"month": key, **value} for key, value in sorted(months.items())],
        "by_channel": _by_ref(reports, "channel", Channel),
        "by_substance": _by_ref(reports, "substance", Substance),
        "by_agency_group": _by(reports, "agency__group__code", "agency__group__name"),
        "by_agency": agencies,
        "by_maladministration_form": forms,
        "by_region": regions,
        "by_reporter_kind": reporter_kinds,
    }


def received_totals(scope: Scope) -> dict[str, int]:
    """Only the totals of ``received`` (one query): items and reports."""
    return (
        scope.cases()
        .filter(received_at__gte=scope.start, received_at__lt=scope.end)
        .aggregate(
            total_items=Count("id"),
            reports=Count("id", filter=Q(intake_type__counts_as_report=True)),
        )
    )


def _name_regions(rows: list[dict]) -> None:
    from aduan.regions.models import Region

    codes = [r["code"] for r in rows if r["code"]]
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    for row in rows:
        if row["code"]:
            row["label"] = names.get(row["code"], row["code"])
        else:
            row["label"] = str(_("not recorded"))


# --- decisions on reports, examination and outcomes
def closed_groups(scope: Scope) -> list[dict[str, Any]]:
    """Everything closed in the period in one grouped read: per kind (report or not), closure
    mode, rejection reason and conclusion, with counts. ``decisions`` and ``examination`` add
    them up."""
    return list(
        scope.cases()
        .filter(closed_at__gte=scope.start, closed_at__lt=scope.end)
        .order_by()
        .values(
            "intake_type__counts_as_report", "closure_mode_id", "rejection_reason_id", "conclusion"
        )
        .annotate(count=Count("id"))
    )


def _labelled(counts: dict[int | None, int], model: Any) -> list[dict[str, Any]]:
    items = {
        pk: (code, name)
        for pk, code, name in model.objects.filter(pk__in=[k for k in counts if k]).values_list(
            "pk", "code", "name"
        )
    }
    rows = []
    for pk, count in counts.items():
        code, name = items.get(pk, (None, None))
        rows.append(
            {"code": code, "label": name if name else str(_("not recorded")), "count": count}
        )
    rows.sort(key=lambda r: (-r["count"], str(r["label"])))
    return rows


def decisions(scope: Scope, closed: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Reports decided in the period: registered for examination, rejected (by Ps.36(1) ground),
    not within authority, and the other ways a report was closed before examination."""
    # Only the moves into examination: the (to_state, at) index then reads a tenth of the
    # period's moves (a year of the whole country: 0.11 s instead of 0.7 s on PostgreSQL).
    moves = scope.filter_office(
        Transition.objects.filter(
            to_state=State.EXAMINATION, at__gte=scope.start, at__lt=scope.end
        ),
        "case__office_id",
    )
    moved = moves.aggregate(
        registered=Count("id", filter=Q(from_state=State.AWAITING_DECISION)),
        rco_escalated=Count("id", filter=Q(from_state=State.RAPID_RESPONSE)),
    )
    closed = closed_groups(scope) if closed is None else closed
    modes = dict(ClosureMode.objects.values_list("code", "pk"))
    by_reason: dict[int, int] = {}
    by_mode: dict[int | None, int] = {}
    for row in closed:
        if row["rejection_reason_id"]:
            by_reason[row["rejection_reason_id"]] = (
                by_reason.get(row["rejection_reason_id"], 0) + row["count"]
            )
        by_mode[row["closure_mode_id"]] = by_mode.get(row["closure_mode_id"], 0) + row["count"]
    return {
        "registered": moved["registered"],
        "rco_escalated": moved["rco_escalated"],
        "rejected": sum(by_reason.values()),
        "rejected_by_reason": _labelled(by_reason, RejectionReason),
        "not_within_authority": by_mode.get(modes.get("bukan-kewenangan"), 0),
        "deemed_withdrawn": by_mode.get(modes.get("data-tidak-lengkap"), 0),
        "withdrawn": by_mode.get(modes.get("dicabut"), 0),
    }


def examination(scope: Scope, closed: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Reports handled in examination, those closed, the closure rate; how the reports closed
    in the period ended (mode, conclusion)."""
    handled = (
        scope.cases()
        .filter(examined_at__lt=scope.end)
        .filter(Q(closed_at__isnull=True) | Q(closed_at__gte=scope.start))
    )
    counts = handled.aggregate(
        handled=Count("id"),
        closed=Count("id", filter=Q(closed_at__lt=scope.end)),
        started=Count("id", filter=Q(examined_at__gte=scope.start)),
    )
    closed = closed_groups(scope) if closed is None else closed
    reports = [row for row in closed if row["intake_type__counts_as_report"]]
    by_mode: dict[int | None, int] = {}
    conclusions: dict[str, int] = {}
    for row in reports:
        by_mode[row["closure_mode_id"]] = by_mode.get(row["closure_mode_id"], 0) + row["count"]
        if row["conclusion"]:
            conclusions[row["conclusion"]] = conclusions.get(row["conclusion"], 0) + row["count"]
    return {
        "handled": counts["handled"],
        "carried_in": counts["handled"] - counts["started"],
        "started": counts["started"],
        "closed": counts["closed"],
        "open_at_end": counts["handled"] - counts["closed"],
        "closure_rate": _percent(counts["closed"], counts["handled"]),
        "closed_total": sum(row["count"] for row in reports),
        "closed_by_mode": _labelled(by_mode, ClosureMode),
        "conclusions": {
            "found": conclusions.get(Case.Conclusion.FOUND, 0),
            "not_found": conclusions.get(Case.Conclusion.NOT_FOUND, 0),
            "stopped": conclusions.get(Case.Conclusion.STOPPED, 0),
        },
    }


def carried_over(scope: Scope) -> dict[str, Any]:
    """Reports received in an earlier year still open when the period began; of them, still
    open at its end."""
    year_start = dt.datetime.combine(
        dt.date(scope.period.start.year, 1, 1), dt.time.min, tzinfo=scope.tz
    )
    earlier = (
        scope.cases()
        .filter(intake_type__counts_as_report=True, received_at__lt=year_start)
        .filter(Q(closed_at__isnull=True) | Q(closed_at__gte=scope.start))
    )
    counts = earlier.aggregate(
        at_start=Count("id"),
        open_at_end=Count("id", filter=Q(closed_at__isnull=True) | Q(closed_at__gte=scope.end)),
    )
    return {
        "at_start": counts["at_start"],
        "closed_in_period": counts["at_start"] - counts["open_at_end"],
        "open_at_end": counts["open_at_end"],
    }


def clocks(scope: Scope) -> list[dict[str, Any]]:
    """Per clock rule, the clocks that stopped in the period (met or missed) and the share met."""
    stopped = scope.filter_office(
        Deadline.objects.filter(
            closed_at__gte=scope.start,
            closed_at__lt=scope.end,
            state__in=[Deadline.State.MET, Deadline.State.MISSED],
        )
    )
    rules = {
        pk: (code, name, source)
        for pk, code, name, source in DeadlineRule.objects.values_list(
            "pk", "code", "name", "legal_source"
        )
    }
    rows: dict[str, dict[str, Any]] = {}
    for row in stopped.order_by().values("rule_id", "state").annotate(count=Count("id")):
        code, name, source = rules[row["rule_id"]]
        slot = rows.setdefault(
            code, {"code": code, "label": name, "legal_source": source, "met": 0, "missed": 0}
        )
        slot["met" if row["state"] == Deadline.State.MET else "missed"] += row["count"]
    result = []
    for slot in sorted(rows.values(), key=lambda r: r["code"]):
        slot["on_time_rate"] = _percent(slot["met"], slot["met"] + slot["missed"])
        result.append(slot)
    return result


def time_in_state(scope: Scope) -> list[dict[str, Any]]:
    """Per state, the median (and count) of the whole days reports stayed in it, over the moves
    out of it made in the period."""
    moves = scope.filter_office(
        Transition.objects.filter(
            at__gte=scope.start, at__lt=scope.end, seconds_in_state__isnull=False
        ).exclude(from_state=""),
        "case__office_id",
    )
    histograms: dict[str, dict[int, int]] = {}
    for row in (
        moves.annotate(days=F("seconds_in_state") / 86400)
        .order_by()
        .values("from_state", "days")
        .annotate(count=Count("id"))
    ):
        histograms.setdefault(row["from_state"], {})[int(row["days"])] = row["count"]
    labels = dict(State.choices)
    return [
        {
            "state": state,
            "label": str(labels[state]),
            "moves": sum(histograms[state].values()),
            "median_days": _median_from_histogram(histograms[state]),
        }
        for state in State.values
        if state in histograms and state != State.CLOSED
    ]


def follow_up(scope: Scope) -> dict[str, Any]:
    """Corrective actions and recommendations: decided in the period, by what became of them."""
    actions = scope.filter_office(
        CorrectiveAction.objects.filter(status_at__gte=scope.start, status_at__lt=scope.end),
        "case__office_id",
    )
    action_status = dict(actions.order_by().values_list("status").annotate(count=Count("id")))
    open_actions = scope.filter_office(
        CorrectiveAction.objects.filter(
            status__in=[CorrectiveAction.Status.OPEN, CorrectiveAction.Status.PARTLY_DONE]
        ),
        "case__office_id",
    ).count()
    recommendations = scope.filter_office(Recommendation.objects.all(), "case__office_id")
    issued = recommendations.filter(signed_at__gte=scope.start, signed_at__lt=scope.end).count()
    reported = dict(
        recommendations.filter(reported_at__gte=scope.start, reported_at__lt=scope.end)
        .order_by()
        .values_list("outcome")
        .annotate(count=Count("id"))
    )
    done = action_status.get(CorrectiveAction.Status.DONE, 0)
    decided_actions = sum(action_status.values())
    implemented = reported.get(Recommendation.Outcome.IMPLEMENTED, 0)
    decided_recommendations = sum(reported.values())
    return {
        "corrective_actions": {
            "done": done,
            "partly_done": action_status.get(CorrectiveAction.Status.PARTLY_DONE, 0),
            "not_done": action_status.get(CorrectiveAction.Status.NOT_DONE, 0),
            "implemented_rate": _percent(done, decided_actions),
            "open_now": open_actions,
        },
        "recommendations": {
            "issued": issued,
            "implemented": implemented,
            "partly": reported.get(Recommendation.Outcome.PARTLY, 0),
            "not_implemented": reported.get(Recommendation.Outcome.NOT_IMPLEMENTED, 0),
            "implemented_rate": _percent(implemented, decided_recommendations),
        },
    }


def refusals(scope: Scope) -> list[dict[str, Any]]:
    """Agencies that refused requests or recommendations in the period (UU 37/2008 Ps.42): a
    clarification request left unanswered or the right to answer waived, a recommendation not
    implemented; one row per agency, most refusals first."""
    rows: dict[int, dict[str, Any]] = {}

    def slot(agency_id: int, name: str) -> dict[str, Any]:
        return rows.setdefault(
            agency_id,
            {"agency_id": agency_id, "agency": name, "requests": 0, "recommendations": 0},
        )

    missed = scope.filter_office(
        Deadline.objects.filter(
            state=Deadline.State.MISSED,
            closed_at__gte=scope.start,
            closed_at__lt=scope.end,
            rule__code__in=["klarifikasi-pertama", "klarifikasi-kedua"],
        )
    ).annotate(request_id=Cast("subject_id", BigIntegerField()))
    for row in (
        ClarificationRequest.objects.filter(pk__in=missed.values("request_id"))
        .order_by()
        .values("agency_id", "agency__name")
        .annotate(count=Count("id"))
    ):
        slot(row["agency_id"], row["agency__name"])["requests"] += row["count"]
    refused = scope.filter_office(
        Recommendation.objects.filter(
            outcome=Recommendation.Outcome.NOT_IMPLEMENTED,
            reported_at__gte=scope.start,
            reported_at__lt=scope.end,
        ),
        "case__office_id",
    )
    for row in (
        refused.order_by().values("addressee_id", "addressee__name").annotate(count=Count("id"))
    ):
        slot(row["addressee_id"], row["addressee__name"])["recommendations"] += row["count"]
    return sorted(
        rows.values(), key=lambda r: (-(r["requests"] + r["recommendations"]), r["agency"])
    )


def in_states_now(scope: Scope) -> dict[str, int]:
    """Open reports per state now (for the dashboards; not bound to the period)."""
    counts = dict(
        scope.cases()
        .filter(intake_type__counts_as_report=True)
        .exclude(state=State.CLOSED)
        .order_by()
        .values_list("state")
        .annotate(count=Count("id"))
    )
    return {state: counts.get(state, 0) for state in State.values if state != State.CLOSED}


def prevention(scope: Scope) -> dict[str, Any]:
    """Prevention work in the period: field and outreach activities (``aduan.prevention``:
    On The Spot locations, coaching clinics, Nampel, posko …) and compliance assessments approved
    and results delivered to agencies (``aduan.compliance``)."""
    from aduan.compliance.models import Assessment, Delivery
    from aduan.prevention.selectors import activity_counts

    activities = activity_counts(scope.office_ids, scope.period.start, scope.period.end)
    approved = scope.filter_office(
        Assessment.objects.filter(
            state=Assessment.State.APPROVED,
            reviewed_at__gte=scope.start,
            reviewed_at__lt=scope.end,
        )
    )
    zones = dict(approved.order_by().values_list("zone").annotate(count=Count("id")))
    delivered = scope.filter_office(
        Delivery.objects.filter(
            delivered_on__gte=scope.period.start, delivered_on__lte=scope.period.end
        ),
        "campaign__office_id",
    )
    from aduan.assignments.selectors import counts as assignment_counts
    from aduan.prevention.selectors import guidelines_published

    return {
        "activities": activities,
        "assignments": assignment_counts(scope.office_ids, scope.period.start, scope.period.end),
        "guidelines_published": guidelines_published(scope.office_ids, scope.start, scope.end),
        "assessments": {
            "approved": sum(zones.values()),
            "by_zone": {zone: zones.get(zone, 0) for zone in ("hijau", "kuning", "merah")},
            "results_delivered": delivered.count(),
            "agencies_delivered": delivered.values("agency_id").distinct().count(),
        },
    }


def all_figures(scope: Scope) -> dict[str, Any]:
    """Every figure of a report for ``scope``."""
    closed = closed_groups(scope)
    return {
        "received": received(scope),
        "decisions": decisions(scope, closed),
        "examination": examination(scope, closed),
        "carried_over": carried_over(scope),
        "clocks": clocks(scope),
        "time_in_state": time_in_state(scope),
        "follow_up": follow_up(scope),
        "refusals": refusals(scope),
        "prevention": prevention(scope),
    }
