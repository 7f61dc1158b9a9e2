"""UU 25/2009 beside SP4N-LAPOR! in an agency complaint unit (issue 14 §5, decision 0018): each
statutory period is its own clock, saying whose period it is; where a UU 25 clock and an SP4N
clock count the same thing, the earlier due date binds and both clocks say so. Dates across Idul
Fitri 2026: Nyepi Thursday 19 March, Idul Fitri Saturday-Sunday 21-22 March, cuti bersama on
Wednesday 18, Friday 20, Monday 23 and Tuesday 24 March (deadlines.workdays, from the holidays
data)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import formats

from aduan.cases import selectors
from aduan.cases import services as sv
from aduan.cases.errors import CaseError, NotInWorkflow, WrongState
from aduan.cases.sweeper import sweep
from aduan.deadlines.models import Deadline
from aduan.sp4n import binding
from aduan.sp4n.services import (
    sp4n_decision_recorded,
    sp4n_followup_answered,
    sp4n_forward,
    sp4n_request_completion,
)

pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Jakarta")
MONDAY_BEFORE_IDUL_FITRI = dt.datetime(2026, 3, 16, 9, 0, tzinfo=WIB)
TUESDAY_BEFORE_IDUL_FITRI = dt.datetime(2026, 3, 17, 9, 0, tzinfo=WIB)


def _open(case, code):
    return Deadline.objects.get(case=case, rule__code=code, state=Deadline.State.OPEN)


def _day(value: dt.date) -> str:
    return formats.date_format(value, "l, j F Y")


def _row(case, code):
    return next(row for row in selectors.clocks(case) if row["rule"] == code)


@pytest.fixture
def received(report):
    return report(received_at=MONDAY_BEFORE_IDUL_FITRI)


def test_receipt_starts_the_providers_14_days_to_answer_beside_sp4ns_3_working_days(received):
    statute = _open(received, "uu25-tanggapan-pengaduan")
    assert (statute.days, statute.basis, statute.legal_source) == (
        14,
        "calendar",
        "UU 25/2009 Ps.44(3)",
    )
    assert statute.rule.party == "penyelenggara"
    assert statute.due_date == dt.date(2026, 3, 30)
    verification = _open(received, "sp4n-verifikasi")
    # Mon 16 March: Tue 17, then Nyepi, Idul Fitri and cuti bersama to Tue 24: Wed 25, Thu 26.
    assert verification.due_date == dt.date(2026, 3, 26)
    line = (
        f"SP4N-LAPOR!: 3 working days end {_day(dt.date(2026, 3, 26))}, before UU 25/2009 "
        f"Ps.44(3): 14 days end {_day(dt.date(2026, 3, 30))}; {_day(dt.date(2026, 3, 26))} "
        "binds (the stricter clock)."
    )
    assert line in _row(received, "sp4n-verifikasi")["explanation"]
    assert line in _row(received, "uu25-tanggapan-pengaduan")["explanation"]


def test_across_idul_fitri_the_statutes_60_days_bind_before_sp4ns_60_working_days(
    received, central_admin
):
    case = sp4n_forward(
        case=received,
        actor=central_admin,
        report_class="pengaduan-pemeriksaan",
        forwarded_at=TUESDAY_BEFORE_IDUL_FITRI,
    )
    statute = _open(case, "uu25-keputusan")
    sp4n = _open(case, "sp4n-pengaduan-pemeriksaan")
    assert (statute.days, statute.basis, statute.rule.party) == (60, "calendar", "penyelenggara")
    assert statute.rule.start_event == "berkas_lengkap"
    # 60 calendar days from Tue 17 March: Sat 16 May (calendar days: not moved off a weekend).
    assert statute.due_date == dt.date(2026, 5, 16)
    # 60 working days skip the cuti bersama of 18, 20, 23 and 24 March and every holiday after.
    assert sp4n.due_date == dt.date(2026, 6, 26)
    skipped = {item["day"] for item in sp4n.explanation["skipped"]}
    assert {"2026-03-18", "2026-03-20", "2026-03-23", "2026-03-24"} <= skipped
    assert statute.explanation["skipped"] == []  # calendar days count through the holidays

    line = (
        f"UU 25/2009 Ps.50(1): 60 days end {_day(dt.date(2026, 5, 16))}, before SP4N-LAPOR!: "
        f"60 working days end {_day(dt.date(2026, 6, 26))}; {_day(dt.date(2026, 5, 16))} binds "
        "(the stricter clock)."
    )
    assert line in _row(case, "uu25-keputusan")["explanation"]
    assert line in _row(case, "sp4n-pengaduan-pemeriksaan")["explanation"]
    assert binding.binding(sp4n, [statute, sp4n]) == statute
    case.refresh_from_db()
    assert case.next_due == dt.date(2026, 5, 16)  # the binding one comes first


def test_the_sp4n_follow_up_binds_when_it_is_the_earlier(received, central_admin):
    case = sp4n_forward(
        case=received,
        actor=central_admin,
        report_class="pengaduan",
        forwarded_at=TUESDAY_BEFORE_IDUL_FITRI,
    )
    sp4n = _open(case, "sp4n-pengaduan")
    assert sp4n.due_date == dt.date(2026, 4, 14)  # 14 working days across Idul Fitri and Easter
    line = (
        f"SP4N-LAPOR!: 14 working days end {_day(dt.date(2026, 4, 14))}, before UU 25/2009 "
        f"Ps.50(1): 60 days end {_day(dt.date(2026, 5, 16))}; {_day(dt.date(2026, 4, 14))} "
        "binds (the stricter clock)."
    )
    assert line in _row(case, "uu25-keputusan")["explanation"]


def test_an_aspiration_or_information_request_runs_no_decision_clock(received, central_admin):
    case = sp4n_forward(case=received, actor=central_admin, report_class="aspirasi")
    assert not Deadline.objects.filter(case=case, rule__code="uu25-keputusan").exists()


def test_forwarding_meets_both_answer_clocks(received, central_admin):
    case = sp4n_forward(case=received, actor=central_admin, report_class="pengaduan")
    for code in ("sp4n-verifikasi", "uu25-tanggapan-pengaduan"):
        assert Deadline.objects.get(case=case, rule__code=code).state == "met"


def test_the_decision_starts_14_days_to_deliver_it_and_the_follow_up_delivers_it(
    received, central_admin
):
    case = sp4n_forward(
        case=received,
        actor=central_admin,
        report_class="pengaduan-pemeriksaan",
        forwarded_at=TUESDAY_BEFORE_IDUL_FITRI,
    )
    decided = dt.datetime(2026, 5, 11, 10, tzinfo=WIB)
    case = sp4n_decision_recorded(
        case=case, actor=central_admin, decision="Pungutan dihentikan.", decided_at=decided
    )
    assert Deadline.objects.get(case=case, rule__code="uu25-keputusan").state == "met"
    delivery = _open(case, "uu25-penyampaian-keputusan")
    assert (delivery.days, delivery.legal_source) == (14, "UU 25/2009 Ps.50(2)")
    assert delivery.rule.party == "penyelenggara"
    assert delivery.due_date == dt.date(2026, 5, 25)
    with pytest.raises(WrongState, match="already recorded"):
        sp4n_decision_recorded(case=case, actor=central_admin, decision="Lagi.")
    case = sp4n_followup_answered(case=case, actor=central_admin, answer="Keputusan disampaikan.")
    assert Deadline.objects.get(case=case, rule__code="uu25-penyampaian-keputusan").state == "met"
    assert Deadline.objects.get(case=case, rule__code="sp4n-pengaduan-pemeriksaan").state == "met"


def test_a_follow_up_given_at_once_decides_and_delivers(received, central_admin):
    case = sp4n_forward(case=received, actor=central_admin, report_class="pengaduan")
    case = sp4n_followup_answered(case=case, actor=central_admin, answer="Sudah ditindaklanjuti.")
    assert Deadline.objects.get(case=case, rule__code="uu25-keputusan").state == "met"
    assert not Deadline.objects.filter(case=case, rule__code="uu25-penyampaian-keputusan").exists()


def test_the_complainants_30_days_run_from_the_tanda_terima_then_deemed_withdrawn(
    received, central_admin
):
    case = sp4n_request_completion(
        case=received, actor=central_admin, missing="Fotokopi bukti pembayaran."
    )
    assert case.state == "menunggu_kelengkapan"
    clock = _open(case, "uu25-melengkapi-pengaduan")
    assert (clock.days, clock.basis, clock.legal_source) == (
        30,
        "calendar",
        "UU 25/2009 Ps.44(4)-(5)",
    )
    assert clock.rule.party == "pengadu"  # the complainant's period, not the provider's
    assert clock.rule.consequence == "Pengadu dianggap mencabut pengaduannya"
    assert clock.start_date == dt.date(2026, 3, 16)  # the tanda terima, given on receipt
    assert clock.due_date == dt.date(2026, 4, 15)
    for code in ("sp4n-verifikasi", "uu25-tanggapan-pengaduan"):
        assert Deadline.objects.get(case=case, rule__code=code).state == "met"

    sweep(now=dt.datetime(2026, 4, 15, 22, tzinfo=WIB), reminders=False)
    case.refresh_from_db()
    assert case.state == "menunggu_kelengkapan"  # still the complainant's last day
    result = sweep(now=dt.datetime(2026, 4, 16, 8, tzinfo=WIB), reminders=False)
    assert result.consequences["deemed_withdrawn"] == 1
    case.refresh_from_db()
    assert case.state == "selesai"
    assert case.closure_reason.code == "dianggap-dicabut"
    reason = case.transitions.get(action="deemed_withdrawn").reason
    assert reason == (
        "The complainant did not complete the file within 30 days of receiving the tanda "
        "terima: deemed withdrawn (UU 25/2009 Ps.44(4)-(5))."
    )


def test_a_completed_file_returns_to_verification_and_can_be_forwarded(received, central_admin):
    case = sp4n_request_completion(
        case=received,
        actor=central_admin,
        missing="Bukti pembayaran.",
        tanda_terima_received=dt.date(2026, 3, 18),
    )
    assert _open(case, "uu25-melengkapi-pengaduan").start_date == dt.date(2026, 3, 18)
    case = sv.case_complete(case=case, actor=central_admin, note="Bukti dikirim.")
    assert case.state == "diterima"
    assert Deadline.objects.get(case=case, rule__code="uu25-melengkapi-pengaduan").state == "met"
    case = sp4n_forward(case=case, actor=central_admin, report_class="pengaduan")
    assert _open(case, "uu25-keputusan").days == 60


def test_a_completion_request_says_what_is_missing(received, central_admin):
    with pytest.raises(CaseError, match="must complete"):
        sp4n_request_completion(case=received, actor=central_admin, missing=" ")


def test_a_complaint_unit_refuses_the_ombudsmans_steps(received, central_admin, report):
    with pytest.raises(NotInWorkflow, match="An agency complaint unit has no step from"):
        report(intake_type="rco")


def test_an_ombudsman_ri_office_cannot_request_completion_under_uu25(receive, pvl_assistant):
    case = receive()
    with pytest.raises(WrongState, match="SP4N-LAPOR!"):
        sp4n_request_completion(case=case, actor=pvl_assistant, missing="KTP.")


def _page(client, case):
    return client.get(f"/kantor/laporan/{case.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_the_case_page_asks_for_completion_records_the_decision_and_shows_what_binds(
    client, received, central_admin
):
    client.force_login(central_admin)
    assert "/aksi/sp4n-completion/" in _page(client, received)
    assert "/aksi/sp4n-decision/" not in _page(client, received)
    case = sp4n_forward(
        case=received,
        actor=central_admin,
        report_class="pengaduan-pemeriksaan",
        forwarded_at=TUESDAY_BEFORE_IDUL_FITRI,
    )
    page = _page(client, case)
    assert "binds (the stricter clock)" in page
    response = client.post(
        f"/kantor/laporan/{case.pk}/aksi/sp4n-decision/", {"decision": "Pungutan dihentikan."}
    )
    assert response.status_code == 302
    assert (
        Deadline.objects.open().filter(case=case, rule__code="uu25-penyampaian-keputusan").exists()
    )
    assert "/aksi/sp4n-decision/" not in _page(client, case)
