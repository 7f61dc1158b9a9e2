"""Processing of stored inbound messages, in the background after they are committed."""

from __future__ import annotations

from django_tasks import task

from aduan.intake.services import process


@task()
def process_inbound_task(*, inbound_id: int) -> str:
    return process(inbound_id)
