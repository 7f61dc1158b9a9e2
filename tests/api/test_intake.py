"""POST /cases and POST /iaps: receipt through case_receive, idempotency, refusals."""

from __future__ import annotations

import pytest

from aduan.cases.models import Case, Reporter
from aduan.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_a_report_is_received_with_its_reporters_and_codes(api, pvl_assistant, report, regions):
    body = report(
        reporters=[
            {"name": "Siti Aminah", "phone": "0812", "region": "19.71", "id_type": "ktp"},
            {"name": "Budi", "kind": "keluarga", "represents": "Siti Aminah"},
        ],
        maladministration_forms=["penundaan-berlarut"],
        event_region="19.71",
        event_date="2026-10-01",
    )
    response = api(pvl_assistant).post("/cases", body)
    assert response.status_code == 201
    data = response.json()
    case = Case.objects.get(pk=data["id"])
    assert data["reference"] == case.reference and data["access_code"] == case.access_code
    assert (data["state"], data["intake_type"], data["channel"]) == ("diterima", "lm", "web")
    assert (case.substance.code, case.event_region_id) == ("adminduk", "19.71")
    assert [f.code for f in case.maladministration_forms.all()] == ["penundaan-berlarut"]
    assert case.created_by == pvl_assistant
    reporters = list(case.reporters.all())
    assert [(r.name, r.kind) for r in reporters] == [
        ("Siti Aminah", "perorangan"),
        ("Budi", "keluarga"),
    ]
    assert (reporters[0].region_id, reporters[0].id_type) == ("19.71", "ktp")


def test_a_retry_with_the_same_idempotency_key_returns_the_same_case(api, pvl_assistant, report):
    client = api(pvl_assistant)
    first = client.post("/cases", report(), **{"Idempotency-Key": "wa-msg-0001"})
    again = client.post("/cases", report(), **{"Idempotency-Key": "wa-msg-0001"})
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    assert Case.objects.count() == 1
    assert Reporter.objects.count() == 1
    assert AuditEvent.objects.filter(action="case.received").count() == 1


def test_a_different_key_makes_a_different_case(api, pvl_assistant, report):
    client = api(pvl_assistant)
    client.post("/cases", report(), **{"Idempotency-Key": "a"})
    client.post("/cases", report(), **{"Idempotency-Key": "b"})
    client.post("/cases", report())
    assert Case.objects.count() == 3


def test_idempotency_keys_are_kept_per_token_user(api, pvl_assistant, outsider, report):
    """Another office's integration reusing a key gets its own case, never ours."""
    ours = api(pvl_assistant).post("/cases", report(), **{"Idempotency-Key": "k-1"}).json()
    theirs = (
        api(outsider).post("/cases", report(agency_id=None), **{"Idempotency-Key": "k-1"}).json()
    )
    assert ours["id"] != theirs["id"]
    assert (ours["office"], theirs["office"]) == ("babel", "sulsel")


def test_an_overlong_idempotency_key_is_refused(api, pvl_assistant, report):
    response = api(pvl_assistant).post("/cases", report(), **{"Idempotency-Key": "x" * 65})
    assert response.status_code == 422
    assert Case.objects.count() == 0


def test_a_report_without_a_reporter_is_refused_by_the_service(api, pvl_assistant, report):
    response = api(pvl_assistant).post("/cases", report(reporters=[]))
    assert response.status_code == 400
    assert response.json() == {
        "code": "intake_invalid",
        "message": "A report needs at least one reporter.",
    }
    assert Case.objects.count() == 0


def test_an_unknown_code_is_refused_with_400(api, pvl_assistant, report):
    response = api(pvl_assistant).post("/cases", report(substance="no-such-substance"))
    assert response.status_code == 400
    assert response.json()["code"] == "unknown_reference"
    assert "no-such-substance" in response.json()["message"]
    assert Case.objects.count() == 0


def test_an_unknown_channel_is_refused_by_the_service(api, pvl_assistant, report):
    response = api(pvl_assistant).post("/cases", report(channel="pigeon"))
    assert (response.status_code, response.json()["code"]) == (400, "case_invalid")


def test_a_malformed_body_is_refused_with_422_and_the_fields(api, pvl_assistant, report):
    response = api(pvl_assistant).post(
        "/cases", report(title=None, reporters=[{"name": "A", "kind": "robot"}])
    )
    assert response.status_code == 422
    data = response.json()
    assert data["code"] == "invalid_request"
    assert data["fields"] == ["body.reporters.0.kind", "body.title"]
    assert "body.title" in data["message"]


def test_a_body_that_is_not_json_is_refused_with_400(api, pvl_assistant):
    client = api(pvl_assistant)
    response = client.client.post(
        "/api/v1/cases", "{not json", content_type="application/json", headers=client.headers
    )
    assert (response.status_code, response.json()["code"]) == (400, "bad_request")


def test_staff_cannot_receive_for_an_office_they_do_not_work_in(api, outsider, report):
    response = api(outsider).post("/cases", report(office="babel"))
    assert (response.status_code, response.json()["code"]) == (400, "unknown_reference")
    assert Case.objects.count() == 0


def test_a_role_that_does_not_receive_is_refused_with_403(api, administrator, report):
    response = api(administrator).post("/cases", report())
    assert (response.status_code, response.json()["code"]) == (403, "not_allowed")


def test_an_iaps_opens_in_examination_linked_to_visible_reports(
    api, head_of_office, received, agency_tree
):
    report_id = received()
    response = api(head_of_office).post(
        "/iaps",
        {
            "title": "Pungutan KTP di banyak kecamatan",
            "unit": "pemeriksaan",
            "agency_id": agency_tree["city"].pk,
            "linked_reports": [report_id],
        },
    )
    assert response.status_code == 201
    case = Case.objects.get(pk=response.json()["id"])
    assert (case.state, case.intake_type.code, case.unit.code) == (
        "pemeriksaan",
        "iaps",
        "pemeriksaan",
    )
    assert list(case.linked_reports.values_list("pk", flat=True)) == [report_id]


def test_an_iaps_cannot_link_a_report_the_caller_cannot_see(api, received, other_office):
    from aduan.directory.models import Unit, User

    Unit.objects.create(office=other_office, kind="pemeriksaan", code="pemeriksaan", name="P")
    head = User.objects.create(
        username="kepala-sulsel", role=User.Role.KEPALA_PERWAKILAN, office=other_office
    )
    report_id = received()
    response = api(head).post(
        "/iaps", {"title": "x", "unit": "pemeriksaan", "linked_reports": [report_id]}
    )
    assert (response.status_code, response.json()["code"]) == (400, "unknown_reference")


def test_an_assistant_cannot_open_an_iaps(api, pvl_assistant):
    response = api(pvl_assistant).post("/iaps", {"title": "x", "unit": "pemeriksaan"})
    assert (response.status_code, response.json()["code"]) == (403, "not_allowed")


def test_a_consultation_is_answered_with_advice(api, pvl_assistant, received):
    case_id = received(intake_type="knl")
    response = api(pvl_assistant).post(
        f"/cases/{case_id}/knl-answer", {"advice": "Ajukan keberatan ke Disdukcapil dahulu."}
    )
    assert response.status_code == 200
    assert (response.json()["state"], response.json()["closure_reason"]) == (
        "selesai",
        "saran-diberikan",
    )


def test_a_consultation_is_converted_into_a_report(api, pvl_assistant, received):
    case_id = received(intake_type="knl")
    response = api(pvl_assistant).post(f"/cases/{case_id}/knl-convert", {"reason": "Serius"})
    assert response.status_code == 200
    assert response.json()["intake_type"] == "lm"
    assert "/LM/" in response.json()["reference"]


def test_the_case_file_is_corrected_and_each_change_audited(
    api, pvl_assistant, received, agency_tree
):
    case_id = received()
    response = api(pvl_assistant).patch(
        f"/cases/{case_id}",
        {
            "title": "Pungutan KTP elektronik",
            "agency_id": agency_tree["clinic"].pk,
            "substance": "kesehatan",
            "reason": "Salah ketik",
        },
    )
    assert response.status_code == 200, response.json()
    data = response.json()
    assert (data["title"], data["agency_id"], data["substance"]) == (
        "Pungutan KTP elektronik",
        agency_tree["clinic"].pk,
        "kesehatan",
    )
    case = Case.objects.get(pk=case_id)
    assert case.chronology == "Diminta membayar Rp100.000 di loket."  # not sent, not changed
    event = AuditEvent.objects.get(action="case.edited")
    assert (event.actor, event.reason) == (pvl_assistant, "Salah ketik")
    assert set(event.new) == {"title", "agency", "substance"}


def test_a_confidential_case_cannot_be_made_public(api, pvl_assistant, received):
    case_id = received(confidential=True)
    response = api(pvl_assistant).patch(f"/cases/{case_id}", {"confidential": False})
    assert (response.status_code, response.json()["code"]) == (400, "case_invalid")
    assert Case.objects.get(pk=case_id).confidential is True


def test_a_text_field_cannot_be_nulled(api, pvl_assistant, received):
    case_id = received()
    response = api(pvl_assistant).patch(f"/cases/{case_id}", {"chronology": None})
    assert (response.status_code, response.json()["fields"]) == (422, ["body.chronology"])


def test_a_closed_case_is_not_edited(api, pvl_assistant, received):
    case_id = received(intake_type="tembusan")
    response = api(pvl_assistant).patch(f"/cases/{case_id}", {"title": "Baru"})
    assert (response.status_code, response.json()["code"]) == (409, "wrong_state")
