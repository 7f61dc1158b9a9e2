"""Every change to an assignment, its visits and its monitoring reports: one function each,
guarded, in one transaction, audited. Staff of the office propose assignments and log visits;
a head of unit or office (or a member) approves an assignment and reviews its reports."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aduan.assignments.models import Assignment, MonitoringReport, Visit
from aduan.core import audit
from aduan.prevention.permissions import NotAllowed, PreventionError, WrongState, require

A = Assignment.Status
AUDIT_ACTIONS = {
    "assignments.proposed": gettext_lazy("Assignment to an agency proposed"),
    "assignments.approved": gettext_lazy("Assignment to an agency approved"),
    "assignments.ended": gettext_lazy("Assignment to an agency ended"),
    "assignments.visit_logged": gettext_lazy("Visit to an assigned agency logged"),
    "assignments.report_submitted": gettext_lazy("Monitoring report submitted"),
    "assignments.report_reviewed": gettext_lazy("Monitoring report reviewed"),
    "assignments.linked": gettext_lazy("Report or suggestion linked to an assignment"),
}


def _actor(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


def _locked(assignment: Assignment) -> Assignment:
    return (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("office", "agency", "staff")
        .get(pk=assignment.pk)
    )


def assignment_propose(
    *,
    office: Any,
    actor: Any,
    staff: Any,
    agency: Any,
    start_date: Any,
    end_date: Any,
    purpose: str,
    plan: str = "",
) -> Assignment:
    """Propose assigning ``staff`` (of the office) to ``agency`` for a period."""
    require(actor, "work", office)
    purpose = (purpose or "").strip()
    if not purpose:
        raise PreventionError(_("Say what the assignment is for."))
    if getattr(staff, "office_id", None) != office.pk:
        raise PreventionError(_("Assign a staff member of this office."))
    if end_date < start_date:
        raise PreventionError(_("The period ends before it starts."))
    with transaction.atomic():
        assignment = Assignment.objects.create(
            office=office,
            staff=staff,
            agency=agency,
            start_date=start_date,
            end_date=end_date,
            purpose=purpose,
            plan=(plan or "").strip(),
            created_by=_actor(actor),
        )
        audit.record(
            "assignments.proposed",
            actor=actor,
            target=assignment,
            office=office,
            new={
                "staff": staff.pk,
                "agency": agency.pk,
                "from": start_date,
                "until": end_date,
            },
        )
    return assignment


def assignment_approve(*, assignment: Assignment, actor: Any) -> Assignment:
    require(actor, "publish", assignment.office)
    with transaction.atomic():
        assignment = _locked(assignment)
        if assignment.status != A.PROPOSED:
            raise WrongState(_("Only a proposed assignment is approved."))
        assignment.status = A.APPROVED
        assignment.approved_by, assignment.approved_at = _actor(actor), timezone.now()
        assignment.save()
        audit.record(
            "assignments.approved",
            actor=actor,
            target=assignment,
            office=assignment.office,
            old={"status": A.PROPOSED},
            new={"status": A.APPROVED},
        )
    return assignment


def assignment_end(*, assignment: Assignment, actor: Any, note: str = "") -> Assignment:
    require(actor, "publish", assignment.office)
    with transaction.atomic():
        assignment = _locked(assignment)
        if assignment.status != A.APPROVED:
            raise WrongState(_("Only an approved assignment is ended."))
        assignment.status, assignment.ended_note = A.ENDED, (note or "").strip()
        assignment.save()
        audit.record(
            "assignments.ended",
            actor=actor,
            target=assignment,
            office=assignment.office,
            old={"status": A.APPROVED},
            new={"status": A.ENDED},
            reason=assignment.ended_note,
        )
    return assignment


def _may_log(actor: Any, assignment: Assignment) -> None:
    require(actor, "work", assignment.office)
    if not Assignment.objects.filter(pk=assignment.pk, status=A.APPROVED).exists():
        raise WrongState(_("Visits and reports are logged while the assignment runs."))


def visit_log(
    *,
    assignment: Assignment,
    actor: Any,
    visited_on: Any,
    place: str,
    findings: str,
    for_agency: bool = False,
    evidence: Any = None,
) -> Visit:
    """Log a visit with its findings; ``evidence``: an uploaded photo or document."""
    from aduan.prevention.services import _file_meta

    _may_log(actor, assignment)
    place, findings = (place or "").strip(), (findings or "").strip()
    if not place or not findings:
        raise PreventionError(_("Give the place and what was found there."))
    if not assignment.start_date <= visited_on <= assignment.end_date:
        raise PreventionError(_("The visit's date is outside the assignment's period."))
    meta = _file_meta(evidence) if evidence is not None else ("", "", 0)
    with transaction.atomic():
        visit = Visit(
            assignment=assignment,
            visited_on=visited_on,
            place=place[:200],
            findings=findings,
            for_agency=bool(for_agency),
            evidence_name=meta[0],
            evidence_type=meta[1],
            created_by=_actor(actor),
        )
        if evidence is not None:
            visit.evidence = evidence
        visit.save()
        audit.record(
            "assignments.visit_logged",
            actor=actor,
            target=assignment,
            office=assignment.office,
            new={"visit": visit.pk, "on": visited_on, "for_agency": visit.for_agency},
        )
    return visit


def report_submit(
    *, assignment: Assignment, actor: Any, period_start: Any, period_end: Any, text: str
) -> MonitoringReport:
    _may_log(actor, assignment)
    text = (text or "").strip()
    if not text:
        raise PreventionError(_("Write the report."))
    if period_end < period_start:
        raise PreventionError(_("The period ends before it starts."))
    with transaction.atomic():
        report = MonitoringReport.objects.create(
            assignment=assignment,
            period_start=period_start,
            period_end=period_end,
            text=text,
            created_by=_actor(actor),
        )
        audit.record(
            "assignments.report_submitted",
            actor=actor,
            target=assignment,
            office=assignment.office,
            new={"report": report.pk, "from": period_start, "until": period_end},
        )
    return report


def report_review(
    *, report: MonitoringReport, actor: Any, accept: bool, note: str = ""
) -> MonitoringReport:
    """The head of unit accepts the report, or returns it with a note."""
    require(actor, "publish", report.assignment.office)
    note = (note or "").strip()
    if not accept and not note:
        raise PreventionError(_("Say what to change before returning the report."))
    with transaction.atomic():
        report = (
            MonitoringReport.objects.select_for_update(of=("self",))
            .select_related("assignment__office")
            .get(pk=report.pk)
        )
        if report.status != MonitoringReport.Status.SUBMITTED:
            raise WrongState(_("Only a submitted report is reviewed."))
        old = report.status
        report.status = (
            MonitoringReport.Status.ACCEPTED if accept else MonitoringReport.Status.RETURNED
        )
        report.review_note, report.reviewed_by = note, _actor(actor)
        report.reviewed_at = timezone.now()
        report.save()
        audit.record(
            "assignments.report_reviewed",
            actor=actor,
            target=report.assignment,
            office=report.assignment.office,
            old={"report": report.pk, "status": old},
            new={"report": report.pk, "status": report.status},
            reason=note,
        )
    return report


def link(
    *,
    assignment: Assignment,
    actor: Any,
    cases: Iterable[Any] = (),
    suggestions: Iterable[Any] = (),
) -> Assignment:
    """Link the reports and improvement suggestions that arose from the assignment (of the
    same office)."""
    require(actor, "work", assignment.office)
    cases, suggestions = list(cases), list(suggestions)
    if any(case.office_id != assignment.office_id for case in cases) or any(
        s.review.office_id != assignment.office_id for s in suggestions
    ):
        raise NotAllowed(_("Only the office's own reports and suggestions can be linked."))
    with transaction.atomic():
        assignment = _locked(assignment)
        assignment.cases.add(*cases)
        assignment.suggestions.add(*suggestions)
        audit.record(
            "assignments.linked",
            actor=actor,
            target=assignment,
            office=assignment.office,
            new={"cases": [c.pk for c in cases], "suggestions": [s.pk for s in suggestions]},
        )
    return assignment
