"""A liaison answers a clarification request with a document on a phone (390x844), in a real
browser: inbox → request → answer form → confirmation, in well under a minute, never wider than
the screen. Screenshots go to var/screenshots/journeys/liaison/.

Uses the real browser of tests/browser.py (skipped LOUDLY when it is missing).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from aduan.cases.models import ClarificationRequest
from tests.browser import chromium_page
from tests.liaison.conftest import PASSWORD

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots" / "journeys" / "liaison"
PHONE = {"width": 390, "height": 844}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def phone(monkeypatch, settings):
    with chromium_page(
        monkeypatch,
        settings,
        viewport=PHONE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    ) as page:
        SHOTS.mkdir(parents=True, exist_ok=True)
        yield page


def _fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_liaison_answers_a_request_with_a_document_on_a_phone(
    phone, live_server, settings, tmp_path, asked, portal_user, health_liaison
):
    settings.MEDIA_ROOT = tmp_path
    case, request = asked()
    user = portal_user(health_liaison)
    evidence = tmp_path / "surat-jawaban-dinas.pdf"
    evidence.write_bytes(PDF)
    page = phone
    started = time.monotonic()

    page.goto(f"{live_server.url}/instansi/masuk/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("main button.primary")
    page.wait_for_url(f"{live_server.url}/instansi/")
    assert case.reference in page.content()
    assert page.locator(".badge", has_text="on time").count() >= 1  # due state in words
    _fits(page)
    page.screenshot(path=str(SHOTS / "01-inbox.png"), full_page=True)

    page.click(f"a.button.primary[href='/instansi/klarifikasi/{request.pk}/jawab/']")
    assert "Mengapa?" in page.content()
    assert page.locator("form.liaison-answer button.primary").count() == 1  # one clear action
    _fits(page)
    page.screenshot(path=str(SHOTS / "02-request.png"), full_page=True)

    page.fill("#id_answer", "Pungutan sudah dihentikan sejak 1 Desember.")
    page.set_input_files("#id_files", str(evidence))
    page.click("form.liaison-answer button.primary")
    page.wait_for_url(f"{live_server.url}/instansi/laporan/{case.pk}/")
    body = page.content()
    assert "Your answer was sent to the Ombudsman." in body
    assert "Pungutan sudah dihentikan sejak 1 Desember." in body
    assert "surat-jawaban-dinas.pdf" in body
    _fits(page)
    page.screenshot(path=str(SHOTS / "03-answered.png"), full_page=True)
    assert time.monotonic() - started < 60

    request.refresh_from_db()
    assert request.status == ClarificationRequest.Status.ANSWERED
    assert case.documents.filter(original_name="surat-jawaban-dinas.pdf").exists()
    page.goto(f"{live_server.url}/instansi/")
    assert case.reference not in page.content()  # no longer waiting
