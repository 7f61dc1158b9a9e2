"""Back-office pages of spike alerts (``/kantor/lonjakan/``): the list, an alert with the reports
behind it and a chart, and the actions (acknowledge, open an IAPS, group, dismiss), each one
call of a service in ``aduan.stats.spikes``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.db.models import Case as SqlCase
from django.db.models import IntegerField, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from aduan.access import staff_required
from aduan.cases import permissions
from aduan.core.errors import DomainError
from aduan.core.forms import posted_text
from aduan.stats import spikes
from aduan.stats.models import LIVE_STATES, SpikeAlert
from aduan.triage.group_services import groups_for_alert

CHART_WIDTH = 350
CHART_HEIGHT = 120
CHART_BOTTOM = 20  # room for the day labels
LIST_LIMIT = 200


def _alert_or_404(request: HttpRequest, pk: int) -> SpikeAlert:
    return get_object_or_404(spikes.alerts_for(request.user), pk=pk)


@require_GET
@staff_required
def alert_list(request: HttpRequest) -> HttpResponse:
    alerts = (
        spikes.alerts_for(request.user)
        .annotate(
            live=SqlCase(
                When(status__in=LIVE_STATES, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("live", "-created_at", "-id")[:LIST_LIMIT]
    )
    return render(request, "stats/alerts/list.html", {"alerts": alerts})


def chart(alert: SpikeAlert) -> dict[str, Any]:
    """Bars of the window's daily counts and a line at the usual day (the baseline week / 7),
    scaled into a small SVG."""
    daily = list(alert.daily_counts or [])
    usual_day = alert.baseline_mean / 7
    top = max([*daily, usual_day, 1])
    plot = CHART_HEIGHT - CHART_BOTTOM
    step = CHART_WIDTH / max(len(daily), 1)
    bars = []
    for i, count in enumerate(daily):
        height = round(plot * count / top, 1)
        day = alert.window_start + dt.timedelta(days=i)
        bars.append(
            {
                "x": round(i * step + step * 0.15, 1),
                "y": round(plot - height, 1),
                "width": round(step * 0.7, 1),
                "height": height,
                "count": count,
                "day": day,
                "label_x": round(i * step + step / 2, 1),
            }
        )
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "label_y": CHART_HEIGHT - 5,
        "bars": bars,
        "usual_day": round(usual_day, 1),
        "usual_y": round(plot - plot * usual_day / top, 1),
    }


@require_GET
@staff_required
def alert_detail(request: HttpRequest, pk: int) -> HttpResponse:
    alert = _alert_or_404(request, pk)
    may_act = alert.is_live and permissions.can(request.user, "open_iaps", office=alert.office)
    context = {
        "alert": alert,
        "cases": spikes.alert_cases(alert).select_related("agency"),
        "chart": chart(alert),
        "may_act": may_act,
        "units": spikes.examination_units(alert) if may_act else [],
        "default_unit": spikes.default_unit(alert, request.user) if may_act else None,
        "default_title": spikes.default_title(alert),
        "groups": alert.mass_complaints.all(),
        # The automatic groups that match the alert: "Use this group" answers it with one.
        "proposed": list(groups_for_alert(alert)[:5]) if alert.is_live else [],
    }
    return render(request, "stats/alerts/detail.html", context)


@require_POST
@staff_required
def alert_act(request: HttpRequest, pk: int) -> HttpResponse:
    alert = _alert_or_404(request, pk)
    what = request.POST.get("action", "")
    try:
        if what == "acknowledge":
            spikes.alert_acknowledge(alert=alert, actor=request.user)
            messages.success(request, _("The alert is acknowledged."))
        elif what == "iaps":
            unit = None
            if request.POST.get("unit"):
                raw = request.POST["unit"]
                unit = (
                    spikes.examination_units(alert).filter(pk=int(raw)).first()
                    if raw.isascii() and raw.isdigit()
                    else None
                )
                if unit is None:
                    raise spikes.SpikeError(_("Choose an examination unit of this office."))
            case = spikes.alert_open_iaps(
                alert=alert, actor=request.user, title=posted_text(request, "title"), unit=unit
            )
            messages.success(
                request,
                _("Own-initiative investigation %(reference)s opened.")
                % {"reference": case.reference},
            )
            return redirect("backoffice:case_detail", pk=case.pk)
        elif what == "group":
            spikes.alert_group(alert=alert, actor=request.user, title=posted_text(request, "title"))
            messages.success(request, _("The reports are grouped as one mass complaint."))
        elif what == "use_group":
            raw = request.POST.get("group", "")
            group = (
                groups_for_alert(alert).filter(pk=int(raw)).first()
                if raw.isascii() and raw.isdigit()
                else None
            )
            if group is None:
                raise spikes.SpikeError(_("Choose one of the groups proposed for this alert."))
            spikes.alert_use_group(alert=alert, group=group, actor=request.user)
            messages.success(request, _("The alert is answered by the mass complaint."))
        elif what == "dismiss":
            spikes.alert_dismiss(
                alert=alert, actor=request.user, reason=posted_text(request, "reason")
            )
            messages.success(request, _("The alert is dismissed."))
        else:
            messages.error(request, _("Unknown action."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("alerts:detail", pk=alert.pk)
