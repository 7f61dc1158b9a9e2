"""Tracking (/lacak/): any spelling of the report number, the documents already sent, and one
upload form."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from aduan.cases import services as sv
from aduan.cases.documents import document_add
from aduan.cases.models import Case
from aduan.cases.states import State
from aduan.intake.channels.portal.services import normal_reference
from tests.conftest import FORMAL_OK

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    """Pages in English, so the assertions read the English texts."""
    return Client(headers={"accept-language": "en"})


REFERENCE = "0259/LM/XII/2026/BABEL"


@pytest.fixture
def case(receive):
    case = receive()
    Case.objects.filter(pk=case.pk).update(reference=REFERENCE)
    case.refresh_from_db()
    return case


def _track(client, reference, code):
    return client.post("/lacak/", {"reference": reference, "code": code})


@pytest.mark.parametrize(
    "spelling",
    [
        REFERENCE,
        "0259/lm/xii/2026/babel",
        " 0259 / LM / XII / 2026 / BABEL ",
        "259/LM/XII/2026/BABEL",
        "259/lm/xii/2026/Babel",
        "00259 /LM/ XII/2026/BABEL",
    ],
)
def test_any_spelling_of_the_reference_finds_the_case(client, case, spelling):
    response = _track(client, spelling, case.access_code)
    assert response.status_code == 302 and response["Location"] == "/lacak/laporan/"


@pytest.mark.parametrize(
    "spelling", ["25/LM/XII/2026/BABEL", "2590/LM/XII/2026/BABEL", "259/LM/XI/2026/BABEL", "259"]
)
def test_another_reference_is_not_found(client, case, spelling):
    assert _track(client, spelling, case.access_code).status_code == 400


def test_a_wrong_code_is_still_refused_with_any_spelling(client, case):
    response = _track(client, "259/lm/xii/2026/babel", "WRONGCODE2")
    assert response.status_code == 400
    assert "do not match" in response.content.decode()


def test_the_leading_zeros_do_not_make_two_references_one_for_the_counter():
    assert normal_reference(" 0259 / lm/XII/2026/babel") == normal_reference(REFERENCE)
    assert normal_reference("²/LM") == "²/LM"  # a non-ASCII digit is not a number


@pytest.fixture
def tracking(client, case):
    assert _track(client, case.reference, case.access_code).status_code == 302
    return client


def test_the_page_lists_the_documents_the_reporter_sent_without_links(
    tracking, case, pvl_assistant
):
    document_add(case=case, upload=SimpleUploadedFile("ktp.pdf", b"%PDF-1.4 ktp"), kind="identitas")
    document_add(
        case=case,
        upload=SimpleUploadedFile("nota-dinas.pdf", b"%PDF-1.4 internal"),
        kind="bukti",
        actor=pvl_assistant,
    )
    document_add(case=case, upload=SimpleUploadedFile("jawaban.pdf", b"%PDF-1.4 j"), kind="jawaban")
    page = tracking.get("/lacak/laporan/").content.decode()
    sent = page[page.index('id="sent-documents"') :]
    sent = sent[: sent.index("</ul>")]
    assert "ktp.pdf" in sent and "identity document" in sent
    assert "nota-dinas.pdf" not in page and "jawaban.pdf" not in page
    assert "href" not in sent and "/media/" not in page


def test_an_open_case_has_one_upload_form(tracking, case):
    page = tracking.get("/lacak/laporan/").content.decode()
    assert page.count('type="file"') == 1
    assert "/lacak/laporan/dokumen/" in page


def test_while_completion_is_awaited_there_is_still_one_upload_form(tracking, case, pvl_assistant):
    sv.case_verify_formal(
        case=case, actor=pvl_assistant, items={**FORMAL_OK, "dokumen_identitas": False}
    )
    page = tracking.get("/lacak/laporan/").content.decode()
    assert page.count('type="file"') == 1
    assert "/lacak/laporan/lengkapi/" in page and "/lacak/laporan/dokumen/" not in page


def test_an_identity_document_alone_completes_the_report(tracking, case, pvl_assistant):
    sv.case_verify_formal(
        case=case, actor=pvl_assistant, items={**FORMAL_OK, "dokumen_identitas": False}
    )
    ktp = SimpleUploadedFile("ktp.pdf", b"%PDF-1.4 ktp")
    response = tracking.post(
        "/lacak/laporan/lengkapi/", {"complete-kind": "identitas", "complete-files": [ktp]}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == State.RECEIVED
    assert case.documents.get().kind == "identitas"


def test_an_empty_completion_is_refused(tracking, case, pvl_assistant):
    sv.case_verify_formal(
        case=case, actor=pvl_assistant, items={**FORMAL_OK, "dokumen_identitas": False}
    )
    response = tracking.post("/lacak/laporan/lengkapi/", {"complete-kind": "identitas"})
    assert response.status_code == 400
    assert "Write your answer or choose a file." in response.content.decode()


def test_while_the_draft_lahp_awaits_a_response_there_is_one_file_input(tracking, case, walk):
    """The response to the draft LAHP carries the reporter's new evidence; no second upload
    form beside it."""
    walk(case, "lahp")
    page = tracking.get("/lacak/laporan/").content.decode()
    assert page.count('type="file"') == 1
    assert "/lacak/laporan/tanggapan/" in page and "/lacak/laporan/dokumen/" not in page
