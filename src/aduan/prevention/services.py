"""State changes of prevention work, one function per change: permission
(``prevention.permissions``), lock the row, guard the state, one transaction, an audit event.

Activities: ``activity_create``, ``activity_update``, ``activity_link_cases``,
``activity_unlink_case``, ``activity_add_document``. Systemic reviews: ``review_create``,
``review_update`` and ``suggestion_add`` (while a draft), ``review_publish`` (draft → published,
by a head or a member; starts each suggestion's follow-up clock, rule
``tindak-lanjut-saran-perbaikan``, whose due date becomes the suggestion's), ``suggestion_respond``
(the agency's response: implemented or not implemented settles it and stops the clock as met;
a partly implemented suggestion may be answered again and its clock runs on),
``suggestion_extend`` (more days on a running clock, with a reason). The agency's liaison
officer may report a suggestion followed up through the portal (``suggestion_report``); the
office accepts the report, which records it through ``suggestion_respond``, or sends it back
(``suggestion_report_decide``). Service standards:
``mapping_record`` (a new dated snapshot, never a change of an earlier one),
``assistance_record``. Network: ``partner_create``, ``partner_update``, ``agreement_create``,
``agreement_update``, ``contact_add``, ``contact_remove``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aduan.core import audit
from aduan.core.errors import DomainError
from aduan.deadlines import services as deadlines
from aduan.deadlines.models import Deadline
from aduan.liaison.models import Decision
from aduan.prevention.models import (
    COMPONENT_CODES,
    Activity,
    ActivityDocument,
    ActivityFinding,
    ActivityKind,
    Agreement,
    AssistanceSession,
    Contact,
    Partner,
    StandardMapping,
    Suggestion,
    SuggestionReport,
    SystemicReview,
    kinds,
)
from aduan.prevention.permissions import NotAllowed, PreventionError, WrongState, require
from aduan.prevention.seed import RULE_CODE as FOLLOW_UP_RULE

ACTIVITY_FIELDS = (
    "kind",
    "title",
    "topic",
    "place",
    "start_date",
    "end_date",
    "event_tag",
    "description",
    "attendees",
    "participants_total",
    "participants_women",
    "participants_men",
    "reports_taken",
    "outcome",
)
REVIEW_FIELDS = ("title", "topic", "period_start", "period_end", "findings")
PARTNER_FIELDS = ("name", "kind", "address", "website", "notes", "active")
AGREEMENT_FIELDS = ("number", "title", "signed_on", "valid_from", "valid_until", "scope")

AUDIT_ACTIONS = {
    "prevention.activity_created": gettext_lazy("Prevention activity recorded"),
    "prevention.finding_added": gettext_lazy("Monitoring finding recorded"),
    "prevention.activity_updated": gettext_lazy("Prevention activity changed"),
    "prevention.activity_cases_linked": gettext_lazy("Reports linked to a prevention activity"),
    "prevention.activity_case_unlinked": gettext_lazy("Report unlinked from a prevention activity"),
    "prevention.activity_document_added": gettext_lazy("Material added to a prevention activity"),
    "prevention.review_created": gettext_lazy("Systemic review drafted"),
    "prevention.review_updated": gettext_lazy("Systemic review changed"),
    "prevention.review_published": gettext_lazy("Systemic review published"),
    "prevention.suggestion_added": gettext_lazy("Improvement suggestion added"),
    "prevention.suggestion_responded": gettext_lazy("Agency's response to a suggestion recorded"),
    "prevention.suggestion_reported": gettext_lazy(
        "Agency's liaison reported the follow-up of a suggestion"
    ),
    "prevention.suggestion_report_accepted": gettext_lazy(
        "Agency's report on a suggestion accepted"
    ),
    "prevention.suggestion_report_sent_back": gettext_lazy(
        "Agency's report on a suggestion sent back"
    ),
    "prevention.mapping_recorded": gettext_lazy("Service-standard mapping recorded"),
    "prevention.assistance_recorded": gettext_lazy("Service-standard assistance recorded"),
    "prevention.partner_created": gettext_lazy("Partner institution added"),
    "prevention.partner_updated": gettext_lazy("Partner institution changed"),
    "prevention.agreement_created": gettext_lazy("Agreement with a partner recorded"),
    "prevention.agreement_updated": gettext_lazy("Agreement with a partner changed"),
    "prevention.contact_added": gettext_lazy("Partner contact added"),
    "prevention.contact_removed": gettext_lazy("Partner contact removed"),
}


def _actor(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _apply(instance: Any, fields: dict[str, Any], allowed: Iterable[str]) -> dict[str, Any]:
    """Set the allowed fields given; return {field: (old, new)} of what changed."""
    changed: dict[str, Any] = {}
    for name in allowed:
        if name in fields:
            old, new = getattr(instance, name), fields[name]
            if old != new:
                changed[name] = (old, new)
                setattr(instance, name, new)
    return changed


def _lock(model: type, pk: int) -> Any:
    return model.objects.select_for_update().get(pk=pk)


def _file_meta(upload: Any) -> tuple[str, str, int]:
    """(original name, content type, size) of an accepted upload, by the case documents' rules
    (``aduan.cases.documents.check_upload``: size limit, type from the content). The upload is
    renamed to its content's hash and real extension, as case documents are stored: a long
    original name (kept in the record for downloads) would not fit the file field. Call it
    before the upload is assigned to a field."""
    from aduan.cases.documents import check_upload

    name = (getattr(upload, "name", "") or "file").replace("\\", "/").rsplit("/", 1)[-1][:255]
    try:
        content_type, extension, sha256 = check_upload(upload)
    except DomainError as exc:
        raise PreventionError(str(exc)) from exc
    upload.name = f"{sha256[:16]}.{extension}"
    return name, content_type, upload.size


# --- activities ---------------------------------------------------------------


def _check_activity(activity: Activity) -> None:
    if not (activity.title or "").strip():
        raise PreventionError(_("Give the activity a title."))
    if isinstance(activity.kind, ActivityKind):
        activity.kind = activity.kind.code
    row = kinds().get(activity.kind)
    if row is None or not row.active:
        raise PreventionError(_("Unknown kind of activity."))
    if activity.end_date and activity.end_date < activity.start_date:
        raise PreventionError(_("The last day cannot be before the first."))
    split = (activity.participants_women or 0) + (activity.participants_men or 0)
    if split > activity.participants_total:
        raise PreventionError(_("Women and men together exceed the number of participants."))


def _check_counterpart(activity: Activity, partners: list[Any]) -> None:
    row = kinds().get(activity.kind)
    if row is not None and row.needs_counterpart and not partners:
        raise PreventionError(
            _(
                "A %(kind)s names the institution visited or visiting: choose it among the "
                "partners (add it to the network first if it is not there)."
            )
            % {"kind": row.label.lower()}
        )


def activity_finding_add(
    *, activity: Activity, actor: Any, fields: dict[str, Any], agencies: Iterable[Any] = ()
) -> ActivityFinding:
    """Record what a monitoring activity found at one place, with the agencies involved."""
    require(actor, "work", activity.office)
    if not activity.records_findings:
        raise PreventionError(
            _("Findings per place are recorded for monitoring activities, not for a %(kind)s.")
            % {"kind": activity.kind_label.lower()}
        )
    place = (fields.get("place") or "").strip()
    finding = (fields.get("finding") or "").strip()
    if not place or not finding:
        raise PreventionError(_("Give the place and what was found there."))
    with transaction.atomic():
        activity = _lock(Activity, activity.pk)
        row = ActivityFinding.objects.create(
            activity=activity,
            region=fields.get("region"),
            place=place[:200],
            finding=finding,
            follow_up=(fields.get("follow_up") or "").strip(),
            created_by=_actor(actor),
        )
        agencies = list(agencies)
        row.agencies.set(agencies)
        audit.record(
            "prevention.finding_added",
            actor=actor,
            target=activity,
            office=activity.office,
            new={"finding": row.pk, "place": row.place, "agencies": [a.pk for a in agencies]},
        )
    return row


def _set_m2m(instance: Any, **relations: Iterable[Any] | None) -> None:
    for name, values in relations.items():
        if values is not None:
            getattr(instance, name).set(list(values))


def activity_create(
    *,
    office: Any,
    actor: Any,
    fields: dict[str, Any],
    staff: Iterable[Any] = (),
    agencies: Iterable[Any] = (),
    partners: Iterable[Any] = (),
) -> Activity:
    """Record an activity of ``office``."""
    require(actor, "work", office)
    activity = Activity(office=office, created_by=_actor(actor))
    _apply(activity, fields, ACTIVITY_FIELDS)
    _check_activity(activity)
    partners = list(partners)
    _check_partners(office, partners)
    _check_counterpart(activity, partners)
    with transaction.atomic():
        activity.save()
        _set_m2m(activity, staff=staff, agencies=agencies, partners=partners)
        audit.record(
            "prevention.activity_created",
            actor=actor,
            target=activity,
            office=office,
            new={"kind": activity.kind, "title": activity.title, "date": activity.start_date},
        )
    return activity


def activity_update(
    *,
    activity: Activity,
    actor: Any,
    fields: dict[str, Any],
    staff: Iterable[Any] | None = None,
    agencies: Iterable[Any] | None = None,
    partners: Iterable[Any] | None = None,
) -> Activity:
    """Change an activity's record (relations given replace the current ones)."""
    require(actor, "work", activity.office)
    with transaction.atomic():
        activity = _lock(Activity, activity.pk)
        changed = _apply(activity, fields, ACTIVITY_FIELDS)
        _check_activity(activity)
        if partners is not None:
            partners = list(partners)
            _check_partners(activity.office, partners)
        _check_counterpart(
            activity, partners if partners is not None else list(activity.partners.all())
        )
        activity.save()
        _set_m2m(activity, staff=staff, agencies=agencies, partners=partners)
        audit.record(
            "prevention.activity_updated",
            actor=actor,
            target=activity,
            office=activity.office,
            old={k: v[0] for k, v in changed.items()},
            new={k: v[1] for k, v in changed.items()},
        )
    return activity


def activity_link_cases(*, activity: Activity, actor: Any, cases: Iterable[Any]) -> int:
    """Link reports opened at the activity; only reports of the same office. Returns how many
    were newly linked."""
    require(actor, "work", activity.office)
    cases = list(cases)
    if any(case.office_id != activity.office_id for case in cases):
        raise PreventionError(_("Only reports of the activity's office can be linked."))
    with transaction.atomic():
        activity = _lock(Activity, activity.pk)
        already = set(activity.cases.values_list("pk", flat=True))
        new = [case for case in cases if case.pk not in already]
        activity.cases.add(*new)
        if new:
            audit.record(
                "prevention.activity_cases_linked",
                actor=actor,
                target=activity,
                office=activity.office,
                new={"cases": [case.reference for case in new]},
            )
    return len(new)


def activity_unlink_case(*, activity: Activity, actor: Any, case: Any) -> None:
    require(actor, "work", activity.office)
    with transaction.atomic():
        activity = _lock(Activity, activity.pk)
        if not activity.cases.filter(pk=case.pk).exists():
            raise PreventionError(_("This report is not linked to the activity."))
        activity.cases.remove(case)
        audit.record(
            "prevention.activity_case_unlinked",
            actor=actor,
            target=activity,
            office=activity.office,
            old={"case": case.reference},
        )


def activity_add_document(
    *, activity: Activity, actor: Any, upload: Any, title: str = ""
) -> ActivityDocument:
    """Attach material (slides, attendance list, photos) to an activity."""
    require(actor, "work", activity.office)
    if upload is None:
        raise PreventionError(_("Choose a file."))
    name, content_type, size = _file_meta(upload)
    with transaction.atomic():
        activity = _lock(Activity, activity.pk)
        document = ActivityDocument.objects.create(
            activity=activity,
            title=(title or "").strip()[:200],
            file=upload,
            original_name=name,
            content_type=content_type,
            size=size,
            uploaded_by=_actor(actor),
        )
        audit.record(
            "prevention.activity_document_added",
            actor=actor,
            target=activity,
            office=activity.office,
            new={"document": document.pk, "name": name},
        )
    return document


# --- systemic reviews and suggestions -------------------------------------------


def _check_review(review: SystemicReview) -> None:
    if not (review.title or "").strip() or not (review.topic or "").strip():
        raise PreventionError(_("A review needs a title and a topic."))
    if review.period_end < review.period_start:
        raise PreventionError(_("The period ends before it begins."))


def review_create(
    *, office: Any, actor: Any, fields: dict[str, Any], agencies: Iterable[Any] = ()
) -> SystemicReview:
    """Draft a systemic review of ``office``."""
    require(actor, "work", office)
    review = SystemicReview(office=office, created_by=_actor(actor))
    _apply(review, fields, REVIEW_FIELDS)
    _check_review(review)
    with transaction.atomic():
        review.save()
        review.agencies.set(list(agencies))
        audit.record(
            "prevention.review_created",
            actor=actor,
            target=review,
            office=office,
            new={"title": review.title, "topic": review.topic},
        )
    return review


def review_update(
    *,
    review: SystemicReview,
    actor: Any,
    fields: dict[str, Any],
    agencies: Iterable[Any] | None = None,
) -> SystemicReview:
    """Change a draft review; a published review is not rewritten."""
    require(actor, "work", review.office)
    with transaction.atomic():
        review = _lock(SystemicReview, review.pk)
        if review.status != SystemicReview.Status.DRAFT:
            raise WrongState(_("A published review is not changed."))
        changed = _apply(review, fields, REVIEW_FIELDS)
        _check_review(review)
        review.save()
        if agencies is not None:
            review.agencies.set(list(agencies))
        audit.record(
            "prevention.review_updated",
            actor=actor,
            target=review,
            office=review.office,
            old={k: v[0] for k, v in changed.items()},
            new={k: v[1] for k, v in changed.items()},
        )
    return review


def suggestion_add(*, review: SystemicReview, actor: Any, agency: Any, text: str) -> Suggestion:
    """Add an improvement suggestion to a draft review. It has no due date yet: its follow-up
    clock starts when the review is published."""
    require(actor, "work", review.office)
    text = (text or "").strip()
    if not text:
        raise PreventionError(_("Write the suggestion."))
    with transaction.atomic():
        review = _lock(SystemicReview, review.pk)
        if review.status != SystemicReview.Status.DRAFT:
            raise WrongState(_("Suggestions are added while the review is a draft."))
        suggestion = Suggestion.objects.create(review=review, agency=agency, text=text)
        audit.record(
            "prevention.suggestion_added",
            actor=actor,
            target=review,
            office=review.office,
            new={"suggestion": suggestion.pk, "agency": agency},
        )
    return suggestion


def review_publish(*, review: SystemicReview, actor: Any) -> SystemicReview:
    """Publish a draft review with its findings and suggestions (draft → published)."""
    require(actor, "publish", review.office)
    with transaction.atomic():
        review = _lock(SystemicReview, review.pk)
        if review.status != SystemicReview.Status.DRAFT:
            raise WrongState(_("This review is already published."))
        if not review.findings.strip():
            raise PreventionError(_("Write the findings before publishing."))
        if not review.suggestions.exists():
            raise PreventionError(_("Add at least one improvement suggestion before publishing."))
        review.status = SystemicReview.Status.PUBLISHED
        review.published_at = timezone.now()
        review.published_by = _actor(actor)
        review.save(update_fields=["status", "published_at", "published_by"])
        for suggestion in review.suggestions.select_for_update():
            clock = deadlines.deadline_start(
                subject=suggestion,
                rule=FOLLOW_UP_RULE,
                office=review.office,
                start=review.published_at,
                actor=actor,
            )
            suggestion.due_date = clock.due_date
            suggestion.save(update_fields=["due_date"])
        audit.record(
            "prevention.review_published",
            actor=actor,
            target=review,
            office=review.office,
            old={"status": SystemicReview.Status.DRAFT},
            new={"status": review.status, "suggestions": review.suggestions.count()},
        )
    return review


def suggestion_respond(
    *,
    suggestion: Suggestion,
    actor: Any,
    status: str,
    response: str,
    evidence: Any = None,
) -> Suggestion:
    """Record what the agency did with a suggestion of a published review. A suggestion
    implemented or not implemented is settled; a partly implemented one may be answered again."""
    review = suggestion.review
    require(actor, "work", review.office)
    if status not in {
        Suggestion.Status.IMPLEMENTED,
        Suggestion.Status.PARTLY,
        Suggestion.Status.NOT_IMPLEMENTED,
    }:
        raise PreventionError(_("Choose implemented, partly implemented or not implemented."))
    response = (response or "").strip()
    if not response:
        raise PreventionError(_("Write the agency's response."))
    with transaction.atomic():
        suggestion = (
            Suggestion.objects.select_for_update(of=("self",))
            .select_related("review")
            .get(pk=suggestion.pk)
        )
        if suggestion.review.status != SystemicReview.Status.PUBLISHED:
            raise WrongState(_("The review is not published yet."))
        if suggestion.status in Suggestion.FINAL:
            raise WrongState(_("This suggestion's follow-up is already settled."))
        if suggestion.reports.filter(decision=Decision.PENDING).exists():
            # Its decision records the response (accepted) or says why not (sent back); a
            # response recorded beside it would leave the liaison's report waiting for ever.
            raise WrongState(
                _(
                    "The agency's liaison officer reported this suggestion's follow-up: accept "
                    "or send back their report first (Agencies → reports waiting for review)."
                )
            )
        old = suggestion.status
        suggestion.status = status
        suggestion.agency_response = response
        suggestion.responded_at = timezone.now()
        if evidence is not None:
            suggestion.evidence_name = _file_meta(evidence)[0]
            suggestion.evidence = evidence
        suggestion.save()
        if status in Suggestion.FINAL:
            # An answer, even "not implemented", is what the clock awaited.
            for clock in follow_up_clocks(suggestion).open():
                deadlines.deadline_close(
                    deadline=clock,
                    state=Deadline.State.MET,
                    actor=actor,
                    reason=_("The agency's response was recorded."),
                )
        audit.record(
            "prevention.suggestion_responded",
            actor=actor,
            target=suggestion.review,
            office=suggestion.review.office,
            old={"suggestion": suggestion.pk, "status": old},
            new={"suggestion": suggestion.pk, "status": status},
            reason=response,
        )
    return suggestion


def follow_up_clocks(suggestion: Suggestion) -> Any:
    """The follow-up clocks of a suggestion (one, once its review is published)."""
    return Deadline.objects.for_subject(suggestion).filter(rule__code=FOLLOW_UP_RULE)


def suggestion_extend(*, suggestion: Suggestion, actor: Any, days: int, reason: str) -> Suggestion:
    """Give the agency more days to follow a suggestion up: the running clock is extended, with
    the reason, and the suggestion's due date follows it."""
    require(actor, "work", suggestion.review.office)
    with transaction.atomic():
        suggestion = (
            Suggestion.objects.select_for_update(of=("self",))
            .select_related("review")
            .get(pk=suggestion.pk)
        )
        clock = follow_up_clocks(suggestion).open().first()
        if clock is None:
            raise WrongState(_("This suggestion has no running follow-up clock."))
        clock = deadlines.deadline_extend(deadline=clock, days=days, reason=reason, actor=actor)
        suggestion.due_date = clock.due_date
        suggestion.save(update_fields=["due_date"])
    return suggestion


# --- the agency's reports through the liaison portal ------------------------------


def _mail_after_commit(report: SuggestionReport, event: str) -> None:
    from aduan.prevention.report_tasks import suggestion_report_mail_task

    pk = report.pk
    transaction.on_commit(lambda: suggestion_report_mail_task.enqueue(report_id=pk, event=event))


def suggestion_report(
    *,
    suggestion: Suggestion,
    actor: Any,
    status: str,
    text: str,
    evidence: Any = None,
) -> SuggestionReport:
    """The liaison officer of the suggestion's agency (or of an agency above it) reports what
    the agency did with a suggestion of a published review, with optional evidence, for the
    office to accept or send back. The follow-up clock runs on until the office accepts. The
    office is mailed after commit."""
    from aduan.liaison.selectors import agency_ids_for, liaison_for

    liaison = liaison_for(actor)
    if liaison is None or suggestion.agency_id not in agency_ids_for(actor):
        raise NotAllowed(_("This suggestion is not addressed to your agency."))
    if status not in SuggestionReport.STATUSES:
        raise PreventionError(_("Choose implemented, partly implemented or not implemented."))
    text = (text or "").strip()
    if not text:
        raise PreventionError(_("Describe what your agency did with the suggestion."))
    name = _file_meta(evidence)[0] if evidence is not None else ""
    with transaction.atomic():
        suggestion = (
            Suggestion.objects.select_for_update()
            .select_related("review__office")
            .get(pk=suggestion.pk)
        )
        review = suggestion.review
        if review.status != SystemicReview.Status.PUBLISHED:
            raise WrongState(_("The review is not published yet."))
        if suggestion.status in Suggestion.FINAL:
            raise WrongState(_("This suggestion's follow-up is already settled."))
        if suggestion.reports.filter(decision=Decision.PENDING).exists():
            raise WrongState(_("Your earlier report is still waiting for the office."))
        report = SuggestionReport(
            suggestion=suggestion, status=status, text=text, evidence_name=name, by=actor
        )
        if evidence is not None:
            report.evidence = evidence
        report.save()
        audit.record(
            "prevention.suggestion_reported",
            actor=actor,
            target=review,
            office=review.office,
            new={
                "suggestion": suggestion.pk,
                "report": report.pk,
                "status": status,
                "agency": liaison.agency.name,
                "liaison": liaison.name,
                "evidence": name,
            },
        )
        _mail_after_commit(report, "received")
    return report


def suggestion_report_decide(
    *, report: SuggestionReport, actor: Any, accept: bool, reason: str = ""
) -> SuggestionReport:
    """The office accepts the agency's report, which is recorded as the agency's response
    (``suggestion_respond``: implemented or not implemented settles the suggestion and stops
    its clock as met), or sends it back with a reason, the suggestion staying as it was. The
    reporting liaison is mailed after commit."""
    review = report.suggestion.review
    require(actor, "work", review.office)
    reason = (reason or "").strip()
    if not accept and not reason:
        raise PreventionError(_("Say why the report is sent back."))
    with transaction.atomic():
        suggestion = Suggestion.objects.select_for_update().get(pk=report.suggestion_id)
        report = SuggestionReport.objects.select_for_update().get(pk=report.pk)
        if report.decision != Decision.PENDING:
            raise WrongState(_("This report was already decided."))
        report.decision = Decision.ACCEPTED if accept else Decision.SENT_BACK
        report.decided_by, report.decided_at = _actor(actor), timezone.now()
        report.reason = "" if accept else reason
        report.save(update_fields=["decision", "decided_by", "decided_at", "reason"])
        if accept:  # the report is no longer pending: suggestion_respond records it
            if report.evidence:
                try:
                    handle = report.evidence.open("rb")
                except FileNotFoundError as exc:
                    raise PreventionError(
                        _("The evidence file is missing from storage; tell the administrator.")
                    ) from exc
                with handle:
                    suggestion_respond(
                        suggestion=suggestion,
                        actor=actor,
                        status=report.status,
                        response=report.text,
                        evidence=File(handle, name=report.evidence_name or "bukti"),
                    )
            else:
                suggestion_respond(
                    suggestion=suggestion, actor=actor, status=report.status, response=report.text
                )
        audit.record(
            "prevention.suggestion_report_accepted"
            if accept
            else "prevention.suggestion_report_sent_back",
            actor=actor,
            target=review,
            office=review.office,
            old={"report": report.pk, "decision": Decision.PENDING},
            new={
                "suggestion": suggestion.pk,
                "report": report.pk,
                "decision": report.decision,
                "status": report.status,
            },
            reason=report.reason,
        )
        _mail_after_commit(report, "decided")
    return report


# --- service standards ------------------------------------------------------------


def _components(codes: Iterable[str]) -> list[str]:
    codes = list(dict.fromkeys(codes))
    unknown = [code for code in codes if code not in COMPONENT_CODES]
    if unknown:
        raise PreventionError(_("Unknown service-standard component: %s") % ", ".join(unknown))
    return [code for code in COMPONENT_CODES if code in codes]


def mapping_record(
    *,
    office: Any,
    agency: Any,
    as_of: dt.date,
    met: Iterable[str],
    actor: Any,
    notes: str = "",
) -> StandardMapping:
    """Record which components ``agency`` met on ``as_of``: a new snapshot. A mapping already
    recorded for that unit on that day is refused, never overwritten."""
    require(actor, "work", office)
    met = _components(met)
    with transaction.atomic():
        # Lock the unit's earlier snapshots so two people recording the same day wait in turn.
        list(StandardMapping.objects.select_for_update().filter(office=office, agency=agency))
        if StandardMapping.objects.filter(office=office, agency=agency, as_of=as_of).exists():
            raise PreventionError(
                _("A mapping of this unit on this date exists; record a new date instead.")
            )
        mapping = StandardMapping.objects.create(
            office=office,
            agency=agency,
            as_of=as_of,
            met=met,
            notes=(notes or "").strip(),
            created_by=_actor(actor),
        )
        audit.record(
            "prevention.mapping_recorded",
            actor=actor,
            target=mapping,
            office=office,
            new={"agency": agency, "as_of": as_of, "met": met},
        )
    return mapping


def assistance_record(
    *,
    office: Any,
    agency: Any,
    date: dt.date,
    topic: str,
    actor: Any,
    components: Iterable[str] = (),
    staff: Iterable[Any] = (),
    notes: str = "",
) -> AssistanceSession:
    """Record an assistance session for a service unit."""
    require(actor, "work", office)
    topic = (topic or "").strip()
    if not topic:
        raise PreventionError(_("Give the session's topic."))
    components = _components(components)
    with transaction.atomic():
        session = AssistanceSession.objects.create(
            office=office,
            agency=agency,
            date=date,
            topic=topic,
            components=components,
            notes=(notes or "").strip(),
            created_by=_actor(actor),
        )
        session.staff.set(list(staff))
        audit.record(
            "prevention.assistance_recorded",
            actor=actor,
            target=session,
            office=office,
            new={"agency": agency, "date": date, "components": components},
        )
    return session


# --- network ----------------------------------------------------------------------


def _check_partners(office: Any, partners: Iterable[Any]) -> None:
    if any(partner.office_id != office.pk for partner in partners):
        raise PreventionError(_("Only partners of the activity's office can be linked."))


def _check_partner(partner: Partner) -> None:
    if not (partner.name or "").strip():
        raise PreventionError(_("Give the partner's name."))
    if partner.kind not in Partner.Kind.values:
        raise PreventionError(_("Unknown kind of partner."))


def partner_create(*, office: Any, actor: Any, fields: dict[str, Any]) -> Partner:
    require(actor, "work", office)
    partner = Partner(office=office)
    _apply(partner, fields, PARTNER_FIELDS)
    _check_partner(partner)
    with transaction.atomic():
        partner.save()
        audit.record(
            "prevention.partner_created",
            actor=actor,
            target=partner,
            office=office,
            new={"name": partner.name, "kind": partner.kind},
        )
    return partner


def partner_update(*, partner: Partner, actor: Any, fields: dict[str, Any]) -> Partner:
    require(actor, "work", partner.office)
    with transaction.atomic():
        partner = _lock(Partner, partner.pk)
        changed = _apply(partner, fields, PARTNER_FIELDS)
        _check_partner(partner)
        partner.save()
        audit.record(
            "prevention.partner_updated",
            actor=actor,
            target=partner,
            office=partner.office,
            old={k: v[0] for k, v in changed.items()},
            new={k: v[1] for k, v in changed.items()},
        )
    return partner


def _check_agreement(agreement: Agreement) -> None:
    if not (agreement.number or "").strip() or not (agreement.title or "").strip():
        raise PreventionError(_("An agreement needs a number and a title."))
    if agreement.valid_until and agreement.valid_until < agreement.valid_from:
        raise PreventionError(_("The agreement ends before it begins."))


def agreement_create(
    *, partner: Partner, actor: Any, fields: dict[str, Any], document: Any = None
) -> Agreement:
    require(actor, "work", partner.office)
    agreement = Agreement(partner=partner)
    _apply(agreement, fields, AGREEMENT_FIELDS)
    _check_agreement(agreement)
    if document is not None:
        agreement.document_name = _file_meta(document)[0]
        agreement.document = document
    with transaction.atomic():
        _lock(Partner, partner.pk)
        agreement.save()
        audit.record(
            "prevention.agreement_created",
            actor=actor,
            target=partner,
            office=partner.office,
            new={"agreement": agreement.pk, "number": agreement.number},
        )
    return agreement


def agreement_update(
    *, agreement: Agreement, actor: Any, fields: dict[str, Any], document: Any = None
) -> Agreement:
    partner = agreement.partner
    require(actor, "work", partner.office)
    with transaction.atomic():
        agreement = _lock(Agreement, agreement.pk)
        changed = _apply(agreement, fields, AGREEMENT_FIELDS)
        _check_agreement(agreement)
        if document is not None:
            agreement.document_name = _file_meta(document)[0]
            agreement.document = document
            changed["document"] = ("", agreement.document_name)
        agreement.save()
        audit.record(
            "prevention.agreement_updated",
            actor=actor,
            target=partner,
            office=partner.office,
            old={"agreement": agreement.pk, **{k: v[0] for k, v in changed.items()}},
            new={"agreement": agreement.pk, **{k: v[1] for k, v in changed.items()}},
        )
    return agreement


def contact_add(
    *,
    partner: Partner,
    actor: Any,
    name: str,
    position: str = "",
    email: str = "",
    phone: str = "",
) -> Contact:
    require(actor, "work", partner.office)
    name = (name or "").strip()
    if not name:
        raise PreventionError(_("Give the contact's name."))
    with transaction.atomic():
        _lock(Partner, partner.pk)
        contact = Contact.objects.create(
            partner=partner, name=name, position=position, email=email, phone=phone
        )
        audit.record(
            "prevention.contact_added",
            actor=actor,
            target=partner,
            office=partner.office,
            new={"contact": contact.pk, "name": name},
        )
    return contact


def contact_remove(*, contact: Contact, actor: Any) -> None:
    partner = contact.partner
    require(actor, "work", partner.office)
    with transaction.atomic():
        contact = _lock(Contact, contact.pk)
        audit.record(
            "prevention.contact_removed",
            actor=actor,
            target=partner,
            office=partner.office,
            old={"contact": contact.pk, "name": contact.name},
        )
        contact.delete()
