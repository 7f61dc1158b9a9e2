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
    HolidayChange,
    HolidayData,
    OfficeClosure,
)
from aduan.deadlines.workdays import (
    calendar_for,
    holiday_data_version,
    installed_holidays,
    local_date,
)


class ClosureError(DomainError):
    code = "closure_invalid"


class DeadlineError(DomainError):
    code = "deadline_invalid"


class NotExtendable(DeadlineError):
    code = "deadline_not_extendable"


class HolidayError(DomainError):
    code = "holiday_invalid"


def rule_in_force(code: str, on: dt.date, rule_set: str | None = None) -> DeadlineRule | None:
    """The version of rule ``code`` in force on ``on``: the active row with the latest
    ``effective_from`` on or before that day (None when there is none)."""
    rules = DeadlineRule.objects.filter(code=code, active=True, effective_from__lte=on)
    if rule_set is not None:
        rules = rules.filter(rule_set=rule_set)
    return rules.order_by("-effective_from").first()


def rules_in_force(on: dt.date) -> list[DeadlineRule]:
    """Every active rule's version in force on ``on``, by rule set and code."""
    latest: dict[str, DeadlineRule] = {}
    for rule in DeadlineRule.objects.filter(active=True, effective_from__lte=on).order_by(
        "code", "-effective_from"
    ):
        latest.setdefault(rule.code, rule)
    return sorted(latest.values(), key=lambda r: (r.rule_set, r.code))


def rule_history() -> list[DeadlineRule]:
    """Every version of every rule (active or not), by rule set, code and date."""
    return list(DeadlineRule.objects.order_by("rule_set", "code", "effective_from"))


def rule_row(rule: DeadlineRule) -> dict[str, Any]:
    """One rule as a table row (``aduan rules``, the public rules page), in the active language."""
    return {
        "rule_set": rule.rule_set,
        "rule_set_label": str(rule.get_rule_set_display()),
        "code": rule.code,
        "name": rule.label,
        "days": rule.days,
        "basis": rule.basis,
        "basis_label": str(rule.get_basis_display()),
        "start_event": rule.start_event,
        "start_event_label": str(rule.get_start_event_display()),
        "start_text": rule.start_text,
        "party": rule.party,
        "party_label": str(rule.get_party_display()),
        "consequence": rule.consequence_text,
        "extendable": rule.extendable,
        "extendable_basis": rule.extendable_text,
        "legal_source": rule.legal_source,
        "effective_from": rule.effective_from.isoformat(),
        "active": rule.active,
    }


def extension_refusal(deadline: Deadline) -> str:
    """Why this clock cannot be extended, citing its rule (empty when it can)."""
    rule = deadline.rule
    if rule.extendable:
        return ""
    return _("The %(days)s-day period “%(name)s” cannot be extended (%(source)s): %(why)s") % {
        "days": deadline.days,
        "name": rule.label,
        "source": deadline.legal_source,
        "why": rule.extendable_text or _("the law sets it, and nobody may extend it."),
    }


def extension_refusal_for_addressee(deadline: Deadline) -> str:
    """For the party that runs the clock (an agency on the liaison portal): why it cannot ask
    for more time, and what happens when the period runs out (empty when it can ask)."""
    rule = deadline.rule
    if rule.extendable:
        return ""
    text = _("The %(days)s-day period “%(name)s” is set by %(source)s and cannot be extended.") % {
        "days": deadline.days,
        "name": rule.label,
        "source": deadline.legal_source,
    }
    if rule.consequence_text:
        text += " " + _("When it runs out: %(consequence)s") % {
            "consequence": rule.consequence_text
        }
    return text


def _recompute_now(
    office_id: int | None, start: dt.date, end: dt.date, *, actor: Any, reason: str
) -> int:
    """Recompute, in the caller's transaction, the open clocks that count through these days."""
    return recompute_open_deadlines(
        office_id=office_id, start=start, end=end, actor=actor, reason=reason
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
        _recompute_now(
            getattr(office, "pk", None),
            start_date,
            end_date,
            actor=actor,
            reason=_("Non-working day added: %(reason)s") % {"reason": reason},
        )
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
        what = locked.reason
        locked.delete()
        _recompute_now(
            office_id,
            start,
            end,
            actor=actor,
            reason=_("Non-working day removed (%(what)s): %(reason)s")
            % {"what": what, "reason": reason or _("no reason given")},
        )


def closure_shift(
    *,
    actor: Any,
    closure: OfficeClosure,
    start_date: dt.date,
    end_date: dt.date | None = None,
    reason: str,
) -> OfficeClosure:
    """Move a non-working day (or run of days) to other days; the open clocks that count
    through the old or the new days are recomputed at once."""
    end_date = end_date or start_date
    reason = (reason or "").strip()
    with transaction.atomic():
        locked = OfficeClosure.objects.select_for_update().filter(pk=closure.pk).first()
        if locked is None:
            raise ClosureError(_("This non-working day was already removed."))
        validate_closure(start_date=start_date, end_date=end_date, kind=locked.kind, reason=reason)
        if (start_date, end_date) == (locked.start_date, locked.end_date):
            raise ClosureError(_("The non-working day already falls on these days."))
        old = {"start": locked.start_date, "end": locked.end_date}
        locked.start_date, locked.end_date = start_date, end_date
        locked.save(update_fields=["start_date", "end_date"])
        audit.record(
            "closure.shifted",
            actor=actor,
            target=locked,
            office=locked.office,
            old=old,
            new={"start": start_date, "end": end_date},
            reason=reason,
        )
        _recompute_now(
            locked.office_id,
            min(old["start"], start_date),
            max(old["end"], end_date),
            actor=actor,
            reason=_("Non-working day %(what)s moved: %(reason)s")
            % {"what": locked.reason, "reason": reason},
        )
    return locked


def _national_holiday_names(day: dt.date) -> list[str]:
    return [name for _kind, name in installed_holidays(day.year).get(day, ())]


def _check_holiday_change(day: dt.date, reason: str) -> list[str]:
    if not reason:
        raise HolidayError(
            _("Say why the holiday changes (e.g. the joint decree that changed it).")
        )
    names = _national_holiday_names(day)
    if not names:
        raise HolidayError(
            _("%(day)s is not a national holiday or cuti bersama in the holiday data.")
            % {"day": day.isoformat()}
        )
    if HolidayChange.objects.filter(date=day).exists():
        raise HolidayError(
            _("The holiday of %(day)s was already changed; undo that change first.")
            % {"day": day.isoformat()}
        )
    return names


def validate_holiday_change(
    *, day: dt.date, kind: str, new_day: dt.date | None, reason: str
) -> None:
    """Raise HolidayError for the first problem with a change to the holiday data."""
    if kind not in HolidayChange.Kind.values:
        raise HolidayError(_("Choose whether the holiday is cancelled or moved."))
    if kind == HolidayChange.Kind.SHIFT:
        if new_day is None:
            raise HolidayError(_("Give the day the holiday moves to."))
        if new_day == day:
            raise HolidayError(_("The new day is the same day."))
    _check_holiday_change(day, (reason or "").strip())


def holiday_cancel(*, actor: Any, day: dt.date, reason: str) -> HolidayChange:
    """Cancel a national holiday or cuti bersama of the holiday data: the day is a working day
    again, and the open clocks that counted through it are recomputed at once (each due date
    that moves is written on its case's timeline)."""
    reason = (reason or "").strip()
    with transaction.atomic():
        names = _check_holiday_change(day, reason)
        change = HolidayChange.objects.create(
            date=day,
            kind=HolidayChange.Kind.CANCEL,
            reason=reason,
            actor=actor if getattr(actor, "is_authenticated", False) else None,
        )
        audit.record(
            "holiday.cancelled",
            actor=actor,
            target=change,
            old={"day": day, "holidays": names},
            reason=reason,
        )
        _recompute_now(
            None,
            day,
            day,
            actor=actor,
            reason=_("Holiday %(name)s on %(day)s cancelled: %(reason)s")
            % {"name": "; ".join(names), "day": day.isoformat(), "reason": reason},
        )
    return change


def holiday_shift(*, actor: Any, day: dt.date, new_day: dt.date, reason: str) -> HolidayChange:
    """Move a national holiday or cuti bersama of the holiday data to another day; the open
    clocks that count through either day are recomputed at once."""
    reason = (reason or "").strip()
    if new_day == day:
        raise HolidayError(_("The new day is the same day."))
    with transaction.atomic():
        names = _check_holiday_change(day, reason)
        change = HolidayChange.objects.create(
            date=day,
            kind=HolidayChange.Kind.SHIFT,
            new_date=new_day,
            reason=reason,
            actor=actor if getattr(actor, "is_authenticated", False) else None,
        )
        audit.record(
            "holiday.shifted",
            actor=actor,
            target=change,
            old={"day": day, "holidays": names},
            new={"day": new_day},
            reason=reason,
        )
        _recompute_now(
            None,
            min(day, new_day),
            max(day, new_day),
            actor=actor,
            reason=_("Holiday %(name)s moved from %(day)s to %(new)s: %(reason)s")
            % {
                "name": "; ".join(names),
                "day": day.isoformat(),
                "new": new_day.isoformat(),
                "reason": reason,
            },
        )
    return change


def holiday_change_undo(*, actor: Any, change: HolidayChange, reason: str = "") -> None:
    """Withdraw a cancellation or a move: the holiday data applies again, at once."""
    with transaction.atomic():
        locked = HolidayChange.objects.select_for_update().filter(pk=change.pk).first()
        if locked is None:
            raise HolidayError(_("This change was already withdrawn."))
        day, new_day = locked.date, locked.new_date or locked.date
        audit.record(
            "holiday.change_withdrawn",
            actor=actor,
            target=locked,
            old={"day": day, "kind": locked.kind, "new_day": locked.new_date},
            reason=reason,
        )
        locked.delete()
        _recompute_now(
            None,
            min(day, new_day),
            max(day, new_day),
            actor=actor,
            reason=_("The change to the holiday of %(day)s was withdrawn.")
            % {"day": day.isoformat()},
        )


def holiday_data_sync(*, years: Iterable[int], actor: Any = None) -> dict[int, list[str]]:
    """Compare the installed holiday data (after an upgrade of the ``holidays`` package) with the
    days last loaded, year by year; recompute at once the open clocks that count through a day
    that changed, and store the new data. A year seen for the first time is stored only.
    Returns, per year, the days that changed."""
    version = holiday_data_version()
    changed: dict[int, list[str]] = {}
    for year in years:
        fresh = {
            day.isoformat(): [list(reason) for reason in reasons]
            for day, reasons in installed_holidays(year).items()
        }
        with transaction.atomic():
            stored = HolidayData.objects.select_for_update().filter(year=year).first()
            if stored is None:
                HolidayData.objects.create(year=year, days=fresh, source=version)
                continue
            days = sorted(
                day
                for day in set(fresh) | set(stored.days)
                if fresh.get(day) != stored.days.get(day)
            )
            if days:
                changed[year] = days
                first, last = dt.date.fromisoformat(days[0]), dt.date.fromisoformat(days[-1])
                _recompute_now(
                    None,
                    first,
                    last,
                    actor=actor,
                    reason=_("The holiday data changed (%(old)s → %(new)s) on %(days)s.")
                    % {"old": stored.source, "new": version, "days": ", ".join(days)},
                )
                audit.record(
                    "holiday.data_loaded",
                    actor=actor,
                    target=stored,
                    old={"source": stored.source},
                    new={"source": version, "days": days},
                )
            stored.days, stored.source, stored.loaded_at = fresh, version, timezone.now()
            stored.save(update_fields=["days", "source", "loaded_at"])
    return changed


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


def _compute(deadline: Deadline, calendar: Any = None) -> dict[str, Any]:
    """Recompute due date and explanation from start, days, extensions and pauses (keeping
    which receipt started the clock). ``calendar``: the office's, when the caller has it."""
    started = (deadline.explanation or {}).get("started_by")
    if calendar is None:
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


def deadline_prepare(
    *, rule: DeadlineRule, office: Any, subject: models.Model, start_day: dt.date, calendar: Any
) -> Deadline:
    """A clock on ``subject`` (a case) under ``rule`` from ``start_day``, computed in Python and
    not saved: for intake, which writes a new case with its first clock and sets the case's
    ``next_due`` to this due date itself (the case has no other clock), so that starting the
    clock costs one INSERT (decision 0020). The caller sets ``case`` and ``subject_id`` once the
    case has its id, saves it, and saves ``started_event``."""
    deadline = Deadline(
        rule=rule,
        office=office,
        subject_type=ContentType.objects.get_for_model(subject),
        days=rule.days,
        basis=rule.basis,
        legal_source=rule.legal_source,
        start_date=start_day,
        state=Deadline.State.OPEN,
    )
    _compute(deadline, calendar)
    return deadline


def started_event(deadline: Deadline, *, actor: Any = None) -> Any:
    """The audit event of a clock started (not saved), as ``deadline_start`` records it."""
    return audit.build(
        "deadline.started",
        actor=actor,
        target=deadline,
        office=deadline.office,
        new={
            "rule": deadline.rule.code,
            "start": deadline.start_date,
            "due": deadline.due_date,
            "state": deadline.state,
            "delivery": getattr(deadline.delivery, "pk", None),
        },
    )


def _locked(deadline: Deadline) -> Deadline:
    locked = (
        Deadline.objects.select_for_update(of=("self",))
        .select_related("office", "rule")
        .get(pk=deadline.pk)
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
    the case it belongs to, for the case's list of clocks. A code takes the rule's version in
    force on the start day (``rule_in_force``); the clock keeps it (days, basis and source are
    copied), whatever later versions say.

    ``delivery``: the clock starts on the receipt of that delivery (decision 0018). Received
    already: counted from the day it was received (``start`` is ignored). Not yet: the clock
    waits (state WAITING, no dates) until ``deliveries`` records the receipt; its rule is the
    version in force on the day it was sent."""
    waiting = delivery is not None and delivery.received_on is None
    if delivery is not None and not waiting:
        start = delivery.received_on
    start_day = None if waiting else local_date(start or timezone.now(), office)
    version_day = start_day or local_date(delivery.sent_at, office)
    if isinstance(rule, str):
        found = rule_in_force(rule, version_day)
        if found is None:
            if DeadlineRule.objects.filter(code=rule, active=True).exists():
                raise DeadlineError(
                    _("No version of the deadline rule %(code)s is in force on %(day)s.")
                    % {"code": rule, "day": version_day.isoformat()}
                )
            raise DeadlineError(_("There is no active deadline rule %(code)s.") % {"code": rule})
        rule = found
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
    """Add days to a running clock, with a reason. Refused when the clock's rule may not be
    extended (a statutory period: UU 37/2008 Ps.25, Ps.33, Ps.38(2); PO 58/2023 Ps.54(1)), with
    the rule's basis and what the law does instead."""
    refusal = extension_refusal(deadline)
    if refusal:
        raise NotExtendable(refusal)
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
    *,
    office_id: int | None,
    start: dt.date,
    end: dt.date,
    actor: Any = None,
    reason: str = "",
) -> int:
    """Recompute the open deadlines of an office (or of all offices when ``office_id`` is None)
    whose counting period overlaps ``start``..``end``. Every due date that moves is written on
    the clock's audit trail and on its case's timeline (``case.due_date_moved``), with the old
    and new date and ``reason``. Returns how many due dates moved."""
    reason = reason or _("The office calendar changed.")
    candidates = Deadline.objects.open().filter(start_date__lte=end, due_date__gte=start)
    if office_id is not None:
        candidates = candidates.filter(Q(office_id=office_id))
    moved = 0
    for deadline_id in candidates.values_list("pk", flat=True).iterator():
        with transaction.atomic():
            deadline = (
                Deadline.objects.select_for_update(of=("self",))
                .select_related("office", "rule", "case")
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
                    reason=reason,
                )
                if deadline.case is not None:
                    audit.record(
                        "case.due_date_moved",
                        actor=actor,
                        target=deadline.case,
                        office=deadline.case.office,
                        old={"due": old_due, "deadline": deadline.pk, "rule": deadline.rule.code},
                        new={"due": deadline.due_date},
                        reason=_("%(rule)s: due %(old)s, now %(new)s. %(reason)s")
                        % {
                            "rule": deadline.rule.label,
                            "old": old_due.isoformat() if old_due else "—",
                            "new": deadline.due_date.isoformat(),
                            "reason": reason,
                        },
                    )
                moved += 1
            deadline.save()
            refresh_next_due(case_ids=[deadline.case_id])
    return moved
