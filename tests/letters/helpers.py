"""Helpers for the letters tests."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from django.utils import timezone
from docx import Document

from aduan.cases.models import (
    ClarificationRequest,
    CorrectiveAction,
    Lahp,
    Recommendation,
    Summons,
    Verification,
)
from aduan.cases.states import State
from aduan.deadlines.services import deadline_start
from aduan.letters.render import docx_text
from aduan.reference.models import ClosureMode, ClosureReason, RejectionReason
from aduan.referrals.models import Institution, Referral

# A confidential reporter whose every identifying detail is a string found nowhere else.
SECRET = {
    "name": "Ratna Kusumawardhani Sulistyo",
    "phone": "+62 812 9876 5432",
    "email": "ratna.rahasia@contoh.id",
    "id_number": "3271046504870002",
    "address": "Jl. Melati Tersembunyi No. 17, Bogor Barat",
    "birth_place": "Wonosobo",
    "occupation": "Pedagang kelontong",
}


def everything(case, agency, unit):
    """Give ``case`` a record for every kind of letter (directly: these tests are about
    letters, and a real case never holds a rejection and a LAHP at once)."""
    now = timezone.now()
    Verification.objects.create(
        case=case,
        kind=Verification.Kind.FORMAL,
        items={"dokumen_identitas": False, "kronologi": True},
        passed=False,
        notes="Lampirkan fotokopi KTP.",
    )
    ClarificationRequest.objects.create(
        case=case, round=1, agency=agency, questions="Mengapa ada pungutan?\nApa dasar hukumnya?"
    )
    Summons.objects.create(
        case=case, person="Kepala Dinas Kesehatan", scheduled_for=now + dt.timedelta(days=7)
    )
    lahp = Lahp.objects.create(
        case=case, version=1, conclusion="ditemukan", findings="Pungutan tanpa dasar hukum."
    )
    CorrectiveAction.objects.create(
        case=case, lahp=lahp, addressee=agency, description="Kembalikan pungutan."
    )
    Recommendation.objects.create(
        case=case, signed_at=now, addressee=agency, content="Hentikan pungutan liar."
    )
    referral = Referral.objects.create(
        case=case,
        institution=Institution.objects.create(
            name="Inspektorat Kota Pangkalpinang",
            kind=Institution.Kind.OTHER,
            address="Jl. Merdeka No. 1\nPangkalpinang",
        ),
        direction=Referral.Direction.OUT,
        part="Dugaan pungutan liar oleh petugas puskesmas.",
        sent_at=now,
    )
    deadline_start(
        subject=referral, rule="tindak-lanjut-limpahan", office=case.office, start=now, case=case
    )
    case.unit = unit
    case.official_position = "Kepala Dinas Kesehatan"
    case.superior_name = "Wali Kota Pangkalpinang"
    case.rejection_reason = RejectionReason.objects.order_by("order").first()
    case.closure_mode = ClosureMode.objects.get(code="bukan-kewenangan")
    case.closure_reason = ClosureReason.objects.get(code="bukan-kewenangan")
    case.referred_to = "Inspektorat Kota Pangkalpinang"
    case.state = State.CLOSED
    case.closed_at = now
    case.save()
    return case


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def read(field) -> bytes:
    with field.open("rb") as handle:
        return handle.read()


def texts(letter) -> tuple[str, str]:
    """(DOCX text, PDF text) of a stored letter; the DOCX must open in python-docx."""
    docx = read(letter.docx)
    Document(io.BytesIO(docx))
    assert zipfile.is_zipfile(io.BytesIO(docx))
    pdf = read(letter.pdf)
    assert pdf.startswith(b"%PDF")
    return docx_text(docx), pdf_text(pdf)


def squash(text: str) -> str:
    """Lower case without any white space: a value broken over two lines still matches."""
    return "".join(text.split()).casefold()


def make_docx(*paragraphs: str) -> bytes:
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
