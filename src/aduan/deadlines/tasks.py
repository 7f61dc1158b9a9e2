from __future__ import annotations

import datetime as dt

from django_tasks import task

from aduan.deadlines.services import recompute_open_deadlines


@task()
def recompute_deadlines_task(*, office_id: int | None, start: str, end: str) -> int:
    """Background: recompute open deadlines after the office calendar changed."""
    return recompute_open_deadlines(
        office_id=office_id,
        start=dt.date.fromisoformat(start),
        end=dt.date.fromisoformat(end),
    )
