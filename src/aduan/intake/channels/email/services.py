"""State changes of the e-mail channel: storing a raw message, and a reporter's reply on a case.

``store`` is what the mail server pipe (``aduan ingest-email``) and the IMAP poller call: it
stores the raw message once (deduplicated by its Message-ID, or by a hash of its bytes when it
has none) before the sender is acknowledged. ``case_add_reporter_mail`` records a reporter's
reply to the mail thread of an existing case as an internal note, with its files.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from aduan.cases.documents import document_add
from aduan.cases.errors import WrongState
from aduan.cases.models import Case, Note
from aduan.cases.services import case_reporter_completes
from aduan.cases.states import State
from aduan.core import audit
from aduan.intake.channels.email.parse import Mail, load, message_id
from aduan.intake.models import Inbound
from aduan.intake.services import Attachment, accept

CHANNEL = "email"
SYNTHETIC_DOMAIN = "@aduan.invalid"


def store(raw: bytes) -> tuple[Inbound, bool]:
    """Store one raw message durably, once. Returns (row, created)."""
    message = load(raw)
    external_id = message_id(raw, message)
    real_id = "" if external_id.endswith(SYNTHETIC_DOMAIN) else external_id
    try:
        subject = " ".join(str(message.get("Subject") or "").split())[:200]
    except Exception:  # a header the parser cannot read is not a reason to refuse the mail
        subject = ""
    return accept(
        CHANNEL, external_id, payload={"message_id": real_id, "subject": subject}, raw=raw
    )


def thread_case(mail: Mail) -> Case | None:
    """The case whose mail thread ``mail`` answers: one of its earlier inbound mails is in
    In-Reply-To/References, or the subject carries the case's reference and the mail comes from
    an address of one of its reporters. Never guesses beyond that."""
    if mail.references:
        earlier = (
            Inbound.objects.filter(
                channel=CHANNEL, external_id__in=mail.references[:100], case__isnull=False
            )
            .select_related("case")
            .order_by("-received_at", "-id")
            .first()
        )
        if earlier is not None:
            return earlier.case
    if not mail.from_address or not mail.subject:
        return None
    candidates = (
        Case.objects.filter(reporters__email__iexact=mail.from_address)
        .distinct()
        .order_by("-received_at")[:200]
    )
    for case in candidates:
        pattern = rf"(?<![\w/.-]){re.escape(case.reference)}(?![\w/.-])"
        if case.reference and re.search(pattern, mail.subject, re.IGNORECASE):
            return case
    return None


def case_add_reporter_mail(
    *,
    case: Case,
    text: str,
    subject: str,
    message_id: str,
    files: Iterable[Attachment] = (),
    sender: str = "",
) -> Note:
    """Record a reporter's reply by e-mail on ``case``: an internal note (no author: it came
    from the reporter) with the reply's words, its files as evidence, and an audit event. To a
    case waiting for completion the reply is the reporter's completion (UU 37/2008 Ps.25,
    ``case_reporter_completes``, ``via="email"``), keyed by the Message-ID; one that comes too
    late is kept as a note all the same."""
    heading = _("Reply by e-mail from the reporter")
    body = "\n\n".join(
        piece for piece in (heading, subject.strip(), text.strip() or _("(no text)")) if piece
    )
    files = list(files)
    with transaction.atomic():
        case = (
            Case.objects.select_for_update(of=("self",), no_key=True)
            .select_related("office")
            .get(pk=case.pk)
        )
        note = Note.objects.create(case=case, kind=Note.Kind.INTERNAL, text=body, author=None)
        documents = None
        if case.state == State.AWAITING_COMPLETION:
            reporter = (
                case.reporters.filter(email__iexact=sender).order_by("id").first()
                if sender
                else None
            )
            try:
                completion = case_reporter_completes(
                    case=case,
                    via="email",
                    reporter=reporter,
                    attachments=files,
                    note=text.strip() or subject.strip(),
                    message=note,
                    key=f"email:{message_id}"[:100],
                )
            except WrongState:
                pass  # too late (UU 37/2008 Ps.25(4)): the reply stays a note
            else:
                documents = list(completion.documents.values_list("pk", flat=True))
        if documents is None:
            documents = [
                document_add(
                    case=case,
                    upload=SimpleUploadedFile(item.name, item.data),
                    kind=item.kind,
                    actor=None,
                ).pk
                for item in files
            ]
        audit.record(
            "case.reporter_mail",
            actor=None,
            actor_label="pelapor (e-mail)",
            target=case,
            office=case.office,
            new={"note": note.pk, "message_id": message_id[:255], "documents": documents},
        )
    return note
