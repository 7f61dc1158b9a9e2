"""Uploads on a case: the type is sniffed from the content, never trusted from the name."""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from aduan.cases import permissions
from aduan.cases.errors import CaseError
from aduan.cases.models import Case, Document
from aduan.core import audit

# signature -> (content type, extension)
SIGNATURES = [
    (b"%PDF-", ("application/pdf", "pdf")),
    (b"\xff\xd8\xff", ("image/jpeg", "jpg")),
    (b"\x89PNG\r\n\x1a\n", ("image/png", "png")),
    (b"PK\x03\x04", ("application/zip", "zip")),  # DOCX, XLSX, ODT: checked by name below
]
OFFICE_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
}
IDENTITY_KINDS = {Document.Kind.ID_DOCUMENT, Document.Kind.POWER_OF_ATTORNEY, Document.Kind.DEED}


def sniff(head: bytes, name: str) -> tuple[str, str]:
    """(content type, extension) of an accepted file, or CaseError saying what is accepted."""
    for signature, (content_type, extension) in SIGNATURES:
        if head.startswith(signature):
            if extension != "zip":
                return content_type, extension
            suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
            if suffix in OFFICE_TYPES:
                return OFFICE_TYPES[suffix], suffix
    raise CaseError(_("This kind of file is not accepted. Send PDF, JPG, PNG, DOCX, XLSX or ODT."))


def check_upload(upload: UploadedFile) -> tuple[str, str, str]:
    """(content type, extension, sha256) of an accepted upload: within ``ADUAN_MAX_UPLOAD_MB``,
    not empty, of a type recognised from its content (``sniff``); else CaseError saying what to
    send. Every upload of the project (case documents, evidence, materials) goes through here."""
    limit = settings.ADUAN_MAX_UPLOAD_MB * 1024 * 1024
    if upload.size > limit:
        raise CaseError(
            _("The file is larger than %(limit)s MB; send a smaller or compressed copy.")
            % {"limit": settings.ADUAN_MAX_UPLOAD_MB}
        )
    if upload.size == 0:
        raise CaseError(_("The file is empty."))
    upload.seek(0)
    head = upload.read(16)
    content_type, extension = sniff(head, upload.name or "")
    upload.seek(0)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return content_type, extension, digest.hexdigest()


def document_add(*, case: Case, upload: UploadedFile, kind: str, actor: Any = None) -> Document:
    """Store an upload on the case after checking its size and real type. ``actor`` None: the
    reporter through a public channel."""
    if actor is not None:
        permissions.require(actor, "receive", case)
    if kind not in Document.Kind.values:
        raise CaseError(_("Unknown kind of document."))
    content_type, extension, sha256 = check_upload(upload)
    with transaction.atomic():
        document = Document(
            case=case,
            kind=kind,
            original_name=(upload.name or "")[-255:],
            content_type=content_type,
            size=upload.size,
            sha256=sha256,
            identifies_reporter=kind in IDENTITY_KINDS,
            uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        document.file.save(f"{sha256[:16]}.{extension}", upload, save=False)
        document.save()
        audit.record(
            "case.document_added",
            actor=actor,
            target=case,
            office=case.office,
            new={"kind": kind, "size": upload.size, "type": content_type},
        )
    return document
