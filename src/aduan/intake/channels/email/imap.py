"""The IMAP poller: the worker fetches unread mail from one mailbox every few seconds.

Each unseen message is stored (``services.store``: once per Message-ID) and only then marked
seen, so a crash in between means a second fetch, which the deduplication absorbs; nothing is
lost. Off unless ``ADUAN_IMAP_HOST`` is set.
"""

from __future__ import annotations

import contextlib
import imaplib
import logging

from django.conf import settings

from aduan.intake.channels.email.services import store

log = logging.getLogger(__name__)
MAX_PER_POLL = 200


def enabled() -> bool:
    return bool(getattr(settings, "ADUAN_IMAP_HOST", ""))


def _connect() -> imaplib.IMAP4:
    host = settings.ADUAN_IMAP_HOST
    port = getattr(settings, "ADUAN_IMAP_PORT", 0) or None
    if getattr(settings, "ADUAN_IMAP_SSL", True):
        client = imaplib.IMAP4_SSL(host, port or imaplib.IMAP4_SSL_PORT, timeout=60)
    else:
        client = imaplib.IMAP4(host, port or imaplib.IMAP4_PORT, timeout=60)
    client.login(settings.ADUAN_IMAP_USER, settings.ADUAN_IMAP_PASSWORD)
    return client


def _raw(data: list) -> bytes | None:
    """The message bytes in an IMAP FETCH answer."""
    for item in data or []:
        if isinstance(item, tuple) and len(item) >= 2 and isinstance(item[1], bytes):
            return item[1]
    return None


def poll_imap() -> int:
    """Fetch the unseen messages of the folder, store each, then mark it seen. Returns how many
    new messages were stored (a redelivered one is marked seen but not counted)."""
    if not enabled():
        return 0
    client = _connect()
    stored = 0
    try:
        status, _data = client.select(getattr(settings, "ADUAN_IMAP_FOLDER", "INBOX") or "INBOX")
        if status != "OK":
            raise imaplib.IMAP4.error(f"cannot open the folder: {_data!r}")
        status, found = client.uid("SEARCH", None, "UNSEEN")
        if status != "OK":
            raise imaplib.IMAP4.error(f"search failed: {found!r}")
        uids = (found[0] or b"").split()[:MAX_PER_POLL]
        for uid in uids:
            status, data = client.uid("FETCH", uid, "(BODY.PEEK[])")
            raw = _raw(data) if status == "OK" else None
            if not raw:
                log.warning("imap: message %s could not be fetched", uid)
                continue
            _inbound, created = store(raw)  # committed before the message is marked seen
            stored += created
            client.uid("STORE", uid, "+FLAGS", "(\\Seen)")
    finally:
        with contextlib.suppress(Exception):  # the folder may never have been opened
            client.close()
        try:
            client.logout()
        except Exception:  # the connection is already gone
            log.debug("imap: logout failed", exc_info=True)
    return stored
