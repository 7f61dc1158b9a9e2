"""Realisation of a target, computed from Aduan's own records, never typed in. Each metric
counts what the quarterly report counts, over the same period in the office's time zone
(``stats.selectors.Period``/``Scope``): a unit's target counts the reports that unit holds
(cases) or, for prevention and compliance work, the office's whole (units do that work for
the office)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Q

from aduan.plans.models import Metric, Target
from aduan.stats.selectors import Period, Scope

# The metrics counted per unit (the reports the unit holds); the others are the office's.
PER_UNIT = frozenset({Metric.REPORTS_RECEIVED, Metric.REPORTS_REGISTERED, Metric.REPORTS_CLOSED})
PER_UNIT |= {Metric.CLOSURE_RATE}


def period_of(year: int, quarter: int | None) -> Period:
    return Period.quarter(year, quarter) if quarter else Period.year(year)


def _cases(scope: Scope, unit_id: int | None) -> Any:
    cases = scope.cases()
    return cases.filter(unit_id=unit_id) if unit_id else cases


def _received(scope: Scope, unit_id: int | None) -> int:
    return (
        _cases(scope, unit_id)
        .filter(
            received_at__gte=scope.start,
            received_at__lt=scope.end,
            intake_type__counts_as_report=True,
        )
        .count()
    )


def _registered(scope: Scope, unit_id: int | None) -> int:
    from aduan.cases.models import Transition
    from aduan.cases.states import State

    moves = scope.filter_office(
        Transition.objects.filter(
            to_state=State.EXAMINATION,
            from_state=State.AWAITING_DECISION,
            at__gte=scope.start,
            at__lt=scope.end,
        ),
        "case__office_id",
    )
    if unit_id:
        moves = moves.filter(case__unit_id=unit_id)
    return moves.values("case_id").distinct().count()


def _examination(scope: Scope, unit_id: int | None) -> tuple[int, int]:
    """(handled, closed) in examination, as ``stats.selectors.examination`` counts them."""
    handled = (
        _cases(scope, unit_id)
        .filter(examined_at__lt=scope.end)
        .filter(Q(closed_at__isnull=True) | Q(closed_at__gte=scope.start))
    )
    counts = handled.aggregate(
        handled=Count("id"), closed=Count("id", filter=Q(closed_at__lt=scope.end))
    )
    return counts["handled"], counts["closed"]


def _activities(scope: Scope, kind: str) -> int:
    from aduan.prevention.models import Activity

    rows = scope.filter_office(
        Activity.objects.filter(
            start_date__gte=scope.period.start, start_date__lte=scope.period.end
        )
    )
    return rows.filter(kind=kind).count() if kind else rows.count()


def _assessments(scope: Scope) -> int:
    from aduan.compliance.models import Assessment

    return scope.filter_office(
        Assessment.objects.filter(
            state=Assessment.State.APPROVED,
            reviewed_at__gte=scope.start,
            reviewed_at__lt=scope.end,
        )
    ).count()


def _suggestions(scope: Scope) -> int:
    from aduan.prevention.models import Suggestion

    return scope.filter_office(
        Suggestion.objects.filter(
            review__published_at__gte=scope.start, review__published_at__lt=scope.end
        ),
        "review__office_id",
    ).count()


def compute(target: Target) -> Decimal | None:
    """The target's realisation; a rate with nothing to divide is None."""
    scope = Scope.for_office(target.office, period_of(target.year, target.quarter))
    unit_id = target.unit_id
    metric = target.metric
    if metric == Metric.REPORTS_RECEIVED:
        return Decimal(_received(scope, unit_id))
    if metric == Metric.REPORTS_REGISTERED:
        return Decimal(_registered(scope, unit_id))
    if metric in {Metric.REPORTS_CLOSED, Metric.CLOSURE_RATE}:
        handled, closed = _examination(scope, unit_id)
        if metric == Metric.REPORTS_CLOSED:
            return Decimal(closed)
        if not handled:
            return None
        return (Decimal(closed) * 100 / handled).quantize(Decimal("0.01"), ROUND_HALF_UP)
    if metric == Metric.ACTIVITIES:
        return Decimal(_activities(scope, target.activity_kind))
    if metric == Metric.ASSESSMENTS:
        return Decimal(_assessments(scope))
    if metric == Metric.SUGGESTIONS:
        return Decimal(_suggestions(scope))
    raise ValueError(f"no realisation for {metric!r}")


def achieved(target: Target, realised: Decimal | None) -> Decimal | None:
    """Realisation as a percentage of the target (None without a figure or a target)."""
    if realised is None or not target.value:
        return None
    return (realised * 100 / target.value).quantize(Decimal("0.1"), ROUND_HALF_UP)
