"""The agency scorecard (UU 37/2008 Ps.42, for the quarterly report): per agency, how many
cases, how fast and how often it answered clarification requests on time, corrective actions
still open, recommendations implemented, and refusals. Aggregated in the database, a fixed
number of queries whatever the number of agencies; always over a scoped case queryset."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Avg,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.fields import CharField
from django.db.models.functions import Cast, TruncDate
from django.utils.translation import gettext as _

from aduan.cases.models import Case, ClarificationRequest, CorrectiveAction, Recommendation
from aduan.deadlines.models import Deadline
from aduan.directory.models import Agency

CR = ClarificationRequest.Status
REFUSED_CLARIFICATION = [CR.UNANSWERED, CR.WAIVED]
NOT_DONE_ACTION = [
    CorrectiveAction.Status.OPEN,
    CorrectiveAction.Status.PARTLY_DONE,
    CorrectiveAction.Status.NOT_DONE,
]


def _bounded(
    cases_qs: QuerySet[Case], since: dt.date | None, until: dt.date | None
) -> QuerySet[Case]:
    if since:
        cases_qs = cases_qs.filter(received_at__date__gte=since)
    if until:
        cases_qs = cases_qs.filter(received_at__date__lte=until)
    return cases_qs


def _by_agency(rows: Any, key: str) -> dict[int, dict[str, Any]]:
    return {row[key]: row for row in rows}


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def agency_scorecard(
    *,
    agencies_qs: QuerySet[Agency],
    cases_qs: QuerySet[Case],
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> list[dict[str, Any]]:
    """One row per agency of ``agencies_qs`` with anything on the cases of ``cases_qs``
    (received between ``since`` and ``until``), sorted by number of cases, most first.

    On time: the request was answered no later than the due date of its clock (the one the
    Ombudsman started for it, extensions included). Refusals: clarification requests left
    unanswered or deemed waived, recommendations reported as not implemented."""
    case_ids = _bounded(cases_qs, since, until).values("pk")
    agency_ids = agencies_qs.values("pk")

    cases = _by_agency(
        Case.objects.filter(pk__in=case_ids, agency_id__in=agency_ids)
        .values("agency_id")
        .annotate(n=Count("pk")),
        "agency_id",
    )

    due = Deadline.objects.filter(
        subject_type=ContentType.objects.get_for_model(ClarificationRequest),
        subject_id=Cast(OuterRef("pk"), output_field=CharField()),
    ).order_by(F("due_date").desc(nulls_last=True))  # a clock still waiting has no due date
    answered = Q(status=CR.ANSWERED, answered_at__isnull=False)
    clarifications = _by_agency(
        ClarificationRequest.objects.filter(case_id__in=case_ids, agency_id__in=agency_ids)
        .annotate(
            due=Subquery(due.values("due_date")[:1]),
            answered_on=TruncDate("answered_at"),
            took=ExpressionWrapper(F("answered_at") - F("sent_at"), output_field=DurationField()),
        )
        .values("agency_id")
        .annotate(
            total=Count("pk"),
            answered=Count("pk", filter=answered),
            on_time=Count("pk", filter=answered & Q(due__isnull=False, answered_on__lte=F("due"))),
            refused=Count("pk", filter=Q(status__in=REFUSED_CLARIFICATION)),
            took=Avg("took", filter=answered),
        ),
        "agency_id",
    )

    actions = _by_agency(
        CorrectiveAction.objects.filter(case_id__in=case_ids, addressee_id__in=agency_ids)
        .values("addressee_id")
        .annotate(total=Count("pk"), open=Count("pk", filter=Q(status__in=NOT_DONE_ACTION))),
        "addressee_id",
    )

    RO = Recommendation.Outcome
    recommendations = _by_agency(
        Recommendation.objects.filter(
            case_id__in=case_ids, addressee_id__in=agency_ids, sent_at__isnull=False
        )
        .values("addressee_id")
        .annotate(
            total=Count("pk"),
            reported=Count("pk", filter=~Q(outcome=RO.PENDING)),
            implemented=Count("pk", filter=Q(outcome=RO.IMPLEMENTED)),
            refused=Count("pk", filter=Q(outcome=RO.NOT_IMPLEMENTED)),
        ),
        "addressee_id",
    )

    ids = set(cases) | set(clarifications) | set(actions) | set(recommendations)
    agencies = {a.pk: a for a in Agency.objects.filter(pk__in=ids)}
    rows = []
    for pk, agency in agencies.items():
        c = clarifications.get(pk, {})
        a = actions.get(pk, {})
        r = recommendations.get(pk, {})
        took = c.get("took")
        if took is not None and not isinstance(took, dt.timedelta):  # a backend's raw value
            took = dt.timedelta(microseconds=float(took))
        refused_clarifications = c.get("refused", 0)
        refused_recommendations = r.get("refused", 0)
        rows.append(
            {
                "agency": agency,
                "cases": cases.get(pk, {}).get("n", 0),
                "clarifications": c.get("total", 0),
                "answered": c.get("answered", 0),
                "answered_on_time": c.get("on_time", 0),
                "on_time_percent": _percent(c.get("on_time", 0), c.get("total", 0)),
                "average_days": round(took.total_seconds() / 86400, 1) if took else None,
                "actions": a.get("total", 0),
                "open_actions": a.get("open", 0),
                "recommendations": r.get("total", 0),
                "recommendations_reported": r.get("reported", 0),
                "recommendations_implemented": r.get("implemented", 0),
                "implemented_percent": _percent(r.get("implemented", 0), r.get("reported", 0)),
                "refused_clarifications": refused_clarifications,
                "refused_recommendations": refused_recommendations,
                "refusals": refused_clarifications + refused_recommendations,
            }
        )
    rows.sort(key=lambda row: (-row["cases"], row["agency"].name, row["agency"].pk))
    return rows


def _cell(text: str) -> str:
    """No spreadsheet formula from an agency's name."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def scorecard_csv(rows: list[dict[str, Any]]) -> str:
    """The scorecard as CSV text (one header line, one line per agency)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            _("Agency"),
            _("Cases"),
            _("Clarification requests"),
            _("Answered on time"),
            _("Answered on time (%)"),
            _("Average days to answer"),
            _("Open corrective actions"),
            _("Recommendations reported"),
            _("Recommendations implemented"),
            _("Recommendations implemented (%)"),
            _("Clarifications refused (unanswered or waived)"),
            _("Recommendations not implemented"),
        ]
    )
    for row in rows:
        writer.writerow(
            [
                _cell(row["agency"].name),
                row["cases"],
                row["clarifications"],
                row["answered_on_time"],
                "" if row["on_time_percent"] is None else row["on_time_percent"],
                "" if row["average_days"] is None else row["average_days"],
                row["open_actions"],
                row["recommendations_reported"],
                row["recommendations_implemented"],
                "" if row["implemented_percent"] is None else row["implemented_percent"],
                row["refused_clarifications"],
                row["refused_recommendations"],
            ]
        )
    return out.getvalue()
