"""A stored WhatsApp message → a new case or a note on an open one; a stored photo or
document → fetched from the Graph API and attached to its case."""

from __future__ import annotations

import datetime as dt
import mimetypes

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext as _

from aduan.cases.documents import document_add
from aduan.cases.errors import CaseError
from aduan.cases.models import Case, Document
from aduan.intake.channels.conversation import text_received
from aduan.intake.channels.whatsapp.parse import media_of, text_of
from aduan.intake.models import Inbound
from aduan.intake.services import accept, handler
from aduan.messaging import gateways

MEDIA_CHANNEL = "whatsapp-media"


@handler("whatsapp")
def handle(inbound: Inbound) -> Case | None:
    item = inbound.payload
    message = item["message"]
    text, media = text_of(message).strip(), media_of(message)
    if not text and media is None:
        inbound.note = f"message of type {message.get('type')!r} not kept"
        return None
    if not text:
        text = _("(a photo or document sent by WhatsApp)")
    case, _new = text_received(
        channel="whatsapp",
        sender=str(message["from"]),
        text=text,
        key=f"wa:{message['id']}"[:90],
        name=item.get("name", ""),
        received_at=_sent_at(message) or inbound.received_at,
    )
    if media is not None:
        # Fetched in its own task (its own inbound row), retried by the sweeper if it fails.
        accept(MEDIA_CHANNEL, media["media_id"], payload={**media, "case": case.pk})
    return case


@handler(MEDIA_CHANNEL)
def attach_media(inbound: Inbound) -> Case | None:
    data = inbound.payload
    case = Case.objects.get(pk=data["case"])
    content, mime_type = gateways.whatsapp_media(data["media_id"])  # GatewayError: retried
    name = data.get("filename") or _file_name(data["media_id"], mime_type or data["mime_type"])
    try:
        document_add(
            case=case,
            upload=SimpleUploadedFile(name, content, content_type=mime_type),
            kind=Document.Kind.EVIDENCE,
            actor=None,
        )
    except CaseError as exc:  # a kind of file not accepted, or too large: no use retrying
        inbound.note = str(exc)[:255]
        return None
    return case


def _file_name(media_id: str, mime_type: str) -> str:
    extension = mimetypes.guess_extension(mime_type.split(";")[0].strip()) or ""
    return f"whatsapp-{media_id}{extension}"


def _sent_at(message: dict) -> dt.datetime | None:
    try:
        return dt.datetime.fromtimestamp(int(message["timestamp"]), tz=dt.UTC)
    except (KeyError, TypeError, ValueError, OverflowError, OSError):
        return None
