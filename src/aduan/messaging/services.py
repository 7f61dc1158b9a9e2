"""Messages to reporters go out through the channel each reporter chose, in their language.

``queue_for_reporters`` runs inside the transaction that records the message on the case (a
``Note`` to the reporter), so a message exists exactly when the note does; delivery runs in the
background after commit. E-mail is delivered now; SMS and WhatsApp go out through their gateway
(``gateways``) when it is configured and are otherwise recorded as waiting for it, and post or
phone as work for staff, so nothing is silently dropped. Delivery locks the row, sends only what
is still queued, and marks it sent with the gateway's message id in the commit right after the
gateway accepts it: a message goes out at least once, and twice only when a worker dies between
the gateway's acceptance and that commit (decision 0024).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from aduan.cases.models import Case, Note, Reporter
from aduan.messaging import gateways
from aduan.messaging.models import OutgoingMessage, ReplyTemplate

log = logging.getLogger(__name__)
C = Reporter.ContactChannel
S = OutgoingMessage.Status
MAX_ATTEMPTS = 3
RETRY_AFTER = dt.timedelta(minutes=5)


def compose(case: Case, reporter: Reporter, text: str, channel: str) -> tuple[str, str]:
    """(subject, body) of a message to ``reporter``, in their language."""
    context = {
        "case": case,
        "reporter": reporter,
        "text": text.strip(),
        "tracking_url": f"{settings.SITE_URL}/lacak/",
    }
    with translation.override(reporter.language or "id"):
        subject = render_to_string("messaging/reporter_message_subject.txt", context).strip()
        template = "sms" if channel in {C.SMS, C.WHATSAPP} else "body"
        body = render_to_string(f"messaging/reporter_message_{template}.txt", context).strip()
    return subject, body


def reply_text(text: str, template: ReplyTemplate | None, language: str) -> str:
    """The officer's words, after the chosen canned reply in the reporter's language."""
    parts = [template.text_in(language)] if template else []
    if text.strip():
        parts.append(text.strip())
    return "\n\n".join(parts)


def _first_status(reporter: Reporter) -> str:
    channel = reporter.contact_channel
    if channel == C.EMAIL:
        return S.QUEUED if reporter.email else S.NO_ADDRESS
    if channel in {C.SMS, C.WHATSAPP}:
        if not reporter.phone:
            return S.NO_ADDRESS
        return S.QUEUED if gateway_ready(channel) else S.CHANNEL_NOT_READY
    return S.BY_HAND


def gateway_ready(channel: str) -> bool:
    """Whether messages through ``channel`` can go out now (SMS/WhatsApp need their gateway)."""
    if channel == C.SMS:
        return gateways.sms_configured()
    if channel == C.WHATSAPP:
        return gateways.whatsapp_configured()
    return channel == C.EMAIL


def queue_for_reporters(
    *, case: Case, note: Note, actor: Any, template: ReplyTemplate | None = None
) -> list[OutgoingMessage]:
    """One message per reporter of the case; call inside the note's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("queue_for_reporters must run inside the note's transaction")
    messages = []
    for reporter in case.reporters.all():
        text = reply_text(
            note.text if template is None else _own_words(note, template),
            template,
            reporter.language,
        )
        subject, body = compose(case, reporter, text, reporter.contact_channel)
        messages.append(
            OutgoingMessage.objects.create(
                case=case,
                reporter=reporter,
                note=note,
                channel=reporter.contact_channel,
                language=reporter.language or "id",
                subject=subject,
                body=body,
                status=_first_status(reporter),
                created_by=actor,
            )
        )
    _deliver_after_commit(messages)
    return messages


def _own_words(note: Note, template: ReplyTemplate) -> str:
    """The officer's own words: the note holds the Indonesian canned text followed by them."""
    prefix = template.text_in("id")
    text = note.text
    return text[len(prefix) :].strip() if text.startswith(prefix) else text


def deliver(message_id: int) -> str:
    """Send one queued message. Safe to run twice or from several workers: the row is locked
    and only a queued message is sent."""
    with transaction.atomic():
        message = (
            OutgoingMessage.objects.select_for_update(of=("self",))
            .select_related("reporter", "case")
            .filter(pk=message_id, status=S.QUEUED)
            .first()
        )
        if message is None:
            return "skipped"
        if not gateway_ready(message.channel):
            # The gateway was switched off after the message was queued: off, not broken.
            message.status = S.CHANNEL_NOT_READY
            message.save(update_fields=["status"])
            return message.status
        message.attempts += 1
        address = _address(message)
        if not address:
            message.status = S.NO_ADDRESS
        else:
            try:
                message.gateway_id = _send(message, address)
            except Exception as exc:
                message.error = f"{type(exc).__name__}: {exc}"[:500]
                log.warning(
                    "message %s to case %s failed: %s",
                    message.pk,
                    message.case_id,
                    type(exc).__name__,
                )
                if message.attempts >= MAX_ATTEMPTS:
                    message.status = S.FAILED
            else:
                message.status, message.sent_at, message.error = S.SENT, timezone.now(), ""
        message.save(update_fields=["status", "sent_at", "error", "attempts", "gateway_id"])
        return message.status


def _address(message: OutgoingMessage) -> str:
    reporter = message.reporter
    if reporter is None:
        return ""
    return reporter.email if message.channel == C.EMAIL else reporter.phone


def _send(message: OutgoingMessage, address: str) -> str:
    """Hand one message to its channel; returns the gateway's message id ('' for e-mail)."""
    if message.channel == C.SMS:
        return gateways.send_sms(to=address, text=message.body, key=f"aduan-{message.pk}")
    if message.channel == C.WHATSAPP:
        return gateways.send_whatsapp(to=address, text=message.body)
    send_mail(message.subject, message.body, settings.DEFAULT_FROM_EMAIL, [address])
    return ""


def send_receipt(case: Case) -> list[OutgoingMessage]:
    """The receipt (reference and access code) to the case's SMS and WhatsApp reporters, as a
    short text through their channel (e-mail reporters get theirs from
    ``cases.tasks.send_receipt_task``). Safe to call twice: a reporter gets one receipt."""
    messages = []
    with transaction.atomic():
        for reporter in case.reporters.filter(contact_channel__in=[C.SMS, C.WHATSAPP]):
            with translation.override(reporter.language or "id"):
                subject = _("Receipt of your report %(reference)s") % {"reference": case.reference}
                body = render_to_string(
                    "messaging/receipt_sms.txt",
                    {"case": case, "tracking_url": f"{settings.SITE_URL}/lacak/"},
                ).strip()
            if OutgoingMessage.objects.filter(
                case=case, reporter=reporter, note=None, subject=subject
            ).exists():
                continue
            messages.append(
                OutgoingMessage.objects.create(
                    case=case,
                    reporter=reporter,
                    channel=reporter.contact_channel,
                    language=reporter.language or "id",
                    subject=subject,
                    body=body,
                    status=_first_status(reporter),
                )
            )
        _deliver_after_commit(messages)
    return messages


def _deliver_after_commit(messages: list[OutgoingMessage]) -> None:
    from aduan.messaging.tasks import deliver_task

    for message in messages:
        if message.status == S.QUEUED:
            pk = message.pk
            transaction.on_commit(lambda pk=pk: deliver_task.enqueue(message_id=pk))


def retry_queued(*, now: Any = None, limit: int = 200) -> int:
    """Send again the messages still queued a few minutes after they were written (a failed
    attempt, or a worker that stopped); called by the sweeper. Returns how many went out."""
    now = now or timezone.now()
    stuck = OutgoingMessage.objects.filter(
        status=S.QUEUED, attempts__lt=MAX_ATTEMPTS, created_at__lt=now - RETRY_AFTER
    ).values_list("pk", flat=True)[:limit]
    return sum(deliver(pk) == S.SENT for pk in list(stuck))


def gateway_reported_failure(*, channel: str, gateway_id: str, error: str) -> int:
    """A gateway said a message it had accepted could not be delivered (WhatsApp: outside the
    24-hour window, a number without WhatsApp …): mark it failed, so staff see it and contact
    the reporter another way. Returns how many messages changed (0 for a repeat)."""
    if not gateway_id:
        return 0
    return OutgoingMessage.objects.filter(
        channel=channel, gateway_id=gateway_id, status=S.SENT
    ).update(status=S.FAILED, error=error[:500])
