"""The kinds of official letter (surat), who each may be addressed to, and who may make it.

A kind is data about the letter, not code: its code in the letter number, its subject line
(Hal) in Bahasa Indonesia, the addressees it may go to, the permission (``cases.permissions``)
needed to make it, and the record of the case it is about (a clarification request, a summons,
the LAHP, a recommendation, a referral to another institution), if any.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    TANDA_TERIMA = "tanda_terima", _("receipt slip")
    PERMINTAAN_KELENGKAPAN = "permintaan_kelengkapan", _("request to complete documents")
    PERMINTAAN_KLARIFIKASI = "permintaan_klarifikasi", _("clarification request")
    PANGGILAN = "panggilan", _("summons")
    PENOLAKAN = "penolakan", _("notice of rejection")
    BUKAN_KEWENANGAN = "bukan_kewenangan", _("notice: not within authority")
    LAHP = "lahp", _("LAHP (final examination report)")
    REKOMENDASI = "rekomendasi", _("recommendation")
    PENUTUPAN = "penutupan", _("closure notice")
    PELIMPAHAN = "pelimpahan", _("referral letter")


class Addressee(models.TextChoices):
    """Only REPORTER letters may carry the reporter's identity; every other addressee is
    outside the office and gets the masked context (see ``letters.context``)."""

    REPORTER = "pelapor", _("reporter")
    TERLAPOR = "terlapor", _("reported party")
    SUPERIOR = "atasan_terlapor", _("superior of the reported party")
    OTHER = "lain", _("someone else")
    INSTITUTION = "instansi", _("institution referred to")


@dataclass(frozen=True)
class KindSpec:
    code: str  # {kind_code} in the letter number
    subject: str  # the "Hal" line (Bahasa Indonesia, the letter's language)
    addressees: tuple[str, ...]
    permission: str  # an action of aduan.cases.permissions.RULES
    about: str = ""  # the record the letter is about: see letters.context.ABOUT


A = Addressee
SPECS: dict[str, KindSpec] = {
    Kind.TANDA_TERIMA: KindSpec("TT", "Tanda Terima Laporan", (A.REPORTER,), "receive"),
    Kind.PERMINTAAN_KELENGKAPAN: KindSpec(
        "PKL", "Permintaan Kelengkapan Dokumen Laporan", (A.REPORTER,), "receive", "verification"
    ),
    Kind.PERMINTAAN_KLARIFIKASI: KindSpec(
        "KLR", "Permintaan Klarifikasi", (A.TERLAPOR,), "examine", "clarification"
    ),
    Kind.PANGGILAN: KindSpec(
        "PGL",
        "Panggilan untuk Memberikan Keterangan",
        (A.TERLAPOR, A.OTHER, A.REPORTER),
        "examine",
        "summons",
    ),
    Kind.PENOLAKAN: KindSpec(
        "TLK", "Pemberitahuan Penolakan Laporan", (A.REPORTER, A.TERLAPOR), "receive"
    ),
    Kind.BUKAN_KEWENANGAN: KindSpec(
        "BKW", "Pemberitahuan Laporan Bukan Kewenangan Ombudsman", (A.REPORTER,), "receive"
    ),
    Kind.LAHP: KindSpec(
        "LAHP",
        "Penyampaian Laporan Akhir Hasil Pemeriksaan",
        (A.REPORTER, A.TERLAPOR, A.SUPERIOR),
        "examine",
        "lahp",
    ),
    Kind.REKOMENDASI: KindSpec(
        "REK",
        "Rekomendasi Ombudsman Republik Indonesia",
        (A.SUPERIOR, A.TERLAPOR, A.REPORTER),
        "approve",
        "recommendation",
    ),
    Kind.PENUTUPAN: KindSpec(
        "TTP", "Pemberitahuan Penutupan Laporan", (A.REPORTER, A.TERLAPOR), "receive"
    ),
    Kind.PELIMPAHAN: KindSpec(
        "LMP", "Pelimpahan Laporan", (A.INSTITUTION,), "transfer", "referral"
    ),
}

AUDIT_ACTIONS = {
    "case.letter_generated": _("Letter generated"),
    "letter.template_uploaded": _("Letter template uploaded"),
    "letter.template_retired": _("Letter template retired"),
}
