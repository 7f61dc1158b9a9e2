"""The planning pages under /kantor/rencana/: a quarter's (or the year's) targets against their
realisation, with a chart, and the work programme of the quarter and the next. Thin: forms
validate, services decide, selectors read."""

from __future__ import annotations

import re
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from aduan.access import staff_required
from aduan.core.errors import DomainError
from aduan.deadlines.workdays import local_date
from aduan.directory.models import Office
from aduan.directory.scoping import offices_for
from aduan.plans import forms as f
from aduan.plans import selectors as sel
from aduan.plans import services as sv
from aduan.plans.models import WorkItem
from aduan.plans.permissions import can_plan, can_see
from aduan.stats import charts


def _office(request: HttpRequest) -> Office | None:
    """The user's office, or (a national role) the office chosen with ``kantor``."""
    code = (request.GET.get("kantor") or request.POST.get("kantor") or "").strip()
    office = None
    if re.fullmatch(r"[-\w]{1,40}", code):  # an office code; anything else is ignored
        office = offices_for(request.user).filter(code=code).first()
    office = office or request.user.office
    return office if office is not None and can_see(request.user, office) else None


def _period(request: HttpRequest, office: Office) -> tuple[int, int | None]:
    today = local_date(timezone.now(), office)
    source = request.POST if request.method == "POST" else request.GET
    try:
        year = int(source.get("tahun") or today.year)
    except ValueError:
        year = today.year
    raw = source.get("triwulan")
    if raw == "tahun":
        return year, None
    try:
        quarter = int(raw) if raw else (today.month - 1) // 3 + 1
    except ValueError:
        quarter = (today.month - 1) // 3 + 1
    return year, quarter if quarter in (1, 2, 3, 4) else (today.month - 1) // 3 + 1


def _page(
    request: HttpRequest,
    office: Office,
    year: int,
    quarter: int | None,
    *,
    target_form: Any = None,
    item_form: Any = None,
    status: int = 200,
) -> HttpResponse:
    targets = sel.period_targets(sel.targets_for(request.user).filter(office=office), year, quarter)
    rows = sel.scorecard(targets)
    items = sel.items_for(request.user).filter(office=office)
    current = quarter or 4
    following = sel.next_quarter(year, current)
    planner = can_plan(request.user, office)
    unit_planner = can_plan(request.user, office, request.user.unit)
    period_name = f"TW {quarter} {year}" if quarter else str(year)
    programme = [
        (item, sv.may_report(request.user, item)) for item in sel.programme(items, year, current)
    ]
    return render(
        request,
        "plans/index.html",
        {
            "office": office,
            "offices": (
                offices_for(request.user).order_by("name")
                if request.user.office_id is None
                else None
            ),
            "year": year,
            "quarter": quarter,
            "years": range(year - 2, year + 2),
            "rows": rows,
            "chart": charts.target_chart(
                rows, _("Targets and realisation, %(period)s") % {"period": period_name}
            ),
            "programme": programme,
            "next": following,
            "next_items": sel.programme(items, *following),
            "can_plan": planner or unit_planner,
            "target_form": target_form
            or ((planner or unit_planner) and f.TargetForm(office=office)),
            "item_form": item_form
            or (
                (planner or unit_planner)
                and f.ItemForm(office=office, initial={"quarter": current})
            ),
            "status_form": f.StatusForm(),
            "statuses": WorkItem.Status.choices,
        },
        status=status,
    )


@require_GET
@staff_required
def index(request: HttpRequest) -> HttpResponse:
    office = _office(request)
    if office is None:
        return render(request, "backoffice/not_staff.html", status=403)
    return _page(request, office, *_period(request, office))


def _back(office: Office, year: int, quarter: int | None) -> str:
    return (
        f"{reverse('plans:index')}?kantor={office.code}&tahun={year}&triwulan={quarter or 'tahun'}"
    )


@require_POST
@staff_required
def target_set(request: HttpRequest) -> HttpResponse:
    office = _office(request)
    if office is None:
        return render(request, "backoffice/not_staff.html", status=403)
    year, quarter = _period(request, office)
    form = f.TargetForm(request.POST, office=office)
    if form.is_valid():
        data = form.cleaned_data
        try:
            sv.target_set(
                office=office,
                actor=request.user,
                year=year,
                quarter=data["quarter"],
                unit=data["unit"],
                metric=data["metric"],
                activity_kind=data["activity_kind"],
                value=data["value"],
                note=data["note"],
            )
            return redirect(_back(office, year, quarter))
        except DomainError as exc:
            form.add_error(None, str(exc))
    return _page(request, office, year, quarter, target_form=form, status=400)


@require_POST
@staff_required
def target_remove(request: HttpRequest, pk: int) -> HttpResponse:
    target = get_object_or_404(sel.targets_for(request.user), pk=pk)
    try:
        sv.target_remove(target=target, actor=request.user)
    except DomainError as exc:
        return render(request, "plans/refused.html", {"error": exc}, status=403)
    return redirect(_back(target.office, target.year, target.quarter))


@require_POST
@staff_required
def item_create(request: HttpRequest) -> HttpResponse:
    office = _office(request)
    if office is None:
        return render(request, "backoffice/not_staff.html", status=403)
    year, quarter = _period(request, office)
    form = f.ItemForm(request.POST, office=office)
    if form.is_valid():
        data = form.cleaned_data
        try:
            item = sv.item_create(
                office=office,
                actor=request.user,
                year=year,
                quarter=data["quarter"],
                unit=data["unit"],
                fields={name: data[name] for name in sv.ITEM_FIELDS},
            )
            return redirect(_back(office, item.year, item.quarter))
        except DomainError as exc:
            form.add_error(None, str(exc))
    return _page(request, office, year, quarter, item_form=form, status=400)


@require_POST
@staff_required
def item_status(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(sel.items_for(request.user), pk=pk)
    form = f.StatusForm(request.POST)
    error = None
    if form.is_valid():
        try:
            sv.item_set_status(
                item=item,
                actor=request.user,
                status=form.cleaned_data["status"],
                outcome=form.cleaned_data["outcome"],
            )
            return redirect(_back(item.office, item.year, item.quarter))
        except DomainError as exc:
            error = exc
    else:
        error = _("Choose a status.")
    return render(
        request,
        "plans/refused.html",
        {"error": error, "back": _back(item.office, item.year, item.quarter), "form": form},
        status=400,
    )
