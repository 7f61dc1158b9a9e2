from __future__ import annotations

import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from aduan.deadlines.workdays import local_date
from aduan.directory.models import Office
from aduan.stats.spikes import detect


class Command(BaseCommand):
    help = (
        "Detect spikes of reports (per substance, agency and regency/city) over the seven days "
        "ending DAY, and raise or update alerts (new ones are mailed to the heads of office). "
        "DAY defaults to yesterday in each office's time zone, as in the daily run of "
        "`aduan worker`. Safe to repeat. Example: aduan spikes --office babel --day 2026-11-24"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--office", help="only this office (its code)")
        parser.add_argument("--day", help="the last day counted, YYYY-MM-DD")

    def handle(self, *args: object, **options: object) -> None:
        day = None
        if options["day"]:
            try:
                day = dt.date.fromisoformat(str(options["day"]))
            except ValueError as exc:
                raise CommandError(
                    f"{options['day']!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-11-24."
                ) from exc
        offices = Office.objects.filter(active=True).order_by("code")
        if options["office"]:
            offices = Office.objects.filter(code=options["office"])
            if not offices.exists():
                codes = ", ".join(Office.objects.values_list("code", flat=True)) or "none yet"
                raise CommandError(f"No office with code {options['office']!r} (known: {codes}).")
        offices = list(offices)
        now = timezone.now()
        started = time.monotonic()
        raised = updated = 0
        for number, office in enumerate(offices, start=1):
            office_day = day or local_date(now, office) - dt.timedelta(days=1)
            alerts = detect(office=office, day=office_day)
            new = [a for a in alerts if getattr(a, "newly_raised", False)]
            raised += len(new)
            updated += len(alerts) - len(new)
            self.stdout.write(
                f"[{number}/{len(offices)}] {office.code} {office_day.isoformat()}: "
                f"{len(new)} new, {len(alerts) - len(new)} updated"
            )
            for alert in alerts:
                mark = "new" if alert in new else "updated"
                self.stdout.write(
                    f"  {mark}: {alert.dimension} {alert.label}: {alert.count} reports "
                    f"(usual week {alert.baseline_mean:.1f} ± {alert.baseline_sd:.1f}, "
                    f"threshold {alert.threshold:.1f}) #{alert.pk}"
                )
        self.stdout.write(
            f"{raised} alerts raised, {updated} updated in {len(offices)} offices "
            f"({time.monotonic() - started:.2f} s)."
        )
