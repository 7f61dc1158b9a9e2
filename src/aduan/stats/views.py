"""The quarterly and annual report for staff: the page, and the same figures as PDF, XLSX and
JSON (``?format=``). Scoping is never optional: staff of an office see their office only; a
national role chooses any office, or the whole country."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from aduan.access import staff_required
from aduan.backoffice.selectors import today_for
from aduan.directory.models import Office
from aduan.directory.scoping import offices_for, sees_all_offices
from aduan.stats import charts
from aduan.stats import render as documents
from aduan.stats import report as reports

NATIONAL = "all"
FORMATS = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


class ReportForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Report"),
        choices=[("quarterly", gettext_lazy("Quarterly")), ("annual", gettext_lazy("Annual"))],
    )
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=gettext_lazy("Quarter"),
        choices=[(n, f"{n}") for n in range(1, 5)],
        coerce=int,
        required=False,
    )
    office = forms.ChoiceField(label=gettext_lazy("Office"))

    def __init__(self, data: Any, *, offices: list[Office], national: bool) -> None:
        super().__init__(data)
        choices = [(o.code, o.name) for o in offices]
        if national:
            choices.insert(0, (NATIONAL, _("All offices (national)")))
        self.fields["office"].choices = choices


def _defaults(user: Any) -> dict[str, Any]:
    year, quarter = reports.today_quarter(today_for(user))
    office = user.office.code if user.office_id else NATIONAL
    return {"kind": "quarterly", "year": year, "quarter": quarter, "office": office}


@require_GET
@staff_required
def report(request: HttpRequest) -> HttpResponse:
    user = request.user
    national = sees_all_offices(user)
    offices = list(offices_for(user).order_by("name"))
    if not offices and not national:
        raise PermissionDenied(_("You are not staff of an office."))
    allowed = {o.code for o in offices} | ({NATIONAL} if national else set())
    asked = request.GET.get("office")
    if asked and asked not in allowed:
        # Never forced quietly to another scope: another office's figures are refused.
        raise PermissionDenied(_("You may not see the figures of that office."))
    data = {**_defaults(user), **{k: v for k, v in request.GET.items() if v != ""}}
    if data.get("office") not in allowed:
        data["office"] = offices[0].code if offices else NATIONAL
    form = ReportForm(data, offices=offices, national=national)
    if not form.is_valid():
        return render(request, "stats/report/page.html", {"form": form, "report": None}, status=400)
    choice = form.cleaned_data
    if choice["kind"] == "quarterly" and not choice["quarter"]:
        choice["quarter"] = _defaults(user)["quarter"]
    office = None if choice["office"] == NATIONAL else Office.objects.get(code=choice["office"])
    arguments = {
        "kind": choice["kind"],
        "year": choice["year"],
        "quarter": choice["quarter"] if choice["kind"] == "quarterly" else None,
        "office": office,
    }
    wanted = request.GET.get("format", "")
    if wanted in FORMATS:
        return _download(arguments, wanted)
    data = reports.build(**arguments)
    return render(request, "stats/report/page.html", _page_context(form, data, request))


def _download(arguments: dict[str, Any], wanted: str) -> HttpResponse:
    """The official documents are in Bahasa Indonesia, whatever the interface language."""
    with translation.override("id"):
        data = reports.build(**arguments)
        if wanted == "pdf":
            body = documents.to_pdf(data)
        elif wanted == "xlsx":
            body = documents.to_xlsx(data)
        else:
            body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1).encode()
    response = HttpResponse(body, content_type=FORMATS[wanted])
    response["Content-Disposition"] = f'attachment; filename="{documents.filename(data, wanted)}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _activity_kinds(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The report's activities per kind, each named in the page's language."""
    from aduan.prevention.models import kinds
    from aduan.stats.report import activity_kinds

    known = kinds()
    return [
        {**kind, "label": known[kind["code"]].label if kind["code"] in known else kind["name"]}
        for kind in activity_kinds((data.get("prevention") or {}).get("activities") or {})
    ]


def _page_context(form: ReportForm, data: dict[str, Any], request: HttpRequest) -> dict:
    received = data["received"]
    exam = data["examination"]
    definitions = data["definitions"]
    query = request.GET.copy()
    query.pop("format", None)

    def link(kind: str) -> str:
        q = query.copy()
        for key, value in form.cleaned_data.items():
            if value not in (None, ""):
                q[key] = value
        q["format"] = kind
        return f"?{q.urlencode()}"

    key_figures = [
        (_("Reports received"), charts.number(received["reports"]), definitions.get("reports")),
        (_("Consultations (KNL)"), charts.number(received["separate"].get("knl", 0)), ""),
        (_("Copies (tembusan)"), charts.number(received["separate"].get("tembusan", 0)), ""),
        (_("Registered for examination"), charts.number(data["decisions"]["registered"]), ""),
        (_("Rejected"), charts.number(data["decisions"]["rejected"]), ""),
        (
            _("Not within the Ombudsman's authority"),
            charts.number(data["decisions"]["not_within_authority"]),
            "",
        ),
        (
            _("Handled in examination"),
            charts.number(exam["handled"]),
            definitions.get("handled"),
        ),
        (_("Closed in examination"), charts.number(exam["closed"]), ""),
        (
            _("Closure rate"),
            _percent(exam["closure_rate"]),
            definitions.get("closure_rate"),
        ),
        (
            _("Carried over from earlier years"),
            charts.number(data["carried_over"]["at_start"]),
            definitions.get("carried_over"),
        ),
    ]
    chart_list = [
        charts.column_chart(received["by_month"], _("Received per month")),
        charts.bar_chart(received["by_channel"], _("Reports by channel")),
        charts.bar_chart(received["by_substance"], _("Reports by substance")),
        charts.bar_chart(received["by_agency_group"], _("Reports by agency group")),
        charts.bar_chart(
            received["by_maladministration_form"], _("Reports by form of maladministration")
        ),
        charts.share_bar(exam["closed_by_mode"], _("Reports closed, by how they ended")),
    ]
    tables = [
        (_("Channel"), received["by_channel"]),
        (_("Substance"), received["by_substance"]),
        (_("Agency group"), received["by_agency_group"]),
        (_("Agency"), received["by_agency"]),
        (_("Form of maladministration"), received["by_maladministration_form"]),
        (_("Region of the event"), received["by_region"]),
        (_("Reporter"), received["by_reporter_kind"]),
        (_("How closed reports ended"), exam["closed_by_mode"]),
    ]
    return {
        "form": form,
        "report": data,
        "title": _report_title(data),
        "key_figures": key_figures,
        "charts": chart_list,
        "tables": [(name, _with_shares(rows)) for name, rows in tables],
        "months": [
            {**m, "label": charts.month_label(m["month"], short=False)}
            for m in received["by_month"]
        ],
        "clocks": [{**c, "rate": _percent(c["on_time_rate"])} for c in data["clocks"]],
        "activity_kinds": _activity_kinds(data),
        "plan_chart": (
            charts.target_chart(data["plans"]["targets"], _("Targets and realisation"))
            if data.get("plans")
            else None
        ),
        "downloads": [
            (label, link(kind))
            for kind, label in (
                ("pdf", "PDF"),
                ("xlsx", "Excel (XLSX)"),
                ("json", "JSON"),
            )
        ],
    }


def _report_title(data: dict[str, Any]) -> str:
    if data["kind"] == "annual":
        return _("Annual report %(year)s") % {"year": data["period"]["year"]}
    return _("Quarterly report %(quarter)s/%(year)s") % {
        "quarter": data["period"]["quarter"],
        "year": data["period"]["year"],
    }


def _percent(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{formats.number_format(value, decimal_pos=2, use_l10n=True)}%"


def _with_shares(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    total = sum(r["count"] for r in rows)
    return [{**r, "share": f"{r['count'] / total * 100:.0f}%" if total else "–"} for r in rows]
