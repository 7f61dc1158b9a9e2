"""Every error the API returns is ``{"code": ..., "message": ...}``, the message in the request's
language (LocaleMiddleware: Accept-Language, Bahasa Indonesia by default).

- ``NotAllowed`` (including a case that does not exist or may not be seen) → 403
- ``WrongState`` → 409
- ``NotFound`` (a record of a case, e.g. a clarification id, that the case does not have) → 404
- any other ``DomainError`` → 400 (``UnknownReference`` for a code or id in the body that names
  nothing: ``unknown_reference``)
- a request django-ninja cannot validate → 422 ``invalid_request`` (with ``fields``)
- no valid token → 401 ``not_authenticated``
- a token whose scope does not cover the request → 403 ``token_scope``
- too many wrong tokens from one address → 429 ``too_many_attempts`` (Retry-After)
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from aduan.cases.errors import NotAllowed, WrongState
from aduan.core.errors import DomainError


class NotFound(DomainError):
    code = "not_found"


class UnknownReference(DomainError):
    code = "unknown_reference"


def status_of(error: DomainError) -> int:
    """The HTTP status of a refusal."""
    if isinstance(error, NotAllowed):
        return 403
    if isinstance(error, WrongState):
        return 409
    if isinstance(error, NotFound):
        return 404
    return 400


def error_body(code: str, message: str, **extra: Any) -> dict[str, Any]:
    return {"code": code, "message": str(message), **extra}


def _field(location: Any) -> str:
    parts = [str(part) for part in location]
    # ninja puts a body under the handler's parameter name: body.payload.title → body.title
    if len(parts) > 2 and parts[0] == "body" and parts[1] == "payload":
        parts = [parts[0], *parts[2:]]
    return ".".join(parts)


def install(api: NinjaAPI) -> None:
    """Replace django-ninja's default error bodies with the ``code``/``message`` shape."""

    @api.exception_handler(DomainError)
    def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
        return api.create_response(
            request, error_body(exc.code, exc.message), status=status_of(exc)
        )

    @api.exception_handler(ValidationError)
    def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        fields = sorted({_field(error.get("loc", ())) for error in exc.errors})
        body = error_body(
            "invalid_request",
            _("The request is not valid; check these fields: %(fields)s.")
            % {"fields": ", ".join(fields)},
            fields=fields,
        )
        return api.create_response(request, body, status=422)

    @api.exception_handler(AuthenticationError)
    def not_authenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        body = error_body(
            "not_authenticated",
            _("Send a valid API token: Authorization: Bearer <token>."),
        )
        response = api.create_response(request, body, status=401)
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(Throttled)
    def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
        body = error_body(
            "too_many_attempts",
            _("Too many wrong API tokens from this address. Wait %(seconds)s seconds.")
            % {"seconds": exc.wait},
        )
        response = api.create_response(request, body, status=429)
        if exc.wait:
            response["Retry-After"] = str(exc.wait)
        return response

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if exc.status_code == 400:
            body = error_body("bad_request", _("The request body is not valid JSON."))
        else:
            body = error_body(f"http_{exc.status_code}", _("The request was refused."))
        return api.create_response(request, body, status=exc.status_code)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return api.create_response(
            request, error_body("not_found", _("Nothing was found here.")), status=404
        )
