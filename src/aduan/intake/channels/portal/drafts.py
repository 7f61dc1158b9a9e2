"""Files of a report form that came back with an error, kept so the citizen need not attach
them again (without JavaScript: a browser never fills a file input again).

The form's hidden ``draft`` field carries a signed token naming the draft's key; the session
remembers the keys it made, so a token copied into another browser finds nothing. Files are
checked as a report's files are (``uploads.attachment``: size, real type, metadata stripped)
before they are kept; a file kept twice (same kind, same content) is kept once. Drafts expire
after ``DRAFT_MAX_AGE``: the token is refused after it, and ``expire`` (run by the sweeper)
deletes the rows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone

from aduan.intake.models import DraftFile
from aduan.intake.services import Attachment

DRAFT_SALT = "aduan.portal.draft"
DRAFT_MAX_AGE = 24 * 60 * 60  # seconds
SESSION_DRAFTS = "portal_drafts"
KEEP_KEYS = 5


class DraftRefused(Exception):
    """The token is forged, expired or another browser's."""


def new_key() -> str:
    return secrets.token_hex(16)


def sign(key: str) -> str:
    return signing.dumps(key, salt=DRAFT_SALT)


def open_token(token: str, session: Any) -> str:
    """The draft key of a signed token made in this session and not expired; else DraftRefused."""
    try:
        key = signing.loads(token, salt=DRAFT_SALT, max_age=DRAFT_MAX_AGE)
    except signing.BadSignature as exc:  # includes SignatureExpired
        raise DraftRefused from exc
    if not isinstance(key, str) or key not in session.get(SESSION_DRAFTS, []):
        raise DraftRefused
    return key


def remember(session: Any, key: str) -> None:
    keys = [k for k in session.get(SESSION_DRAFTS, []) if k != key]
    session[SESSION_DRAFTS] = [*keys[-(KEEP_KEYS - 1) :], key]


def files(key: str | None, *, now: dt.datetime | None = None) -> list[DraftFile]:
    if not key:
        return []
    since = (now or timezone.now()) - dt.timedelta(seconds=DRAFT_MAX_AGE)
    return list(DraftFile.objects.filter(key=key, created_at__gte=since).defer("data"))


def keep(key: str, attachments: list[Attachment]) -> list[DraftFile]:
    """Keep checked attachments in the draft (a file already kept is not kept twice)."""
    for item in attachments:
        digest = hashlib.sha256(item.data).hexdigest()
        try:
            with transaction.atomic():
                DraftFile.objects.get_or_create(
                    key=key,
                    kind=item.kind,
                    sha256=digest,
                    defaults={"name": item.name[-255:], "data": item.data, "size": len(item.data)},
                )
        except IntegrityError:  # a concurrent request kept it first
            pass
    return files(key)


def remove(key: str, ids: list[str]) -> int:
    """Remove the files the citizen ticked (only this draft's)."""
    wanted = [int(i) for i in ids if str(i).isdigit()]
    deleted, _ = DraftFile.objects.filter(key=key, pk__in=wanted).delete()
    return deleted


def attachments(key: str | None) -> list[Attachment]:
    """The draft's files as intake attachments (already checked when they were kept)."""
    if not key:
        return []
    since = timezone.now() - dt.timedelta(seconds=DRAFT_MAX_AGE)
    return [
        Attachment(name=row.name, data=bytes(row.data), kind=row.kind)
        for row in DraftFile.objects.filter(key=key, created_at__gte=since)
    ]


def discard(key: str | None) -> None:
    if key:
        DraftFile.objects.filter(key=key).delete()


def expire(*, now: dt.datetime | None = None) -> int:
    """Delete the files of drafts older than ``DRAFT_MAX_AGE``; returns how many."""
    since = (now or timezone.now()) - dt.timedelta(seconds=DRAFT_MAX_AGE)
    deleted, _ = DraftFile.objects.filter(created_at__lt=since).delete()
    return deleted
