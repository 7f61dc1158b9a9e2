"""Mail from templates: the one way Aduan's background tasks write e-mail.

``send_templated("prevention/email/reminder_agency", to, context)`` renders
``prevention/email/reminder_agency_subject.txt`` and ``…_body.txt`` in ``language`` (staff mail
is Indonesian; a reporter's follows their choice: ``…_body.en.txt`` is used where it exists) and
sends one message to the addresses, each once, empty ones dropped.

Inside a task run by ``aduan worker``, each mail the server accepted is recorded at once, in its
own commit (``SentMail``); when the task runs again because its worker died, the mails already
recorded are skipped. So task mail goes out at least once, and twice only if the worker dies in
the instant between the server's acceptance and that commit (decision 0024).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.crypto import salted_hmac

log = logging.getLogger("aduan.mail")


def send_templated(
    template: str,
    to: Iterable[str],
    context: dict,
    *,
    language: str = "id",
    headers: dict | None = None,
) -> int:
    """Render ``{template}_subject.txt`` and ``{template}_body.txt`` (or their ``.{language}``
    variants) and mail them to ``to``. Returns the number of messages sent (0 with nobody)."""
    recipients = list(dict.fromkeys(address for address in to if address))
    if not recipients:
        return 0
    key = _sent_key(template, recipients)
    if key and _already_sent(key):
        log.info("mail %s skipped: sent before this task was run again", template)
        return 1
    with translation.override(language):
        subject = render_to_string(
            [f"{template}_subject.{language}.txt", f"{template}_subject.txt"], context
        ).strip()
        body = render_to_string(
            [f"{template}_body.{language}.txt", f"{template}_body.txt"], context
        )
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, headers=headers)
    sent = message.send()
    if key and sent:
        _record_sent(key)
    return sent


def _sent_key(template: str, recipients: list[str]) -> str:
    """The mail's key in ``SentMail`` when a worker runs this inside a task (else ""): the
    task, the template, the recipients and how many such mails the run sent before it."""
    from aduan.core.workers import CURRENT_TASK, MAIL_COUNTS

    task_id, counts = CURRENT_TASK.get(), MAIL_COUNTS.get()
    if not task_id or counts is None:
        return ""
    what = "\x00".join([template, *sorted(recipients)])
    counts[what] = counts.get(what, 0) + 1
    value = f"{task_id}\x00{what}\x00{counts[what]}"
    return salted_hmac("aduan.core.mail.sent", value, algorithm="sha256").hexdigest()


def _already_sent(key: str) -> bool:
    from aduan.core.models import SentMail

    return SentMail.objects.filter(key=key).exists()


def _record_sent(key: str) -> None:
    """Committed at once when the caller is not in a transaction (every task today); inside one,
    it commits with it."""
    from aduan.core.models import SentMail
    from aduan.core.workers import CURRENT_TASK

    SentMail.objects.bulk_create(
        [SentMail(key=key, task_id=CURRENT_TASK.get())], ignore_conflicts=True
    )
