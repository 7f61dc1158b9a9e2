"""Workers that die: heartbeats, and tasks put back to be run again.

Each ``aduan worker`` writes a ``WorkerHeartbeat`` row when it starts and renews ``last_seen``
every ``ADUAN_WORKER_HEARTBEAT_SECONDS`` from a thread (``Heartbeat``); the row also names the
task it runs now. A worker killed outright (``kill -9``, the machine lost) leaves its task
RUNNING in django-tasks-db forever; so every worker, at each heartbeat, looks for heartbeats not
renewed for ``ADUAN_WORKER_STALE_SECONDS`` and puts their task back to READY (``reclaim``), to be
claimed again like any new task. Each step is a conditional UPDATE (the task still RUNNING, still
from the same claim and the same worker; the heartbeat still as old as it was read), so two
workers reclaiming at the same moment never both act. A task whose worker died
``ADUAN_WORKER_MAX_ATTEMPTS`` times is marked FAILED instead and logged with its id and code path,
never its arguments.

Now and then (``FULL_SCAN_EVERY`` stale periods, and once when a worker starts), ``reclaim``
also reads every RUNNING task started before the stale window whose last worker has no fresh
heartbeat: a worker killed between claiming a task and naming it in its heartbeat, or a task
left over by a worker from before heartbeats.

A task is therefore run *at least once*; a task run again must be safe to run again. Mail sent
by a task goes out at least once: ``aduan.core.mail.send_templated`` records each mail the server
accepted (``SentMail``, its own commit) and a task run again skips those (decision 0024).
"""

from __future__ import annotations

import contextvars
import datetime as dt
import logging
import os
import socket
import threading
from dataclasses import dataclass

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone

log = logging.getLogger("aduan.worker")

# Look at every RUNNING task (not only those named by a stale heartbeat) once in this many
# stale periods: 10 minutes with the default 60 s.
FULL_SCAN_EVERY = 10
SENT_MAIL_KEPT = dt.timedelta(days=30)
PRUNE_EVERY = dt.timedelta(hours=1)

# The id of the task this thread runs (set by ``aduan worker`` around each task), and how many
# mails of each kind it has sent so far in this run (``aduan.core.mail``).
CURRENT_TASK: contextvars.ContextVar[str] = contextvars.ContextVar("aduan_task", default="")
MAIL_COUNTS: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "aduan_task_mail", default=None
)


class WorkerLost(Exception):
    """The worker running a task stopped renewing its heartbeat (killed, or its machine lost)."""


class WorkerStopping(SystemExit):
    """Raised in a running task when the worker is told twice to stop: the task is put back."""


@dataclass
class Reclaimed:
    ready: int = 0
    failed: int = 0


def stale_seconds() -> int:
    return settings.ADUAN_WORKER_STALE_SECONDS


def task_begins(task_id: str) -> tuple[contextvars.Token, contextvars.Token]:
    return CURRENT_TASK.set(task_id), MAIL_COUNTS.set({})


def task_ends(tokens: tuple[contextvars.Token, contextvars.Token]) -> None:
    CURRENT_TASK.reset(tokens[0])
    MAIL_COUNTS.reset(tokens[1])


# --- heartbeats ---------------------------------------------------------------------------


def beat_start(worker_id: str) -> None:
    """Write this worker's heartbeat (a restarted worker with the same id takes its row over)."""
    from aduan.core.models import WorkerHeartbeat

    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "host": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started_at": now,
            "last_seen": now,
            "task_id": "",
        },
    )


def beat(worker_id: str, task_id: str | None = None) -> None:
    """Renew the heartbeat (and name the task run now, when given). A row gone means another
    worker took this one for dead and may have put its task back: it is written again."""
    from aduan.core.models import WorkerHeartbeat

    fields: dict = {"last_seen": timezone.now()}
    if task_id is not None:
        fields["task_id"] = task_id
    if not WorkerHeartbeat.objects.filter(worker_id=worker_id).update(**fields):
        log.warning(
            "worker %s was taken for dead (no heartbeat for %s s); its task may run twice",
            worker_id,
            stale_seconds(),
        )
        beat_start(worker_id)
        if task_id:
            WorkerHeartbeat.objects.filter(worker_id=worker_id).update(task_id=task_id)


def beat_stop(worker_id: str) -> None:
    """A clean stop: the row goes, unless it still names a task (then it goes stale, and the
    task is put back by another worker)."""
    from aduan.core.models import WorkerHeartbeat

    WorkerHeartbeat.objects.filter(worker_id=worker_id, task_id="").delete()


def last_heartbeat() -> dt.datetime | None:
    """When a worker was last heard from (None: never, or no worker runs)."""
    from django.db.models import Max

    from aduan.core.models import WorkerHeartbeat

    return WorkerHeartbeat.objects.aggregate(at=Max("last_seen"))["at"]


# --- putting tasks back -------------------------------------------------------------------


def reclaim(*, now: dt.datetime | None = None, full: bool = False, me: str = "") -> Reclaimed:
    """Put back the tasks of workers not heard from for ``ADUAN_WORKER_STALE_SECONDS``; with
    ``full``, also any RUNNING task started before then whose last worker has no fresh
    heartbeat. ``me``: the calling worker, never taken for dead by itself."""
    from aduan.core.models import WorkerHeartbeat

    now = now or timezone.now()
    cutoff = now - dt.timedelta(seconds=stale_seconds())
    result = Reclaimed()
    stale = WorkerHeartbeat.objects.filter(last_seen__lt=cutoff).exclude(worker_id=me)
    for heartbeat in stale.order_by("pk")[:100]:
        if heartbeat.task_id:
            _count(result, _give_back(heartbeat.task_id, heartbeat.worker_id, now, heartbeat))
        WorkerHeartbeat.objects.filter(pk=heartbeat.pk, last_seen=heartbeat.last_seen).delete()
    if full:
        from django_tasks_db.compat import TaskResultStatus
        from django_tasks_db.models import DBTaskResult

        fresh = set(
            WorkerHeartbeat.objects.filter(last_seen__gte=cutoff).values_list(
                "worker_id", flat=True
            )
        )
        running = DBTaskResult.objects.filter(
            status=TaskResultStatus.RUNNING, started_at__lt=cutoff
        ).values_list("id", "worker_ids")
        for task_id, worker_ids in running.order_by()[:500]:
            lost = worker_ids[-1] if worker_ids else ""
            if lost not in fresh and lost != me:
                _count(result, _give_back(str(task_id), lost, now, None))
    return result


def _count(result: Reclaimed, outcome: str) -> None:
    if outcome == "ready":
        result.ready += 1
    elif outcome == "failed":
        result.failed += 1


def _give_back(task_id: str, lost_worker: str, now: dt.datetime, heartbeat) -> str:  # noqa: ANN001
    """READY again (or FAILED after too many lost runs), if the task is still RUNNING from the
    claim of ``lost_worker``. Returns "ready", "failed" or "" (nothing to do)."""
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    row = (
        DBTaskResult.objects.filter(pk=task_id, status=TaskResultStatus.RUNNING)
        .values("worker_ids", "started_at", "task_path")
        .first()
    )
    if row is None:
        return ""
    worker_ids = row["worker_ids"] or []
    if worker_ids and worker_ids[-1] != lost_worker:
        return ""  # claimed again since, by someone else
    same_claim = DBTaskResult.objects.filter(
        pk=task_id, status=TaskResultStatus.RUNNING, started_at=row["started_at"]
    )
    where = f" on {heartbeat.host} (pid {heartbeat.pid})" if heartbeat is not None else ""
    runs, most = len(worker_ids), settings.ADUAN_WORKER_MAX_ATTEMPTS
    if runs >= most:
        done = same_claim.update(
            status=TaskResultStatus.FAILED,
            finished_at=now,
            return_value=None,
            exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
            traceback=f"{WorkerLost.__name__}: the worker running this task stopped "
            f"{runs} times (last: {lost_worker or 'unknown'}{where})\n",
        )
        if done:
            log.error(
                "task %s (%s) failed: its worker stopped %s times; not run again",
                task_id,
                row["task_path"],
                runs,
            )
            return "failed"
        return ""
    if same_claim.update(status=TaskResultStatus.READY):
        log.warning(
            "task %s (%s) put back to run again (run %s of at most %s): worker %s%s stopped",
            task_id,
            row["task_path"],
            runs,
            most,
            lost_worker or "unknown",
            where,
        )
        return "ready"
    return ""


def release(task_id: str, worker_id: str) -> bool:
    """A worker stopping cleanly in the middle of a task puts it back at once (its run is not
    counted against the attempts)."""
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    row = (
        DBTaskResult.objects.filter(pk=task_id, status=TaskResultStatus.RUNNING)
        .values("worker_ids", "started_at")
        .first()
    )
    if row is None or not row["worker_ids"] or row["worker_ids"][-1] != worker_id:
        return False
    done = DBTaskResult.objects.filter(
        pk=task_id, status=TaskResultStatus.RUNNING, started_at=row["started_at"]
    ).update(status=TaskResultStatus.READY, worker_ids=row["worker_ids"][:-1])
    if done:
        log.warning("task %s put back: its worker %s was stopped", task_id, worker_id)
    return bool(done)


def prune(now: dt.datetime | None = None) -> int:
    """Forget sent mail older than ``SENT_MAIL_KEPT`` (no task runs again that late)."""
    from aduan.core.models import SentMail

    now = now or timezone.now()
    return SentMail.objects.filter(sent_at__lt=now - SENT_MAIL_KEPT).delete()[0]


# --- the thread ---------------------------------------------------------------------------


class Heartbeat:
    """This worker's heartbeat: renewed, and the others' stale tasks reclaimed, from a thread."""

    def __init__(self, worker_id: str) -> None:
        self.worker_id = worker_id
        self.interval = float(settings.ADUAN_WORKER_HEARTBEAT_SECONDS)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        beat_start(self.worker_id)  # before the first claim, in the caller's thread
        self._thread = threading.Thread(target=self._run, name="aduan-heartbeat", daemon=True)
        self._thread.start()

    def running(self, task_id: str) -> None:
        """Name the task this worker runs now ("" when it is done), before it runs."""
        try:
            beat(self.worker_id, task_id)
        except Exception:  # the task still runs; a full scan would find it if the worker died
            log.exception("could not record the running task in the heartbeat")

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=self.interval + 5)
        try:
            beat_stop(self.worker_id)
        except Exception:
            log.exception("could not remove the heartbeat")

    def _run(self) -> None:
        full_every = dt.timedelta(seconds=FULL_SCAN_EVERY * stale_seconds())
        last_full = last_prune = None
        try:
            while True:
                close_old_connections()
                now = timezone.now()
                try:
                    beat(self.worker_id)
                    full = last_full is None or now - last_full >= full_every
                    reclaim(now=now, full=full, me=self.worker_id)
                    if full:
                        last_full = now
                    if last_prune is None or now - last_prune >= PRUNE_EVERY:
                        prune(now)
                        last_prune = now
                except Exception:  # the database away: logged, and tried again next beat
                    log.exception("heartbeat failed")
                if self._stop.wait(self.interval):
                    return
        finally:
            connection.close()
