"""The sweeper: applies what the clocks imply, once.

Each pass (``aduan sweep``, and every few minutes inside ``aduan worker``):

0. records the presumed receipt of each delivery whose presumed day has come with no receipt
   known (``deadlines.deliveries.presume_receipts``: each delivery claimed by one worker), which
   starts the clocks that waited for it (decision 0018);
1. claims the running clocks whose due date has passed in their office's zone, in batches of
   ``BATCH`` (row locks with SKIP LOCKED on PostgreSQL, the IMMEDIATE write lock on SQLite; then
   ``state = open`` → ``missed``), so with several workers each clock is claimed by exactly one,
   and applies each consequence in the batch's transaction, in a savepoint of its own: deemed
   withdrawn (30 days to complete, UU 37 Ps.25), clarification unanswered / right to answer
   waived (Ps.33), handover to Resolusi dan Monitoring (30 working days, Peraturan Ombudsman
   58/2023 Ps.54);
2. claims clocks due within ``REMINDER_DAYS`` that have had no reminder, and sends one after
   commit (to whoever holds the case; a clock with no case through its app's ``REMINDERS``
   entry, e.g. an improvement suggestion's follow-up).

Running it twice in a row does nothing the second time.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from aduan.cases.errors import CaseError
from aduan.cases.models import ClarificationRequest, CorrectiveAction
from aduan.core.chain import seal_on_commit
from aduan.core.models import AuditEvent
from aduan.deadlines.models import Deadline
from aduan.deadlines.services import refresh_next_due
from aduan.directory.models import TIME_ZONE_CHOICES

log = logging.getLogger(__name__)
REMINDER_DAYS = 3
BATCH = 200  # clocks claimed and committed together


@dataclass
class SweepResult:
    expired: int = 0
    consequences: Counter = field(default_factory=Counter)
    reminders: int = 0
    receipts_presumed: int = 0
    messages_retried: int = 0
    inbound_retried: int = 0
    drafts_expired: int = 0
    errors: int = 0


def _deemed_withdrawn(deadline: Deadline) -> str:
    from aduan.cases.services import case_deemed_withdrawn

    reason = ""
    if deadline.rule.code != "melengkapi-laporan":
        # Another rule set's completion period (a regional ombudsman's, UU 25/2009's): cite it.
        reason = gettext("Not completed within %(days)s days (%(source)s).") % {
            "days": deadline.days,
            "source": deadline.legal_source,
        }
    case_deemed_withdrawn(case=deadline.case, reason=reason)
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
        reason=gettext(
            "Corrective action not carried out within 30 working days "
            "(Peraturan Ombudsman 58/2023 Ps.54)."
        ),
    )
    return "handed_to_resmon"


# Rule code -> what its running out does. Other apps add theirs in their ``ready`` (SP4N-LAPOR!
# and UU 25/2009 in the ``sp4n`` app, referrals, prevention), so ``cases`` imports none of them.
# A regional ombudsman's clocks (``daerah-``, decision 0018) have the same consequences as the
# Ombudsman's, except corrective action: it has no Resolusi dan Monitoring stage (PO 58/2023
# Ps.54 binds Ombudsman RI only), so its missed clock is left for staff to act on.
CONSEQUENCES: dict[str, Callable[[Deadline], str]] = {
    "melengkapi-laporan": _deemed_withdrawn,
    "klarifikasi-pertama": _clarification,
    "klarifikasi-kedua": _clarification,
    "monitoring-tindakan-korektif": _corrective_action,
    "daerah-melengkapi-laporan": _deemed_withdrawn,
    "daerah-klarifikasi-pertama": _clarification,
    "daerah-klarifikasi-kedua": _clarification,
}


# Clocks that belong to no case (an improvement suggestion's follow-up, say) are reminded by
# their own app: rule code → a function taking the clock's id that enqueues the reminder.
# Registered by the app's ``ready``; a clock with no case and no entry here gets no reminder.
REMINDERS: dict[str, Callable[[int], None]] = {}


def _today_by_zone(now: dt.datetime) -> dict[str, dt.date]:
    return {zone: now.astimezone(ZoneInfo(zone)).date() for zone, _label in TIME_ZONE_CHOICES}


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), BATCH):
        yield ids[start : start + BATCH]


def _claim(queryset: QuerySet) -> list[int]:
    """Lock the rows of ``queryset`` that nobody else holds. PostgreSQL: SKIP LOCKED, so two
    workers split the work; SQLite: the IMMEDIATE transaction already holds the write lock."""
    if connection.features.has_select_for_update_skip_locked:
        queryset = queryset.select_for_update(skip_locked=True)
    return list(queryset.values_list("pk", flat=True))


def _expire_batch(ids: list[int], now: dt.datetime, result: SweepResult) -> None:
    with transaction.atomic():
        claimed = _claim(
            Deadline.objects.filter(
                pk__in=ids, state=Deadline.State.OPEN, paused_since__isnull=True
            )
        )
        if not claimed:
            return  # other workers took them, or they stopped meanwhile
        Deadline.objects.filter(pk__in=claimed).update(state=Deadline.State.MISSED, closed_at=now)
        deadlines = list(
            Deadline.objects.filter(pk__in=claimed).select_related("rule", "office", "case")
        )
        refresh_next_due(case_ids={deadline.case_id for deadline in deadlines})
        deadline_type = ContentType.objects.get_for_model(Deadline)
        missed = AuditEvent.objects.bulk_create(
            [
                AuditEvent(
                    at=now,
                    action="deadline.missed",
                    actor_label="sistem",
                    office=deadline.office,
                    target_type=deadline_type,
                    target_id=str(deadline.pk),
                    target_label=str(deadline)[:255],
                    old={"state": "open"},
                    new={"state": "missed", "due": deadline.due_date.isoformat()},
                )
                for deadline in deadlines
            ]
        )
        seal_on_commit(missed)
        result.expired += len(deadlines)
        for deadline in deadlines:
            consequence = CONSEQUENCES.get(deadline.rule.code)
            if consequence is None:
                continue
            try:
                with transaction.atomic():  # a savepoint: one failure spoils only its clock
                    result.consequences[consequence(deadline)] += 1
            except CaseError as exc:
                # The case moved on without stopping this clock; the clock stays missed.
                result.errors += 1
                log.warning("sweep: deadline %s: %s", deadline.pk, exc.code)


def _remind_batch(ids: list[int], now: dt.datetime, result: SweepResult) -> None:
    from aduan.cases.tasks import send_reminder_task

    with transaction.atomic():
        claimed = _claim(Deadline.objects.filter(pk__in=ids, reminded_at__isnull=True))
        if not claimed:
            return
        Deadline.objects.filter(pk__in=claimed).update(reminded_at=now)
        result.reminders += len(claimed)
        rows = Deadline.objects.filter(pk__in=claimed).values_list("pk", "case_id", "rule__code")
        for deadline_id, case_id, rule_code in rows:
            if case_id is None:
                transaction.on_commit(
                    lambda deadline_id=deadline_id, remind=REMINDERS[rule_code]: remind(deadline_id)
                )
                continue
            transaction.on_commit(
                lambda deadline_id=deadline_id: send_reminder_task.enqueue(deadline_id=deadline_id)
            )


def sweep(*, now: dt.datetime | None = None, reminders: bool = True) -> SweepResult:
    """One pass over the clocks. Safe to run in several workers at once."""
    now = now or timezone.now()
    result = SweepResult()
    from aduan.deadlines.deliveries import presume_receipts

    result.receipts_presumed = presume_receipts(now=now)
    for zone, today in _today_by_zone(now).items():
        due = Deadline.objects.filter(
            state=Deadline.State.OPEN,
            paused_since__isnull=True,
            due_date__lt=today,
            office__time_zone=zone,
        ).order_by("due_date", "pk")
        for chunk in _chunks(list(due.values_list("pk", flat=True))):
            _expire_batch(chunk, now, result)
        if not reminders:
            continue
        soon = Deadline.objects.filter(
            state=Deadline.State.OPEN,
            paused_since__isnull=True,
            reminded_at__isnull=True,
            due_date__gte=today,
            due_date__lte=today + dt.timedelta(days=REMINDER_DAYS),
            office__time_zone=zone,
        ).filter(Q(case__isnull=False) | Q(rule__code__in=list(REMINDERS)))
        soon = soon.order_by("due_date", "pk")
        for chunk in _chunks(list(soon.values_list("pk", flat=True))):
            _remind_batch(chunk, now, result)
    from aduan.intake.services import retry_failed
    from aduan.messaging.services import retry_queued

    result.messages_retried = retry_queued(now=now)
    result.inbound_retried = retry_failed(now=now)
    from aduan.intake.channels.portal.drafts import expire

    result.drafts_expired = expire(now=now)
    return result
