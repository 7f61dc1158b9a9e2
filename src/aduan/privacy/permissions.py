"""Who handles personal-data matters: the head of the office and the office's data protection
officers (``User.is_dpo``, UU 27/2022 Ps.53–54), and superusers. Other staff of the office, the
national roles and liaison accounts see nothing here: a request or a breach is read only by
those who answer for it."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from aduan.core.errors import DomainError
from aduan.directory.models import Office, User


class PrivacyError(DomainError):
    code = "privacy_error"


class NotAllowed(PrivacyError):
    code = "not_allowed"


class WrongState(PrivacyError):
    code = "wrong_state"


def is_handler(user: Any) -> bool:
    """Head of office or data protection officer of an office (or a superuser)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return bool(
        user.office_id
        and (user.role == User.Role.KEPALA_PERWAKILAN or getattr(user, "is_dpo", False))
    )


def offices_handled(user: Any) -> models.QuerySet[Office]:
    if not is_handler(user):
        return Office.objects.none()
    if user.is_superuser:
        return Office.objects.all()
    return Office.objects.filter(pk=user.office_id)


def can_handle(user: Any, office: Any) -> bool:
    if office is None or not is_handler(user):
        return False
    return bool(user.is_superuser or user.office_id == office.pk)


def require(user: Any, office: Any) -> None:
    if not can_handle(user, office):
        raise NotAllowed(
            _(
                "Only the head of the office or its data protection officer handles "
                "personal-data requests and breaches."
            )
        )
