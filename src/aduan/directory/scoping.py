"""Scoping: what a signed-in person may see. Every query that serves a user goes through here."""

from __future__ import annotations

from typing import Any

from django.db import models

from aduan.directory.models import Office, User

NATIONAL_ROLES = frozenset({User.Role.ANGGOTA})


def sees_all_offices(user: Any) -> bool:
    """Superusers, Ombudsman members and the central office's administrators see every office."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser or user.role in NATIONAL_ROLES:
        return True
    return bool(
        user.role == User.Role.ADMINISTRATOR
        and user.office_id
        and user.office.kind == Office.Kind.PUSAT
    )


def offices_for(user: Any) -> models.QuerySet[Office]:
    """The offices a user may work with: all, their own, or none."""
    if sees_all_offices(user):
        return Office.objects.all()
    if getattr(user, "is_authenticated", False) and user.office_id:
        return Office.objects.filter(pk=user.office_id)
    return Office.objects.none()


def office_ids_for(user: Any) -> frozenset[int] | None:
    """The ids of ``offices_for(user)``, or None for someone who sees every office. Kept on the
    user object, so the checks of one request (a case page asks ``permissions.can`` once per
    action) read the offices once; the key drops the memo when the role or office changes."""
    if sees_all_offices(user):
        return None
    key = (getattr(user, "pk", None), getattr(user, "role", ""), getattr(user, "office_id", None))
    memo = getattr(user, "_aduan_office_ids", None)
    if memo is None or memo[0] != key:
        ids = frozenset(offices_for(user).values_list("pk", flat=True))
        memo = (key, ids)
        try:
            user._aduan_office_ids = memo
        except AttributeError:  # AnonymousUser and the like keep nothing
            pass
    return memo[1]


def sees_office(user: Any, office: Any) -> bool:
    """True if ``user`` may work with ``office`` (memoised per user object)."""
    ids = office_ids_for(user)
    return ids is None or getattr(office, "pk", office) in ids


def limit_to_offices(
    queryset: models.QuerySet, user: Any, field: str = "office"
) -> models.QuerySet:
    """Limit any queryset with an office foreign key to the offices the user may see. The
    offices are given as a list of ids, not a subquery, so the database can read one office's
    rows from an index that begins with the office (at a million cases: 1 ms instead of 200)."""
    if sees_all_offices(user):
        return queryset
    return queryset.filter(**{f"{field}__in": sorted(office_ids_for(user) or ())})
