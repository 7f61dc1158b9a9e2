"""Dashboards: the head of office's live view (this quarter so far against the same days of the
last quarter, the last twelve months, overdue clocks per unit, open reports per state) and the
national view for the central office (every office side by side). Figures come from
``selectors``; the views are thin."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from aduan.access import staff_required
from aduan.cases.models import Case
from aduan.cases.states import State
from aduan.deadlines.models import Deadline
from aduan.directory.models import Office
from aduan.directory.scoping import offices_for, sees_all_offices
from aduan.stats import charts, selectors
from aduan.stats.report import MONTHS_ID, number
from aduan.stats.selectors import Period, Scope

# The dashboards' charts are drawn this wide and scaled to the page's width (stats.css), so
# that their 12-unit text reads at about the size of the page's text on a desktop screen.
CHART_WIDTH = 800


def _quarter_so_far(today: dt.date) -> tuple[Period, Period]:
    """This quarter up to today, and the same number of days from the start of the last one."""
    quarter = Period.quarter(today.year, (today.month - 1) // 3 + 1)
    now = Period(quarter.start, today)
    last = quarter.previous()
    days = (today - quarter.start).days
    return now, Period(last.start, min(last.end, last.start + dt.timedelta(days=days)))


def _headline(scope: Scope) -> dict[str, Any]:
    received = scope.cases().filter(
        received_at__gte=scope.start,
        received_at__lt=scope.end,
        intake_type__counts_as_report=True,
    )
    exam = selectors.examination(scope)
    clocks = selectors.clocks(scope)
    met = sum(row["met"] for row in clocks)
    missed = sum(row["missed"] for row in clocks)
    return {
        "reports": received.count(),
        "registered": selectors.decisions(scope)["registered"],
        "closed": exam["closed"],
        "closure_rate": exam["closure_rate"],
        "on_time_rate": round(100 * met / (met + missed), 1) if met + missed else None,
    }


def _change(now: float | None, before: float | None) -> dict[str, Any]:
    if now is None or before is None:
        return {"now": now, "before": before, "delta": None}
    return {"now": now, "before": before, "delta": round(now - before, 2)}


def _months_back(today: dt.date, count: int = 12) -> list[Period]:
    first = today.replace(day=1)
    months = []
    for _i in range(count):
        months.append(Period.month(first.year, first.month))
        first = (first - dt.timedelta(days=1)).replace(day=1)
    return list(reversed(months))


def trend(office_ids: tuple[int, ...] | None, zone: str, today: dt.date) -> list[dict[str, Any]]:
    """Reports received and reports closed per month over the last twelve months."""
    months = _months_back(today)
    scope = Scope(office_ids, Period(months[0].start, months[-1].end), zone)
    per_month = {row["month"]: row["reports"] for row in selectors.received(scope)["by_month"]}
    closed = scope.cases().filter(closed_at__gte=scope.start, closed_at__lt=scope.end)
    from django.db.models.functions import TruncMonth

    closed_per_month: dict[str, int] = {}
    for row in (
        closed.annotate(month=TruncMonth("closed_at", tzinfo=scope.tz))
        .order_by()
        .values("month")
        .annotate(count=Count("id"))
    ):
        month = row["month"]
        key = (month.date() if isinstance(month, dt.datetime) else month).isoformat()[:7]
        closed_per_month[key] = row["count"]
    rows = []
    top = 1
    for month in months:
        key = month.start.isoformat()[:7]
        row = {
            "month": key,
            "label": f"{MONTHS_ID[month.start.month - 1][:3]} {month.start.year % 100:02d}",
            "received": per_month.get(key, 0),
            "closed": closed_per_month.get(key, 0),
        }
        top = max(top, row["received"], row["closed"])
        rows.append(row)
    for row in rows:
        row["received_pct"] = round(100 * row["received"] / top, 1)
        row["closed_pct"] = round(100 * row["closed"] / top, 1)
    return rows


def overdue_by_unit(office_ids: tuple[int, ...] | None, today: dt.date) -> list[dict[str, Any]]:
    """Running clocks past their due date, per unit of the case (and nobody's unit)."""
    clocks = Deadline.objects.filter(
        state=Deadline.State.OPEN, due_date__lt=today, case__isnull=False
    )
    if office_ids is not None:
        clocks = clocks.filter(office_id__in=office_ids)
    rows = [
        {
            "unit": row["case__unit__name"] or _("no unit yet"),
            "office": row["office__code"],
            "count": row["count"],
        }
        for row in clocks.order_by()
        .values("office__code", "case__unit__name")
        .annotate(count=Count("id"))
    ]
    return sorted(rows, key=lambda r: (-r["count"], str(r["unit"])))


def office_dashboard(office: Office, today: dt.date | None = None) -> dict[str, Any]:
    today = today or timezone.localdate()
    now, before = _quarter_so_far(today)
    zone = office.time_zone or selectors.NATIONAL_ZONE
    this = _headline(Scope((office.pk,), now, zone))
    last = _headline(Scope((office.pk,), before, zone))
    states = selectors.in_states_now(Scope((office.pk,), now, zone))
    labels = dict(State.choices)
    return {
        "office": office,
        "period": now,
        "previous": before,
        "compare": {key: _change(this[key], last[key]) for key in this},
        "trend": trend((office.pk,), zone, today),
        "overdue": overdue_by_unit((office.pk,), today),
        "states": [{"state": s, "label": labels[s], "count": n} for s, n in states.items()],
    }


def national_dashboard(today: dt.date | None = None) -> dict[str, Any]:
    """Every office side by side for this quarter so far (one grouped query per figure, not
    one per office)."""
    today = today or timezone.localdate()
    now, before = _quarter_so_far(today)
    scope, last = Scope.national(now), Scope.national(before)
    reports = Case.objects.filter(intake_type__counts_as_report=True)

    def per_office(queryset: Any, **filters: Any) -> dict[int, int]:
        return dict(
            queryset.filter(**filters)
            .order_by()
            .values_list("office_id")
            .annotate(count=Count("id"))
        )

    received_now = per_office(reports, received_at__gte=scope.start, received_at__lt=scope.end)
    received_before = per_office(reports, received_at__gte=last.start, received_at__lt=last.end)
    handled = (
        Case.objects.filter(examined_at__lt=scope.end)
        .filter(Q(closed_at__isnull=True) | Q(closed_at__gte=scope.start))
        .order_by()
        .values("office_id")
        .annotate(handled=Count("id"), closed=Count("id", filter=Q(closed_at__lt=scope.end)))
    )
    exam = {row["office_id"]: row for row in handled}
    overdue = dict(
        Deadline.objects.filter(state=Deadline.State.OPEN, due_date__lt=today, case__isnull=False)
        .order_by()
        .values_list("office_id")
        .annotate(count=Count("id"))
    )
    rows = []
    for office in Office.objects.filter(active=True).order_by("code"):
        handled_count = exam.get(office.pk, {}).get("handled", 0)
        closed_count = exam.get(office.pk, {}).get("closed", 0)
        rows.append(
            {
                "office": office,
                "received": received_now.get(office.pk, 0),
                "received_before": received_before.get(office.pk, 0),
                "handled": handled_count,
                "closed": closed_count,
                "closure_rate": (
                    round(100 * closed_count / handled_count, 2) if handled_count else None
                ),
                "overdue": overdue.get(office.pk, 0),
            }
        )
    top = max([1] + [r["received"] for r in rows])
    for row in rows:
        row["received_pct"] = round(100 * row["received"] / top, 1)
    totals = _headline(scope)
    totals_before = _headline(last)
    return {
        "period": now,
        "previous": before,
        "rows": rows,
        "compare": {key: _change(totals[key], totals_before[key]) for key in totals},
        "trend": trend(None, selectors.NATIONAL_ZONE, today),
    }


# --- views
@require_GET
@staff_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The national view for those who see every office (``?office=CODE`` opens one office);
    everyone else sees their own office."""
    user = request.user
    code = request.GET.get("office", "").strip()
    if sees_all_offices(user) and not code:
        context = national_dashboard()
        context["offices"] = Office.objects.filter(active=True).order_by("code")
        context["charts"] = _trend_charts(context["trend"])
        context["charts"].append(
            charts.bar_chart(
                [
                    {"code": r["office"].code, "label": str(r["office"]), "count": r["received"]}
                    for r in context["rows"]
                ],
                _("Reports received this quarter, per office"),
                top=12,
                width=CHART_WIDTH,
            )
        )
        return render(request, "stats/dashboard_national.html", context)
    office = offices_for(user).filter(code=code).first() if code else user.office
    if office is None:
        return render(
            request,
            "stats/dashboard_office.html",
            {"error": _("No such office, or not yours to see.")},
            status=404,
        )
    context = office_dashboard(office)
    context["national"] = sees_all_offices(user)
    context["charts"] = _trend_charts(context["trend"])
    context["targets"] = _target_chart(office, user)
    return render(request, "stats/dashboard_office.html", context)


def _target_chart(office: Office, user: Any) -> Any:
    """This quarter's targets (and the year's) against their realisation, when any are set."""
    from aduan.deadlines.workdays import local_date
    from aduan.plans import selectors as plans

    today = local_date(timezone.now(), office)
    quarter = (today.month - 1) // 3 + 1
    targets = plans.period_targets(
        plans.targets_for(user).filter(office=office), today.year, quarter
    )
    rows = plans.scorecard(targets)
    if not rows:
        return None
    return charts.target_chart(
        rows,
        _("Targets and realisation, quarter %(q)s of %(y)s") % {"q": quarter, "y": today.year},
        width=CHART_WIDTH,
    )


def _trend_charts(rows: list[dict[str, Any]]) -> list[Any]:
    """One chart of the twelve months: received and closed side by side, each count once."""
    return [
        charts.grouped_column_chart(
            rows,
            _("Reports received and closed per month"),
            series=[("received", _("received")), ("closed", _("closed"))],
            width=CHART_WIDTH,
        )
    ]


def fmt(value: float | int | None, decimals: int = 0) -> str:
    return number(value, decimals)


app_name = "dashboard"
urlpatterns = [path("", dashboard, name="index")]
