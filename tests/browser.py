"""A real browser for the tests that need one: Playwright driving Debian's chromium
(``/usr/bin/chromium``, or ``ADUAN_TEST_CHROMIUM``) against the test suite's own live server.
Skipped LOUDLY, saying why, when either is missing."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.db import connections

CHROMIUM = os.environ.get("ADUAN_TEST_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


@contextmanager
def chromium_page(monkeypatch, settings, **context_options) -> Iterator:
    """A fresh page (locale en-GB, 20 s timeout) in a new chromium; ``context_options`` go to
    ``new_context`` (``java_script_enabled``, ``viewport``, ...)."""
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
        context = browser.new_context(locale="en-GB", **context_options)
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


def fill_report_form(page) -> None:
    """Fill the public report form (/lapor/) with one plain report; the caller sends it."""
    page.check("#id_emergency_1")  # no
    page.check("#id_question_only_1")  # no
    page.fill("#id_name", "Siti Aminah")
    page.fill("#id_birth_place", "Pangkalpinang")
    page.fill("#id_birth_date", "1980-05-17")
    page.select_option("#id_marital_status", "kawin")
    page.fill("#id_occupation", "Pedagang")
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
