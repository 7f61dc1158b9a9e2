"""The public statistics page /statistik/ and its open data: no personal data, small counts
suppressed (with complementary suppression), documented CSV and JSON."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from aduan.cases import services as sv
from aduan.directory.models import Office
from aduan.stats import public
from aduan.stats.public_views import PAGE_CACHE
from aduan.stats.selectors import Period

DOCS = Path(__file__).resolve().parents[2] / "docs" / "open-data.md"
JAKARTA = ZoneInfo("Asia/Jakarta")
YEAR = 2024
# 3 reports about Kabupaten Bangka (suppressed), 7 about Kota Pangkal Pinang (shown),
# 5 about Kota Makassar (shown on its own, suppressed as the complement of the 3)
PLAN = [("19.01", 3), ("19.71", 7), ("73.71", 5)]


def cell(rows, code):
    return next(row for row in rows if row["code"] == code)


@pytest.fixture
def cases(office, regions, agency_tree):
    made = []
    for region, count in PLAN:
        for i in range(count):
            made.append(
                sv.case_receive(
                    office=office,
                    intake_type="lm",
                    channel="web",
                    title=f"Keluhan rahasia nomor {region}-{i}",
                    reporters=[{"name": f"Pelapor Zulkarnain {region}-{i}"}],
                    received_at=dt.datetime(YEAR, 3, 10, 10, tzinfo=JAKARTA),
                    agency=agency_tree["health"],
                    event_region=regions[region],
                )
            )
    return made


def get(client, name, **params):
    """As a visitor whose browser asks for English (the site's default is Indonesian)."""
    return client.get(reverse(f"public_stats:{name}"), params, HTTP_ACCEPT_LANGUAGE="en")


def csv_of(response):
    text = response.content.decode("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


# --- the suppression rule itself
@pytest.mark.parametrize(
    ("counts", "hidden"),
    [
        ({"a": 3, "b": 7, "c": 5}, {"a", "c"}),  # one small cell: the next smallest goes too
        ({"a": 2, "b": 3, "c": 50}, {"a", "b"}),  # two small cells holding 5: enough
        ({"a": 1, "b": 1, "c": 50, "d": 60}, {"a", "b", "c"}),  # 1+1 would tell each is 1
        ({"a": 4, "b": 0, "c": 9}, {"a", "c"}),  # zero is never used nor suppressed
        ({"a": 0, "b": 5, "c": 9}, set()),  # nothing small, nothing suppressed
        ({"a": 3}, {"a"}),  # nothing to complement with
    ],
)
def test_primary_and_complementary_suppression(counts, hidden):
    rows = [{"code": c, "label": c, "count": n, "suppressed": False} for c, n in counts.items()]
    result = public.suppress(rows)
    assert {row["code"] for row in result if row["suppressed"]} == hidden
    for row in result:
        if row["suppressed"]:
            assert row["count"] is None
        else:
            assert row["count"] == counts[row["code"]]
    # suppressed cells come last, in code order, so their place says nothing of their size
    flags = [row["suppressed"] for row in result]
    assert flags == sorted(flags)
    assert [r["code"] for r in result if r["suppressed"]] == sorted(hidden)


def test_the_residual_of_a_dimension_never_gives_back_a_small_cell():
    for counts in ([3, 7, 5], [1, 1, 50, 60], [4, 4, 100], [2, 9, 9, 9], [1, 2, 3, 4, 40]):
        rows = [
            {"code": f"c{i}", "label": "", "count": n, "suppressed": False}
            for i, n in enumerate(counts)
        ]
        result = public.suppress(rows)
        residual = sum(counts) - sum(r["count"] for r in result if not r["suppressed"])
        hidden = [r for r in result if r["suppressed"]]
        # every list above holds a small cell, so something is always hidden
        assert len(hidden) >= 2, counts
        assert residual >= public.THRESHOLD, counts


# --- the figures
def test_figures_suppress_a_small_region_and_its_complement(cases, office):
    data = public.public_figures(office=office, period=Period.year(YEAR))
    regions = data["figures"]["region"]
    assert cell(regions, "19.71") == {
        "code": "19.71",
        "label": "Kota Pangkal Pinang",
        "count": 7,
        "suppressed": False,
    }
    assert cell(regions, "19.01")["count"] is None
    assert cell(regions, "19.01")["suppressed"] is True
    assert cell(regions, "73.71") == {
        "code": "73.71",
        "label": "Kota Makassar",
        "count": None,
        "suppressed": True,
    }
    assert data["figures"]["reports"][0]["count"] == 15
    months = data["figures"]["month"]
    assert [row["code"] for row in months] == [f"{YEAR}-{m:02d}" for m in range(1, 13)]
    assert cell(months, f"{YEAR}-03")["count"] == 15
    assert cell(months, f"{YEAR}-01") == {
        "code": f"{YEAR}-01",
        "label": f"{YEAR}-01",
        "count": 0,
        "suppressed": False,
    }


def test_a_small_period_publishes_its_total_but_no_breakdown(office, regions, agency_tree):
    for i in range(3):
        sv.case_receive(
            office=office,
            intake_type="lm",
            channel="web",
            title=f"Sedikit {i}",
            reporters=[{"name": f"Orang {i}"}],
            received_at=dt.datetime(YEAR, 5, 2, 9, tzinfo=JAKARTA),
            agency=agency_tree["clinic"],
            event_region=regions["19.71"],
        )
    figures = public.public_figures(office=office, period=Period.quarter(YEAR, 2))["figures"]
    assert figures["reports"][0] == {
        "code": "total",
        "label": figures["reports"][0]["label"],
        "count": 3,
        "suppressed": False,
    }
    assert cell(figures["intake_type"], "lm")["count"] == 3
    assert cell(figures["intake_type"], "knl")["count"] == 0
    for dimension in public.RECEIVED_DIMENSIONS:
        assert figures[dimension] == [], dimension  # not even which codes occurred
    # every month hidden, zero included: otherwise the one non-zero month would be the total
    assert [row["code"] for row in figures["month"]] == [f"{YEAR}-{m:02d}" for m in (4, 5, 6)]
    assert all(row["suppressed"] and row["count"] is None for row in figures["month"])


# --- suppression across tables: no subtraction of published tables gives back a hidden count
def make(office, region, count, *, month, agency, channel="web"):
    zone = ZoneInfo(office.time_zone)
    for i in range(count):
        sv.case_receive(
            office=office,
            intake_type="lm",
            channel=channel,
            title=f"x {region} {month} {i}",
            reporters=[{"name": f"Orang {region} {month} {i}"}],
            received_at=dt.datetime(YEAR, month, 15, 10, tzinfo=zone),
            agency=agency,
            event_region=region,
        )


def counts_of(office, period, dimension):
    """What a reader of the published figures knows: ``{code: count or None}``."""
    figures = public.public_figures(office=office, period=period)["figures"]
    return {row["code"]: row["count"] for row in figures[dimension]}


def figures_of(office, period):
    return public.public_figures(office=office, period=period)["figures"]


def assert_year_minus_quarters_gives_nothing_back(office, dimension):
    """For every cell hidden in a quarter, the year's cell minus the other quarters' cells must
    not be computable (a hidden or missing-but-listed cell in the way)."""
    year = figures_of(office, Period.year(YEAR))
    quarters = {q: figures_of(office, Period.quarter(YEAR, q)) for q in (1, 2, 3, 4)}
    # the totals
    assert year["reports"][0]["count"] == sum(f["reports"][0]["count"] for f in quarters.values())
    year_cells = {row["code"]: row["count"] for row in year[dimension]}
    for q, figures in quarters.items():
        listed = {row["code"]: row["count"] for row in figures[dimension]}
        others = [
            {row["code"]: row["count"] for row in quarters[o][dimension]}
            for o in quarters
            if o != q
        ]
        small = figures["reports"][0]["count"] < public.THRESHOLD
        # codes hidden in the quarter, and for a small quarter every code the year lists
        secret = {c for c, n in listed.items() if n is None} | (set(year_cells) if small else set())
        for code in secret:
            year_count = year_cells.get(code, 0)
            parts = [other.get(code, 0) for other in others]
            assert year_count is None or None in parts, (q, dimension, code)
    return year, quarters


def test_a_cell_hidden_in_a_quarter_cannot_be_worked_out_from_the_year(
    office, regions, agency_tree
):
    # the review's example: Kabupaten Bangka has 3 reports in Q1 and 10 in each later quarter
    health = agency_tree["health"]
    make(office, regions["19.01"], 3, month=2, agency=health)
    make(office, regions["19.71"], 7, month=2, agency=health)
    make(office, regions["73.71"], 5, month=2, agency=health)  # the complement in Q1
    for month in (5, 8, 11):
        make(office, regions["19.01"], 10, month=month, agency=health)
        make(office, regions["19.71"], 8, month=month, agency=health)
        make(office, regions["73.71"], 9, month=month, agency=health)
    q1 = counts_of(office, Period.quarter(YEAR, 1), "region")
    assert q1["19.01"] is None and q1["73.71"] is None and q1["19.71"] == 7
    year, _quarters = assert_year_minus_quarters_gives_nothing_back(office, "region")
    year_regions = {row["code"]: row["count"] for row in year["region"]}
    assert year_regions["19.01"] is None  # 33 would give back the 3
    assert year_regions["73.71"] is None  # 32 would give back the complement, then the 3
    # and the year's own residual does not give back a single cell either
    hidden = [code for code, n in year_regions.items() if n is None]
    assert len(hidden) >= 2
    for dimension in ("month", "agency", "agency_group", "channel", "substance"):
        assert_year_minus_quarters_gives_nothing_back(office, dimension)


def test_a_small_quarter_cannot_be_worked_out_from_the_year(office, regions, agency_tree):
    health, clinic = agency_tree["health"], agency_tree["clinic"]
    make(office, regions["19.01"], 3, month=2, agency=clinic, channel="email")  # a small Q1
    for month in (5, 8, 11):
        make(office, regions["19.71"], 10, month=month, agency=health)
        make(office, regions["73.71"], 6, month=month, agency=health)
    year, quarters = assert_year_minus_quarters_gives_nothing_back(office, "region")
    # the quarter's total is published (a bare count identifies nobody), its breakdowns are not
    assert quarters[1]["reports"][0]["count"] == 3
    assert year["reports"][0]["count"] == 3 + 3 * 16
    for dimension in public.RECEIVED_DIMENSIONS:
        assert quarters[1][dimension] == []
        assert_year_minus_quarters_gives_nothing_back(office, dimension)
    months = {row["code"]: row["count"] for row in year["month"]}
    assert [months[f"{YEAR}-{m:02d}"] for m in (1, 2, 3)] == [None, None, None]
    year_regions = {row["code"]: row["count"] for row in year["region"]}
    assert year_regions["19.01"] is None
    assert len([n for n in year_regions.values() if n is None]) >= 2
    year_channels = {row["code"]: row["count"] for row in year["channel"]}
    assert year_channels["email"] is None  # 3 would be the small quarter's channel


def test_an_office_cell_cannot_be_worked_out_from_the_national_figures(
    office, other_office, regions, agency_tree
):
    health = agency_tree["health"]
    # Bangka Belitung: 3 reports about Kota Makassar (hidden) among 20
    make(office, regions["73.71"], 3, month=2, agency=health)
    make(office, regions["19.71"], 9, month=2, agency=health)
    make(office, regions["19.01"], 8, month=2, agency=health)
    # Sulawesi Selatan: 40 reports about Kota Makassar, published on their own
    make(other_office, regions["73.71"], 40, month=2, agency=health)
    for period in (Period.quarter(YEAR, 1), Period.year(YEAR)):
        for dimension in ("region", "month", "agency", "agency_group", "channel"):
            national = counts_of(None, period, dimension)
            offices = [counts_of(o, period, dimension) for o in (office, other_office)]
            for code, total in national.items():
                if total is None:
                    continue
                hidden = [o for o in offices if code in o and o[code] is None]
                # national − published office cells isolates no single hidden cell
                assert len(hidden) != 1, (period, dimension, code)
        babel = counts_of(office, period, "region")
        assert babel["73.71"] is None
        assert counts_of(other_office, period, "region")["73.71"] is None  # hidden with it
        assert counts_of(None, period, "region")["73.71"] == 43


def test_a_small_office_total_and_the_national_figures(office, other_office, regions, agency_tree):
    health = agency_tree["health"]
    make(office, regions["19.71"], 2, month=2, agency=health)  # a small quarter in Bangka
    make(other_office, regions["73.71"], 30, month=2, agency=health)
    make(other_office, regions["19.71"], 12, month=3, agency=health)
    for period in (Period.quarter(YEAR, 1), Period.year(YEAR)):
        for dimension in ("region", "month", "agency", "channel"):
            national = counts_of(None, period, dimension)
            offices = [counts_of(o, period, dimension) for o in (office, other_office)]
            small = figures_of(office, period)["reports"][0]["count"] < public.THRESHOLD
            for code, total in national.items():
                if total is None:
                    continue
                # Bangka's small quarter lists no breakdown: every code is unknown for it
                unknown = [o for o in offices if code in o and o[code] is None]
                if small and code not in offices[0]:
                    unknown.append(offices[0])
                assert len(unknown) != 1, (period, dimension, code)
    national = counts_of(None, Period.quarter(YEAR, 1), "region")
    sulsel = counts_of(other_office, Period.quarter(YEAR, 1), "region")
    assert national["19.71"] is None or sulsel["19.71"] is None  # 14 − 12 = Bangka's 2


# --- the page
def test_the_page_is_public_and_shows_shown_counts_not_suppressed_ones(client, cases, office):
    response = get(client, "index", office="babel", year=YEAR)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'Kota Pangkal Pinang</th><td class="num">7<' in page
    # Bangka's 3 and Makassar's 5 (its complement) are folded into one row without a count
    # or a name.
    assert re.search(
        r"2 others, not shown</th><td class=\"num\"><a href=\"#star\"[^>]*>\*</a>", page
    )
    assert "Kabupaten Bangka" not in page and "Kota Makassar" not in page
    assert '<td class="num">0<' in page  # zero is shown
    assert "<script" not in page
    assert reverse("public_stats:data_csv") + f"?office=babel&amp;year={YEAR}" in page
    assert response["Cache-Control"] == PAGE_CACHE


def test_the_national_page_works_without_parameters(client, cases):
    response = client.get("/statistik/")
    assert response.status_code == 200
    assert len(response.content) < 60_000


def test_the_page_is_light(client, cases, office, regions):
    from aduan.regions.models import Region

    # many regencies, each its own row: the page shows a few, the downloads all of them
    for i in range(40):
        code = f"19.{i + 10:02d}"
        Region.objects.create(code=code, name=f"Kabupaten Contoh {i}", level="kabupaten_kota")
        for _j in range(5):
            sv.case_receive(
                office=office,
                intake_type="lm",
                channel="web",
                title="x",
                reporters=[{"name": "y"}],
                received_at=dt.datetime(YEAR, 7, 1, 9, tzinfo=JAKARTA),
                event_region=Region.objects.get(code=code),
            )
    response = get(client, "index", office="babel", year=YEAR)
    assert response.status_code == 200
    assert len(response.content) < 60_000
    assert "more rows in the downloads" in response.content.decode()
    rows = csv_of(get(client, "data_csv", office="babel", year=YEAR))
    assert len([r for r in rows if r["dimension"] == "region"]) == 43


def test_no_personal_data_anywhere(client, cases, office):
    texts = [
        get(client, "index", office="babel", year=YEAR).content.decode(),
        get(client, "index", year=YEAR).content.decode(),
        get(client, "data_csv", office="babel", year=YEAR).content.decode(),
        get(client, "data_json", office="babel", year=YEAR).content.decode(),
        get(client, "data_json", year=YEAR, quarter=1).content.decode(),
    ]
    for case in cases:
        case.refresh_from_db()
        for reporter in case.reporters.all():
            for text in texts:
                assert reporter.name not in text
        for text in texts:
            assert case.title not in text
            assert case.reference not in text
    for text in texts:
        assert "Zulkarnain" not in text
        assert "Keluhan rahasia" not in text


# --- the downloads
def test_csv_header_rows_and_suppression(client, cases, office):
    response = get(client, "data_csv", office="babel", year=YEAR)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Cache-Control"] == "public, max-age=3600"
    raw = response.content
    assert not raw.startswith(b"\xef\xbb\xbf")  # no BOM
    assert raw.decode().split("\r\n", 1)[0] == (
        "office_code,period_start,period_end,dimension,code,label,count,suppressed"
    )
    rows = csv_of(response)
    assert {r["office_code"] for r in rows} == {"babel"}
    assert {(r["period_start"], r["period_end"]) for r in rows} == {
        (f"{YEAR}-01-01", f"{YEAR}-12-31")
    }
    assert {r["dimension"] for r in rows} <= set(public.DIMENSIONS)
    region = {r["code"]: r for r in rows if r["dimension"] == "region"}
    assert (region["19.71"]["count"], region["19.71"]["suppressed"]) == ("7", "false")
    assert (region["19.01"]["count"], region["19.01"]["suppressed"]) == ("", "true")
    assert (region["73.71"]["count"], region["73.71"]["suppressed"]) == ("", "true")
    month = {r["code"]: r for r in rows if r["dimension"] == "month"}
    assert (month[f"{YEAR}-01"]["count"], month[f"{YEAR}-01"]["suppressed"]) == ("0", "false")
    total = next(r for r in rows if r["dimension"] == "reports")
    assert (total["code"], total["count"]) == ("total", "15")


def test_json_follows_the_documented_schema(client, cases, office):
    response = get(client, "data_json", office="babel", year=YEAR, quarter=1)
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=3600"
    doc = json.loads(response.content)
    assert set(doc) == {
        "schema",
        "schema_url",
        "licence",
        "office",
        "period",
        "generated_at",
        "figures",
        "rates",
        "definitions",
        "suppression",
    }
    assert doc["schema"] == public.SCHEMA
    assert doc["office"] == {"code": "babel", "name": office.name, "kind": "perwakilan"}
    assert doc["period"] == {"start": f"{YEAR}-01-01", "end": f"{YEAR}-03-31"}
    dt.datetime.fromisoformat(doc["generated_at"])
    assert list(doc["figures"]) == list(public.DIMENSIONS)
    for dimension, rows in doc["figures"].items():
        for row in rows:
            assert set(row) == {"code", "label", "count", "suppressed"}, dimension
            assert isinstance(row["code"], str) and row["code"]
            assert isinstance(row["label"], str)
            assert isinstance(row["suppressed"], bool)
            assert (row["count"] is None) == row["suppressed"]
            assert row["count"] is None or (isinstance(row["count"], int) and row["count"] >= 0)
    region = {row["code"]: row for row in doc["figures"]["region"]}
    assert region["19.71"]["count"] == 7
    assert region["19.01"] == {**region["19.01"], "count": None, "suppressed": True}
    assert set(doc["rates"]) == {"closure_rate", "on_time"}
    assert set(doc["definitions"]) == {"reports", "handled", "closure_rate", "on_time"}
    assert set(doc["suppression"]) == {"threshold", "dimensions", "rule"}
    assert doc["suppression"]["threshold"] == 5


def test_the_documentation_names_every_key_and_dimension():
    text = DOCS.read_text(encoding="utf-8")
    documented = set(re.findall(r"`([a-z_]+)`", text))
    for key in ("schema", "office", "period", "generated_at", "figures", "rates", "suppression"):
        assert key in documented, key
    for dimension in public.DIMENSIONS:
        assert dimension in documented, dimension
    for column in public.CSV_HEADER:
        assert column in documented, column
    assert public.SCHEMA in text
    assert "CC BY 4.0" in text


def test_the_national_figures_leave_out_agency_complaint_units(client, cases, office, agency_tree):
    unit = Office.objects.create(
        code="unit-kota",
        name="Unit Pengaduan Pemkot",
        kind=Office.Kind.UNIT_PENGADUAN,
        agency=agency_tree["city"],
    )
    doc = json.loads(get(client, "data_json", year=YEAR).content)
    assert doc["office"]["code"] == public.NATIONAL_CODE
    assert doc["figures"]["reports"][0]["count"] == 15
    assert unit.code not in get(client, "index").content.decode()


# --- bad parameters
@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"year": "abc"}, "The year is a number"),
        ({"year": "1999"}, "There are figures for the years 2000 to"),
        ({"year": "3000"}, "There are figures for the years 2000 to"),
        ({"quarter": "5"}, "The quarter is 1, 2, 3 or 4"),
        ({"office": "nowhere"}, "There is no active Ombudsman office with the code"),
    ],
)
def test_bad_parameters_get_a_clear_400(client, office, params, message):
    for name in ("index", "data_csv", "data_json"):
        response = get(client, name, **params)
        assert response.status_code == 400, name
        text = response.content.decode()
        assert message in text, (name, text)
    error = json.loads(get(client, "data_json", **params).content)["error"]
    assert error["code"] == "bad_request"
    assert message in error["message"]


def test_inactive_offices_and_complaint_units_cannot_be_chosen(client, office, agency_tree):
    Office.objects.create(code="tutup", name="Closed", kind=Office.Kind.PERWAKILAN, active=False)
    Office.objects.create(
        code="unit", name="Unit", kind=Office.Kind.UNIT_PENGADUAN, agency=agency_tree["city"]
    )
    for code in ("tutup", "unit"):
        assert get(client, "data_json", office=code).status_code == 400
    assert get(client, "data_json", office="babel").status_code == 200
    assert get(client, "data_json", office="all").status_code == 200


def test_only_get(client, office):
    assert client.post(reverse("public_stats:data_json")).status_code == 405


def test_process_figures_come_from_the_selectors(receive, walk, office):
    case = walk(receive(), "examination")
    period = Period.year(case.received_at.year)
    figures = public.public_figures(office=office, period=period)["figures"]
    assert cell(figures["decision"], "registered")["count"] == 1
    assert cell(figures["examination"], "handled") == {
        "code": "handled",
        "label": "handled in examination",
        "count": 1,
        "suppressed": False,
    }
    assert figures["reports"][0]["count"] == 1  # rule 3: the total, no breakdown
    assert figures["region"] == []


def test_the_central_office_is_offered_first(client, office, other_office):
    page = get(client, "index").content.decode()
    assert page.index('value="pusat"') < page.index('value="babel"') < page.index('value="sulsel"')


def test_complementary_suppression_ignores_codes_hidden_only_in_other_tables():
    """A code hidden in another table (another quarter, another office) and absent from this
    breakdown neither breaks the rule (it was a KeyError) nor triggers suppression here."""
    from aduan.stats.public import _complement

    hidden = {"x"}
    assert _complement({"a": 10, "b": 7}, hidden) is False
    assert hidden == {"x"}
    hidden = {"a", "x"}
    assert _complement({"a": 3, "b": 10, "c": 20}, hidden) is True
    assert hidden == {"a", "b", "x"}


def test_the_worker_computes_this_years_tables_hourly_and_last_years_daily(office):
    """``warm`` fills the shared cache for both languages, this year and last (asked for all
    through the annual reporting season); a second call finds them there; an hour later only
    this year's are recomputed, the next day both."""
    from unittest import mock

    from aduan.stats.public import warm

    # The cache key names the hour: pin the clock so the test cannot straddle an hour boundary.
    at = dt.datetime(2026, 5, 4, 10, 30, tzinfo=dt.UTC)
    for now, made in (
        (at, 4),
        (at, 0),
        (at + dt.timedelta(hours=1), 2),
        (at + dt.timedelta(days=1), 4),
    ):
        with mock.patch("django.utils.timezone.now", return_value=now):
            assert warm() == made, now


def test_a_past_years_tables_are_kept_a_day(office):
    from unittest import mock

    from aduan.stats import public

    at = dt.datetime(2026, 5, 4, 10, 30, tzinfo=dt.UTC)
    with mock.patch("django.utils.timezone.now", return_value=at):
        past, current = public._year_key(2025), public._year_key(2026)
    with mock.patch("django.utils.timezone.now", return_value=at + dt.timedelta(hours=3)):
        assert public._year_key(2025) == past
        assert public._year_key(2026) != current


def test_production_keeps_its_cache_in_the_database_made_by_migrate(db):
    """Production's cache is the database's (shared by web processes and the worker); the
    post-migrate hook makes its table."""
    from django.core.cache.backends.db import DatabaseCache
    from django.db import connection
    from django.test import override_settings

    import aduan.settings as production
    from aduan.stats.apps import _cache_table

    assert production.CACHES["default"]["BACKEND"].endswith("db.DatabaseCache")
    with override_settings(CACHES=production.CACHES):
        _cache_table()
        assert "aduan_cache" in connection.introspection.table_names()
        cache = DatabaseCache("aduan_cache", {})
        cache.set("k", {"v": 1}, 60)
        assert cache.get("k") == {"v": 1}
    # (Made inside the test's transaction: rolled back with it.)
