"""Run every benchmark against a throw-away database and print one table.

Goals (from the issues): loading the full region list takes seconds, not minutes; computing a
due date is fast enough to recompute thousands of open deadlines in a request-free task; the
demo (with its ~300 reports) builds in under a minute; a full sweeper pass over 100,000 open
cases takes under 10 s (``bench/workflow.py``); the filtered case list answers in p95 < 150 ms
and search in p95 < 200 ms at 1,000,000 cases on PostgreSQL and 200,000 on SQLite
(``bench/backoffice.py``); the quarterly report of one office and of the whole country at
1,000,000 cases in under 2 s on PostgreSQL and under 5 s on SQLite (``bench/stats.py``); routing
suggestions reach agency top-1 0.80 and top-3 0.92 on held-out complaints, p95 under 50 ms per
suggestion (``bench/triage.py``).

    python -m bench                 # everything: the table below, back office, intake, stats
    python -m bench backoffice [--pg-cases 1000000] [--sqlite-cases 200000] [--repeat 20]
                               [--rebuild] [--skip-pg] [--skip-sqlite]
    python -m bench intake [--rounds 5] [--reports 200] [--workers 2] [--clients 4]
                           [--burst 2000] [--no-peer] [--db-prefix NAME]
                           [--skip-pg] [--skip-sqlite] ...
    python -m bench stats [--pg-cases 1000000] [--sqlite-cases 1000000] [--repeat 5]
                          [--rebuild] [--skip-pg] [--skip-sqlite] [--queries N] [--explain]
    python -m bench triage [--split hash|sorted] [--latency 200] [--skip-embeddings]

The first part runs on a throw-away database: set DATABASE_URL to measure it on PostgreSQL
instead of the embedded SQLite. The back-office part makes its own databases (PostgreSQL
``aduan_bench`` on 127.0.0.1:5432 and ``var/bench/backoffice.sqlite3``), generates the cases in
bulk and keeps them for the next run; sizes also come from BENCH_PG_CASES and BENCH_SQLITE_CASES
(``python -m bench backoffice --help``). The statistics part does the same with its own
generator (whole case histories: transitions, clocks, LAHPs, corrective actions,
recommendations) in ``aduan_bench_stats`` and ``var/bench/stats.sqlite3``; sizes also come from
BENCH_STATS_PG_CASES and BENCH_STATS_SQLITE_CASES (``python -m bench stats --help``).

The intake part measures Aduan side by side with its peer, django-helpdesk 2.6.1 (issue 16:
each intake channel at least 3x helpdesk's public submit rate, at most a third of its server
CPU per report). helpdesk is installed from PyPI into its own virtualenv,
``var/bench/helpdesk-venv``, on the first run (printed as it goes; reused afterwards) and
served from the minimal project ``bench/helpdesk_site``. Both projects run under the same
gunicorn command (2 sync workers) with fresh databases on PostgreSQL and SQLite, and the same
4 client threads send interleaved rounds of real client exchanges: the /lapor/ form (GET, then
POST with its CSRF token), the API (POST with a token and an Idempotency-Key) and helpdesk's
public form (GET, then POST). It prints reports/s, p50/p95 latency and server CPU per report
(from /proc) for each, and the ratios Aduan/helpdesk; then it checks that every acknowledged
report is in the database once, with gapless references, and runs the flaky-network burst.
``--no-peer`` measures Aduan alone (``python -m bench intake --help``).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time

os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("ADUAN_DATA_DIR", tempfile.mkdtemp(prefix="aduan-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aduan.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402


def timed(function, *args, **kwargs):
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - started, result


def main() -> None:
    print(f"Database: {connection.vendor} ({settings.DATABASES['default']['NAME']})", flush=True)
    print("Migrating a fresh database ...", flush=True)
    call_command("migrate", verbosity=0)
    rows: list[tuple[str, str, str, str]] = []

    from aduan.regions.loader import load_regions

    seconds, result = timed(load_regions, settings.ADUAN_REGIONS_FILE)
    rows.append(
        ("load-regions, empty database", f"{result.total:,} rows", f"{seconds:.2f} s", "< 60 s")
    )
    seconds, result = timed(load_regions, settings.ADUAN_REGIONS_FILE)
    rows.append(
        (
            "load-regions again (no change)",
            f"{result.unchanged:,} rows",
            f"{seconds:.2f} s",
            "< 60 s",
        )
    )

    import datetime as dt

    from aduan.deadlines.workdays import WorkingCalendar

    calendar = WorkingCalendar()
    n = 2000
    start = dt.date(2026, 1, 2)
    seconds, _ = timed(
        lambda: [
            calendar.add_working_days(start + dt.timedelta(days=i % 365), 60) for i in range(n)
        ]
    )
    rows.append(
        ("60 working days, computed", f"{n:,} times", f"{seconds * 1e6 / n:.0f} µs each", "< 1 ms")
    )

    from aduan.demo.builder import build_demo

    seconds, result = timed(build_demo)
    reports = result.created.get("reports", 0)
    rows.append(
        ("aduan demo (first run)", f"1 office, {reports} reports", f"{seconds:.2f} s", "< 60 s")
    )

    from bench import workflow

    print("Timing the main transitions ...", flush=True)
    rows += workflow.transition_rows(200)
    rows += workflow.sweeper_rows(100_000, expired=1_000)

    width = [max(len(r[i]) for r in [*rows, ("what", "size", "time", "goal")]) for i in range(4)]
    header = ("what", "size", "time", "goal")
    print()
    print("  ".join(h.ljust(w) for h, w in zip(header, width, strict=True)))
    print("  ".join("-" * w for w in width))
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, width, strict=True)))


def run(argv: list[str]) -> int:
    from bench import backoffice, intake, stats, triage

    if argv[:1] == ["backoffice"]:
        return backoffice.main(argv[1:])
    if argv[:1] == ["intake"]:
        return intake.main(argv[1:])
    if argv[:1] == ["stats"]:
        return stats.main(argv[1:])
    if argv[:1] == ["triage"]:
        return triage.main(argv[1:])
    if argv:
        print(__doc__)
        return 2
    main()
    return backoffice.main([]) | intake.main([]) | stats.main([]) | triage.main([])


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
