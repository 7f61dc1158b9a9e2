"""``Authorization: Bearer <token>``: the token's user is the actor of every service call."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from aduan.api.services import token_authenticate


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        """The token's user (``request.auth``), or None for a missing, unknown or revoked token
        (401). Dates are then read in the user's office zone, as on the pages."""
        api_token = token_authenticate(secret=token.strip())
        if api_token is None:
            return None
        user = api_token.user
        request.api_token = api_token  # type: ignore[attr-defined]
        if user.office is not None and user.office.time_zone:
            timezone.activate(ZoneInfo(user.office.time_zone))
        return user
