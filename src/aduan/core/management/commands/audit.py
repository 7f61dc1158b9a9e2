"""``aduan audit verify [--office CODE]`` and ``aduan audit seal``: the audit log's hash chains.

``verify`` recomputes every office's chain and exits 0 printing the number of events per office,
or exits 1 naming, for each broken chain, the first event that does not fit (its id, office,
time, action and what is wrong). ``seal`` seals the events not sealed yet (the worker does it
after each sweep, and every commit that records events does it for its own).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from aduan.core import chain
from aduan.directory.models import Office


class Command(BaseCommand):
    help = (
        "The audit log's hash chains. 'aduan audit verify [--office CODE]' recomputes them and "
        "names the first broken event (exit 1); 'aduan audit seal' seals pending events now."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="what", required=True, metavar="{verify,seal}")
        check = sub.add_parser("verify", help="recompute every chain; exit 1 if one is broken")
        check.add_argument("--office", help="office code: verify only this office's chain")
        check.add_argument(
            "--unsealed-minutes",
            type=int,
            default=60,
            help="report an event still unsealed after this many minutes (default 60; 0: never)",
        )
        sub.add_parser("seal", help="seal the events not sealed yet")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["what"] == "seal":
            self._seal()
        else:
            self._verify(options["office"], options["unsealed_minutes"])

    def _seal(self) -> None:
        def progress(total: int) -> None:
            self.stderr.write(f"  {total} sealed…")

        total = chain.seal_pending(progress=progress)
        self.stdout.write(f"{total} audit events sealed.")

    def _verify(self, code: str | None, minutes: int) -> None:
        codes = dict(Office.objects.values_list("pk", "code"))
        office_id = None
        if code:
            office_id = next((pk for pk, c in codes.items() if c == code), None)
            if office_id is None:
                known = ", ".join(sorted(codes.values())) or "none yet"
                raise CommandError(f"No office with code {code!r} (known: {known}).")

        def progress(chain_id: int, count: int) -> None:
            if count >= 10000:
                self.stderr.write(f"  {self._name(chain_id, codes)}: {count} events checked")

        report = chain.verify(
            office_id=office_id,
            unsealed_after=dt.timedelta(minutes=minutes) if minutes else None,
            progress=progress,
        )
        for chain_id, count in sorted(report.counts.items()):
            self.stdout.write(f"{self._name(chain_id, codes)}: {count} events")
        if report.ok:
            self.stdout.write(self.style.SUCCESS("The audit log is intact."))
            return
        for problem in report.problems:
            self.stderr.write(self.style.ERROR(f"BROKEN: {problem.describe(codes)}"))
        raise CommandError("The audit log does not verify (see above).", returncode=1)

    @staticmethod
    def _name(chain_id: int, codes: dict[int, str]) -> str:
        return codes.get(chain_id, f"office #{chain_id}") if chain_id else "(no office)"
