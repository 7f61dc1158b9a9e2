"""`make run` shows the demo's mail: the worker runs beside the web server (scripts/serve), so a
task queued in the demo runs, and mail goes to files in var/mail/ that the demo user can read."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

ROOT = Path(__file__).resolve().parent.parent
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def test_make_run_serves_through_the_script_that_starts_the_worker():
    makefile = (ROOT / "Makefile").read_text()
    recipe = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "scripts/serve" in recipe
    script = (ROOT / "scripts" / "serve").read_text()
    assert os.access(ROOT / "scripts" / "serve", os.X_OK)
    assert '"$BIN/aduan" worker &' in script  # beside the server …
    assert "trap stop EXIT" in script and 'kill "$worker"' in script  # … and stopped with it
    assert "EMAIL_FILE_PATH=${EMAIL_FILE_PATH:-$PWD/var/mail}" in script


def test_email_file_path_writes_mail_to_files_without_a_mail_server(tmp_path):
    code = textwrap.dedent(
        """
        import aduan.settings as s
        print(s.EMAIL_BACKEND, s.EMAIL_FILE_PATH)
        """
    )
    env = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}}
    env.update(ADUAN_DATA_DIR=str(tmp_path / "var"), DEBUG="1")
    mail = str(tmp_path / "mail")
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**env, "EMAIL_FILE_PATH": mail},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.core.mail.backends.filebased.EmailBackend", mail]
    smtp = subprocess.run(
        [sys.executable, "-c", code],
        env={**env, "EMAIL_FILE_PATH": mail, "EMAIL_HOST": "smtp.example"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert smtp.stdout.startswith("django.core.mail.backends.smtp.EmailBackend")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_receipt_queued_in_demo_mode_is_sent_by_the_worker_to_the_mail_folder(receive, tmp_path):
    from django_tasks_db.models import DBTaskResult

    mail = tmp_path / "mail"
    with override_settings(
        TASKS=DATABASE_TASKS,
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(mail),
    ):
        case = receive()  # the receipt is queued after commit, not sent
        assert DBTaskResult.objects.ready().exists()
        assert not mail.exists() or not any(mail.iterdir())
        call_command(
            "worker", batch=True, startup_delay=False, stdout=StringIO(), stderr=StringIO()
        )
        assert not DBTaskResult.objects.ready().exists()
    sent = "".join(p.read_text() for p in mail.iterdir())
    assert "siti@example.com" in sent and case.reference in sent
