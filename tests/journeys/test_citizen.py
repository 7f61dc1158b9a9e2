"""Journey a, the citizen on a phone (390x844): reports at /lapor/ with attachments and one form
error, keeps the receipt, tracks the report, then sends the document the office asks for.

Screenshots: var/screenshots/journeys/citizen/ (see tests/journeys/conftest.py)."""

from __future__ import annotations

import pytest

from aduan.cases import services as sv
from aduan.cases.models import Case
from aduan.cases.states import State
from tests.browser import fill_report_form
from tests.conftest import FORMAL_OK, receive_deliveries
from tests.journeys.conftest import PHONE, sample_files

# Selectors in one place: form field ids and English button names.
FORM_ERROR_SUMMARY = ".error-summary"
REQUIRED_FIELD_LEFT_EMPTY = "#id_title"  # the one error: no one-sentence complaint
TITLE = "Diminta membayar untuk pembuatan KTP"
ID_FILE = "#id_id_file"
EVIDENCE = "#id_evidence"
SEND_REPORT = "button[type=submit].primary"
RECEIPT_REFERENCE, RECEIPT_CODE = "#reference", "#access-code"
TRACK_REFERENCE, TRACK_CODE = "#id_reference", "#id_code"
TRACK_OPEN = "button[type=submit].primary"
MISSING = "#missing"
# While the office waits for completion the page has one form: the completion (UU 37/2008 Ps.25).
DOCUMENT_KIND, DOCUMENT_FILES = "#id_complete-kind", "#id_complete-files"
SEND_DOCUMENTS = "Send"


def _attach_unless_kept(page, selector: str, path, kept_text: str) -> None:
    """After an error the form may keep the files (shown by name); choose them again otherwise."""
    if kept_text not in page.inner_text("main"):
        page.set_input_files(selector, str(path))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_citizen_reports_tracks_and_completes_on_a_phone(journey, office, pvl_assistant, tmp_path):
    files = sample_files(tmp_path / "files")
    j = journey("citizen")
    page = j.open(PHONE)

    j.goto(page, "/lapor/")
    j.step(page, "01-report-form")
    fill_report_form(page)
    page.fill(REQUIRED_FIELD_LEFT_EMPTY, "")
    page.set_input_files(ID_FILE, str(files["id"]))
    page.set_input_files(EVIDENCE, str(files["evidence"]))
    j.submit(page, page.locator(SEND_REPORT))
    assert "/lapor/terima/" not in page.url
    assert page.locator(FORM_ERROR_SUMMARY).count() == 1
    j.step(page, "02-form-error")

    page.fill(REQUIRED_FIELD_LEFT_EMPTY, TITLE)
    _attach_unless_kept(page, ID_FILE, files["id"], files["id"].name)
    _attach_unless_kept(page, EVIDENCE, files["evidence"], files["evidence"].name)
    j.submit(page, page.locator(SEND_REPORT))
    assert "/lapor/terima/" in page.url
    j.step(page, "03-receipt")
    reference = page.inner_text(RECEIPT_REFERENCE).strip()
    code = page.inner_text(RECEIPT_CODE).strip()
    case = Case.objects.get()
    assert (reference, code) == (case.reference, case.access_code)
    assert case.title == TITLE

    j.goto(page, "/lacak/")
    page.fill(TRACK_REFERENCE, reference)
    page.fill(TRACK_CODE, code)
    j.submit(page, page.locator(TRACK_OPEN))
    assert page.url.endswith("/lacak/laporan/")
    j.step(page, "04-tracking")

    # The office finds the proof of the earlier complaint to the agency missing (UU 37/2008
    # Ps.24(1)c) and asks for it; the reporter reads the request at once.
    case = sv.case_verify_formal(
        case=case, actor=pvl_assistant, items={**FORMAL_OK, "sudah_menyampaikan": False}
    )
    receive_deliveries(case)
    j.goto(page, "/lacak/laporan/")
    assert "raised with the reported party" in page.inner_text(MISSING)
    page.select_option(DOCUMENT_KIND, "bukti_pengaduan")
    page.set_input_files(DOCUMENT_FILES, str(files["letter"]))
    j.step(page, "05-complete-document")
    j.submit(page, page.get_by_role("button", name=SEND_DOCUMENTS, exact=True))
    j.step(page, "06-completed")
    assert page.locator(MISSING).count() == 0

    case.refresh_from_db()
    assert case.state == State.RECEIVED  # back to verification
    assert case.reporter_completions.get().complete
    kinds = sorted(case.documents.values_list("kind", flat=True))
    assert kinds == ["bukti", "bukti_pengaduan", "identitas"]  # nothing lost to the form error
    j.finish()
