"""Uploads from the public: size and real type checked before anything is stored, and images
stripped of their metadata (EXIF with GPS position, XMP, text chunks) so a photo never reveals
where the reporter lives."""

from __future__ import annotations

import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from aduan.cases.documents import check_content
from aduan.cases.errors import CaseError
from aduan.intake.services import Attachment

ORIENTATION = 0x0112


def check(upload: UploadedFile) -> str:
    """The upload's real content type, or ValidationError saying what is wrong with it."""
    limit = settings.ADUAN_MAX_UPLOAD_MB
    if upload.size > limit * 1024 * 1024:
        raise ValidationError(
            _("The file is larger than %(limit)s MB; send a smaller or compressed copy.")
            % {"limit": limit}
        )
    if not upload.size:
        raise ValidationError(_("The file is empty."))
    try:
        content_type, _extension = check_content(upload, upload.name or "")
    except CaseError as exc:
        raise ValidationError(str(exc)) from exc
    return content_type


def strip_metadata(data: bytes, content_type: str) -> bytes:
    """The image without its metadata. The picture is turned upright first (the EXIF
    orientation goes with the rest); a JPEG keeps its quality tables when nothing turned."""
    if content_type not in {"image/jpeg", "image/png"}:
        return data
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            turned = image.getexif().get(ORIENTATION, 1) not in (1, None)
            clean = ImageOps.exif_transpose(image) if turned else image
            # Whatever the decoder kept (EXIF, XMP, comments, text chunks) stays behind.
            clean.info = {k: v for k, v in clean.info.items() if k == "transparency"}
            out = io.BytesIO()
            if content_type == "image/jpeg":
                quality = 90 if turned else "keep"
                clean.save(out, format="JPEG", quality=quality, optimize=True)
            else:
                clean.save(out, format="PNG", optimize=True)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError(_("This image cannot be read; send it as a PDF instead.")) from exc
    return out.getvalue()


def attachment(upload: UploadedFile, kind: str) -> Attachment:
    """A checked upload as an intake attachment, images stripped of their metadata."""
    content_type = check(upload)
    upload.seek(0)
    data = strip_metadata(upload.read(), content_type)
    return Attachment(name=(upload.name or "berkas")[-200:], data=data, kind=kind)
