"""The second factor of a staff sign-in: a TOTP authenticator app, with recovery codes.

Who needs one: every office role that may reveal a reporter's identity (the roles of
``view_identity``), administrators and anyone who may open the admin, while
``ADUAN_MFA_REQUIRED`` is on. Agency liaison officers (no office role) never see identities
and sign in with their password alone. The devices are django-otp's: a ``TOTPDevice`` (its
wrong codes throttled by django-otp, the wait doubling each time) and a ``StaticDevice``
holding the unused recovery codes, each of which works once.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from aduan.cases.permissions import RULES
from aduan.core import audit
from aduan.core.errors import DomainError
from aduan.directory.models import User

audit.register(
    {
        "account.second_factor_enrolled": gettext_lazy("Second factor set up"),
        "account.second_factor_removed": gettext_lazy("Second factor removed"),
        "account.recovery_codes_renewed": gettext_lazy("Recovery codes renewed"),
    }
)

RECOVERY_CODES = 10
CODE_LENGTH = 10
DEVICE_NAME = "authenticator"
# The roles that may reveal an identity, and the administrators.
MFA_ROLES = frozenset(RULES["view_identity"][0]) | {User.Role.ADMINISTRATOR}


class SecondFactorError(DomainError):
    code = "second_factor"


class TooManyCodes(SecondFactorError):
    code = "too_many_codes"


def needs_second_factor(user: Any) -> bool:
    """True if ``user`` must sign in with a second factor (ADUAN_MFA_REQUIRED on)."""
    if not settings.ADUAN_MFA_REQUIRED or not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser or user.is_staff or user.role in MFA_ROLES)


def has_second_factor(user: Any) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def _recovery_code() -> str:
    # Letters and digits without look-alikes (no 0/o, 1/l/i).
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "".join(secrets.choice(alphabet) for _ in range(CODE_LENGTH))


def normal_code(code: str) -> str:
    return "".join((code or "").split()).replace("-", "").lower()


def totp_start(*, user: Any) -> TOTPDevice:
    """The unconfirmed authenticator the user is setting up (a new secret the first time)."""
    if has_second_factor(user):
        raise SecondFactorError(
            _("A second factor is already set up. Remove it first to set up another one.")
        )
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def _check_allowed(device: Any) -> None:
    allowed, data = device.verify_is_allowed()
    if not allowed:
        until = (data or {}).get("locked_until")
        seconds = max(1, int((until - timezone.now()).total_seconds())) if until else 60
        raise TooManyCodes(
            _(
                "Too many wrong codes. Wait %(seconds)s seconds and try again with a new code "
                "from your app."
            )
            % {"seconds": seconds}
        )


def _new_recovery_codes(user: Any) -> list[str]:
    static, _created = StaticDevice.objects.get_or_create(
        user=user, name="recovery", defaults={"confirmed": True}
    )
    static.token_set.all().delete()
    codes = [_recovery_code() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=static, token=code) for code in codes)
    return codes


def totp_confirm(*, user: Any, code: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the authenticator with a code it shows; returns it and the new recovery codes
    (shown once: only they are kept, to be used once each)."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
        if device is None:
            raise SecondFactorError(_("Start the set-up again: scan the new code."))
        _check_allowed(device)
        if not device.verify_token(normal_code(code)):
            raise SecondFactorError(
                _("That code is not right. Check the time on your phone and enter a new code.")
            )
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _new_recovery_codes(user)
        audit.record(
            "account.second_factor_enrolled",
            actor=user,
            target=user,
            office=user.office,
            new={"device": "totp", "recovery_codes": RECOVERY_CODES},
        )
    return device, codes


def second_factor_check(*, user: Any, code: str) -> Any:
    """The device that accepts ``code`` (the app's code, or a recovery code, which is then
    used up), or SecondFactorError. Wrong codes are throttled per device."""
    code = normal_code(code)
    devices = list(devices_for_user(user, confirmed=True))
    if not devices:
        raise SecondFactorError(_("No second factor is set up for this account."))
    totp = [d for d in devices if isinstance(d, TOTPDevice)]
    recovery = [d for d in devices if isinstance(d, StaticDevice)]
    candidates = totp if code.isdigit() and len(code) <= 8 else recovery
    # Each device is locked while its code is checked, so two requests racing with one recovery
    # code (or one app code) cannot both get in; failures are counted when the block ends.
    with transaction.atomic():
        for candidate in candidates:
            device = type(candidate).objects.select_for_update().get(pk=candidate.pk)
            _check_allowed(device)
            if device.verify_token(code):
                return device
    raise SecondFactorError(
        _("That code is not right. Enter the code your app shows now, or one recovery code.")
    )


def recovery_codes_renew(*, user: Any) -> list[str]:
    """New recovery codes for an enrolled user; the old ones stop working."""
    with transaction.atomic():
        if not has_second_factor(user):
            raise SecondFactorError(_("Set up a second factor first."))
        codes = _new_recovery_codes(user)
        audit.record(
            "account.recovery_codes_renewed",
            actor=user,
            target=user,
            office=user.office,
            new={"recovery_codes": RECOVERY_CODES},
        )
    return codes


def second_factor_remove(*, user: Any, actor: Any) -> None:
    """Remove the authenticator and the recovery codes (to set up a new phone)."""
    with transaction.atomic():
        removed = TOTPDevice.objects.filter(user=user).delete()[0]
        StaticDevice.objects.filter(user=user).delete()
        if not removed:
            raise SecondFactorError(_("No second factor is set up for this account."))
        audit.record(
            "account.second_factor_removed",
            actor=actor,
            target=user,
            office=user.office,
            old={"device": "totp"},
        )


def remaining_recovery_codes(user: Any) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def signed_in_too_long(signed_in_at: float | None, now: dt.datetime | None = None) -> bool:
    """True once a session is older than ADUAN_SESSION_HOURS (whatever its activity)."""
    if signed_in_at is None:
        return False
    now = now or timezone.now()
    return now.timestamp() - signed_in_at > settings.ADUAN_SESSION_HOURS * 3600
