"""A worker killed mid-task (SIGKILL): another worker runs the task again once the first one's
heartbeat is stale, and it finishes exactly once more; its mail goes out at least once, and a
mail already recorded as sent is not sent again. A worker stopped with SIGTERM finishes its task
first; told twice, it puts the task back. Real ``aduan worker`` processes, a real SMTP server
(aiosmtpd), on a fresh PostgreSQL database and on SQLite (decision 0024)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections import Counter
from pathlib import Path

import pytest

from tests.services import free_port

ROOT = Path(__file__).resolve().parents[3]
TABLE = "django_tasks_database_dbtaskresult"


class Mailbox:
    """Counts what the SMTP server accepted, by recipient."""

    def __init__(self) -> None:
        self.received: Counter[str] = Counter()

    async def handle_DATA(self, server, session, envelope):
        self.received.update(envelope.rcpt_tos)
        return "250 OK"


@pytest.fixture
def smtp():
    controller_module = pytest.importorskip(
        "aiosmtpd.controller", reason="!! aiosmtpd is absent: killed-worker mail test SKIPPED"
    )
    box = Mailbox()
    controller = controller_module.Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    box.port = controller.port
    try:
        yield box
    finally:
        controller.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'aduan.sqlite3'}"
    return request.getfixturevalue("pg_database")


class Installation:
    """An Aduan installation of its own (database, data folder, mail server) and its workers."""

    def __init__(self, database_url: str, folder: Path, smtp_port: int) -> None:
        self.database_url = database_url
        self.folder = folder
        self.workers: list[subprocess.Popen] = []
        self.env = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}}
        self.env.update(
            DJANGO_SETTINGS_MODULE="aduan.settings",
            DATABASE_URL=database_url,
            SECRET_KEY="killed-worker-test-" + "k" * 40,
            ALLOWED_HOSTS="localhost",
            DEBUG="0",
            ADUAN_DATA_DIR=str(folder / "var"),
            TASKS_BACKEND="django_tasks_db.DatabaseBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(smtp_port),
            EMAIL_USE_TLS="0",
            ADUAN_WORKER_HEARTBEAT_SECONDS="1",
            ADUAN_WORKER_STALE_SECONDS="2",
            PYTHONPATH=str(ROOT),
        )

    def python(self, code: str) -> str:
        result = subprocess.run(
            [sys.executable, "-c", "import django; django.setup()\n" + textwrap.dedent(code)],
            env=self.env,
            cwd=self.folder,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        return result.stdout

    def migrate_and_enqueue(self, *names: str, block: float) -> list[str]:
        """Migrate only what a worker needs (core, the task table: the full migrate takes half a
        minute), then queue one task per name, its markers in the folder of that name; in one
        process. Returns the task ids."""
        for name in names:
            (self.folder / name).mkdir()
        folders = [str(self.folder / name) for name in names]
        return self.python(
            f"""
            from django.core.management import call_command
            call_command("migrate", "core", verbosity=0)
            call_command("migrate", "django_tasks_database", verbosity=0)
            from tests.system.worker.tasks import blocking_mail_task
            for folder in {folders!r}:
                result = blocking_mail_task.enqueue(
                    folder=folder, first="first@example.org",
                    second="second@example.org", block={block!r},
                )
                print(result.id)
            """
        ).split()

    def start_worker(self, name: str) -> subprocess.Popen:
        log = open(self.folder / f"{name}.log", "wb")
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "aduan",
                "worker",
                "--interval",
                "0.2",
                "--no-startup-delay",
                "--sweep-interval",
                "0",
                "--skip-checks",
                "--worker-id",
                name,
            ],
            env=self.env,
            cwd=self.folder,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        process.log = log
        self.workers.append(process)
        return process

    def logs(self) -> str:
        return "\n".join(
            f"--- {path.name}\n{path.read_text(errors='replace')[-3000:]}"
            for path in sorted(self.folder.glob("*.log"))
        )

    def query(self, sql: str) -> list[tuple]:
        if self.database_url.startswith("sqlite"):
            with sqlite3.connect(self.database_url.removeprefix("sqlite:///")) as conn:
                return conn.execute(sql).fetchall()
        import psycopg

        with psycopg.connect(self.database_url) as conn:
            return conn.execute(sql).fetchall()

    def task(self, task_id: str) -> tuple[str, list[str]]:
        status, worker_ids = self.query(
            f"SELECT status, worker_ids FROM {TABLE} WHERE id IN "
            f"('{task_id}', '{task_id.replace('-', '')}')"
        )[0]
        return status, json.loads(worker_ids) if isinstance(worker_ids, str) else worker_ids

    def stop(self) -> None:
        for process in self.workers:
            if process.poll() is None:
                process.kill()
            process.wait(10)
            process.log.close()


def lines(path: Path) -> list[str]:
    return path.read_text().split() if path.exists() else []


def wait_for(condition, what: str, installation: Installation, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    pytest.fail(f"timed out waiting for {what}\n{installation.logs()}")


@pytest.fixture
def installation(database_url, tmp_path, smtp):
    aduan = Installation(database_url, tmp_path, smtp.port)
    try:
        yield aduan
    finally:
        aduan.stop()


@pytest.fixture
def sqlite_installation(tmp_path, smtp):
    aduan = Installation(f"sqlite:///{tmp_path / 'aduan.sqlite3'}", tmp_path, smtp.port)
    try:
        yield aduan
    finally:
        aduan.stop()


def test_a_killed_workers_task_runs_again_once_and_its_mail_goes_out_once(installation, smtp):
    (task_id,) = installation.migrate_and_enqueue("killed", block=60)
    markers = installation.folder / "killed"
    first = installation.start_worker("first")
    wait_for(lambda: (markers / "first-mail-done").exists(), "the task's first run", installation)
    os.kill(first.pid, signal.SIGKILL)
    first.wait(10)
    assert installation.task(task_id)[0] == "RUNNING"  # stuck, until another worker reclaims it
    assert smtp.received == {"first@example.org": 1}  # sent and recorded; second not yet

    second = installation.start_worker("second")
    wait_for(lambda: (markers / "finished").exists(), "the task's second run", installation)
    wait_for(lambda: installation.task(task_id)[0] == "SUCCESSFUL", "success", installation)
    assert installation.task(task_id)[1] == ["first", "second"]
    assert lines(markers / "started") == [str(first.pid), str(second.pid)]
    assert lines(markers / "finished") == [str(second.pid)]  # finished exactly once
    # At least once, and here exactly once: the first mail was recorded as sent before the
    # kill and skipped by the second run; the second mail went out after the retry.
    assert smtp.received == {"first@example.org": 1, "second@example.org": 1}

    second.send_signal(signal.SIGTERM)
    assert second.wait(15) == 0
    assert installation.query("SELECT COUNT(*) FROM core_workerheartbeat") == [(0,)]
    assert "put back to run again" in installation.logs()
    assert "first@example.org" not in installation.logs()


def test_sigterm_lets_the_task_finish_and_twice_puts_it_back(sqlite_installation):
    installation = sqlite_installation  # the clean stop does not depend on the database
    finish, put_back = installation.migrate_and_enqueue("finish", "put-back", block=30)
    markers = installation.folder / "finish"
    worker = installation.start_worker("polite")
    wait_for(lambda: (markers / "first-mail-done").exists(), "the task to run", installation)
    worker.send_signal(signal.SIGTERM)
    time.sleep(0.5)
    assert worker.poll() is None  # still finishing its task
    (markers / "release").touch()
    assert worker.wait(15) == 0
    assert installation.task(finish)[0] == "SUCCESSFUL"
    assert lines(markers / "finished") == [str(worker.pid)]

    markers = installation.folder / "put-back"
    worker = installation.start_worker("impatient")
    wait_for(lambda: (markers / "first-mail-done").exists(), "the task to run", installation)
    worker.send_signal(signal.SIGTERM)
    time.sleep(0.3)
    worker.send_signal(signal.SIGTERM)
    assert worker.wait(15) == 0
    assert installation.task(put_back) == ("READY", [])  # to be run again, the run not counted
    assert not (markers / "finished").exists()
    assert installation.query("SELECT COUNT(*) FROM core_workerheartbeat") == [(0,)]
