from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandParser

from aduan.cases.models import Case
from aduan.search.services import BATCH_SIZE, reindex


class Command(BaseCommand):
    help = (
        "Rebuild the search index of cases (all of them, or one office's). Safe to run again and "
        "while people work: each batch is its own transaction."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--office", help="only the cases of the office with this code")
        parser.add_argument(
            "--batch-size", type=int, default=BATCH_SIZE, help="cases per transaction"
        )

    def handle(self, *args: object, **options: object) -> None:
        cases = Case.objects.all()
        if options["office"]:
            cases = cases.filter(office__code=options["office"])
        started = time.monotonic()
        self.stdout.write("Indexing cases for search")
        count = reindex(
            cases,
            batch_size=max(1, int(options["batch_size"])),
            progress=lambda line: self.stdout.write(f"  {line}"),
        )
        self.stdout.write(
            self.style.SUCCESS(f"{count:,} cases indexed ({time.monotonic() - started:.1f} s).")
        )
