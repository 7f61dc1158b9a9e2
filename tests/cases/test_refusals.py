"""Refusals not covered elsewhere: each transition refuses the wrong state, the wrong role and
missing data with a clear domain error, and leaves the case as it was."""

from __future__ import annotations

import datetime as dt

import pytest

from aduan.cases import examination as ex
from aduan.cases import services as sv
from aduan.cases.errors import CaseError, NotAllowed, WrongState
from aduan.cases.models import Case

pytestmark = pytest.mark.django_db


def test_completing_needs_a_request_to_complete(receive):
    with pytest.raises(WrongState):
        sv.case_complete(case=receive())


def test_only_a_consultation_is_converted(receive, pvl_assistant):
    with pytest.raises(WrongState, match="Only a consultation"):
        sv.knl_convert(case=receive(), actor=pvl_assistant)


def test_advice_must_be_written(receive, pvl_assistant):
    with pytest.raises(CaseError, match="advice"):
        sv.knl_answer(case=receive(intake_type="knl"), actor=pvl_assistant, advice=" ")


def test_an_unknown_notice_is_refused(receive, pvl_assistant):
    with pytest.raises(CaseError, match="Unknown notice"):
        sv.case_record_notice(case=receive(), actor=pvl_assistant, rule="pemberitahuan-apa")


def test_only_a_rapid_response_is_escalated(receive, office, head_of_office, pvl_assistant):
    with pytest.raises(WrongState):
        sv.case_escalate_rco(
            case=receive(),
            actor=head_of_office,
            unit=office.units.get(code="pemeriksaan"),
            reason="x",
        )
    with pytest.raises(NotAllowed):
        sv.case_escalate_rco(
            case=receive(intake_type="rco"),
            actor=pvl_assistant,
            unit=office.units.get(code="pemeriksaan"),
            reason="x",
        )


def test_an_iaps_needs_an_examination_unit_of_the_office(office, other_office, head_of_office):
    with pytest.raises(CaseError, match="examination unit"):
        sv.case_open_iaps(
            office=office, actor=head_of_office, title="x", unit=office.units.get(code="pvl")
        )
    with pytest.raises(NotAllowed):
        sv.case_open_iaps(
            office=other_office,
            actor=head_of_office,
            title="x",
            unit=other_office.units.get(code="pvl"),
        )


def test_an_iaps_has_no_reporter_to_withdraw_it(office, head_of_office):
    iaps = sv.case_open_iaps(
        office=office,
        actor=head_of_office,
        title="Pemadaman",
        unit=office.units.get(code="pemeriksaan"),
    )
    with pytest.raises(WrongState, match="no reporter"):
        sv.case_withdraw(case=iaps)


def test_a_copy_or_consultation_is_not_reopened(receive, head_of_unit):
    with pytest.raises(WrongState, match="not reopened"):
        sv.case_reopen(case=receive(intake_type="tembusan"), actor=head_of_unit, reason="x")


def test_an_open_case_is_not_reopened(receive, head_of_unit):
    with pytest.raises(WrongState):
        sv.case_reopen(case=receive(), actor=head_of_unit, reason="x")


def test_a_closed_case_is_neither_assigned_nor_transferred(receive, head_of_unit, examiner):
    case = sv.case_withdraw(case=receive())
    with pytest.raises(WrongState):
        sv.case_assign(case=case, actor=head_of_unit, assignee=examiner)
    with pytest.raises(WrongState):
        sv.case_transfer(case=case, actor=head_of_unit, reason="x")


def test_an_assistant_does_not_transfer(walk, receive, examiner, office):
    with pytest.raises(NotAllowed):
        sv.case_transfer(
            case=walk(receive(), "examination"),
            actor=examiner,
            to_unit=office.units.get(code="resmon"),
            reason="x",
        )


def test_a_conflicted_person_cannot_be_assigned(walk, receive, head_of_unit, examiner):
    case = walk(receive(), "examination")
    ex.conflict_declare(case=case, user=examiner, reason="Saudara")
    with pytest.raises(CaseError, match="conflict of interest"):
        sv.case_assign(case=case, actor=head_of_unit, assignee=examiner)
    with pytest.raises(CaseError, match="already declared"):
        ex.conflict_declare(case=case, user=examiner, reason="lagi")


@pytest.fixture
def examined(walk, receive):
    return walk(receive(), "examination")


def test_examination_records_need_their_content(examined, examiner):
    with pytest.raises(CaseError, match="questions"):
        ex.clarification_request(case=examined, actor=examiner, questions="")
    with pytest.raises(CaseError, match="Name the person"):
        ex.summons_schedule(
            case=examined,
            actor=examiner,
            person=" ",
            scheduled_for=dt.datetime(2026, 5, 1, tzinfo=dt.UTC),
        )
    with pytest.raises(CaseError, match="what the investigation found"):
        ex.field_investigation_record(
            case=examined, actor=examiner, held_on=dt.date(2026, 5, 1), place="x", findings=""
        )
    with pytest.raises(CaseError, match="mediation or conciliation"):
        ex.mediation_record(
            case=examined,
            actor=examiner,
            kind="arbitrase",
            held_on=dt.date(2026, 5, 1),
            parties="x",
            outcome="x",
            agreement_reached=False,
        )
    with pytest.raises(CaseError, match="conclusion"):
        ex.lahp_send_draft(case=examined, actor=examiner, conclusion="mungkin", findings="x")


def test_a_summons_outcome_must_be_attended_excused_or_not_attended(examined, examiner):
    summons = ex.summons_schedule(
        case=examined,
        actor=examiner,
        person="Kepala Dinas",
        scheduled_for=dt.datetime(2026, 5, 1, tzinfo=dt.UTC),
    )
    with pytest.raises(CaseError, match="attended, was absent with a lawful excuse"):
        ex.summons_record(summons=summons, actor=examiner, outcome="dijadwalkan")


def test_a_clarification_needs_a_reported_party(walk, receive, examiner):
    case = walk(receive(agency=None), "examination")
    with pytest.raises(CaseError, match="no reported party"):
        ex.clarification_request(case=case, actor=examiner, questions="x")


def test_a_response_to_the_draft_is_taken_once(walk, receive, examiner):
    case = walk(receive(), "lahp")
    lahp = case.lahps.get()
    ex.lahp_record_response(lahp=lahp, actor=examiner, response="Setuju")
    with pytest.raises(CaseError, match="response"):
        ex.lahp_record_response(lahp=lahp, actor=examiner, response=" ")


def test_corrective_actions_follow_only_from_maladministration(
    examined, examiner, head_of_unit, agency_tree
):
    ex.lahp_send_draft(case=examined, actor=examiner, conclusion="tidak_ditemukan", findings="-")
    ex.lahp_record_response(lahp=examined.lahps.get(), actor=examiner, response="Menerima")
    with pytest.raises(CaseError, match="only from maladministration found"):
        ex.lahp_finalise(
            case=examined,
            actor=head_of_unit,
            corrective_actions=[{"addressee": agency_tree["city"], "description": "x"}],
        )


def test_a_stopped_examination_says_how_it_ended(examined, examiner, head_of_unit):
    ex.lahp_send_draft(case=examined, actor=examiner, conclusion="dihentikan", findings="-")
    ex.lahp_record_response(lahp=examined.lahps.get(), actor=examiner, response="-")
    with pytest.raises(CaseError, match="closure mode"):
        ex.lahp_finalise(case=examined, actor=head_of_unit)
    ex.lahp_finalise(case=examined, actor=head_of_unit, closure_mode="mediasi-konsiliasi")
    examined.refresh_from_db()
    assert (examined.state, examined.closure_reason.code) == (
        Case.State.CLOSED,
        "pemeriksaan-dihentikan",
    )


def test_each_corrective_action_needs_an_addressee_and_a_description(
    walk, receive, examiner, head_of_unit
):
    case = walk(receive(), "lahp")
    ex.lahp_record_response(lahp=case.lahps.get(), actor=examiner, response="Setuju")
    with pytest.raises(CaseError, match="addressee and a description"):
        ex.lahp_finalise(
            case=case,
            actor=head_of_unit,
            corrective_actions=[{"addressee": None, "description": "x"}],
        )


def test_a_corrective_action_status_must_be_known(walk, receive, examiner):
    case = walk(receive(), "monitoring")
    with pytest.raises(CaseError, match="done, partly done or not done"):
        ex.corrective_action_report(
            action=case.corrective_actions.get(), actor=examiner, status="terbuka"
        )


def test_a_recommendation_outcome_needs_it_sent_first(
    walk, receive, head_of_office, resmon_assistant, agency_tree
):
    examiner = resmon_assistant  # the case is with Resolusi dan Monitoring
    case = walk(receive(), "resmon")
    rec = ex.recommendation_issue(
        case=case, actor=head_of_office, addressee=agency_tree["city"], content="Sanksi"
    )
    with pytest.raises(WrongState, match="was sent"):
        ex.recommendation_outcome(recommendation=rec, actor=examiner, outcome="dilaksanakan")
    ex.recommendation_sent(recommendation=rec, actor=head_of_office)
    with pytest.raises(CaseError, match="Choose implemented"):
        ex.recommendation_outcome(recommendation=rec, actor=examiner, outcome="entah")
    ex.recommendation_outcome(recommendation=rec, actor=examiner, outcome="dilaksanakan")
    with pytest.raises(WrongState, match="nothing to escalate"):
        ex.recommendation_escalate(recommendation=rec, actor=head_of_office, kind="publikasi")
    with pytest.raises(CaseError, match="Choose publication"):
        ex.recommendation_escalate(recommendation=rec, actor=head_of_office, kind="koran")


def test_a_recommendation_needs_monitoring_first(examined, head_of_office, agency_tree):
    with pytest.raises(WrongState):
        ex.recommendation_issue(
            case=examined, actor=head_of_office, addressee=agency_tree["city"], content="x"
        )


def test_the_same_intake_key_at_another_office_is_another_report(receive, other_office):
    first = receive(intake_key="wa:1")
    second = receive(intake_key="wa:1", office=other_office)
    assert first.pk != second.pk
    assert second.office == other_office


def test_reporter_details_are_validated(receive):
    with pytest.raises(CaseError, match="not valid: kind"):
        receive(reporters=[{"name": "Siti", "kind": "alien"}])
    with pytest.raises(CaseError, match="not valid: name"):
        receive(reporters=[{"name": "S" * 300}])


def test_escalation_waits_for_a_report_or_the_60_days(walk, receive, head_of_office, agency_tree):
    case = walk(receive(), "resmon")
    rec = ex.recommendation_issue(
        case=case, actor=head_of_office, addressee=agency_tree["city"], content="Sanksi"
    )
    with pytest.raises(WrongState, match="Escalate only once"):
        ex.recommendation_escalate(recommendation=rec, actor=head_of_office, kind="publikasi")


def test_an_outsider_cannot_declare_a_conflict_on_a_case_they_cannot_see(examined, outsider):
    with pytest.raises(NotAllowed):
        ex.conflict_declare(case=examined, user=outsider, reason="x")


def test_answers_and_summons_outcomes_only_during_examination(examined, examiner, head_of_unit):
    request = ex.clarification_request(case=examined, actor=examiner, questions="Dasar?")
    summons = ex.summons_schedule(
        case=examined,
        actor=examiner,
        person="Kepala Dinas",
        scheduled_for=dt.datetime(2026, 5, 1, tzinfo=dt.UTC),
    )
    sv.case_withdraw(case=examined)
    with pytest.raises((WrongState, NotAllowed)):
        ex.clarification_answer(request=request, actor=examiner, answer="x")
    with pytest.raises((WrongState, NotAllowed)):
        ex.summons_record(summons=summons, actor=examiner, outcome="hadir")


def test_a_reference_made_of_digits_is_found_as_a_reference(receive, office, pvl_assistant):
    from aduan.cases.selectors import case_for_user

    office.reference_format = "{year}{seq:04d}"
    office.save()
    case = receive()
    assert case_for_user(pvl_assistant, case.reference) == case
    with pytest.raises(NotAllowed):
        case_for_user(pvl_assistant, "²")


def test_two_years_are_counted_back_from_receipt_and_29_february_is_handled():
    from aduan.cases.services import two_years_before

    assert two_years_before(dt.date(2026, 3, 16)) == dt.date(2024, 3, 16)
    assert two_years_before(dt.date(2028, 2, 29)) == dt.date(2026, 2, 28)


def test_an_event_within_two_years_of_receipt_passes_even_if_verified_later(
    receive, walk, pvl_assistant
):
    from tests.cases.conftest import MATERIAL_OK

    received = dt.datetime(2026, 3, 1, 3, tzinfo=dt.UTC)
    case = walk(receive(event_date=dt.date(2024, 3, 10), received_at=received), "material")
    case = sv.case_verify_material(case=case, actor=pvl_assistant, items=MATERIAL_OK)
    assert case.state == Case.State.AWAITING_DECISION


def test_a_late_notice_is_recorded_once_and_the_clock_stays_missed(
    walk, receive, head_of_office, pvl_assistant
):
    from django.utils import timezone

    from aduan.cases.sweeper import sweep
    from aduan.core.models import AuditEvent
    from aduan.deadlines.models import Deadline

    case = sv.case_reject(
        case=walk(receive(), "decision"), actor=head_of_office, reason="a-belum-disampaikan"
    )
    sweep(now=timezone.now() + dt.timedelta(days=20), reminders=False)
    sv.case_record_notice(case=case, actor=pvl_assistant, rule="pemberitahuan-penolakan")
    assert sorted(
        (e.new["addressee"], e.new["late"])
        for e in AuditEvent.objects.filter(action="case.notice_sent")
    ) == [("pelapor", True), ("terlapor", True)]
    assert Deadline.objects.get(case=case, rule__code="pemberitahuan-penolakan").state == "missed"
    with pytest.raises(WrongState, match="No notice"):
        sv.case_record_notice(case=case, actor=pvl_assistant, rule="pemberitahuan-penolakan")
