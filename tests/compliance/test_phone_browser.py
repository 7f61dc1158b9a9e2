"""An assessor completes an assessment on a phone-sized screen, JavaScript off, in a real
browser; a head then approves it. Screenshots go to var/screenshots/compliance-*.png.

Uses the real browser of tests/browser.py (skipped LOUDLY when it is missing).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from aduan.compliance.models import Assessment, Indicator
from tests.browser import chromium_page

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(monkeypatch, settings):
    with chromium_page(
        monkeypatch,
        settings,
        java_script_enabled=False,
        viewport=PHONE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    ) as page:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        yield page


def _sign_in(page, url: str, username: str) -> None:
    page.goto(f"{url}/kantor/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", "secret-pass-123")
    page.click("main button[type=submit]")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_assessor_completes_an_assessment_on_a_phone(
    phone, live_server, settings, tmp_path, make_campaign, schedule, agency_tree, head_of_office
):
    settings.MEDIA_ROOT = tmp_path
    from aduan.compliance.models import Instrument

    instrument = Instrument.objects.get(code="kepatuhan-4-dimensi", version=1)
    assessment = schedule(make_campaign(instrument, year=2023), agency_tree["clinic"])
    page = phone
    _sign_in(page, live_server.url, "pencegahan")
    page.goto(f"{live_server.url}/kantor/kepatuhan/")
    page.screenshot(path=str(SCREENSHOTS / "compliance-1-my-list.png"), full_page=True)
    page.click(f"a[href='/kantor/kepatuhan/penilaian/{assessment.pk}/isi/']")

    # Nothing wider than the phone: no sideways scrolling on the form.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], width
    indicators = list(Indicator.objects.filter(dimension__instrument=instrument))
    first = page.locator(f"#indicator-{indicators[0].pk} label.choice").first.bounding_box()
    assert first["height"] >= 44  # a tap target a thumb can hit
    page.screenshot(path=str(SCREENSHOTS / "compliance-2-form-empty.png"))

    evidence = tmp_path / "maklumat.png"
    evidence.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    for indicator in indicators:
        top = str(indicator.max_points)
        page.check(f"input[name='v-{indicator.pk}'][value='{top if indicator.pk % 2 else 1}']")
        if indicator.evidence_required:
            page.set_input_files(f"#f-{indicator.pk}", str(evidence))
    page.fill(f"#n-{indicators[0].pk}", "Petugas terlatih, sertifikat dilihat.")
    page.screenshot(path=str(SCREENSHOTS / "compliance-3-form-filled.png"), full_page=True)
    page.click("button[value=submit]")

    assert page.url.endswith(f"/kantor/kepatuhan/penilaian/{assessment.pk}/")
    assessment.refresh_from_db()
    assert assessment.state == Assessment.State.SUBMITTED
    assert assessment.score is not None and assessment.zone
    assert "waiting for review" in page.inner_text("#state")
    page.screenshot(path=str(SCREENSHOTS / "compliance-4-submitted.png"), full_page=True)

    page.context.clear_cookies()
    _sign_in(page, live_server.url, head_of_office.username)
    page.goto(f"{live_server.url}/kantor/kepatuhan/penilaian/{assessment.pk}/")
    page.click("form[action$='/setujui/'] button")
    assessment.refresh_from_db()
    assert assessment.state == Assessment.State.APPROVED
    page.screenshot(path=str(SCREENSHOTS / "compliance-5-approved.png"), full_page=True)
    page.goto(f"{live_server.url}/kantor/kepatuhan/kampanye/{assessment.campaign_id}/peringkat/")
    assert "Puskesmas Taman Sari" in page.inner_text("#ranking")
    page.screenshot(path=str(SCREENSHOTS / "compliance-6-ranking.png"), full_page=True)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_assessor_answers_not_applicable_on_a_phone(
    phone, live_server, settings, tmp_path, make_campaign, schedule, agency_tree
):
    """ "Not applicable" (tidak relevan) without JavaScript: refused without a note, kept as
    typed, accepted with one, and left out of the score."""
    settings.MEDIA_ROOT = tmp_path
    from aduan.compliance.models import Instrument

    instrument = Instrument.objects.get(code="standar-pelayanan", version=1)
    assessment = schedule(make_campaign(instrument), agency_tree["clinic"])
    indicators = list(Indicator.objects.filter(dimension__instrument=instrument))
    fee = next(i for i in indicators if i.code == "biaya-tarif")
    page = phone
    _sign_in(page, live_server.url, "pencegahan")
    page.goto(f"{live_server.url}/kantor/kepatuhan/penilaian/{assessment.pk}/isi/")
    assert page.locator("input[value='na']").count() == 3  # fee, waiting room, toilet
    na = page.locator(f"#indicator-{fee.pk} label.not-applicable").bounding_box()
    assert na["height"] >= 44
    evidence = tmp_path / "maklumat.png"
    evidence.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    for indicator in indicators:
        page.check(f"input[name='v-{indicator.pk}'][value='{'na' if indicator == fee else 1}']")
        if indicator.evidence_required:
            page.set_input_files(f"#f-{indicator.pk}", str(evidence))
    page.click("button[value=submit]")
    assert f"“{fee.text}”" in page.inner_text("main")  # refused: no note
    assert page.is_checked(f"input[name='v-{fee.pk}'][value='na']")  # kept as typed
    page.screenshot(path=str(SCREENSHOTS / "compliance-7-not-applicable-refused.png"))

    for indicator in indicators:
        if indicator.evidence_required:  # files are chosen again after a refusal
            page.set_input_files(f"#f-{indicator.pk}", str(evidence))
    page.fill(f"#n-{fee.pk}", "Layanan gratis.")
    page.click("button[value=submit]")
    assert page.url.endswith(f"/kantor/kepatuhan/penilaian/{assessment.pk}/")
    assessment.refresh_from_db()
    assert assessment.state == Assessment.State.SUBMITTED
    assert str(assessment.score) == "100.00"  # 13/13 and 8/8
    assert assessment.breakdown["komponen-standar"]["not_applicable"] == 1
    page.screenshot(
        path=str(SCREENSHOTS / "compliance-8-not-applicable-submitted.png"), full_page=True
    )
