"""Closing, withdrawing, reopening, assigning and transferring a case."""

from __future__ import annotations

import pytest

from aduan.cases import services as sv
from aduan.cases.errors import CaseError, NotAllowed, WrongState
from aduan.cases.models import Case
from aduan.deadlines.models import Deadline

pytestmark = pytest.mark.django_db


def test_closing_records_mode_and_reason_and_stops_the_clocks(walk, receive, head_of_unit):
    case = walk(receive(), "monitoring")
    with pytest.raises(CaseError, match="still open"):
        sv.case_close(
            case=case,
            actor=head_of_unit,
            closure_mode="klarifikasi-tertulis",
            closure_reason="tindakan-korektif-dilaksanakan",
        )
    case = sv.case_close(
        case=case,
        actor=head_of_unit,
        closure_mode="klarifikasi-tertulis",
        closure_reason="hak-pelapor-dipulihkan",
        note="Pungutan dikembalikan",
    )
    assert case.state == Case.State.CLOSED
    assert not Deadline.objects.open().filter(case=case).exists()


def test_a_report_in_verification_is_not_closed_but_decided(receive, head_of_unit):
    with pytest.raises(WrongState):
        sv.case_close(
            case=receive(),
            actor=head_of_unit,
            closure_mode="klarifikasi-lisan",
            closure_reason="hak-pelapor-dipulihkan",
        )


def test_an_assistant_cannot_close(walk, receive, examiner):
    with pytest.raises(NotAllowed):
        sv.case_close(
            case=walk(receive(), "examination"),
            actor=examiner,
            closure_mode="klarifikasi-lisan",
            closure_reason="hak-pelapor-dipulihkan",
        )


def test_the_reporter_may_withdraw_at_any_stage_before_the_final_lahp(walk, receive):
    for stage in ("material", "examination", "lahp"):
        case = sv.case_withdraw(case=walk(receive(), stage), reason="Sudah diselesaikan")
        assert case.closure_mode.code == "dicabut"
        assert not Deadline.objects.open().filter(case=case).exists()


def test_a_closed_case_cannot_be_withdrawn(receive):
    case = sv.case_withdraw(case=receive())
    with pytest.raises(WrongState, match="already closed"):
        sv.case_withdraw(case=case)


def test_reopening_needs_a_reason_and_returns_to_examination(walk, receive, head_of_unit):
    case = sv.case_withdraw(case=walk(receive(), "examination"))
    with pytest.raises(CaseError, match="why"):
        sv.case_reopen(case=case, actor=head_of_unit, reason=" ")
    case = sv.case_reopen(case=case, actor=head_of_unit, reason="Pelapor membatalkan pencabutan")
    assert case.state == Case.State.EXAMINATION
    assert case.closure_mode is None


def test_a_report_never_registered_reopens_to_verification(receive, head_of_unit):
    case = sv.case_reopen(case=sv.case_withdraw(case=receive()), actor=head_of_unit, reason="x")
    assert case.state == Case.State.RECEIVED


def test_assignment_stays_within_the_unit(walk, receive, head_of_unit, pvl_assistant, examiner):
    case = walk(receive(), "examination")
    with pytest.raises(CaseError, match="unit holding the case"):
        sv.case_assign(case=case, actor=head_of_unit, assignee=pvl_assistant)
    assert sv.case_assign(case=case, actor=head_of_unit, assignee=None).assignee is None
    assert sv.case_assign(case=case, actor=head_of_unit, assignee=examiner).assignee == examiner


def test_a_transfer_to_another_office_takes_history_and_clocks(
    walk, receive, head_of_office, other_office
):
    case = walk(receive(), "examination")
    from aduan.cases import examination as ex

    request = ex.clarification_request(case=case, actor=case.assignee, questions="x")
    case = sv.case_transfer(
        case=case,
        actor=head_of_office,
        to_office=other_office,
        reason="Terlapor berada di Sulawesi Selatan",
    )
    assert case.office == other_office
    assert case.transitions.count() >= 4
    assert Deadline.objects.for_subject(request).get().office == other_office
    assert case.transfers.get().from_office.code == "babel"


def test_a_clock_moved_to_another_office_follows_its_closures(
    walk, receive, head_of_office, other_office, administrator
):
    import datetime as dt

    from aduan.deadlines.services import closure_add

    case = walk(receive(), "monitoring")
    clock = Deadline.objects.open().get(case=case)
    closure_add(
        actor=administrator,
        office=other_office,
        start_date=clock.start_date + dt.timedelta(days=1),
        end_date=clock.start_date + dt.timedelta(days=10),
        kind="libur_daerah",
        reason="Libur daerah Sulawesi Selatan",
    )
    sv.case_transfer(case=case, actor=head_of_office, to_office=other_office, reason="Wilayah")
    moved = Deadline.objects.get(pk=clock.pk)
    assert moved.office == other_office
    assert moved.due_date > clock.due_date


def test_a_transfer_needs_a_reason(walk, receive, head_of_office, office):
    case = walk(receive(), "examination")
    with pytest.raises(CaseError, match="why"):
        sv.case_transfer(
            case=case, actor=head_of_office, to_unit=office.units.get(code="resmon"), reason=""
        )
