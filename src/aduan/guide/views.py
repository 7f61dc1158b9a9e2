"""The user guide at ``/panduan/``: public (it holds no personal data), no JavaScript."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from aduan.guide.pages import READERS, reader_of
from aduan.guide.render import page_title, render_page


def _sidebar(language: str | None, current: str = "") -> list[dict]:
    return [
        {
            "reader": reader,
            "pages": [
                {
                    "slug": slug,
                    "title": page_title(slug, language),
                    "url": reverse("guide:page", args=[slug]),
                    "current": slug == current,
                }
                for slug in reader.pages
            ],
        }
        for reader in READERS
    ]


def _public(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "public, max-age=600"
    return response


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    return _public(render(request, "guide/index.html", {"readers": _sidebar(get_language())}))


@require_safe
def page(request: HttpRequest, slug: str) -> HttpResponse:
    language = get_language()
    rendered = render_page(slug, language)
    if rendered is None:
        raise Http404
    context = {"page": rendered, "reader": reader_of(slug), "readers": _sidebar(language, slug)}
    return _public(render(request, "guide/page.html", context))
