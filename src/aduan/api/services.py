"""State changes of API tokens (same shape as every service: guard, one transaction, audit)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aduan.api.models import ApiToken
from aduan.core import audit
from aduan.core.errors import DomainError

SECRET_PREFIX = "adn_"  # noqa: S105 - marks the secret for scanners, not a secret
PREFIX_LENGTH = 10  # "adn_" and six characters of the secret
TOUCH_EVERY = dt.timedelta(minutes=1)


class TokenError(DomainError):
    code = "token_invalid"


def hash_secret(secret: str) -> str:
    """The SHA-256 hex digest under which a secret is stored."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def token_create(*, user: Any, name: str, actor: Any = None) -> tuple[ApiToken, str]:
    """Make a token for ``user``; returns it and its secret, which is not stored and cannot be
    shown again."""
    name = (name or "").strip()
    if not name:
        raise TokenError(_("Give the token a name that says what it is for."))
    if not user.is_active:
        raise TokenError(_("An inactive account cannot have an API token."))
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user, name=name, key_hash=hash_secret(secret), prefix=secret[:PREFIX_LENGTH]
        )
        audit.record(
            "api.token_created",
            actor=actor,
            target=token,
            office=user.office,
            new={"user": user.get_username(), "name": name, "prefix": token.prefix},
        )
    return token, secret


def token_revoke(*, token: ApiToken, actor: Any = None, reason: str = "") -> ApiToken:
    """Revoke a token: it is refused from the next request on."""
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().select_related("user").get(pk=token.pk)
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
    """The live token with this secret (not revoked, its user active), or None. Notes when it
    was last used, at most once a minute so that busy integrations do not write on every call."""
    if not secret or not secret.startswith(SECRET_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user", "user__office", "user__unit")
        .filter(key_hash=hash_secret(secret), revoked=False, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
