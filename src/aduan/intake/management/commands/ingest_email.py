"""``aduan ingest-email``: one raw e-mail from the mail server, stored and processed at once.

For a mail server's pipe (Postfix ``mailbox_command``/``transport``, an Exim pipe, a
``.forward`` file)::

    aduan ingest-email < message.eml
    aduan ingest-email /path/to/message.eml

Exit status: 0 once the message is stored (so the mail server does not retry, even if turning it
into a case fails: the sweeper retries that); 75 (EX_TEMPFAIL) when the database cannot be
reached, so the mail server keeps the message and delivers it again later; 65 (EX_DATAERR) for
empty input.
"""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, InterfaceError

from aduan.intake.channels.email.services import store
from aduan.intake.models import Inbound
from aduan.intake.services import process

EX_DATAERR = 65
EX_TEMPFAIL = 75


class Command(BaseCommand):
    help = "Store one raw e-mail (from stdin or a file) and turn it into a case."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("path", nargs="?", help="a file with the message (default: stdin)")

    def handle(self, *args: Any, **options: Any) -> None:
        path = options.get("path")
        raw = Path(path).read_bytes() if path and path != "-" else sys.stdin.buffer.read()
        if not raw.strip():
            raise CommandError("no message on the input", returncode=EX_DATAERR)
        try:
            inbound, created = store(raw)
        except (DatabaseError, InterfaceError) as exc:
            raise CommandError(
                f"the database is unavailable, try again later: {exc}", returncode=EX_TEMPFAIL
            ) from exc
        # Stored: from here on the mail server must not retry, whatever happens next.
        try:
            process(inbound.pk)
            inbound.refresh_from_db()
        except Exception as exc:  # stored; the sweeper retries it
            self.stdout.write(f"stored as inbound {inbound.pk}; processing will be retried ({exc})")
            return
        self.stdout.write(self._outcome(inbound, created))

    def _outcome(self, inbound: Inbound, created: bool) -> str:
        prefix = "" if created else "duplicate of an earlier delivery: "
        if inbound.status == Inbound.Status.PROCESSED and inbound.case is not None:
            return f"{prefix}{inbound.note or inbound.case.reference}"
        if inbound.status == Inbound.Status.IGNORED:
            return f"{prefix}{inbound.note}"
        return f"{prefix}stored as inbound {inbound.pk}, {inbound.status}: {inbound.error}"
