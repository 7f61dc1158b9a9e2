"""``aduan rules``: every clock rule in force, grouped by rule set (``--all``: every version)."""

from __future__ import annotations

import csv
import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone, translation

from aduan.deadlines.services import rule_history, rule_row, rules_in_force
from aduan.deadlines.workdays import local_date

COLUMNS = (
    "rule_set",
    "code",
    "days",
    "basis",
    "start_event",
    "party",
    "consequence",
    "extendable",
    "extendable_basis",
    "legal_source",
    "effective_from",
    "active",
    "name",
    "start_text",
)


class Command(BaseCommand):
    help = (
        "Print every clock rule in force, grouped by rule set: code, length, calendar or working "
        "days, start event, whose period, consequence, extendable, legal source, in force from. "
        "Example: aduan rules --all --format csv"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--all", action="store_true", help="every version, also past and inactive ones"
        )
        parser.add_argument(
            "--on", help="the rules in force on this day, YYYY-MM-DD (default: today)"
        )
        parser.add_argument("--format", choices=("text", "csv", "json"), default="text")
        parser.add_argument("--language", choices=("id", "en"), default="id")

    def handle(self, *args: object, **options: Any) -> None:
        on = local_date(timezone.now())
        if options["on"]:
            try:
                on = dt.date.fromisoformat(options["on"])
            except ValueError as exc:
                raise CommandError(
                    f"{options['on']!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-03-16."
                ) from exc
        with translation.override(options["language"]):
            rules = rule_history() if options["all"] else rules_in_force(on)
            rows = [rule_row(rule) for rule in rules]
            if options["format"] == "json":
                self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            elif options["format"] == "csv":
                writer = csv.DictWriter(self.stdout, fieldnames=COLUMNS, extrasaction="ignore")
                writer.writeheader()
                writer.writerows(rows)
            else:
                self._text(rows)

    def _text(self, rows: list[dict[str, Any]]) -> None:
        current = None
        for row in rows:
            if row["rule_set"] != current:
                current = row["rule_set"]
                self.stdout.write(f"\n== {row['rule_set_label']} ({current})")
            state = "" if row["active"] else " [inactive]"
            self.stdout.write(
                f"{row['code']}{state}: {row['days']} {row['basis_label']}; "
                f"{row['legal_source']}; from {row['effective_from']}"
            )
            self.stdout.write(f"    {row['name']}")
            self.stdout.write(
                f"    starts: {row['start_event_label']}. {row['start_text']}".rstrip()
            )
            self.stdout.write(f"    whose period: {row['party_label']}")
            if row["consequence"]:
                self.stdout.write(f"    when it runs out: {row['consequence']}")
            self.stdout.write(
                f"    extendable: {'yes' if row['extendable'] else 'no'}"
                + (f" ({row['extendable_basis']})" if row["extendable_basis"] else "")
            )
