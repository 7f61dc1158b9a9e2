"""The sweeper: applies what the clocks imply, once.

Each pass (``aduan sweep``, and every few minutes inside ``aduan worker``):

1. claims every running clock whose due date has passed in its office's zone with a conditional
   UPDATE (``state = open`` → ``missed``), so with several workers each clock is claimed by
   exactly one, and applies its consequence in the same transaction: deemed withdrawn (30 days to
   complete, UU 37 Ps.25), clarification unanswered / right to answer waived (Ps.33), handover to
   Resolusi dan Monitoring (30 working days, Peraturan Ombudsman 58/2023 Ps.54);
2. claims clocks due within ``REMINDER_DAYS`` that have had no reminder, and sends one after
   commit.

Running it twice in a row does nothing the second time.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from aduan.cases.errors import CaseError
from aduan.cases.models import ClarificationRequest, CorrectiveAction
from aduan.core import audit
from aduan.deadlines.models import Deadline
from aduan.directory.models import TIME_ZONE_CHOICES

log = logging.getLogger(__name__)
REMINDER_DAYS = 3


@dataclass
class SweepResult:
    expired: int = 0
    consequences: Counter = field(default_factory=Counter)
    reminders: int = 0
    errors: int = 0


def _deemed_withdrawn(deadline: Deadline) -> str:
    from aduan.cases.services import case_deemed_withdrawn

    case_deemed_withdrawn(case=deadline.case)
    return "deemed_withdrawn"


def _clarification(deadline: Deadline) -> str:
    from aduan.cases.examination import clarification_expired

    request = ClarificationRequest.objects.get(pk=deadline.subject_id)
    clarification_expired(request=request)
    return "clarification_waived" if request.round == 2 else "clarification_unanswered"


def _corrective_action(deadline: Deadline) -> str:
    from aduan.cases.services import case_handover_to_resmon

    action = CorrectiveAction.objects.select_related("case").get(pk=deadline.subject_id)
    if action.status == CorrectiveAction.Status.DONE or action.case.state != "monitoring":
        return "nothing"
    case_handover_to_resmon(
        case=action.case,
        reason="Tindakan korektif tidak dilaksanakan dalam 30 hari kerja "
        "(Peraturan Ombudsman 58/2023 Ps.54).",
    )
    return "handed_to_resmon"


CONSEQUENCES: dict[str, Callable[[Deadline], str]] = {
    "melengkapi-laporan": _deemed_withdrawn,
    "klarifikasi-pertama": _clarification,
    "klarifikasi-kedua": _clarification,
    "monitoring-tindakan-korektif": _corrective_action,
}


def _today_by_zone(now: dt.datetime) -> dict[str, dt.date]:
    return {zone: now.astimezone(ZoneInfo(zone)).date() for zone, _label in TIME_ZONE_CHOICES}


def _expire(deadline_id: int, now: dt.datetime, result: SweepResult) -> None:
    with transaction.atomic():
        claimed = Deadline.objects.filter(
            pk=deadline_id, state=Deadline.State.OPEN, paused_since__isnull=True
        ).update(state=Deadline.State.MISSED, closed_at=now)
        if not claimed:
            return  # another worker took it, or it stopped meanwhile
        deadline = Deadline.objects.select_related("rule", "office", "case").get(pk=deadline_id)
        audit.record(
            "deadline.missed",
            target=deadline,
            office=deadline.office,
            old={"state": "open"},
            new={"state": "missed", "due": deadline.due_date},
        )
        result.expired += 1
        consequence = CONSEQUENCES.get(deadline.rule.code)
        if consequence is None:
            return
        try:
            with transaction.atomic():
                result.consequences[consequence(deadline)] += 1
        except CaseError as exc:
            # The case moved on without stopping this clock; keep the clock missed, say so.
            result.errors += 1
            log.warning("sweep: deadline %s: %s", deadline_id, exc.code)


def sweep(*, now: dt.datetime | None = None, reminders: bool = True) -> SweepResult:
    """One pass over the clocks. Safe to run in several workers at once."""
    from aduan.cases.tasks import send_reminder_task

    now = now or timezone.now()
    result = SweepResult()
    for zone, today in _today_by_zone(now).items():
        due = Deadline.objects.filter(
            state=Deadline.State.OPEN,
            paused_since__isnull=True,
            due_date__lt=today,
            office__time_zone=zone,
        ).order_by("due_date", "pk")
        for deadline_id in list(due.values_list("pk", flat=True)):
            _expire(deadline_id, now, result)
        if not reminders:
            continue
        soon = Deadline.objects.filter(
            state=Deadline.State.OPEN,
            paused_since__isnull=True,
            reminded_at__isnull=True,
            case__isnull=False,
            due_date__gte=today,
            due_date__lte=today + dt.timedelta(days=REMINDER_DAYS),
            office__time_zone=zone,
        )
        for deadline_id in list(soon.values_list("pk", flat=True)):
            with transaction.atomic():
                claimed = Deadline.objects.filter(pk=deadline_id, reminded_at__isnull=True).update(
                    reminded_at=now
                )
                if claimed:
                    result.reminders += 1
                    transaction.on_commit(
                        lambda deadline_id=deadline_id: send_reminder_task.enqueue(
                            deadline_id=deadline_id
                        )
                    )
    return result
