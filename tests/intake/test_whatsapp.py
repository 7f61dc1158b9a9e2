"""WhatsApp in (Cloud API webhook: handshake, signatures, messages, photos fetched and attached)
and WhatsApp out (through the Graph API, exactly once; off without it)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json

import pytest
from django.utils import timezone

from aduan.cases.models import Case, Note
from aduan.intake import services as intake
from aduan.intake.models import Inbound
from aduan.messaging import gateways
from aduan.messaging import services as ms
from aduan.messaging.models import OutgoingMessage

pytestmark = pytest.mark.django_db
APP_SECRET = "meta-app-secret"
VERIFY = "verify-me"
S = OutgoingMessage.Status
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
WA_FROM = "6281298765432"


@pytest.fixture
def wa_on(settings, office, tmp_path):
    settings.ADUAN_WHATSAPP_APP_SECRET = APP_SECRET
    settings.ADUAN_WHATSAPP_VERIFY_TOKEN = VERIFY
    settings.ADUAN_WHATSAPP_TOKEN = "graph-token"
    settings.ADUAN_INTAKE_OFFICE = "babel"
    settings.MEDIA_ROOT = tmp_path
    return settings


@pytest.fixture
def graph(monkeypatch, settings):
    """The Graph API, mocked: media lookups, media downloads and sent messages."""
    calls = []

    def http(method, url, *, headers=None, payload=None, limit=None):
        calls.append({"method": method, "url": url, "headers": headers, "payload": payload})
        if http.failures:
            http.failures -= 1
            raise gateways.GatewayError("HTTP 500: try later")
        if url.endswith("/messages"):
            body = {"messages": [{"id": f"wamid.OUT{len(calls)}"}]}
            return gateways.Response(200, json.dumps(body).encode())
        if url.startswith(gateways.GRAPH_URL + "/"):
            media_id = url.rsplit("/", 1)[1]
            body = {"url": f"https://lookaside.fbsbx.com/{media_id}", "mime_type": "image/jpeg"}
            return gateways.Response(200, json.dumps(body).encode())
        return gateways.Response(200, JPEG, "image/jpeg")

    http.failures = 0
    http.calls = calls
    monkeypatch.setattr(gateways, "http", http)
    return http


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    def go(payload, *, signature=None):
        body = json.dumps(payload).encode()
        if signature is None:
            signature = "sha256=" + hmac.new(APP_SECRET.encode(), body, hashlib.sha256).hexdigest()
        headers = {"X-Hub-Signature-256": signature} if signature else {}
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                "/masuk/whatsapp/", data=body, content_type="application/json", headers=headers
            )

    return go


def _payload(*messages, statuses=()):
    value = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "628111", "phone_number_id": "1234"},
        "contacts": [{"profile": {"name": "Rina Wati"}, "wa_id": WA_FROM}],
        "messages": list(messages),
    }
    if statuses:
        value["statuses"] = list(statuses)
    return {
        "object": "whatsapp_business_account",
        "entry": [{"id": "WABA", "changes": [{"field": "messages", "value": value}]}],
    }


def _text(body, wamid="wamid.A1"):
    return {
        "from": WA_FROM,
        "id": wamid,
        "timestamp": "1767225600",
        "type": "text",
        "text": {"body": body},
    }


def _image(wamid="wamid.IMG", caption="Foto jalan rusak di Jl. Merdeka"):
    image = {"id": "media-77", "mime_type": "image/jpeg", "sha256": "x", "caption": caption}
    return {
        "from": WA_FROM,
        "id": wamid,
        "timestamp": "1767225600",
        "type": "image",
        "image": image,
    }


# --- the handshake ----------------------------------------------------------------------------
def test_the_verification_handshake_echoes_the_challenge(wa_on, client):
    query = {"hub.mode": "subscribe", "hub.verify_token": VERIFY, "hub.challenge": "1158201444"}
    response = client.get("/masuk/whatsapp/", query)
    assert response.status_code == 200 and response.content == b"1158201444"


def test_a_wrong_verify_token_is_refused(wa_on, client):
    query = {"hub.mode": "subscribe", "hub.verify_token": "nope", "hub.challenge": "1"}
    assert client.get("/masuk/whatsapp/", query).status_code == 403


def test_without_settings_the_channel_is_off(settings, client, post, office):
    settings.ADUAN_WHATSAPP_APP_SECRET = settings.ADUAN_WHATSAPP_VERIFY_TOKEN = ""
    query = {"hub.mode": "subscribe", "hub.verify_token": "", "hub.challenge": "1"}
    assert client.get("/masuk/whatsapp/", query).status_code == 404
    assert post(_payload(_text("Halo")), signature="sha256=00").status_code == 404
    assert not Inbound.objects.exists()


# --- messages in ------------------------------------------------------------------------------
def test_a_forged_or_missing_signature_is_refused_and_nothing_is_stored(wa_on, post):
    forged = "sha256=" + hmac.new(b"other", b"{}", hashlib.sha256).hexdigest()
    assert post(_payload(_text("Palsu")), signature=forged).status_code == 403
    assert post(_payload(_text("Palsu")), signature="").status_code == 403
    assert not Inbound.objects.exists() and not Case.objects.exists()


def test_a_text_opens_a_case_with_the_senders_profile_name(wa_on, post, office):
    assert post(_payload(_text("Pelayanan SIM di Polres lambat dan ada calo"))).status_code == 200
    case = Case.objects.get()
    assert case.office == office and case.channel.code == "whatsapp"
    assert case.chronology == "Pelayanan SIM di Polres lambat dan ada calo"
    assert case.received_at == dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    reporter = case.reporters.get()
    assert (reporter.name, reporter.phone, reporter.contact_channel) == (
        "Rina Wati",
        "+6281298765432",
        "whatsapp",
    )
    assert Inbound.objects.get().external_id == "wamid.A1"


def test_a_duplicate_delivery_makes_one_case(wa_on, post):
    post(_payload(_text("Jalan rusak")))
    post(_payload(_text("Jalan rusak")))
    assert Case.objects.count() == 1 and Inbound.objects.count() == 1


def test_statuses_are_acknowledged_and_not_stored(wa_on, post):
    status = {"id": "wamid.OUT1", "status": "delivered", "recipient_id": WA_FROM}
    assert post(_payload(statuses=[status])).status_code == 200
    assert not Inbound.objects.exists()


def test_a_second_message_continues_the_open_case(wa_on, post):
    post(_payload(_text("Bantuan sosial tidak cair", "wamid.1")))
    post(_payload(_text("Sudah lapor ke desa juga", "wamid.2")))
    case = Case.objects.get()
    note = Note.objects.get(case=case)
    assert note.author is None and "Sudah lapor ke desa juga" in note.text
    assert Inbound.objects.get(external_id="wamid.2").case == case


def test_an_unsupported_message_is_ignored(wa_on, post):
    sticker = {"from": WA_FROM, "id": "wamid.S", "type": "sticker", "sticker": {"id": "9"}}
    post(_payload(sticker))
    assert Inbound.objects.get().status == Inbound.Status.IGNORED and not Case.objects.exists()


# --- photos and documents -----------------------------------------------------------------------
def test_a_photo_is_fetched_by_a_task_and_attached(wa_on, post, graph):
    post(_payload(_image()))
    case = Case.objects.get()
    assert case.title == "Foto jalan rusak di Jl. Merdeka"
    document = case.documents.get()
    assert document.content_type == "image/jpeg" and document.kind == "bukti"
    assert document.uploaded_by is None
    media = Inbound.objects.get(channel="whatsapp-media")
    assert media.status == Inbound.Status.PROCESSED and media.case == case
    lookup, download = [c for c in graph.calls if c["method"] == "GET"]
    assert lookup["url"] == f"{gateways.GRAPH_URL}/media-77"
    assert lookup["headers"]["Authorization"] == "Bearer graph-token"
    assert download["url"] == "https://lookaside.fbsbx.com/media-77"


def test_a_failed_fetch_is_retried_and_attaches_once(wa_on, post, graph):
    graph.failures = 1
    post(_payload(_image()))
    case = Case.objects.get()
    media = Inbound.objects.get(channel="whatsapp-media")
    assert media.status == Inbound.Status.FAILED and "HTTP 500" in media.error
    assert not case.documents.exists()
    later = timezone.now() + dt.timedelta(minutes=5)
    assert intake.retry_failed(now=later) == 1
    assert case.documents.count() == 1
    assert intake.retry_failed(now=later) == 0 and case.documents.count() == 1


def test_a_file_of_a_refused_kind_is_not_retried(wa_on, post, graph, monkeypatch):
    monkeypatch.setattr(gateways, "whatsapp_media", lambda media_id: (b"MZ\x90\x00", "x/exe"))
    post(_payload(_image()))
    media = Inbound.objects.get(channel="whatsapp-media")
    assert media.status == Inbound.Status.IGNORED and "PDF" in media.note  # what is accepted
    assert Case.objects.count() == 1 and not Case.objects.get().documents.exists()


# --- messages out -------------------------------------------------------------------------------
def test_the_receipt_and_replies_go_out_through_the_graph_api_once(
    wa_on, post, graph, pvl_assistant, django_capture_on_commit_callbacks
):
    from aduan.cases import services as sv

    wa_on.ADUAN_WHATSAPP_PHONE_NUMBER_ID = "1234"
    post(_payload(_text("Pungli di SAMSAT")))
    case = Case.objects.get()
    receipt = OutgoingMessage.objects.get()
    assert receipt.status == S.SENT and receipt.gateway_id == "wamid.OUT1"
    sent = graph.calls[0]
    assert sent["url"] == f"{gateways.GRAPH_URL}/1234/messages"
    assert sent["payload"]["messaging_product"] == "whatsapp"
    assert sent["payload"]["to"] == WA_FROM and sent["payload"]["type"] == "text"
    assert case.access_code in sent["payload"]["text"]["body"]

    with django_capture_on_commit_callbacks(execute=True):
        note = sv.case_add_note(case=case, actor=pvl_assistant, kind="to_reporter", text="Halo")
    message = note.messages.get()
    assert message.status == S.SENT and len(graph.calls) == 2
    assert ms.deliver(message.pk) == "skipped" and ms.deliver(receipt.pk) == "skipped"
    assert len(graph.calls) == 2


def test_without_the_sending_number_whatsapp_messages_wait(wa_on, post, graph):
    wa_on.ADUAN_WHATSAPP_PHONE_NUMBER_ID = ""
    post(_payload(_text("Pungli di SAMSAT")))
    assert OutgoingMessage.objects.get().status == S.CHANNEL_NOT_READY
    assert graph.calls == []


def test_a_delivery_failure_reported_by_whatsapp_marks_the_message_failed(wa_on, post, graph):
    wa_on.ADUAN_WHATSAPP_PHONE_NUMBER_ID = "1234"
    post(_payload(_text("Pungli di SAMSAT")))
    receipt = OutgoingMessage.objects.get()
    failed = {
        "id": receipt.gateway_id,
        "status": "failed",
        "recipient_id": WA_FROM,
        "errors": [{"code": 131047, "title": "Re-engagement message"}],
    }
    assert post(_payload(statuses=[failed])).status_code == 200
    receipt.refresh_from_db()
    assert receipt.status == S.FAILED and "131047" in receipt.error
    assert Inbound.objects.count() == 1  # statuses are not stored as inbound messages
