"""The follow-up clock of an improvement suggestion (*saran perbaikan*). UU 37/2008 Ps.7 huruf c
gives the Ombudsman the task of suggesting improvements but sets no period for the agency to act
on them; the 60 calendar days are office practice, like the period of an LAHP's corrective
action. Days are data: an administrator may change them (running clocks keep theirs)."""

from __future__ import annotations

import datetime as dt
from typing import Any

RULE_CODE = "tindak-lanjut-saran-perbaikan"

RULE = {
    "code": RULE_CODE,
    "rule_set": "ombudsman",
    "name": "Tindak lanjut saran perbaikan oleh instansi",
    "name_en": "Follow-up of an improvement suggestion by the agency",
    "days": 60,
    "basis": "calendar",
    "legal_source": "UU 37/2008 Ps.7 huruf c (saran perbaikan); jangka waktu: praktik kantor",
    "start_event": "langkah",
    "start_text": "Praktik kantor: sejak kajian dengan saran perbaikan diterbitkan.",
    "party": "penyelenggara",
    "consequence": "Instansi diingatkan; saran perbaikan ditandai terlambat.",
    "consequence_en": "The agency is reminded; the suggestion is marked late.",
    "extendable": True,
    "extendable_basis": (
        "Praktik kantor, bukan jangka waktu undang-undang: kantor dapat memperpanjangnya "
        "dengan alasan."
    ),
    "extendable_basis_en": (
        "Office practice, not a statutory period: the office may extend it, with a reason."
    ),
    "effective_from": dt.date(2008, 10, 7),
}


def load_rule(apps: Any) -> None:
    """Add the rule unless a rule with its code exists (an administrator's changes are kept)."""
    from aduan.deadlines.seed import load_rule_rows

    load_rule_rows(apps, [RULE])


# The kinds of activity the Ombudsman's offices name in their quarterly notes (issue 18 §4):
# (code, name, English name, category, intake channel, findings, counterpart, description).
ACTIVITY_KINDS = [
    (
        "ots",
        "On The Spot",
        "On The Spot",
        "penerimaan",
        "on-the-spot",
        False,
        False,
        "Petugas membuka meja pengaduan di unit layanan dan memeriksa layanan di tempat.",
    ),
    (
        "coaching",
        "Klinik pengaduan masyarakat",
        "Public complaint clinic",
        "klinik",
        "",
        False,
        False,
        "Konsultasi dan penerimaan pengaduan bagi masyarakat.",
    ),
    (
        "klinik-internal",
        "Pelatihan internal asisten pemeriksaan",
        "Internal training of examination assistants",
        "klinik",
        "",
        False,
        False,
        "Peningkatan kapasitas insan Ombudsman dalam pemeriksaan laporan.",
    ),
    (
        "klinik-instansi",
        "Klinik pengelolaan pengaduan bagi instansi",
        "Coaching of an agency's complaint staff",
        "klinik",
        "",
        False,
        False,
        "Pendampingan petugas pengelola pengaduan instansi penyelenggara.",
    ),
    (
        "nampel",
        "Penjaringan laporan (Nampel)",
        "Collecting reports (Nampel)",
        "penerimaan",
        "nampel",
        False,
        False,
        "",
    ),
    ("posko", "Posko pengaduan", "Complaint post (posko)", "penerimaan", "posko", False, False, ""),
    ("sosialisasi", "Sosialisasi", "Socialisation", "sosialisasi", "", False, False, ""),
    ("koordinasi", "Rapat koordinasi", "Coordination meeting", "koordinasi", "", False, False, ""),
    (
        "monitoring",
        "Monitoring bersama instansi terkait",
        "Monitoring with coordination",
        "monitoring",
        "",
        True,
        False,
        "Pemantauan lapangan bersama instansi terkait, misalnya distribusi minyak goreng dan gula: "
        "temuan per lokasi.",
    ),
    (
        "studi-banding",
        "Studi banding",
        "Comparative study",
        "studi",
        "",
        False,
        True,
        "Kunjungan belajar ke atau dari lembaga ombudsman lain.",
    ),
]


def load_activity_kinds(apps: Any = None) -> None:
    """Create the seeded kinds that are missing (an administrator's changes are kept)."""
    if apps is None:
        from aduan.prevention.models import ActivityKind
    else:
        ActivityKind = apps.get_model("prevention", "ActivityKind")
    for order, row in enumerate(ACTIVITY_KINDS, start=1):
        code, name, name_en, category, channel, findings, counterpart, description = row
        ActivityKind.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "category": category,
                "channel": channel,
                "records_findings": findings,
                "needs_counterpart": counterpart,
                "description": description,
                "order": order * 10,
            },
        )
