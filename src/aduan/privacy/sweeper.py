"""The sweeper's reminder before a personal-data clock runs out (a request's 3×24 hours, a
breach's notices). The clocks have no case, so ``cases.sweeper`` calls ``remind`` through its
``REMINDERS`` registry (``apps.PrivacyConfig.ready``). A clock that runs out is only marked
missed (no consequence: the office must still answer)."""

from __future__ import annotations


def remind(deadline_id: int) -> None:
    from aduan.privacy.tasks import reminder_task

    reminder_task.enqueue(deadline_id=deadline_id)
