"""Journey d, the draft examination report (LAHP): the examiner sends the draft at a desktop,
the reporter responds to it through tracking on a phone, the head of unit makes it final with a
corrective action for the agency.

Screenshots: var/screenshots/journeys/lahp/ (see tests/journeys/conftest.py)."""

from __future__ import annotations

import pytest

from aduan.cases.states import State
from tests.conftest import receive_deliveries
from tests.journeys.conftest import DESKTOP, PHONE, case_action

# Selectors in one place.
LAHP_DRAFT, LAHP_FINAL = "lahp-draft", "lahp-final"
TRACK_REFERENCE, TRACK_CODE = "#id_reference", "#id_code"
TRACK_OPEN = "button[type=submit].primary"
RESPONSE = "#id_lahp-response"
SEND_RESPONSE = "Send my response"
FINDINGS = "Petugas loket memungut Rp150.000 tanpa dasar hukum; pungutan liar terbukti."
RESPONSE_TEXT = "Saya setuju dengan temuan ini dan minta uang saya dikembalikan."
CORRECTIVE_ACTION = "Kembalikan pungutan Rp150.000 kepada pelapor dan tegur petugas loket."


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_lahp_drafted_answered_by_the_reporter_and_made_final(
    journey, receive, walk, examiner, head_of_unit
):
    case = walk(receive(), "examination")
    j = journey("lahp")
    desk = j.open(DESKTOP)

    j.staff_sign_in(desk, examiner.username)
    j.goto(desk, f"/kantor/laporan/{case.pk}/")
    form = case_action(desk, LAHP_DRAFT)
    form.locator("#id_conclusion").select_option("ditemukan")
    form.locator("#id_findings").fill(FINDINGS)
    j.step(desk, "01-draft")
    j.submit(desk, form.locator("button[type=submit]"))
    case.refresh_from_db()
    assert case.state == State.LAHP_RESPONSE
    receive_deliveries(case)  # the reporter has the draft

    phone = j.open(PHONE)
    j.goto(phone, "/lacak/")
    phone.fill(TRACK_REFERENCE, case.reference)
    phone.fill(TRACK_CODE, case.access_code)
    j.submit(phone, phone.locator(TRACK_OPEN))
    assert FINDINGS in phone.inner_text("main")
    phone.fill(RESPONSE, RESPONSE_TEXT)
    j.step(phone, "02-reporter-response")
    j.submit(phone, phone.get_by_role("button", name=SEND_RESPONSE))
    j.step(phone, "02b-response-sent")
    assert case.lahps.get().reporter_response == RESPONSE_TEXT

    j.staff_sign_in(desk, head_of_unit.username)
    j.goto(desk, f"/kantor/laporan/{case.pk}/")
    form = case_action(desk, LAHP_FINAL)
    form.locator("#id_corrective_actions").fill(CORRECTIVE_ACTION)
    j.step(desk, "03-final")
    j.submit(desk, form.locator("button[type=submit]"))
    j.step(desk, "04-monitoring")

    case.refresh_from_db()
    assert case.state == State.MONITORING
    assert [a.description for a in case.corrective_actions.all()] == [CORRECTIVE_ACTION]
    j.finish()
