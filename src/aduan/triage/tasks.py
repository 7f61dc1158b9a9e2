"""Triage as a task of its own, for installations without a worker (the immediate task
backend): ``cases.services._follow_up`` runs it after the case's transaction commits, as
``intake.tasks.case_received_task`` does with a worker. Never inside the intake request's
transaction."""

from __future__ import annotations

from django_tasks import task


@task()
def triage_case_task(*, case_id: int) -> None:
    from aduan.triage.services import after_receipt

    after_receipt(case_id)
