"""The address a request comes from, for rate limits and lock-outs (one answer everywhere)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The client's address. Behind the HTTPS proxy (BEHIND_HTTPS_PROXY) every request comes
    from the proxy, so the address the proxy appended to X-Forwarded-For counts (the last one:
    addresses before it are whatever the client claimed)."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if settings.SECURE_PROXY_SSL_HEADER and forwarded:
        return forwarded.split(",")[-1].strip() or "unknown"
    return request.META.get("REMOTE_ADDR", "") or "unknown"
