"""Show times in the signed-in person's office zone (WIB, WITA or WIT); store them in UTC."""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import ZoneInfo

from django.http import HttpRequest, HttpResponse
from django.utils import timezone


class OfficeTimezoneMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        office = getattr(getattr(request, "user", None), "office", None)
        if office is not None and office.time_zone:
            timezone.activate(ZoneInfo(office.time_zone))
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


# Health probes by path (aduan.core.views): answered before anything else.
PROBES = {
    "/healthz": "alive",
    "/sehat/hidup/": "alive",
    "/readyz": "ready",
    "/sehat/siap/": "ready",
}


class HealthProbeMiddleware:
    """Liveness and readiness answer whatever Host header the prober sends: a container's
    HEALTHCHECK or a balancer polls ``127.0.0.1`` or the host's own address, which
    ``ALLOWED_HOSTS`` (the public names) rightly refuses for every other page. First in the
    chain, so a probe also skips sessions, the HTTPS redirect and the request metrics."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        probe = PROBES.get(request.path_info)
        if probe is not None and request.method == "GET":
            from aduan.core import views

            return getattr(views, probe)(request)
        return self.get_response(request)
