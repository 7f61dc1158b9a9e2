"""The public portal in a real browser with JavaScript off: report, receipt, tracking.

Uses Playwright driving Debian's chromium (``/usr/bin/chromium``, or ``ADUAN_TEST_CHROMIUM``)
against the test suite's own live server. Skipped, saying why, when either is missing.
"""

from __future__ import annotations

import os
import shutil

import pytest
from django.db import connections

from aduan.cases.models import Case, Note
from aduan.cases.states import State

CHROMIUM = os.environ.get("ADUAN_TEST_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture
def browser_page(monkeypatch, settings):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("SKIPPED LOUDLY: playwright is not installed (pip install -e '.[dev]')")
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"SKIPPED LOUDLY: no chromium at {CHROMIUM} (apt-get install chromium)")
    # Playwright's sync API runs an event loop in this thread; the test's own ORM reads are
    # still plain synchronous code.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False  # http live server
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        context = browser.new_context(java_script_enabled=False, locale="en-GB")
        page = context.new_page()
        page.set_default_timeout(20_000)
        try:
            yield page
        finally:
            # ORM calls made while Playwright's loop runs get their own connection (asgiref
            # keys connections by context then); close it, or PostgreSQL cannot drop the test
            # database at the end.
            connections.close_all()
            context.close()
            browser.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_report_sent_without_javascript_is_received_and_tracked(
    browser_page, live_server, office, pvl_assistant, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    page = browser_page
    page.goto(f"{live_server.url}/")
    page.click("text=Report maladministration")
    assert page.url.endswith("/lapor/")

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
    reference = page.inner_text("#reference").strip()
    code = page.inner_text("#access-code").strip()
    case = Case.objects.get()
    assert (reference, code) == (case.reference, case.access_code)

    from aduan.cases import services as sv

    sv.case_add_note(
        case=case, actor=pvl_assistant, kind=Note.Kind.TO_REPORTER, text="Laporan sedang dicek."
    )
    sv.case_add_note(case=case, actor=pvl_assistant, kind=Note.Kind.INTERNAL, text="INTERNAL-X")

    page.goto(f"{live_server.url}/lacak/")
    page.fill("#id_reference", reference)
    page.fill("#id_code", "WRONGCODE2")
    page.click("button[type=submit].primary")
    assert page.locator(".error-summary").count() == 1

    page.fill("#id_reference", reference)
    page.fill("#id_code", code)
    page.click("button[type=submit].primary")
    assert page.url.endswith("/lacak/laporan/")
    assert page.inner_text("#reference").strip() == reference
    assert "received" in page.inner_text("#state")
    body = page.inner_text("main")
    assert "Laporan sedang dicek." in body and "INTERNAL-X" not in body
    assert code not in page.url

    page.click("summary:has-text('Withdraw')")
    page.fill("#id_withdraw-reason", "Sudah beres.")
    page.check("#id_withdraw-confirm")
    page.click("button.danger")
    assert page.url.endswith("/lacak/laporan/")
    case.refresh_from_db()
    assert case.state == State.CLOSED
