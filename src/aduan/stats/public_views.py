"""The public statistics page ``/statistik/`` and its open data (``data.csv``, ``data.json``):
no sign-in, no JavaScript, small pages. Figures from ``public.public_figures`` only."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from aduan.directory.models import Office
from aduan.stats import public
from aduan.stats.public import NATIONAL_CODE, TITLES
from aduan.stats.selectors import NATIONAL_ZONE, Period

PAGE_ROWS = 12  # rows of a dimension shown on the page; the downloads have them all
PUBLIC_CACHE = "public, max-age=3600"
# The page carries the language form's CSRF token (base.html), so shared caches must not keep it.
PAGE_CACHE = "private, max-age=3600"
QUARTERS = [("", _("whole year")), ("1", _("Q1")), ("2", _("Q2")), ("3", _("Q3")), ("4", _("Q4"))]


def _this_year() -> int:
    return timezone.localdate(timezone=ZoneInfo(NATIONAL_ZONE)).year


class PublicStatsForm(forms.Form):
    office = forms.ChoiceField(label=_("Office"), required=False)
    year = forms.IntegerField(label=_("Year"), required=False)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"), choices=QUARTERS, coerce=int, empty_value=None, required=False
    )

    def __init__(self, data: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(data, *args, **kwargs)
        self.offices = {office.code: office for office in public.public_offices()}
        self.fields["office"].choices = [
            ("", gettext("All offices (national)")),
            *((code, office.name) for code, office in self.offices.items()),
        ]
        self.fields["office"].error_messages["invalid_choice"] = _(
            "There is no active Ombudsman office with the code “%(value)s”."
        )
        self.fields["quarter"].error_messages["invalid_choice"] = _(
            "The quarter is 1, 2, 3 or 4 (or empty for the whole year)."
        )
        last = _this_year()
        self.fields["year"].widget = forms.Select(
            choices=[(year, year) for year in range(last, public.FIRST_YEAR - 1, -1)]
        )
        self.fields["year"].error_messages["invalid"] = gettext(
            "The year is a number such as %(year)s."
        ) % {"year": last}
        self.last_year = last

    def clean_office(self) -> Office | None:
        code = self.cleaned_data.get("office") or ""
        if code in ("", NATIONAL_CODE):
            return None
        return self.offices[code]  # ChoiceField already refused any other code

    def clean_year(self) -> int:
        year = self.cleaned_data.get("year")
        if year is None:
            return self.last_year
        if not public.FIRST_YEAR <= year <= self.last_year:
            raise forms.ValidationError(
                _("There are figures for the years %(first)s to %(last)s only."),
                params={"first": public.FIRST_YEAR, "last": self.last_year},
            )
        return year

    def period(self) -> Period:
        return public.period_for(self.cleaned_data["year"], self.cleaned_data.get("quarter"))


def _form(request: HttpRequest) -> PublicStatsForm:
    data = request.GET.copy()
    # an office code from the form or a link; NATIONAL_CODE is accepted as "every office"
    if data.get("office") == NATIONAL_CODE:
        data["office"] = ""
    return PublicStatsForm(data)


def _errors(form: PublicStatsForm) -> dict[str, list[str]]:
    return {field: [str(e) for e in errors] for field, errors in form.errors.items()}


def _error_text(form: PublicStatsForm) -> str:
    return " ".join(message for messages in _errors(form).values() for message in messages)


# The breakdowns in the order a reader looks for them: when, about whom (agency groups), where,
# then the rest; the long list of single agencies last.
SECTION_ORDER = (
    "month",
    "agency_group",
    "region",
    "substance",
    "channel",
    "maladministration_form",
    "reporter_kind",
    "agency",
)


def _fold(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The suppressed rows of a breakdown (listed after the shown ones) as one row "N others,
    *" when there are two or more: a wall of names each followed by "*" tells the reader
    nothing. The folded row publishes no count and no name, less than the rows it replaces;
    every row stays in the downloads."""
    hidden = [row for row in rows if row["suppressed"]]
    if len(hidden) < 2:
        return rows
    label = ngettext("%(n)s other, not shown", "%(n)s others, not shown", len(hidden)) % {
        "n": len(hidden)
    }
    folded = {"code": "", "label": label, "count": None, "suppressed": True, "folded": True}
    return [row for row in rows if not row["suppressed"]] + [folded]


def _sections(figures: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """The breakdowns of the page: at most PAGE_ROWS shown rows each (the suppressed ones of a
    breakdown other than months folded into one), bars as width percentages."""
    sections = []
    for dimension in SECTION_ORDER:
        rows = figures[dimension]
        top = max((row["count"] or 0 for row in rows), default=0)
        listed = rows if dimension == "month" else _fold(rows)
        shown = []
        for row in listed[:PAGE_ROWS]:
            label = row["label"]
            if dimension == "month":
                year, month = (int(part) for part in row["code"].split("-"))
                label = date_format(dt.date(year, month, 1), "YEAR_MONTH_FORMAT")
            width = round(100 * row["count"] / top) if top and row["count"] else 0
            shown.append({**row, "label": label, "width": width})
        more = listed[PAGE_ROWS:]
        if more and more[-1].get("folded"):
            shown.append({**more[-1], "width": 0})  # the "others" row stays on the page
            more = more[:-1]
        sections.append(
            {
                "code": dimension,
                "title": TITLES[dimension],
                "rows": shown,
                "more": len(more),
            }
        )
    return sections


def _on_time(clocks: list[dict[str, Any]]) -> float | None:
    """The share of the legal clocks stopped in the period that were met on time, all kinds
    together (the per-clock rates are in the table)."""
    met = sum(row["met"] or 0 for row in clocks)
    missed = sum(row["missed"] or 0 for row in clocks)
    return round(100 * met / (met + missed), 1) if met + missed else None


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    form = _form(request)
    if not form.is_valid():
        response = render(request, "stats/public/index.html", {"form": form}, status=400)
        response["Cache-Control"] = "no-cache"
        return response
    office, period = form.cleaned_data["office"], form.period()
    data = public.public_figures(office=office, period=period)
    figures = data["figures"]
    clocks = [
        {**rate, "met": met["count"], "missed": missed["count"]}
        for rate, met, missed in zip(
            data["rates"]["on_time"], figures["clock_met"], figures["clock_missed"], strict=True
        )
    ]
    query = request.GET.urlencode()
    context = {
        "form": form,
        "office": office,
        "period": period,
        "quarter": form.cleaned_data.get("quarter"),
        "year": form.cleaned_data["year"],
        "reports": figures["reports"][0],
        "intake_types": figures["intake_type"],
        "sections": _sections(figures),
        "decisions": figures["decision"],
        "examination": figures["examination"],
        "closure_rate": data["rates"]["closure_rate"],
        "clocks": clocks,
        "on_time_rate": _on_time(clocks),
        "definitions": data["definitions"],
        "suppression_rule": public.SUPPRESSION_RULE,
        "threshold": public.THRESHOLD,
        "query": f"?{query}" if query else "",
        "csv_header": ",".join(public.CSV_HEADER),
        "licence": public.LICENCE,
        "licence_url": public.LICENCE_URL,
    }
    response = render(request, "stats/public/index.html", context)
    response["Cache-Control"] = PAGE_CACHE
    return response


def _document(form: PublicStatsForm) -> dict[str, Any]:
    # Downloads are in the default language (Bahasa Indonesia) whatever the visitor's, so that a
    # shared cache may keep them; codes never change with the language.
    with translation.override(settings.LANGUAGE_CODE):
        return public.document(office=form.cleaned_data["office"], period=form.period())


def _filename(doc: dict[str, Any], extension: str) -> str:
    period = doc["period"]
    return f"aduan-{doc['office']['code']}-{period['start']}-{period['end']}.{extension}"


@require_safe
def data_json(request: HttpRequest) -> HttpResponse:
    form = _form(request)
    if not form.is_valid():
        return JsonResponse(
            {
                "error": {
                    "code": "bad_request",
                    "message": _error_text(form),
                    "fields": _errors(form),
                }
            },
            status=400,
            json_dumps_params={"ensure_ascii": False},
        )
    doc = _document(form)
    response = HttpResponse(
        json.dumps(doc, ensure_ascii=False, indent=1),
        content_type="application/json; charset=utf-8",
    )
    response["Cache-Control"] = PUBLIC_CACHE
    response["Content-Disposition"] = f'inline; filename="{_filename(doc, "json")}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def data_csv(request: HttpRequest) -> HttpResponse:
    form = _form(request)
    if not form.is_valid():
        return HttpResponse(
            _error_text(form) + "\n", status=400, content_type="text/plain; charset=utf-8"
        )
    doc = _document(form)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(public.csv_rows(doc))
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Cache-Control"] = PUBLIC_CACHE
    response["Content-Disposition"] = f'attachment; filename="{_filename(doc, "csv")}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response
