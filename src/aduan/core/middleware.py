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
