"""The pages under the Content-Security-Policy in a real browser with JavaScript ON: nothing is
refused (a refusal is logged on the console), and the public form still sends a report.

Uses Playwright driving Debian's chromium (``/usr/bin/chromium``, or ``ADUAN_TEST_CHROMIUM``)
against the test suite's own live server; skipped LOUDLY when either is missing (as
tests/intake/test_portal_browser.py, which covers JavaScript OFF).
"""

from __future__ import annotations

import os
import shutil

import pytest
from django.db import connections

from aduan.cases.models import Case

CHROMIUM = os.environ.get("ADUAN_TEST_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture
def browser(monkeypatch, settings):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("SKIPPED LOUDLY: playwright is not installed (pip install -e '.[dev]')")
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"SKIPPED LOUDLY: no chromium at {CHROMIUM} (apt-get install chromium)")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False  # http live server
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        context = chromium.new_context(java_script_enabled=True, locale="en-GB")
        page = context.new_page()
        page.set_default_timeout(20_000)
        refused: list[str] = []
        page.on(
            "console",
            lambda message: (
                refused.append(message.text) if "Content Security Policy" in message.text else None
            ),
        )
        try:
            yield page, refused
        finally:
            connections.close_all()
            context.close()
            chromium.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_public_pages_and_form_work_under_the_policy_with_javascript_on(
    browser, live_server, office, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    page, refused = browser
    for path in ["/", "/lacak/", "/statistik/", "/kantor/masuk/", "/lapor/"]:
        page.goto(f"{live_server.url}{path}")
    page.check("#id_emergency_1")  # no
    page.check("#id_question_only_1")  # no
    page.fill("#id_name", "Siti Aminah")
    page.fill("#id_address", "Jl. Merdeka 1, Pangkalpinang")
    page.fill("#id_phone", "081200011122")
    page.fill("#id_email", "siti@example.com")
    page.select_option("#id_contact_channel", "email")
    page.fill("#id_agency_name", "Dinas Kependudukan Kota Pangkalpinang")
    page.select_option("#id_place", "19.71")
    page.fill("#id_title", "Diminta membayar untuk pembuatan KTP")
    page.fill("#id_chronology", "10 Januari 2026: petugas meminta uang untuk KTP.")
    page.check("#id_raised_before_0")  # yes
    page.fill("#id_prior_complaint", "Surat ke kepala dinas, tidak dijawab.")
    page.check("#id_consent")
    page.click("button[type=submit].primary")
    assert "/lapor/terima/" in page.url
    assert Case.objects.count() == 1
    assert refused == []
