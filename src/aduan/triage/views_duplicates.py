"""Staff's decisions on probable duplicates: thin POST views calling one service each."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aduan.access import staff_required
from aduan.cases.errors import CaseError
from aduan.core.forms import posted_text
from aduan.directory.scoping import office_ids_for
from aduan.triage import duplicates
from aduan.triage.models import DuplicateCandidate


def _candidate(request: HttpRequest, pk: int) -> DuplicateCandidate:
    """The candidate, if its report is of an office the user works with (404 otherwise)."""
    candidates = DuplicateCandidate.objects.select_related("case__office", "earlier__office")
    offices = office_ids_for(request.user)
    if offices is not None:
        candidates = candidates.filter(case__office_id__in=offices)
    candidate = candidates.filter(pk=pk).first()
    if candidate is None:
        raise Http404
    return candidate


def _decide(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    candidate = _candidate(request, pk)
    page = candidate.earlier_id if request.POST.get("back") == str(candidate.earlier_id) else None
    back = redirect("backoffice:case_detail", page or candidate.case_id)
    try:
        if action == "merge":
            keep = None
            if request.POST.get("keep") == "later":
                keep = candidate.case
            duplicates.duplicate_merge(
                candidate=candidate,
                actor=request.user,
                reason=posted_text(request, "reason"),
                keep=keep,
            )
            messages.success(request, _("The reports are merged."))
        elif action == "link":
            duplicates.duplicate_link(
                candidate=candidate, actor=request.user, reason=posted_text(request, "reason")
            )
            messages.success(request, _("The reports are linked."))
        else:
            duplicates.duplicate_dismiss(
                candidate=candidate, actor=request.user, reason=posted_text(request, "reason")
            )
            messages.success(request, _("Marked as not a repeat."))
    except CaseError as exc:
        messages.error(request, str(exc))
    return back


@require_POST
@staff_required
def merge(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, "merge")


@require_POST
@staff_required
def link(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, "link")


@require_POST
@staff_required
def dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, "dismiss")
