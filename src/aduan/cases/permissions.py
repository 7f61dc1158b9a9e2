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
    # Taking an unassigned case of one's own unit from the queue (cases.services.case_take).
    "take": (frozenset({R.ASISTEN, R.KEPALA_KEASISTENAN}), None, True),
    "close": (frozenset({R.KEPALA_KEASISTENAN, R.KEPALA_PERWAKILAN, R.ANGGOTA}), None, False),
    "open_iaps": (frozenset({R.KEPALA_KEASISTENAN, R.KEPALA_PERWAKILAN, R.ANGGOTA}), None, False),
    "view_identity": (
        frozenset({R.ASISTEN, R.KEPALA_KEASISTENAN, R.KEPALA_PERWAKILAN, R.ANGGOTA}),
        None,
        False,
    ),
    # Entering the date on a tanda terima of a document the case sent (decision 0018).
    "record_receipt": (
        frozenset({R.ASISTEN, R.KEPALA_KEASISTENAN, R.KEPALA_PERWAKILAN, R.ANGGOTA}),
        None,
        False,
    ),
}
# Need to know: who sees a confidential reporter's identity in the normal course of their work
# (``needs_to_know``); everyone else allowed "view_identity" gives a reason first (break glass,
# ``aduan.cases.reveal``). PVL verifies the formal requirements (the reporter's identity among
# them) while the case is in these states and nobody holds it yet.
PVL_STATES = frozenset({"diterima", "verifikasi_materiil", "menunggu_kelengkapan"})
# The head of office may do whatever a unit member may in their office.
HEAD_OF_OFFICE_TOO = {"verify", "examine", "monitor", "receive"}
# Checks that lock a case's reporter identity for everyone, whatever their role (registered by
# other packages in their AppConfig.ready, e.g. an anonymous SP4N-LAPOR! report): one returning
# True refuses "view_identity" on that case, even to a superuser.
IDENTITY_LOCKS: list[Callable[[Any], bool]] = []


def _memo(case: Any, key: str, compute: Callable[[], Any]) -> Any:
    """A fact about ``case`` asked many times while one page is drawn (one per action button),
    read once per case object. Services that change it call ``forget``."""
    memo = case.__dict__.setdefault("_permission_memo", {})
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def forget(case: Any) -> None:
    """Drop what ``_memo`` remembers of ``case`` (after a lock or a conflict changes)."""
    case.__dict__.pop("_permission_memo", None)


def identity_locked(case: Any) -> bool:
    """True if a registered check locks the case's reporter identity for everyone."""
    return _memo(case, "locked", lambda: any(locked(case) for locked in IDENTITY_LOCKS))


def has_conflict(user: Any, case: Any) -> bool:
    """True if ``user`` declared a conflict of interest in ``case``."""
    users = _memo(case, "conflicts", lambda: set(case.conflicts.values_list("user_id", flat=True)))
    return getattr(user, "pk", None) in users


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
        if has_conflict(user, case):
            return False
    return True


def needs_to_know(user: Any, case: Any) -> bool:
    """True if ``user`` sees ``case``'s confidential reporter in the normal course of their work:
    the case's holder, the head of its unit, the head of its office, and, while the case is
    being verified (``PVL_STATES``) and nobody holds it, the staff of the office's PVL unit.
    Always within ``can(user, "view_identity", case)`` (office, role, ``IDENTITY_LOCKS``)."""
    if not can(user, "view_identity", case):
        return False
    if case.assignee_id is not None and case.assignee_id == user.pk:
        return True
    if user.office_id != case.office_id:
        return False
    if user.role == R.KEPALA_PERWAKILAN:
        return True
    if user.role == R.KEPALA_KEASISTENAN and case.unit_id and user.unit_id == case.unit_id:
        return True
    return bool(
        case.assignee_id is None
        and case.state in PVL_STATES
        and user.role in {R.ASISTEN, R.KEPALA_KEASISTENAN}
        and user.unit is not None
        and user.unit.kind == Unit.Kind.PVL
    )


def require(user: Any, action: str, case: Any = None, *, office: Any = None) -> None:
    """Raise NotAllowed unless ``user`` may do ``action``."""
    if not can(user, action, case, office=office):
        if case is not None and has_conflict(user, case):
            raise NotAllowed(_("You declared a conflict of interest in this case."))
        raise NotAllowed(_("Your role does not allow this for this case."))
