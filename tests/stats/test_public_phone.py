"""The public statistics on a phone (390 × 844), in a real browser: nothing wider than the
screen, and the first thing read is figures, not asterisks.

Uses the real browser of tests/browser.py (skipped LOUDLY when it is missing)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from aduan.cases import services as sv
from aduan.directory.models import Agency
from aduan.reference.models import AgencyGroup
from tests.browser import chromium_page

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
PHONE = {"width": 390, "height": 844}
JAKARTA = ZoneInfo("Asia/Jakarta")
YEAR = 2024


@pytest.fixture
def many_agencies(office, regions, agency_tree):
    """Twelve reports about one agency and one or two about each of eight others (whose counts
    are suppressed), about two regencies."""
    group = AgencyGroup.objects.get(code="pemerintah-daerah")
    small = [
        Agency.objects.add_child(
            agency_tree["city"],
            instance=Agency(
                name=f"Dinas Pekerjaan Umum dan Penataan Ruang Kecamatan Contoh Nomor {i}",
                group=group,
                level="kabupaten_kota",
            ),
        )
        for i in range(8)
    ]
    plan = [(agency_tree["health"], regions["19.71"])] * 12
    plan += [(agency, regions["19.01"]) for agency in small for _ in range(1 + agency.pk % 2)]
    for i, (agency, region) in enumerate(plan):
        sv.case_receive(
            office=office,
            intake_type="lm",
            channel="web",
            title=f"Keluhan {i}",
            reporters=[{"name": f"Warga {i}"}],
            received_at=dt.datetime(YEAR, 3, 10, 10, tzinfo=JAKARTA),
            agency=agency,
            event_region=region,
        )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_public_statistics_fit_a_phone(monkeypatch, settings, live_server, many_agencies):
    with chromium_page(
        monkeypatch,
        settings,
        java_script_enabled=False,
        viewport=PHONE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    ) as page:
        for query in (f"?office=babel&year={YEAR}", f"?year={YEAR}"):
            page.goto(f"{live_server.url}/statistik/{query}")
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > PHONE["width"]:
                wide = page.evaluate(
                    """() => [...document.querySelectorAll('body *')]
                    .filter(e => e.getBoundingClientRect().right > 391)
                    .slice(0, 8).map(e => e.tagName + '.' + e.className + ' ' +
                    Math.round(e.getBoundingClientRect().right))"""
                )
                pytest.fail(f"{query}: {width} px wide: {wide}")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "public-statistics-phone.png"), full_page=True)


@pytest.mark.django_db
def test_the_page_leads_with_figures_and_explains_the_star_in_one_sentence(client, many_agencies):
    page = client.get(
        f"/statistik/?office=babel&year={YEAR}", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    figures, star, first_table = (
        page.index('class="figures ps-head"'),
        page.index('id="star"'),
        page.index("<table"),
    )
    assert figures < star < first_table
    sentence = page[star : page.index("</p>", star)]
    text = sentence.split("<a")[0]
    assert text.count(".") == 1 and text.rstrip().endswith(".")  # one sentence
    assert "fewer than 5 reports" in text
    # The eight small agencies: one row, no names, no count.
    assert "8 others, not shown" in page
    assert "Kecamatan Contoh" not in page
    assert page.count('href="#star"') == page.count("others, not shown") == 1
    # The full rule is still there, folded away.
    assert '<details class="panel muted" id="rule">' in page


@pytest.mark.django_db
def test_the_downloads_still_list_every_agency(client, many_agencies):
    import csv
    import io

    text = client.get(f"/statistik/data.csv?office=babel&year={YEAR}").content.decode()
    agencies = [row for row in csv.DictReader(io.StringIO(text)) if row["dimension"] == "agency"]
    assert sum(1 for row in agencies if row["suppressed"] == "true") == 8
