"""The back office: sign-in, home per role, the case list, the case page."""

from __future__ import annotations

import pytest

from aduan.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/kantor/laporan/")
    assert response.status_code == 302
    assert response["Location"].startswith("/kantor/masuk/")


def test_staff_sign_in_and_land_on_their_work(client, pvl_assistant):
    response = client.post("/kantor/masuk/", {"username": "pvl", "password": "secret-pass-123"})
    assert response.status_code == 302
    assert response["Location"] == "/kantor/"
    assert client.get("/kantor/").status_code == 200


def test_a_wrong_password_gets_a_message(client, pvl_assistant):
    response = client.post(
        "/kantor/masuk/", {"username": "pvl", "password": "nope"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()


def test_an_account_without_a_role_is_told_what_to_do(client, django_user_model):
    user = django_user_model.objects.create_user("tamu", password="x-secret-123")
    client.force_login(user)
    response = client.get("/kantor/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    assert "administrator" in response.content.decode()


def test_an_assistant_sees_their_cases_and_the_unit_queue(client, receive, examiner, walk):
    mine = walk(receive(title="Kasus saya"), "examination")
    client.force_login(examiner)
    page = client.get("/kantor/").content.decode()
    assert mine.reference in page


def test_the_pvl_queue_shows_unassigned_new_reports(client, receive, pvl_assistant):
    case = receive()
    client.force_login(pvl_assistant)
    assert case.reference in client.get("/kantor/").content.decode()


def test_the_head_of_office_sees_counts_and_decisions_waiting(
    client, receive, walk, head_of_office
):
    waiting = walk(receive(), "decision")
    client.force_login(head_of_office)
    page = client.get("/kantor/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Waiting for the registration decision" in page
    assert waiting.reference in page


def test_the_list_filters_by_url_parameters(client, receive, pvl_assistant):
    lm = receive(title="Listrik padam")
    knl = receive(intake_type="knl", title="Tanya prosedur")
    client.force_login(pvl_assistant)
    page = client.get("/kantor/laporan/?intake_type=knl").content.decode()
    assert knl.reference in page and lm.reference not in page
    page = client.get("/kantor/laporan/?q=listrik").content.decode()
    assert lm.reference in page and knl.reference not in page


def test_the_list_never_shows_another_offices_cases(client, receive, outsider):
    case = receive()
    client.force_login(outsider)
    assert case.reference not in client.get("/kantor/laporan/").content.decode()
    assert client.get(f"/kantor/laporan/{case.pk}/").status_code == 404


def test_the_case_page_shows_clocks_with_their_explanation(client, receive, pvl_assistant):
    case = receive()
    client.force_login(pvl_assistant)
    page = client.get(f"/kantor/laporan/{case.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "UU 25/2009 Ps.44(3)" in page
    assert "calendar days counted from" in page


def test_a_confidential_identity_is_hidden_until_shown_and_showing_is_logged(
    client, receive, pvl_assistant
):
    case = receive(confidential=True)
    client.force_login(pvl_assistant)
    page = client.get(f"/kantor/laporan/{case.pk}/").content.decode()
    assert "Siti Aminah" not in page
    reporter = case.reporters.get()
    shown = client.post(f"/kantor/laporan/{case.pk}/pelapor/{reporter.pk}/tampilkan/")
    assert "Siti Aminah" in shown.content.decode()
    assert AuditEvent.objects.get(action="case.identity_viewed").actor == pvl_assistant


def test_showing_an_identity_needs_post(client, receive, examiner):
    case = receive(confidential=True)
    client.force_login(examiner)
    url = f"/kantor/laporan/{case.pk}/pelapor/{case.reporters.get().pk}/tampilkan/"
    assert client.get(url).status_code == 405


def test_the_list_is_paginated(client, receive, pvl_assistant):
    for n in range(55):
        receive(title=f"Laporan {n}")
    client.force_login(pvl_assistant)
    page = client.get("/kantor/laporan/?page=2", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "page 2 of 2" in page


def test_the_current_list_downloads_as_csv_without_identities(
    client, receive, pvl_assistant, outsider
):
    case = receive(confidential=True, title="Pungutan KTP")
    receive(intake_type="knl", title="Tanya")
    client.force_login(pvl_assistant)
    response = client.get("/kantor/laporan/?intake_type=lm&format=csv")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = body.strip().splitlines()
    assert lines[0].startswith("nomor_laporan,diterima,jenis")
    assert len(lines) == 2 and case.reference in lines[1]
    assert "Siti" not in body
    client.force_login(outsider)
    body = b"".join(client.get("/kantor/laporan/?format=csv").streaming_content).decode()
    assert case.reference not in body


def test_a_cell_that_looks_like_a_formula_is_defused(client, receive, pvl_assistant):
    receive(title='=HYPERLINK("http://example.com")')
    client.force_login(pvl_assistant)
    body = b"".join(client.get("/kantor/laporan/?format=csv").streaming_content).decode()
    assert "'=HYPERLINK" in body


def _post(client, case, name, data):
    return client.post(f"/kantor/laporan/{case.pk}/aksi/{name}/", data, HTTP_ACCEPT_LANGUAGE="en")


def test_the_case_page_offers_only_what_the_state_and_role_allow(
    client, receive, pvl_assistant, examiner
):
    case = receive()
    client.force_login(pvl_assistant)
    page = client.get(f"/kantor/laporan/{case.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "/aksi/verify-formal/" in page
    assert "/aksi/register/" not in page
    client.force_login(examiner)
    page = client.get(f"/kantor/laporan/{case.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "/aksi/verify-formal/" not in page


def test_formal_verification_from_the_page_goes_through_the_service(client, receive, pvl_assistant):
    from aduan.cases.models import Case
    from tests.conftest import FORMAL_OK

    case = receive()
    client.force_login(pvl_assistant)
    data = {code: ("1" if value else "") for code, value in FORMAL_OK.items()}
    response = _post(client, case, "verify-formal", data)
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == Case.State.MATERIAL_VERIFICATION
    assert case.transitions.last().actor == pvl_assistant


def test_a_missing_checklist_answer_is_shown_on_the_form_and_nothing_changes(
    client, receive, pvl_assistant
):
    case = receive()
    client.force_login(pvl_assistant)
    response = _post(client, case, "verify-formal", {"kronologi": "1"})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    case.refresh_from_db()
    assert case.state == "diterima"


def test_a_refused_action_shows_the_services_message(client, receive, walk, head_of_office, office):
    case = walk(receive(), "decision")
    client.force_login(head_of_office)
    response = _post(client, case, "register", {"unit": office.units.get(code="pvl").pk})
    assert response.status_code == 400  # the PVL unit is not offered: the form refuses it
    response = _post(client, case, "close", {"closure_mode": 1, "closure_reason": 1})
    assert response.status_code == 400
    assert "cannot be done while the case is" in response.content.decode()


def test_a_forged_post_by_a_wrong_role_is_refused(client, receive, examiner):
    from tests.conftest import FORMAL_OK

    case = receive()
    client.force_login(examiner)
    data = {code: ("1" if value else "") for code, value in FORMAL_OK.items()}
    response = _post(client, case, "verify-formal", data)
    assert response.status_code == 400
    assert "role does not allow" in response.content.decode()


def test_a_whole_examination_can_be_done_from_the_pages(
    client, receive, walk, examiner, head_of_unit, agency_tree
):
    from aduan.cases.models import Case

    case = walk(receive(), "examination")
    client.force_login(examiner)
    assert (
        _post(
            client, case, "lahp-draft", {"conclusion": "ditemukan", "findings": "Pungutan terbukti"}
        ).status_code
        == 302
    )
    assert _post(client, case, "lahp-response", {"response": "Setuju"}).status_code == 302
    client.force_login(head_of_unit)
    page = client.get(f"/kantor/laporan/{case.pk}/").content.decode()
    assert "/aksi/lahp-final/" in page and "/aksi/lahp-response/" not in page
    response = _post(
        client,
        case,
        "lahp-final",
        {"corrective_actions": "Kembalikan pungutan\nPasang papan tarif"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == Case.State.MONITORING
    assert case.corrective_actions.count() == 2


def test_a_document_is_uploaded_from_the_page(client, receive, pvl_assistant, tmp_path, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    case = receive()
    client.force_login(pvl_assistant)
    upload = SimpleUploadedFile("bukti.pdf", b"%PDF-1.4 bukti", content_type="application/pdf")
    response = _post(client, case, "document", {"kind": "bukti", "file": upload})
    assert response.status_code == 302
    assert case.documents.get().content_type == "application/pdf"
    bad = SimpleUploadedFile("virus.pdf", b"MZ not a pdf")
    response = _post(client, case, "document", {"kind": "bukti", "file": bad})
    assert response.status_code == 400
    assert "not accepted" in response.content.decode()


def test_the_notice_action_appears_only_while_a_notice_is_due(
    client, receive, walk, head_of_office, pvl_assistant
):
    from aduan.cases import services as sv

    case = sv.case_reject(
        case=walk(receive(), "decision"), actor=head_of_office, reason="d-sudah-diselesaikan"
    )
    client.force_login(pvl_assistant)
    assert "/aksi/notice/" in client.get(f"/kantor/laporan/{case.pk}/").content.decode()
    assert (
        _post(
            client, case, "notice", {"rule": "pemberitahuan-penolakan", "note": "Surat tercatat"}
        ).status_code
        == 302
    )
    assert "/aksi/notice/" not in client.get(f"/kantor/laporan/{case.pk}/").content.decode()


def test_internal_notes_and_messages_to_the_reporter_are_kept_apart(
    client, receive, pvl_assistant, mailoutbox, django_capture_on_commit_callbacks
):
    case = receive()
    client.force_login(pvl_assistant)
    _post(client, case, "note", {"kind": "internal", "text": "Pelapor sulit dihubungi"})
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, case, "note", {"kind": "to_reporter", "text": "Mohon kirim salinan KTP"})
    page = client.get(f"/kantor/laporan/{case.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'class="note internal"' in page and 'class="note to_reporter"' in page
    assert [m for m in mailoutbox if "Mohon kirim salinan KTP" in m.body]
    assert not [m for m in mailoutbox if "sulit dihubungi" in m.body]


def test_an_empty_note_is_refused(client, receive, pvl_assistant):
    case = receive()
    client.force_login(pvl_assistant)
    assert _post(client, case, "note", {"kind": "internal", "text": " "}).status_code == 400
    assert not case.notes.exists()


def test_bulk_assignment_goes_case_by_case_and_reports_refusals(
    client, receive, walk, head_of_unit, examiner, pvl_assistant, other_office
):
    from aduan.cases import services as sv
    from aduan.core.models import AuditEvent

    cases = [walk(receive(), "examination") for _ in range(3)]
    for case in cases:
        sv.case_assign(case=case, actor=head_of_unit, assignee=None)
    foreign = receive(office=other_office)
    client.force_login(head_of_unit)
    response = client.post(
        "/kantor/laporan/massal/",
        {
            "bulk_action": "assign",
            "assignee": examiner.username,
            "case": [c.pk for c in cases] + [foreign.pk],
            "next": "/kantor/laporan/",
        },
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )
    page = response.content.decode()
    assert "3 cases done." in page
    assert "No such case" in page
    for case in cases:
        case.refresh_from_db()
        assert case.assignee == examiner
    assert AuditEvent.objects.filter(action="case.assigned", new__assignee="pemeriksa").count() == 3
    foreign.refresh_from_db()
    assert foreign.assignee is None


def test_a_bulk_note_is_written_on_each_case(client, receive, pvl_assistant):
    cases = [receive(), receive()]
    client.force_login(pvl_assistant)
    client.post(
        "/kantor/laporan/massal/",
        {"bulk_action": "note", "text": "Dicek ulang", "case": [c.pk for c in cases]},
    )
    assert all(c.notes.get().text == "Dicek ulang" for c in cases)


def test_a_bulk_request_without_cases_is_refused_with_a_message(client, pvl_assistant):
    client.force_login(pvl_assistant)
    response = client.post(
        "/kantor/laporan/massal/", {"bulk_action": "note"}, HTTP_ACCEPT_LANGUAGE="en", follow=True
    )
    assert "Choose an action and at least one case." in response.content.decode()


def test_a_confidential_reporters_identity_document_name_is_not_shown(
    client, receive, examiner, tmp_path, settings
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from aduan.cases.documents import document_add

    settings.MEDIA_ROOT = tmp_path
    case = receive(confidential=True)
    document_add(
        case=case,
        kind="identitas",
        upload=SimpleUploadedFile("KTP_Siti_Aminah.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20),
    )
    client.force_login(examiner)
    assert "Siti" not in client.get(f"/kantor/laporan/{case.pk}/").content.decode()


def test_odd_numbers_in_filters_and_bulk_forms_are_ignored_not_crashing(
    client, receive, pvl_assistant
):
    case = receive()
    client.force_login(pvl_assistant)
    assert client.get("/kantor/laporan/?agency=²&unit=99999999999999999999").status_code == 200
    response = client.post(
        "/kantor/laporan/massal/",
        {"bulk_action": "transfer", "unit": "²", "case": [str(case.pk), "³"]},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )
    assert response.status_code == 200
    assert "Choose the unit." in response.content.decode()


def test_a_long_list_says_more_than_instead_of_counting_everything(
    client, receive, pvl_assistant, monkeypatch
):
    from aduan.backoffice import selectors, views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    monkeypatch.setattr(selectors, "COUNTED", 3)
    monkeypatch.setattr(selectors, "COUNTED_PAGES_AHEAD", 0)
    for n in range(6):
        receive(title=f"Laporan {n}")
    client.force_login(pvl_assistant)
    page = client.get("/kantor/laporan/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "more than 3 cases" in page and "page 1 of" not in page
    assert "page=2" in page


@pytest.mark.parametrize("name", ["state", "intake_type", "channel", "substance", "assignee"])
def test_a_nul_character_in_a_list_filter_is_dropped(client, receive, pvl_assistant, name):
    """PostgreSQL refuses a NUL character (it was a server error); the filter ignores it."""
    case = receive()
    client.force_login(pvl_assistant)
    response = client.get("/kantor/laporan/", {name: "\x00"})
    assert response.status_code == 200
    assert case.reference in response.content.decode()
