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


# Models whose ``str()`` is personal data (a reporter's name): the audit log names them by a
# label without it, so anonymising an identity never has to rewrite the record. Apps add theirs
# with ``personal()``; the label is ``instance.audit_label()`` when the model has one.
PERSONAL_MODELS: set[str] = {"cases.reporter"}


def personal(*model_labels: str) -> None:
    """Declare models (``"app_label.model"``) whose ``str()`` holds personal data."""
    PERSONAL_MODELS.update(label.lower() for label in model_labels)


def label_for(instance: models.Model) -> str:
    """How the audit log names an object: its ``str()``, or for a model holding personal data,
    its ``audit_label()`` or ``<model> #<id>``."""
    if instance._meta.label_lower not in PERSONAL_MODELS:
        return str(instance)[:255]
    audit_label = getattr(instance, "audit_label", None)
    if callable(audit_label):
        return str(audit_label())[:255]
    return f"{instance._meta.model_name} #{instance.pk}"


def _plain(value: Any) -> Any:
    """Make a value JSON-safe (dates, decimals, model instances) for the old/new columns."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, models.Model):
        return {"id": value.pk, "label": label_for(value)}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def build(
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
    """One audit event, not saved yet (``record`` saves it; a service writing several saves
    them with one ``bulk_create`` and seals them with ``chain.seal_on_commit`` or in a task)."""
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
        event.target_label = label_for(target)
    return event


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
    """Write one audit event. Call it inside the service's transaction: the event is inserted
    now, and sealed into its office's hash chain after the commit (``aduan.core.chain``).

    No personal data in clear: name a reporter by id (``target=reporter`` is labelled
    ``reporter #id``); ``actor_label`` is a staff username or a channel, never a person's name."""
    event = build(
        action,
        actor=actor,
        target=target,
        office=office,
        old=old,
        new=new,
        reason=reason,
        actor_label=actor_label,
    )
    event.save()
    from aduan.core.chain import seal_on_commit

    seal_on_commit([event])
    return event


def events_for(target: models.Model) -> models.QuerySet[AuditEvent]:
    """The audit trail of one object, newest first."""
    return AuditEvent.objects.filter(
        target_type=ContentType.objects.get_for_model(target), target_id=str(target.pk)
    )
