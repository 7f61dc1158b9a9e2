"""The SMS and WhatsApp gateways: configured by settings, off (not broken) without them.

Everything that talks HTTP goes through ``http``, one small urllib function that tests replace.
SMS out is a generic HTTP API: ``POST ADUAN_SMS_SEND_URL`` with JSON ``{"to", "text"}`` and the
bearer ``ADUAN_SMS_SEND_TOKEN`` (an ``Idempotency-Key`` header lets a gateway that supports it
drop a repeated request). WhatsApp is the Business Cloud API of Meta (Graph API).
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

from django.conf import settings

GRAPH_URL = "https://graph.facebook.com/v20.0"
TIMEOUT = 20  # seconds


class GatewayError(Exception):
    """A gateway refused a request or could not be reached; the caller retries later."""


@dataclass
class Response:
    status: int
    body: bytes
    content_type: str = ""

    def json(self) -> Any:
        try:
            return json.loads(self.body.decode("utf-8") or "null")
        except (UnicodeDecodeError, ValueError) as exc:
            raise GatewayError(f"not JSON: {self.body[:100]!r}") from exc


def http(
    method: str,
    url: str,
    *,
    headers: dict[str, str] | None = None,
    payload: Any = None,
    limit: int | None = None,
) -> Response:
    """One HTTP request; JSON ``payload`` if given. Raises GatewayError unless 2xx. ``limit``:
    refuse a body larger than that many bytes."""
    data = None
    headers = dict(headers or {})
    if payload is not None:
        data = json.dumps(payload).encode("utf-8")
        headers.setdefault("Content-Type", "application/json")
    request = urllib.request.Request(url, data=data, method=method, headers=headers)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
            body = response.read(limit + 1 if limit else -1)
            if limit and len(body) > limit:
                raise GatewayError(f"response larger than {limit} bytes")
            return Response(response.status, body, response.headers.get("Content-Type", ""))
    except urllib.error.HTTPError as exc:
        detail = exc.read(300).decode("utf-8", "replace")
        raise GatewayError(f"HTTP {exc.code}: {detail}") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise GatewayError(f"{type(exc).__name__}: {exc}") from exc


def msisdn(phone: str) -> str:
    """An Indonesian phone number in international digits: '0812-3456 789' -> '628123456789'."""
    digits = re.sub(r"\D", "", phone or "")
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    elif digits.startswith("8") and len(digits) >= 9:
        digits = "62" + digits
    return digits


# --- SMS ----------------------------------------------------------------------------------
def sms_configured() -> bool:
    return bool(settings.ADUAN_SMS_SEND_URL and settings.ADUAN_SMS_SEND_TOKEN)


def send_sms(*, to: str, text: str, key: str) -> str:
    """Send one SMS; returns the gateway's message id (may be empty)."""
    response = http(
        "POST",
        settings.ADUAN_SMS_SEND_URL,
        headers={
            "Authorization": f"Bearer {settings.ADUAN_SMS_SEND_TOKEN}",
            "Idempotency-Key": key,
        },
        payload={"to": "+" + msisdn(to), "text": text},
    )
    data = response.json() if response.body.strip() else {}
    if isinstance(data, dict):
        for name in ("id", "message_id", "messageId", "sid"):
            if data.get(name):
                return str(data[name])[:100]
        messages = data.get("messages")
        if isinstance(messages, list) and messages and isinstance(messages[0], dict):
            return str(messages[0].get("id") or messages[0].get("message_id") or "")[:100]
    return ""


# --- WhatsApp -----------------------------------------------------------------------------
def whatsapp_configured() -> bool:
    return bool(settings.ADUAN_WHATSAPP_TOKEN and settings.ADUAN_WHATSAPP_PHONE_NUMBER_ID)


def _bearer() -> dict[str, str]:
    return {"Authorization": f"Bearer {settings.ADUAN_WHATSAPP_TOKEN}"}


def send_whatsapp(*, to: str, text: str) -> str:
    """Send one text message; returns its wamid."""
    response = http(
        "POST",
        f"{GRAPH_URL}/{settings.ADUAN_WHATSAPP_PHONE_NUMBER_ID}/messages",
        headers=_bearer(),
        payload={
            "messaging_product": "whatsapp",
            "to": msisdn(to),
            "type": "text",
            "text": {"body": text},
        },
    )
    data = response.json()
    try:
        return str(data["messages"][0]["id"])[:100]
    except (KeyError, IndexError, TypeError) as exc:
        raise GatewayError(f"unexpected answer: {response.body[:200]!r}") from exc


def whatsapp_media(media_id: str) -> tuple[bytes, str]:
    """(bytes, MIME type) of a photo or document a reporter sent: the Graph API gives a short-
    lived URL for the media id, fetched with the same bearer token."""
    if not settings.ADUAN_WHATSAPP_TOKEN:
        raise GatewayError("ADUAN_WHATSAPP_TOKEN is not set")
    meta = http("GET", f"{GRAPH_URL}/{media_id}", headers=_bearer()).json()
    url = meta.get("url") if isinstance(meta, dict) else None
    if not url or not str(url).startswith("https://"):
        raise GatewayError(f"no media URL for {media_id}")
    limit = settings.ADUAN_MAX_UPLOAD_MB * 1024 * 1024
    response = http("GET", str(url), headers=_bearer(), limit=limit)
    return response.body, str(meta.get("mime_type") or response.content_type or "")
