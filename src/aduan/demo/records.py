"""Demo records the case stories do not make on their own: referrals out (one answered with its
letter, receipt and answer document, one still waiting) and in (a report and a copy), official
letters (receipt slip, clarification request, summons, referral letter) and documents the
reporters sent. All through the real services (``referrals.services``, ``letters.services``,
``cases.documents``), in the demo's recent past. Idempotent: once the demo office has a
referral, the step does nothing.

Summonses, an agency complaint unit's forward (SP4N-LAPOR!) and implementation reports on
recommendations come from ``demo.cases``, ``sp4n.demo`` and ``liaison.demo``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from aduan.demo import data

# A small, valid PDF: the documents' content is not the point of the demo.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)

INSTITUTIONS = [
    ("Kepolisian Resor Kota Pangkalpinang", "kepolisian"),
    ("Inspektorat Provinsi Kepulauan Bangka Belitung", "lain"),
    ("Ombudsman RI Perwakilan Sumatera Selatan", "ombudsman_lain"),
]


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _institutions() -> dict[str, Any]:
    from aduan.referrals.models import Institution

    found = {}
    for name, kind in INSTITUTIONS:
        found[kind], _ = Institution.objects.get_or_create(name=name, defaults={"kind": kind})
    return found


def build(result: Any, say: Callable[[str], None]) -> None:
    from aduan.cases.models import Case
    from aduan.directory.models import Office
    from aduan.referrals.models import Referral

    office = Office.objects.filter(code=data.OFFICE_CODE).first()
    if office is None or not Case.objects.filter(office=office).exists():
        return
    if Referral.objects.filter(case__office=office).exists():
        say("Referrals, letters and documents: already there.")
        return
    from aduan.demo.cases import recent_past

    with recent_past():
        made = _records(office)
    for what, count in made.items():
        result.add(what, count)
    say(
        "Referrals, letters and documents: "
        + ", ".join(f"{count} {what}" for what, count in made.items())
    )


def _records(office: Any) -> dict[str, int]:
    from aduan.cases.documents import document_add
    from aduan.cases.models import Case, Document
    from aduan.cases.states import State
    from aduan.directory.models import User
    from aduan.letters.services import generate_letter
    from aduan.referrals import services as referrals

    head = User.objects.get(username="kepala")
    desk = User.objects.get(username="pvl")
    institutions = _institutions()
    made = {"referrals": 0, "reports": 0, "letters": 0, "documents": 0}
    plain = Case.objects.filter(office=office, confidential=False).order_by("pk")
    examined = list(
        plain.filter(state=State.EXAMINATION, assignee__isnull=False, agency__isnull=False)
    )

    # Out: one referral answered (letter, receipt, the answer letter on the case), one waiting.
    for case, answered in zip(examined[:2], (True, False), strict=False):
        referral = referrals.referral_send(
            case=case,
            institution=institutions["kepolisian"],
            part="Dugaan pungutan liar oleh oknum petugas (unsur pidana)",
            actor=head,
            note="Bagian pidana dilimpahkan; pemeriksaan maladministrasi dilanjutkan.",
        )
        generate_letter(case, "pelimpahan", actor=head, addressee="instansi", about=referral)
        made["referrals"] += 1
        made["letters"] += 1
        if answered:
            referrals.referral_receipt(referral=referral, actor=desk)
            referrals.referral_answer(
                referral=referral,
                actor=desk,
                answer="Limpahan diterima; penyelidikan dimulai oleh Satreskrim.",
                upload=_pdf("jawaban-polresta.pdf"),
                document_kind=Document.Kind.LETTER,
            )
            made["documents"] += 1

    # In: a report referred to us by the inspectorate, and a copy (tembusan) filed at once.
    inspectorate = institutions["lain"]
    for copy, title in (
        (False, "Pelimpahan: izin usaha tidak diproses lebih dari tiga bulan"),
        (True, "Tembusan: pengaduan warga tentang pelayanan air bersih"),
    ):
        referrals.referral_receive(
            office=office,
            institution=inspectorate,
            title=title,
            chronology="Diterima Inspektorat dan dilimpahkan karena menyangkut maladministrasi.",
            reporters=[{"name": "Rudi Hartono", "phone": "081373300123"}],
            actor=desk,
            letter_reference="700/123/INSP/2026",
            copy=copy,
            key=f"demo-limpahan-{'tembusan' if copy else 'masuk'}",
        )
        made["referrals"] += 1
        made["reports"] += 1  # each becomes a case of the office

    # Letters: a receipt slip, a clarification request and a summons, from their cases.
    receipt = plain.exclude(state=State.CLOSED).first()
    if receipt is not None:
        generate_letter(receipt, "tanda_terima", actor=desk)
        made["letters"] += 1
    for kind, cases in (
        (
            "permintaan_klarifikasi",
            plain.filter(state=State.EXAMINATION, clarifications__isnull=False),
        ),
        ("panggilan", plain.filter(state=State.EXAMINATION, summonses__isnull=False)),
    ):
        case = cases.exclude(assignee=None).order_by("pk").first()
        if case is not None:
            generate_letter(case, kind, actor=case.assignee, addressee="terlapor")
            made["letters"] += 1

    # Documents the reporters sent with their reports (the evidence, the earlier complaint).
    for case in plain.exclude(state=State.CLOSED).order_by("-pk")[:3]:
        for kind, name in (
            (Document.Kind.EVIDENCE, "bukti-kuitansi.pdf"),
            (Document.Kind.PRIOR_COMPLAINT, "surat-pengaduan-ke-instansi.pdf"),
        ):
            document_add(case=case, upload=_pdf(name), kind=kind, actor=None)
            made["documents"] += 1
    return made
