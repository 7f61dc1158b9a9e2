"""Routing suggestions: staff decide on the case page; acceptance per office at /kantor/triase/.
Thin views over ``aduan.triage.decisions``, ``store`` and ``selectors``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from aduan.access import case_for_request, staff_required
from aduan.cases.errors import NotAllowed
from aduan.core.errors import DomainError
from aduan.deadlines.workdays import local_date
from aduan.triage import decisions, selectors, store
from aduan.triage.models import Target, TriageModel

PERIOD_DAYS = 90


def _case_page(case: Any) -> HttpResponse:
    return redirect(reverse("backoffice:case_detail", args=[case.pk]) + "#triase")


def _decide(request: HttpRequest, pk: int, act: Any) -> HttpResponse:
    case = case_for_request(request, pk, "receive")
    target = request.POST.get("target", "")
    try:
        act(case, target)
    except NotAllowed as exc:
        raise PermissionDenied(str(exc)) from exc
    except (DomainError, ValueError) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Decision recorded."))
    return _case_page(case)


@require_POST
@staff_required
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Use this": one of the case's suggestions."""

    def act(case: Any, target: str) -> None:
        try:
            rank = int(request.POST.get("rank", ""))
        except ValueError as exc:
            raise ValueError(_("Choose a suggestion.")) from exc
        decisions.suggestion_accept(case=case, target=target, rank=rank, actor=request.user)

    return _decide(request, pk, act)


@require_http_methods(["GET", "POST"])
@staff_required
def choose(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Or choose another": the office's list for one field (GET), the choice (POST)."""
    if request.method == "GET":
        case = case_for_request(request, pk, "receive")
        target = request.GET.get("target", "")
        if target not in Target.values:
            raise Http404(_("Nothing is suggested for this field."))
        return render(
            request,
            "triage/choose.html",
            {
                "case": case,
                "target": target,
                "title": Target(target).label,
                "options": selectors.choice_options(target),
                "current": decisions.current_values(case, target),
            },
        )

    def act(case: Any, target: str) -> None:
        decisions.suggestion_choose(
            case=case, target=target, value=request.POST.get("value", ""), actor=request.user
        )

    return _decide(request, pk, act)


# --- acceptance per office


def _office(request: HttpRequest) -> Any:
    """The office the page is about: the user's own; a national administrator may name one
    (``?kantor=code``)."""
    from aduan.directory.models import Office

    code = request.GET.get("kantor") or request.POST.get("kantor")
    if code and store.may_choose_shared(request.user):
        office = Office.objects.filter(code=code).first()
        if office is None:
            raise Http404(_("No such office."))
        return office
    office = request.user.office
    if office is None:
        raise PermissionDenied(_("You belong to no office."))
    if not selectors.may_see_acceptance(request.user, office):
        raise PermissionDenied(_("Only the head of office and intake (PVL) staff see this page."))
    return office


def _period(request: HttpRequest, office: Any) -> tuple[dt.date, dt.date]:
    today = local_date(timezone.now(), office)
    try:
        end = (
            dt.date.fromisoformat(request.GET.get("sampai", ""))
            if request.GET.get("sampai")
            else today
        )
        start = (
            dt.date.fromisoformat(request.GET["dari"])
            if request.GET.get("dari")
            else end - dt.timedelta(days=PERIOD_DAYS - 1)
        )
    except ValueError:
        end, start = today, today - dt.timedelta(days=PERIOD_DAYS - 1)
    if start > end:
        start, end = end, start
    return start, end


@require_GET
@staff_required
def acceptance(request: HttpRequest) -> HttpResponse:
    office = _office(request)
    start, end = _period(request, office)
    admin = store.may_choose_shared(request.user)
    context = {
        "office": office,
        "start": start,
        "end": end,
        "rows": selectors.acceptance(office, start, end),
        "admin": admin,
        "offices": selectors.offices_for_admin() if admin else [],
        "shareable": {
            target: list(store.shareable_models(target).exclude(office=office))
            for target in store.MODEL_TARGETS
        }
        if admin
        else {},
        "min_examples": store.min_examples(),
    }
    return render(request, "triage/acceptance.html", context)


def _back(office: Any, request: HttpRequest) -> HttpResponse:
    url = reverse("triage:acceptance")
    if store.may_choose_shared(request.user) and office != request.user.office:
        url += f"?kantor={office.code}"
    return redirect(url)


@require_POST
@staff_required
def train(request: HttpRequest) -> HttpResponse:
    """ "Train now" for one target of the office."""
    office = _office(request)
    target = request.POST.get("target", "")
    if target not in store.MODEL_TARGETS:
        messages.error(request, _("Choose a field that a model suggests."))
        return _back(office, request)
    try:
        model = store.train_office(office=office, target=target, actor=request.user)
    except store.NotEnoughData as exc:
        messages.warning(request, str(exc))
    else:
        messages.success(
            request,
            _("Model version %(version)s for the %(target)s trained on %(n)s cases; in use now.")
            % {"version": model.version, "target": Target(target).label, "n": model.samples},
        )
    return _back(office, request)


@require_POST
@staff_required
def share(request: HttpRequest) -> HttpResponse:
    """A national administrator chooses the shared model an office uses (or none)."""
    if not store.may_choose_shared(request.user):
        raise PermissionDenied(_("Only a national administrator chooses a shared model."))
    office = _office(request)
    target = request.POST.get("target", "")
    if target not in store.MODEL_TARGETS:
        messages.error(request, _("Choose a field that a model suggests."))
        return _back(office, request)
    model = None
    chosen = request.POST.get("model", "")
    if chosen:
        model = (
            TriageModel.objects.filter(pk=int(chosen), target=target).first()
            if chosen.isdigit()
            else None
        )
        if model is None:
            messages.error(request, _("No such model."))
            return _back(office, request)
    try:
        store.choose_shared(office=office, target=target, model=model, actor=request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Shared model choice saved."))
    return _back(office, request)
