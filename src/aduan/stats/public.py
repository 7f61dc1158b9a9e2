"""The public statistics and open data (``/statistik/``): figures per office and period from
``selectors``, with no personal data and small counts suppressed (see ``docs/open-data.md``).

Nothing here counts anything itself: every number comes from ``selectors.received``,
``selectors.decisions``, ``selectors.examination`` and ``selectors.clocks``. This module only
chooses what may be published, suppresses small counts and shapes the result into rows
``{code, label, count, suppressed}`` per dimension, which the page, the JSON and the CSV share.

Suppression (rule version 2; the full rule is in ``docs/open-data.md``): every table of a
calendar year (each office, every Ombudsman office together, each quarter and the whole year) is
suppressed together, from one reading of the figures, so that no table can be subtracted from
another to give back a suppressed count:

1. *Primary*: in a sensitive dimension (``SENSITIVE``), a count of 1 to 4 is hidden.
2. *Complementary*: a breakdown with hidden cells hides its smallest other non-zero cells until
   at least two cells holding at least 5 reports together are hidden.
3. *Small period*: when a table has 1 to 4 reports, its total and intake types are published but
   none of its breakdowns: no rows, and every month hidden (zero included).
4. *Periods*: a cell hidden in a quarter is hidden in the year, and a cell hidden in the year is
   hidden in every quarter where it is listed; an agency folded into "other" in a quarter counts
   as hidden there.
5. *Offices*: when a cell is hidden in the national table or in some office's table, it is
   hidden in the offices with the smallest non-zero counts of it until at least two offices hide
   it and they hold at least 5 reports together.
6. Rules 2, 4 and 5 are applied again until nothing changes. Hidden cells are listed after the
   published cells of their breakdown, in code order (months stay in calendar order).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any
from zoneinfo import ZoneInfo

from django.core.cache import cache
from django.db.models import Case, QuerySet, Value, When
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from aduan.directory.models import Office
from aduan.reference.models import IntakeType
from aduan.stats import selectors
from aduan.stats.selectors import DEFINITIONS, NATIONAL_ZONE, Period, Scope

SCHEMA = "aduan-open-data/2"
SCHEMA_URL = "docs/open-data.md#version-2"
LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
NATIONAL_CODE = "all"
THRESHOLD = 5  # counts 1 .. THRESHOLD-1 are small
CACHE_SECONDS = 3600  # the suppressed tables of a year, computed together, are kept an hour
PAST_CACHE_SECONDS = 86400  # an earlier year's, a day
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
    "kind of reporter are not published (null, suppressed). When a breakdown has suppressed "
    "counts, its smallest other counts are suppressed too until at least two counts holding at "
    "least 5 reports together are suppressed. When an office received 1 to 4 reports in the "
    "period, only its total and intake types are published, no breakdown. A count suppressed in "
    "a quarter is suppressed in the year and the other way round, and a count suppressed for one "
    "office is suppressed for at least one other office too, so that no suppressed count can be "
    "worked out from the year, the other quarters or the national figures. Zero is never "
    "suppressed, except the months of a period with 1 to 4 reports."
)
BREAKDOWNS = ("month", *RECEIVED_DIMENSIONS)


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


def _complement(counts: dict[str, int], hidden: set[str]) -> bool:
    """Rule 2 on one breakdown (``hidden`` grows in place); true when it hid something.
    ``hidden`` may name codes this breakdown does not have (hidden in another table): only the
    hidden cells with reports in this one count."""

    def hidden_here() -> list[str]:
        return [code for code in hidden if counts.get(code, 0) > 0]

    if not hidden_here():
        return False
    added = False
    candidates = sorted(
        (code for code, count in counts.items() if code not in hidden and count > 0),
        key=lambda code: (counts[code], code),
    )
    while candidates and (
        len(hidden_here()) < 2 or sum(counts[c] for c in hidden_here()) < THRESHOLD
    ):
        hidden.add(candidates.pop(0))
        added = True
    return added


def _apply(
    rows: list[dict[str, Any]], hidden: set[str], *, keep_order: bool = False
) -> list[dict[str, Any]]:
    """New rows with the ``hidden`` codes suppressed, in the published order (rule 6)."""
    rows = [dict(row) for row in rows]
    for row in rows:
        if row["code"] in hidden:
            _hide(row)
    if keep_order:
        return rows
    shown = sorted(
        (row for row in rows if not row["suppressed"]), key=lambda r: (-r["count"], r["label"])
    )
    return shown + sorted((row for row in rows if row["suppressed"]), key=lambda r: r["code"])


def suppress(rows: list[dict[str, Any]], *, keep_order: bool = False) -> list[dict[str, Any]]:
    """Primary and complementary suppression of one breakdown on its own (rules 1 and 2).

    ``rows`` are ``{code, label, count, suppressed}`` with true counts; the answer is new rows.
    """
    counts = {row["code"]: row["count"] for row in rows}
    hidden = {code for code, count in counts.items() if 0 < count < THRESHOLD}
    _complement(counts, hidden)
    return _apply(rows, hidden, keep_order=keep_order)


# --- the tables of a year, suppressed together
def _table(scope: Scope, published: bool) -> dict[str, Any]:
    """The true counts of reports received in ``scope``, and their primary suppression."""
    received = selectors.received(scope)
    type_names = dict(IntakeType.objects.values_list("code", "name"))
    rows = {
        "month": [_cell(row["month"], row["month"], row["reports"]) for row in received["by_month"]]
    }
    for dimension, (key, _title) in RECEIVED_DIMENSIONS.items():
        rows[dimension] = [_cell(row["code"], row["label"], row["count"]) for row in received[key]]
        _name_missing_codes(dimension, rows[dimension])
    counts = {dim: {row["code"]: row["count"] for row in rows[dim]} for dim in BREAKDOWNS}
    small = 0 < received["reports"] < THRESHOLD
    if small or not published:
        # rule 3 (and an inactive office, whose table is never published: all of it unknown)
        hidden = {
            dim: {code for code, n in counts[dim].items() if n or dim == "month"}
            for dim in BREAKDOWNS
        }
    else:
        hidden = {
            dim: {code for code, n in counts[dim].items() if 0 < n < THRESHOLD}
            if dim in SENSITIVE
            else set()
            for dim in BREAKDOWNS
        }
    return {
        "total": received["reports"],
        "intake_type": [
            _cell(code, type_names.get(code, code), count)
            for code, count in received["by_intake_type"].items()
        ],
        "rows": rows,
        "counts": counts,
        "hidden": hidden,
        "small": small,
        "published": published,
        # agencies after the first TOP_AGENCIES are folded into "other": their counts unknown
        "folded": counts["agency"].get("other", 0) > 0,
    }


def _hide_codes(hidden: set[str], codes: Any) -> bool:
    before = len(hidden)
    hidden.update(codes)
    return len(hidden) > before


def _periods(tables: dict[tuple[str, int], dict[str, Any]], owner: str) -> bool:
    """Rule 4 for one office (or the national tables): the year (0) and its quarters (1-4)."""
    changed = False
    year = tables[(owner, 0)]
    quarters = [tables[(owner, q)] for q in (1, 2, 3, 4)]
    for dim in BREAKDOWNS:
        unsafe = set().union(*(t["hidden"][dim] for t in (year, *quarters)))
        if dim == "agency":
            # a year's agency is known only if every quarter lists it or has no "other" row
            unsafe |= {
                code
                for code in year["counts"][dim]
                if any(q["folded"] and code not in q["counts"][dim] for q in quarters)
            }
        for table in (year, *quarters):
            listed = {code for code, n in table["counts"][dim].items() if n or dim == "month"}
            changed |= _hide_codes(table["hidden"][dim], unsafe & listed)
    return changed


def _offices(tables: dict[tuple[str, int], dict[str, Any]], owners: list[str], q: int) -> bool:
    """Rule 5 for one period: a cell hidden for the nation or some office is hidden for at least
    two offices holding at least THRESHOLD reports of it together, or else for the nation too."""
    changed = False
    national = tables[(NATIONAL_CODE, q)]
    offices = [(owner, tables[(owner, q)]) for owner in owners]
    for dim in BREAKDOWNS:
        keys = set(national["hidden"][dim]).union(*(t["hidden"][dim] for _o, t in offices))
        for key in sorted(keys):
            # a hidden zero (a month of a small period) does not count as a second cell
            hiding = [
                t["counts"][dim].get(key, 0)
                for _o, t in offices
                if key in t["hidden"][dim] and t["counts"][dim].get(key, 0) > 0
            ]
            candidates = sorted(
                (
                    (t["counts"][dim][key], owner, t)
                    for owner, t in offices
                    if key not in t["hidden"][dim] and t["counts"][dim].get(key, 0) > 0
                ),
                key=lambda c: c[:2],
            )
            while candidates and (len(hiding) < 2 or sum(hiding) < THRESHOLD):
                count, _owner, table = candidates.pop(0)
                table["hidden"][dim].add(key)
                hiding.append(count)
                changed = True
            if (len(hiding) < 2 or sum(hiding) < THRESHOLD) and key not in national["hidden"][dim]:
                # no office left to hide it with: the national cell would give it back
                national["hidden"][dim].add(key)
                changed = True
    return changed


def _suppressed_year(year: int) -> dict[tuple[str, int], dict[str, Any]]:
    """Every table of ``year`` (``(office code or "all", quarter or 0)``), rules 1 to 6."""
    offices = list(Office.objects.filter(kind__in=PUBLIC_KINDS).order_by("code"))
    tables: dict[tuple[str, int], dict[str, Any]] = {}
    for q in (0, 1, 2, 3, 4):
        period = period_for(year, q or None)
        tables[(NATIONAL_CODE, q)] = _table(national_scope(period), True)
        for office in offices:
            tables[(office.code, q)] = _table(Scope.for_office(office, period), office.active)
    owners = [office.code for office in offices]
    changed = True
    while changed:
        changed = False
        for table in tables.values():
            if table["published"] and not table["small"]:
                for dim in BREAKDOWNS:
                    changed |= _complement(table["counts"][dim], table["hidden"][dim])
        for owner in (NATIONAL_CODE, *owners):
            changed |= _periods(tables, owner)
        for q in (0, 1, 2, 3, 4):
            changed |= _offices(tables, owners, q)
    return tables


def _year_key(year: int) -> str:
    """The cache key of a year's tables: the offices, the language of the labels, and this hour
    (this year and later) or this day (an earlier year: its reports are in, only a late
    correction changes its figures, so they are recomputed daily)."""
    offices = list(
        Office.objects.filter(kind__in=PUBLIC_KINDS)
        .order_by("pk")
        .values_list("pk", "code", "active", "time_zone")
    )
    now = timezone.now()
    current = now.astimezone(ZoneInfo(NATIONAL_ZONE)).year
    stamp = now.strftime("%Y%m%d%H" if year >= current else "%Y%m%d")
    fingerprint = hashlib.sha256(repr((stamp, offices)).encode()).hexdigest()[:20]
    return f"aduan:public-stats:{SCHEMA}:{year}:{translation.get_language()}:{fingerprint}"


def _year_tables(year: int) -> dict[tuple[str, int], dict[str, Any]]:
    """``_suppressed_year``, kept in Django's cache: computed at most once an hour per year and
    language (once a day for an earlier year; at a million cases the whole year of every office
    takes about 25 s on PostgreSQL, so it is not redone for each new report: public figures are
    hourly)."""
    key = _year_key(year)
    tables = cache.get(key)
    if tables is None:
        tables = _suppressed_year(year)
        cache.set(key, tables, CACHE_SECONDS if year >= _current_year() else PAST_CACHE_SECONDS)
    return tables


def _current_year() -> int:
    return timezone.now().astimezone(ZoneInfo(NATIONAL_ZONE)).year


def warm(now: Any = None) -> int:
    """Compute this year's and last year's tables (both languages) where the cache lacks them,
    so that no visitor waits for them (last year's are asked for all through the annual
    reporting season); called by the worker after each sweep. Returns how many it made."""
    from django.conf import settings

    year = (now or timezone.now()).astimezone(ZoneInfo(NATIONAL_ZONE)).year
    made = 0
    for which in (year, year - 1):
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                if cache.get(_year_key(which)) is None:
                    _year_tables(which)
                    made += 1
    return made


def _where(period: Period) -> tuple[int, int]:
    """``(year, quarter or 0)`` of a published period."""
    year = period.start.year
    for q in (0, 1, 2, 3, 4):
        if period_for(year, q or None) == period:
            return year, q
    raise ValueError("public figures are published for a calendar quarter or year only")


# --- the figures
def public_figures(*, office: Office | None, period: Period) -> dict[str, Any]:
    """What may be published of ``office`` (``None``: every Ombudsman office) in ``period`` (a
    calendar quarter or year): ``{"figures": {dimension: [rows]}, "rates": {...},
    "definitions": {...}}``; every row is ``{"code", "label", "count", "suppressed"}``, small
    counts already suppressed."""
    year, quarter = _where(period)
    table = _year_tables(year)[(office.code if office else NATIONAL_CODE, quarter)]
    scope = Scope.for_office(office, period) if office else national_scope(period)
    decided = selectors.decisions(scope)
    examined = selectors.examination(scope)
    clocks = selectors.clocks(scope)

    figures: dict[str, list[dict[str, Any]]] = {
        "reports": [_cell("total", gettext("reports"), table["total"])],
        "intake_type": [dict(row) for row in table["intake_type"]],
    }
    for dim in BREAKDOWNS:
        if table["small"] and dim != "month":
            figures[dim] = []  # rule 3: no breakdown of a small period, not even its codes
        else:
            figures[dim] = _apply(
                table["rows"][dim], table["hidden"][dim], keep_order=dim == "month"
            )

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
