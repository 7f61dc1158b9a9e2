"""A test-only task for the killed-worker test: the worker imports it as
``tests.system.worker.tasks.blocking_mail_task``, with the checkout on its PYTHONPATH. Marker
files in ``folder`` tell the test what happened."""

from __future__ import annotations

import os
import time
from pathlib import Path

from django_tasks import task


def _mark(folder: Path, name: str) -> None:
    with open(folder / name, "a", encoding="utf-8") as out:
        out.write(f"{os.getpid()}\n")


@task()
def blocking_mail_task(*, folder: str, first: str, second: str, block: float) -> int:
    """Mail ``first``; on its first run only, block ``block`` seconds (the test kills the worker
    then); then mail ``second``. Each run appends the worker's pid to ``started``; a finished
    run to ``finished``."""
    from aduan.core.mail import send_templated

    here = Path(folder)
    first_run = not (here / "started").exists()
    _mark(here, "started")
    context = {"label": "DR-1", "rule": "r", "legal_source": "", "due": None, "url": ""}
    sent = send_templated("privacy/email/reminder", [first], context)
    _mark(here, "first-mail-done")
    if first_run:
        deadline = time.monotonic() + block
        while time.monotonic() < deadline and not (here / "release").exists():
            time.sleep(0.05)
    sent += send_templated("privacy/email/reminder", [second], context)
    _mark(here, "finished")
    return sent
