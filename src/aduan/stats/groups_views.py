"""Back-office pages of mass complaints (``/kantor/lonjakan/kelompok/``): the office's groups,
a group with its lead case and each member's own state, clock and reporter contact, and the
actions (add or remove a report, rename, choose the lead case, answer every reporter, open an
IAPS, close), each one call of a service in ``aduan.triage.group_services``."""

from __future__ import annotations

import re

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from aduan.access import staff_required
from aduan.cases import permissions
from aduan.cases.models import Case
from aduan.core.errors import DomainError
from aduan.core.forms import posted_text
from aduan.stats.models import MassComplaint
from aduan.triage import group_services as gs

LIST_LIMIT = 200


def _group_or_404(request: HttpRequest, pk: int) -> MassComplaint:
    return get_object_or_404(gs.groups_for(request.user), pk=pk)


def _office_case(group: MassComplaint, raw: str) -> Case:
    """A case of the group's office by its id or reference (else a refusal)."""
    raw = (raw or "").strip()
    cases = Case.objects.filter(office_id=group.office_id)
    case = (
        cases.filter(pk=int(raw)).first()
        if raw.isascii() and raw.isdigit()
        else cases.filter(reference=raw).first()
    )
    if case is None:
        raise gs.GroupError(_("No report of this office has that reference."))
    return case


@require_GET
@staff_required
def group_list(request: HttpRequest) -> HttpResponse:
    groups = gs.group_list(request.user)[:LIST_LIMIT]
    may_create = request.user.office_id is not None and permissions.can(
        request.user, "receive", office=request.user.office_id
    )
    return render(request, "stats/groups/list.html", {"groups": groups, "may_create": may_create})


@require_POST
@staff_required
def group_create(request: HttpRequest) -> HttpResponse:
    office = request.user.office
    if office is None:
        messages.error(request, _("Only staff of an office make a mass complaint by hand."))
        return redirect("alerts:groups")
    references = [r for r in re.split(r"[\s,;]+", posted_text(request, "references")) if r]
    try:
        cases = list(Case.objects.filter(office=office, reference__in=references))
        missing = sorted(set(references) - {c.reference for c in cases})
        if missing:
            raise gs.GroupError(
                _("No report of this office has these references: %(refs)s")
                % {"refs": ", ".join(missing)}
            )
        group = gs.group_create(
            office=office, actor=request.user, title=posted_text(request, "title"), cases=cases
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("alerts:groups")
    messages.success(request, _("The mass complaint is made."))
    return redirect("alerts:group", pk=group.pk)


@require_GET
@staff_required
def group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    group = _group_or_404(request, pk)
    members = list(gs.members_of(group))
    for case in members:
        case.message_label = gs.message_status_label(case.last_message_status)
    lead = group.lead_case
    context = {
        "group": group,
        "members": members,
        "lead": lead,
        "may_edit": not group.is_closed
        and permissions.can(request.user, "receive", office=group.office),
        "may_iaps": not group.is_closed
        and not group.iaps_case_id
        and permissions.can(request.user, "open_iaps", office=group.office),
        "units": gs.examination_units(group),
        "default_unit": gs.default_unit(group, request.user),
    }
    return render(request, "stats/groups/detail.html", context)


@require_POST
@staff_required
def group_act(request: HttpRequest, pk: int) -> HttpResponse:
    group = _group_or_404(request, pk)
    what = request.POST.get("action", "")
    actor = request.user
    try:
        if what == "add":
            case = _office_case(group, posted_text(request, "case"))
            gs.group_add_case(
                group=group, case=case, actor=actor, reason=posted_text(request, "reason")
            )
            messages.success(request, _("%(ref)s is added.") % {"ref": case.reference})
        elif what == "remove":
            case = _office_case(group, posted_text(request, "case"))
            gs.group_remove_case(
                group=group, case=case, actor=actor, reason=posted_text(request, "reason")
            )
            messages.success(request, _("%(ref)s is taken out.") % {"ref": case.reference})
        elif what == "rename":
            gs.group_rename(group=group, actor=actor, title=posted_text(request, "title"))
            messages.success(request, _("The mass complaint is renamed."))
        elif what == "lead":
            case = _office_case(group, posted_text(request, "case"))
            gs.group_set_lead(group=group, actor=actor, case=case)
            messages.success(
                request, _("%(ref)s is examined for the whole group.") % {"ref": case.reference}
            )
        elif what == "answer":
            done = gs.group_answer_reporters(
                group=group, actor=actor, text=posted_text(request, "text")
            )
            messages.success(
                request,
                _("Every reporter is answered on their own report (%(count)s reports).")
                % {"count": len(done["answered"])},
            )
        elif what == "iaps":
            unit = None
            raw = request.POST.get("unit", "")
            if raw:
                unit = (
                    gs.examination_units(group).filter(pk=int(raw)).first()
                    if raw.isascii() and raw.isdigit()
                    else None
                )
                if unit is None:
                    raise gs.GroupError(_("Choose an examination unit of this office."))
            case = gs.group_open_iaps(
                group=group, actor=actor, title=posted_text(request, "title"), unit=unit
            )
            messages.success(
                request,
                _("Own-initiative investigation %(reference)s opened.")
                % {"reference": case.reference},
            )
        elif what == "close":
            gs.group_close(group=group, actor=actor, reason=posted_text(request, "reason"))
            messages.success(request, _("The mass complaint is closed."))
        else:
            messages.error(request, _("Unknown action."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("alerts:group", pk=group.pk)
