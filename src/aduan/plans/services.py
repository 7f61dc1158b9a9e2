"""Every change to targets and the work programme: one function each, guarded, in one
transaction, with its audit event."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aduan.core import audit
from aduan.deadlines.workdays import local_date
from aduan.plans.models import RATES, Metric, Target, WorkItem
from aduan.plans.permissions import PlanError, require_plan

AUDIT_ACTIONS = {
    "plans.target_set": gettext_lazy("Target set"),
    "plans.target_removed": gettext_lazy("Target removed"),
    "plans.item_created": gettext_lazy("Work-programme item added"),
    "plans.item_updated": gettext_lazy("Work-programme item changed"),
    "plans.item_status": gettext_lazy("Work-programme item progress"),
}
ITEM_FIELDS = ("title", "description", "owner", "due_date")


def _actor(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


def _check_period(year: int, quarter: int | None, *, quarter_needed: bool = False) -> None:
    if not 2000 <= int(year) <= 2100:
        raise PlanError(_("Give a year between 2000 and 2100."))
    if quarter is None and quarter_needed:
        raise PlanError(_("Choose the quarter."))
    if quarter is not None and quarter not in (1, 2, 3, 4):
        raise PlanError(_("A quarter is 1, 2, 3 or 4."))


def _check_unit(office: Any, unit: Any) -> None:
    if unit is not None and unit.office_id != office.pk:
        raise PlanError(_("The unit is not one of this office's."))


def target_set(
    *,
    office: Any,
    actor: Any,
    year: int,
    metric: str,
    value: Any,
    quarter: int | None = None,
    unit: Any = None,
    activity_kind: str = "",
    note: str = "",
) -> Target:
    """Set a target (a second call for the same office, unit, period and metric changes it)."""
    require_plan(actor, office, unit)
    _check_period(year, quarter)
    _check_unit(office, unit)
    if metric not in Metric.values:
        raise PlanError(_("Choose what the target counts."))
    try:
        value = Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise PlanError(_("The target is a number.")) from exc
    if value < 0 or (metric in RATES and value > 100):
        raise PlanError(_("A target is a number from 0 (a rate: up to 100)."))
    activity_kind = (activity_kind or "").strip()
    if activity_kind:
        from aduan.prevention.models import kinds

        if metric != Metric.ACTIVITIES:
            raise PlanError(_("A kind of activity narrows only a target of activities."))
        if activity_kind not in kinds():
            raise PlanError(_("Unknown kind of activity."))
    with transaction.atomic():
        target, created = Target.objects.select_for_update().get_or_create(
            office=office,
            unit=unit,
            year=year,
            quarter=quarter,
            metric=metric,
            activity_kind=activity_kind,
            defaults={"value": value, "note": note, "created_by": _actor(actor)},
        )
        old = None if created else str(target.value)
        if not created:
            target.value, target.note = value, note
            target.save(update_fields=["value", "note", "updated_at"])
        audit.record(
            "plans.target_set",
            actor=actor,
            target=target,
            office=office,
            old={"value": old} if old is not None else None,
            new={
                "metric": metric,
                "year": year,
                "quarter": quarter,
                "unit": getattr(unit, "code", None),
                "activity_kind": activity_kind,
                "value": str(value),
            },
        )
    return target


def target_remove(*, target: Target, actor: Any, reason: str = "") -> None:
    require_plan(actor, target.office, target.unit)
    with transaction.atomic():
        audit.record(
            "plans.target_removed",
            actor=actor,
            target=target,
            office=target.office,
            old={"metric": target.metric, "value": str(target.value)},
            reason=reason,
        )
        target.delete()


def _check_item(item: WorkItem) -> None:
    if not (item.title or "").strip():
        raise PlanError(_("Name the programme item."))
    if item.due_date is None:
        raise PlanError(_("Give the item a due date."))
    if item.owner is not None and item.owner.office_id != item.office_id:
        raise PlanError(_("The owner is one of the office's staff."))


def item_create(
    *,
    office: Any,
    actor: Any,
    year: int,
    quarter: int,
    fields: dict[str, Any],
    unit: Any = None,
) -> WorkItem:
    """Add an item to a quarter's work programme."""
    require_plan(actor, office, unit)
    _check_period(year, quarter, quarter_needed=True)
    _check_unit(office, unit)
    item = WorkItem(office=office, unit=unit, year=year, quarter=quarter, created_by=_actor(actor))
    for name in ITEM_FIELDS:
        if name in fields:
            setattr(item, name, fields[name])
    _check_item(item)
    with transaction.atomic():
        item.save()
        audit.record(
            "plans.item_created",
            actor=actor,
            target=item,
            office=office,
            new={"title": item.title, "year": year, "quarter": quarter, "due": item.due_date},
        )
    return item


def item_update(*, item: WorkItem, actor: Any, fields: dict[str, Any]) -> WorkItem:
    require_plan(actor, item.office, item.unit)
    with transaction.atomic():
        item = (
            WorkItem.objects.select_for_update(of=("self",))
            .select_related("office")
            .get(pk=item.pk)
        )
        old = {name: getattr(item, name) for name in ITEM_FIELDS}
        for name in ITEM_FIELDS:
            if name in fields:
                setattr(item, name, fields[name])
        _check_item(item)
        item.save()
        changed = {k: v for k, v in old.items() if getattr(item, k) != v}
        audit.record(
            "plans.item_updated",
            actor=actor,
            target=item,
            office=item.office,
            old={k: str(v) for k, v in changed.items()},
            new={k: str(getattr(item, k)) for k in changed},
        )
    return item


def may_report(user: Any, item: WorkItem) -> bool:
    """The owner reports the progress of their item; planners may too."""
    from aduan.plans.permissions import can_plan, can_see

    if can_plan(user, item.office, item.unit):
        return True
    return bool(item.owner_id and item.owner_id == getattr(user, "pk", None)) and can_see(
        user, item.office
    )


def item_set_status(
    *, item: WorkItem, actor: Any, status: str, outcome: str = "", on: dt.date | None = None
) -> WorkItem:
    """Report an item's progress: under way, done (on a day, with its outcome) or dropped (with
    the reason in ``outcome``)."""
    from aduan.plans.permissions import NotAllowed

    if not may_report(actor, item):
        raise NotAllowed(_("Only the item's owner or a head reports its progress."))
    if status not in WorkItem.Status.values:
        raise PlanError(_("Unknown status."))
    outcome = (outcome or "").strip()
    if status == WorkItem.Status.DROPPED and not outcome:
        raise PlanError(_("Say why the item is dropped."))
    with transaction.atomic():
        item = (
            WorkItem.objects.select_for_update(of=("self",))
            .select_related("office")
            .get(pk=item.pk)
        )
        old = item.status
        if old == status and outcome == item.outcome:
            return item
        item.status = status
        item.outcome = outcome or item.outcome
        item.done_on = (
            (on or local_date(timezone.now(), item.office))
            if status == WorkItem.Status.DONE
            else None
        )
        item.save(update_fields=["status", "outcome", "done_on", "updated_at"])
        audit.record(
            "plans.item_status",
            actor=actor,
            target=item,
            office=item.office,
            old={"status": old},
            new={"status": status, "done_on": item.done_on},
            reason=outcome,
        )
    return item
