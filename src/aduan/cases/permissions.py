"""Who may do what to a case. One table, one check, used by every service and screen."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from aduan.cases.errors import NotAllowed
from aduan.directory.models import Unit, User
from aduan.directory.scoping import sees_office

R = User.Role
HEADS = frozenset({R.KEPALA_PERWAKILAN, R.KEPALA_KEASISTENAN})

# action -> (roles allowed, unit kinds the person must be in (None: any), must be case's unit)
RULES: dict[str, tuple[frozenset, frozenset | None, bool]] = {
    "receive": (frozenset({R.ASISTEN, R.KEPALA_KEASISTENAN, R.KEPALA_PERWAKILAN}), None, False),
    "verify": (frozenset({R.ASISTEN, R.KEPALA_KEASISTENAN}), frozenset({Unit.Kind.PVL}), False),
    "decide": (frozenset({R.KEPALA_PERWAKILAN, R.ANGGOTA}), None, False),
    "examine": (frozenset({R.ASISTEN, R.KEPALA_KEASISTENAN}), None, True),
    "approve": (frozenset({R.KEPALA_KEASISTENAN, R.KEPALA_PERWAKILAN, R.ANGGOTA}), None, False),
    "monitor": (frozenset({R.ASISTEN, R.KEPALA_KEASISTENAN}), None, True),
    "recommend": (frozenset({R.KEPALA_PERWAKILAN, R.ANGGOTA}), None, False),
    "transfer": (frozenset({R.KEPALA_KEASISTENAN, R.KEPALA_PERWAKILAN, R.ANGGOTA}), None, False),
    "close": (frozenset({R.KEPALA_KEASISTENAN, R.KEPALA_PERWAKILAN, R.ANGGOTA}), None, False),
    "open_iaps": (frozenset({R.KEPALA_KEASISTENAN, R.KEPALA_PERWAKILAN, R.ANGGOTA}), None, False),
    "view_identity": (
        frozenset({R.ASISTEN, R.KEPALA_KEASISTENAN, R.KEPALA_PERWAKILAN, R.ANGGOTA}),
        None,
        False,
    ),
}
# The head of office may do whatever a unit member may in their office.
HEAD_OF_OFFICE_TOO = {"verify", "examine", "monitor", "receive"}
# Checks that lock a case's reporter identity for everyone, whatever their role (registered by
# other packages in their AppConfig.ready, e.g. an anonymous SP4N-LAPOR! report): one returning
# True refuses "view_identity" on that case, even to a superuser.
IDENTITY_LOCKS: list[Callable[[Any], bool]] = []


def identity_locked(case: Any) -> bool:
    """True if a registered check locks the case's reporter identity for everyone."""
    return any(locked(case) for locked in IDENTITY_LOCKS)


def can(user: Any, action: str, case: Any = None, *, office: Any = None) -> bool:
    """True if ``user`` may do ``action`` (to ``case``, or in ``office``)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    roles, unit_kinds, own_unit = RULES[action]
    target_office = case.office if case is not None else office
    if target_office is not None and not sees_office(user, target_office):
        return False
    if action == "view_identity" and case is not None:
        if identity_locked(case):
            return False
    if user.is_superuser:
        return True
    if user.role == R.KEPALA_PERWAKILAN and action in HEAD_OF_OFFICE_TOO:
        return True
    if user.role not in roles:
        return False
    if unit_kinds is not None and (user.unit is None or user.unit.kind not in unit_kinds):
        return False
    if own_unit and user.role in {R.ASISTEN, R.KEPALA_KEASISTENAN}:
        if case is None or case.unit_id is None or user.unit_id != case.unit_id:
            return False
    if case is not None and action in {"examine", "monitor", "approve"}:
        if case.conflicts.filter(user=user).exists():
            return False
    return True


def require(user: Any, action: str, case: Any = None, *, office: Any = None) -> None:
    """Raise NotAllowed unless ``user`` may do ``action``."""
    if not can(user, action, case, office=office):
        if case is not None and case.conflicts.filter(user_id=getattr(user, "pk", None)).exists():
            raise NotAllowed(_("You declared a conflict of interest in this case."))
        raise NotAllowed(_("Your role does not allow this for this case."))
