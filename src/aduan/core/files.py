"""Serving a stored file to someone the view has already found allowed to have it."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

# Every stored file is served sandboxed: it runs in an opaque origin with no script, so a PDF or
# image shown in the browser (or a file a browser renders despite being a download) can never
# reach Aduan's cookies or pages. The viewer's own page needs inline styles and the embedded
# document itself (Chromium draws a PDF through an <embed> of it); nothing may frame it.
FILE_POLICY = (
    "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; "
    "object-src 'self'; frame-ancestors 'none'; form-action 'none'; base-uri 'none'"
)


def file_response(
    field: Any, *, name: str, content_type: str | None = None, inline: bool = False
) -> FileResponse:
    """The stored file of ``field`` (a FieldFile) as a download named ``name`` (or shown in
    the browser with ``inline``): never sniffed into another type, sandboxed (``FILE_POLICY``,
    which the site-wide policy does not replace), never cached by a shared cache; a file
    missing from storage is a 404 saying whom to tell."""
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
    response["Content-Security-Policy"] = FILE_POLICY
    response["Cache-Control"] = "private, no-store"
    return response
