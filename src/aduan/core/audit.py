"""The audit log: one place that writes events and one place that names them for people."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from aduan.core.models import AuditEvent

# Every action code used anywhere, with its description. A code not listed here is refused,
# so a typo cannot write an event nobody can read.
ACTIONS: dict[str, Any] = {
    "closure.added": _("Non-working day added"),
    "closure.removed": _("Non-working day removed"),
    "deadline.started": _("Deadline started"),
    "deadline.recomputed": _("Deadline recomputed"),
    "deadline.closed": _("Deadline stopped"),
    "deadline.extended": _("Deadline extended"),
    "deadline.paused": _("Deadline paused"),
    "deadline.resumed": _("Deadline resumed"),
    "deadline.missed": _("Deadline ran out"),
}


def register(actions: dict[str, Any]) -> None:
    """Add a package's action codes (called from its AppConfig.ready)."""
    ACTIONS.update(actions)


def describe(action: str) -> str:
    """The human description of an action code."""
    return str(ACTIONS.get(action, action))


def _plain(value: Any) -> Any:
    """Make a value JSON-safe (dates, decimals, model instances) for the old/new columns."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, models.Model):
        return {"id": value.pk, "label": str(value)}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def record(
    action: str,
    *,
    actor: Any = None,
    target: models.Model | None = None,
    office: Any = None,
    old: Any = None,
    new: Any = None,
    reason: str = "",
    actor_label: str = "",
) -> AuditEvent:
    """Write one audit event. Call it inside the service's transaction."""
    if action not in ACTIONS:
        raise ValueError(f"Unknown audit action {action!r}: add it to aduan.core.audit.ACTIONS.")
    user = actor if getattr(actor, "is_authenticated", False) else None
    if not actor_label:
        actor_label = user.get_username() if user is not None else "sistem"
    event = AuditEvent(
        action=action,
        actor=user,
        actor_label=actor_label,
        office=office,
        old=_plain(old),
        new=_plain(new),
        reason=reason,
    )
    if target is not None:
        event.target_type = ContentType.objects.get_for_model(target)
        event.target_id = str(target.pk)
        event.target_label = str(target)[:255]
    event.save()
    return event


def events_for(target: models.Model) -> models.QuerySet[AuditEvent]:
    """The audit trail of one object, newest first."""
    return AuditEvent.objects.filter(
        target_type=ContentType.objects.get_for_model(target), target_id=str(target.pk)
    )
