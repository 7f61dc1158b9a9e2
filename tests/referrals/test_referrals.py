"""Referral and coordination ("no wrong door"): out, answered, back on the case; in; copies."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from aduan.cases.errors import CaseError, NotAllowed, WrongState
from aduan.cases.selectors import timeline
from aduan.cases.states import State
from aduan.deadlines.models import Deadline
from aduan.referrals import services as rs
from aduan.referrals.models import Institution, Referral

WIB = ZoneInfo("Asia/Jakarta")


@pytest.fixture
def police(db):
    return Institution.objects.create(
        name="Polda Kepulauan Bangka Belitung",
        kind=Institution.Kind.POLICE,
        email="dumas@polda-babel.example",
    )


@pytest.fixture
def complaint_unit(agency_tree):
    return Institution.objects.create(
        name="Unit Pengaduan Dinas Kesehatan",
        kind=Institution.Kind.AGENCY_UNIT,
        agency=agency_tree["health"],
    )


def _clock(referral):
    return Deadline.objects.for_subject(referral).get()


def test_round_trip_out_receipt_answer_back_on_the_case(
    receive, head_of_unit, pvl_assistant, police
):
    case = receive()
    referral = rs.referral_send(
        case=case,
        institution=police,
        part="Dugaan pungutan liar oleh oknum (bagian pidana).",
        actor=head_of_unit,
        letter_reference="B/123/LM.01/III/2026",
    )
    assert referral.direction == Referral.Direction.OUT
    assert referral.status == Referral.Status.OPEN
    clock = _clock(referral)
    assert clock.rule.code == "tindak-lanjut-limpahan"
    assert clock.case_id == case.pk and clock.state == Deadline.State.OPEN

    rs.referral_receipt(referral=referral, actor=pvl_assistant)
    referral.refresh_from_db()
    assert referral.receipt_received_at is not None

    upload = SimpleUploadedFile("jawaban.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    rs.referral_answer(
        referral=referral,
        actor=pvl_assistant,
        answer="Laporan diterima dan sedang diselidiki (SP2HP terlampir).",
        upload=upload,
    )
    referral.refresh_from_db()
    assert referral.status == Referral.Status.ANSWERED and referral.answered_at
    assert _clock(referral).state == Deadline.State.MET
    assert case.documents.count() == 1

    actions = [event["action"] for event in timeline(case)]
    assert actions.index("case.referral_sent") < actions.index("case.referral_receipt")
    assert actions.index("case.referral_receipt") < actions.index("case.referral_answered")
    answered = next(e for e in timeline(case) if e["action"] == "case.referral_answered")
    assert "SP2HP" in answered["reason"]
    assert answered["description"] == "Answer to a referral recorded"

    rs.referral_close(referral=referral, actor=head_of_unit)
    referral.refresh_from_db()
    assert referral.status == Referral.Status.CLOSED
    case.refresh_from_db()
    assert case.state == State.RECEIVED  # a referral does not move the case


def test_follow_up_clock_skips_nyepi_and_idul_fitri(receive, head_of_unit, police):
    # Monday 16 March 2026; 18–24 March are Nyepi, Idul Fitri and cuti bersama, 3 April is
    # Good Friday. 14 working days from the day after: 17, 25, 26, 27, 30, 31 Mar, 1, 2, 6, 7,
    # 8, 9, 10, 13 Apr. Without the holidays it would have been Friday 3 April.
    sent = dt.datetime(2026, 3, 16, 9, 0, tzinfo=WIB)
    case = receive(received_at=sent - dt.timedelta(hours=1))
    referral = rs.referral_send(
        case=case, institution=police, part="Seluruh laporan.", actor=head_of_unit, sent_at=sent
    )
    clock = _clock(referral)
    assert clock.start_date == dt.date(2026, 3, 16)
    assert clock.days == 14 and clock.basis == "working"
    assert clock.due_date == dt.date(2026, 4, 13)
    assert clock.explanation


def test_send_without_letter_number_records_the_letter_still_to_make(
    receive, head_of_unit, complaint_unit
):
    referral = rs.referral_send(
        case=receive(), institution=complaint_unit, part="Seluruh laporan.", actor=head_of_unit
    )
    assert "Referral letter still to be made" in referral.note


def test_incoming_referral_makes_a_case_with_channel_limpahan(office, head_of_office, police):
    referral = rs.referral_receive(
        office=office,
        institution=police,
        title="Pelayanan SKCK berbelit",
        chronology="Dilimpahkan oleh Polda karena menyangkut pelayanan publik.",
        reporters=[{"name": "Budi Santoso", "phone": "0813"}],
        actor=head_of_office,
        letter_reference="B/77/III/2026",
    )
    case = referral.case
    assert case.channel.code == "limpahan"
    assert case.intake_type.code == "lm"
    assert case.state == State.RECEIVED
    assert case.chronology.startswith("Dilimpahkan")
    assert referral.direction == Referral.Direction.IN
    assert referral.status == Referral.Status.OPEN
    actions = [event["action"] for event in timeline(case)]
    assert "case.received" in actions and "case.referral_received" in actions


def test_incoming_referral_retry_with_key_is_one_case(office, police):
    kwargs = dict(
        office=office,
        institution=police,
        title="Pelayanan SKCK berbelit",
        chronology="Dilimpahkan.",
        reporters=[{"name": "Budi Santoso"}],
        key="B/77/III/2026",
    )
    first = rs.referral_receive(**kwargs)
    again = rs.referral_receive(**kwargs)
    assert first.pk == again.pk
    assert Referral.objects.count() == 1


def test_a_copy_is_filed_not_counted(office, pvl_assistant, complaint_unit):
    referral = rs.referral_receive(
        office=office,
        institution=complaint_unit,
        title="Tembusan: pengaduan kepada Wali Kota",
        chronology="Tembusan surat pengaduan warga.",
        reporters=[{"name": "Rina"}],
        actor=pvl_assistant,
        copy=True,
    )
    case = referral.case
    assert case.intake_type.code == "tembusan"
    assert case.state == State.CLOSED and case.closed_at is not None
    assert case.channel.code == "limpahan"
    assert referral.status == Referral.Status.CLOSED
    assert not Deadline.objects.open().filter(case=case).exists()


def test_assistant_may_not_send(receive, pvl_assistant, police):
    with pytest.raises(NotAllowed):
        rs.referral_send(case=receive(), institution=police, part="Semua.", actor=pvl_assistant)
    assert not Referral.objects.exists()


def test_other_office_is_refused(receive, head_of_unit, outsider, other_office, police):
    from aduan.directory.models import Unit, User

    other_head = User.objects.create(
        username="kakeas-sulsel",
        role=User.Role.KEPALA_KEASISTENAN,
        office=other_office,
        unit=Unit.objects.get(office=other_office, code="pvl"),
        is_staff=True,
    )
    case = receive()
    with pytest.raises(NotAllowed):
        rs.referral_send(case=case, institution=police, part="Semua.", actor=other_head)
    referral = rs.referral_send(case=case, institution=police, part="Semua.", actor=head_of_unit)
    with pytest.raises(NotAllowed):
        rs.referral_receipt(referral=referral, actor=outsider)
    with pytest.raises(NotAllowed):
        rs.referral_answer(referral=referral, actor=outsider, answer="Selesai.")


def test_answering_a_closed_referral_is_refused(receive, head_of_unit, pvl_assistant, police):
    referral = rs.referral_send(
        case=receive(), institution=police, part="Semua.", actor=head_of_unit
    )
    with pytest.raises(CaseError):
        rs.referral_close(referral=referral, actor=head_of_unit)  # no reason, no answer
    rs.referral_close(referral=referral, actor=head_of_unit, reason="Ditangani sendiri.")
    assert _clock(referral).state == Deadline.State.CANCELLED
    with pytest.raises(WrongState):
        rs.referral_answer(referral=referral, actor=pvl_assistant, answer="Terlambat.")
    with pytest.raises(WrongState):
        rs.referral_receipt(referral=referral, actor=pvl_assistant)


def test_closed_case_is_not_referred(office, pvl_assistant, head_of_unit, police):
    copy = rs.referral_receive(
        office=office,
        institution=police,
        title="Tembusan",
        chronology="Tembusan.",
        reporters=[{"name": "Rina"}],
        copy=True,
    ).case
    with pytest.raises(WrongState):
        rs.referral_send(case=copy, institution=police, part="Semua.", actor=head_of_unit)


def test_empty_part_and_answer_are_refused(receive, head_of_unit, pvl_assistant, police):
    case = receive()
    with pytest.raises(CaseError):
        rs.referral_send(case=case, institution=police, part="  ", actor=head_of_unit)
    referral = rs.referral_send(case=case, institution=police, part="Semua.", actor=head_of_unit)
    with pytest.raises(CaseError):
        rs.referral_answer(referral=referral, actor=pvl_assistant, answer="")
