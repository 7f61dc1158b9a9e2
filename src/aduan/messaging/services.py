"""Messages to reporters go out through the channel each reporter chose, in their language.

``queue_for_reporters`` runs inside the transaction that records the message on the case (a
``Note`` to the reporter), so a message exists exactly when the note does; delivery runs in the
background after commit. E-mail is delivered now; SMS and WhatsApp are recorded as waiting for
their gateway, and post or phone as work for staff, so nothing is silently dropped.
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

from aduan.cases.models import Case, Note, Reporter
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
        return S.CHANNEL_NOT_READY if reporter.phone else S.NO_ADDRESS
    return S.BY_HAND


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
    from aduan.messaging.tasks import deliver_task

    for message in messages:
        if message.status == S.QUEUED:
            pk = message.pk
            transaction.on_commit(lambda pk=pk: deliver_task.enqueue(message_id=pk))
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
        message.attempts += 1
        address = message.reporter.email if message.reporter else ""
        if not address:
            message.status = S.NO_ADDRESS
        else:
            try:
                send_mail(message.subject, message.body, settings.DEFAULT_FROM_EMAIL, [address])
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
        message.save(update_fields=["status", "sent_at", "error", "attempts"])
        return message.status


def retry_queued(*, now: Any = None, limit: int = 200) -> int:
    """Send again the messages still queued a few minutes after they were written (a failed
    attempt, or a worker that stopped); called by the sweeper. Returns how many went out."""
    now = now or timezone.now()
    stuck = OutgoingMessage.objects.filter(
        status=S.QUEUED, attempts__lt=MAX_ATTEMPTS, created_at__lt=now - RETRY_AFTER
    ).values_list("pk", flat=True)[:limit]
    return sum(deliver(pk) == S.SENT for pk in list(stuck))
