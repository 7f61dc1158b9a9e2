"""``aduan holidays sync``: after an upgrade of the holiday data (the ``holidays`` package),
compare it with the days last loaded and recompute at once the open clocks that count through a
day that changed (each moved due date goes on its case's timeline). Run it after every deploy.
``aduan holidays list 2026`` prints a year's national holidays and cuti bersama as Aduan counts
them (the administrator's cancellations and moves applied)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from aduan.deadlines.models import Deadline
from aduan.deadlines.services import holiday_data_sync
from aduan.deadlines.workdays import calendar_for, holiday_data_version, local_date


def default_years() -> list[int]:
    """Last year to next year, and every year an open clock runs into."""
    this_year = local_date(timezone.now()).year
    years = {this_year - 1, this_year, this_year + 1}
    for start, due in Deadline.objects.open().values_list("start_date", "due_date"):
        years.update({start.year, due.year} if start and due else set())
    return sorted(years)


class Command(BaseCommand):
    help = "Load upgraded holiday data (sync), or list a year's national days off (list YEAR)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=("sync", "list"))
        parser.add_argument("years", nargs="*", type=int, help="years (default: around today)")

    def handle(self, *args: object, **options: Any) -> None:
        years = options["years"] or default_years()
        if options["action"] == "list":
            self._list(years)
            return
        changed = holiday_data_sync(years=years)
        self.stdout.write(f"Holiday data: {holiday_data_version()}; years {years[0]}–{years[-1]}.")
        if not changed:
            self.stdout.write("No day changed since the last load.")
        for year, days in changed.items():
            self.stdout.write(f"{year}: changed {', '.join(days)}; open clocks recomputed.")

    def _list(self, years: list[int]) -> None:
        calendar = calendar_for()
        for year in years:
            if not 1990 <= year <= 2100:
                raise CommandError(f"{year} is not a year Aduan counts (1990–2100).")
            day = dt.date(year, 1, 1)
            while day.year == year:
                for off in calendar.days_off(day):
                    if off.kind != "weekend":
                        self.stdout.write(f"{day.isoformat()} {off.kind}: {off.name}")
                day += dt.timedelta(days=1)
