from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError, CommandParser

from aduan.deadlines.workdays import add_calendar_days, add_working_days
from aduan.directory.models import Office


class Command(BaseCommand):
    help = (
        "Print the due date N days after START (ISO) on the first line, then how it was "
        "computed. Example: aduan deadline 2026-03-16 14 --working --office babel"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("start", help="start date, YYYY-MM-DD")
        parser.add_argument("days", type=int, help="number of days")
        basis = parser.add_mutually_exclusive_group()
        basis.add_argument("--working", action="store_true", help="count working days")
        basis.add_argument(
            "--calendar", action="store_true", help="count calendar days (the default)"
        )
        parser.add_argument("--office", help="office code: adds that office's non-working days")

    def handle(self, *args: object, **options: object) -> None:
        try:
            start = dt.date.fromisoformat(str(options["start"]))
        except ValueError as exc:
            raise CommandError(
                f"{options['start']!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-03-16."
            ) from exc
        office = None
        if options["office"]:
            office = Office.objects.filter(code=options["office"]).first()
            if office is None:
                codes = ", ".join(Office.objects.values_list("code", flat=True)) or "none yet"
                raise CommandError(f"No office with code {options['office']!r} (known: {codes}).")
        compute = add_working_days if options["working"] else add_calendar_days
        try:
            due = compute(start, int(options["days"]), office=office)  # type: ignore[arg-type]
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(due.due.isoformat())
        for line in due.explain():
            self.stdout.write(line)
