"""The public portal in a real browser with JavaScript off: report, receipt, tracking.

Uses the real browser of tests/browser.py (skipped, saying why, when it is missing).
"""

from __future__ import annotations

import pytest

from aduan.cases.models import Case, Note
from aduan.cases.states import State
from tests.browser import chromium_page, fill_report_form


@pytest.fixture
def browser_page(monkeypatch, settings):
    with chromium_page(monkeypatch, settings, java_script_enabled=False) as page:
        yield page


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_report_sent_without_javascript_is_received_and_tracked(
    browser_page, live_server, office, pvl_assistant, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    page = browser_page
    page.goto(f"{live_server.url}/")
    page.click("text=Report maladministration")
    assert page.url.endswith("/lapor/")

    fill_report_form(page)
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


@pytest.fixture
def phone_page(monkeypatch, settings):
    with chromium_page(
        monkeypatch, settings, java_script_enabled=False, viewport={"width": 390, "height": 844}
    ) as page:
        yield page


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_on_a_phone_the_error_summary_is_seen_first_and_the_files_stay(
    phone_page, live_server, office, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    page = phone_page
    page.goto(f"{live_server.url}/lapor/")
    fill_report_form(page)
    page.fill("#id_email", "")
    page.set_input_files(
        "#id_evidence",
        files=[{"name": "kwitansi.pdf", "mimeType": "application/pdf", "buffer": PDF}],
    )
    page.click("button[type=submit].primary")

    summary = page.locator("#error-summary")
    box = summary.bounding_box()
    assert box is not None and box["y"] < 300, box
    assert summary.get_attribute("tabindex") == "-1"
    assert page.locator("#error-summary a[href='#id_email']").count() == 1
    assert "kwitansi.pdf" in page.inner_text("#kept")

    page.fill("#id_email", "siti@example.com")
    page.click("button[type=submit].primary")
    assert "/lapor/terima/" in page.url
    assert [d.original_name for d in Case.objects.get().documents.all()] == ["kwitansi.pdf"]


PDF = b"%PDF-1.4\nevidence\n%%EOF\n"
