"""Uploads on a case: the type is sniffed from the content, never trusted from the name."""

from __future__ import annotations

import hashlib
import zipfile
from typing import IO, Any

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


# An Office file is a zip: what it must hold to be the file its name says.
OFFICE_MEMBERS = {
    "docx": ("[Content_Types].xml", "word/document.xml"),
    "xlsx": ("[Content_Types].xml", "xl/workbook.xml"),
    "odt": ("mimetype", "content.xml"),
}
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
MAX_ZIP_MEMBERS = 5000
# A member may unpack to at most this many times its packed size (once it is over 1 MB: small
# XML parts of real files compress far better than large ones). Zip bombs reach 1000 and more.
MAX_ZIP_RATIO = 100
RATIO_FLOOR = 1024 * 1024
CHUNK = 64 * 1024


def _damaged(extension: str) -> CaseError:
    return CaseError(
        _(
            "This file is damaged or is not a real %(type)s file. Open it in the office program, "
            "save it again (or as PDF) and send it again."
        )
        % {"type": extension.upper()}
    )


def check_office_file(fileobj: IO[bytes], extension: str) -> None:
    """Refuse (CaseError) a DOCX, XLSX or ODT that is not the real thing: a zip that is damaged,
    encrypted, holding macros, lacking the parts of its type, or unpacking to more than
    ``ADUAN_MAX_UNZIPPED_MB`` (a zip bomb). Sizes are read from the zip's directory before
    anything is unpacked; then every member is read through in chunks, counting what comes
    out, so a directory that lies is caught too. Nothing is kept in memory."""
    limit = settings.ADUAN_MAX_UNZIPPED_MB * 1024 * 1024
    bomb = CaseError(
        _(
            "This file unpacks to more than %(limit)s MB, or far more than its size: it is "
            "refused as a possible zip bomb. Send it as PDF instead."
        )
        % {"limit": settings.ADUAN_MAX_UNZIPPED_MB}
    )
    fileobj.seek(0)
    try:
        with zipfile.ZipFile(fileobj) as archive:
            members = archive.infolist()
            if len(members) > MAX_ZIP_MEMBERS:
                raise bomb
            if any(info.flag_bits & 0x1 for info in members):
                raise CaseError(
                    _(
                        "This file is protected with a password. "
                        "Remove the password and send it again."
                    )
                )
            if sum(info.file_size for info in members) > limit:
                raise bomb
            for info in members:
                if info.file_size > RATIO_FLOOR and (
                    info.file_size > MAX_ZIP_RATIO * max(info.compress_size, 1)
                ):
                    raise bomb
            names = {info.filename for info in members}
            lowered = {name.lower() for name in names}
            if any(
                name.endswith("vbaproject.bin") or name.startswith(("basic/", "scripts/"))
                for name in lowered
            ):
                raise CaseError(
                    _("Files with macros are not accepted. Save it without macros, or as PDF.")
                )
            if not all(part in names for part in OFFICE_MEMBERS[extension]):
                raise _damaged(extension)
            unpacked = 0
            for info in members:
                if info.is_dir():
                    continue
                with archive.open(info) as member:
                    first = tail = b""
                    while chunk := member.read(CHUNK):
                        unpacked += len(chunk)
                        if unpacked > limit:
                            raise bomb
                        if not first:
                            first = chunk[:200]
                        seen, tail = tail + chunk, chunk[-16:]
                        if info.filename == "[Content_Types].xml" and b"macroEnabled" in seen:
                            raise CaseError(
                                _(
                                    "Files with macros are not accepted. "
                                    "Save it without macros, or as PDF."
                                )
                            )
                if info.filename == "mimetype" and first.strip() != ODT_MIMETYPE:
                    raise _damaged(extension)
    except CaseError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as exc:
        raise _damaged(extension) from exc
    except (RuntimeError, NotImplementedError) as exc:  # encrypted, or an unknown compression
        raise _damaged(extension) from exc
    finally:
        fileobj.seek(0)


def check_content(fileobj: IO[bytes], name: str) -> tuple[str, str]:
    """(content type, extension) of an accepted file, from its content (``sniff``) and, for an
    Office file, its structure (``check_office_file``); else CaseError saying what to send."""
    fileobj.seek(0)
    content_type, extension = sniff(fileobj.read(16), name)
    if extension in OFFICE_MEMBERS:
        check_office_file(fileobj, extension)
    fileobj.seek(0)
    return content_type, extension


def check_upload(upload: UploadedFile) -> tuple[str, str, str]:
    """(content type, extension, sha256) of an accepted upload: within ``ADUAN_MAX_UPLOAD_MB``,
    not empty, of a type recognised from its content and, for Office files, their structure
    (``check_content``); else CaseError saying what to send. Every upload of the project (case
    documents, evidence, materials) goes through here."""
    limit = settings.ADUAN_MAX_UPLOAD_MB * 1024 * 1024
    if upload.size > limit:
        raise CaseError(
            _("The file is larger than %(limit)s MB; send a smaller or compressed copy.")
            % {"limit": settings.ADUAN_MAX_UPLOAD_MB}
        )
    if upload.size == 0:
        raise CaseError(_("The file is empty."))
    content_type, extension = check_content(upload, upload.name or "")
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
