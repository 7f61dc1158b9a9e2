"""aduan worker runs queued tasks from the database; a claimed task runs once."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

from aduan.deadlines.models import OfficeClosure
from aduan.deadlines.services import deadline_start
from aduan.deadlines.tasks import recompute_deadlines_task

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_runs_a_queued_recompute_once(office):
    subject = office.units.get(code="pvl")
    deadline = deadline_start(
        subject=subject, rule="sp4n-verifikasi", office=office, start=dt.date(2026, 11, 6)
    )
    OfficeClosure.objects.create(
        office=office,
        start_date=dt.date(2026, 11, 9),
        end_date=dt.date(2026, 11, 9),
        kind="libur_daerah",
        reason="x",
    )
    with override_settings(TASKS=DATABASE_TASKS):
        from django_tasks_db.models import DBTaskResult

        recompute_deadlines_task.enqueue(office_id=office.pk, start="2026-11-09", end="2026-11-09")
        assert DBTaskResult.objects.ready().count() == 1
        call_command(
            "worker", batch=True, startup_delay=False, stdout=StringIO(), stderr=StringIO()
        )
        assert DBTaskResult.objects.ready().count() == 0
        assert DBTaskResult.objects.get().return_value == 1
    deadline.refresh_from_db()
    assert deadline.due_date == dt.date(2026, 11, 12)
