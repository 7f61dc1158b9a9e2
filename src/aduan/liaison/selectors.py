"""Reads for the liaison portal: only what is addressed to the liaison's agency and its
sub-units, never a confidential reporter's identity."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from aduan.cases import identity
from aduan.cases.errors import NotAllowed
from aduan.cases.models import (
    Case,
    ClarificationRequest,
    CorrectiveAction,
    Recommendation,
    Summons,
)
from aduan.cases.selectors import reporter_view
from aduan.cases.states import State
from aduan.deadlines.models import Deadline
from aduan.deadlines.services import extension_refusal_for_addressee
from aduan.deadlines.workdays import local_date
from aduan.directory.models import Agency, Liaison
from aduan.liaison.models import AgencyReport, Decision, ExtensionRequest, SummonsReply
from aduan.prevention.models import Suggestion, SuggestionReport, SystemicReview
from aduan.sp4n.models import Sp4nCase
from aduan.sp4n.rules import FOLLOW_UP_CODES

COLOUR_ORDER = {"red": 0, "yellow": 1, "green": 2, "grey": 3}
OPEN_CLARIFICATION = [
    ClarificationRequest.Status.WAITING,
    ClarificationRequest.Status.UNANSWERED,
]
OPEN_ACTION = [
    CorrectiveAction.Status.OPEN,
    CorrectiveAction.Status.PARTLY_DONE,
    CorrectiveAction.Status.NOT_DONE,
]
# The stages in which the agency can still act on an item (the same guards as the services of
# ``liaison.services``): outside them the item is no longer due, whatever its own status says.
DUE_STAGES = {
    "clarification": [State.EXAMINATION],
    "summons": [State.EXAMINATION],
    "action": [State.MONITORING, State.RESOLUTION, State.RECOMMENDATION],
    "recommendation": [State.RECOMMENDATION],
}


def liaison_for(user: Any) -> Liaison | None:
    """The active liaison officer behind a signed-in portal user, or None."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return (
        Liaison.objects.select_related("agency")
        .filter(user=user, active=True, agency__active=True)
        .first()
    )


def agency_ids_for(user: Any) -> list[int]:
    """The liaison's agency and every agency below it in the tree."""
    liaison = liaison_for(user)
    if liaison is None:
        return []
    return list(
        Agency.objects.filter(path__startswith=liaison.agency.path).values_list("pk", flat=True)
    )


def related_agencies(user: Any, field: str = "agency") -> Q | None:
    """A filter on ``field`` (an agency foreign key) for what is published for the liaison's
    agency, an agency above it (a city government's guideline binds its departments) or below
    it; None when ``user`` is no active liaison."""
    liaison = liaison_for(user)
    if liaison is None:
        return None
    path = liaison.agency.path
    above = [path[:end] for end in range(Agency.steplen, len(path) + 1, Agency.steplen)]
    return Q(**{f"{field}__path__in": above}) | Q(**{f"{field}__path__startswith": path})


def _clarifications(ids: list[int]) -> QuerySet[ClarificationRequest]:
    return ClarificationRequest.objects.filter(agency_id__in=ids)


def _summonses(ids: list[int]) -> QuerySet[Summons]:
    return Summons.objects.filter(case__agency_id__in=ids)


def _actions(ids: list[int]) -> QuerySet[CorrectiveAction]:
    return CorrectiveAction.objects.filter(addressee_id__in=ids)


def _recommendations(ids: list[int]) -> QuerySet[Recommendation]:
    return Recommendation.objects.filter(addressee_id__in=ids, sent_at__isnull=False)


def _dispositions(ids: list[int]) -> QuerySet[Sp4nCase]:
    """Reports an agency complaint unit forwarded to one of the agencies (SP4N-LAPOR!)."""
    return Sp4nCase.objects.filter(handling_agency_id__in=ids, forwarded_at__isnull=False)


def _suggestions(ids: list[int]) -> QuerySet[Suggestion]:
    """Improvement suggestions of published systemic reviews addressed to the agencies (no
    case, and nothing of a case, comes with them)."""
    return Suggestion.objects.filter(
        agency_id__in=ids, review__status=SystemicReview.Status.PUBLISHED
    )


def liaison_cases(user: Any) -> QuerySet[Case]:
    """Cases with something addressed to the liaison's agency (or a sub-unit): a clarification
    request, a summons, a corrective action, a sent recommendation, or a complaint unit's
    report forwarded to it. Nothing else."""
    ids = agency_ids_for(user)
    if not ids:
        return Case.objects.none()
    return Case.objects.filter(
        Q(Exists(_clarifications(ids).filter(case=OuterRef("pk"))))
        | Q(Exists(_summonses(ids).filter(case=OuterRef("pk"))))
        | Q(Exists(_actions(ids).filter(case=OuterRef("pk"))))
        | Q(Exists(_recommendations(ids).filter(case=OuterRef("pk"))))
        | Q(Exists(_dispositions(ids).filter(case=OuterRef("pk"))))
    )


def liaison_case(user: Any, pk: int) -> Case:
    """One case of the liaison, or NotAllowed (absent and not addressed look the same)."""
    case = liaison_cases(user).select_related("office", "agency").filter(pk=pk).first()
    if case is None:
        raise NotAllowed(_("No such case, or it is not addressed to your agency."))
    return case


def _still_due(queryset: QuerySet, kind: str) -> QuerySet:
    """Only the items the agency can still act on: the case in the stage where the answer is
    taken (not closed, not moved past it), and not an item whose clocks were all stopped (met or
    cancelled) — an item with no clock at all, or with a clock running, waiting for its receipt
    or run out (overdue), still waits for the agency."""
    model = queryset.model
    clocks = Deadline.objects.filter(
        subject_type=ContentType.objects.get_for_model(model),
        subject_id=Cast(OuterRef("pk"), CharField()),
    )
    stopped = [Deadline.State.MET, Deadline.State.CANCELLED]
    return queryset.filter(case__state__in=DUE_STAGES[kind]).exclude(
        Q(Exists(clocks.filter(state__in=stopped))) & ~Q(Exists(clocks.exclude(state__in=stopped)))
    )


def _clock(subject: Any) -> Deadline | None:
    if isinstance(subject, Sp4nCase):  # the class's follow-up clock runs on the case itself
        return (
            Deadline.objects.open()
            .filter(case=subject.case_id, rule__code__in=FOLLOW_UP_CODES)
            .first()
        )
    # A clock waiting for the agency's receipt shows too: it starts when the case is opened.
    return Deadline.objects.live().for_subject(subject).first()


def _item(
    kind: str,
    label: str,
    obj: Any,
    text: str,
    today: dt.date | None,
    *,
    office: Any = None,
    title: str = "",
) -> dict[str, Any]:
    """An inbox item. Items of a case (everything but a systemic review's suggestion) are
    redacted for a confidential reporter; a suggestion has no case and gives its office and
    title."""
    case = getattr(obj, "case", None)
    clock = _clock(obj)
    day = today or local_date(timezone.now(), office or case.office)
    pending = (
        ExtensionRequest.objects.filter(deadline=clock, status=Decision.PENDING).exists()
        if clock
        else False
    )
    return {
        "kind": kind,
        "label": label,
        "object": obj,
        "case": case,
        # A confidential case shows the agency its approved title only; whatever staff or the
        # reporter wrote is passed through the identity guard's redaction as a second net.
        "title": agency_title(case) if case is not None else title,
        "text": identity.redact(case, text) if case is not None else text,
        "clock": clock,
        "due": clock.due_date if clock else None,
        "colour": clock.colour(day) if clock else "grey",
        "legal_source": clock.legal_source if clock else "",
        "extension_pending": pending,
        # A clock the law fixes cannot be extended: the form gives way to what happens instead.
        "extension_refused": extension_refusal_for_addressee(clock) if clock else "",
    }


def agency_title(case: Case) -> str:
    """The case's title as the agency may read it (``identity.agency_text``), redacted."""
    text = identity.agency_text(case)
    if text is None:
        return _("Confidential report (the summary for your agency is being prepared)")
    return identity.redact(case, text["title"])


def agency_summary(case: Case) -> dict[str, str] | None:
    """Title and summary of the case for the agency, redacted; None while a confidential case
    has no approved summary (the portal then says so, never showing the reporter's words)."""
    text = identity.agency_text(case)
    if text is None:
        return None
    return {
        "title": identity.redact(case, text["title"]),
        "summary": identity.redact(case, text["summary"]),
    }


def _suggestion_item(suggestion: Suggestion, today: dt.date | None) -> dict[str, Any]:
    """The inbox item of an improvement suggestion (no case: its review's office and title)."""
    return _item(
        "suggestion",
        _("Improvement suggestion"),
        suggestion,
        suggestion.text,
        today,
        office=suggestion.review.office,
        title=suggestion.review.title,
    )


def clarification_item(request: ClarificationRequest) -> dict[str, Any]:
    """The inbox item of one clarification request (its clock, colour and legal basis)."""
    return _item("clarification", _("Clarification request"), request, request.questions, None)


def clarification_still_due(user: Any, request: ClarificationRequest) -> bool:
    """Whether the request still waits for the agency's answer (as the inbox says)."""
    ids = agency_ids_for(user)
    return _still_due(
        _clarifications(ids).filter(pk=request.pk, status=ClarificationRequest.Status.WAITING),
        "clarification",
    ).exists()


def liaison_inbox(
    user: Any, today: dt.date | None = None, *, case: Case | None = None
) -> list[dict[str, Any]]:
    """What waits for the agency: open clarification requests, scheduled summonses, corrective
    actions not yet done, recommendations waiting for the implementation report; each with its
    clock, colour and legal basis; and the open improvement suggestions of published systemic
    reviews (no case); red first, then by due date. With ``case``: only what waits on that
    case (the case page reads its own items, not the whole inbox's)."""
    ids = agency_ids_for(user)
    if not ids:
        return []
    items = []

    def of_case(queryset: QuerySet) -> QuerySet:
        return queryset if case is None else queryset.filter(case=case)

    # Only what is still due: answered, waived or closed items, items whose case is closed or
    # past their stage, and items whose clocks were stopped are not waiting for the agency.
    for request in _still_due(
        of_case(_clarifications(ids)).filter(status=ClarificationRequest.Status.WAITING),
        "clarification",
    ).select_related("case__office"):
        items.append(
            _item("clarification", _("Clarification request"), request, request.questions, today)
        )
    for summons in _still_due(
        of_case(_summonses(ids)).filter(outcome=Summons.Outcome.SCHEDULED), "summons"
    ).select_related("case__office"):
        text = _("%(person)s, on %(at)s") % {
            "person": summons.person,
            "at": date_format(timezone.localtime(summons.scheduled_for), "DATETIME_FORMAT"),
        }
        item = _item("summons", _("Summons"), summons, text, today)
        item["reply"] = summons.replies.order_by("-at", "-id").first()
        items.append(item)
    for action in _still_due(
        of_case(_actions(ids)).filter(status__in=OPEN_ACTION), "action"
    ).select_related("case__office"):
        item = _item("action", _("Corrective action"), action, action.description, today)
        item["report_pending"] = action.agency_reports.filter(decision=Decision.PENDING).exists()
        items.append(item)
    for recommendation in _still_due(
        of_case(_recommendations(ids)).filter(outcome=Recommendation.Outcome.PENDING),
        "recommendation",
    ).select_related("case__office"):
        item = _item(
            "recommendation", _("Recommendation"), recommendation, recommendation.content, today
        )
        item["report_pending"] = recommendation.agency_reports.filter(
            decision=Decision.PENDING
        ).exists()
        items.append(item)
    for record in (
        of_case(_dispositions(ids))
        .filter(answered_at__isnull=True, case__state=State.EXAMINATION)
        .select_related("case__office")
    ):
        text = _("%(class)s, forwarded on %(at)s") % {
            "class": record.get_report_class_display(),
            "at": date_format(timezone.localtime(record.forwarded_at), "DATE_FORMAT"),
        }
        items.append(_item("sp4n", _("Report to follow up (SP4N-LAPOR!)"), record, text, today))
    for suggestion in (
        (_suggestions(ids) if case is None else _suggestions(ids).none())
        .filter(status__in=[Suggestion.Status.OPEN, Suggestion.Status.PARTLY])
        .select_related("review__office")
    ):
        item = _suggestion_item(suggestion, today)
        item["report_pending"] = suggestion.reports.filter(decision=Decision.PENDING).exists()
        items.append(item)
    far = dt.date.max
    items.sort(
        key=lambda i: (
            COLOUR_ORDER[i["colour"]],
            i["due"] or far,
            i["case"].pk if i["case"] is not None else 0,
            i["object"].pk,
        )
    )
    return items


def case_items(user: Any, case: Case) -> dict[str, list]:
    """Everything on ``case`` addressed to the liaison's agency, open or closed."""
    ids = agency_ids_for(user)
    return {
        "clarifications": list(_clarifications(ids).filter(case=case)),
        "summonses": list(_summonses(ids).filter(case=case)),
        "actions": list(_actions(ids).filter(case=case).prefetch_related("agency_reports")),
        "recommendations": list(
            _recommendations(ids).filter(case=case).prefetch_related("agency_reports")
        ),
        "summons_replies": list(
            SummonsReply.objects.filter(summons__in=_summonses(ids).filter(case=case))
        ),
        "dispositions": list(_dispositions(ids).filter(case=case)),
    }


def case_reporters(user: Any, case: Case) -> list[str]:
    """The reporters' names as the agency may learn them: masked when confidential (through
    ``reporter_view`` with the liaison as viewer), the name only otherwise, never contacts."""
    return [reporter_view(r, user)["name"] for r in case.reporters.all()]


def deadline_for_liaison(user: Any, pk: int) -> Deadline:
    """An open clock of an inbox item of the liaison (on a case, or an improvement
    suggestion's follow-up), or NotAllowed."""
    for item in liaison_inbox(user):
        if item["clock"] is not None and item["clock"].pk == pk:
            return item["clock"]
    raise NotAllowed(_("No such running clock addressed to your agency."))


def liaison_suggestion(user: Any, pk: int) -> Suggestion:
    """One suggestion of a published review addressed to the liaison's agency (or a sub-unit),
    or NotAllowed (absent, a draft's and another agency's look the same)."""
    suggestion = (
        _suggestions(agency_ids_for(user))
        .select_related("review__office", "agency")
        .filter(pk=pk)
        .first()
    )
    if suggestion is None:
        raise NotAllowed(_("No such suggestion, or it is not addressed to your agency."))
    return suggestion


def suggestion_page(user: Any, suggestion: Suggestion, today: dt.date | None = None) -> dict:
    """What the liaison's page of a suggestion shows: its clock (as in the inbox), the earlier
    reports with their decisions, and whether a new report can be sent."""
    item = _suggestion_item(suggestion, today)
    reports = list(suggestion.reports.select_related("by"))
    pending = any(r.decision == Decision.PENDING for r in reports)
    return {
        "item": item,
        "reports": reports,
        "report_pending": pending,
        "can_report": not pending and suggestion.status not in Suggestion.FINAL,
        "statuses": [
            (value, label)
            for value, label in Suggestion.Status.choices
            if value in SuggestionReport.STATUSES
        ],
    }


def suggestion_report_for_liaison(user: Any, pk: int) -> SuggestionReport:
    """A report on a suggestion addressed to the liaison's agency, or NotAllowed."""
    report = (
        SuggestionReport.objects.filter(pk=pk, suggestion__in=_suggestions(agency_ids_for(user)))
        .select_related("suggestion")
        .first()
    )
    if report is None:
        raise NotAllowed(_("No such report of your agency."))
    return report


def manageable_agencies(user: Any) -> QuerySet[Agency]:
    """The agencies whose focal points ``user`` may invite and deactivate: every agency for a
    national role; otherwise the agencies in the office's jurisdiction (by region, with
    everything below them in the tree) and the agencies named on the office's cases. Nothing
    for anyone else."""
    from aduan.directory.scoping import sees_all_offices

    if sees_all_offices(user):
        return Agency.objects.all()
    office = getattr(user, "office", None)
    if office is None or not getattr(user, "role", ""):
        return Agency.objects.none()
    within = Q()
    for code in office.jurisdiction.values_list("code", flat=True):
        within |= Q(region__code=code) | Q(region__code__startswith=f"{code}.")
    roots = list(Agency.objects.filter(within).values_list("path", flat=True)) if within else []
    below = Q(pk__in=[])
    for path in roots:
        below |= Q(path__startswith=path)
    on_cases = Q(pk__in=Case.objects.filter(office=office).values("agency_id"))
    return Agency.objects.filter(below | on_cases)


def focal_points(user: Any) -> list[dict[str, Any]]:
    """The agencies ``user`` may manage, each with its liaisons and whether one has an active
    portal account."""
    agencies = manageable_agencies(user).filter(active=True)
    liaisons: dict[int, list[Liaison]] = {}
    for liaison in Liaison.objects.filter(active=True, agency__in=agencies).select_related("user"):
        liaisons.setdefault(liaison.agency_id, []).append(liaison)
    rows = []
    for agency in agencies.order_by("path"):
        people = liaisons.get(agency.pk, [])
        rows.append(
            {
                "agency": agency,
                "liaisons": people,
                "active": any(p.user_id and p.user.is_active for p in people),
            }
        )
    return rows


def office_suggestion_reports(user: Any) -> QuerySet[SuggestionReport]:
    """Reports on suggestions of the reviews of the user's offices (every office for a national
    role), scoped like the prevention pages."""
    from aduan.prevention.selectors import suggestion_reports_for

    if not (getattr(user, "is_superuser", False) or getattr(user, "role", "")):
        return SuggestionReport.objects.none()
    return suggestion_reports_for(user)


def office_extension_requests(user: Any) -> QuerySet[ExtensionRequest]:
    """Requests for more time the user's office decides: on the user's cases, and on the
    follow-up clocks of improvement suggestions of the user's offices' reviews (no case)."""
    from aduan.cases.selectors import cases_for
    from aduan.directory.scoping import limit_to_offices

    if not (getattr(user, "is_superuser", False) or getattr(user, "role", "")):
        return ExtensionRequest.objects.none()
    on_cases = ExtensionRequest.objects.filter(case__in=cases_for(user).values("pk"))
    on_suggestions = limit_to_offices(
        ExtensionRequest.objects.filter(case__isnull=True), user, "deadline__office"
    )
    return on_cases | on_suggestions


def _with_suggestions(requests: QuerySet[ExtensionRequest]) -> list[ExtensionRequest]:
    """The requests, each without a case given its ``suggestion`` (with its review) to show."""
    rows = list(requests)
    ids = {int(r.deadline.subject_id) for r in rows if r.case_id is None}
    suggestions = Suggestion.objects.select_related("review", "agency").in_bulk(ids)
    for row in rows:
        row.suggestion = (
            suggestions.get(int(row.deadline.subject_id)) if row.case_id is None else None
        )
    return rows


def pending_reviews(user: Any) -> dict[str, list]:
    """Agency reports and extension requests waiting for the office, on the user's cases, and
    agencies' reports on improvement suggestions of the user's offices' reviews."""
    from aduan.cases.selectors import cases_for

    case_ids = cases_for(user).values("pk")
    return {
        "reports": list(
            AgencyReport.objects.filter(
                Q(action__case__in=case_ids) | Q(recommendation__case__in=case_ids),
                decision=Decision.PENDING,
            ).select_related("action__case", "recommendation__case", "by")
        ),
        "summons_replies": list(
            SummonsReply.objects.filter(
                summons__case__in=case_ids, summons__outcome=Summons.Outcome.SCHEDULED
            ).select_related("summons__case", "by")
        ),
        "extensions": _with_suggestions(
            office_extension_requests(user)
            .filter(status=Decision.PENDING)
            .select_related("case", "deadline__rule", "by")
            .order_by("at", "id")
        ),
        "suggestion_reports": list(
            office_suggestion_reports(user)
            .filter(decision=Decision.PENDING)
            .select_related("suggestion__review", "suggestion__agency", "by")
        ),
    }
