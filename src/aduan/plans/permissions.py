"""Who plans. The head of office (or a member, or a national administrator) sets the office's
and every unit's targets and programme; a head of unit sets their own unit's; every staff member
of the office sees them, and the owner of a programme item reports its progress."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from aduan.core.errors import DomainError
from aduan.directory.models import User
from aduan.directory.scoping import sees_office

R = User.Role
OFFICE_PLANNERS = frozenset({R.KEPALA_PERWAKILAN, R.ANGGOTA, R.ADMINISTRATOR})


class PlanError(DomainError):
    code = "plan_error"


class NotAllowed(PlanError):
    code = "not_allowed"


def can_see(user: Any, office: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and office is not None
        and (user.role or user.is_superuser)
        and sees_office(user, office)
    )


def can_plan(user: Any, office: Any, unit: Any = None) -> bool:
    """May ``user`` set targets and programme items of ``office`` (``unit``: of that unit)?"""
    if not can_see(user, office):
        return False
    if user.is_superuser or user.role in OFFICE_PLANNERS:
        return True
    return bool(
        user.role == R.KEPALA_KEASISTENAN
        and unit is not None
        and user.unit_id == getattr(unit, "pk", unit)
    )


def require_plan(user: Any, office: Any, unit: Any = None) -> None:
    if not can_plan(user, office, unit):
        raise NotAllowed(
            _("Only the head of office, or the head of this unit for its own, sets these.")
        )
