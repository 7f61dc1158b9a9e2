"""The Open311 GeoReport v2 endpoints: thin, each one parse → read or accept → render.

GETs are public; POST requests is csrf-exempt and needs an ``api_key``. A client may send an
``Idempotency-Key`` header (up to 64 characters) so that a retried POST returns the first request
instead of making a second case.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from aduan.intake import services as intake
from aduan.intake.channels.open311 import CHANNEL, parse, render, selectors
from aduan.intake.channels.open311.parse import Open311Error


def endpoint(*methods: str) -> Callable:
    """Allow ``methods``, and answer an ``Open311Error`` in the request's format."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, fmt: str, **kwargs: Any) -> HttpResponse:
            if request.method not in methods:
                response = render.error(fmt, 405, _("This method is not allowed here."))
                response["Allow"] = ", ".join(methods)
                return response
            try:
                return view(request, *args, fmt=fmt, **kwargs)
            except Open311Error as exc:
                return render.error(fmt, exc.status, exc.description)

        return csrf_exempt(wrapper)

    return decorate


@endpoint("GET")
def services(request: HttpRequest, fmt: str) -> HttpResponse:
    rows = [
        {
            "service_code": substance.code,
            "service_name": substance.label,
            "description": substance.description or substance.label,
            "metadata": True,  # every service has the optional questions of service_definition
            "type": "realtime",
            "keywords": None,
            "group": None,
        }
        for substance in selectors.services()
    ]
    return render.respond(fmt, rows, root="services", item="service")


@endpoint("GET")
def service_definition(request: HttpRequest, service_code: str, fmt: str) -> HttpResponse:
    if selectors.service(service_code) is None:
        raise Open311Error(404, _("There is no service with this service_code."))
    definition = {
        "service_code": service_code,
        "attributes": [
            {
                "variable": attribute.variable,
                "code": attribute.code,
                "datatype": attribute.datatype,
                "required": attribute.required,
                "datatype_description": attribute.datatype_description or None,
                "order": attribute.order,
                "description": attribute.description,
                **(
                    {"values": [{"key": key, "name": name} for key, name in attribute.values]}
                    if attribute.values
                    else {}
                ),
            }
            for attribute in selectors.attributes()
        ],
    }
    return render.respond(fmt, definition, root="service_definition")


@endpoint("GET", "POST")
def requests(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _post(request, fmt)
    rows = selectors.search(**parse.query(request.GET))
    return render.respond(
        fmt, [selectors.request_view(row) for row in rows], root="service_requests", item="request"
    )


def _post(request: HttpRequest, fmt: str) -> HttpResponse:
    """Check, store durably (nothing answered before it is committed), make the case at once
    when possible; a failure is retried by the sweeper and the client keeps a token."""
    api_token = parse.authenticate(request.POST.get("api_key"), request)
    external_id, payload = parse.post(
        request.POST, api_token=api_token, client_key=request.headers.get("Idempotency-Key", "")
    )
    inbound, _created = intake.accept(CHANNEL, external_id, payload=payload)
    if inbound.case_id is None:
        intake.process(inbound.pk)
        inbound.refresh_from_db()
    case = inbound.case
    if case is not None:
        notice = _("Received as %(reference)s by %(office)s.") % {
            "reference": case.reference,
            "office": case.office.name,
        }
    else:
        notice = _("Received; look up the token to get the request's number.")
    row = {
        "service_request_id": str(case.pk) if case is not None else None,
        "token": inbound.payload.get("token"),
        "service_notice": notice,
        "account_id": inbound.payload.get("account_id") or None,
    }
    return render.respond(fmt, [row], root="service_requests", item="request")


@endpoint("GET")
def request_detail(request: HttpRequest, service_request_id: str, fmt: str) -> HttpResponse:
    row = selectors.find(service_request_id)
    if row is None:
        raise Open311Error(404, _("There is no request with this service_request_id."))
    return render.respond(
        fmt, [selectors.request_view(row)], root="service_requests", item="request"
    )


@endpoint("GET")
def token(request: HttpRequest, token_id: str, fmt: str) -> HttpResponse:
    inbound = selectors.by_token(token_id)
    if inbound is None:
        raise Open311Error(404, _("There is no request with this token."))
    row = {
        "service_request_id": str(inbound.case_id) if inbound.case_id else None,
        "token": inbound.payload.get("token"),
    }
    return render.respond(fmt, [row], root="service_requests", item="request")


@csrf_exempt
def not_found(request: HttpRequest, path: str = "") -> HttpResponse:
    """Any other path under /open311/v2/: a 404 in the format the path asks for."""
    fmt = "xml" if path.endswith(".xml") else "json"
    return render.error(fmt, 404, _("There is no such Open311 resource."))
