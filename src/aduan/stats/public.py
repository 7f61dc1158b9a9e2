"""The public statistics and open data (``/statistik/``): figures per office and period from
``selectors``, with no personal data and small counts suppressed (see ``docs/open-data.md``).

Nothing here counts anything itself: every number comes from ``selectors.received``,
``selectors.decisions``, ``selectors.examination`` and ``selectors.clocks``. This module only
chooses what may be published, suppresses small counts and shapes the result into rows
``{code, label, count, suppressed}`` per dimension, which the page, the JSON and the CSV share.

Suppression (rule version 1):

1. *Primary*: in a sensitive dimension (``SENSITIVE``), a count of 1 to 4 is published as null
   with ``suppressed: true``. Zero is never suppressed.
2. *Complementary*: when a dimension has suppressed cells, the smallest published cells of it are
   suppressed too, one by one (smallest count first, then by code), until at least two cells are
   suppressed and the suppressed cells together hold at least 5 reports, or nothing is left. So
   the total minus the published cells never gives back a small cell.
3. *Small period*: when the office received 1 to 4 reports in the period, the total and every
   count of reports (every intake type that counts as a report and every cell of every
   dimension) is suppressed.
4. Suppressed cells are listed after the published cells of their dimension, in code order, so
   their order says nothing about their size (months stay in calendar order).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Case, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from aduan.directory.models import Office
from aduan.reference.models import IntakeType
from aduan.stats import selectors
from aduan.stats.selectors import DEFINITIONS, NATIONAL_ZONE, Period, Scope

SCHEMA = "aduan-open-data/1"
SCHEMA_URL = "docs/open-data.md#version-1"
LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
NATIONAL_CODE = "all"
THRESHOLD = 5  # counts 1 .. THRESHOLD-1 are small
FIRST_YEAR = 2000  # the Ombudsman (then Komisi Ombudsman Nasional) began in 2000
PUBLIC_KINDS = (Office.Kind.PUSAT, Office.Kind.PERWAKILAN, Office.Kind.OMBUDSMAN_DAERAH)

# dimension code -> (key in selectors.received(), title)
RECEIVED_DIMENSIONS = {
    "channel": ("by_channel", _("Reports by channel")),
    "substance": ("by_substance", _("Reports by substance")),
    "agency_group": ("by_agency_group", _("Reports by agency group")),
    "agency": ("by_agency", _("Reports by agency")),
    "maladministration_form": ("by_maladministration_form", _("Reports by maladministration form")),
    "region": ("by_region", _("Reports by regency or city of the event")),
    "reporter_kind": ("by_reporter_kind", _("Reports by kind of reporter")),
}
SENSITIVE = frozenset(
    {"month", "agency_group", "agency", "maladministration_form", "region", "reporter_kind"}
)
TITLES = {
    "reports": _("Reports received"),
    "intake_type": _("Items received by intake type"),
    "month": _("Reports by month"),
    **{code: title for code, (_key, title) in RECEIVED_DIMENSIONS.items()},
    "decision": _("Decisions on reports"),
    "examination": _("Examination"),
    "clock_met": _("Clocks met"),
    "clock_missed": _("Clocks missed"),
}
DIMENSIONS = tuple(TITLES)
CSV_HEADER = [
    "office_code",
    "period_start",
    "period_end",
    "dimension",
    "code",
    "label",
    "count",
    "suppressed",
]
SUPPRESSION_RULE = _(
    "Counts of 1 to 4 reports by month, region, agency, agency group, maladministration form and "
    "kind of reporter are not published (null, suppressed). When a dimension has suppressed "
    "counts, its smallest other counts are suppressed too until at least two counts holding at "
    "least 5 reports together are suppressed, so that no small count can be worked out from the "
    "total. When an office received 1 to 4 reports in the period, every count of reports is "
    "suppressed. Zero is never suppressed."
)


# --- offices and periods
def public_offices() -> QuerySet[Office]:
    """The offices a visitor may choose: active Ombudsman offices, not agency complaint units."""
    central_first = Case(When(kind=Office.Kind.PUSAT, then=Value(0)), default=Value(1))
    return Office.objects.filter(active=True, kind__in=PUBLIC_KINDS).order_by(central_first, "name")


def national_scope(period: Period) -> Scope:
    """Every Ombudsman office (active or not: past figures stay), never agency complaint units."""
    ids = Office.objects.filter(kind__in=PUBLIC_KINDS).values_list("pk", flat=True)
    return Scope(tuple(ids), period, NATIONAL_ZONE)


def period_for(year: int, quarter: int | None = None) -> Period:
    return Period.quarter(year, quarter) if quarter else Period.year(year)


# --- suppression
def _cell(code: Any, label: Any, count: int | None) -> dict[str, Any]:
    return {
        "code": "" if code is None else str(code),
        "label": "" if label is None else str(label),
        "count": count,
        "suppressed": False,
    }


def _hide(row: dict[str, Any]) -> None:
    row["count"] = None
    row["suppressed"] = True


def suppress(rows: list[dict[str, Any]], *, keep_order: bool = False) -> list[dict[str, Any]]:
    """Primary and complementary suppression of one dimension (see the module's docstring).

    ``rows`` are ``{code, label, count, suppressed}`` with true counts; the answer is new rows.
    """
    rows = [dict(row) for row in rows]
    true = {id(row): row["count"] for row in rows}
    hidden = [row for row in rows if 0 < row["count"] < THRESHOLD]
    for row in hidden:
        _hide(row)
    if hidden:
        candidates = sorted(
            (row for row in rows if not row["suppressed"] and row["count"] > 0),
            key=lambda r: (r["count"], r["code"]),
        )
        while candidates and (len(hidden) < 2 or sum(true[id(row)] for row in hidden) < THRESHOLD):
            row = candidates.pop(0)
            _hide(row)
            hidden.append(row)
    if keep_order:
        return rows
    shown = sorted(
        (row for row in rows if not row["suppressed"]), key=lambda r: (-r["count"], r["label"])
    )
    return shown + sorted((row for row in rows if row["suppressed"]), key=lambda r: r["code"])


def _suppress_all(rows: list[dict[str, Any]]) -> None:
    for row in rows:
        if row["count"]:
            _hide(row)


# --- the figures
def public_figures(*, office: Office | None, period: Period) -> dict[str, Any]:
    """What may be published of ``office`` (``None``: every Ombudsman office) in ``period``:
    ``{"figures": {dimension: [rows]}, "rates": {...}, "definitions": {...}}``; every row is
    ``{"code", "label", "count", "suppressed"}``, small counts already suppressed."""
    scope = Scope.for_office(office, period) if office else national_scope(period)
    received = selectors.received(scope)
    decided = selectors.decisions(scope)
    examined = selectors.examination(scope)
    clocks = selectors.clocks(scope)

    small_period = 0 < received["reports"] < THRESHOLD
    report_types = set(
        IntakeType.objects.filter(counts_as_report=True).values_list("code", flat=True)
    )
    type_names = dict(IntakeType.objects.values_list("code", "name"))

    figures: dict[str, list[dict[str, Any]]] = {
        "reports": [_cell("total", gettext("reports"), received["reports"])],
        "intake_type": [
            _cell(code, type_names.get(code, code), count)
            for code, count in received["by_intake_type"].items()
        ],
        "month": suppress(
            [_cell(row["month"], row["month"], row["reports"]) for row in received["by_month"]],
            keep_order=True,
        ),
    }
    for dimension, (key, _title) in RECEIVED_DIMENSIONS.items():
        rows = [_cell(row["code"], row["label"], row["count"]) for row in received[key]]
        _name_missing_codes(dimension, rows)
        figures[dimension] = suppress(rows) if dimension in SENSITIVE else rows
    if small_period:
        _suppress_all(figures["reports"])
        for row in figures["intake_type"]:
            if row["code"] in report_types and row["count"]:
                _hide(row)
        for dimension in ("month", *RECEIVED_DIMENSIONS):
            _suppress_all(figures[dimension])

    figures["decision"] = [
        _cell("registered", gettext("registered for examination"), decided["registered"]),
        _cell("rejected", gettext("rejected (Art. 36(1))"), decided["rejected"]),
        _cell(
            "not_within_authority",
            gettext("not within the Ombudsman's authority"),
            decided["not_within_authority"],
        ),
    ]
    figures["examination"] = [
        _cell("handled", gettext("handled in examination"), examined["handled"]),
        _cell("closed", gettext("closed in the period"), examined["closed"]),
    ]
    figures["clock_met"] = [_cell(c["code"], c["label"], c["met"]) for c in clocks]
    figures["clock_missed"] = [_cell(c["code"], c["label"], c["missed"]) for c in clocks]

    return {
        "figures": figures,
        "rates": {
            "closure_rate": examined["closure_rate"],
            "on_time": [
                {"code": c["code"], "label": str(c["label"]), "rate": c["on_time_rate"]}
                for c in clocks
            ],
        },
        "definitions": {
            key: str(DEFINITIONS[key]) for key in ("reports", "handled", "closure_rate", "on_time")
        },
    }


def _name_missing_codes(dimension: str, rows: list[dict[str, Any]]) -> None:
    """Rows without a code get a stable one: ``other`` (the agencies after the first
    ``selectors.TOP_AGENCIES``, always the last row) or ``not_recorded``."""
    for index, row in enumerate(rows):
        if row["code"]:
            continue
        if dimension == "agency" and index == selectors.TOP_AGENCIES == len(rows) - 1:
            row["code"] = "other"
        else:
            row["code"] = "not_recorded"


def document(*, office: Office | None, period: Period) -> dict[str, Any]:
    """The JSON document of the open data (schema in ``docs/open-data.md``)."""
    data = public_figures(office=office, period=period)
    return {
        "schema": SCHEMA,
        "schema_url": SCHEMA_URL,
        "licence": LICENCE,
        "office": (
            {"code": office.code, "name": office.name, "kind": office.kind}
            if office
            else {"code": NATIONAL_CODE, "name": gettext("all Ombudsman offices"), "kind": None}
        ),
        "period": {"start": period.start.isoformat(), "end": period.end.isoformat()},
        "generated_at": timezone.now().astimezone(dt.UTC).isoformat(timespec="seconds"),
        "figures": data["figures"],
        "rates": data["rates"],
        "definitions": data["definitions"],
        "suppression": {
            "threshold": THRESHOLD,
            "dimensions": sorted(SENSITIVE),
            "rule": str(SUPPRESSION_RULE),
        },
    }


def csv_rows(doc: dict[str, Any]) -> list[list[Any]]:
    """The long format of a document: one row per cell, in ``DIMENSIONS`` order."""
    office_code = doc["office"]["code"]
    start, end = doc["period"]["start"], doc["period"]["end"]
    rows: list[list[Any]] = [list(CSV_HEADER)]
    for dimension in DIMENSIONS:
        for cell in doc["figures"][dimension]:
            rows.append(
                [
                    office_code,
                    start,
                    end,
                    dimension,
                    cell["code"],
                    cell["label"],
                    "" if cell["count"] is None else cell["count"],
                    "true" if cell["suppressed"] else "false",
                ]
            )
    return rows
