"""The transitions through the API: a full walk, each decision, and the refusals (409 wrong
state, 403 wrong role, 404 a record the case does not have) in the request's language."""

from __future__ import annotations

import pytest
from django.utils import timezone, translation

from aduan.cases import examination as ex
from aduan.cases import services as sv
from aduan.cases.models import Case, ClarificationRequest, Lahp
from aduan.core.models import AuditEvent
from aduan.deadlines.models import Deadline
from aduan.deadlines.workdays import local_date
from aduan.reference.models import Substance
from tests.api.conftest import FORMAL_OK, MATERIAL_OK

pytestmark = pytest.mark.django_db


def ok(response, status=200):
    assert response.status_code == status, response.json()
    return response.json()


def test_a_report_walks_from_receipt_to_the_final_lahp(
    api, report, pvl_assistant, head_of_office, examiner, head_of_unit, agency_tree
):
    desk, head, exam, chief = (
        api(pvl_assistant),
        api(head_of_office),
        api(examiner),
        api(head_of_unit),
    )
    case = ok(desk.post("/cases", report(), **{"Idempotency-Key": "walk-1"}), 201)
    path = f"/cases/{case['id']}"
    assert ok(desk.post(f"{path}/verify-formal", {"items": FORMAL_OK}))["state"] == (
        "verifikasi_materiil"
    )
    assert ok(desk.post(f"{path}/verify-material", {"items": MATERIAL_OK}))["state"] == (
        "menunggu_pleno"
    )
    registered = ok(
        head.post(f"{path}/register", {"unit": "pemeriksaan", "assignee": examiner.username})
    )
    assert (registered["state"], registered["unit"], registered["assignee"]) == (
        "pemeriksaan",
        "pemeriksaan",
        "pemeriksa",
    )

    request = ok(exam.post(f"{path}/clarifications", {"questions": "Apa dasar pungutan?"}), 201)
    assert (request["round"], request["agency_id"]) == (1, agency_tree["health"].pk)
    answered = ok(
        exam.post(f"{path}/clarifications/{request['id']}/answer", {"answer": "Perda 3/2020"})
    )
    assert answered["status"] == "dijawab"
    summons = ok(
        exam.post(
            f"{path}/summonses",
            {"person": "Kepala Dinas", "scheduled_for": "2026-12-01T09:00:00+07:00"},
        ),
        201,
    )
    assert ok(exam.post(f"{path}/summonses/{summons['id']}/outcome", {"outcome": "hadir"}))[
        "outcome"
    ] == ("hadir")
    ok(
        exam.post(
            f"{path}/field-investigations",
            {"held_on": "2026-11-20", "place": "Loket Disdukcapil", "findings": "Ada tarif"},
        ),
        201,
    )
    ok(
        exam.post(
            f"{path}/mediations",
            {
                "kind": "mediasi",
                "held_on": "2026-11-21",
                "parties": "Pelapor dan Dinas",
                "outcome": "Belum sepakat",
                "agreement_reached": False,
            },
        ),
        201,
    )

    draft = ok(
        exam.post(f"{path}/lahp/draft", {"conclusion": "ditemukan", "findings": "Terbukti"}), 201
    )
    assert (draft["version"], draft["status"]) == (1, "draf")
    ok(exam.post(f"{path}/lahp/response", {"response": "Pelapor setuju"}))
    final = ok(
        chief.post(
            f"{path}/lahp/finalise",
            {
                "corrective_actions": [
                    {"addressee_id": agency_tree["health"].pk, "description": "Kembalikan"}
                ]
            },
        )
    )
    assert final["status"] == "final"

    detail = ok(desk.get(path))
    assert detail["case"]["state"] == "monitoring"
    assert [action["status"] for action in detail["case"]["corrective_actions"]] == ["terbuka"]
    actions = [event["action"] for event in detail["timeline"]]
    for action in (
        "case.received",
        "case.formally_complete",
        "case.materially_verified",
        "case.registered",
        "case.clarification_requested",
        "case.clarification_answered",
        "case.summons_scheduled",
        "case.summons_recorded",
        "case.field_investigation",
        "case.mediation",
        "case.lahp_draft_sent",
        "case.lahp_response",
        "case.lahp_final",
    ):
        assert action in actions
    rows = Case.objects.get(pk=case["id"]).transitions.values_list("action", flat=True)
    assert list(rows) == [
        "received",
        "formally_complete",
        "materially_verified",
        "registered",
        "lahp_draft_sent",
        "lahp_final",
    ]


def test_monitoring_to_recommendation_and_closure(
    api, received, walk, examiner, head_of_unit, head_of_office, agency_tree
):
    case_id = walk(received(), "examination")
    path = f"/cases/{case_id}"
    exam, chief, head = api(examiner), api(head_of_unit), api(head_of_office)
    ok(exam.post(f"{path}/lahp/draft", {"conclusion": "ditemukan", "findings": "Terbukti"}), 201)
    ok(exam.post(f"{path}/lahp/response", {"response": "Setuju"}))
    ok(
        chief.post(
            f"{path}/lahp/finalise",
            {
                "corrective_actions": [
                    {"addressee_id": agency_tree["health"].pk, "description": "x"}
                ]
            },
        )
    )
    action_id = Case.objects.get(pk=case_id).corrective_actions.get().pk
    reported = ok(
        exam.post(f"{path}/corrective-actions/{action_id}/report", {"status": "tidak_dilaksanakan"})
    )
    assert reported["status"] == "tidak_dilaksanakan"
    # Resolusi dan Monitoring is not skipped (Peraturan Ombudsman 58/2023 Ps.54).
    refused = head.post(
        f"{path}/recommendations", {"addressee_id": agency_tree["city"].pk, "content": "x"}
    )
    assert refused.status_code >= 400 and "Ps.54" in refused.content.decode()
    case = sv.case_handover_to_resmon(case=Case.objects.get(pk=case_id), reason="30 hari kerja")
    for kind, outcome in (("telaah", ""), ("upaya_resolusi", "tidak_selesai")):
        ex.resmon_record_step(
            case=case,
            actor=head_of_office,
            kind=kind,
            held_on=local_date(timezone.now(), case.office),
            note="Terlapor tetap tidak melaksanakan.",
            outcome=outcome,
        )
    exam = api(head_of_office)  # the case is now with Resolusi dan Monitoring
    rec = ok(
        head.post(
            f"{path}/recommendations",
            {"addressee_id": agency_tree["city"].pk, "content": "Beri sanksi."},
        ),
        201,
    )
    assert ok(head.post(f"{path}/recommendations/{rec['id']}/sent", {}))["sent_at"]
    outcome = ok(
        exam.post(f"{path}/recommendations/{rec['id']}/outcome", {"outcome": "tidak_dilaksanakan"})
    )
    assert outcome["outcome"] == "tidak_dilaksanakan"
    escalation = ok(head.post(f"{path}/recommendations/{rec['id']}/escalate", {"kind": "dpr"}), 201)
    assert (escalation["kind"], escalation["recommendation_id"]) == ("dpr", rec["id"])
    closed = ok(
        chief.post(
            f"{path}/close",
            {"closure_mode": "rekomendasi", "closure_reason": "rekomendasi-tidak-dilaksanakan"},
        )
    )
    assert (closed["state"], closed["closure_mode"]) == ("selesai", "rekomendasi")
    reopened = ok(chief.post(f"{path}/reopen", {"reason": "Bukti baru dari pelapor"}))
    assert reopened["state"] == "pemeriksaan"


def test_an_incomplete_report_waits_for_completion(api, pvl_assistant, received):
    case_id = received()
    client = api(pvl_assistant)
    waiting = ok(
        client.post(f"/cases/{case_id}/verify-formal", {"items": {**FORMAL_OK, "kronologi": False}})
    )
    assert waiting["state"] == "menunggu_kelengkapan"
    completed = ok(client.post(f"/cases/{case_id}/complete", {"note": "Kronologi dikirim"}))
    assert completed["state"] == "diterima"


def test_a_checklist_takes_only_true_false_or_null(api, pvl_assistant, received):
    case_id = received()
    items = {**FORMAL_OK, "kronologi": "yes"}
    response = api(pvl_assistant).post(f"/cases/{case_id}/verify-formal", {"items": items})
    assert (response.status_code, response.json()["fields"]) == (422, ["body.items.kronologi"])
    assert Case.objects.get(pk=case_id).state == "diterima"


def test_a_rejection_and_its_notice(api, received, walk, head_of_office, pvl_assistant):
    case_id = walk(received(), "decision")
    rejected = ok(
        api(head_of_office).post(
            f"/cases/{case_id}/reject", {"reason": "b-proses-peradilan", "note": "Di PTUN"}
        )
    )
    assert (rejected["state"], rejected["rejection_reason"]) == ("selesai", "b-proses-peradilan")
    ok(
        api(pvl_assistant).post(
            f"/cases/{case_id}/record-notice", {"rule": "pemberitahuan-penolakan"}
        )
    )
    clock = Deadline.objects.get(case_id=case_id, rule__code="pemberitahuan-penolakan")
    assert clock.state == Deadline.State.MET
    again = api(pvl_assistant).post(
        f"/cases/{case_id}/record-notice", {"rule": "pemberitahuan-penolakan"}
    )
    assert (again.status_code, again.json()["code"]) == (409, "wrong_state")


def test_not_within_authority_records_the_referral(api, received, walk, head_of_office):
    case_id = walk(received(), "decision")
    data = ok(
        api(head_of_office).post(
            f"/cases/{case_id}/not-within-authority", {"referred_to": "Komnas HAM"}
        )
    )
    assert (data["closure_mode"], data["referred_to"]) == ("bukan-kewenangan", "Komnas HAM")


def test_a_rapid_response_is_escalated_to_examination(api, received, head_of_office):
    case_id = received(intake_type="rco")
    data = ok(
        api(head_of_office).post(
            f"/cases/{case_id}/escalate-rco", {"unit": "pemeriksaan", "reason": "Tidak selesai"}
        )
    )
    assert (data["state"], data["unit"]) == ("pemeriksaan", "pemeriksaan")


def test_assignment_and_transfer(api, received, walk, head_of_unit, examiner, other_office):
    case_id = walk(received(), "examination")
    chief = api(head_of_unit)
    assert ok(chief.post(f"/cases/{case_id}/assign", {"assignee": None}))["assignee"] is None
    assert ok(chief.post(f"/cases/{case_id}/assign", {"assignee": "pemeriksa"}))["assignee"] == (
        "pemeriksa"
    )
    moved = ok(
        chief.post(
            f"/cases/{case_id}/transfer",
            {"reason": "Wilayah Sulsel", "to_office": "sulsel", "to_unit": "pvl"},
        )
    )
    assert (moved["office"], moved["unit"], moved["assignee"]) == ("sulsel", "pvl", None)
    gone = chief.get(f"/cases/{case_id}")
    assert gone.status_code == 403


def test_an_unknown_assignee_is_refused_with_400(api, received, walk, head_of_unit, outsider):
    case_id = walk(received(), "examination")
    response = api(head_of_unit).post(f"/cases/{case_id}/assign", {"assignee": outsider.username})
    assert (response.status_code, response.json()["code"]) == (400, "unknown_reference")


def test_a_declared_conflict_blocks_the_examiner(api, received, walk, examiner):
    case_id = walk(received(), "examination")
    client = api(examiner)
    declared = ok(client.post(f"/cases/{case_id}/conflicts", {"reason": "Kerabat terlapor"}), 201)
    assert declared["user"] == "pemeriksa"
    refused = client.post(f"/cases/{case_id}/clarifications", {"questions": "?"})
    assert (refused.status_code, refused.json()["code"]) == (403, "not_allowed")
    assert "conflict of interest" in refused.json()["message"]


def test_new_evidence_in_the_response_reopens_the_examination(api, received, walk, examiner):
    case_id = walk(received(), "examination")
    client = api(examiner)
    ok(
        client.post(f"/cases/{case_id}/lahp/draft", {"conclusion": "ditemukan", "findings": "x"}),
        201,
    )
    lahp = ok(
        client.post(
            f"/cases/{case_id}/lahp/response", {"response": "Bukti baru", "new_evidence": True}
        )
    )
    assert lahp["status"] == Lahp.Status.WITHDRAWN
    assert Case.objects.get(pk=case_id).state == "pemeriksaan"


def test_a_response_without_a_draft_is_refused_with_409(api, received, walk, examiner):
    case_id = walk(received(), "examination")
    response = api(examiner).post(f"/cases/{case_id}/lahp/response", {"response": "x"})
    assert (response.status_code, response.json()["code"]) == (409, "wrong_state")


def test_a_wrong_state_transition_is_refused_with_409(api, received, head_of_office):
    case_id = received()
    response = api(head_of_office).post(f"/cases/{case_id}/register", {"unit": "pemeriksaan"})
    assert response.status_code == 409
    assert response.json() == {
        "code": "wrong_state",
        "message": "This cannot be done while the case is received, awaiting formal verification.",
    }
    assert Case.objects.get(pk=case_id).state == "diterima"


def test_a_wrong_role_is_refused_with_403(api, received, walk, examiner):
    case_id = walk(received(), "decision")
    response = api(examiner).post(f"/cases/{case_id}/register", {"unit": "pemeriksaan"})
    assert response.status_code == 403
    assert response.json() == {
        "code": "not_allowed",
        "message": "Your role does not allow this for this case.",
    }
    assert Case.objects.get(pk=case_id).state == "menunggu_pleno"


def test_an_examiner_cannot_finalise_the_lahp(api, received, walk, examiner, agency_tree):
    case_id = walk(received(), "examination")
    client = api(examiner)
    ok(
        client.post(f"/cases/{case_id}/lahp/draft", {"conclusion": "ditemukan", "findings": "x"}),
        201,
    )
    ok(client.post(f"/cases/{case_id}/lahp/response", {"response": "Setuju"}))
    response = client.post(
        f"/cases/{case_id}/lahp/finalise",
        {"corrective_actions": [{"addressee_id": agency_tree["health"].pk, "description": "x"}]},
    )
    assert (response.status_code, response.json()["code"]) == (403, "not_allowed")


def test_transitions_on_a_case_out_of_sight_are_refused_with_403(api, received, outsider):
    case_id = received()
    response = api(outsider).post(f"/cases/{case_id}/withdraw", {"reason": "x"})
    assert (response.status_code, response.json()["code"]) == (403, "not_allowed")
    assert Case.objects.get(pk=case_id).state == "diterima"


def test_a_record_of_another_case_is_not_found(api, received, walk, examiner):
    first = walk(received(), "examination")
    second = walk(received(), "examination")
    client = api(examiner)
    request = ok(client.post(f"/cases/{first}/clarifications", {"questions": "?"}), 201)
    response = client.post(
        f"/cases/{second}/clarifications/{request['id']}/answer", {"answer": "x"}
    )
    assert (response.status_code, response.json()["code"]) == (404, "not_found")
    assert ClarificationRequest.objects.get(pk=request["id"]).status == "menunggu"


def indonesian(message, **params):
    """The message as the Indonesian catalogue has it (checked to differ from the English)."""
    with translation.override("id"):
        text = translation.gettext(message)
    assert text != message, f"no Indonesian translation of {message!r}"
    return text % params if params else text


def test_the_message_is_in_bahasa_indonesia_by_default(api, pvl_assistant, report):
    unauthenticated = api(language=None).get("/cases")
    assert unauthenticated["Content-Language"] == "id"
    assert unauthenticated.json() == {
        "code": "not_authenticated",
        "message": indonesian("Send a valid API token: Authorization: Bearer <token>."),
    }
    refused = api(pvl_assistant, language=None).post("/cases", report(substance="tidak-ada"))
    with translation.override("id"):
        what = str(Substance._meta.verbose_name)
    assert refused.json() == {
        "code": "unknown_reference",
        "message": indonesian("Unknown %(what)s: %(value)s.", what=what, value="tidak-ada"),
    }


def test_the_message_is_in_english_when_asked(api, pvl_assistant, report):
    refused = api(pvl_assistant, language="en").post("/cases", report(substance="tidak-ada"))
    assert refused["Content-Language"] == "en"
    assert refused.json()["message"] == "Unknown substance: tidak-ada."
    unauthenticated = api(language="en").get("/cases")
    assert unauthenticated.json()["message"] == (
        "Send a valid API token: Authorization: Bearer <token>."
    )


def test_a_withdrawal_is_recorded_with_its_actor(api, pvl_assistant, received):
    case_id = received()
    data = ok(api(pvl_assistant).post(f"/cases/{case_id}/withdraw", {"reason": "Sudah selesai"}))
    assert (data["state"], data["closure_reason"]) == ("selesai", "dicabut-pelapor")
    event = AuditEvent.objects.get(action="case.withdrawn")
    assert event.actor == pvl_assistant
