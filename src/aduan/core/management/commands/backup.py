"""``aduan backup``: the database and every stored file in one archive (aduan.core.backup)."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from aduan.core.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Write one archive (.tar) with the database (pg_dump, or SQLite's online backup) and "
        "every file of the storage (disk or object storage), with a manifest of row counts and "
        "SHA-256 checksums. Safe while Aduan runs. Restore it with `aduan restore`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            "-o",
            help="the archive to write (default: aduan-backup-YYYYMMDD-HHMMSS.tar here)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
        output = Path(options["output"] or f"aduan-backup-{stamp}.tar")
        started = time.monotonic()
        try:
            summary = backup(output, say=self.stdout.write)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {summary.path} ({summary.size:,} bytes): "
                f"{len(summary.tables)} tables, {sum(summary.tables.values()):,} rows, "
                f"{summary.files:,} files ({time.monotonic() - started:.1f} s)."
            )
        )
