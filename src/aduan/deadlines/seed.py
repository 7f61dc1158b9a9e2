"""The legal clocks Aduan starts with (DOMAIN.md §3, §4, §7). Days are data: an administrator
may change them when a regulation changes; running clocks keep the values they started with."""

from __future__ import annotations

from typing import Any

OMB, SP4N = "ombudsman", "sp4n"
CAL, WORK = "calendar", "working"
SP4N_SOURCE = "Perpres 76/2013; PermenPANRB 62/2018"

# code, rule set, name (id), name (en), days, basis, legal source
RULES: list[tuple[str, str, str, str, int, str, str]] = [
    (
        "pemberitahuan-kelengkapan",
        OMB,
        "Pemberitahuan kelengkapan berkas kepada pelapor",
        "Tell the reporter whether the file is complete",
        14,
        CAL,
        "UU 25/2009 Ps.44(3)",
    ),
    (
        "melengkapi-laporan",
        OMB,
        "Pelapor melengkapi laporan",
        "Reporter completes the report",
        30,
        CAL,
        "UU 37/2008 Ps.25",
    ),
    (
        "pemberitahuan-bukan-kewenangan",
        OMB,
        "Pemberitahuan laporan bukan kewenangan",
        "Tell the reporter the report is not within authority",
        7,
        CAL,
        "UU 37/2008 Ps.26–27",
    ),
    (
        "pemberitahuan-penolakan",
        OMB,
        "Pemberitahuan penolakan kepada pelapor dan terlapor",
        "Tell reporter and reported party of the rejection",
        14,
        CAL,
        "UU 37/2008 Ps.36(2)",
    ),
    (
        "klarifikasi-pertama",
        OMB,
        "Jawaban atas permintaan klarifikasi pertama",
        "Answer to the first clarification request",
        14,
        CAL,
        "UU 37/2008 Ps.33",
    ),
    (
        "klarifikasi-kedua",
        OMB,
        "Jawaban atas permintaan klarifikasi kedua",
        "Answer to the second clarification request",
        14,
        CAL,
        "UU 37/2008 Ps.33",
    ),
    (
        "tanggapan-lahp",
        OMB,
        "Tanggapan pelapor atas rancangan LAHP",
        "Reporter's response to the draft LAHP",
        14,
        CAL,
        "Peraturan Ombudsman 48/2020 Ps.25",
    ),
    (
        "monitoring-tindakan-korektif",
        OMB,
        "Pelaksanaan tindakan korektif",
        "Carrying out corrective action",
        30,
        WORK,
        "Peraturan Ombudsman 58/2023 Ps.54",
    ),
    (
        "penyampaian-rekomendasi",
        OMB,
        "Penyampaian rekomendasi",
        "Sending the recommendation",
        14,
        CAL,
        "UU 37/2008 Ps.37(3)",
    ),
    (
        "pelaksanaan-rekomendasi",
        OMB,
        "Laporan pelaksanaan rekomendasi oleh atasan terlapor",
        "Superior reports implementation of the recommendation",
        60,
        CAL,
        "UU 37/2008 Ps.38(2)",
    ),
    (
        "rco-penanganan",
        OMB,
        "Penanganan Respons Cepat Ombudsman",
        "Handling a rapid-response case",
        5,
        WORK,
        "Kebijakan kantor (dapat diubah administrator)",
    ),
    (
        "sp4n-verifikasi",
        SP4N,
        "Verifikasi dan penerusan laporan",
        "Verify and forward the report",
        3,
        WORK,
        SP4N_SOURCE,
    ),
    (
        "sp4n-permintaan-informasi",
        SP4N,
        "Tindak lanjut permintaan informasi",
        "Follow-up of an information request",
        5,
        WORK,
        SP4N_SOURCE,
    ),
    (
        "sp4n-pengaduan",
        SP4N,
        "Tindak lanjut pengaduan tanpa substansi pengawasan",
        "Follow-up of a complaint without supervisory content",
        14,
        WORK,
        SP4N_SOURCE,
    ),
    (
        "sp4n-pengaduan-pemeriksaan",
        SP4N,
        "Tindak lanjut pengaduan yang memerlukan pemeriksaan",
        "Follow-up of a complaint needing inspection",
        60,
        WORK,
        SP4N_SOURCE,
    ),
    (
        "sp4n-konfirmasi-pelapor",
        SP4N,
        "Tanggapan pelapor atas tindak lanjut",
        "Reporter's reply to the follow-up",
        10,
        WORK,
        SP4N_SOURCE,
    ),
]


def load_rules(apps: Any = None) -> int:
    """Create missing rules (never overwrites an administrator's change). Returns how many."""
    if apps is None:
        from django.apps import apps as live_apps

        apps = live_apps
    rule_model = apps.get_model("deadlines", "DeadlineRule")
    created = 0
    for code, rule_set, name, name_en, days, basis, source in RULES:
        _, was_created = rule_model.objects.get_or_create(
            code=code,
            defaults={
                "rule_set": rule_set,
                "name": name,
                "name_en": name_en,
                "days": days,
                "basis": basis,
                "legal_source": source,
            },
        )
        created += int(was_created)
    return created
