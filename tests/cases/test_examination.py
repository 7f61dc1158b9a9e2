"""Examination: clarification requests, summons, field work, mediation, conflicts, LAHP,
corrective action and recommendations."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from aduan.cases import examination as ex
from aduan.cases.errors import CaseError, NotAllowed, WrongState
from aduan.cases.models import Case, ClarificationRequest, CorrectiveAction, Recommendation
from aduan.core.models import AuditEvent
from aduan.deadlines.models import Deadline
from tests.conftest import receive_deliveries

pytestmark = pytest.mark.django_db


@pytest.fixture
def examined(walk, receive):
    return walk(receive(), "examination")


def test_a_clarification_request_gives_the_terlapor_14_days(examined, examiner):
    request = ex.clarification_request(case=examined, actor=examiner, questions="Dasar pungutan?")
    clock = Deadline.objects.for_subject(request).get()
    assert (request.round, clock.rule.code, clock.days) == (1, "klarifikasi-pertama", 14)
    assert clock.legal_source == "UU 37/2008 Ps.33"


def test_the_answer_stops_the_clock(examined, examiner):
    request = ex.clarification_request(case=examined, actor=examiner, questions="Dasar?")
    ex.clarification_answer(request=request, actor=examiner, answer="Perda 3/2020")
    assert Deadline.objects.for_subject(request).get().state == Deadline.State.MET
    with pytest.raises(WrongState, match="already closed"):
        ex.clarification_answer(request=request, actor=examiner, answer="lagi")


def test_a_second_request_only_after_the_first_went_unanswered(examined, examiner):
    first = ex.clarification_request(case=examined, actor=examiner, questions="Dasar?")
    with pytest.raises(CaseError, match="has not reached the reported party yet"):
        ex.clarification_request(case=examined, actor=examiner, questions="Lagi?")
    receive_deliveries(examined)
    with pytest.raises(CaseError, match="still within its 14 days"):
        ex.clarification_request(case=examined, actor=examiner, questions="Lagi?")
    ex.clarification_expired(request=first)
    Deadline.objects.for_subject(first).update(state=Deadline.State.MISSED)
    second = ex.clarification_request(case=examined, actor=examiner, questions="Lagi?")
    assert second.round == 2
    assert Deadline.objects.for_subject(second).get().rule.code == "klarifikasi-kedua"
    with pytest.raises(CaseError, match="Two clarification requests"):
        ex.clarification_request(case=examined, actor=examiner, questions="Ketiga?")


def test_no_second_request_after_an_answer(examined, examiner):
    first = ex.clarification_request(case=examined, actor=examiner, questions="Dasar?")
    ex.clarification_answer(request=first, actor=examiner, answer="Ada")
    with pytest.raises(CaseError, match="was answered"):
        ex.clarification_request(case=examined, actor=examiner, questions="Lagi?")


def test_only_the_examination_unit_examines(examined, pvl_assistant, outsider):
    for person in (pvl_assistant, outsider):
        with pytest.raises(NotAllowed):
            ex.clarification_request(case=examined, actor=person, questions="x")


def test_three_ignored_summonses_open_the_police_option(examined, examiner):
    for day in (1, 8, 15):
        summons = ex.summons_schedule(
            case=examined,
            actor=examiner,
            person="Kepala Dinas",
            scheduled_for=timezone.now() + dt.timedelta(days=day),
        )
        ex.summons_record(summons=summons, actor=examiner, outcome="tidak_hadir")
    examined.refresh_from_db()
    assert examined.police_assistance_option
    assert AuditEvent.objects.filter(action="case.police_assistance_option").count() == 1


def test_a_summons_outcome_is_recorded_once(examined, examiner):
    summons = ex.summons_schedule(
        case=examined, actor=examiner, person="Kepala Dinas", scheduled_for=timezone.now()
    )
    ex.summons_record(summons=summons, actor=examiner, outcome="hadir")
    with pytest.raises(WrongState):
        ex.summons_record(summons=summons, actor=examiner, outcome="tidak_hadir")


def test_field_investigation_and_mediation_are_recorded(examined, examiner):
    ex.field_investigation_record(
        case=examined,
        actor=examiner,
        held_on=dt.date(2026, 5, 2),
        place="Puskesmas Taman Sari",
        findings="Tarif tidak dipajang",
        unannounced=True,
    )
    ex.mediation_record(
        case=examined,
        actor=examiner,
        kind="mediasi",
        held_on=dt.date(2026, 5, 9),
        parties="Pelapor, Kepala Puskesmas",
        outcome="Sepakat",
        agreement_reached=True,
    )
    assert examined.investigations_done.get().unannounced
    assert examined.mediations.get().agreement_reached


def test_a_declared_conflict_blocks_the_examiner_and_unassigns_them(examined, examiner):
    ex.conflict_declare(case=examined, user=examiner, reason="Kepala puskesmas adalah kakak saya")
    examined.refresh_from_db()
    assert examined.assignee is None
    with pytest.raises(NotAllowed, match="conflict of interest"):
        ex.clarification_request(case=examined, actor=examiner, questions="x")


def test_the_lahp_draft_gives_the_reporter_14_days(examined, examiner):
    lahp = ex.lahp_send_draft(
        case=examined, actor=examiner, conclusion="ditemukan", findings="Terbukti"
    )
    examined.refresh_from_db()
    assert examined.state == Case.State.LAHP_RESPONSE
    assert Deadline.objects.for_subject(lahp).get().rule.code == "tanggapan-lahp"


def test_the_lahp_cannot_be_final_while_the_reporter_may_still_respond(
    walk, receive, head_of_unit, agency_tree
):
    case = walk(receive(), "lahp")
    with pytest.raises(WrongState, match="may respond to the draft until"):
        ex.lahp_finalise(
            case=case,
            actor=head_of_unit,
            corrective_actions=[{"addressee": agency_tree["health"], "description": "x"}],
        )


def test_new_evidence_reopens_the_examination(walk, receive, examiner):
    case = walk(receive(), "lahp")
    lahp = ex.lahp_record_response(
        lahp=case.lahps.get(), response="Ada bukti baru", new_evidence=True
    )
    case.refresh_from_db()
    assert (case.state, lahp.status) == (Case.State.EXAMINATION, "ditarik")


def test_maladministration_found_needs_corrective_actions(walk, receive, examiner, head_of_unit):
    case = walk(receive(), "lahp")
    ex.lahp_record_response(lahp=case.lahps.get(), actor=examiner, response="Setuju")
    with pytest.raises(CaseError, match="list the corrective actions"):
        ex.lahp_finalise(case=case, actor=head_of_unit)


def test_the_final_lahp_starts_a_30_working_day_clock_per_action(walk, receive):
    case = walk(receive(), "monitoring")
    assert case.state == Case.State.MONITORING
    action = case.corrective_actions.get()
    clock = Deadline.objects.for_subject(action).get()
    assert (clock.days, clock.basis) == (30, "working")


def test_an_examiner_cannot_finalise_the_lahp(walk, receive, examiner, agency_tree):
    case = walk(receive(), "lahp")
    ex.lahp_record_response(lahp=case.lahps.get(), actor=examiner, response="Setuju")
    with pytest.raises(NotAllowed):
        ex.lahp_finalise(
            case=case,
            actor=examiner,
            corrective_actions=[{"addressee": agency_tree["health"], "description": "x"}],
        )


def test_no_maladministration_found_closes_the_case(examined, examiner, head_of_unit):
    ex.lahp_send_draft(case=examined, actor=examiner, conclusion="tidak_ditemukan", findings="-")
    ex.lahp_record_response(lahp=examined.lahps.get(), actor=examiner, response="Menerima")
    ex.lahp_finalise(case=examined, actor=head_of_unit)
    examined.refresh_from_db()
    assert examined.state == Case.State.CLOSED
    assert examined.closure_reason.code == "tidak-ditemukan-maladministrasi"


def test_a_done_corrective_action_needs_evidence_and_stops_its_clock(walk, receive, examiner):
    case = walk(receive(), "monitoring")
    action = case.corrective_actions.get()
    with pytest.raises(CaseError, match="evidence"):
        ex.corrective_action_report(action=action, actor=examiner, status="dilaksanakan")
    ex.corrective_action_report(
        action=action, actor=examiner, status="dilaksanakan", evidence="Kuitansi pengembalian"
    )
    action.refresh_from_db()
    assert action.status == CorrectiveAction.Status.DONE
    assert Deadline.objects.for_subject(action).get().state == Deadline.State.MET


def test_a_recommendation_runs_14_days_to_send_then_60_to_report(
    walk, receive, head_of_office, resmon_assistant, agency_tree
):
    examiner = resmon_assistant  # the case is with Resolusi dan Monitoring
    case = walk(receive(), "resmon")
    rec = ex.recommendation_issue(
        case=case,
        actor=head_of_office,
        addressee=agency_tree["city"],
        content="Wali Kota agar memberi sanksi.",
    )
    assert Deadline.objects.for_subject(rec).get().rule.code == "penyampaian-rekomendasi"
    ex.recommendation_sent(recommendation=rec, actor=head_of_office)
    assert Deadline.objects.for_subject(rec).get(state="waiting").delivery.addressee == "atasan"
    receive_deliveries(case)
    open_clock = Deadline.objects.for_subject(rec).get(state="open")
    assert (open_clock.rule.code, open_clock.days) == ("pelaksanaan-rekomendasi", 60)
    with pytest.raises(WrongState, match="already sent"):
        ex.recommendation_sent(recommendation=rec, actor=head_of_office)
    ex.recommendation_outcome(recommendation=rec, actor=examiner, outcome="tidak_dilaksanakan")
    ex.recommendation_escalate(recommendation=rec, actor=head_of_office, kind="dpr")
    rec.refresh_from_db()
    assert rec.outcome == Recommendation.Outcome.NOT_IMPLEMENTED
    assert rec.escalations.get().kind == "dpr"


def test_an_assistant_cannot_issue_a_recommendation(walk, receive, examiner, agency_tree):
    case = walk(receive(), "resmon")
    with pytest.raises(NotAllowed):
        ex.recommendation_issue(
            case=case, actor=examiner, addressee=agency_tree["city"], content="x"
        )


def test_requests_are_refused_outside_examination(walk, receive, examiner):
    case = walk(receive(), "decision")
    with pytest.raises(NotAllowed):
        ex.clarification_request(case=case, actor=examiner, questions="x")
    assert not ClarificationRequest.objects.exists()
