"""Limits on everything a client sends: a number, a page or a list out of bounds is a 422
``invalid_request`` (errors.py), never a database overflow (a 500).

- ids (path, query and body): 1 .. 2**63-1, the range of a database big integer;
- ``page`` 1 .. 100,000 and ``page_size`` 1 .. 200 on every list;
- a list of ids: at most ``MAX_IDS``;
- no NUL character anywhere in the path, the query or the body (PostgreSQL cannot store it).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Annotated, Any

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.request import RawPostDataException
from django.utils.translation import gettext as _
from ninja import Field, Path, Schema
from ninja.pagination import PageNumberPagination

MAX_ID = 2**63 - 1
MAX_PAGE = 100_000
MAX_PAGE_SIZE = 200
MAX_IDS = 100

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
PathId = Annotated[int, Path(ge=1, le=MAX_ID)]


class Pagination(PageNumberPagination):
    """Page-number pagination with both numbers bounded (django-ninja's own are unbounded
    above: ``?page=99999999999999999999999`` overflowed the database's OFFSET)."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=MAX_PAGE_SIZE)

    def __init__(self, page_size: int = 50, **kwargs: Any) -> None:
        super().__init__(page_size=page_size, max_page_size=MAX_PAGE_SIZE, **kwargs)


NUL_MARKS = (b"\x00", b"\\u0000")


def _has_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
        return True
    try:
        body = request.body
    except (RawPostDataException, RequestDataTooBig):  # ninja's, or Django's, to refuse
        return False
    lowered = body.lower()
    return any(mark in lowered for mark in NUL_MARKS)


def refuse_nul(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The API view, refusing a request with a NUL character before anything reads it."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if _has_nul(request):
            return JsonResponse(
                {
                    "code": "invalid_request",
                    "message": _("The request contains a NUL character; remove it."),
                    "fields": [],
                },
                status=422,
            )
        return view(request, *args, **kwargs)

    return wrapper
