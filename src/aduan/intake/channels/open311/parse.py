"""A posted Open311 request, checked and turned into the payload the durable inbox stores.

Everything a client can get wrong is found here, before the request is stored, so a stored
request fails only for reasons a retry can cure; each problem is an ``Open311Error`` with the
HTTP status the spec asks for (400 bad input, 403 bad api_key, 404 nothing there).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.http import HttpRequest, QueryDict
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja.errors import Throttled

from aduan.api.auth import token_for_request
from aduan.api.models import ApiToken
from aduan.cases.models import Reporter
from aduan.intake.channels.open311 import selectors
from aduan.regions.models import Region

MAX_DESCRIPTION = 4000  # the spec's limit
MAX_CLIENT_KEY = 64  # as the REST API's Idempotency-Key
FIELDS = (
    "service_code",
    "lat",
    "long",
    "address_string",
    "address_id",
    "email",
    "device_id",
    "account_id",
    "first_name",
    "last_name",
    "phone",
    "description",
    "media_url",
)


class Open311Error(Exception):
    """A request the endpoint refuses; ``status`` is the HTTP status and the error's code."""

    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.description = str(description)


def authenticate(api_key: str | None, request: HttpRequest) -> ApiToken:
    """The live API token whose secret is ``api_key`` and whose scope allows submitting
    (403 otherwise); 429 while the client's address must wait after wrong keys."""
    try:
        token = token_for_request(request, api_key or "")
    except Throttled as exc:
        raise Open311Error(
            429,
            _("Too many wrong api_keys from this address. Wait %(seconds)s seconds.")
            % {"seconds": exc.wait},
        ) from exc
    if token is None:
        raise Open311Error(403, _("The api_key is missing, unknown, expired or revoked."))
    if token.scope == ApiToken.Scope.READ:
        raise Open311Error(403, _("This api_key may only read; submitting needs an intake key."))
    return token


def _text(data: QueryDict, name: str, limit: int = 255) -> str:
    value = (data.get(name) or "").strip()
    if len(value) > limit:
        raise Open311Error(
            400,
            _("%(field)s is longer than %(limit)s characters.") % {"field": name, "limit": limit},
        )
    return value


def _coordinate(data: QueryDict, name: str, bound: float) -> float | None:
    value = (data.get(name) or "").strip()
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not math.isfinite(number) or abs(number) > bound:
        raise Open311Error(400, _("%(field)s is not a valid coordinate.") % {"field": name})
    return number


def attributes(data: QueryDict) -> dict[str, str]:
    """``attribute[code]=value`` pairs of the known attributes, checked; unknown codes are
    ignored (clients may send questions of another server's definition)."""
    known = {attribute.code: attribute for attribute in selectors.attributes()}
    found: dict[str, str] = {}
    for key in data:
        if not (key.startswith("attribute[") and "]" in key):
            continue
        code = key[len("attribute[") : key.index("]")]
        attribute = known.get(code)
        if attribute is None:
            continue
        value = (data.get(key) or "").strip()
        if not value:
            continue
        if attribute.values and value not in {k for k, _label in attribute.values}:
            raise Open311Error(400, _("attribute[%(code)s] has an unknown value.") % {"code": code})
        if len(value) > 255:
            raise Open311Error(400, _("attribute[%(code)s] is too long.") % {"code": code})
        found[code] = value
    if "region" in found and not Region.objects.filter(code=found["region"]).exists():
        raise Open311Error(400, _("attribute[region] is not a known region code."))
    return found


def reporter(data: QueryDict) -> dict[str, Any]:
    """The reporter as ``case_receive`` takes it, checked as the case would check it."""
    first, last = _text(data, "first_name", 100), _text(data, "last_name", 100)
    email, phone = _text(data, "email", 254), _text(data, "phone", 40)
    name = " ".join(part for part in (first, last) if part)
    language = (get_language() or "id")[:2]
    person: dict[str, Any] = {
        "name": name or _("Unnamed reporter (Open311)"),
        "email": email,
        "phone": phone,
        "contact_channel": Reporter.ContactChannel.EMAIL
        if email or not phone
        else Reporter.ContactChannel.SMS,
        "language": language if language in {"id", "en"} else "id",
    }
    try:
        Reporter(**person).full_clean(exclude=["case"])
    except ValidationError as exc:
        fields = ", ".join(sorted(exc.message_dict))
        raise Open311Error(
            400, _("These reporter fields are not valid: %(fields)s.") % {"fields": fields}
        ) from exc
    return person


def post(data: QueryDict, *, api_token: ApiToken, client_key: str = "") -> tuple[str, dict]:
    """Check a POST requests body; returns the inbox's message id and the payload to store."""
    service_code = _text(data, "service_code", 40)
    if not service_code:
        raise Open311Error(400, _("service_code is required."))
    substance = selectors.service(service_code)
    if substance is None:
        raise Open311Error(400, _("service_code names no service."))
    lat, long = _coordinate(data, "lat", 90), _coordinate(data, "long", 180)
    if (lat is None) != (long is None):
        raise Open311Error(400, _("lat and long go together."))
    address_string, address_id = _text(data, "address_string", 500), _text(data, "address_id")
    if lat is None and not address_string and not address_id:
        raise Open311Error(
            400, _("A location is required: lat and long, address_string or address_id.")
        )
    description = _text(data, "description", MAX_DESCRIPTION)
    media_url = _text(data, "media_url", 1000)
    if media_url:
        try:
            URLValidator(schemes=["http", "https"])(media_url)
        except ValidationError as exc:
            raise Open311Error(400, _("media_url is not a web address.")) from exc
    client_key = (client_key or "").strip()
    if len(client_key) > MAX_CLIENT_KEY:
        raise Open311Error(
            400, _("The Idempotency-Key is longer than %(limit)s characters.") % {"limit": 64}
        )
    payload = {
        **{name: _text(data, name, 1000) for name in FIELDS},
        "service_code": substance.code,
        "lat": lat,
        "long": long,
        "description": description,
        "attributes": attributes(data),
        "reporter": reporter(data),
        "api_token": api_token.pk,
        "api_token_name": api_token.name,
        "token": uuid.uuid4().hex,
        "received_at": timezone.now().isoformat(),
    }
    for name in ("first_name", "last_name", "email", "phone"):
        payload.pop(name)  # kept once, in "reporter"
    external_id = f"{api_token.pk}:{client_key or uuid.uuid4().hex}"
    return external_id, payload


def _date(value: str, name: str) -> dt.datetime | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        # A "+" of an offset left unescaped in a query string arrives as a space.
        parsed = dt.datetime.fromisoformat(re.sub(r" (\d{2}:?\d{2})$", r"+\1", value))
    except ValueError as exc:
        raise Open311Error(400, _("%(field)s is not a W3C date-time.") % {"field": name}) from exc
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def _number(value: str, name: str, *, default: int, maximum: int) -> int:
    value = (value or "").strip()
    if not value:
        return default
    if not value.isdigit() or not 1 <= int(value) <= maximum:
        raise Open311Error(
            400,
            _("%(field)s must be a whole number from 1 to %(maximum)s.")
            % {"field": name, "maximum": maximum},
        )
    return int(value)


def _list(value: str) -> list[str]:
    return [item.strip() for item in (value or "").split(",") if item.strip()]


def query(data: QueryDict) -> dict[str, Any]:
    """Check the parameters of GET requests."""
    start, end = (
        _date(data.get("start_date", ""), "start_date"),
        _date(data.get("end_date", ""), "end_date"),
    )
    if start and end:
        if end < start:
            raise Open311Error(400, _("end_date is before start_date."))
        if end - start > selectors.WINDOW:
            raise Open311Error(400, _("start_date and end_date may not span more than 90 days."))
    statuses = _list(data.get("status", ""))
    if set(statuses) - {"open", "closed"}:
        raise Open311Error(400, _("status is open, closed or both."))
    return {
        "ids": _list(data.get("service_request_id", "")),
        "service_codes": _list(data.get("service_code", "")),
        "start": start,
        "end": end,
        "statuses": statuses,
        "page": _number(data.get("page", ""), "page", default=1, maximum=10**6),
        "page_size": _number(
            data.get("page_size", ""),
            "page_size",
            default=selectors.MAX_REQUESTS,
            maximum=selectors.MAX_REQUESTS,
        ),
    }
