"""``aduan report quarterly|annual``: the periodic report (UU 37/2008 Ps.42) of an office or of the
whole country, as JSON (every figure), PDF or XLSX.

    aduan report quarterly --office babel --year 2022 --quarter 1 --format pdf --output q1.pdf
    aduan report annual --year 2025 --format json            # the whole country, to stdout
"""

from __future__ import annotations

import json
import sys
import time
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from aduan.directory.models import Office
from aduan.stats import report


class Command(BaseCommand):
    help = (
        "Build the quarterly or annual report of an office (--office CODE) or of the whole "
        "country (no --office), as JSON, PDF or XLSX."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("kind", choices=["quarterly", "annual"])
        parser.add_argument("--office", help="office code (omit for the whole country)")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--quarter", type=int, choices=[1, 2, 3, 4])
        parser.add_argument("--format", choices=["json", "pdf", "xlsx"], default="json")
        parser.add_argument(
            "--output", help="file to write (default: standard output for JSON; required else)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        kind, fmt, output = options["kind"], options["format"], options["output"]
        if kind == "quarterly" and options["quarter"] is None:
            raise CommandError("A quarterly report needs --quarter 1, 2, 3 or 4.")
        if not 2000 <= options["year"] <= 2100:
            raise CommandError(f"The year {options['year']} is out of range; give e.g. 2026.")
        if fmt != "json" and not output:
            raise CommandError(f"Give --output FILE for the {fmt.upper()} report.")
        office = None
        if options["office"]:
            office = Office.objects.filter(code=options["office"]).first()
            if office is None:
                codes = ", ".join(Office.objects.order_by("code").values_list("code", flat=True))
                raise CommandError(
                    f"No office has the code {options['office']!r}. Offices: {codes or 'none'}."
                )
        started = time.monotonic()
        self.stderr.write(f"Computing the figures of {office or report.NATIONAL_NAME} …")
        data = report.build(
            kind=kind, year=options["year"], quarter=options["quarter"], office=office
        )
        if fmt == "json":
            content = json.dumps(data, ensure_ascii=False, indent=2).encode()
        else:
            from aduan.stats import render

            self.stderr.write(f"Rendering the {fmt.upper()} …")
            content = render.to_pdf(data) if fmt == "pdf" else render.to_xlsx(data)
        if output:
            Path(output).write_bytes(content)
            self.stderr.write(
                f"Wrote {output} ({len(content):,} bytes) in {time.monotonic() - started:.1f} s: "
                f"{data['received']['reports']} reports received in {data['period']['label']}."
            )
        else:
            sys.stdout.buffer.write(content + b"\n")
            sys.stdout.flush()
