"""Audited saves of reference objects edited in the admin: offices, units, agencies, liaison
officers, deadline rules (users have their own service, ``aduan.directory.services``).

One event per save with the changed fields old → new (``admin.<model>_created`` /
``admin.<model>_changed``). Fields holding personal data are recorded as ``{"changed": true}``
only, so the record never holds a name, a phone number or an e-mail address.
"""

from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from aduan.core import audit

CHANGED = {"changed": True}

ACTIONS = {
    "admin.office_created": _("Office added (admin)"),
    "admin.office_changed": _("Office changed (admin)"),
    "admin.unit_created": _("Unit added (admin)"),
    "admin.unit_changed": _("Unit changed (admin)"),
    "admin.agency_created": _("Agency added (admin)"),
    "admin.agency_changed": _("Agency changed (admin)"),
    "admin.liaison_created": _("Liaison officer added (admin)"),
    "admin.liaison_changed": _("Liaison officer changed (admin)"),
    "admin.deadlinerule_created": _("Deadline rule added (admin)"),
    "admin.deadlinerule_changed": _("Deadline rule changed (admin)"),
    "admin.user_created": _("User added (admin)"),
    "admin.user_changed": _("User changed (admin)"),
    "admin.user_access_changed": _("User's groups or permissions changed (admin)"),
    "admin.user_password_set": _("User's password set (admin)"),
}
audit.register(ACTIONS)

SKIPPED = frozenset({"last_login", "date_joined", "updated_at", "created_at"})


def snapshot(obj: models.Model) -> dict[str, Any]:
    """The object's columns (foreign keys as ids) and many-to-many ids, as stored."""
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.primary_key or field.name in SKIPPED:
            continue
        data[field.name] = field.value_from_object(obj)
    if obj.pk is not None:
        for field in obj._meta.many_to_many:
            data[field.name] = sorted(getattr(obj, field.name).values_list("pk", flat=True))
    return data


def stored(obj: models.Model, *, lock: bool = True) -> dict[str, Any] | None:
    """The snapshot of the object as the database holds it now (None: not saved yet)."""
    if obj.pk is None:
        return None
    manager = type(obj)._base_manager
    row = (manager.select_for_update() if lock else manager).filter(pk=obj.pk).first()
    return snapshot(row) if row is not None else None


def diff(
    before: dict[str, Any] | None, after: dict[str, Any], private: frozenset[str] | set[str]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Old and new values of the fields that changed; private fields as ``{"changed": true}``."""
    old: dict[str, Any] = {}
    new: dict[str, Any] = {}
    for name, value in after.items():
        previous = None if before is None else before.get(name)
        if before is not None and previous == value:
            continue
        if before is None and value in (None, "", [], False) and name not in private:
            continue
        if name in private:
            if before is None and not value:
                continue
            new[name] = CHANGED
            continue
        if before is not None:
            old[name] = previous
        new[name] = value
    return old, new


def record_changes(
    *,
    obj: models.Model,
    actor: Any,
    before: dict[str, Any] | None,
    private: frozenset[str] | set[str] = frozenset(),
    office: Any = None,
    action: str | None = None,
) -> bool:
    """Audit the difference between ``before`` and the object now. Returns whether it changed."""
    old, new = diff(before, snapshot(obj), private)
    if before is not None and not new:
        return False
    name = obj._meta.model_name
    audit.record(
        action or f"admin.{name}_{'created' if before is None else 'changed'}",
        actor=actor,
        target=obj,
        office=office,
        old=old or None,
        new=new,
    )
    return True


def admin_save(
    *,
    obj: models.Model,
    actor: Any,
    before: dict[str, Any] | None,
    private: frozenset[str] | set[str] = frozenset(),
    office: Any = None,
) -> models.Model:
    """Save an object edited in the admin and audit what changed (``before``: its snapshot as
    stored before the edit, None for a new object)."""
    with transaction.atomic():
        obj.save()
        record_changes(obj=obj, actor=actor, before=before, private=private, office=office)
    return obj
