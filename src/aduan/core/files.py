"""Serving a stored file to someone the view has already found allowed to have it.

Files live in Django's default storage: local disk (``FileSystemStorage``) or a private bucket
of S3-compatible object storage (django-storages' ``S3Storage``, settings.STORAGES). Nothing
here needs a local path: a file is read by ``open_stream`` (a plain file on disk, the object's
body streamed from the bucket), so every host serves every file whichever host stored it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

# Every stored file is served sandboxed: it runs in an opaque origin with no script, so a PDF or
# image shown in the browser (or a file a browser renders despite being a download) can never
# reach Aduan's cookies or pages. The viewer's own page needs inline styles and the embedded
# document itself (Chromium draws a PDF through an <embed> of it); nothing may frame it.
FILE_POLICY = (
    "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; "
    "object-src 'self'; frame-ancestors 'none'; form-action 'none'; base-uri 'none'"
)
NO_STORE = "private, no-store"


def is_object_storage(storage: Any) -> bool:
    """Whether ``storage`` is a bucket of S3-compatible object storage (django-storages)."""
    return hasattr(storage, "bucket_name") and hasattr(storage, "connection")


class _ObjectBody:
    """An object's body, read from the bucket as the response is sent (never held whole)."""

    def __init__(self, body: Any) -> None:
        self._body = body

    def read(self, size: int = -1) -> bytes:
        return self._body.read(None if size is None or size < 0 else size)

    def close(self) -> None:
        self._body.close()


def open_stream(field: Any) -> tuple[Any, int | None]:
    """A file-like object reading the stored file of ``field``, and its size when known
    without reading it; FileNotFoundError when storage lacks it. From a bucket the object is
    streamed as it is read (``FieldFile.open`` would first copy it whole into memory)."""
    storage = field.storage
    if not is_object_storage(storage):
        return field.open("rb"), None
    from botocore.exceptions import ClientError
    from storages.utils import clean_name

    key = storage._normalize_name(clean_name(field.name))
    try:
        got = storage.connection.meta.client.get_object(Bucket=storage.bucket_name, Key=key)
    except ClientError as exc:
        code = str(exc.response.get("Error", {}).get("Code", ""))
        if code in {"NoSuchKey", "404", "NotFound"}:
            raise FileNotFoundError(field.name) from exc
        raise
    return _ObjectBody(got["Body"]), got.get("ContentLength")


def signed_download(field: Any, *, name: str, content_type: str | None = None) -> HttpResponse:
    """A redirect to a URL of the object signed for ADUAN_S3_URL_SECONDS, which the bucket
    serves as a download named ``name``. Only for a view that has checked the permission."""
    parameters = {
        "ResponseContentDisposition": content_disposition_header(True, name),
        "ResponseCacheControl": NO_STORE,
    }
    if content_type:
        parameters["ResponseContentType"] = content_type
    url = field.storage.url(field.name, parameters=parameters, expire=settings.ADUAN_S3_URL_SECONDS)
    response = HttpResponseRedirect(url)
    response["Cache-Control"] = NO_STORE
    response["Referrer-Policy"] = "no-referrer"  # the signed URL never leaks onwards
    return response


def file_response(
    field: Any, *, name: str, content_type: str | None = None, inline: bool = False
) -> HttpResponse:
    """The stored file of ``field`` (a FieldFile) as a download named ``name`` (or shown in
    the browser with ``inline``): never sniffed into another type, sandboxed (``FILE_POLICY``,
    which the site-wide policy does not replace), never cached by a shared cache; a file
    missing from storage is a 404 saying whom to tell.

    From object storage the file is streamed through Aduan; with ADUAN_S3_SIGNED_DOWNLOADS a
    download (never a file shown inline, which must keep ``FILE_POLICY`` and Aduan's origin)
    is instead a redirect to a short-lived signed URL (``signed_download``)."""
    if not field:
        raise Http404(_("No file."))
    if not inline and settings.ADUAN_S3_SIGNED_DOWNLOADS and is_object_storage(field.storage):
        return signed_download(field, name=name, content_type=content_type)
    try:
        handle, size = open_stream(field)
    except FileNotFoundError as exc:
        raise Http404(_("The file is missing from storage; tell the administrator.")) from exc
    response = FileResponse(
        handle, as_attachment=not inline, filename=name, content_type=content_type
    )
    if size is not None:
        response["Content-Length"] = str(size)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_POLICY
    response["Cache-Control"] = NO_STORE
    return response
