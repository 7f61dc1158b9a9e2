"""Letters in the back office: the office's staff make and download them; another office's
staff get 404, exactly like the case page; visitors are sent to sign in."""

from __future__ import annotations

import pytest

from aduan.core.models import AuditEvent
from aduan.letters.models import Letter
from aduan.letters.services import generate_letter

pytestmark = pytest.mark.django_db


def content(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_an_assistant_makes_a_letter_and_downloads_both_files(client, receive, pvl_assistant):
    case = receive()
    client.force_login(pvl_assistant)
    page = client.get(f"/kantor/laporan/{case.pk}/surat/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert 'value="tanda_terima:pelapor"' in page.content.decode()
    response = client.post(f"/kantor/laporan/{case.pk}/surat/", {"letter": "tanda_terima:pelapor"})
    assert response.status_code == 302
    assert response["Location"] == f"/kantor/laporan/{case.pk}/surat/"
    letter = Letter.objects.get()
    assert letter.created_by == pvl_assistant
    listing = client.get(f"/kantor/laporan/{case.pk}/surat/").content.decode()
    assert letter.number in listing
    docx = client.get(f"/kantor/laporan/{case.pk}/surat/{letter.pk}/docx/")
    assert docx.status_code == 200
    assert content(docx).startswith(b"PK")
    assert "attachment" in docx["Content-Disposition"]
    assert "tanda_terima.docx" in docx["Content-Disposition"]
    pdf = client.get(f"/kantor/laporan/{case.pk}/surat/{letter.pk}/pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert content(pdf).startswith(b"%PDF")


def test_the_case_page_lists_the_letters_and_offers_the_form(client, receive, pvl_assistant):
    case = receive()
    letter = generate_letter(case, "tanda_terima", actor=pvl_assistant)
    client.force_login(pvl_assistant)
    page = client.get(f"/kantor/laporan/{case.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="surat"' in page
    assert letter.number in page
    assert f"/kantor/laporan/{case.pk}/surat/{letter.pk}/pdf/" in page
    assert f'action="/kantor/laporan/{case.pk}/surat/"' in page
    response = client.post(
        f"/kantor/laporan/{case.pk}/surat/", {"letter": "tanda_terima:pelapor", "next": "case"}
    )
    assert response["Location"] == f"/kantor/laporan/{case.pk}/#surat"


def test_another_offices_staff_get_404_for_the_list_and_the_files(
    client, receive, pvl_assistant, outsider
):
    case = receive()
    letter = generate_letter(case, "tanda_terima", actor=pvl_assistant)
    client.force_login(outsider)
    assert client.get(f"/kantor/laporan/{case.pk}/surat/").status_code == 404
    assert (
        client.post(
            f"/kantor/laporan/{case.pk}/surat/", {"letter": "tanda_terima:pelapor"}
        ).status_code
        == 404
    )
    for fmt in ("docx", "pdf"):
        assert client.get(f"/kantor/laporan/{case.pk}/surat/{letter.pk}/{fmt}/").status_code == 404
    assert Letter.objects.count() == 1


def test_a_letter_of_another_case_is_not_found_through_this_case(client, receive, pvl_assistant):
    case, other = receive(), receive()
    letter = generate_letter(other, "tanda_terima", actor=pvl_assistant)
    client.force_login(pvl_assistant)
    assert client.get(f"/kantor/laporan/{case.pk}/surat/{letter.pk}/pdf/").status_code == 404
    assert client.get(f"/kantor/laporan/{case.pk}/surat/{letter.pk}/exe/").status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, receive, pvl_assistant):
    case = receive()
    letter = generate_letter(case, "tanda_terima", actor=pvl_assistant)
    for url in (
        f"/kantor/laporan/{case.pk}/surat/",
        f"/kantor/laporan/{case.pk}/surat/{letter.pk}/docx/",
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/kantor/masuk/")


def test_a_letter_not_offered_is_refused_with_a_message(client, receive, pvl_assistant):
    case = receive()
    client.force_login(pvl_assistant)
    response = client.post(
        f"/kantor/laporan/{case.pk}/surat/",
        {"letter": "rekomendasi:terlapor"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode() or "errorlist" in response.content.decode()
    assert not Letter.objects.exists()


def test_opening_a_confidential_reporters_letter_is_logged(client, receive, pvl_assistant):
    case = receive(confidential=True, reporters=[{"name": "Rahasia Sekali", "phone": "0811"}])
    letter = generate_letter(case, "tanda_terima", actor=pvl_assistant)
    client.force_login(pvl_assistant)
    page = client.get(f"/kantor/laporan/{case.pk}/surat/").content.decode()
    assert "Rahasia Sekali" not in page
    assert client.get(f"/kantor/laporan/{case.pk}/surat/{letter.pk}/pdf/").status_code == 200
    event = AuditEvent.objects.get(action="case.identity_viewed")
    assert event.new["letter"] == letter.pk and event.actor == pvl_assistant
