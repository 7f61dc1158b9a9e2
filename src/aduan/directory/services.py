"""Managing user accounts: who may manage whom, and the audited save.

Superusers manage every account. An office administrator (role administrator, not a superuser)
manages the accounts of the offices they see (``scoping.offices_for``: their own office; every
office for the central office's administrators), never a superuser's account, and cannot grant
superuser, a national role, an office outside theirs, or a group or permission they do not hold
themselves. Every save is one audit event with old → new values; names, e-mail, phone and the
password are recorded as "changed" only, never their value.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import Group, Permission
from django.db import models, transaction
from django.utils.translation import gettext as _

from aduan.core import audit, changes
from aduan.core.errors import DomainError
from aduan.directory.models import Office, Unit, User
from aduan.directory.scoping import NATIONAL_ROLES, limit_to_offices, offices_for

PRIVATE_USER_FIELDS = frozenset(
    {"password", "first_name", "last_name", "email", "phone", "position"}
)


class NotAllowed(DomainError):
    code = "not_allowed"


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def manages_users(actor: Any) -> bool:
    return _active(actor) and (
        actor.is_superuser or (actor.role == User.Role.ADMINISTRATOR and actor.office_id)
    )


def manageable_users(actor: Any) -> models.QuerySet[User]:
    """The accounts ``actor`` may see and change in the admin."""
    if not manages_users(actor):
        return User.objects.none()
    if actor.is_superuser:
        return User.objects.all()
    return limit_to_offices(User.objects.filter(is_superuser=False), actor)


def manageable_offices(actor: Any) -> models.QuerySet[Office]:
    return offices_for(actor) if manages_users(actor) else Office.objects.none()


def manageable_units(actor: Any) -> models.QuerySet[Unit]:
    if not manages_users(actor):
        return Unit.objects.none()
    return limit_to_offices(Unit.objects.all(), actor)


def _permission_names(permissions: models.QuerySet[Permission]) -> set[str]:
    return {
        f"{app}.{codename}"
        for app, codename in permissions.values_list("content_type__app_label", "codename")
    }


def grantable_groups(actor: Any) -> models.QuerySet[Group]:
    """Groups ``actor`` may give: all for a superuser; otherwise those whose permissions the
    actor holds themselves."""
    if not manages_users(actor):
        return Group.objects.none()
    if actor.is_superuser:
        return Group.objects.all()
    held = actor.get_all_permissions()
    ids = [
        group.pk
        for group in Group.objects.prefetch_related("permissions__content_type")
        if _permission_names(group.permissions.all()) <= held
    ]
    return Group.objects.filter(pk__in=ids)


def _check(*, actor: Any, user: User, before: dict[str, Any] | None) -> None:
    if not manages_users(actor):
        raise NotAllowed(_("Only an administrator manages user accounts."))
    if actor.is_superuser:
        return
    offices = set(manageable_offices(actor).values_list("pk", flat=True))
    if before is not None:
        if before.get("is_superuser"):
            raise NotAllowed(_("A superuser's account is changed by a superuser only."))
        if before.get("office") not in offices:
            raise NotAllowed(_("This account belongs to another office."))
    if user.is_superuser:
        raise NotAllowed(_("Only a superuser makes another superuser."))
    if user.role in NATIONAL_ROLES:
        raise NotAllowed(_("A national role is given by a superuser of the central office."))
    if user.office_id not in offices:
        raise NotAllowed(_("Choose your own office: you manage the accounts of your office only."))
    if user.pk is not None and user.pk == actor.pk and user.role != actor.role:
        raise NotAllowed(_("Your own role is changed by another administrator."))


def _check_access(*, actor: Any, user: User) -> None:
    if actor.is_superuser:
        return
    grantable = set(grantable_groups(actor).values_list("pk", flat=True))
    if set(user.groups.values_list("pk", flat=True)) - grantable:
        raise NotAllowed(_("You may only give groups whose permissions you hold yourself."))
    given = _permission_names(user.user_permissions.all())
    if given - actor.get_all_permissions():
        raise NotAllowed(_("You may only give permissions you hold yourself."))


def user_snapshot(user: User, *, lock: bool = True) -> dict[str, Any] | None:
    """The account as stored, before an edit (for ``user_save``)."""
    return changes.stored(user, lock=lock)


def user_save(
    *,
    user: User,
    actor: Any,
    before: dict[str, Any] | None,
    save_related: Callable[[], None] | None = None,
) -> User:
    """Save an account created or edited by ``actor`` (``before``: ``user_snapshot`` taken
    before the edit, None for a new account) and its groups and permissions
    (``save_related``), refused as a whole when it oversteps the actor's reach. One event
    ``admin.user_created`` / ``admin.user_changed``."""
    with transaction.atomic():
        _check(actor=actor, user=user, before=before)
        user.save()
        if save_related is not None:
            save_related()
        _check_access(actor=actor, user=user)
        changes.record_changes(
            obj=user, actor=actor, before=before, private=PRIVATE_USER_FIELDS, office=user.office
        )
    return user


def user_password_set(*, user: User, actor: Any) -> None:
    """Audit a password set by an administrator (the value and its hash are never recorded)."""
    with transaction.atomic():
        _check(actor=actor, user=user, before=changes.stored(user))
        audit.record(
            "admin.user_password_set",
            actor=actor,
            target=user,
            office=user.office,
            new={"password": changes.CHANGED},
        )
