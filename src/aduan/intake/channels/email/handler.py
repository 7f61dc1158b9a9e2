"""The e-mail handler: one stored raw message → a new case, a reply on a case, or ignored.

Machine mail (auto-replies, out-of-office, bounces) and mail from Aduan's own address are
ignored, so a receipt can never start a mail loop. A reply in the thread of a case's mail is
added to that case and never opens a new one. Anything else becomes a report through
``intake.services.submit``, keyed by the Message-ID so that a retry returns the first case.
"""

from __future__ import annotations

import hashlib
import io
from email.utils import parseaddr

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from aduan.cases.documents import check_content
from aduan.cases.errors import CaseError
from aduan.cases.models import Case, Reporter
from aduan.intake.channels.email.parse import Mail, parse
from aduan.intake.channels.email.services import CHANNEL, case_add_reporter_mail, thread_case
from aduan.intake.models import Inbound
from aduan.intake.services import Attachment, Submission, handler, submit


def _own_addresses() -> set[str]:
    values = [settings.DEFAULT_FROM_EMAIL, settings.SERVER_EMAIL]
    values.append(getattr(settings, "ADUAN_IMAP_USER", "") or "")
    return {parseaddr(value)[1].lower() for value in values if value and "@" in value}


def files(mail: Mail) -> tuple[list[Attachment], list[str]]:
    """The mail's files that cases accept (type sniffed, size checked), and what was dropped."""
    limit = settings.ADUAN_MAX_UPLOAD_MB * 1024 * 1024
    kept: list[Attachment] = []
    dropped: list[str] = []
    for part in mail.parts:
        if len(part.data) > limit:
            dropped.append(_("%(name)s (too large)") % {"name": part.name})
            continue
        try:
            content_type, _extension = check_content(io.BytesIO(part.data), part.name)
        except CaseError:
            if not part.inline:
                dropped.append(_("%(name)s (type not accepted)") % {"name": part.name})
            continue  # an inline picture that is no real image (a tracker, a GIF logo)
        if part.inline and not content_type.startswith("image/"):
            continue
        kept.append(Attachment(part.name, part.data, kind="bukti"))
    return kept, dropped


def _note(inbound: Inbound, *parts: str) -> None:
    inbound.note = "; ".join(part for part in parts if part)[:255]


def _dropped(dropped: list[str]) -> str:
    if not dropped:
        return ""
    return _("files dropped: %(files)s") % {"files": ", ".join(dropped)}


@handler(CHANNEL)
def handle(inbound: Inbound) -> Case | None:
    mail = parse(bytes(inbound.raw))
    if mail.automatic:
        _note(inbound, _("ignored: %(why)s") % {"why": mail.automatic})
        return None
    if not mail.from_address:
        _note(inbound, _("ignored: no sender address"))
        return None
    try:
        validate_email(mail.from_address)
    except ValidationError:
        _note(inbound, _("ignored: the sender address is not valid"))
        return None
    if mail.from_address in _own_addresses():
        _note(inbound, _("ignored: sent from Aduan's own address"))
        return None
    kept, dropped = files(mail)

    case = thread_case(mail)
    if case is not None:
        case_add_reporter_mail(
            case=case,
            text=mail.reply_body,
            subject=mail.subject,
            message_id=mail.message_id,
            files=kept,
            sender=mail.from_address,
        )
        _note(
            inbound,
            _("reply added to case %(reference)s") % {"reference": case.reference},
            _dropped(dropped),
        )
        return case

    if not (mail.body.strip() or kept):
        _note(inbound, _("ignored: empty message"), _dropped(dropped))
        return None
    name = mail.from_name or mail.from_address.split("@", 1)[0]
    reporter = {
        "name": name[:200],
        "email": mail.from_address,
        "contact_channel": Reporter.ContactChannel.EMAIL,
        "language": mail.language,
    }
    digest = hashlib.sha256(mail.message_id.encode()).hexdigest()[:40]
    case = submit(
        Submission(
            channel=CHANNEL,
            title=(mail.title or _("E-mail without a subject"))[:255],
            reporters=[reporter],
            key=digest,
            received_at=inbound.received_at,
            attachments=kept,
            fields={"chronology": mail.body},
        )
    )
    _note(inbound, _("case %(reference)s") % {"reference": case.reference}, _dropped(dropped))
    return case
