"""Delivery of messages to reporters, in the background after the note is committed."""

from __future__ import annotations

from django_tasks import task

from aduan.messaging.services import deliver


@task()
def deliver_task(*, message_id: int) -> str:
    return deliver(message_id)
