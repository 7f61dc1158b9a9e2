"""SMS in (the gateway's webhook, long messages joined, a case or more words on an open one) and
SMS out (through the configured gateway, exactly once; off without it)."""

from __future__ import annotations

import hashlib
import hmac
import json
from urllib.parse import urlencode

import pytest

from aduan.cases.models import Case, Note
from aduan.core.models import AuditEvent
from aduan.intake import services as intake
from aduan.intake.channels.sms.parse import parse_udh
from aduan.intake.models import Inbound
from aduan.messaging import gateways
from aduan.messaging import services as ms
from aduan.messaging.models import OutgoingMessage

pytestmark = pytest.mark.django_db
SECRET = "sms-webhook-secret-123"
S = OutgoingMessage.Status
PHONE = "+62 812-3456-5678"


@pytest.fixture
def sms_on(settings, office):
    settings.ADUAN_SMS_WEBHOOK_SECRET = SECRET
    settings.ADUAN_INTAKE_OFFICE = "babel"
    return settings


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    """post(fields) as the gateway: a signed form; ``signature`` replaces the signature."""

    def go(fields, *, signature=None, as_json=False, headers=None):
        if as_json:
            body, content_type = json.dumps(fields).encode(), "application/json"
        else:
            body, content_type = urlencode(fields).encode(), "application/x-www-form-urlencoded"
        if headers is None:
            digest = hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
            headers = {"X-Aduan-Signature": signature or f"sha256={digest}"}
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/masuk/sms/", data=body, content_type=content_type, headers=headers)

    return go


@pytest.fixture
def gateway(monkeypatch, settings):
    """The SMS gateway's HTTP API, mocked: records each request, answers with an id."""
    settings.ADUAN_SMS_SEND_URL = "https://sms.example.id/api/send"
    settings.ADUAN_SMS_SEND_TOKEN = "send-token"
    calls = []

    def http(method, url, *, headers=None, payload=None, limit=None):
        calls.append({"method": method, "url": url, "headers": headers, "payload": payload})
        if len(calls) in getattr(http, "fail_on", ()):
            raise gateways.GatewayError("HTTP 503: busy")
        return gateways.Response(200, json.dumps({"id": f"gw-{len(calls)}"}).encode())

    monkeypatch.setattr(gateways, "http", http)
    http.calls = calls
    return http


def _sms(text, message_id="m-1", **extra):
    return {"from": PHONE, "to": "1708", "text": text, "id": message_id, **extra}


def test_a_signed_sms_opens_a_case_at_the_intake_office(sms_on, post, office):
    text = "Pungutan liar di kantor kelurahan Rangkui saat mengurus KTP, diminta Rp 200.000"
    response = post(_sms(text))
    assert response.status_code == 200
    case = Case.objects.get()
    assert case.office == office and case.channel.code == "sms"
    assert case.title == "Pungutan liar di kantor kelurahan Rangkui saat mengurus KTP, diminta …"
    assert case.chronology == text
    reporter = case.reporters.get()
    assert reporter.name == "Pelapor SMS 5678" and reporter.phone == "+6281234565678"
    assert reporter.contact_channel == "sms"
    assert Inbound.objects.get().status == Inbound.Status.PROCESSED


def test_a_name_given_in_the_text_is_the_reporters_name(sms_on, post):
    post(_sms("Jalan berlubang di depan SDN 3\nNama: Budi  Santoso"))
    assert Case.objects.get().reporters.get().name == "Budi Santoso"


def test_a_forged_or_missing_signature_is_refused_and_nothing_is_stored(sms_on, post):
    assert post(_sms("Palsu"), signature="sha256=" + "0" * 64).status_code == 403
    assert post(_sms("Palsu"), headers={}).status_code == 403
    assert post(_sms("Palsu"), headers={"X-Aduan-Token": "guess"}).status_code == 403
    assert not Inbound.objects.exists() and not Case.objects.exists()


def test_a_gateway_that_cannot_sign_may_send_the_secret_as_a_token(sms_on, post):
    response = post(_sms("Lampu jalan mati"), as_json=True, headers={"X-Aduan-Token": SECRET})
    assert response.status_code == 200 and Case.objects.count() == 1


def test_without_a_secret_the_channel_is_off(settings, post, office):
    settings.ADUAN_SMS_WEBHOOK_SECRET = ""
    assert post(_sms("Halo")).status_code == 404
    assert not Inbound.objects.exists()


def test_a_message_without_a_sender_is_a_bad_request(sms_on, post):
    assert post({"text": "tanpa pengirim", "id": "x"}).status_code == 400


def test_a_duplicate_delivery_makes_one_case(sms_on, post):
    assert post(_sms("Sampah tidak diangkut")).status_code == 200
    again = post(_sms("Sampah tidak diangkut"))
    assert again.status_code == 200 and again.json()["duplicate"] is True
    assert Case.objects.count() == 1 and Inbound.objects.count() == 1


@pytest.mark.parametrize("order", [(1, 2, 3), (3, 1, 2), (2, 3, 1)])
def test_a_long_sms_is_joined_in_order_whatever_the_order_of_arrival(sms_on, post, order):
    parts = {1: "Pelayanan di RSUD ", 2: "sangat lambat, antre ", 3: "sejak pagi."}
    for number in order:
        fields = _sms(parts[number], f"p{number}", concat_ref="17", part=number, parts=3)
        assert post(fields).status_code == 200
        if number != order[-1]:
            assert not Case.objects.exists()
    case = Case.objects.get()
    assert case.chronology == "Pelayanan di RSUD sangat lambat, antre sejak pagi."
    assert set(Inbound.objects.values_list("case", flat=True)) == {case.pk}
    assert set(Inbound.objects.values_list("status", flat=True)) == {Inbound.Status.PROCESSED}


def test_a_part_arriving_twice_is_a_no_op(sms_on, post):
    first = _sms("Bagian satu, ", "p1", concat_ref="9", part=1, parts=2)
    post(first)
    post(first)
    assert Inbound.objects.count() == 1 and not Case.objects.exists()
    post(_sms("bagian dua.", "p2", concat_ref="9", part=2, parts=2))
    assert Case.objects.get().chronology == "Bagian satu, bagian dua."


def test_parts_described_by_a_user_data_header_are_joined(sms_on, post):
    assert parse_udh("0500032A0201") == ("42", 1, 2)
    assert parse_udh("060804012C0202") == ("300", 2, 2)
    post({"from": PHONE, "text": "kedua.", "udh": "0500032A0202"})
    post({"from": PHONE, "text": "Pertama, ", "udh": "0500032A0201"})
    assert Case.objects.get().chronology == "Pertama, kedua."


def test_a_second_sms_continues_the_reporters_open_case(sms_on, post):
    post(_sms("Izin usaha tidak kunjung terbit", "m-1"))
    case = Case.objects.get()
    post({"from": "0812 3456 5678", "text": "Sudah 3 bulan menunggu", "id": "m-2"})
    assert Case.objects.count() == 1
    note = Note.objects.get(case=case)
    assert note.kind == Note.Kind.INTERNAL and note.author is None
    assert "Sudah 3 bulan menunggu" in note.text
    event = AuditEvent.objects.get(action="case.reporter_wrote")
    assert event.target_id == str(case.pk) and event.new["note"] == note.pk
    # Running the handler again for the same message adds nothing.
    inbound = Inbound.objects.get(external_id__endswith=":m-2")
    Inbound.objects.filter(pk=inbound.pk).update(status=Inbound.Status.FAILED)
    assert intake.process(inbound.pk) == Inbound.Status.PROCESSED
    assert (
        Note.objects.count() == 1
        and AuditEvent.objects.filter(action="case.reporter_wrote").count() == 1
    )


def test_a_closed_case_another_phone_or_baru_open_a_new_case(sms_on, post):
    post(_sms("Laporan pertama", "m-1"))
    post(_sms("BARU: laporan lain tentang sekolah", "m-2"))
    assert Case.objects.count() == 2
    assert Case.objects.filter(title="laporan lain tentang sekolah").exists()
    post({"from": "081299990000", "text": "Orang lain", "id": "m-3"})
    assert Case.objects.count() == 3
    Case.objects.update(state=Case.State.CLOSED)
    post(_sms("Setelah ditutup", "m-4"))
    assert Case.objects.count() == 4 and not Note.objects.exists()


# --- out ------------------------------------------------------------------------------------
def test_without_a_gateway_sms_messages_wait_and_the_receipt_too(sms_on, post, settings):
    settings.ADUAN_SMS_SEND_URL = ""
    post(_sms("Air PDAM mati seminggu"))
    receipt = OutgoingMessage.objects.get()
    assert receipt.status == S.CHANNEL_NOT_READY and receipt.channel == "sms"
    case = Case.objects.get()
    assert case.reference in receipt.body and case.access_code in receipt.body


def test_the_receipt_goes_back_by_sms_with_the_reference_and_access_code(sms_on, post, gateway):
    post(_sms("Air PDAM mati seminggu"))
    case, receipt = Case.objects.get(), OutgoingMessage.objects.get()
    assert receipt.status == S.SENT and receipt.gateway_id == "gw-1"
    (call,) = gateway.calls
    assert call["url"] == "https://sms.example.id/api/send"
    assert call["headers"]["Authorization"] == "Bearer send-token"
    assert call["payload"]["to"] == "+6281234565678"
    assert case.reference in call["payload"]["text"] and case.access_code in call["payload"]["text"]
    assert len(call["payload"]["text"]) <= 320
    assert ms.send_receipt(case) == []  # a reporter gets one receipt


def test_a_message_is_sent_once_even_when_delivery_runs_twice(
    receive, gateway, pvl_assistant, django_capture_on_commit_callbacks
):
    from aduan.cases import services as sv

    case = receive(reporters=[{"name": "Siti", "phone": "0812777", "contact_channel": "sms"}])
    with django_capture_on_commit_callbacks(execute=True):
        note = sv.case_add_note(case=case, actor=pvl_assistant, kind="to_reporter", text="Halo")
    message = note.messages.get()
    assert message.status == S.SENT and len(gateway.calls) == 1
    assert ms.deliver(message.pk) == "skipped" and len(gateway.calls) == 1
    assert gateway.calls[0]["payload"]["to"] == "+62812777"


def test_a_failed_send_stays_queued_and_is_retried(receive, gateway, pvl_assistant):
    import datetime as dt

    from django.utils import timezone

    from aduan.cases import services as sv

    gateway.fail_on = (1,)
    case = receive(reporters=[{"name": "Siti", "phone": "0812777", "contact_channel": "sms"}])
    note = sv.case_add_note(case=case, actor=pvl_assistant, kind="to_reporter", text="Halo")
    message = note.messages.get()
    assert ms.deliver(message.pk) == S.QUEUED
    message.refresh_from_db()
    assert "503" in message.error and message.attempts == 1
    assert ms.retry_queued(now=timezone.now() + dt.timedelta(minutes=10)) == 1
    message.refresh_from_db()
    assert message.status == S.SENT and message.gateway_id == "gw-2"
    assert ms.deliver(message.pk) == "skipped" and len(gateway.calls) == 2


def test_a_message_queued_before_the_gateway_was_switched_off_waits(
    receive, gateway, pvl_assistant, settings
):
    from aduan.cases import services as sv

    case = receive(reporters=[{"name": "Siti", "phone": "0812777", "contact_channel": "sms"}])
    note = sv.case_add_note(case=case, actor=pvl_assistant, kind="to_reporter", text="Halo")
    settings.ADUAN_SMS_SEND_TOKEN = ""
    assert ms.deliver(note.messages.get().pk) == S.CHANNEL_NOT_READY
    assert gateway.calls == []
