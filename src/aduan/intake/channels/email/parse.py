"""Reading one raw e-mail (RFC 5322 / MIME) into what the intake needs, with the standard
library's ``email`` package (``policy=default``: charsets, quoted-printable and base64 bodies,
RFC 2231 and encoded-word file names are decoded there).

Nothing here touches the database: ``parse`` returns a ``Mail`` and the handler decides.
"""

from __future__ import annotations

import contextlib
import email
import email.policy
import hashlib
import re
from dataclasses import dataclass, field
from email.header import decode_header, make_header
from email.message import EmailMessage
from email.utils import getaddresses, parseaddr

from aduan.intake.channels.email.htmltext import html_to_text

MAX_CHRONOLOGY = 50_000
MAX_FORWARD_DEPTH = 3

# --- what marks a mail sent by a machine -----------------------------------------------------
AUTO_SUBJECT = re.compile(
    r"^\s*(automatic reply|auto[- ]?reply|autoreply|auto[- ]?response|out of (the )?office|"
    r"ooo\b|away from (the )?office|on vacation|vacation reply|balasan otomatis|"
    r"di luar kantor|sedang cuti|tidak di kantor|abwesenheit|r[ée]ponse automatique)",
    re.IGNORECASE,
)
BOUNCE_SENDERS = ("mailer-daemon", "postmaster", "mail-daemon", "mailerdaemon")
BOUNCE_SUBJECT = re.compile(
    r"^\s*(undeliverable|undelivered mail|delivery status notification|"
    r"mail delivery (failed|failure|subsystem)|returned mail|failure notice)",
    re.IGNORECASE,
)

# --- how a body is trimmed ----------------------------------------------------------------
FORWARD_MARKER = re.compile(
    r"^[ \t>]*(-{3,}\s*(forwarded message|pesan yang diteruskan|pesan terusan|"
    r"original message|pesan asli)\s*-{3,}|begin forwarded message:|"
    r"awal pesan yang diteruskan:)[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
ATTRIBUTION = re.compile(
    r"^[ \t]*(on|pada|le|am)\b[^\n]{0,300}(\n[^\n]{0,300}){0,2}?"
    r"\b(wrote|menulis|a écrit|schrieb)\s*:[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
OUTLOOK_HEADER = re.compile(
    r"^[ \t]*(from|dari)\s*:[^\n]*\n[ \t]*(sent|date|dikirim|tanggal)\s*:", re.IGNORECASE | re.M
)
SIGNATURE = re.compile(r"^-- ?$", re.MULTILINE)
RULE_TAIL = re.compile(r"(\n[ \t]*[_=-]{5,}[ \t]*)+\s*$")  # Outlook's line above a quote
MOBILE_FOOTER = re.compile(
    r"^\s*(sent from my |sent from mail for |get outlook for |dikirim dari |"
    r"dikirim dari yahoo|kirim dari )[^\n]*$",
    re.IGNORECASE | re.MULTILINE,
)
SUBJECT_PREFIX = re.compile(
    r"^\s*((re|fw|fwd|aw|wg|tr|rv|sv|vs|bls|balas|trs|terus|fyi)\s*(\[\d+\])?\s*:\s*|"
    r"\[[^\]]{0,40}\]\s*)+",
    re.IGNORECASE,
)

ENGLISH = frozenset(
    "the and is are was were i my to of in not have has had please this that with for it "
    "they be been would could will my our we you your there their about because".split()
)
INDONESIAN = frozenset(
    "yang dan di ke dari saya tidak ini itu untuk dengan pada sudah belum kami mohon karena "
    "ada akan bapak ibu kepada tetapi namun juga atau sebagai oleh agar dalam bahwa".split()
)
WORD = re.compile(r"[a-zA-Z]+")


@dataclass
class Part:
    """A file carried by the mail (an attachment, or an inline image)."""

    name: str
    data: bytes
    content_type: str
    inline: bool = False


@dataclass
class Mail:
    message_id: str
    from_name: str
    from_address: str
    subject: str
    title: str
    body: str
    references: list[str] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)
    automatic: str = ""  # why it is a machine's mail ("auto-reply", "bounce"), else ""
    language: str = "id"
    reply_body: str = ""  # the body cut at the first quote or forward (for replies)


# --- small helpers ------------------------------------------------------------------------
def load(raw: bytes) -> EmailMessage:
    return email.message_from_bytes(raw, policy=email.policy.default)  # type: ignore[return-value]


def _header(message: EmailMessage, name: str) -> str:
    """A header as text; a malformed header gives its raw value rather than an exception."""
    try:
        value = message.get(name)
    except Exception:  # the header parser gave up on it
        value = ""
    return " ".join(str(value or "").split())


def clean_id(value: str) -> str:
    return value.strip().strip("<>").strip()


def message_ids(value: str) -> list[str]:
    """The message ids in a Message-ID, In-Reply-To or References header."""
    found = re.findall(r"<([^<>\s]+)>", value or "")
    if not found and value.strip():
        found = [clean_id(token) for token in value.split()]
    return [item for item in found if item]


def message_id(raw: bytes, message: EmailMessage | None = None) -> str:
    """The sender's Message-ID, or a stable one made from the content (line endings ignored)."""
    message = message if message is not None else load(raw)
    ids = message_ids(_header(message, "Message-ID"))
    if ids:
        return ids[0][:255]
    normalised = raw.replace(b"\r\n", b"\n").strip()
    return f"sha256-{hashlib.sha256(normalised).hexdigest()}@aduan.invalid"


def clean_subject(subject: str) -> str:
    """The subject without Re:/Fwd: prefixes and [tags]."""
    return " ".join(SUBJECT_PREFIX.sub("", subject or "").split())


def guess_language(text: str) -> str:
    """ "en" only when the text is clearly English, else "id"."""
    words = [word.lower() for word in WORD.findall(text[:5000])]
    english = sum(word in ENGLISH for word in words)
    indonesian = sum(word in INDONESIAN for word in words)
    return "en" if english >= 5 and english >= 3 * max(indonesian, 1) else "id"


def safe_name(name: str, fallback: str) -> str:
    """A file name without directories or control characters."""
    name = name or ""
    if "=?" in name:  # an encoded word the parser left as it was
        with contextlib.suppress(Exception):  # keep the name as it came
            name = str(make_header(decode_header(name)))
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(char for char in name if char.isprintable()).strip(" .")
    return (name or fallback)[-200:]


def _text(part: EmailMessage) -> str:
    """The decoded text of a text/* part, whatever its charset claims."""
    try:
        content = part.get_content()
    except (LookupError, UnicodeError, AssertionError, KeyError):
        content = None
    if not isinstance(content, str):
        payload = part.get_payload(decode=True) or b""
        charset = part.get_content_charset() or "utf-8"
        try:
            content = payload.decode(charset, errors="replace")
        except LookupError:
            content = payload.decode("utf-8", errors="replace")
    return content.replace("\r\n", "\n").replace("\r", "\n")


def _bytes(part: EmailMessage) -> bytes:
    payload = part.get_payload(decode=True)
    return payload if isinstance(payload, bytes) else b""


# --- automatic mail -----------------------------------------------------------------------
def automatic(message: EmailMessage, from_address: str) -> str:
    """Why a mail was sent by a machine ("bounce" or "auto-reply"), or "" for a person's."""
    local = from_address.split("@", 1)[0].lower()
    return_path = _header(message, "Return-Path")
    if (
        message.get_content_type() == "multipart/report"
        or local in BOUNCE_SENDERS
        or return_path.replace(" ", "") == "<>"
        or BOUNCE_SUBJECT.match(_header(message, "Subject"))
    ):
        return "bounce"
    auto_submitted = _header(message, "Auto-Submitted").lower()
    precedence = _header(message, "Precedence").lower()
    suppress = _header(message, "X-Auto-Response-Suppress").lower()
    if (
        (auto_submitted and auto_submitted != "no")
        or message.get("X-Autoreply") is not None
        or message.get("X-Autorespond") is not None
        or precedence in {"bulk", "junk", "auto_reply"}
        or any(word in suppress for word in ("all", "oof", "autoreply"))
        or AUTO_SUBJECT.match(_header(message, "Subject"))
    ):
        return "auto-reply"
    return ""


# --- the body -----------------------------------------------------------------------------
def _body_part(message: EmailMessage) -> EmailMessage | None:
    try:
        return message.get_body(preferencelist=("plain", "html"))  # type: ignore[return-value]
    except Exception:  # a broken structure: no body
        return None


def _body_text(part: EmailMessage | None) -> str:
    if part is None:
        return ""
    text = _text(part)
    if part.get_content_subtype() == "html":
        text = html_to_text(text)
    return text


def _cut_signature(text: str) -> str:
    match = SIGNATURE.search(text)
    if match:
        text = text[: match.start()]
    footer = MOBILE_FOOTER.search(text)
    if footer and not text[footer.end() :].strip():
        text = text[: footer.start()]
    return RULE_TAIL.sub("", text).rstrip()


def _cut_quoted_tail(text: str) -> str:
    """Drop an "On … wrote:" attribution followed only by quoted (``>``) lines."""
    for match in ATTRIBUTION.finditer(text):
        rest = [line for line in text[match.end() :].splitlines() if line.strip()]
        if rest and all(line.lstrip().startswith(">") for line in rest):
            return text[: match.start()].rstrip()
    return text


def trim(text: str) -> str:
    """A new report's body: the quoted tail and the signature go, a forwarded part stays."""
    text = text.strip()
    forward = FORWARD_MARKER.search(text)
    head, tail = (text[: forward.start()], text[forward.start() :]) if forward else (text, "")
    head = _cut_signature(_cut_quoted_tail(head))
    return "\n\n".join(piece for piece in (head.strip(), tail.strip()) if piece)


def reply_text(text: str) -> str:
    """A reply's own words: cut at the first quote, forward or Outlook header block."""
    cuts = [len(text)]
    for pattern in (ATTRIBUTION, FORWARD_MARKER, OUTLOOK_HEADER):
        match = pattern.search(text)
        if match:
            cuts.append(match.start())
    quoted = re.search(r"^>", text, re.MULTILINE)
    if quoted:
        cuts.append(quoted.start())
    return _cut_signature(text[: min(cuts)]).strip()


# --- the whole message --------------------------------------------------------------------
def _walk(
    message: EmailMessage,
    body: EmailMessage | None,
    parts: list[Part],
    forwards: list[str],
    depth: int,
) -> None:
    """Collect the files and the forwarded messages of ``message`` (not its body part)."""
    for part in message.iter_parts() if message.is_multipart() else []:
        if part is body:
            continue
        content_type = part.get_content_type()
        if content_type == "message/rfc822":
            inner = part.get_payload()
            inner = inner[0] if isinstance(inner, list) and inner else inner
            if isinstance(inner, EmailMessage) and depth < MAX_FORWARD_DEPTH:
                forwards.append(_forwarded(inner, parts, forwards, depth + 1))
            continue
        if part.is_multipart():
            _walk(part, body, parts, forwards, depth)
            continue
        disposition = part.get_content_disposition()
        filename = part.get_filename()
        if part.get_content_maintype() == "text" and not filename and disposition != "attachment":
            continue  # the other alternative of the body, or a stray text part
        data = _bytes(part)
        if not data:
            continue
        inline = disposition == "inline" or (disposition is None and "Content-ID" in part)
        extension = part.get_content_subtype() if part.get_content_maintype() == "image" else "bin"
        parts.append(
            Part(
                name=safe_name(filename or "", f"lampiran-{len(parts) + 1}.{extension}"),
                data=data,
                content_type=content_type,
                inline=bool(inline and part.get_content_maintype() == "image"),
            )
        )


def _forwarded(inner: EmailMessage, parts: list[Part], forwards: list[str], depth: int) -> str:
    """The text of a forwarded message (message/rfc822), with its headers; its files join."""
    body = _body_part(inner)
    lines = ["---------- Forwarded message ---------"]
    for name in ("From", "Date", "Subject", "To"):
        value = _header(inner, name)
        if value:
            lines.append(f"{name}: {value}")
    text = _body_text(body).strip()
    _walk(inner, body, parts, forwards, depth)
    return "\n".join(lines) + ("\n\n" + text if text else "")


def parse(raw: bytes) -> Mail:
    """Everything the intake reads from one raw message."""
    message = load(raw)
    name, address = parseaddr(_header(message, "From"))
    if not address:
        addresses = getaddresses([_header(message, "Sender"), _header(message, "Reply-To")])
        name, address = next(((n, a) for n, a in addresses if a), ("", ""))
    subject = _header(message, "Subject")
    references = message_ids(_header(message, "In-Reply-To")) + message_ids(
        _header(message, "References")
    )
    mail = Mail(
        message_id=message_id(raw, message),
        from_name=name.strip().strip("\"'"),
        from_address=address.strip().lower(),
        subject=subject,
        title=clean_subject(subject),
        body="",
        references=list(dict.fromkeys(references)),
        automatic=automatic(message, address.strip()),
    )
    if mail.automatic:
        return mail
    body_part = _body_part(message)
    text = _body_text(body_part)
    forwards: list[str] = []
    _walk(message, body_part, mail.parts, forwards, 0)
    if not message.is_multipart() and message.get_content_maintype() != "text":
        data = _bytes(message)  # a mail that is only a file
        if data:
            mail.parts.append(
                Part(safe_name(message.get_filename() or "", "lampiran"), data, "", False)
            )
    mail.reply_body = reply_text(text)[:MAX_CHRONOLOGY]
    body = "\n\n".join(piece for piece in [trim(text), *forwards] if piece.strip())
    mail.body = body[:MAX_CHRONOLOGY]
    mail.language = guess_language(f"{mail.title}\n{mail.body}")
    return mail
