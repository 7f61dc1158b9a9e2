"""``aduan worker``: run background tasks, and sweep the clocks every few minutes.

This is django-tasks-db's ``db_worker`` under Aduan's name, with all its options
(``aduan worker --help``), plus ``--sweep-interval``, and, when ``ADUAN_IMAP_HOST`` is set, an
IMAP poll every ``ADUAN_IMAP_INTERVAL`` seconds (e-mail in; a message fetched by two workers is
stored once). Several workers may run at once: the backend claims each task for exactly one
worker (``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL, an immediate write transaction on
SQLite), and the sweeper claims each clock with a conditional update, so two workers sweeping at
the same moment never act twice.

Each worker keeps a heartbeat (``aduan.core.workers``): the task of a worker killed mid-task is
put back and run again by another once the heartbeat is ``ADUAN_WORKER_STALE_SECONDS`` old. A
first SIGTERM (or Ctrl+C) lets the running task finish, then the worker stops; a second one
stops the task and puts it back at once.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
from argparse import ArgumentParser
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.db import close_old_connections, connection
from django.utils import timezone
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from aduan.core import workers

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
        try:  # triage models retrained once per office and week (TrainingRun), cheap otherwise
            from aduan.triage.store import retrain_due

            retrain_due()
        except Exception:
            log.exception("triage retraining failed")
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


class AduanWorker(Worker):
    """django-tasks-db's worker, naming its running task in its heartbeat, and putting the task
    back when told twice to stop."""

    def __init__(self, *, heartbeat: workers.Heartbeat, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.heartbeat = heartbeat

    def shutdown(self, signum: int, frame: FrameType | None) -> None:
        if not self.running and self.running_task:
            log.warning("%s again: stopping the running task, to be run again", signum)
            self.reset_signals()
            raise workers.WorkerStopping(1)
        super().shutdown(signum, frame)

    def run_task(self, db_task_result: DBTaskResult) -> None:
        task_id = str(db_task_result.id)
        set_failed = db_task_result.set_failed

        def failed_or_released(exc: BaseException) -> None:
            if isinstance(exc, workers.WorkerStopping):
                self.running = False
                workers.release(task_id, self.worker_id)
            else:
                set_failed(exc)

        db_task_result.set_failed = failed_or_released  # type: ignore[method-assign]
        self.heartbeat.running(task_id)
        tokens = workers.task_begins(task_id)
        try:
            super().run_task(db_task_result)
        finally:
            workers.task_ends(tokens)
            self.heartbeat.running("")


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
            self._work(**options)
        finally:
            stop.set()

    def _work(
        self,
        *,
        verbosity: int,
        queue_name: str,
        interval: float,
        batch: bool,
        backend_name: str,
        startup_delay: bool,
        reload: bool,
        max_tasks: int | None,
        worker_id: str,
        exclude_queues: str,
        **options: Any,
    ) -> None:
        """django-tasks-db's ``db_worker`` ``handle``, with ``AduanWorker`` and its heartbeat."""
        self.configure_logging(verbosity)
        if reload and batch:
            reload = False
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        heartbeat = workers.Heartbeat(worker_id)
        worker = AduanWorker(
            heartbeat=heartbeat,
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=excluded,
        )
        if reload and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true":
            run_with_reloader(worker.run)  # this process only watches; its child works
            return
        worker.configure_signals()
        heartbeat.start()
        try:
            if reload:
                run_with_reloader(worker.run)
            else:
                worker.run()
        finally:
            heartbeat.stop()
            worker.reset_signals()
