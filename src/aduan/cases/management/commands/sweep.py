from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandParser

from aduan.cases.sweeper import sweep


class Command(BaseCommand):
    help = (
        "Apply what the clocks imply (deemed withdrawn, deemed waived, handover to Resmon) and "
        "send reminders. Safe to repeat and to run in several processes at once. "
        "`aduan worker` also runs it every few minutes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-reminders", action="store_true", help="only expire clocks")

    def handle(self, *args: object, **options: object) -> None:
        started = time.monotonic()
        result = sweep(reminders=not options["no_reminders"])
        parts = ", ".join(f"{n} {what}" for what, n in sorted(result.consequences.items()))
        self.stdout.write(
            f"{result.receipts_presumed} receipts presumed, "
            f"{result.expired} clocks ran out ({parts or 'no consequences'}), "
            f"{result.reminders} reminders, {result.errors} skipped "
            f"({time.monotonic() - started:.2f} s)."
        )
