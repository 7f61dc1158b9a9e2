"""The address a request comes from, for rate limits and lock-outs (one answer everywhere)."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The client's address. Behind the HTTPS proxy (BEHIND_HTTPS_PROXY) every request comes
    from the proxy, so the address the proxy appended to X-Forwarded-For counts (the last one:
    addresses before it are whatever the client claimed)."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if settings.SECURE_PROXY_SSL_HEADER and forwarded:
        address = forwarded.split(",")[-1].strip()
    else:
        address = request.META.get("REMOTE_ADDR", "")
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return "unknown"


def axes_client_address(request: HttpRequest) -> str | None:
    """The same address for django-axes, which stores it in an IP address column: None when
    there is none (a test client's ``force_login``, a malformed header)."""
    address = client_address(request)
    return None if address == "unknown" else address


def axes_username(request: HttpRequest, credentials: dict | None = None) -> str:
    """The username django-axes counts failures under: as typed, cut to the longest username an
    account can have (150), so a very long one typed on a sign-in page is refused like any
    wrong one instead of overflowing axes' column."""
    field = getattr(settings, "AXES_USERNAME_FORM_FIELD", "username")
    if credentials:
        value = credentials.get(field)
    else:
        value = getattr(request, "POST", {}).get(field)
    return str(value or "")[:150]
