"""Clocks that the law starts on receipt (issue 14 §1, decision 0018): deliveries, their
receipts (opened, delivery status, tanda terima, presumed) and the clocks they start."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from aduan.cases import examination as ex
from aduan.cases import services as sv
from aduan.cases.errors import NotAllowed
from aduan.cases.models import Case, ClarificationRequest
from aduan.cases.selectors import clocks
from aduan.cases.sweeper import sweep
from aduan.core.models import AuditEvent
from aduan.deadlines import deliveries
from aduan.deadlines.deliveries import DeliveryError
from aduan.deadlines.models import Deadline, Delivery
from aduan.deadlines.workdays import calendar_for
from aduan.directory.models import Liaison
from aduan.liaison import services as liaison_services
from tests.conftest import FORMAL_OK, MATERIAL_OK

pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Jakarta")
D = dt.date


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    """A moment of ``day`` in the office's zone (WIB)."""
    return dt.datetime.combine(day, dt.time(hour), tzinfo=WIB)


def clock(case: Case, rule: str) -> Deadline:
    return Deadline.objects.filter(case=case, rule__code=rule).order_by("-id").first()


@pytest.fixture
def portal_liaison(agency_tree, pvl_assistant):
    """The health office's liaison, with an active portal account: ``portal_liaison(case)``
    signs in and opens the case in the portal (a fresh sign-in each time: time travels)."""
    liaison = Liaison.objects.create(agency=agency_tree["health"], name="Budi", email="b@x.id")
    invite = liaison_services.liaison_invite(liaison=liaison, actor=pvl_assistant)
    user = liaison_services.liaison_activate(
        token=invite["token"], username="narahubung", password="Portal-pass-2026!"
    )

    def open_case(case):
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(user)
        return client.get(f"/instansi/laporan/{case.pk}/")

    return open_case


def _track(case: Case) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = client.post("/lacak/", {"reference": case.reference, "code": case.access_code})
    assert response.status_code == 302
    return client


def _incomplete(case, pvl_assistant):
    return sv.case_verify_formal(
        case=case, actor=pvl_assistant, items={**FORMAL_OK, "kontak": False}
    )


# --- one LM case through every clock, with its receipts ------------------------------------
def test_one_case_through_every_clock_with_its_receipts(
    time_machine,
    receive,
    office,
    agency_tree,
    pvl_assistant,
    examiner,
    head_of_unit,
    head_of_office,
    portal_liaison,
):
    time_machine.move_to(at(D(2026, 2, 2)), tick=False)
    case = receive(
        reporters=[{"name": "Siti Aminah", "address": "Jl. Merdeka 1", "contact_channel": "pos"}]
    )
    # 1. The request to complete goes by post; the 30 days (UU 37/2008 Ps.25) wait for receipt.
    case = _incomplete(case, pvl_assistant)
    notice = case.deliveries.get(document="permintaan-kelengkapan")
    assert (notice.method, notice.addressee) == (Delivery.Method.POST, "pelapor")
    assert notice.presumed_on == D(2026, 2, 9)  # 7 days after posting
    waiting = clock(case, "melengkapi-laporan")
    assert (waiting.state, waiting.start_date, waiting.due_date) == ("waiting", None, None)
    row = next(c for c in clocks(case) if c["rule"] == "melengkapi-laporan")
    assert row["waiting"] and "Waiting for receipt" in row["explanation"][0]

    # The reporter opens the tracking page 3 days later: that is the receipt.
    time_machine.move_to(at(D(2026, 2, 5)), tick=False)
    assert _track(case).get("/lacak/laporan/").status_code == 200
    notice.refresh_from_db()
    assert (notice.received_on, notice.receipt_basis) == (D(2026, 2, 5), "dibuka")
    started = clock(case, "melengkapi-laporan")
    assert (started.state, started.start_date, started.due_date) == (
        "open",
        D(2026, 2, 5),
        D(2026, 3, 7),
    )
    assert started.explanation["started_by"]["basis"] == "dibuka"
    assert started.explanation["started_by"]["document"] == "permintaan-kelengkapan"
    row = next(c for c in clocks(case) if c["rule"] == "melengkapi-laporan")
    assert any("Started by the receipt of the request to complete" in x for x in row["explanation"])
    # 31 days after the verification the old clock would have closed the case; this one runs.
    assert sweep(now=at(D(2026, 3, 5))).consequences["deemed_withdrawn"] == 0
    case.refresh_from_db()
    assert case.state == Case.State.AWAITING_COMPLETION

    # The reporter completes; on through verification and registration.
    time_machine.move_to(at(D(2026, 3, 6)), tick=False)
    sv.case_complete(case=case)
    assert clock(case, "melengkapi-laporan").state == "met"
    sv.case_verify_formal(case=case, actor=pvl_assistant, items=FORMAL_OK)
    sv.case_verify_material(case=case, actor=pvl_assistant, items=MATERIAL_OK)
    case = sv.case_register(
        case=case,
        actor=head_of_office,
        unit=office.units.get(code="pemeriksaan"),
        assignee=examiner,
    )

    # 2. The clarification request goes through the portal; the liaison opens it 2 days later.
    request = ex.clarification_request(case=case, actor=examiner, questions="Dasar pungutan?")
    asked = case.deliveries.get(document="permintaan-klarifikasi")
    assert asked.method == Delivery.Method.PORTAL
    assert clock(case, "klarifikasi-pertama").state == "waiting"
    time_machine.move_to(at(D(2026, 3, 8)), tick=False)
    assert portal_liaison(case).status_code == 200
    first = clock(case, "klarifikasi-pertama")
    assert (first.start_date, first.due_date) == (D(2026, 3, 8), D(2026, 3, 22))
    portal_liaison(case)  # a second opening changes nothing
    assert clock(case, "klarifikasi-pertama").start_date == D(2026, 3, 8)
    ex.clarification_answer(request=request, actor=examiner, answer="Ada dasar hukumnya.")
    request.refresh_from_db()
    assert request.status == ClarificationRequest.Status.ANSWERED

    # 3. The draft LAHP is e-mailed; nobody opens it: received by presumption 3 days later.
    case.reporters.update(contact_channel="email", email="siti@example.com")
    time_machine.move_to(at(D(2026, 3, 10)), tick=False)
    lahp = ex.lahp_send_draft(
        case=case, actor=examiner, conclusion="ditemukan", findings="Pungutan tanpa dasar."
    )
    draft = case.deliveries.get(document="rancangan-lahp")
    assert (draft.method, draft.presumed_on) == (Delivery.Method.EMAIL, D(2026, 3, 13))
    with pytest.raises(Exception, match="has not received the draft yet"):
        ex.lahp_finalise(
            case=case,
            actor=head_of_unit,
            corrective_actions=[{"addressee": agency_tree["health"], "description": "Kembalikan."}],
        )
    assert sweep(now=at(D(2026, 3, 12), 23)).receipts_presumed == 0
    assert sweep(now=at(D(2026, 3, 13), 0)).receipts_presumed == 1
    response = clock(case, "tanggapan-lahp")
    assert (response.state, response.start_date, response.due_date) == (
        "open",
        D(2026, 3, 13),
        D(2026, 3, 27),
    )
    assert response.explanation["started_by"]["basis"] == "dianggap"

    # 4. The final LHP goes to the terlapor through the portal: 30 working days from the
    # liaison's opening (Peraturan Ombudsman 58/2023 Ps.54(1)), across Idul Fitri.
    time_machine.move_to(at(D(2026, 3, 16)), tick=False)
    ex.lahp_record_response(lahp=lahp, actor=examiner, response="Setuju.")
    ex.lahp_finalise(
        case=case,
        actor=head_of_unit,
        corrective_actions=[{"addressee": agency_tree["health"], "description": "Kembalikan."}],
    )
    lhp = case.deliveries.get(document="lhp", addressee="terlapor")
    assert lhp.method == Delivery.Method.PORTAL
    assert clock(case, "monitoring-tindakan-korektif").state == "waiting"
    time_machine.move_to(at(D(2026, 3, 18)), tick=False)
    assert portal_liaison(case).status_code == 200
    monitoring = clock(case, "monitoring-tindakan-korektif")
    expected = calendar_for(office).add_working_days(D(2026, 3, 18), 30)
    assert (monitoring.start_date, monitoring.due_date) == (D(2026, 3, 18), expected.due)
    skipped = {d["kind"] for d in monitoring.explanation["skipped"]}
    assert {"public_holiday", "weekend"} <= skipped  # Nyepi and Idul Fitri fall in it
    assert monitoring.due_date > D(2026, 3, 18) + dt.timedelta(days=42)
    # Handed to Resolusi dan Monitoring only after the 30 working days from that receipt.
    sweep(now=at(monitoring.due_date, 12))
    case.refresh_from_db()
    assert case.state == Case.State.MONITORING
    result = sweep(now=at(monitoring.due_date + dt.timedelta(days=1), 12))
    case.refresh_from_db()
    assert result.consequences["handed_to_resmon"] == 1
    assert case.state == Case.State.RESOLUTION

    # 5. The recommendation: sent within 14 days of signing (Ps.37(3)), counted from the
    # signing date given; the superior's 60 days (Ps.38(2)) from the superior's tanda terima.
    time_machine.move_to(at(D(2026, 5, 11)), tick=False)
    for kind, outcome in (("telaah", ""), ("upaya_resolusi", "tidak_selesai")):
        ex.resmon_record_step(
            case=case,
            actor=head_of_office,
            kind=kind,
            held_on=D(2026, 5, 11),
            note="Berkas LHP ditelaah; terlapor tetap tidak melaksanakan.",
            outcome=outcome,
        )
    recommendation = ex.recommendation_issue(
        case=case,
        actor=head_of_office,
        addressee=agency_tree["city"],
        content="Kembalikan pungutan dan tegur petugas.",
        signed_at=at(D(2026, 5, 8)),
    )
    sending = clock(case, "penyampaian-rekomendasi")
    assert (sending.start_date, sending.due_date) == (D(2026, 5, 8), D(2026, 5, 22))
    ex.recommendation_sent(recommendation=recommendation, actor=head_of_office)
    sent = {(d.addressee, d.method) for d in case.deliveries.filter(document="rekomendasi")}
    assert sent == {("pelapor", "email"), ("terlapor", "pos"), ("atasan", "pos")}
    assert clock(case, "pelaksanaan-rekomendasi").state == "waiting"
    superior = case.deliveries.get(document="rekomendasi", addressee="atasan")
    time_machine.move_to(at(D(2026, 5, 15)), tick=False)
    deliveries.delivery_record_receipt(
        delivery=superior, received_on=D(2026, 5, 13), actor=head_of_office, note="TT 12/V"
    )
    implementation = clock(case, "pelaksanaan-rekomendasi")
    assert (implementation.state, implementation.start_date, implementation.due_date) == (
        "open",
        D(2026, 5, 13),
        D(2026, 7, 12),
    )
    assert implementation.explanation["started_by"]["addressee"] == "atasan"
    assert implementation.explanation["started_by"]["basis"] == "tanda_terima"


def test_deemed_withdrawn_only_30_days_after_the_receipt(time_machine, receive, pvl_assistant):
    time_machine.move_to(at(D(2026, 2, 2)), tick=False)
    case = _incomplete(receive(), pvl_assistant)  # e-mailed: presumed received on 5 February
    assert sweep(now=at(D(2026, 3, 6))).consequences["deemed_withdrawn"] == 0
    assert sweep(now=at(D(2026, 3, 7))).consequences["deemed_withdrawn"] == 0
    result = sweep(now=at(D(2026, 3, 8)))
    case.refresh_from_db()
    assert result.consequences["deemed_withdrawn"] == 1
    assert case.state == Case.State.CLOSED
    assert clock(case, "melengkapi-laporan").due_date == D(2026, 3, 7)


# --- receipts entered by staff --------------------------------------------------------------
@pytest.fixture
def posted(time_machine, receive, pvl_assistant):
    """A request to complete sent by post on 2 February 2026 (WIB), now 10 February."""
    time_machine.move_to(at(D(2026, 2, 2)), tick=False)
    case = receive(
        reporters=[{"name": "Siti Aminah", "address": "Jl. Merdeka 1", "contact_channel": "pos"}]
    )
    case = _incomplete(case, pvl_assistant)
    time_machine.move_to(at(D(2026, 2, 10)), tick=False)
    return case, case.deliveries.get()


def test_a_tanda_terima_starts_the_clock_from_its_date(posted, pvl_assistant):
    case, delivery = posted
    deliveries.delivery_record_receipt(
        delivery=delivery, received_on=D(2026, 2, 4), actor=pvl_assistant
    )
    started = clock(case, "melengkapi-laporan")
    assert (started.state, started.start_date, started.due_date) == (
        "open",
        D(2026, 2, 4),
        D(2026, 3, 6),
    )
    case.refresh_from_db()
    assert case.next_due == D(2026, 3, 6)


def test_a_tanda_terima_corrects_a_presumed_receipt(posted, pvl_assistant):
    case, delivery = posted
    sweep(now=at(D(2026, 2, 10)))
    assert clock(case, "melengkapi-laporan").start_date == D(2026, 2, 9)  # presumed
    deliveries.delivery_record_receipt(
        delivery=delivery, received_on=D(2026, 2, 10), actor=pvl_assistant, note="TT pos"
    )
    corrected = clock(case, "melengkapi-laporan")
    assert (corrected.start_date, corrected.due_date) == (D(2026, 2, 10), D(2026, 3, 12))
    delivery.refresh_from_db()
    assert delivery.receipt_basis == "tanda_terima"
    assert AuditEvent.objects.filter(action="delivery.receipt_corrected").count() == 1


def test_a_receipt_before_sending_is_refused(posted, pvl_assistant):
    case, delivery = posted
    with pytest.raises(DeliveryError, match="before the document was sent"):
        deliveries.delivery_record_receipt(
            delivery=delivery, received_on=D(2026, 2, 1), actor=pvl_assistant
        )
    assert clock(case, "melengkapi-laporan").state == "waiting"


def test_a_receipt_in_the_future_is_refused(posted, pvl_assistant):
    case, delivery = posted
    with pytest.raises(DeliveryError, match="cannot be in the future"):
        deliveries.delivery_record_receipt(
            delivery=delivery, received_on=D(2026, 2, 11), actor=pvl_assistant
        )
    assert clock(case, "melengkapi-laporan").state == "waiting"


def test_a_receipt_is_not_recorded_twice(posted, pvl_assistant):
    case, delivery = posted
    deliveries.delivery_record_receipt(
        delivery=delivery, received_on=D(2026, 2, 4), actor=pvl_assistant
    )
    with pytest.raises(DeliveryError, match="already recorded"):
        deliveries.delivery_record_receipt(
            delivery=delivery, received_on=D(2026, 2, 5), actor=pvl_assistant
        )
    assert clock(case, "melengkapi-laporan").start_date == D(2026, 2, 4)


def test_an_outsider_may_not_record_a_receipt(posted, outsider, administrator):
    _case, delivery = posted
    for person in (outsider, administrator):
        with pytest.raises(NotAllowed):
            deliveries.delivery_record_receipt(
                delivery=delivery, received_on=D(2026, 2, 4), actor=person
            )
    delivery.refresh_from_db()
    assert delivery.received_on is None


def test_without_a_presumption_the_clock_keeps_waiting(
    time_machine, office, receive, pvl_assistant
):
    office.receipt_presumed_days_electronic = None
    office.save()
    time_machine.move_to(at(D(2026, 2, 2)), tick=False)
    case = _incomplete(receive(), pvl_assistant)
    assert case.deliveries.get().presumed_on is None
    result = sweep(now=at(D(2026, 6, 1)))
    assert (result.receipts_presumed, result.expired) == (0, 0)
    case.refresh_from_db()
    assert case.state == Case.State.AWAITING_COMPLETION
    assert clock(case, "melengkapi-laporan").state == "waiting"


def test_a_delivery_status_is_a_receipt_and_the_first_receipt_stands(
    time_machine, receive, pvl_assistant
):
    time_machine.move_to(at(D(2026, 2, 2)), tick=False)
    case = _incomplete(receive(), pvl_assistant)
    delivery = case.deliveries.get()
    deliveries.delivery_status(delivery=delivery, delivered_at=at(D(2026, 2, 3), 8))
    deliveries.delivery_opened(delivery=delivery, at=at(D(2026, 2, 4)))
    delivery.refresh_from_db()
    assert (delivery.received_on, delivery.receipt_basis) == (D(2026, 2, 3), "status_kirim")
    assert delivery.opened_at is not None
    assert clock(case, "melengkapi-laporan").start_date == D(2026, 2, 3)


def test_withdrawal_cancels_a_clock_still_waiting(time_machine, receive, pvl_assistant):
    time_machine.move_to(at(D(2026, 2, 2)), tick=False)
    case = _incomplete(receive(), pvl_assistant)
    sv.case_withdraw(case=case, reason="Sudah selesai.")
    assert clock(case, "melengkapi-laporan").state == "cancelled"


def test_the_not_within_authority_notice_counts_from_signing(
    time_machine, walk, receive, head_of_office
):
    time_machine.move_to(at(D(2026, 2, 10)), tick=False)
    case = walk(receive(), "decision")
    sv.case_not_within_authority(case=case, actor=head_of_office, signed_at=D(2026, 2, 6))
    notice = clock(case, "pemberitahuan-bukan-kewenangan")
    assert (notice.start_date, notice.due_date) == (D(2026, 2, 6), D(2026, 2, 13))


def test_the_rejection_notice_counts_from_signing(time_machine, walk, receive, head_of_office):
    time_machine.move_to(at(D(2026, 2, 10)), tick=False)
    case = walk(receive(), "decision")
    sv.case_reject(
        case=case, actor=head_of_office, reason="b-proses-peradilan", signed_at=D(2026, 2, 9)
    )
    notice = clock(case, "pemberitahuan-penolakan")
    assert (notice.start_date, notice.due_date) == (D(2026, 2, 9), D(2026, 2, 23))


def test_the_presumption_is_claimed_once_by_two_sweeps(time_machine, receive, pvl_assistant):
    time_machine.move_to(at(D(2026, 2, 2)), tick=False)
    _incomplete(receive(), pvl_assistant)
    first = deliveries.presume_receipts(now=at(D(2026, 2, 6)))
    second = deliveries.presume_receipts(now=at(D(2026, 2, 6)))
    assert (first, second) == (1, 0)


def test_the_final_lhp_clock_is_office_practice():
    from aduan.deadlines.models import DeadlineRule
    from aduan.deadlines.seed_delivery import EXTRA_RULES

    rule = DeadlineRule.objects.get(code="penyampaian-lhp")
    assert (rule.days, rule.basis, rule.rule_set, rule.extendable) == (
        14,
        "calendar",
        "kantor",
        True,
    )
    assert "Kebijakan kantor" in rule.legal_source
    assert [r["code"] for r in EXTRA_RULES] == ["penyampaian-lhp"]


def test_the_superiors_liaison_opening_the_recommendation_starts_its_60_days(
    time_machine, walk, receive, agency_tree, head_of_office, pvl_assistant
):
    liaison = Liaison.objects.create(agency=agency_tree["city"], name="Wati", email="w@x.id")
    invite = liaison_services.liaison_invite(liaison=liaison, actor=pvl_assistant)
    user = liaison_services.liaison_activate(
        token=invite["token"], username="narahubung-kota", password="Portal-pass-2026!"
    )
    time_machine.move_to(at(D(2026, 4, 6)), tick=False)
    case = walk(receive(), "resmon")
    recommendation = ex.recommendation_issue(
        case=case, actor=head_of_office, addressee=agency_tree["city"], content="Tegur petugas."
    )
    ex.recommendation_sent(recommendation=recommendation, actor=head_of_office)
    superior = case.deliveries.get(document="rekomendasi", addressee="atasan")
    assert superior.method == Delivery.Method.PORTAL
    assert clock(case, "pelaksanaan-rekomendasi").state == "waiting"
    time_machine.move_to(at(D(2026, 4, 9)), tick=False)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    page = client.get("/instansi/").content.decode()
    assert "starts when you open this case" in page
    assert client.get(f"/instansi/laporan/{case.pk}/").status_code == 200
    started = clock(case, "pelaksanaan-rekomendasi")
    assert (started.start_date, started.due_date) == (D(2026, 4, 9), D(2026, 6, 8))
