"""A text from a reporter's phone (SMS or WhatsApp): a new report, or more words on an open one.

Shared by the ``sms`` and ``whatsapp`` channels. A text from a phone that belongs to a reporter
of an open case who chose that channel, with contact on it in the last ``CONTINUE_WITHIN``,
continues that case (``reporter_reply_add``: an internal note and an audit event); anything
else opens a new case through ``intake.services.submit``. A text that starts with the word
``BARU`` ("new") always opens a new case. Both paths are idempotent by the message's key, so a
retried message never makes a second case or a second note.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from aduan.cases.errors import WrongState
from aduan.cases.models import Case, Note, Reporter
from aduan.cases.services import case_reporter_completes
from aduan.cases.states import OPEN_STATES, State
from aduan.core import audit
from aduan.core.models import AuditEvent
from aduan.intake.models import Inbound
from aduan.intake.services import Attachment, Submission, submit
from aduan.messaging.gateways import msisdn

CONTINUE_WITHIN = dt.timedelta(days=90)
TITLE_WORDS = 10
NEW_REPORT = re.compile(r"^\s*baru\b[\s:.,-]*", re.IGNORECASE)
NAME_LINE = re.compile(r"^\s*nama\s*[:=]\s*(?P<name>[^\n#;]{2,100})", re.IGNORECASE | re.MULTILINE)
CHANNEL_NAMES = {Reporter.ContactChannel.SMS: "SMS", Reporter.ContactChannel.WHATSAPP: "WhatsApp"}


def open_case_for(*, phone: str, channel: str, now: dt.datetime | None = None) -> Case | None:
    """The latest open case of a reporter with this phone who chose ``channel``, if there was
    contact with them on that channel recently (the case was made, or they wrote, lately)."""
    number = msisdn(phone)
    if len(number) < 6:
        return None
    now = now or timezone.now()
    candidates = (
        Reporter.objects.filter(
            contact_channel=channel,
            phone__endswith=number[-4:],
            case__state__in=OPEN_STATES,
        )
        .select_related("case")
        .order_by("-case__received_at", "-case_id")
    )
    for reporter in candidates[:200]:
        if msisdn(reporter.phone) != number or not reporter.case.is_open:
            continue
        case = reporter.case
        last = (
            Inbound.objects.filter(channel=channel, case=case)
            .order_by("-received_at")
            .values_list("received_at", flat=True)
            .first()
        )
        if max(filter(None, [case.received_at, last])) >= now - CONTINUE_WITHIN:
            return case
        return None
    return None


def reporter_reply_add(*, case: Case, channel: str, text: str, key: str) -> Note:
    """Record a reporter's text on their case: an internal note (no staff author) and an audit
    event. A second call with the same ``key`` returns the first note. A case closed meanwhile
    is refused (the message is retried and then opens a new case)."""
    with transaction.atomic():
        case = (
            Case.objects.select_for_update(of=("self",), no_key=True)
            .select_related("office")
            .get(pk=case.pk)
        )
        done = (
            AuditEvent.objects.filter(
                action="case.reporter_wrote", target_id=str(case.pk), new__key=key
            )
            .values_list("new", flat=True)
            .first()
        )
        if done:
            return Note.objects.get(pk=done["note"])
        if not case.is_open:
            raise WrongState(_("The case is closed; the reporter's message opens a new one."))
        with translation.override(settings.LANGUAGE_CODE):
            heading = _("The reporter wrote by %(channel)s:") % {
                "channel": CHANNEL_NAMES.get(channel, channel)
            }
        note = Note.objects.create(
            case=case, kind=Note.Kind.INTERNAL, text=f"{heading}\n{text.strip()}", author=None
        )
        if case.state == State.AWAITING_COMPLETION:
            # The reporter's answer to the request to complete (UU 37/2008 Ps.25); a photo or
            # document sent with it arrives on its own and is added to the case.
            try:
                case_reporter_completes(
                    case=case,
                    via=channel,
                    reporter=_reporter_by_phone(case, channel),
                    note=text.strip(),
                    message=note,
                    key=f"{channel}:{key}"[:100],
                )
            except WrongState:
                pass  # too late (UU 37/2008 Ps.25(4)): the text stays a note
        audit.record(
            "case.reporter_wrote",
            actor=None,
            actor_label=CHANNEL_NAMES.get(channel, channel),
            target=case,
            office=case.office,
            new={"note": note.pk, "key": key, "channel": channel},
        )
    return note


def _reporter_by_phone(case: Case, channel: str) -> Reporter | None:
    return case.reporters.filter(contact_channel=channel).order_by("id").first()


def title_from(text: str) -> str:
    """The report's summary: its first words."""
    words = text.split()
    title = " ".join(words[:TITLE_WORDS])
    if len(words) > TITLE_WORDS:
        title += " …"
    return title[:200]


def name_from(text: str) -> str:
    """A name the reporter gave in the text ("Nama: Budi Santoso"), or ''."""
    match = NAME_LINE.search(text)
    return " ".join(match.group("name").split()) if match else ""


def text_received(
    *,
    channel: str,
    sender: str,
    text: str,
    key: str,
    name: str = "",
    received_at: dt.datetime | None = None,
    attachments: list[Attachment] | None = None,
) -> tuple[Case, bool]:
    """Continue the sender's open case with ``text``, or open a new case. Returns (case, new).
    Call inside the handler's transaction: the receipt to a new case's reporter is queued with
    it and delivered after commit."""
    text = (text or "").strip()
    force_new = bool(NEW_REPORT.match(text))
    if force_new:
        text = NEW_REPORT.sub("", text, count=1)
    if not text:
        text = _("(no text)")
    if not force_new:
        case = open_case_for(phone=sender, channel=channel)
        if case is not None:
            reporter_reply_add(case=case, channel=channel, text=text, key=key)
            return case, False
    number = msisdn(sender)
    label = CHANNEL_NAMES.get(channel, channel)
    reporter: dict[str, Any] = {
        # A stored name, in the office's language, until staff learn the real one.
        "name": name_from(text) or name or f"Pelapor {label} {number[-4:]}",
        "phone": f"+{number}",
        "contact_channel": channel,
    }
    case = submit(
        Submission(
            channel=channel,
            title=title_from(text),
            reporters=[reporter],
            key=key,
            received_at=received_at,
            attachments=attachments or [],
            fields={"chronology": text},
        )
    )
    from aduan.messaging.services import send_receipt

    send_receipt(case)
    return case, True
