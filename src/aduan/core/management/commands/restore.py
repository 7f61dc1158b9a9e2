"""``aduan restore ARCHIVE``: an ``aduan backup`` archive into an empty installation."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from aduan.core.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore an `aduan backup` archive: checks its manifest and every checksum, restores "
        "the database (into DATABASE_URL, or the SQLite file) and the files (into the "
        "configured storage), then counts every table and hashes every file again. Refuses an "
        "installation that already has tables or files unless --force. Stop the web servers and "
        "workers first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="the .tar written by `aduan backup`")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace whatever this installation's database and storage hold (destructive)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        try:
            result = restore(
                Path(options["archive"]), force=options["force"], say=self.stdout.write
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        width = max((len(name) for name in result.tables), default=10)
        for name, (expected, found) in result.tables.items():
            if expected or found:
                mark = "ok" if expected == found else "DIFFERS"
                self.stdout.write(f"  {name:<{width}} {found:>10,}  {mark}")
        rows = sum(found for _expected, found in result.tables.values() if found > 0)
        self.stdout.write(
            f"Tables: {len(result.tables)} counted, {rows:,} rows, "
            f"{len(result.table_problems)} differ. Files: {result.files_ok:,} match their "
            f"checksums, {len(result.file_problems)} do not."
        )
        problems = result.table_problems + result.file_problems
        if problems:
            for line in problems[:50]:
                self.stderr.write(f"  {line}")
            raise CommandError(
                "The restored installation differs from the backup (above). Do not start Aduan on "
                "it; restore again with --force, or from another backup."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored and verified ({time.monotonic() - started:.1f} s). Next: `aduan "
                "migrate` (when this Aduan is newer than the backup's), `aduan audit verify`, "
                "then start the web servers and workers."
            )
        )
