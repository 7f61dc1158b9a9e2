"""``Authorization: Bearer <token>``: the token's user is the actor of every service call.

Guessing is expensive: a client address that sent ``ADUAN_API_AUTH_FAILURE_LIMIT`` wrong tokens
is answered 429 (``too_many_attempts``, with Retry-After) for a minute, doubled at each further
wrong token up to ``ADUAN_LOGIN_COOLOFF_MINUTES`` (``aduan.core.backoff``). A live token is then
held to its scope here, for every operation (``services.token_require_scope``).
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from ninja.errors import Throttled
from ninja.security import HttpBearer

from aduan.api.models import ApiToken
from aduan.api.services import token_authenticate, token_require_scope
from aduan.core import backoff
from aduan.core.clients import client_address


def _failures_key(request: HttpRequest) -> str:
    return f"aduan:api:auth:ip:{client_address(request)}"


def _window() -> int:
    return settings.ADUAN_LOGIN_COOLOFF_MINUTES * 60


def token_for_request(request: HttpRequest, secret: str) -> ApiToken | None:
    """The live token with this secret, or None (a failure counted against the client's
    address); Throttled while that address must wait. Shared by the API and Open311."""
    key = _failures_key(request)
    wait = backoff.wait_left(key)
    if wait:
        raise Throttled(wait=wait)
    api_token = token_authenticate(secret=(secret or "").strip())
    if api_token is None:
        backoff.fail(key, limit=settings.ADUAN_API_AUTH_FAILURE_LIMIT, window=_window())
    return api_token


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        """The token's user (``request.auth``), or None for an unknown, expired or revoked
        token (401). Dates are then read in the user's office zone, as on the pages."""
        api_token = token_for_request(request, token)
        if api_token is None:
            return None
        root = reverse("api-v1:api-root")
        token_require_scope(
            token=api_token, method=request.method or "", path=request.path.removeprefix(root)
        )
        user = api_token.user
        request.api_token = api_token  # type: ignore[attr-defined]
        if user.office is not None and user.office.time_zone:
            timezone.activate(ZoneInfo(user.office.time_zone))
        return user
