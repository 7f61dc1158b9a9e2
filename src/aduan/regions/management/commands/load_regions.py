from __future__ import annotations

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from aduan.regions.loader import RegionFileError, load_regions


class Command(BaseCommand):
    help = (
        "Load the Kepmendagri region list (CSV with columns kode, nama, tingkat, induk; "
        "plain or .gz). Without PATH, loads the list shipped with Aduan. Safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", help="CSV file (default: the shipped 2025 list)")

    def handle(self, *args: object, **options: object) -> None:
        path = Path(str(options["path"] or settings.ADUAN_REGIONS_FILE))
        started = time.monotonic()
        self.stdout.write(f"Loading regions from {path}")
        try:
            result = load_regions(path, progress=lambda line: self.stdout.write(f"  {line}"))
        except RegionFileError as exc:
            raise CommandError(f"{exc} Nothing was changed.") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.total} regions: {result.created} new, {result.updated} changed, "
                f"{result.unchanged} unchanged ({time.monotonic() - started:.1f} s)."
            )
        )
        if result.missing_from_file:
            self.stdout.write(
                f"{result.missing_from_file} regions in the database are not in this file; "
                "they were kept, since cases may refer to them."
            )
