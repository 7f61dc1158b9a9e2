"""``aduan worker``: run background tasks, and sweep the clocks every few minutes.

This is django-tasks-db's ``db_worker`` under Aduan's name, with all its options
(``aduan worker --help``), plus ``--sweep-interval``, and, when ``ADUAN_IMAP_HOST`` is set, an
IMAP poll every ``ADUAN_IMAP_INTERVAL`` seconds (e-mail in; a message fetched by two workers is
stored once). Several workers may run at once: the backend claims each task for exactly one
worker (``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL, an immediate write transaction on
SQLite), and the sweeper claims each clock with a conditional update, so two workers sweeping at
the same moment never act twice.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

log = logging.getLogger("aduan.worker")


def _sweep_forever(interval: float, stop: threading.Event) -> None:
    from aduan.cases.sweeper import sweep
    from aduan.stats.public import warm as warm_public_statistics
    from aduan.stats.spikes import run_detection

    retention_day = None
    while not stop.wait(interval):
        close_old_connections()
        try:
            result = sweep()
            if result.expired or result.reminders:
                log.info("sweep: %s clocks ran out, %s reminders", result.expired, result.reminders)
        except Exception:  # a failed pass is logged and retried at the next interval
            log.exception("sweep failed")
        try:  # the audit log's safety net: seal events the after-commit sealing missed
            from aduan.core.chain import seal_pending

            sealed = seal_pending()
            if sealed:
                log.info("sweep: %s audit events sealed", sealed)
        except Exception:
            log.exception("sealing the audit log failed")
        try:  # spike alerts: once per office and day (DetectionRun), so cheap the other times
            run_detection()
        except Exception:
            log.exception("spike detection failed")
        try:  # the public statistics' tables of this year, once an hour (aduan.stats.public)
            warm_public_statistics()
        except Exception:
            log.exception("public statistics failed")
        try:  # the retention schedule, once a day per worker (a second run does nothing)
            retention_day = _retention_daily(retention_day)
        except Exception:
            log.exception("retention schedule failed")
        finally:
            connection.close()


def _retention_daily(last_day: dt.date | None) -> dt.date:
    """Anonymise what the offices' archive periods say is due (aduan.privacy.retention), at
    most once a UTC day in this worker; returns the day it last ran."""
    from aduan.privacy.retention import retention_run

    today = timezone.now().date()
    if last_day == today:
        return last_day
    result = retention_run()
    if result.cases:
        log.info("retention: %s reporters anonymised in %s cases", result.reporters, result.cases)
    return today


def _poll_mail_forever(interval: float, stop: threading.Event) -> None:
    """E-mail in by IMAP (``ADUAN_IMAP_HOST``): store unseen mail every ``interval`` seconds."""
    from aduan.intake.channels.email.imap import poll_imap

    while not stop.wait(interval):
        close_old_connections()
        try:
            stored = poll_imap()
            if stored:
                log.info("imap: %s new messages", stored)
        except Exception:  # a failed poll (server down, bad login) is logged and retried
            log.exception("imap poll failed")
        finally:
            connection.close()


class Command(DatabaseWorkerCommand):
    help = (
        "Run Aduan's background tasks (mail, reminders, recomputed deadlines) and sweep the "
        "legal clocks every --sweep-interval seconds."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--sweep-interval",
            type=float,
            default=300.0,
            help="seconds between sweeps of the clocks (0: do not sweep); default 300",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        interval = options.pop("sweep_interval", 300.0)
        stop = threading.Event()
        if interval > 0 and not options.get("batch"):
            threading.Thread(
                target=_sweep_forever, args=(interval, stop), name="aduan-sweeper", daemon=True
            ).start()
        if settings.ADUAN_IMAP_HOST and not options.get("batch"):
            threading.Thread(
                target=_poll_mail_forever,
                args=(settings.ADUAN_IMAP_INTERVAL, stop),
                name="aduan-imap",
                daemon=True,
            ).start()
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
