"""The registration decision (pleno): register, reject, not within authority."""

from __future__ import annotations

import pytest

from aduan.cases import services as sv
from aduan.cases.errors import CaseError, NotAllowed, WrongState
from aduan.cases.models import Case
from aduan.deadlines.models import Deadline

pytestmark = pytest.mark.django_db


def test_the_head_of_office_registers_it_for_an_examination_unit(walk, receive, office, examiner):
    case = walk(receive(), "examination")
    assert case.state == Case.State.EXAMINATION
    assert case.unit.kind == "pemeriksaan"
    assert case.assignee == examiner


def test_registration_needs_an_examination_unit(walk, receive, office, head_of_office):
    case = walk(receive(), "decision")
    with pytest.raises(CaseError, match="examination unit"):
        sv.case_register(case=case, actor=head_of_office, unit=office.units.get(code="pvl"))


def test_an_assistant_cannot_decide(walk, receive, office, pvl_assistant):
    case = walk(receive(), "decision")
    with pytest.raises(NotAllowed):
        sv.case_register(case=case, actor=pvl_assistant, unit=office.units.get(code="pemeriksaan"))


def test_a_decision_needs_a_verified_report(receive, office, head_of_office):
    with pytest.raises(WrongState):
        sv.case_register(
            case=receive(), actor=head_of_office, unit=office.units.get(code="pemeriksaan")
        )


def test_a_rejection_cites_ps36_and_starts_the_14_day_notice(
    walk, receive, head_of_office, pvl_assistant
):
    case = sv.case_reject(
        case=walk(receive(), "decision"),
        actor=head_of_office,
        reason="b-proses-peradilan",
        note="Perkara sedang disidangkan",
    )
    assert case.state == Case.State.CLOSED
    assert case.rejection_reason.legal_basis == "UU 37/2008 Ps.36(1) huruf b"
    notice = Deadline.objects.get(case=case, state="open")
    assert (notice.rule.code, notice.days) == ("pemberitahuan-penolakan", 14)
    sv.case_record_notice(case=case, actor=pvl_assistant, rule="pemberitahuan-penolakan")
    notice.refresh_from_db()
    assert notice.state == Deadline.State.MET


def test_not_within_authority_starts_the_7_day_notice_naming_the_competent_body(
    walk, receive, head_of_office
):
    case = sv.case_not_within_authority(
        case=walk(receive(), "decision"),
        actor=head_of_office,
        competent_body="Komisi Informasi Provinsi",
    )
    assert case.closure_mode.code == "bukan-kewenangan"
    assert case.referred_to == "Komisi Informasi Provinsi"
    assert Deadline.objects.get(case=case, state="open").days == 7


def test_a_notice_cannot_be_recorded_twice(walk, receive, head_of_office, pvl_assistant):
    case = sv.case_not_within_authority(case=walk(receive(), "decision"), actor=head_of_office)
    sv.case_record_notice(case=case, actor=pvl_assistant, rule="pemberitahuan-bukan-kewenangan")
    with pytest.raises(WrongState, match="No notice"):
        sv.case_record_notice(case=case, actor=pvl_assistant, rule="pemberitahuan-bukan-kewenangan")


def test_an_unknown_rejection_reason_is_refused(walk, receive, head_of_office):
    case = walk(receive(), "decision")
    with pytest.raises(CaseError, match="Unknown rejection reason"):
        sv.case_reject(case=case, actor=head_of_office, reason="z-bosan")
    case.refresh_from_db()
    assert case.state == Case.State.AWAITING_DECISION


def test_a_rapid_response_is_escalated_to_examination(receive, office, head_of_office):
    case = sv.case_escalate_rco(
        case=receive(intake_type="rco"),
        actor=head_of_office,
        unit=office.units.get(code="pemeriksaan"),
        reason="Tidak selesai",
    )
    assert case.state == Case.State.EXAMINATION
    assert Deadline.objects.get(case=case, rule__code="rco-penanganan").state == "met"
