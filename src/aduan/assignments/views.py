"""The assignment pages under /kantor/penugasan/ (staff) and the agency's view in the portal
(``liaison`` urls). Thin: forms validate, services decide, selectors read."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from aduan.access import liaison_required, staff_required
from aduan.assignments import forms as f
from aduan.assignments import selectors as sel
from aduan.assignments import services as sv
from aduan.assignments.models import MonitoringReport
from aduan.core.errors import DomainError
from aduan.core.files import file_response
from aduan.core.forms import posted_text
from aduan.prevention import permissions


def _refused(request: HttpRequest, error: Any, status: int = 400) -> HttpResponse:
    return render(request, "assignments/refused.html", {"error": error}, status=status)


def _run(request: HttpRequest, call: Callable[[], Any], then: HttpResponse) -> HttpResponse:
    try:
        call()
    except DomainError as exc:
        status = 403 if isinstance(exc, permissions.NotAllowed) else 400
        return _refused(request, exc, status)
    return then


@require_GET
@staff_required
def index(request: HttpRequest) -> HttpResponse:
    office = request.user.office
    return render(
        request,
        "assignments/index.html",
        {
            "assignments": sel.assignments_for(request.user)[:200],
            "can_work": office is not None and permissions.can(request.user, "work", office),
        },
    )


@require_http_methods(["GET", "POST"])
@staff_required
def create(request: HttpRequest) -> HttpResponse:
    office = request.user.office
    if office is None or not permissions.can(request.user, "work", office):
        return render(request, "backoffice/not_staff.html", status=403)
    form = f.AssignmentForm(request.POST or None, office=office)
    if request.method == "POST" and form.is_valid():
        try:
            made = sv.assignment_propose(office=office, actor=request.user, **form.cleaned_data)
            return redirect("assignments:detail", pk=made.pk)
        except DomainError as exc:
            form.add_error(None, str(exc))
    return render(
        request,
        "assignments/form.html",
        {"form": form, "title": _("Propose an assignment")},
        status=400 if request.method == "POST" else 200,
    )


def _page(request: HttpRequest, assignment: Any, **forms: Any) -> HttpResponse:
    office = assignment.office
    return render(
        request,
        "assignments/detail.html",
        {
            "assignment": assignment,
            "visits": assignment.visits.all(),
            "reports": assignment.reports.select_related("reviewed_by"),
            "cases": assignment.cases.all().order_by("received_at"),
            "suggestions": assignment.suggestions.select_related("agency"),
            "can_work": permissions.can(request.user, "work", office),
            "can_decide": permissions.can(request.user, "publish", office),
            "visit_form": forms.get("visit_form") or f.VisitForm(),
            "report_form": forms.get("report_form") or f.ReportForm(),
            "link_form": forms.get("link_form") or f.LinkForm(office=office),
        },
        status=400 if forms else 200,
    )


def _get(request: HttpRequest, pk: int) -> Any:
    return get_object_or_404(sel.assignments_for(request.user), pk=pk)


@require_GET
@staff_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, _get(request, pk))


@require_POST
@staff_required
def decide(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    assignment = _get(request, pk)
    calls = {
        "setujui": lambda: sv.assignment_approve(assignment=assignment, actor=request.user),
        "akhiri": lambda: sv.assignment_end(
            assignment=assignment, actor=request.user, note=posted_text(request, "note")
        ),
    }
    if step not in calls:
        raise Http404
    return _run(request, calls[step], redirect("assignments:detail", pk=pk))


@require_POST
@staff_required
def visit(request: HttpRequest, pk: int) -> HttpResponse:
    """Log a visit; a refused one comes back with what was written."""
    assignment = _get(request, pk)
    form = f.VisitForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            sv.visit_log(assignment=assignment, actor=request.user, **form.cleaned_data)
            return redirect("assignments:detail", pk=pk)
        except DomainError as exc:
            form.add_error(None, str(exc))
    return _page(request, assignment, visit_form=form)


@require_POST
@staff_required
def report(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _get(request, pk)
    form = f.ReportForm(request.POST)
    if form.is_valid():
        try:
            sv.report_submit(assignment=assignment, actor=request.user, **form.cleaned_data)
            return redirect("assignments:detail", pk=pk)
        except DomainError as exc:
            form.add_error(None, str(exc))
    return _page(request, assignment, report_form=form)


@require_POST
@staff_required
def review(request: HttpRequest, pk: int, report_pk: int, step: str) -> HttpResponse:
    assignment = _get(request, pk)
    item = get_object_or_404(MonitoringReport.objects.filter(assignment=assignment), pk=report_pk)
    if step not in {"terima", "kembalikan"}:
        raise Http404
    return _run(
        request,
        lambda: sv.report_review(
            report=item,
            actor=request.user,
            accept=step == "terima",
            note=posted_text(request, "note"),
        ),
        redirect("assignments:detail", pk=pk),
    )


@require_POST
@staff_required
def link(request: HttpRequest, pk: int) -> HttpResponse:
    """Link the reports (by their references) and improvement suggestions that arose from the
    assignment."""
    from aduan.cases.selectors import cases_for

    assignment = _get(request, pk)
    form = f.LinkForm(request.POST, office=assignment.office)
    if form.is_valid():
        wanted = [r for r in re.split(r"[\s,;]+", form.cleaned_data["references"]) if r]
        found = list(cases_for(request.user).filter(reference__in=wanted))
        missing = sorted(set(wanted) - {case.reference for case in found})
        if missing:
            form.add_error(
                "references", _("No such report of yours: %(refs)s.") % {"refs": ", ".join(missing)}
            )
        else:
            try:
                sv.link(
                    assignment=assignment,
                    actor=request.user,
                    cases=found,
                    suggestions=form.cleaned_data["suggestions"],
                )
                return redirect("assignments:detail", pk=pk)
            except DomainError as exc:
                form.add_error(None, str(exc))
    return _page(request, assignment, link_form=form)


@require_GET
@staff_required
def evidence(request: HttpRequest, pk: int, visit_pk: int) -> FileResponse:
    item = get_object_or_404(_get(request, pk).visits.exclude(evidence=""), pk=visit_pk)
    return file_response(item.evidence, name=item.evidence_name)


# --- the agency's view, in the liaison portal


@require_GET
@liaison_required
def liaison_list(request: HttpRequest) -> HttpResponse:
    rows = [
        (assignment, sel.visits_for_liaison(assignment))
        for assignment in sel.assignments_for_liaison(request.user)[:100]
    ]
    return render(request, "assignments/liaison.html", {"liaison": request.liaison, "rows": rows})


@require_GET
@liaison_required
def liaison_evidence(request: HttpRequest, pk: int, visit_pk: int) -> FileResponse:
    assignment = get_object_or_404(sel.assignments_for_liaison(request.user), pk=pk)
    item = get_object_or_404(sel.visits_for_liaison(assignment).exclude(evidence=""), pk=visit_pk)
    return file_response(item.evidence, name=item.evidence_name)
