"""Who may do what to a case. One table, one check, used by every service and screen."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from aduan.cases.errors import NotAllowed
from aduan.directory.models import Unit, User
from aduan.directory.scoping import office_ids_for

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


@dataclass(frozen=True)
class Person:
    """What the rules ask of a person, read once per request (``person``): no rule reads the
    database while it decides."""

    key: tuple
    active: bool
    superuser: bool
    role: str
    unit_id: int | None
    unit_kind: str | None
    office_id: int | None
    offices: frozenset[int] | None  # the offices they may work with; None: every office

    def sees(self, office: Any) -> bool:
        return self.offices is None or getattr(office, "pk", office) in self.offices


def _person_key(user: Any) -> tuple:
    return (
        getattr(user, "pk", None),
        getattr(user, "role", ""),
        getattr(user, "office_id", None),
        getattr(user, "unit_id", None),
        bool(getattr(user, "is_superuser", False)),
        bool(getattr(user, "is_active", False)),
    )


def person(user: Any) -> Person | None:
    """The facts about ``user`` the rules need (None for someone not signed in), kept on the
    user object, which lives as long as the request: the first question of a request reads
    them (the offices they may see, their unit's kind), every later one is answered from them.
    The key drops them when the role, office, unit or status changes on that object."""
    if not getattr(user, "is_authenticated", False):
        return None
    key = _person_key(user)
    known = getattr(user, "_aduan_person", None)
    if known is not None and known.key == key:
        return known
    unit = user.unit if user.unit_id is not None else None
    facts = Person(
        key=key,
        active=bool(user.is_active),
        superuser=bool(user.is_superuser),
        role=user.role,
        unit_id=user.unit_id,
        unit_kind=unit.kind if unit is not None else None,
        office_id=user.office_id,
        offices=office_ids_for(user),
    )
    try:
        user._aduan_person = facts
    except AttributeError:  # an object that keeps nothing: asked again next time
        pass
    return facts


def _memo(case: Any, key: Any, compute: Callable[[], Any]) -> Any:
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


def _decide(who: Person, user: Any, action: str, case: Any, office: Any) -> bool:
    """The rule of ``action`` applied to the facts: no query but the case's conflicts and
    identity locks, each read once per case object."""
    if not who.active:
        return False
    roles, unit_kinds, own_unit = RULES[action]
    target_office = case.office_id if case is not None else office
    if target_office is not None and not who.sees(target_office):
        return False
    if action == "view_identity" and case is not None:
        if identity_locked(case):
            return False
    if who.superuser:
        return True
    if who.role == R.KEPALA_PERWAKILAN and action in HEAD_OF_OFFICE_TOO:
        return True
    if who.role not in roles:
        return False
    if unit_kinds is not None and (who.unit_id is None or who.unit_kind not in unit_kinds):
        return False
    if own_unit and who.role in {R.ASISTEN, R.KEPALA_KEASISTENAN}:
        if case is None or case.unit_id is None or who.unit_id != case.unit_id:
            return False
    if case is not None and action in {"examine", "monitor", "approve"}:
        if has_conflict(user, case):
            return False
    return True


def can(user: Any, action: str, case: Any = None, *, office: Any = None) -> bool:
    """True if ``user`` may do ``action`` (to ``case``, or in ``office``). Decided from the
    person's facts (``person``, read once per request); an answer about a case is kept on the
    case object for this person and the case's office and unit, so a page that asks once per
    action button asks the rules once per action (``forget`` drops the answers with the
    conflicts and locks they rest on)."""
    who = person(user)
    if who is None or not who.active:
        return False
    if action not in RULES:
        raise KeyError(action)
    if case is None:
        return _decide(who, user, action, None, office)
    key = ("can", who.key, case.office_id, case.unit_id, action)
    return _memo(case, key, lambda: _decide(who, user, action, case, None))


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
    who = person(user)
    if who.role == R.KEPALA_PERWAKILAN:
        return True
    if who.role == R.KEPALA_KEASISTENAN and case.unit_id and who.unit_id == case.unit_id:
        return True
    return bool(
        case.assignee_id is None
        and case.state in PVL_STATES
        and who.role in {R.ASISTEN, R.KEPALA_KEASISTENAN}
        and who.unit_kind == Unit.Kind.PVL
    )


def require(user: Any, action: str, case: Any = None, *, office: Any = None) -> None:
    """Raise NotAllowed unless ``user`` may do ``action``."""
    if not can(user, action, case, office=office):
        if case is not None and has_conflict(user, case):
            raise NotAllowed(_("You declared a conflict of interest in this case."))
        raise NotAllowed(_("Your role does not allow this for this case."))
