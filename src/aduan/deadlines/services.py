"""State changes of the calendar and of deadlines. Each: guard, lock, one transaction, audit,
side effects after commit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from aduan.core import audit
from aduan.core.errors import DomainError
from aduan.deadlines.models import (
    Basis,
    Deadline,
    DeadlineExtension,
    DeadlinePause,
    DeadlineRule,
    Delivery,
    OfficeClosure,
)
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


def _count_days(calendar: Any, start: dt.date, end: dt.date, basis: str) -> int:
    """Days in [start, end) that count under ``basis``."""
    if end <= start:
        return 0
    if basis == Basis.CALENDAR:
        return (end - start).days
    return sum(
        1
        for offset in range((end - start).days)
        if calendar.is_working_day(start + dt.timedelta(days=offset))
    )


def _compute(deadline: Deadline) -> dict[str, Any]:
    """Recompute due date and explanation from start, days, extensions and pauses (keeping
    which receipt started the clock)."""
    started = (deadline.explanation or {}).get("started_by")
    calendar = calendar_for(deadline.office, from_date=deadline.start_date)
    pauses = []
    paused_days = 0
    for pause in deadline.pauses.all() if deadline.pk else []:
        if pause.end_date is None:
            continue
        counted = _count_days(calendar, pause.start_date, pause.end_date, deadline.basis)
        paused_days += counted
        pauses.append(
            {
                "start": pause.start_date.isoformat(),
                "end": pause.end_date.isoformat(),
                "days": counted,
                "reason": pause.reason,
            }
        )
    extensions = (
        [{"days": e.days, "reason": e.reason} for e in deadline.extensions.all()]
        if deadline.pk
        else []
    )
    extended_days = sum(e["days"] for e in extensions)
    due = calendar.add(
        deadline.start_date, deadline.days + extended_days + paused_days, deadline.basis
    )
    explanation = due.as_dict()
    explanation.update({"rule_days": deadline.days, "extensions": extensions, "pauses": pauses})
    if started:
        explanation["started_by"] = started
    deadline.extended_days = extended_days
    deadline.paused_days = paused_days
    deadline.due_date = due.due
    deadline.explanation = explanation
    deadline.computed_at = timezone.now()
    return explanation


def refresh_next_due(*, case_ids: Iterable[int | None]) -> None:
    """Write ``Case.next_due`` of these cases: the due date of each one's next running clock
    (paused ones included), or nothing when none runs. Every service here that starts, stops or
    moves a clock calls it in its transaction; so must any code that changes clocks in bulk."""
    ids = {pk for pk in case_ids if pk is not None}
    if not ids:
        return
    first_open = (
        Deadline.objects.filter(case=OuterRef("pk"), state=Deadline.State.OPEN)
        .order_by("due_date")
        .values("due_date")[:1]
    )
    cases = Deadline._meta.get_field("case").related_model
    cases.objects.filter(pk__in=ids).update(next_due=Subquery(first_open))


def _locked(deadline: Deadline) -> Deadline:
    locked = (
        Deadline.objects.select_for_update().select_related("office", "rule").get(pk=deadline.pk)
    )
    return locked


def deadline_start(
    *,
    subject: models.Model,
    rule: DeadlineRule | str,
    office: Any,
    start: dt.datetime | dt.date | None = None,
    actor: Any = None,
    case: Any = None,
    delivery: Delivery | None = None,
) -> Deadline:
    """Start a clock on ``subject`` under ``rule`` (a rule or its code), counted in the office's
    calendar from ``start`` (default: now, in the office's zone). ``case`` links the clock to
    the case it belongs to, for the case's list of clocks.

    ``delivery``: the clock starts on the receipt of that delivery (decision 0018). Received
    already: counted from the day it was received (``start`` is ignored). Not yet: the clock
    waits (state WAITING, no dates) until ``deliveries`` records the receipt."""
    if isinstance(rule, str):
        found = DeadlineRule.objects.filter(code=rule, active=True).first()
        if found is None:
            raise DeadlineError(_("There is no active deadline rule %(code)s.") % {"code": rule})
        rule = found
    waiting = delivery is not None and delivery.received_on is None
    if delivery is not None and not waiting:
        start = delivery.received_on
    start_day = None if waiting else local_date(start or timezone.now(), office)
    with transaction.atomic():
        deadline = Deadline(
            rule=rule,
            office=office,
            case=case,
            subject_type=ContentType.objects.get_for_model(subject),
            subject_id=str(subject.pk),
            days=rule.days,
            basis=rule.basis,
            legal_source=rule.legal_source,
            start_date=start_day,
            delivery=delivery,
            state=Deadline.State.WAITING if waiting else Deadline.State.OPEN,
        )
        if waiting:
            from aduan.deadlines.deliveries import started_by

            deadline.explanation = {"waiting_for": started_by(delivery)}
        else:
            _compute(deadline)
        deadline.save()
        refresh_next_due(case_ids=[deadline.case_id])
        audit.record(
            "deadline.started",
            actor=actor,
            target=deadline,
            office=office,
            new={
                "rule": rule.code,
                "start": start_day,
                "due": deadline.due_date,
                "state": deadline.state,
                "delivery": getattr(delivery, "pk", None),
            },
        )
    return deadline


def _count_from_receipt(deadline: Deadline, delivery: Delivery) -> None:
    from aduan.deadlines.deliveries import started_by

    deadline.start_date = delivery.received_on
    _compute(deadline)
    deadline.explanation["started_by"] = started_by(delivery)


def deadline_start_waiting(
    *, deadline: Deadline, delivery: Delivery, actor: Any = None
) -> Deadline:
    """The receipt of ``delivery`` is known: its waiting clock starts, counted from the day it
    was received; the explanation says which receipt started it. (Called by ``deliveries``
    inside its transaction, the delivery locked.)"""
    with transaction.atomic():
        locked = _locked(deadline)
        if locked.state != Deadline.State.WAITING:
            return locked
        locked.state = Deadline.State.OPEN
        _count_from_receipt(locked, delivery)
        locked.save()
        refresh_next_due(case_ids=[locked.case_id])
        audit.record(
            "deadline.recomputed",
            actor=actor,
            target=locked,
            office=locked.office,
            old={"state": Deadline.State.WAITING},
            new={
                "state": Deadline.State.OPEN,
                "start": locked.start_date,
                "due": locked.due_date,
                "basis": delivery.receipt_basis,
            },
            reason=_("Started on receipt of the document."),
        )
    return locked


def deadline_restart_on_receipt(
    *, deadline: Deadline, delivery: Delivery, actor: Any = None
) -> Deadline:
    """A receipt was corrected (a tanda terima replacing a presumption): the running clock is
    counted again from the real date, its extensions and pauses kept."""
    with transaction.atomic():
        locked = _locked(deadline)
        if locked.state != Deadline.State.OPEN:
            return locked
        old = {"start": locked.start_date, "due": locked.due_date}
        _count_from_receipt(locked, delivery)
        locked.save()
        refresh_next_due(case_ids=[locked.case_id])
        audit.record(
            "deadline.recomputed",
            actor=actor,
            target=locked,
            office=locked.office,
            old=old,
            new={"start": locked.start_date, "due": locked.due_date},
            reason=_("The receipt of the document was corrected."),
        )
    return locked


def deadline_close(
    *, deadline: Deadline, state: str, actor: Any = None, reason: str = ""
) -> Deadline:
    """Stop a running clock (or one still waiting for its receipt): met (the awaited thing
    happened), missed, or cancelled."""
    if state not in {Deadline.State.MET, Deadline.State.MISSED, Deadline.State.CANCELLED}:
        raise DeadlineError(_("A clock can only be closed as met, missed or cancelled."))
    with transaction.atomic():
        locked = _locked(deadline)
        if locked.state not in {Deadline.State.OPEN, Deadline.State.WAITING}:
            raise DeadlineError(_("This clock is no longer running."))
        old_state = locked.state
        locked.state = state
        locked.closed_at = timezone.now()
        locked.paused_since = None
        locked.save(update_fields=["state", "closed_at", "paused_since"])
        refresh_next_due(case_ids=[locked.case_id])
        audit.record(
            "deadline.closed",
            actor=actor,
            target=locked,
            office=locked.office,
            old={"state": old_state},
            new={"state": state},
            reason=reason,
        )
    return locked


def deadline_extend(*, deadline: Deadline, days: int, reason: str, actor: Any) -> Deadline:
    """Add days to a running clock, with a reason."""
    if not isinstance(days, int) or days < 1 or days > 366:
        raise DeadlineError(_("An extension is between 1 and 366 days."))
    if not (reason or "").strip():
        raise DeadlineError(_("Say why the clock is extended."))
    with transaction.atomic():
        locked = _locked(deadline)
        if locked.state != Deadline.State.OPEN:
            raise DeadlineError(_("This clock is no longer running."))
        old_due = locked.due_date
        DeadlineExtension.objects.create(
            deadline=locked,
            days=days,
            reason=reason.strip(),
            actor=actor if getattr(actor, "is_authenticated", False) else None,
        )
        _compute(locked)
        locked.save()
        refresh_next_due(case_ids=[locked.case_id])
        audit.record(
            "deadline.extended",
            actor=actor,
            target=locked,
            office=locked.office,
            old={"due": old_due},
            new={"due": locked.due_date, "days": days},
            reason=reason,
        )
    return locked


def deadline_pause(
    *, deadline: Deadline, reason: str, actor: Any = None, on: dt.date | None = None
) -> Deadline:
    """Stop a clock from running (e.g. while waiting for the reporter)."""
    with transaction.atomic():
        locked = _locked(deadline)
        if locked.state != Deadline.State.OPEN:
            raise DeadlineError(_("This clock is no longer running."))
        if locked.paused_since:
            raise DeadlineError(_("This clock is already paused."))
        day = on or local_date(timezone.now(), locked.office)
        DeadlinePause.objects.create(deadline=locked, start_date=day, reason=reason)
        locked.paused_since = day
        locked.save(update_fields=["paused_since"])
        refresh_next_due(case_ids=[locked.case_id])  # unchanged: a paused clock still counts
        audit.record(
            "deadline.paused", actor=actor, target=locked, office=locked.office, reason=reason
        )
    return locked


def deadline_resume(
    *, deadline: Deadline, actor: Any = None, on: dt.date | None = None
) -> Deadline:
    """Let a paused clock run again; the due date moves by the paused days."""
    with transaction.atomic():
        locked = _locked(deadline)
        if not locked.paused_since:
            raise DeadlineError(_("This clock is not paused."))
        day = on or local_date(timezone.now(), locked.office)
        pause = locked.pauses.filter(end_date__isnull=True).get()
        pause.end_date = max(day, pause.start_date)
        pause.save(update_fields=["end_date"])
        old_due = locked.due_date
        locked.paused_since = None
        _compute(locked)
        locked.save()
        refresh_next_due(case_ids=[locked.case_id])
        audit.record(
            "deadline.resumed",
            actor=actor,
            target=locked,
            office=locked.office,
            old={"due": old_due},
            new={"due": locked.due_date},
        )
    return locked


def deadline_move_office(*, deadline: Deadline, office: Any, actor: Any = None) -> Deadline:
    """A case moved to another office: its running clock follows that office's calendar."""
    with transaction.atomic():
        locked = _locked(deadline)
        if locked.state not in {Deadline.State.OPEN, Deadline.State.WAITING}:
            raise DeadlineError(_("This clock is no longer running."))
        old_office, old_due = locked.office, locked.due_date
        locked.office = office
        if locked.state == Deadline.State.OPEN:
            _compute(locked)
        locked.save()
        refresh_next_due(case_ids=[locked.case_id])
        audit.record(
            "deadline.recomputed",
            actor=actor,
            target=locked,
            office=office,
            old={"office": old_office.code, "due": old_due},
            new={"office": office.code, "due": locked.due_date},
            reason=_("The case moved to another office."),
        )
    return locked


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
            old_due = deadline.due_date
            _compute(deadline)
            if deadline.due_date != old_due:
                audit.record(
                    "deadline.recomputed",
                    actor=actor,
                    target=deadline,
                    office=deadline.office,
                    old={"due": old_due},
                    new={"due": deadline.due_date},
                    reason=_("The office calendar changed."),
                )
                moved += 1
            deadline.save()
            refresh_next_due(case_ids=[deadline.case_id])
    return moved
