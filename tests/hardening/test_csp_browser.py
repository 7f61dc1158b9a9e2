"""The pages under the Content-Security-Policy in a real browser with JavaScript ON: nothing is
refused (a refusal is logged on the console), and the public form still sends a report.

Uses the real browser of tests/browser.py (as tests/intake/test_portal_browser.py, which covers
JavaScript OFF).
"""

from __future__ import annotations

import pytest

from aduan.cases.models import Case
from tests.browser import chromium_page, fill_report_form


@pytest.fixture
def browser(monkeypatch, settings):
    with chromium_page(monkeypatch, settings, java_script_enabled=True) as page:
        refused: list[str] = []
        page.on(
            "console",
            lambda message: (
                refused.append(message.text) if "Content Security Policy" in message.text else None
            ),
        )
        yield page, refused


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_public_pages_and_form_work_under_the_policy_with_javascript_on(
    browser, live_server, office, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    page, refused = browser
    for path in ["/", "/lacak/", "/statistik/", "/kantor/masuk/", "/lapor/"]:
        page.goto(f"{live_server.url}{path}")
    fill_report_form(page)
    page.click("button[type=submit].primary")
    assert "/lapor/terima/" in page.url
    assert Case.objects.count() == 1
    assert refused == []
