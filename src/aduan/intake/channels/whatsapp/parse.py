"""The WhatsApp Cloud API webhook payload: its signature and the messages in it."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterator
from typing import Any

SIGNATURE_HEADER = "X-Hub-Signature-256"
MEDIA_TYPES = ("image", "document")


def verify(body: bytes, header: str, secret: str) -> bool:
    """Whether ``header`` is ``sha256=`` + the HMAC-SHA256 of ``body`` with the app secret."""
    if not secret or not header.startswith("sha256="):
        return False
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(header.removeprefix("sha256=").strip().lower(), expected)


def messages(payload: Any) -> Iterator[dict[str, Any]]:
    """Each message with what it needs from around it: ``{"message", "name",
    "phone_number_id"}`` (the sender's profile name from ``contacts``)."""
    if not isinstance(payload, dict):
        return
    for entry in payload.get("entry") or []:
        for change in (entry or {}).get("changes") or []:
            value = (change or {}).get("value") or {}
            names = {
                contact.get("wa_id"): (contact.get("profile") or {}).get("name", "")
                for contact in value.get("contacts") or []
                if isinstance(contact, dict)
            }
            phone_number_id = (value.get("metadata") or {}).get("phone_number_id", "")
            for message in value.get("messages") or []:
                if isinstance(message, dict) and message.get("id") and message.get("from"):
                    yield {
                        "message": message,
                        "name": str(names.get(message["from"]) or "")[:100],
                        "phone_number_id": phone_number_id,
                    }


def failed_statuses(payload: Any) -> Iterator[dict[str, str]]:
    """``{"id", "error"}`` of each outgoing message WhatsApp reports it could not deliver."""
    if not isinstance(payload, dict):
        return
    for entry in payload.get("entry") or []:
        for change in (entry or {}).get("changes") or []:
            for status in ((change or {}).get("value") or {}).get("statuses") or []:
                if isinstance(status, dict) and status.get("status") == "failed":
                    errors = status.get("errors") or [{}]
                    first = errors[0] if isinstance(errors[0], dict) else {}
                    error = f"{first.get('code', '')} {first.get('title', '')}".strip()
                    yield {"id": str(status.get("id") or ""), "error": error or "failed"}


def text_of(message: dict[str, Any]) -> str:
    """The words of a message: its text, a caption, a button's label or a shared place."""
    kind = message.get("type")
    body = message.get(kind) if isinstance(message.get(kind), dict) else {}
    if kind == "text":
        return str(body.get("body") or "")
    if kind in MEDIA_TYPES:
        return str(body.get("caption") or "")
    if kind == "button":
        return str(body.get("text") or "")
    if kind == "interactive":
        reply = body.get("button_reply") or body.get("list_reply") or {}
        return str(reply.get("title") or "")
    if kind == "location":
        parts = [body.get("name"), body.get("address")]
        place = ", ".join(str(p) for p in parts if p)
        return f"{place} ({body.get('latitude')}, {body.get('longitude')})".strip()
    return ""


def media_of(message: dict[str, Any]) -> dict[str, str] | None:
    """``{"media_id", "mime_type", "filename"}`` of a photo or document, else None."""
    kind = message.get("type")
    body = message.get(kind) if kind in MEDIA_TYPES else None
    if not isinstance(body, dict) or not body.get("id"):
        return None
    return {
        "media_id": str(body["id"]),
        "mime_type": str(body.get("mime_type") or ""),
        "filename": str(body.get("filename") or "")[:200],
    }
