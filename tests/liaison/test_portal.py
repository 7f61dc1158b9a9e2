"""The liaison portal: the inbox, the case page and every action and refusal."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from aduan.cases.errors import CaseError, NotAllowed, WrongState
from aduan.cases.models import ClarificationRequest, CorrectiveAction
from aduan.cases.selectors import timeline
from aduan.core.models import AuditEvent
from aduan.deadlines.models import Deadline, DeadlineRule
from aduan.liaison import selectors, services
from aduan.liaison.models import Decision
from aduan.liaison.services import LiaisonError

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="jawaban.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def test_inbox_shows_only_own_agency_and_sub_units(
    asked, portal, portal_user, make_liaison, agency_tree, other_agency
):
    own, _r = asked()
    clinic_case, _r = asked(agency=agency_tree["clinic"], title="Antrean puskesmas")
    other, _r = asked(agency=other_agency, title="Kasus kabupaten lain")
    page = portal.get("/instansi/").content.decode()
    assert own.reference in page and clinic_case.reference in page
    assert other.reference not in page and "Kasus kabupaten lain" not in page
    assert "Ps.33" in page or "UU" in page  # the legal basis of the clock
    assert {i["case"].pk for i in selectors.liaison_inbox(portal.user)} == {
        own.pk,
        clinic_case.pk,
    }
    # The city (parent) sees its sub-units' items; the clinic sees only its own.
    city = portal_user(make_liaison(agency_tree["city"], name="Dewi", email="d@x.example"))
    assert set(selectors.liaison_cases(city).values_list("pk", flat=True)) == {
        own.pk,
        clinic_case.pk,
    }
    clinic = portal_user(make_liaison(agency_tree["clinic"], name="Eko", email="e@x.example"))
    assert list(selectors.liaison_cases(clinic).values_list("pk", flat=True)) == [clinic_case.pk]
    # Another agency's case is absent everywhere.
    assert portal.get(f"/instansi/laporan/{other.pk}/").status_code == 404
    other_request = other.clarifications.get()
    response = portal.post(f"/instansi/klarifikasi/{other_request.pk}/jawab/", {"answer": "x"})
    assert response.status_code == 404
    with pytest.raises(NotAllowed):
        services.liaison_answer(request=other_request, user=portal.user, answer="x")
    clock = Deadline.objects.open().for_subject(other_request).get()
    assert (
        portal.post(
            f"/instansi/tenggat/{clock.pk}/perpanjangan/", {"days": 5, "reason": "x"}
        ).status_code
        == 404
    )


def test_a_case_with_nothing_addressed_is_not_shown(receive, walk, portal):
    case = walk(receive(), "examination")  # agency is health, but nothing sent yet
    assert portal.get(f"/instansi/laporan/{case.pk}/").status_code == 404
    assert not selectors.liaison_cases(portal.user).exists()


def test_confidential_identity_never_reaches_the_liaison(asked, portal, examiner):
    secret = {
        "name": "Rahasia Wulandari",
        "phone": "081399887766",
        "email": "wulan.rahasia@example.com",
        "id_number": "1971015501900003",
        "address": "Jalan Melati Tersembunyi 7",
    }
    case, request = asked(confidential=True, reporters=[secret])
    open_case, _r = asked(
        title="Kasus terbuka",
        reporters=[{"name": "Terbuka Santoso", "phone": "081355544433", "email": "t@open.example"}],
    )
    pages = [
        portal.get("/instansi/").content.decode(),
        portal.get(f"/instansi/laporan/{case.pk}/").content.decode(),
    ]
    services.liaison_answer(request=request, user=portal.user, answer="Jawaban", files=[pdf()])
    pages.append(portal.get(f"/instansi/laporan/{case.pk}/").content.decode())
    for page in pages:
        for value in secret.values():
            assert value not in page
    with translation.override("en"):
        assert selectors.case_reporters(portal.user, case) == ["Reporter (identity kept secret)"]
    # Not confidential: the agency learns the name, never the contacts.
    page = portal.get(f"/instansi/laporan/{open_case.pk}/").content.decode()
    assert "Terbuka Santoso" in page
    assert "081355544433" not in page and "t@open.example" not in page


def test_answer_stops_the_clock_and_lands_on_the_timeline(asked, portal, examiner):
    case, request = asked()
    clock = Deadline.objects.open().for_subject(request).get()
    response = portal.post(
        f"/instansi/klarifikasi/{request.pk}/jawab/",
        {"answer": "Pungutan sudah dihentikan.", "files": [pdf()]},
    )
    assert response.status_code == 302
    request.refresh_from_db()
    clock.refresh_from_db()
    assert request.status == ClarificationRequest.Status.ANSWERED
    assert request.answer == "Pungutan sudah dihentikan."
    assert clock.state == Deadline.State.MET
    actions = [row["action"] for row in timeline(case)]
    assert "case.liaison_answered" in actions and "case.document_added" in actions
    document = case.documents.get(kind="jawaban")
    download = portal.get(f"/instansi/laporan/{case.pk}/dokumen/{document.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert not selectors.liaison_inbox(portal.user)
    with pytest.raises(WrongState):
        services.liaison_answer(request=request, user=portal.user, answer="lagi")
    with pytest.raises(CaseError):
        services.liaison_answer(request=request, user=portal.user, answer="  ")


def test_documents_of_other_cases_and_the_reporter_are_refused(
    asked, portal, portal_user, make_liaison, other_agency, receive
):
    case, _request = asked()
    other, other_request = asked(agency=other_agency)
    other_liaison = portal_user(make_liaison(other_agency, name="Fajar", email="f@x.example"))
    services.liaison_answer(
        request=other_request, user=other_liaison, answer="Jawab", files=[pdf()]
    )
    other_doc = other.documents.get(kind="jawaban")
    assert portal.get(f"/instansi/laporan/{other.pk}/dokumen/{other_doc.pk}/").status_code == 404
    assert portal.get(f"/instansi/laporan/{case.pk}/dokumen/{other_doc.pk}/").status_code == 404
    # A document the reporter sent on the liaison's own case is not theirs to open.
    from aduan.cases.documents import document_add

    reporter_doc = document_add(case=case, upload=pdf("ktp.pdf"), kind="bukti")
    assert portal.get(f"/instansi/laporan/{case.pk}/dokumen/{reporter_doc.pk}/").status_code == 404
    # Nor through the back office.
    assert portal.get(f"/kantor/laporan/{case.pk}/dokumen/{reporter_doc.pk}/").status_code in {
        302,
        403,
        404,
    }


def test_corrective_action_report_accepted(receive, walk, portal, examiner, client):
    case = walk(receive(), "monitoring")
    action = case.corrective_actions.get()
    clock = Deadline.objects.open().for_subject(action).get()
    assert any(i["kind"] == "action" for i in selectors.liaison_inbox(portal.user))
    response = portal.post(
        f"/instansi/tindakan/{action.pk}/lapor/",
        {"text": "Pungutan dikembalikan, kuitansi terlampir.", "files": [pdf("bukti.pdf")]},
    )
    assert response.status_code == 302
    report = action.agency_reports.get()
    assert report.decision == Decision.PENDING
    with pytest.raises(WrongState):
        services.liaison_report_action(action=action, user=portal.user, text="lagi")
    with pytest.raises(NotAllowed):  # a liaison cannot decide
        services.agency_report_decide(report=report, actor=portal.user, accept=True)
    client.force_login(examiner)
    assert "kuitansi terlampir" in client.get("/instansi/kantor/tinjau/").content.decode()
    response = client.post(f"/instansi/kantor/tinjau/laporan/{report.pk}/", {"decision": "accept"})
    assert response.status_code == 302
    report.refresh_from_db()
    action.refresh_from_db()
    clock.refresh_from_db()
    assert report.decision == Decision.ACCEPTED and report.decided_by == examiner
    assert action.status == CorrectiveAction.Status.DONE
    assert clock.state == Deadline.State.MET
    actions = [row["action"] for row in timeline(case)]
    assert "case.liaison_action_reported" in actions and "case.corrective_action" in actions


def test_corrective_action_report_sent_back(receive, walk, portal, examiner):
    case = walk(receive(), "monitoring")
    action = case.corrective_actions.get()
    report = services.liaison_report_action(action=action, user=portal.user, text="Sudah.")
    with pytest.raises(CaseError):
        services.agency_report_decide(report=report, actor=examiner, accept=False)
    services.agency_report_decide(
        report=report, actor=examiner, accept=False, reason="Bukti tidak dilampirkan."
    )
    report.refresh_from_db()
    action.refresh_from_db()
    assert report.decision == Decision.SENT_BACK and action.status == CorrectiveAction.Status.OPEN
    assert Deadline.objects.open().for_subject(action).exists()
    page = portal.get(f"/instansi/laporan/{case.pk}/").content.decode()
    assert "Bukti tidak dilampirkan." in page
    # The agency may report again.
    services.liaison_report_action(action=action, user=portal.user, text="Ini buktinya.")
    assert action.agency_reports.filter(decision=Decision.PENDING).count() == 1


def test_an_agency_cannot_ask_for_more_time_on_a_clarification_it_must_answer(
    asked, portal, examiner
):
    """UU 37/2008 Ps.33: the law's answer to silence is the second request, not more time. The
    portal shows what happens instead of the form, and a request sent anyway is refused."""
    case, request = asked()
    clock = Deadline.objects.open().for_subject(request).get()
    due = clock.due_date
    page = portal.get(f"/instansi/laporan/{case.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "cannot be extended" in page and "UU 37/2008 Ps.33" in page
    assert "A second clarification request, with 14 more days." in page
    assert f"/instansi/tenggat/{clock.pk}/perpanjangan/" not in page
    response = portal.post(
        f"/instansi/tenggat/{clock.pk}/perpanjangan/",
        {"days": "7", "reason": "Kepala dinas sedang dinas luar."},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )
    assert "is set by UU 37/2008 Ps.33 and cannot be extended" in response.content.decode()
    with pytest.raises(LiaisonError, match=r"UU 37/2008 Ps\.33"):
        services.liaison_request_extension(deadline=clock, user=portal.user, days=3, reason="x")
    assert not clock.extension_requests.exists()
    clock.refresh_from_db()
    assert (clock.due_date, clock.extended_days) == (due, 0)


def test_liaison_is_refused_by_the_back_office_and_the_api(asked, portal):
    from aduan.api.services import token_create
    from aduan.cases.selectors import cases_for
    from tests.api.conftest import ApiClient

    case, _request = asked()
    assert not cases_for(portal.user).exists()
    assert portal.get("/kantor/").status_code == 403
    assert portal.get("/kantor/laporan/").status_code == 403
    assert portal.get(f"/kantor/laporan/{case.pk}/").status_code == 403
    assert portal.get("/instansi/kantor/tinjau/").status_code == 403
    _token, secret = token_create(user=portal.user, name="test")
    client = ApiClient(secret, language="en")
    listed = client.get("/cases")
    assert listed.status_code == 200 and listed.json()["items"] == []
    assert client.get(f"/cases/{case.pk}").status_code in {403, 404}


def test_staff_and_strangers_are_refused_by_the_portal(office, pvl_assistant):
    assert Client().get("/instansi/").status_code == 302
    staff = Client()
    staff.force_login(pvl_assistant)
    assert staff.get("/instansi/").status_code == 403
    assert AuditEvent.objects.count() >= 0


def test_a_confidential_reporters_name_in_the_texts_is_redacted_for_the_liaison(asked, portal):
    secret = {"name": "Rahasia Wulandari", "phone": "081399887766"}
    case, request = asked(
        confidential=True,
        reporters=[secret],
        title="Rahasia Wulandari tidak dilayani",
        chronology="Saya, Rahasia Wulandari (HP 081399887766), ditolak di loket.",
    )
    request.questions = "Mengapa Ibu Rahasia Wulandari ditolak?"
    request.save(update_fields=["questions"])
    pages = [
        portal.get("/instansi/").content.decode(),
        portal.get(f"/instansi/laporan/{case.pk}/").content.decode(),
    ]
    for page in pages:
        assert "Wulandari" not in page and "081399887766" not in page
    # The agency reads the summary approved for it, never the reporter's own words.
    assert "ditolak di loket tanpa penjelasan" in pages[1]
    assert "HP" not in pages[1].split("<h2>")[1]


def test_a_confidential_reporter_summoned_as_a_witness_is_not_named_to_the_agency(
    asked, portal, examiner
):
    import datetime as dt

    from django.utils import timezone

    from aduan.cases import examination as ex

    case, _request = asked(confidential=True, reporters=[{"name": "Rahasia Wulandari"}])
    ex.summons_schedule(
        case=case,
        actor=examiner,
        person="Rahasia Wulandari (saksi)",
        scheduled_for=timezone.now() + dt.timedelta(days=3),
    )
    for page in (
        portal.get("/instansi/").content.decode(),
        portal.get(f"/instansi/laporan/{case.pk}/").content.decode(),
    ):
        assert "Wulandari" not in page


def test_a_nul_character_in_the_texts_is_dropped(receive, walk, asked, portal, examiner, client):
    """PostgreSQL refuses a NUL character (it was a server error); no browser sends one."""
    case = walk(receive(), "monitoring")
    action = case.corrective_actions.get()
    response = portal.post(f"/instansi/tindakan/{action.pk}/lapor/", {"text": "Sudah\x00."})
    assert response.status_code == 302
    report = action.agency_reports.get()
    assert report.text == "Sudah."
    client.force_login(examiner)
    client.post(
        f"/instansi/kantor/tinjau/laporan/{report.pk}/",
        {"decision": "send_back", "reason": "Bukti\x00 kurang."},
    )
    report.refresh_from_db()
    assert report.reason == "Bukti kurang."
    _, request = asked()
    clock = Deadline.objects.open().for_subject(request).get()
    # (a clock an agency may ask to extend: here the rule is made extendable for the check)
    DeadlineRule.objects.filter(pk=clock.rule_id).update(extendable=True)
    portal.post(
        f"/instansi/tenggat/{clock.pk}/perpanjangan/", {"days": "7", "reason": "Dinas\x00 luar."}
    )
    assert clock.extension_requests.get().reason == "Dinas luar."
