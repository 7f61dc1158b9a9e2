"""The public rules page: the same table as ``aduan rules``, without login or JavaScript."""

from __future__ import annotations

import pytest
from django.test import Client

from aduan.deadlines.models import DeadlineRule

pytestmark = pytest.mark.django_db


def page(language: str = "en") -> str:
    response = Client().get("/aturan-tenggat/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


def test_it_shows_every_rule_in_force_with_its_citation_to_anyone():
    html = page()
    assert "<script" not in html
    for text in (
        "Reporter completes the report",
        "UU 37/2008 Ps.25",
        "UU 37/2008 Ps.33",
        "UU 37/2008 Ps.38(2)",
        "Peraturan Ombudsman 58/2023 Ps.54",
        "30 working days",
        "The reporter is deemed to have withdrawn the report (UU 37/2008 Ps.25(4)).",
        "UU 37/2008 Ps.33 answers silence with a second request",
        "Agency complaint unit (SP4N-LAPOR!)",
    ):
        assert text in html, text
    assert html.index('id="ombudsman"') < html.index('id="sp4n"')


def test_the_current_version_only_and_not_an_inactive_rule():
    DeadlineRule.objects.filter(code="rco-penanganan").update(active=False)
    html = page()
    assert 'id="rco-penanganan"' not in html
    assert 'id="tanggapan-lahp"' in html
    assert "Peraturan Ombudsman 48/2020" not in html  # the earlier version, no longer in force


def test_it_speaks_indonesian_too_and_the_footer_links_to_it():
    html = page("id")
    assert "Pelapor melengkapi laporan" in html
    assert "Pelapor dianggap mencabut laporannya (UU 37/2008 Ps.25(4))." in html
    home = Client().get("/lacak/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'href="/aturan-tenggat/"' in home
