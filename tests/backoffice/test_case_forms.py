"""The case page's forms for the records of an examination: answers, summonses, corrective
actions, recommendations, and corrections of the case file. Each calls its service."""

from __future__ import annotations

import pytest

from aduan.cases import examination as ex
from aduan.cases import services as sv
from aduan.cases.models import Case, CorrectiveAction, Recommendation, Summons
from aduan.core.models import AuditEvent
from tests.conftest import FORMAL_OK

pytestmark = pytest.mark.django_db


def _post(client, case, name, data):
    return client.post(f"/kantor/laporan/{case.pk}/aksi/{name}/", data, HTTP_ACCEPT_LANGUAGE="en")


def _page(client, case):
    return client.get(f"/kantor/laporan/{case.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_the_answer_of_the_reported_party_is_recorded_against_its_request(
    client, receive, walk, examiner
):
    case = walk(receive(), "examination")
    client.force_login(examiner)
    assert "/aksi/clarification-answer/" not in _page(client, case)
    request = ex.clarification_request(case=case, actor=examiner, questions="Dasar pungutan?")
    assert "/aksi/clarification-answer/" in _page(client, case)
    response = _post(
        client, case, "clarification-answer", {"request": request.pk, "answer": "Perda 3/2020"}
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "dijawab" and request.answer == "Perda 3/2020"
    assert "/aksi/clarification-answer/" not in _page(client, case)


def test_an_answer_to_another_cases_request_is_refused(client, receive, walk, examiner):
    case = walk(receive(), "examination")
    other = walk(receive(title="Lain"), "examination")
    request = ex.clarification_request(case=other, actor=examiner, questions="Dasar?")
    ex.clarification_request(case=case, actor=examiner, questions="Dasar?")
    client.force_login(examiner)
    response = _post(client, case, "clarification-answer", {"request": request.pk, "answer": "x"})
    assert response.status_code == 400
    request.refresh_from_db()
    assert request.status == "menunggu"


def test_a_summons_is_scheduled_and_its_outcome_recorded(client, receive, walk, examiner):
    case = walk(receive(), "examination")
    client.force_login(examiner)
    response = _post(
        client,
        case,
        "summons",
        {"person": "Kepala Dinas Kesehatan", "scheduled_for": "2026-12-01T09:00"},
    )
    assert response.status_code == 302
    summons = case.summonses.get()
    assert "/aksi/summons-outcome/" in _page(client, case)
    response = _post(
        client, case, "summons-outcome", {"summons": summons.pk, "outcome": "tidak_hadir"}
    )
    assert response.status_code == 302
    summons.refresh_from_db()
    assert summons.outcome == Summons.Outcome.IGNORED


def test_a_summons_without_a_date_shows_what_is_missing(client, receive, walk, examiner):
    case = walk(receive(), "examination")
    client.force_login(examiner)
    response = _post(client, case, "summons", {"person": "Kepala Dinas"})
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()
    assert not case.summonses.exists()


def test_a_corrective_action_report_from_the_page(client, receive, walk, examiner):
    case = walk(receive(), "monitoring")
    action = case.corrective_actions.get()
    client.force_login(examiner)
    response = _post(
        client, case, "corrective-action", {"action": action.pk, "status": "dilaksanakan"}
    )
    assert response.status_code == 400
    assert "evidence" in response.content.decode()
    response = _post(
        client,
        case,
        "corrective-action",
        {"action": action.pk, "status": "dilaksanakan", "evidence": "Kuitansi pengembalian"},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == CorrectiveAction.Status.DONE
    assert "/aksi/corrective-action/" not in _page(client, case)


def test_a_recommendation_is_sent_reported_and_escalated(
    client, receive, walk, head_of_office, resmon_assistant
):
    examiner = resmon_assistant  # the case is with Resolusi dan Monitoring
    case = walk(receive(), "resmon")
    client.force_login(head_of_office)
    assert _post(client, case, "recommendation", {"content": "Hapus pungutan"}).status_code == 302
    recommendation = case.recommendations.get()
    assert "/aksi/recommendation-outcome/" not in _page(client, case)
    response = _post(
        client,
        case,
        "recommendation-sent",
        {"recommendation": recommendation.pk, "sent_on": "2026-11-20"},
    )
    assert response.status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.sent_at.date().isoformat() == "2026-11-20"
    client.force_login(examiner)
    response = _post(
        client,
        case,
        "recommendation-outcome",
        {"recommendation": recommendation.pk, "outcome": "tidak_dilaksanakan"},
    )
    assert response.status_code == 302
    client.force_login(head_of_office)
    response = _post(
        client,
        case,
        "recommendation-escalate",
        {"recommendation": recommendation.pk, "kind": "publikasi", "note": "Siaran pers"},
    )
    assert response.status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.outcome == Recommendation.Outcome.NOT_IMPLEMENTED
    assert recommendation.escalations.count() == 1


def test_an_examiner_cannot_send_a_recommendation(client, receive, walk, head_of_office, examiner):
    case = walk(receive(), "resmon")
    ex.recommendation_issue(
        case=case, actor=head_of_office, addressee=case.agency, content="Hapus pungutan"
    )
    client.force_login(examiner)
    assert "/aksi/recommendation-sent/" not in _page(client, case)
    recommendation = case.recommendations.get()
    response = _post(client, case, "recommendation-sent", {"recommendation": recommendation.pk})
    assert response.status_code == 400
    recommendation.refresh_from_db()
    assert recommendation.sent_at is None


def test_the_case_file_is_corrected_field_by_field_and_audited(
    client, receive, pvl_assistant, agency_tree, regions
):
    from aduan.reference.models import MaladministrationForm

    case = receive()
    form = MaladministrationForm.objects.active().first()
    client.force_login(pvl_assistant)
    response = _post(
        client,
        case,
        "edit",
        {
            "title": "Pungutan KTP di kecamatan",
            "agency": agency_tree["clinic"].pk,
            "event_region": "19.71",
            "chronology": "Diminta membayar Rp50.000.",
            "maladministration_forms": [form.pk],
            "reason": "Keterangan tambahan pelapor",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.title == "Pungutan KTP di kecamatan"
    assert case.agency == agency_tree["clinic"]
    assert case.event_region == regions["19.71"]
    assert list(case.maladministration_forms.all()) == [form]
    event = AuditEvent.objects.filter(action="case.edited").latest("id")
    assert "title" in event.new and "maladministration_forms" in event.new
    assert event.reason == "Keterangan tambahan pelapor"


def test_an_unknown_region_code_is_explained(client, receive, pvl_assistant):
    case = receive()
    client.force_login(pvl_assistant)
    response = _post(client, case, "edit", {"title": case.title, "event_region": "99.99"})
    assert response.status_code == 400
    assert "No region has the code 99.99" in response.content.decode()


def test_confidentiality_once_promised_is_not_lifted_from_the_page(client, receive, pvl_assistant):
    case = receive(confidential=True)
    client.force_login(pvl_assistant)
    response = _post(client, case, "edit", {"title": case.title, "confidential": ""})
    assert response.status_code == 400
    assert "stays secret" in response.content.decode()
    case.refresh_from_db()
    assert case.confidential


def test_a_completed_report_returns_to_formal_verification(client, receive, pvl_assistant):
    case = receive()
    sv.case_verify_formal(
        case=case, actor=pvl_assistant, items={**FORMAL_OK, "identitas_lengkap": False}
    )
    case.refresh_from_db()
    assert case.state == Case.State.AWAITING_COMPLETION
    client.force_login(pvl_assistant)
    response = _post(
        client, case, "complete", {"items": ["identitas_lengkap"], "note": "Datang ke loket"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == Case.State.RECEIVED


def test_an_id_beyond_the_keys_range_is_refused_on_the_edit_form(client, receive, pvl_assistant):
    """A maladministration form's id SQLite cannot bind (20 digits) is explained, not a 500."""
    case = receive()
    client.force_login(pvl_assistant)
    response = _post(
        client,
        case,
        "edit",
        {"title": case.title, "maladministration_forms": ["99999999999999999999"]},
    )
    assert response.status_code == 400
    assert "“99999999999999999999” is not a valid value" in response.content.decode()


def test_a_too_long_place_of_investigation_is_explained(client, receive, walk, examiner):
    """The place is 200 characters at most (a longer one was a server error on PostgreSQL)."""
    case = walk(receive(), "examination")
    client.force_login(examiner)
    response = _post(
        client,
        case,
        "field-investigation",
        {"place": "x" * 201, "held_on": "2025-06-02", "findings": "Loket tutup."},
    )
    assert response.status_code == 400
    assert "at most 200 characters" in response.content.decode()
    assert not case.investigations_done.exists()


def test_a_too_long_competent_body_is_explained(client, receive, walk, head_of_office):
    """The competent body named in the notice is 200 characters at most (was a PostgreSQL
    500)."""
    case = walk(receive(), "decision")
    client.force_login(head_of_office)
    response = _post(
        client,
        case,
        "not-within-authority",
        {"competent_body": "x" * 201, "note": "Bukan wewenang."},
    )
    assert response.status_code == 400
    assert "at most 200 characters" in response.content.decode()
    case.refresh_from_db()
    assert case.state == "menunggu_pleno"
