"""A task whose worker died is put back and run again; mail a task sent is not sent twice.

The real thing (a worker killed with SIGKILL) is in tests/system/worker/; these check the rules
of ``aduan.core.workers`` and ``aduan.core.mail`` one by one (decision 0024).
"""

from __future__ import annotations

import datetime as dt
import logging
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from aduan.core import workers
from aduan.core.mail import send_templated
from aduan.core.models import SentMail, WorkerHeartbeat

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
PERSONAL = "Siti Rahmawati, Jl. Melati 5"


@task()
def quiet_task(*, note: str) -> str:
    return "done"


@task()
def stopped_task(*, note: str) -> str:
    raise workers.WorkerStopping(1)  # as if told twice to stop while running


@pytest.fixture
def db_tasks(settings):
    settings.TASKS = DATABASE_TASKS
    settings.ADUAN_WORKER_STALE_SECONDS = 60
    settings.ADUAN_WORKER_MAX_ATTEMPTS = 3


def running(worker_id: str, *, seconds_ago: int = 120, runs: int = 1) -> DBTaskResult:
    """A task claimed by ``worker_id`` ``seconds_ago`` (its ``runs``-th claim)."""
    quiet_task.enqueue(note=PERSONAL)
    result = DBTaskResult.objects.get(status="READY")
    for n in range(runs - 1):
        result.claim(f"earlier-{n}")
    result.claim(worker_id)
    started = timezone.now() - dt.timedelta(seconds=seconds_ago)
    DBTaskResult.objects.filter(pk=result.pk).update(started_at=started)
    result.refresh_from_db()
    return result


def heartbeat(worker_id: str, *, seconds_ago: int, task: DBTaskResult | None = None):
    return WorkerHeartbeat.objects.create(
        worker_id=worker_id,
        host="worker-host-1",
        pid=4242,
        last_seen=timezone.now() - dt.timedelta(seconds=seconds_ago),
        task_id=str(task.pk) if task else "",
    )


def test_a_dead_workers_task_is_put_back_and_its_heartbeat_removed(db, db_tasks, caplog):
    task_result = running("dead")
    heartbeat("dead", seconds_ago=61, task=task_result)
    with caplog.at_level(logging.WARNING, logger="aduan.worker"):
        result = workers.reclaim()
    assert (result.ready, result.failed) == (1, 0)
    task_result.refresh_from_db()
    assert task_result.status == "READY"
    assert not WorkerHeartbeat.objects.exists()
    assert str(task_result.pk) in caplog.text and "worker-host-1" in caplog.text
    assert "Siti" not in caplog.text


def test_a_living_workers_task_is_left_alone_however_long_it_runs(db, db_tasks):
    task_result = running("alive", seconds_ago=3600)
    heartbeat("alive", seconds_ago=5, task=task_result)
    assert workers.reclaim(full=True).ready == 0
    task_result.refresh_from_db()
    assert task_result.status == "RUNNING"
    assert WorkerHeartbeat.objects.count() == 1


def test_a_task_claimed_again_since_is_not_taken_from_its_new_worker(db, db_tasks):
    task_result = running("new-worker")
    heartbeat("dead", seconds_ago=61, task=task_result)  # named the task before it died
    assert workers.reclaim().ready == 0
    task_result.refresh_from_db()
    assert task_result.status == "RUNNING"


def test_two_workers_reclaiming_at_once_put_it_back_once(db, db_tasks):
    task_result = running("dead")
    now = timezone.now()
    first = workers._give_back(str(task_result.pk), "dead", now, None)
    second = workers._give_back(str(task_result.pk), "dead", now, None)
    assert (first, second) == ("ready", "")
    # The same, when the second read the row before the first updated it: the update is
    # conditional on the claim it read (status and started_at), so it changes nothing.
    task_result.claim("dead2")
    stale_read = DBTaskResult.objects.filter(pk=task_result.pk)
    assert stale_read.filter(started_at=task_result.started_at, status="RUNNING").update(
        status="READY"
    )
    assert not stale_read.filter(started_at=task_result.started_at, status="RUNNING").update(
        status="READY"
    )


def test_after_too_many_lost_runs_the_task_fails_logged_by_id_only(db, db_tasks, caplog):
    task_result = running("dead", runs=3)
    heartbeat("dead", seconds_ago=120, task=task_result)
    with caplog.at_level(logging.ERROR, logger="aduan.worker"):
        result = workers.reclaim()
    assert (result.ready, result.failed) == (0, 1)
    task_result.refresh_from_db()
    assert task_result.status == "FAILED"
    assert task_result.exception_class_path == "aduan.core.workers.WorkerLost"
    assert task_result.finished_at is not None
    assert str(task_result.pk) in caplog.text and "stopped 3 times" in caplog.text
    assert "Siti" not in caplog.text and "Melati" not in caplog.text


def test_the_full_scan_finds_a_running_task_whose_worker_left_no_heartbeat(db, db_tasks):
    old = running("never-beat", seconds_ago=120)
    assert workers.reclaim().ready == 0  # only heartbeats are read at each beat
    assert workers.reclaim(full=True).ready == 1
    old.refresh_from_db()
    assert old.status == "READY"


def test_the_full_scan_leaves_a_task_just_claimed(db, db_tasks):
    recent = running("just-started", seconds_ago=5)
    assert workers.reclaim(full=True).ready == 0
    recent.refresh_from_db()
    assert recent.status == "RUNNING"


def test_a_worker_never_takes_itself_for_dead(db, db_tasks):
    task_result = running("me")
    heartbeat("me", seconds_ago=120, task=task_result)
    assert workers.reclaim(full=True, me="me").ready == 0


def test_a_worker_taken_for_dead_writes_its_heartbeat_again(db, db_tasks, caplog):
    with caplog.at_level(logging.WARNING, logger="aduan.worker"):
        workers.beat("back", task_id="abc")
    row = WorkerHeartbeat.objects.get(worker_id="back")
    assert row.task_id == "abc" and "taken for dead" in caplog.text


def test_released_task_is_ready_again_without_counting_the_run(db, db_tasks):
    task_result = running("stopping")
    assert workers.release(str(task_result.pk), "stopping")
    task_result.refresh_from_db()
    assert task_result.status == "READY" and task_result.worker_ids == []
    assert not workers.release(str(task_result.pk), "stopping")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_beats_while_it_runs_and_leaves_no_heartbeat_when_it_stops(db_tasks):
    quiet_task.enqueue(note="x")
    stopped_task.enqueue(note="y")
    call_command("worker", batch=True, startup_delay=False, stdout=StringIO(), stderr=StringIO())
    done = DBTaskResult.objects.get(task_path__endswith="quiet_task")
    assert done.status == "SUCCESSFUL"
    # A task stopped by a second signal is put back, not failed.
    stopped = DBTaskResult.objects.get(task_path__endswith="stopped_task")
    assert stopped.status == "READY" and stopped.worker_ids == []
    assert not WorkerHeartbeat.objects.exists()


def test_old_sent_mail_is_forgotten(db):
    SentMail.objects.create(key="a" * 64, task_id="t", sent_at=timezone.now() - dt.timedelta(31))
    SentMail.objects.create(key="b" * 64, task_id="t")
    assert workers.prune() == 1
    assert SentMail.objects.get().key == "b" * 64


# --- mail: at least once ------------------------------------------------------------------


def send_in_task(task_id: str, to: list[str]) -> int:
    tokens = workers.task_begins(task_id)
    try:
        return send_templated("privacy/email/reminder", to, _reminder_context())
    finally:
        workers.task_ends(tokens)


def _reminder_context() -> dict:
    return {"label": "DR-1", "rule": "r", "legal_source": "", "due": None, "url": ""}


def test_mail_sent_in_a_task_is_recorded_and_skipped_when_the_task_runs_again(db):
    assert send_in_task("task-1", ["kepala@example.org"]) == 1
    assert len(mail.outbox) == 1
    key = SentMail.objects.get(task_id="task-1").key
    assert "kepala" not in key and len(key) == 64  # no address stored
    # The worker died after the server accepted it; the task runs again:
    assert send_in_task("task-1", ["kepala@example.org"]) == 1
    assert len(mail.outbox) == 1
    # Another task, or another recipient, is another mail.
    send_in_task("task-2", ["kepala@example.org"])
    send_in_task("task-1", ["dpo@example.org"])
    assert len(mail.outbox) == 3


def test_the_same_mail_twice_in_one_run_goes_out_twice(db):
    tokens = workers.task_begins("task-3")
    try:
        for _ in range(2):
            send_templated("privacy/email/reminder", ["a@example.org"], _reminder_context())
    finally:
        workers.task_ends(tokens)
    assert len(mail.outbox) == 2 and SentMail.objects.count() == 2


def test_mail_outside_a_task_is_not_recorded(db):
    send_templated("privacy/email/reminder", ["a@example.org"], _reminder_context())
    send_templated("privacy/email/reminder", ["a@example.org"], _reminder_context())
    assert len(mail.outbox) == 2 and not SentMail.objects.exists()


def test_mail_the_server_refused_is_not_recorded(db, settings):
    settings.EMAIL_BACKEND = "tests.test_worker_reclaim.RefusingBackend"
    with pytest.raises(ConnectionRefusedError):
        send_in_task("task-4", ["a@example.org"])
    assert not SentMail.objects.exists()


class RefusingBackend:
    def __init__(self, *args, **kwargs) -> None:
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError


def test_a_stale_setting_under_twice_the_heartbeat_is_refused(tmp_path):
    from tests.test_settings import load_settings

    result = load_settings(
        tmp_path,
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="a",
        ADUAN_WORKER_HEARTBEAT_SECONDS="10",
        ADUAN_WORKER_STALE_SECONDS="15",
    )
    assert result.returncode != 0
    assert "Setting ADUAN_WORKER_STALE_SECONDS: is 15, less than twice" in result.stderr
