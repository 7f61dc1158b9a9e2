"""Background work of intake: stored inbound messages, and what a new case needs once it is
committed (decision 0020)."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django_tasks import task

from aduan.intake.services import process

log = logging.getLogger(__name__)


@task()
def process_inbound_task(*, inbound_id: int) -> str:
    return process(inbound_id)


def runs_in_worker(some_task: Any) -> bool:
    """True when ``some_task`` is stored in the database for a worker (django_tasks_db), so
    that enqueueing it inside a transaction commits it with that transaction's rows; False for
    the immediate backend (no worker: the caller does the work in the request)."""
    return type(some_task.get_backend()).__module__.startswith("django_tasks_db")


@task()
def case_received_task(*, case_id: int, event_ids: list[int]) -> None:
    """A new case, committed: seal its audit events into the office's chain, write its search
    index row, send the receipt, and triage it (aduan.triage). Enqueued in the case's own
    transaction, so it is never lost; each step is safe to repeat (sealing skips what is sealed,
    the index row is rewritten, triage replaces its suggestions and keeps one row per pair)."""
    from aduan.cases.tasks import send_receipt_task
    from aduan.core.chain import seal_events
    from aduan.search.services import index_case_logged
    from aduan.triage.services import after_receipt

    if event_ids and getattr(settings, "AUDIT_SEAL_AFTER_COMMIT", True):
        try:
            seal_events(event_ids)
        except Exception:  # the worker's sweep seals what this missed
            log.exception("sealing the audit events of case %s failed", case_id)
    index_case_logged(case_id)  # a failure is logged; it must not cost the receipt
    send_receipt_task.call(case_id=case_id)
    try:  # suggestions, probable duplicates, mass-complaint groups (aduan.triage)
        after_receipt(case_id)
    except Exception:
        log.exception("triage of case %s failed", case_id)


@task()
def case_triage_task(*, case_id: int) -> None:
    """Triage a committed case where no worker runs (the immediate task backend): the part of
    ``case_received_task`` that the request does not do itself (``cases.services._follow_up``)."""
    from aduan.triage.services import after_receipt

    try:
        after_receipt(case_id)
    except Exception:
        log.exception("triage of case %s failed", case_id)
