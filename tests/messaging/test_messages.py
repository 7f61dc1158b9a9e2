"""Messages to reporters: through the channel each chose, in their language, from templates."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from aduan.cases import services as sv
from aduan.messaging import services as ms
from aduan.messaging.models import OutgoingMessage, ReplyTemplate

pytestmark = pytest.mark.django_db
S = OutgoingMessage.Status


@pytest.fixture
def send(django_capture_on_commit_callbacks, pvl_assistant):
    def go(case, text="Mohon kirim salinan KTP", **kwargs):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            return sv.case_add_note(
                case=case, actor=pvl_assistant, kind="to_reporter", text=text, **kwargs
            )

    return go


def _reporter(**fields):
    return {"name": "Siti Aminah", "email": "siti@example.com", "phone": "0812", **fields}


def test_an_email_reporter_gets_the_message_in_indonesian(receive, send):
    case = receive()
    note = send(case)
    message = note.messages.get()
    assert message.status == S.SENT and message.channel == "email"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["siti@example.com"]
    body = mail.outbox[0].body
    assert "Mohon kirim salinan KTP" in body and case.reference in body
    assert "Yth." in body or "Kepada" in body


def test_an_english_speaking_reporter_gets_english_and_the_english_reply(receive, send):
    case = receive(reporters=[_reporter(language="en")])
    template = ReplyTemplate.objects.get(code="minta-dokumen")
    send(case, text="", reply_template=template)
    body = mail.outbox[0].body
    assert "Please send copies" in body and "Dear Siti Aminah" in body
    assert "Mohon kirimkan" not in body


def test_the_officers_words_follow_the_standard_reply(receive, send):
    case = receive()
    template = ReplyTemplate.objects.get(code="hubungi-kantor")
    note = send(case, text="Nomor kami 0717-123", reply_template=template)
    assert note.text.startswith(template.body_id) and note.text.endswith("Nomor kami 0717-123")
    body = mail.outbox[0].body
    assert body.index(template.body_id) < body.index("Nomor kami 0717-123")


def test_sms_and_whatsapp_wait_for_their_gateway_and_nothing_is_mailed(receive, send):
    case = receive(
        reporters=[_reporter(contact_channel="sms"), _reporter(contact_channel="whatsapp")]
    )
    note = send(case)
    assert {m.status for m in note.messages.all()} == {S.CHANNEL_NOT_READY}
    assert mail.outbox == []
    assert all(len(m.body) < 400 for m in note.messages.all())


def test_post_and_phone_become_work_for_staff(receive, send):
    case = receive(reporters=[_reporter(contact_channel="pos")])
    assert send(case).messages.get().status == S.BY_HAND


def test_an_email_reporter_without_an_address_is_flagged(receive, send):
    case = receive(reporters=[_reporter(email="")])
    assert send(case).messages.get().status == S.NO_ADDRESS


def test_an_internal_note_sends_nothing(receive, pvl_assistant):
    case = receive()
    mail.outbox.clear()
    sv.case_add_note(case=case, actor=pvl_assistant, kind="internal", text="Catatan")
    assert not OutgoingMessage.objects.exists() and mail.outbox == []


def test_a_failed_send_is_retried_by_the_sweeper_and_sent_once(receive, send, monkeypatch):
    case = receive()

    def broken(*args, **kwargs):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr(ms, "send_mail", broken)
    message = send(case).messages.get()
    message.refresh_from_db()
    assert message.status == S.QUEUED and message.attempts == 1 and "smtp down" in message.error
    monkeypatch.undo()
    assert ms.retry_queued(now=timezone.now()) == 0  # too early
    assert ms.retry_queued(now=timezone.now() + dt.timedelta(minutes=6)) == 1
    assert ms.deliver(message.pk) == "skipped"
    message.refresh_from_db()
    assert message.status == S.SENT and len(mail.outbox) == 1


def test_a_message_that_keeps_failing_ends_as_failed(receive, send, monkeypatch):
    case = receive()
    monkeypatch.setattr(ms, "send_mail", lambda *a, **k: (_ for _ in ()).throw(OSError("x")))
    message = send(case).messages.get()
    for _ in range(3):
        ms.deliver(message.pk)
    message.refresh_from_db()
    assert message.status == S.FAILED and message.attempts == ms.MAX_ATTEMPTS


def test_a_reply_template_on_an_internal_note_is_refused(receive, pvl_assistant):
    from aduan.cases.errors import CaseError

    case = receive()
    template = ReplyTemplate.objects.first()
    with pytest.raises(CaseError):
        sv.case_add_note(
            case=case, actor=pvl_assistant, kind="internal", text="x", reply_template=template
        )


def test_the_case_page_sends_a_standard_reply_and_shows_its_delivery(
    client, receive, pvl_assistant, django_capture_on_commit_callbacks
):
    case = receive(reporters=[_reporter(contact_channel="sms")])
    template = ReplyTemplate.objects.get(code="sedang-diproses")
    client.force_login(pvl_assistant)
    url = f"/kantor/laporan/{case.pk}/aksi/note/"
    response = client.post(url, {"kind": "to_reporter"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "choose a standard reply" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"kind": "to_reporter", "reply_template": template.pk}, HTTP_ACCEPT_LANGUAGE="en"
        )
    assert response.status_code == 302
    page = client.get(f"/kantor/laporan/{case.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "channel not connected yet" in page


def test_a_desk_report_by_an_sms_reporter_gets_the_receipt_by_sms(
    receive, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = receive(reporters=[_reporter(email="", contact_channel="sms")])
    receipt = OutgoingMessage.objects.get(case=case)
    assert receipt.channel == "sms" and case.access_code in receipt.body
    assert receipt.status == S.CHANNEL_NOT_READY  # no gateway configured in tests
