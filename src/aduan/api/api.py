"""The API instance served under ``/api/v1/`` (OpenAPI document at ``/api/v1/openapi.json``)."""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern
from ninja import NinjaAPI

from aduan.api import errors
from aduan.api.auth import TokenAuth
from aduan.api.bounds import refuse_nul
from aduan.api.plans_routes import router as plans_router
from aduan.api.prevention_routes import router as prevention_router
from aduan.api.routes import router
from aduan.api.schemas import ErrorOut

# Documented on every operation; the bodies come from the handlers in ``errors``.
REFUSALS = {
    "400": "A rule refused the request, or a code or id in it names nothing.",
    "401": "No valid API token.",
    "403": "The token's user may not do this, or may not see this case, or the token's scope "
    "does not cover the request.",
    "404": "The case has no such record, or the record is not in the caller's offices.",
    "409": "The case is not in a state that allows this.",
    "422": "The request does not have the documented shape.",
    "429": "Too many wrong tokens from this address; wait for Retry-After seconds.",
}


class AduanApi(NinjaAPI):
    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        """The generated document, with the common error body on every operation."""
        schema = super().get_openapi_schema(*args, **kwargs)
        schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = (
            ErrorOut.model_json_schema()
        )
        body = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
        for operations in schema["paths"].values():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                for status, description in REFUSALS.items():
                    responses.setdefault(status, {"description": description, "content": body})
        return schema

    def _get_urls(self) -> Any:
        """Every endpoint's view refuses a NUL character first (``bounds.refuse_nul``)."""
        patterns = super()._get_urls()
        for pattern in patterns:
            if isinstance(pattern, URLPattern):
                pattern.callback = refuse_nul(pattern.callback)
        return patterns


api = AduanApi(
    title="Aduan API",
    version="1",
    description=(
        "The case workflow of Aduan. Authenticate with `Authorization: Bearer <token>` "
        "(`aduan create-token USERNAME NAME [--scope read|intake|full] [--days N]`); a token "
        "expires (90 days unless told otherwise) and has a scope: `read` (GET only), `intake` "
        "(POST /cases and /referrals/incoming only) or `full`. Errors are `{code, message}`, "
        "the message in the language of Accept-Language (Bahasa Indonesia by default). "
        "See docs/API.md."
    ),
    auth=TokenAuth(),
    urls_namespace="api-v1",
)
errors.install(api)
api.add_router("", router)
api.add_router("", prevention_router)
api.add_router("", plans_router)
