"""Mail from templates: the one way Aduan's background tasks write e-mail.

``send_templated("prevention/email/reminder_agency", to, context)`` renders
``prevention/email/reminder_agency_subject.txt`` and ``…_body.txt`` in ``language`` (staff mail
is Indonesian; a reporter's follows their choice: ``…_body.en.txt`` is used where it exists) and
sends one message to the addresses, each once, empty ones dropped.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation


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
    with translation.override(language):
        subject = render_to_string(
            [f"{template}_subject.{language}.txt", f"{template}_subject.txt"], context
        ).strip()
        body = render_to_string(
            [f"{template}_body.{language}.txt", f"{template}_body.txt"], context
        )
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, headers=headers)
    return message.send()
