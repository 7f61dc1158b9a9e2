"""Rule rows for the office kinds' own workflows (issue 14 §4-5, decision 0018): a regional
ombudsman's rule set and the statutory periods of UU 25/2009 beside SP4N-LAPOR!.

``EXTRA_RULES`` uses the seed dict format of deadlines/seed.py; the data migration
``0010_rules_kinds`` creates the rows that are missing (never overwriting an administrator's
change).

Regional ombudsman (``ombudsman_daerah``): set up by a regional regulation (e.g. the Pergub of
Lembaga Ombudsman DIY), not by UU 37/2008, whose clocks do not bind it. Its regulation's text is
not at hand, so its rows mirror the clocks its workflow needs with the Ombudsman's lengths as
placeholders and the legal source "Peraturan Gubernur (diisi administrator)": an administrator
fills in the days and the article; until then every such clock says it is to be confirmed.

UU 25/2009 (``uu25``): texts in LAW.md; the numbers of days are corroborated, the ayat numbers
and exact wording are UNVERIFIED (see each ``start_text``). Each rule says whose period it is.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

DAERAH, UU25 = "ombudsman_daerah", "uu25"
CAL, WORK = "calendar", "working"
DAERAH_SOURCE = "Peraturan Gubernur (diisi administrator)"
DAERAH_FROM = dt.date(2008, 10, 7)  # placeholder: the administrator sets the regulation's date
UU25_FROM = dt.date(2009, 7, 18)  # UU 25/2009 enacted
DAERAH_TEXT = "Diisi administrator dari peraturan daerah pembentuk ombudsman daerah"
NOT_EXTENDABLE_DAERAH = "Diisi administrator menurut peraturan daerahnya"


def _daerah(
    step: str,
    name: str,
    name_en: str,
    days: int,
    basis: str,
    start_event: str,
    party: str,
    consequence: str = "",
) -> dict[str, Any]:
    return {
        "code": f"daerah-{step}",
        "rule_set": DAERAH,
        "name": name,
        "name_en": name_en,
        "days": days,
        "basis": basis,
        "legal_source": DAERAH_SOURCE,
        "start_event": start_event,
        "start_text": DAERAH_TEXT,
        "party": party,
        # A duty of the office itself: late is recorded (statistics, the case's clocks).
        "consequence": consequence
        or "Kewajiban ombudsman daerah sendiri: keterlambatan tercatat pada laporan",
        "extendable": False,
        "extendable_basis": NOT_EXTENDABLE_DAERAH,
        "effective_from": DAERAH_FROM,
    }


DAERAH_RULES: list[dict[str, Any]] = [
    _daerah(
        "pemberitahuan-kelengkapan",
        "Pemberitahuan kelengkapan berkas kepada pelapor (ombudsman daerah)",
        "Tell the reporter whether the file is complete (regional ombudsman)",
        14,
        CAL,
        "laporan_diterima",
        "kantor",
    ),
    _daerah(
        "melengkapi-laporan",
        "Pelapor melengkapi laporan (ombudsman daerah)",
        "Reporter completes the report (regional ombudsman)",
        30,
        CAL,
        "diterima_penerima",
        "pelapor",
        "Laporan dianggap dicabut (menurut peraturan daerahnya)",
    ),
    _daerah(
        "pemberitahuan-bukan-kewenangan",
        "Pemberitahuan laporan bukan kewenangan (ombudsman daerah)",
        "Tell the reporter the report is not within authority (regional ombudsman)",
        7,
        CAL,
        "ditandatangani",
        "kantor",
    ),
    _daerah(
        "pemberitahuan-penolakan",
        "Pemberitahuan penolakan (ombudsman daerah)",
        "Tell reporter and reported party of the rejection (regional ombudsman)",
        14,
        CAL,
        "ditandatangani",
        "kantor",
    ),
    _daerah(
        "klarifikasi-pertama",
        "Jawaban atas permintaan klarifikasi pertama (ombudsman daerah)",
        "Answer to the first clarification request (regional ombudsman)",
        14,
        CAL,
        "diterima_penerima",
        "terlapor",
        "Permintaan klarifikasi kedua dapat dikirim",
    ),
    _daerah(
        "klarifikasi-kedua",
        "Jawaban atas permintaan klarifikasi kedua (ombudsman daerah)",
        "Answer to the second clarification request (regional ombudsman)",
        14,
        CAL,
        "diterima_penerima",
        "terlapor",
        "Terlapor dianggap tidak menggunakan haknya untuk menjawab",
    ),
    _daerah(
        "tanggapan-lahp",
        "Tanggapan pelapor atas rancangan hasil pemeriksaan (ombudsman daerah)",
        "Reporter's response to the draft examination report (regional ombudsman)",
        14,
        CAL,
        "diterima_penerima",
        "pelapor",
        "Hasil pemeriksaan ditetapkan tanpa tanggapan",
    ),
    _daerah(
        "monitoring-tindakan-korektif",
        "Pelaksanaan tindakan korektif (ombudsman daerah)",
        "Carrying out corrective action (regional ombudsman)",
        30,
        WORK,
        "diterima_penerima",
        "terlapor",
        "Ombudsman daerah dapat menerbitkan rekomendasi (saran); tanpa tahap Resolusi dan "
        "Monitoring Ombudsman RI",
    ),
    _daerah(
        "penyampaian-rekomendasi",
        "Penyampaian rekomendasi (saran) ombudsman daerah",
        "Sending the regional ombudsman's recommendation",
        14,
        CAL,
        "ditandatangani",
        "kantor",
    ),
    _daerah(
        "pelaksanaan-rekomendasi",
        "Tindak lanjut rekomendasi (saran) ombudsman daerah",
        "Follow-up of the regional ombudsman's recommendation",
        60,
        CAL,
        "diterima_penerima",
        "atasan",
        "Tanpa kekuatan UU 37/2008 Ps.38: tidak ada eskalasi ke DPR/Presiden (Ps.38(4)) dan "
        "tidak ada sanksi Ps.39; peraturan daerahnya yang berlaku",
    ),
    _daerah(
        "rco-penanganan",
        "Penanganan respons cepat (ombudsman daerah)",
        "Handling a rapid-response case (regional ombudsman)",
        5,
        WORK,
        "laporan_diterima",
        "kantor",
    ),
]

NOT_EXTENDABLE_UU25 = "Jangka waktu undang-undang (UU 25/2009); tidak ada ketentuan perpanjangan"

UU25_RULES: list[dict[str, Any]] = [
    {
        "code": "uu25-tanggapan-pengaduan",
        "rule_set": UU25,
        "name": "Tanggapan penyelenggara atas pengaduan tertulis (lengkap/tidak lengkap)",
        "name_en": "Provider answers the written complaint (complete or not)",
        "days": 14,
        "basis": CAL,
        "legal_source": "UU 25/2009 Ps.44(3)",
        "start_event": "laporan_diterima",
        "start_text": '"paling lambat 14 (empat belas) hari sejak pengaduan diterima" '
        "(UU 25/2009 Ps.44(3); bunyi UNVERIFIED)",
        "party": "penyelenggara",
        "consequence": "Penyelenggara terlambat (maladministrasi); pengaduan tetap diproses",
        "extendable": False,
        "extendable_basis": NOT_EXTENDABLE_UU25,
        "effective_from": UU25_FROM,
    },
    {
        "code": "uu25-melengkapi-pengaduan",
        "rule_set": UU25,
        "name": "Pengadu melengkapi berkas pengaduan",
        "name_en": "Complainant completes the complaint file",
        "days": 30,
        "basis": CAL,
        "legal_source": "UU 25/2009 Ps.44(4)-(5)",
        "start_event": "diterima_penerima",
        "start_text": '"selambat-lambatnya 30 (tiga puluh) hari terhitung sejak tanggal menerima '
        'tanda terima pengaduan" (UU 25/2009 Ps.44; ayat dan bunyi UNVERIFIED)',
        "party": "pengadu",
        "consequence": "Pengadu dianggap mencabut pengaduannya",
        "extendable": False,
        "extendable_basis": "Jangka waktu pengadu menurut undang-undang; bukan wewenang "
        "penyelenggara untuk memperpanjangnya",
        "effective_from": UU25_FROM,
    },
    {
        "code": "uu25-keputusan",
        "rule_set": UU25,
        "name": "Penyelenggara memutuskan hasil pemeriksaan pengaduan",
        "name_en": "Provider decides the complaint",
        "days": 60,
        "basis": CAL,
        "legal_source": "UU 25/2009 Ps.50(1)",
        "start_event": "berkas_lengkap",
        "start_text": '"paling lambat 60 (enam puluh) hari sejak berkas pengaduan dinyatakan '
        'lengkap" (UU 25/2009 Ps.50(1); bunyi UNVERIFIED, angka dikonfirmasi sumber sekunder)',
        "party": "penyelenggara",
        "consequence": "Penyelenggara terlambat (maladministrasi); berlaku yang lebih ketat "
        "dari jangka waktu SP4N-LAPOR!",
        "extendable": False,
        "extendable_basis": NOT_EXTENDABLE_UU25,
        "effective_from": UU25_FROM,
    },
    {
        "code": "uu25-penyampaian-keputusan",
        "rule_set": UU25,
        "name": "Penyampaian keputusan kepada pengadu",
        "name_en": "Provider delivers the decision to the complainant",
        "days": 14,
        "basis": CAL,
        "legal_source": "UU 25/2009 Ps.50(2)",
        "start_event": "langkah",
        "start_text": '"paling lambat 14 (empat belas) hari sejak diputuskan" '
        "(UU 25/2009 Ps.50(2); bunyi UNVERIFIED)",
        "party": "penyelenggara",
        "consequence": "Penyelenggara terlambat (maladministrasi)",
        "extendable": False,
        "extendable_basis": NOT_EXTENDABLE_UU25,
        "effective_from": UU25_FROM,
    },
]

EXTRA_RULES: list[dict[str, Any]] = DAERAH_RULES + UU25_RULES


def load_extra_rules(apps: Any = None) -> int:
    """Create the missing rows of ``EXTRA_RULES`` (by code and effective date); never overwrites
    an administrator's change. Returns how many were created."""
    if apps is None:
        from django.apps import apps as live_apps

        apps = live_apps
    rule_model = apps.get_model("deadlines", "DeadlineRule")
    created = 0
    for row in EXTRA_RULES:
        data = dict(row)
        code, effective_from = data.pop("code"), data.pop("effective_from")
        _, was_created = rule_model.objects.get_or_create(
            code=code, effective_from=effective_from, defaults=data
        )
        created += int(was_created)
    return created
