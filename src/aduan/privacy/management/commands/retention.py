"""``aduan retention [--office CODE] [--dry-run]``: anonymise reporters' identities of cases
closed longer ago than each office's archive period (``aduan.privacy.retention``)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from aduan.directory.models import Office
from aduan.privacy.retention import retention_run


class Command(BaseCommand):
    help = (
        "Anonymise the identities of reporters of cases closed longer ago than the office's "
        "archive period (UU 27/2022 Ps.43-44); --dry-run only reports what it would do."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--office", help="only this office (its code)")
        parser.add_argument(
            "--dry-run", action="store_true", help="change nothing; print what would be done"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        office = None
        if options["office"]:
            office = Office.objects.filter(code=options["office"]).first()
            if office is None:
                raise CommandError(f"No office with the code {options['office']!r}.")
        result = retention_run(
            office=office, dry_run=options["dry_run"], progress=self.stdout.write
        )
        verb = "would anonymise" if result.dry_run else "anonymised"
        for report in result.offices:
            self.stdout.write(
                f"{report.office} (closed before {report.cutoff:%Y-%m-%d}, "
                f"{report.archive_years} years): {verb} {report.reporters} reporters in "
                f"{len(report.cases)} cases, {report.documents} identifying documents"
                + (" deleted" if not result.dry_run else "")
            )
            for reference in report.cases:
                self.stdout.write(f"  {reference}")
        self.stdout.write(
            f"Total: {result.cases} cases, {result.reporters} reporters, "
            f"{result.documents} documents"
            + (" (dry run: nothing changed)" if result.dry_run else "")
        )
