"""Who may do what in prevention work. Staff of an office (assistants, heads of unit, the head of
office) record activities, reviews, mappings and the network of their own office; publishing a
systemic review is a decision for a head (of unit or office) or a member. National roles (see
``aduan.directory.scoping``) may work in every office."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from aduan.core.errors import DomainError
from aduan.directory.models import User
from aduan.directory.scoping import sees_office

R = User.Role
WORKERS = frozenset({R.ASISTEN, R.KEPALA_KEASISTENAN, R.KEPALA_PERWAKILAN, R.ANGGOTA})
DECIDERS = frozenset({R.KEPALA_KEASISTENAN, R.KEPALA_PERWAKILAN, R.ANGGOTA})
RULES = {"work": WORKERS, "publish": DECIDERS}


class PreventionError(DomainError):
    code = "prevention_error"


class NotAllowed(PreventionError):
    code = "not_allowed"


class WrongState(PreventionError):
    code = "wrong_state"


def can(user: Any, action: str, office: Any) -> bool:
    """True if ``user`` may do ``action`` ("work" or "publish") for ``office``."""
    if not getattr(user, "is_authenticated", False) or not user.is_active or office is None:
        return False
    if not sees_office(user, office):
        return False
    return bool(user.is_superuser or user.role in RULES[action])


def require(user: Any, action: str, office: Any) -> None:
    if not can(user, action, office):
        raise NotAllowed(_("Your role does not allow this for this office."))
