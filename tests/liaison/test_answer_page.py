"""The request's own page: the questions, the clock in words, and the answer form (text and
documents, one primary button); refusals stay on the page with the reason."""

from __future__ import annotations

from aduan.cases.models import ClarificationRequest
from aduan.liaison import services

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def test_the_page_shows_the_questions_and_one_primary_button(asked, portal):
    case, request = asked()
    page = portal.get(f"/instansi/klarifikasi/{request.pk}/jawab/", **EN).content.decode()
    assert "Mengapa?" in page and case.reference in page
    assert 'class="badge green">on time' in page  # the due state in words
    assert page.count('class="primary"') == 1
    assert 'name="files" multiple' in page and 'enctype="multipart/form-data"' in page


def test_an_empty_answer_stays_on_the_page_with_the_error(asked, portal):
    _case, request = asked()
    response = portal.post(f"/instansi/klarifikasi/{request.pk}/jawab/", {"answer": "  "}, **EN)
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    request.refresh_from_db()
    assert request.status == ClarificationRequest.Status.WAITING


def test_an_answered_request_offers_no_form(asked, portal):
    _case, request = asked()
    services.liaison_answer(request=request, user=portal.user, answer="Sudah.")
    page = portal.get(f"/instansi/klarifikasi/{request.pk}/jawab/", **EN).content.decode()
    assert "no longer waits for your answer" in page and 'name="answer"' not in page
    again = portal.post(f"/instansi/klarifikasi/{request.pk}/jawab/", {"answer": "Lagi."}, **EN)
    assert again.status_code == 400
    assert "This request is already closed." in again.content.decode()


def test_another_agencys_request_page_is_not_found(asked, portal, other_agency):
    _case, request = asked(agency=other_agency)
    assert portal.get(f"/instansi/klarifikasi/{request.pk}/jawab/").status_code == 404
