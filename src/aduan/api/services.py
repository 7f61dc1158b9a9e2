"""State changes of API tokens (same shape as every service: guard, one transaction, audit)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from aduan.api.models import ApiToken
from aduan.cases.errors import NotAllowed
from aduan.core import audit
from aduan.core.errors import DomainError

SECRET_PREFIX = "adn_"  # noqa: S105 - marks the secret for scanners, not a secret
PREFIX_LENGTH = 10  # "adn_" and six characters of the secret
TOUCH_EVERY = dt.timedelta(minutes=1)
MAX_DAYS = 3660
# What an intake token may call besides nothing (method, path under /api/v1/): submit a report
# or a referral, and list the institutions a referral may come from.
INTAKE_OPERATIONS = frozenset(
    {("POST", "cases"), ("POST", "referrals/incoming"), ("GET", "referrals/institutions")}
)
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class TokenError(DomainError):
    code = "token_invalid"


class TokenScopeRefused(NotAllowed):
    code = "token_scope"


def scope_allows(scope: str, method: str, path: str) -> bool:
    """True if a token of ``scope`` may call ``method`` on ``path`` (relative to /api/v1/)."""
    if scope == ApiToken.Scope.FULL:
        return True
    if scope == ApiToken.Scope.READ:
        return method in READ_METHODS
    if scope == ApiToken.Scope.INTAKE:
        return (method, path.strip("/")) in INTAKE_OPERATIONS
    return False


def token_require_scope(*, token: ApiToken, method: str, path: str) -> None:
    """Refuse (403 ``token_scope``) a call the token's scope does not cover."""
    if not scope_allows(token.scope, method.upper(), path):
        raise TokenScopeRefused(
            _(
                "This token's scope (%(scope)s) does not allow this request. Ask for a token "
                "with a wider scope."
            )
            % {"scope": token.get_scope_display()}
        )


def hash_secret(secret: str) -> str:
    """The SHA-256 hex digest under which a secret is stored."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def token_create(
    *,
    user: Any,
    name: str,
    actor: Any = None,
    scope: str = ApiToken.Scope.FULL,
    days: int | None = None,
    never_expires: bool = False,
) -> tuple[ApiToken, str]:
    """Make a token for ``user``; returns it and its secret, which is not stored and cannot be
    shown again. It expires after ``days`` (ADUAN_API_TOKEN_DAYS unless given), or never if
    ``never_expires`` says so explicitly."""
    name = (name or "").strip()
    if not name:
        raise TokenError(_("Give the token a name that says what it is for."))
    if not user.is_active:
        raise TokenError(_("An inactive account cannot have an API token."))
    if scope not in ApiToken.Scope.values:
        raise TokenError(
            _("Choose the token's scope: %(scopes)s.")
            % {"scopes": ", ".join(ApiToken.Scope.values)}
        )
    if never_expires and days is not None:
        raise TokenError(_("Give either a number of days or no expiry, not both."))
    days = settings.ADUAN_API_TOKEN_DAYS if days is None else days
    if not never_expires and not 1 <= days <= MAX_DAYS:
        raise TokenError(_("A token lives from 1 to %(max)s days.") % {"max": MAX_DAYS})
    expires_at = None if never_expires else timezone.now() + dt.timedelta(days=days)
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name,
            key_hash=hash_secret(secret),
            prefix=secret[:PREFIX_LENGTH],
            scope=scope,
            expires_at=expires_at,
        )
        audit.record(
            "api.token_created",
            actor=actor,
            target=token,
            office=user.office,
            new={
                "user": user.get_username(),
                "name": name,
                "prefix": token.prefix,
                "scope": scope,
                "expires_at": expires_at.isoformat() if expires_at else None,
            },
        )
    return token, secret


def token_revoke(*, token: ApiToken, actor: Any = None, reason: str = "") -> ApiToken:
    """Revoke a token: it is refused from the next request on."""
    with transaction.atomic():
        token = (
            ApiToken.objects.select_for_update(of=("self",)).select_related("user").get(pk=token.pk)
        )
        if token.revoked:
            raise TokenError(_("This token is already revoked."))
        token.revoked = True
        token.save(update_fields=["revoked"])
        audit.record(
            "api.token_revoked",
            actor=actor,
            target=token,
            office=token.user.office,
            old={"revoked": False},
            new={"revoked": True},
            reason=reason,
        )
    return token


def token_authenticate(*, secret: str) -> ApiToken | None:
    """The live token with this secret (not revoked, not expired, its user active), or None.
    Notes when it was last used, at most once a minute so that busy integrations do not write
    on every call."""
    if not secret or not secret.startswith(SECRET_PREFIX):
        return None
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user", "user__office", "user__unit")
        .filter(key_hash=hash_secret(secret), revoked=False, user__is_active=True)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .first()
    )
    if token is None:
        return None
    if token.last_used_at is None or now - token.last_used_at >= TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
