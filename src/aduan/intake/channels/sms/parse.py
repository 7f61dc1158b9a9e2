"""What an SMS gateway posts, understood: one ``SmsPart``; and the check of its signature."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from dataclasses import asdict, dataclass
from typing import Any

from django.http import HttpRequest, QueryDict

from aduan.cases.errors import IntakeError
from aduan.messaging.gateways import msisdn

SIGNATURE_HEADER = "X-Aduan-Signature"
TOKEN_HEADER = "X-Aduan-Token"  # noqa: S105 - a header name, not a secret

FIELDS = {
    "sender": ("from", "sender", "msisdn", "phone", "source"),
    "to": ("to", "recipient", "destination", "shortcode"),
    "text": ("text", "message", "body", "content"),
    "message_id": ("id", "message_id", "messageId", "message-id", "sms_id", "smsId"),
    "ref": ("concat_ref", "concat-ref", "ref", "reference"),
    "part": ("part", "concat_part", "concat-part", "part_number"),
    "total": ("parts", "total", "concat_total", "concat-total", "part_count"),
}


@dataclass
class SmsPart:
    sender: str  # international digits, e.g. 628123456789
    text: str
    to: str = ""
    message_id: str = ""
    ref: str = ""
    part: int = 1
    total: int = 1

    def as_payload(self) -> dict[str, Any]:
        return asdict(self)

    def key(self, today: dt.date) -> str:
        """The id a redelivery repeats: the gateway's message id, else (for a part) the
        sender, the concatenation reference and the part, or (a whole SMS) a digest, on that
        day (a phone reuses its 8-bit references, so an old one is no repeat)."""
        if self.message_id:
            return f"{self.sender}:{self.message_id}"
        if self.total > 1:
            return f"{self.sender}:{self.ref}:{self.part}/{self.total}:{today:%Y%m%d}"
        digest = hashlib.sha256(f"{self.to}\n{self.text}".encode()).hexdigest()[:32]
        return f"{self.sender}:{digest}:{today:%Y%m%d}"


def verify(body: bytes, headers: Any, secret: str) -> bool:
    """Whether the request carries the shared secret: an HMAC-SHA256 of the raw body in
    ``X-Aduan-Signature`` (hex, optionally ``sha256=``), or the secret itself in
    ``X-Aduan-Token``. Constant-time comparisons."""
    if not secret:
        return False
    signature = (headers.get(SIGNATURE_HEADER) or "").strip()
    if signature:
        signature = signature.removeprefix("sha256=").lower()
        expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
        return hmac.compare_digest(signature.encode(), expected.encode())
    token = (headers.get(TOKEN_HEADER) or "").strip()
    return bool(token) and hmac.compare_digest(token.encode(), secret.encode())


def data_of(request: HttpRequest) -> dict[str, Any]:
    """The posted fields, from JSON or a form."""
    if (request.content_type or "").endswith("json"):
        try:
            data = json.loads(request.body.decode("utf-8") or "{}")
        except (UnicodeDecodeError, ValueError) as exc:
            raise IntakeError("The body is not valid JSON.") from exc
        if not isinstance(data, dict):
            raise IntakeError("Expected a JSON object.")
        return data
    form: QueryDict = request.POST
    return {name: form.get(name) for name in form}


def _first(data: dict[str, Any], names: tuple[str, ...]) -> str:
    for name in names:
        value = data.get(name)
        if value not in (None, ""):
            return str(value).strip()
    return ""


def _int(value: str, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def parse_udh(udh: str) -> tuple[str, int, int] | None:
    """(reference, part, total) from a concatenation user-data header in hex (8- or 16-bit
    reference), or None."""
    try:
        data = bytes.fromhex(udh.replace(" ", ""))
    except ValueError:
        return None
    index, end = 1, 1 + (data[0] if data else 0)
    while index + 1 < min(end, len(data)):
        element, length = data[index], data[index + 1]
        value = data[index + 2 : index + 2 + length]
        if element == 0x00 and length == 3 and len(value) == 3:
            return str(value[0]), value[2], value[1]
        if element == 0x08 and length == 4 and len(value) == 4:
            return str(value[0] << 8 | value[1]), value[3], value[2]
        index += 2 + length
    return None


def parse(data: dict[str, Any]) -> SmsPart:
    """One part (or a whole SMS) from the posted fields; IntakeError if it cannot be used."""
    sender = msisdn(_first(data, FIELDS["sender"]))
    if len(sender) < 6:
        raise IntakeError("No usable sender number.")
    ref, part, total = (
        _first(data, FIELDS["ref"]),
        _int(_first(data, FIELDS["part"]), 1),
        _int(_first(data, FIELDS["total"]), 1),
    )
    udh = parse_udh(_first(data, ("udh",))) if data.get("udh") else None
    if udh is not None:
        ref, part, total = udh
    if total > 1 and not (ref and 1 <= part <= total <= 255):
        raise IntakeError("A part of a long SMS needs its reference, number and count.")
    if total <= 1:
        ref, part, total = "", 1, 1
    return SmsPart(
        sender=sender,
        text=str(data.get(next((n for n in FIELDS["text"] if n in data), "text")) or ""),
        to=_first(data, FIELDS["to"]),
        message_id=_first(data, FIELDS["message_id"])[:100],
        ref=ref[:40],
        part=part,
        total=total,
    )
