"""State changes of the calendar and of deadlines. Each: guard, lock, one transaction, audit,
side effects after commit."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from aduan.core import audit
from aduan.core.errors import DomainError
from aduan.deadlines.models import Deadline, DeadlineRule, OfficeClosure
from aduan.deadlines.workdays import calendar_for, local_date


class ClosureError(DomainError):
    code = "closure_invalid"


class DeadlineError(DomainError):
    code = "deadline_invalid"


def _schedule_recompute(office_id: int | None, start: dt.date, end: dt.date) -> None:
    from aduan.deadlines.tasks import recompute_deadlines_task

    transaction.on_commit(
        lambda: recompute_deadlines_task.enqueue(
            office_id=office_id, start=start.isoformat(), end=end.isoformat()
        )
    )


def validate_closure(*, start_date: dt.date, end_date: dt.date, kind: str, reason: str) -> None:
    """Raise ClosureError with a message for the first problem found."""
    if end_date < start_date:
        raise ClosureError(_("The last day cannot be before the first day."))
    if (end_date - start_date).days > 366:
        raise ClosureError(_("A closure can last at most a year; add longer ones in parts."))
    if not (reason or "").strip():
        raise ClosureError(_("Say why the office does not work on these days."))
    if kind not in OfficeClosure.Kind.values:
        raise ClosureError(_("Unknown kind of non-working day."))


def closure_add(
    *,
    actor: Any,
    office: Any,
    start_date: dt.date,
    end_date: dt.date | None = None,
    kind: str,
    reason: str,
) -> OfficeClosure:
    """Add a non-working day (or run of days) for one office, or for all when office is None.

    Open deadlines that count through those days are recomputed after commit.
    """
    end_date = end_date or start_date
    reason = (reason or "").strip()
    validate_closure(start_date=start_date, end_date=end_date, kind=kind, reason=reason)
    with transaction.atomic():
        closure = OfficeClosure.objects.create(
            office=office,
            start_date=start_date,
            end_date=end_date,
            kind=kind,
            reason=reason,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        audit.record(
            "closure.added",
            actor=actor,
            target=closure,
            office=office,
            new={"start": start_date, "end": end_date, "kind": kind, "reason": reason},
        )
        _schedule_recompute(getattr(office, "pk", None), start_date, end_date)
    return closure


def closure_remove(*, actor: Any, closure: OfficeClosure, reason: str = "") -> None:
    """Remove a non-working day; open deadlines that counted it are recomputed after commit."""
    with transaction.atomic():
        locked = OfficeClosure.objects.select_for_update().filter(pk=closure.pk).first()
        if locked is None:
            raise ClosureError(_("This non-working day was already removed."))
        audit.record(
            "closure.removed",
            actor=actor,
            target=locked,
            office=locked.office,
            old={
                "start": locked.start_date,
                "end": locked.end_date,
                "kind": locked.kind,
                "reason": locked.reason,
            },
            reason=reason,
        )
        office_id, start, end = locked.office_id, locked.start_date, locked.end_date
        locked.delete()
        _schedule_recompute(office_id, start, end)


def deadline_start(
    *,
    subject: models.Model,
    rule: DeadlineRule | str,
    office: Any,
    start: dt.datetime | dt.date | None = None,
    actor: Any = None,
) -> Deadline:
    """Start a clock on ``subject`` under ``rule`` (a rule or its code), counted in the office's
    calendar from ``start`` (default: now, in the office's zone)."""
    if isinstance(rule, str):
        found = DeadlineRule.objects.filter(code=rule, active=True).first()
        if found is None:
            raise DeadlineError(_("There is no active deadline rule %(code)s.") % {"code": rule})
        rule = found
    start_day = local_date(start or timezone.now(), office)
    due = calendar_for(office, from_date=start_day).add(start_day, rule.days, rule.basis)
    with transaction.atomic():
        deadline = Deadline.objects.create(
            rule=rule,
            office=office,
            subject_type=ContentType.objects.get_for_model(subject),
            subject_id=str(subject.pk),
            days=rule.days,
            basis=rule.basis,
            legal_source=rule.legal_source,
            start_date=start_day,
            due_date=due.due,
            explanation=due.as_dict(),
        )
        audit.record(
            "deadline.started",
            actor=actor,
            target=deadline,
            office=office,
            new={"rule": rule.code, "start": start_day, "due": due.due},
        )
    return deadline


def recompute_open_deadlines(
    *, office_id: int | None, start: dt.date, end: dt.date, actor: Any = None
) -> int:
    """Recompute the open deadlines of an office (or of all offices when ``office_id`` is None)
    whose counting period overlaps ``start``..``end``. Returns how many due dates moved."""
    candidates = Deadline.objects.open().filter(start_date__lt=end, due_date__gte=start)
    if office_id is not None:
        candidates = candidates.filter(Q(office_id=office_id))
    moved = 0
    for deadline_id in candidates.values_list("pk", flat=True).iterator():
        with transaction.atomic():
            deadline = (
                Deadline.objects.select_for_update()
                .select_related("office")
                .filter(pk=deadline_id, state=Deadline.State.OPEN)
                .first()
            )
            if deadline is None:
                continue
            due = calendar_for(deadline.office, from_date=deadline.start_date).add(
                deadline.start_date, deadline.days, deadline.basis
            )
            old_due = deadline.due_date
            deadline.explanation = due.as_dict()
            deadline.computed_at = timezone.now()
            fields = ["explanation", "computed_at"]
            if due.due != old_due:
                deadline.due_date = due.due
                fields.append("due_date")
                audit.record(
                    "deadline.recomputed",
                    actor=actor,
                    target=deadline,
                    office=deadline.office,
                    old={"due": old_due},
                    new={"due": due.due},
                    reason=_("The office calendar changed."),
                )
                moved += 1
            deadline.save(update_fields=fields)
    return moved
