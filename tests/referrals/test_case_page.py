"""The case page: refer a case, record the answer, see the referrals."""

from __future__ import annotations

import pytest

from aduan.referrals.models import Institution, Referral

pytestmark = pytest.mark.django_db


def _post(client, case, name, data):
    return client.post(f"/kantor/laporan/{case.pk}/aksi/{name}/", data, HTTP_ACCEPT_LANGUAGE="en")


def _page(client, case):
    return client.get(f"/kantor/laporan/{case.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_refer_and_answer_from_the_case_page(client, receive, head_of_unit, pvl_assistant):
    police = Institution.objects.create(name="Polres Pangkalpinang", kind="kepolisian")
    case = receive()
    client.force_login(pvl_assistant)
    assert "/aksi/referral-send/" not in _page(client, case)  # an assistant may not refer
    assert "/aksi/referral-answer/" not in _page(client, case)  # nothing to answer yet

    client.force_login(head_of_unit)
    assert "/aksi/referral-send/" in _page(client, case)
    response = _post(
        client,
        case,
        "referral-send",
        {"institution": police.pk, "part": "Bagian pidana.", "letter_reference": "B/1/2026"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    referral = Referral.objects.get()
    assert referral.letter_reference == "B/1/2026"

    client.force_login(pvl_assistant)
    page = _page(client, case)
    assert "Polres Pangkalpinang" in page and "Bagian pidana." in page
    assert "/aksi/referral-answer/" in page
    response = _post(
        client, case, "referral-answer", {"referral": referral.pk, "answer": "Sudah ditangani."}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    referral.refresh_from_db()
    assert referral.status == Referral.Status.ANSWERED
    page = _page(client, case)
    assert "Answer to a referral recorded" in page
    assert "/aksi/referral-answer/" not in page


def test_a_referral_received_is_recorded_from_the_back_office(client, pvl_assistant):
    from aduan.cases.models import Case

    police = Institution.objects.create(name="Polres Pangkalpinang", kind="kepolisian")
    client.force_login(pvl_assistant)
    page = client.get("/kantor/limpahan/masuk/")
    assert page.status_code == 200
    token = page.context["form"].initial["token"]
    data = {
        "token": token,
        "institution": police.pk,
        "letter_reference": "B/12/XI/2026",
        "title": "Laporan kehilangan tidak diproses",
        "chronology": "Dilimpahkan oleh Polres.",
        "name": "Siti Aminah",
    }
    first = client.post("/kantor/limpahan/masuk/", data)
    again = client.post("/kantor/limpahan/masuk/", data)
    assert first.status_code == again.status_code == 302
    case = Case.objects.get()
    assert case.channel.code == "limpahan" and case.office == pvl_assistant.office
    referral = Referral.objects.get()
    assert referral.direction == Referral.Direction.IN and referral.institution == police


def test_an_administrator_may_not_record_a_referral(client, administrator):
    client.force_login(administrator)
    assert client.get("/kantor/limpahan/masuk/").status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in_for_referrals(client):
    assert client.get("/kantor/limpahan/masuk/").status_code == 302


def test_an_empty_referral_form_says_what_is_missing(client, pvl_assistant):
    client.force_login(pvl_assistant)
    response = client.post("/kantor/limpahan/masuk/", {"token": "t"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()
