"""Journey c, the agency's liaison officer on a phone (390x844): signs in to the portal, opens
the clarification request waiting in the inbox and answers it with a document.

Screenshots: var/screenshots/journeys/liaison/ (see tests/journeys/conftest.py)."""

from __future__ import annotations

import pytest

from aduan.cases import examination as ex
from aduan.cases.models import ClarificationRequest
from tests.journeys.conftest import PHONE, sample_files

# Selectors in one place.
INBOX = "/instansi/"
ANSWER = "#id_answer"
ANSWER_FILES = "#id_files"
SEND_ANSWER = "Send the answer"
QUESTIONS = "Mengapa pemohon KTP diminta membayar Rp150.000?"
REPLY = "Pungutan itu tidak berdasar; petugas sudah ditegur dan uang dikembalikan."


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_liaison_answers_a_clarification_on_a_phone(
    journey, receive, walk, examiner, liaison_account, tmp_path
):
    case = walk(receive(), "examination")
    request = ex.clarification_request(case=case, actor=examiner, questions=QUESTIONS)
    files = sample_files(tmp_path / "files")
    j = journey("liaison")
    page = j.open(PHONE)

    j.liaison_sign_in(page, liaison_account.username)
    assert page.url.endswith(INBOX)
    j.step(page, "01-inbox")
    j.submit(page, page.locator(f"a.button.primary[href$='/klarifikasi/{request.pk}/jawab/']"))
    assert QUESTIONS in page.inner_text("main")
    page.fill(ANSWER, REPLY)
    page.set_input_files(ANSWER_FILES, str(files["letter"]))
    j.step(page, "02-request")
    j.submit(page, page.get_by_role("button", name=SEND_ANSWER))
    j.step(page, "03-answered")

    request.refresh_from_db()
    assert request.status == ClarificationRequest.Status.ANSWERED
    assert request.answer == REPLY
    assert case.documents.filter(kind="jawaban").count() == 1
    j.finish()
