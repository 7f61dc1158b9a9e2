"""Serving a stored file to someone the view has already found allowed to have it."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404
from django.utils.translation import gettext as _


def file_response(
    field: Any, *, name: str, content_type: str | None = None, inline: bool = False
) -> FileResponse:
    """The stored file of ``field`` (a FieldFile) as a download named ``name`` (or shown in
    the browser with ``inline``): never sniffed into another type, an image sandboxed, never
    cached by a shared cache; a file missing from storage is a 404 saying whom to tell."""
    if not field:
        raise Http404(_("No file."))
    try:
        handle = field.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("The file is missing from storage; tell the administrator.")) from exc
    response = FileResponse(
        handle, as_attachment=not inline, filename=name, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    if content_type and content_type.startswith("image/"):
        response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'"
    response["Cache-Control"] = "private, no-store"
    return response
