"""Journey e, follow-up at a desktop: the agency's liaison reports the corrective action done in
the portal, the head of unit accepts the report and closes the case.

Screenshots: var/screenshots/journeys/followup/ (see tests/journeys/conftest.py)."""

from __future__ import annotations

import pytest

from aduan.cases.models import CorrectiveAction
from aduan.cases.states import State
from aduan.reference.models import ClosureMode, ClosureReason
from tests.journeys.conftest import DESKTOP, case_action, sample_files

# Selectors in one place.
ACTION_TEXT = "textarea[name=text]"
ACTION_FILES = "input[type=file][name=files]"
REPORT_DONE = "Report the action done"
REVIEWS = "/instansi/kantor/tinjau/"
ACCEPT = "Accept"
CLOSE = "close"
DONE_TEXT = "Uang Rp150.000 dikembalikan kepada pelapor pada 3 Desember; petugas ditegur tertulis."


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_agency_reports_the_action_and_staff_accept_and_close(
    journey, receive, walk, head_of_unit, liaison_account, tmp_path
):
    case = walk(receive(), "monitoring")  # the LHP asks the health office to return the fee
    action = case.corrective_actions.get()
    files = sample_files(tmp_path / "files")
    j = journey("followup")
    page = j.open(DESKTOP)

    j.liaison_sign_in(page, liaison_account.username)
    j.submit(page, page.get_by_role("link", name=case.reference))
    page.fill(ACTION_TEXT, DONE_TEXT)
    page.set_input_files(ACTION_FILES, str(files["evidence"]))
    j.step(page, "01-agency-report")
    j.submit(page, page.get_by_role("button", name=REPORT_DONE))
    j.step(page, "01b-agency-report-sent")

    j.staff_sign_in(page, head_of_unit.username)
    j.goto(page, REVIEWS)
    assert DONE_TEXT in page.inner_text("main")
    j.step(page, "02-staff-accept")
    j.submit(page, page.get_by_role("button", name=ACCEPT, exact=True).first)
    action.refresh_from_db()
    assert action.status == CorrectiveAction.Status.DONE

    j.goto(page, f"/kantor/laporan/{case.pk}/")
    form = case_action(page, CLOSE)
    mode = ClosureMode.objects.get(code="klarifikasi-tertulis")
    reason = ClosureReason.objects.get(code="tindakan-korektif-dilaksanakan")
    form.locator("#id_closure_mode").select_option(str(mode.pk))
    form.locator("#id_closure_reason").select_option(str(reason.pk))
    form.locator("#id_note").fill("Tindakan korektif dilaksanakan dan diterima.")
    j.step(page, "02b-close")
    j.submit(page, form.locator("button[type=submit]"))
    j.step(page, "03-closed")

    case.refresh_from_db()
    assert case.state == State.CLOSED
    assert case.closure_reason == reason
    j.finish()
