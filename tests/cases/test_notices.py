"""The written notices counted from signing: Ps.36(2) (14 days, reporter and reported party:
rejection, LAHP finding no maladministration, settlement by mediation) and Ps.27 (7 days, the
reporter, possibly naming the competent body; a referral through the referral service)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from aduan.cases import examination as ex
from aduan.cases import services as sv
from aduan.cases.errors import CaseError, WrongState
from aduan.deadlines.models import Deadline
from aduan.deadlines.workdays import local_date
from aduan.referrals.models import Institution, Referral

NOTICE = "pemberitahuan-penolakan"


def _not_found(walk, receive, examiner, head_of_unit, **finalise):
    case = walk(receive(), "examination")
    lahp = ex.lahp_send_draft(
        case=case, actor=examiner, conclusion="tidak_ditemukan", findings="Tidak terbukti."
    )
    ex.lahp_record_response(lahp=lahp, actor=examiner, response="Pelapor menerima.")
    ex.lahp_finalise(case=case, actor=head_of_unit, **finalise)
    case.refresh_from_db()
    return case


def test_a_lahp_finding_no_maladministration_starts_the_14_days_from_signing(
    walk, receive, examiner, head_of_unit
):
    signed = timezone.now() - dt.timedelta(days=3)
    case = _not_found(walk, receive, examiner, head_of_unit, signed_at=signed)
    clock = Deadline.objects.open().get(case=case, rule__code=NOTICE)
    assert clock.start_date == local_date(signed, case.office)
    assert clock.due_date == clock.start_date + dt.timedelta(days=14)


def test_a_signing_date_to_come_is_refused(walk, receive, examiner, head_of_unit):
    with pytest.raises(CaseError, match="still to come"):
        _not_found(
            walk,
            receive,
            examiner,
            head_of_unit,
            signed_at=timezone.now() + dt.timedelta(days=2),
        )


def test_both_addressees_must_be_told_before_the_clock_stops(
    walk, receive, examiner, head_of_unit, pvl_assistant
):
    case = _not_found(walk, receive, examiner, head_of_unit)
    sv.case_record_notice(case=case, actor=pvl_assistant, rule=NOTICE, addressees=["pelapor"])
    assert Deadline.objects.get(case=case, rule__code=NOTICE).state == Deadline.State.OPEN
    with pytest.raises(WrongState, match="to the reporter is already recorded"):
        sv.case_record_notice(case=case, actor=pvl_assistant, rule=NOTICE, addressees=["pelapor"])
    sv.case_record_notice(case=case, actor=pvl_assistant, rule=NOTICE, addressees=["terlapor"])
    assert Deadline.objects.get(case=case, rule__code=NOTICE).state == Deadline.State.MET
    with pytest.raises(WrongState, match="No notice"):
        sv.case_record_notice(case=case, actor=pvl_assistant, rule=NOTICE)


def test_the_not_within_authority_notice_goes_to_the_reporter_only(
    walk, receive, head_of_office, pvl_assistant
):
    case = sv.case_not_within_authority(case=walk(receive(), "decision"), actor=head_of_office)
    with pytest.raises(CaseError, match="goes to the reporter only"):
        sv.case_record_notice(
            case=case,
            actor=pvl_assistant,
            rule="pemberitahuan-bukan-kewenangan",
            addressees=["terlapor"],
        )


def test_a_settlement_by_mediation_starts_the_notice(walk, receive, examiner, head_of_unit):
    case = walk(receive(), "examination")
    ex.mediation_record(
        case=case,
        actor=examiner,
        kind="mediasi",
        held_on=local_date(timezone.now(), case.office),
        parties="Pelapor dan Kepala Dinas",
        outcome="Pungutan dikembalikan.",
        agreement_reached=True,
    )
    signed = timezone.now() - dt.timedelta(days=1)
    case = sv.case_close(
        case=case,
        actor=head_of_unit,
        closure_mode="mediasi-konsiliasi",
        closure_reason="hak-pelapor-dipulihkan",
        signed_at=signed,
    )
    clock = Deadline.objects.open().get(case=case, rule__code=NOTICE)
    assert clock.start_date == local_date(signed, case.office)


def test_a_closure_without_a_settlement_starts_no_notice(walk, receive, head_of_unit):
    case = sv.case_close(
        case=walk(receive(), "examination"),
        actor=head_of_unit,
        closure_mode="klarifikasi-tertulis",
        closure_reason="hak-pelapor-dipulihkan",
    )
    assert not Deadline.objects.filter(case=case, rule__code=NOTICE).exists()


def test_a_stopped_examination_settled_by_mediation_starts_the_notice(
    walk, receive, examiner, head_of_unit
):
    case = walk(receive(), "examination")
    lahp = ex.lahp_send_draft(
        case=case, actor=examiner, conclusion="dihentikan", findings="Para pihak berdamai."
    )
    ex.lahp_record_response(lahp=lahp, actor=examiner, response="Setuju.")
    ex.lahp_finalise(case=case, actor=head_of_unit, closure_mode="mediasi-konsiliasi")
    assert Deadline.objects.open().filter(case=case, rule__code=NOTICE).exists()


# --- Ps.27
@pytest.fixture
def police(db):
    return Institution.objects.create(name="Polres Pangkalpinang", kind="kepolisian")


def test_not_within_authority_counts_7_days_from_signing(walk, receive, head_of_office):
    signed = timezone.now() - dt.timedelta(days=2)
    case = sv.case_not_within_authority(
        case=walk(receive(), "decision"), actor=head_of_office, signed_at=signed
    )
    clock = Deadline.objects.open().get(case=case, rule__code="pemberitahuan-bukan-kewenangan")
    assert clock.start_date == local_date(signed, case.office)
    assert clock.due_date == clock.start_date + dt.timedelta(days=7)


def test_a_referral_goes_through_the_referral_service(walk, receive, head_of_office, police):
    case = sv.case_not_within_authority(
        case=walk(receive(), "decision"),
        actor=head_of_office,
        refer_to=police,
        referral_part="Dugaan tindak pidana pungutan liar.",
    )
    referral = Referral.objects.get(case=case)
    assert (referral.institution, referral.direction, referral.status) == (
        police,
        "keluar",
        "terbuka",
    )
    assert Deadline.objects.open().for_subject(referral).get().rule.code == "tindak-lanjut-limpahan"
    assert case.referred_to == "Polres Pangkalpinang"  # named in the notice too
    assert case.state == "selesai"


def test_a_confidential_reporter_must_consent_before_a_referral(
    walk, receive, head_of_office, pvl_assistant, police
):
    case = walk(receive(confidential=True), "decision")
    with pytest.raises(CaseError, match=r"consent .*UU 37/2008 Ps\.24\(2\)"):
        sv.case_not_within_authority(case=case, actor=head_of_office, refer_to=police)
    case.refresh_from_db()
    assert case.state == "menunggu_pleno"
    assert not Referral.objects.exists()
    with pytest.raises(CaseError, match="consent"):
        sv.case_record_referral_consent(case=case, actor=pvl_assistant, note=" ")
    case = sv.case_record_referral_consent(
        case=case, actor=pvl_assistant, note="Pelapor setuju lewat telepon, 3 Desember."
    )
    assert case.referral_consent_at is not None
    with pytest.raises(WrongState, match="already recorded"):
        sv.case_record_referral_consent(case=case, actor=pvl_assistant, note="Lagi.")


def test_consent_is_asked_only_of_a_confidential_reporter(walk, receive, pvl_assistant):
    with pytest.raises(CaseError, match="kept secret"):
        sv.case_record_referral_consent(
            case=walk(receive(), "decision"), actor=pvl_assistant, note="Setuju."
        )
