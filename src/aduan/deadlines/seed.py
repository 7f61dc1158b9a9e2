"""The legal clocks Aduan starts with (DOMAIN.md §3, §4, §7), one dict per rule version.

Each rule says when its clock starts (``start_event``, and ``start_text``: the article's words,
or, where the text could not be verified, how Aduan reads it), whose period it is (``party``),
what happens when it runs out (``consequence``), whether it may be extended and why
(``extendable``, ``extendable_basis``) and from when the version applies (``effective_from``).
A rule with a history has several dicts with the same code (oldest first): a clock takes the
version in force on the day it starts and keeps it (decision 0018).

``consequence_en`` and ``extendable_basis_en`` are the English of the two texts (the data is in
Bahasa Indonesia, like ``name``; ``name_en`` likewise). Days are data: an administrator may
change them when a regulation changes; running clocks keep the values they started with.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

OMB, SP4N = "ombudsman", "sp4n"
CAL, WORK = "calendar", "working"
SP4N_SOURCE = "Perpres 76/2013; PermenPANRB 62/2018"

# When each law applies from. UU 37/2008 was enacted on 7 October 2008. The enactment date of
# Peraturan Ombudsman 58/2023 could not be verified here (LAW.md): Aduan applies it from the last
# day of 2023, the year it was made; an administrator corrects the date in the admin when the
# Berita Negara date is at hand (decision 0018).
UU37 = dt.date(2008, 10, 7)
PO58 = dt.date(2023, 12, 31)
UNVERIFIED = "bunyi pasal belum diverifikasi di Aduan"

# Start events (DeadlineRule.StartEvent) and parties (DeadlineRule.Party), as stored.
RECEIVED, RECEIPT, SIGNING, SENDING, STEP = (
    "laporan_diterima",
    "diterima_penerima",
    "ditandatangani",
    "dikirim",
    "langkah",
)
REPORTER, TERLAPOR, SUPERIOR, OFFICE, PROVIDER = (
    "pelapor",
    "terlapor",
    "atasan",
    "kantor",
    "penyelenggara",
)

OFFICE_PRACTICE_BASIS = (
    "Praktik kantor, bukan jangka waktu undang-undang: kantor dapat memperpanjangnya dengan alasan."
)
OFFICE_PRACTICE_BASIS_EN = (
    "Office practice, not a statutory period: the office may extend it, with a reason."
)


def _office_duty(article: str) -> tuple[str, str]:
    """A period the law sets for the office itself: nobody extends it."""
    return (
        f"{article} menetapkan kewajiban kantor sendiri; jangka waktunya tidak diperpanjang.",
        f"{article} sets the office's own duty; its period is not extended.",
    )


def rule(**fields: Any) -> dict[str, Any]:
    fields.setdefault("effective_from", UU37)
    fields.setdefault("consequence_en", "")
    fields.setdefault("extendable_basis_en", "")
    return fields


RULES: list[dict[str, Any]] = [
    rule(
        code="pemberitahuan-kelengkapan",
        rule_set=OMB,
        name="Pemberitahuan kelengkapan berkas kepada pelapor",
        name_en="Tell the reporter whether the file is complete",
        days=14,
        basis=CAL,
        legal_source="UU 25/2009 Ps.44(3)",
        start_event=RECEIVED,
        start_text=(
            f"“paling lambat 14 (empat belas) hari sejak pengaduan diterima” (UU 25/2009; "
            f"{UNVERIFIED})"
        ),
        party=OFFICE,
        consequence="Kantor terlambat memberi tahu pelapor; tenggat dicatat terlewat.",
        consequence_en="The office is late telling the reporter; the clock is recorded as missed.",
        extendable=False,
        extendable_basis=_office_duty("UU 25/2009")[0],
        extendable_basis_en=_office_duty("UU 25/2009")[1],
    ),
    rule(
        code="melengkapi-laporan",
        rule_set=OMB,
        name="Pelapor melengkapi laporan",
        name_en="Reporter completes the report",
        days=30,
        basis=CAL,
        legal_source="UU 37/2008 Ps.25",
        start_event=RECEIPT,
        start_text=(
            "“paling lambat 30 (tiga puluh) hari terhitung sejak tanggal Pelapor menerima "
            f"pemberitahuan dari Ombudsman” (UU 37/2008 Ps.25; {UNVERIFIED})"
        ),
        party=REPORTER,
        consequence="Pelapor dianggap mencabut laporannya (UU 37/2008 Ps.25(4)).",
        consequence_en="The reporter is deemed to have withdrawn the report (UU 37/2008 Ps.25(4)).",
        extendable=False,
        extendable_basis=(
            "UU 37/2008 Ps.25 menetapkan jangka waktu pelapor; kantor maupun instansi tidak "
            "dapat memperpanjangnya."
        ),
        extendable_basis_en=(
            "UU 37/2008 Ps.25 sets the reporter's own period; neither the office nor an agency "
            "can extend it."
        ),
    ),
    rule(
        code="pemberitahuan-bukan-kewenangan",
        rule_set=OMB,
        name="Pemberitahuan laporan bukan kewenangan",
        name_en="Tell the reporter the report is not within authority",
        days=7,
        basis=CAL,
        legal_source="UU 37/2008 Ps.26–27",
        start_event=SIGNING,
        start_text=(
            "“dalam waktu paling lambat 7 (tujuh) hari terhitung sejak tanggal hasil pemeriksaan "
            f"ditandatangani oleh Ketua Ombudsman” (UU 37/2008 Ps.27(1); {UNVERIFIED})"
        ),
        party=OFFICE,
        consequence="Kantor terlambat memberi tahu pelapor; tenggat dicatat terlewat.",
        consequence_en="The office is late telling the reporter; the clock is recorded as missed.",
        extendable=False,
        extendable_basis=_office_duty("UU 37/2008 Ps.27(1)")[0],
        extendable_basis_en=_office_duty("UU 37/2008 Ps.27(1)")[1],
    ),
    rule(
        code="pemberitahuan-penolakan",
        rule_set=OMB,
        name="Pemberitahuan penolakan kepada pelapor dan terlapor",
        name_en="Tell reporter and reported party of the rejection",
        days=14,
        basis=CAL,
        legal_source="UU 37/2008 Ps.36(2)",
        start_event=SIGNING,
        start_text=(
            "“dalam waktu paling lambat 14 (empat belas) hari terhitung sejak tanggal hasil "
            f"pemeriksaan ditandatangani oleh Ketua Ombudsman” (UU 37/2008 Ps.36(2); {UNVERIFIED})"
        ),
        party=OFFICE,
        consequence="Kantor terlambat memberi tahu pelapor dan terlapor; tenggat dicatat terlewat.",
        consequence_en=(
            "The office is late telling the reporter and the reported party; the clock is "
            "recorded as missed."
        ),
        extendable=False,
        extendable_basis=_office_duty("UU 37/2008 Ps.36(2)")[0],
        extendable_basis_en=_office_duty("UU 37/2008 Ps.36(2)")[1],
    ),
    rule(
        code="klarifikasi-pertama",
        rule_set=OMB,
        name="Jawaban atas permintaan klarifikasi pertama",
        name_en="Answer to the first clarification request",
        days=14,
        basis=CAL,
        legal_source="UU 37/2008 Ps.33",
        start_event=RECEIPT,
        start_text=(
            "Aduan membaca Ps.33 sebagai 14 hari sejak terlapor menerima permintaan klarifikasi "
            "(bunyi pasal tidak dapat diverifikasi di Aduan; keputusan 0018)."
        ),
        party=TERLAPOR,
        consequence="Permintaan klarifikasi kedua, dengan 14 hari lagi.",
        consequence_en="A second clarification request, with 14 more days.",
        extendable=False,
        extendable_basis=(
            "UU 37/2008 Ps.33: jawaban atas diam adalah permintaan klarifikasi kedua, bukan "
            "perpanjangan."
        ),
        extendable_basis_en=(
            "UU 37/2008 Ps.33 answers silence with a second request, not with more time: send a "
            "second request."
        ),
    ),
    rule(
        code="klarifikasi-kedua",
        rule_set=OMB,
        name="Jawaban atas permintaan klarifikasi kedua",
        name_en="Answer to the second clarification request",
        days=14,
        basis=CAL,
        legal_source="UU 37/2008 Ps.33",
        start_event=RECEIPT,
        start_text=(
            "Aduan membaca Ps.33 sebagai 14 hari sejak terlapor menerima permintaan klarifikasi "
            "kedua (bunyi pasal tidak dapat diverifikasi di Aduan; keputusan 0018)."
        ),
        party=TERLAPOR,
        consequence=(
            "Terlapor dianggap tidak menggunakan haknya untuk menjawab; pemeriksaan dilanjutkan."
        ),
        consequence_en=(
            "The reported party is deemed to have waived its right to answer; the examination "
            "goes on."
        ),
        extendable=False,
        extendable_basis=(
            "UU 37/2008 Ps.33: setelah permintaan kedua, terlapor dianggap tidak menggunakan "
            "haknya; tidak ada perpanjangan."
        ),
        extendable_basis_en=(
            "UU 37/2008 Ps.33 ends the right to answer after the second request: record the waiver."
        ),
    ),
    # The reporter's response to the draft result: PO 48/2020 Ps.25(5b) until PO 58/2023
    # replaced it; a clock started before keeps the old citation.
    rule(
        code="tanggapan-lahp",
        rule_set=OMB,
        name="Tanggapan pelapor atas rancangan LAHP",
        name_en="Reporter's response to the draft LAHP",
        days=14,
        basis=CAL,
        legal_source="Peraturan Ombudsman 48/2020 Ps.25",
        start_event=RECEIPT,
        start_text=(
            "“paling lambat 14 (empat belas) hari terhitung sejak Pelapor menerima "
            "pemberitahuan” (Peraturan Ombudsman 48/2020 Ps.25(5b))"
        ),
        party=REPORTER,
        consequence="Ombudsman melanjutkan dengan menyusun LAHP (PO 48/2020 Ps.25(5b)).",
        consequence_en="The Ombudsman goes on to issue the LAHP (PO 48/2020 Ps.25(5b)).",
        extendable=False,
        extendable_basis=(
            "Peraturan Ombudsman menetapkan jangka waktu pelapor; kantor tidak memperpanjangnya."
        ),
        extendable_basis_en=(
            "The regulation sets the reporter's period; the office does not extend it."
        ),
    ),
    rule(
        code="tanggapan-lahp",
        rule_set=OMB,
        name="Tanggapan pelapor atas rancangan LAHP",
        name_en="Reporter's response to the draft LAHP",
        days=14,
        basis=CAL,
        legal_source="Peraturan Ombudsman 58/2023",
        start_event=RECEIPT,
        start_text=(
            "14 hari sejak pelapor menerima pemberitahuan, seperti PO 48/2020 Ps.25(5b) yang "
            "digantikan Peraturan Ombudsman 58/2023 (pasalnya belum diverifikasi di Aduan)."
        ),
        party=REPORTER,
        consequence="Ombudsman melanjutkan dengan menyusun LAHP.",
        consequence_en="The Ombudsman goes on to issue the LAHP.",
        extendable=False,
        extendable_basis=(
            "Peraturan Ombudsman 58/2023 menetapkan jangka waktu pelapor; kantor tidak "
            "memperpanjangnya."
        ),
        extendable_basis_en=(
            "Peraturan Ombudsman 58/2023 sets the reporter's period; the office does not extend it."
        ),
        effective_from=PO58,
    ),
    rule(
        code="monitoring-tindakan-korektif",
        rule_set=OMB,
        name="Pelaksanaan tindakan korektif",
        name_en="Carrying out corrective action",
        days=30,
        basis=WORK,
        legal_source="Peraturan Ombudsman 58/2023 Ps.54",
        start_event=RECEIPT,
        start_text=(
            "“dalam waktu 30 (tiga puluh) hari kerja terhitung sejak diterimanya LHP oleh "
            "Terlapor” (Peraturan Ombudsman 58/2023 Ps.54(1))"
        ),
        party=TERLAPOR,
        consequence="Dilanjutkan ke tahap Resolusi dan Monitoring (PO 58/2023 Ps.54(1)).",
        consequence_en=(
            "The case goes on to the Resolution and Monitoring stage (PO 58/2023 Ps.54(1))."
        ),
        extendable=False,
        extendable_basis=(
            "Peraturan Ombudsman 58/2023 Ps.54(1): jika tidak ditindaklanjuti, tahap Resolusi "
            "dan Monitoring, bukan perpanjangan."
        ),
        extendable_basis_en=(
            "Peraturan Ombudsman 58/2023 Ps.54(1) answers no follow-up with the Resolution and "
            "Monitoring stage, not with more time."
        ),
        effective_from=PO58,
    ),
    rule(
        code="penyampaian-rekomendasi",
        rule_set=OMB,
        name="Penyampaian rekomendasi",
        name_en="Sending the recommendation",
        days=14,
        basis=CAL,
        legal_source="UU 37/2008 Ps.37(3)",
        start_event=SIGNING,
        start_text=(
            "“dalam waktu paling lambat 14 (empat belas) hari terhitung sejak tanggal Rekomendasi "
            f"ditandatangani oleh Ketua Ombudsman” (UU 37/2008 Ps.37(3); {UNVERIFIED})"
        ),
        party=OFFICE,
        consequence="Kantor terlambat menyampaikan rekomendasi; tenggat dicatat terlewat.",
        consequence_en=(
            "The office is late sending the recommendation; the clock is recorded as missed."
        ),
        extendable=False,
        extendable_basis=_office_duty("UU 37/2008 Ps.37(3)")[0],
        extendable_basis_en=_office_duty("UU 37/2008 Ps.37(3)")[1],
    ),
    rule(
        code="pelaksanaan-rekomendasi",
        rule_set=OMB,
        name="Laporan pelaksanaan rekomendasi oleh atasan terlapor",
        name_en="Superior reports implementation of the recommendation",
        days=60,
        basis=CAL,
        legal_source="UU 37/2008 Ps.38(2)",
        start_event=RECEIPT,
        start_text=(
            "“paling lambat 60 (enam puluh) hari terhitung sejak tanggal diterimanya "
            "Rekomendasi” (UU 37/2008 Ps.38(2), dikutip dari sumber sekunder)"
        ),
        party=SUPERIOR,
        consequence=(
            "Ombudsman dapat mempublikasikan atasan terlapor dan melapor kepada DPR dan Presiden "
            "(Ps.38(4)); sanksi administratif (Ps.39)."
        ),
        consequence_en=(
            "The Ombudsman may publish the superior and report to the DPR and the President "
            "(Ps.38(4)); administrative sanctions (Ps.39)."
        ),
        extendable=False,
        extendable_basis=(
            "UU 37/2008 Ps.38(2): jawaban undang-undang atas diam adalah eskalasi (Ps.38(4)), "
            "bukan perpanjangan."
        ),
        extendable_basis_en=(
            "UU 37/2008 Ps.38(2): the law answers silence with escalation (Ps.38(4)), not with "
            "more time: publish and report to the DPR and the President."
        ),
    ),
    rule(
        code="rco-penanganan",
        rule_set=OMB,
        name="Penanganan Respons Cepat Ombudsman",
        name_en="Handling a rapid-response case",
        days=5,
        basis=WORK,
        legal_source="Kebijakan kantor (dapat diubah administrator)",
        start_event=RECEIVED,
        start_text="Praktik kantor: sejak laporan RCO diterima.",
        party=OFFICE,
        consequence="Kasus ditandai terlambat pada pekerjaan pemegangnya.",
        consequence_en="The case is marked late in its holder's work.",
        extendable=True,
        extendable_basis=OFFICE_PRACTICE_BASIS,
        extendable_basis_en=OFFICE_PRACTICE_BASIS_EN,
    ),
]


# The complaint unit's own periods under SP4N-LAPOR! are service targets of the unit: the unit
# may extend them, with a reason (the statutory periods of UU 25/2009 beside them may not be).
SP4N_TARGET = {
    "extendable": True,
    "extendable_basis": (
        "Target layanan unit pengaduan menurut SP4N-LAPOR! (PermenPANRB 62/2018); unit dapat "
        "memperpanjangnya dengan alasan."
    ),
    "extendable_basis_en": (
        "A service target of the complaint unit under SP4N-LAPOR! (PermenPANRB 62/2018); the "
        "unit may extend it, with a reason."
    ),
}


def _sp4n(code: str, name: str, name_en: str, days: int, **fields: Any) -> dict[str, Any]:
    base = {
        "code": code,
        "rule_set": SP4N,
        "name": name,
        "name_en": name_en,
        "days": days,
        "basis": WORK,
        "legal_source": SP4N_SOURCE,
        "extendable": False,
        "extendable_basis": (
            "Jangka waktu pelapor menurut SP4N-LAPOR! (PermenPANRB 62/2018); unit pengaduan tidak "
            "memperpanjangnya."
        ),
        "extendable_basis_en": (
            "The reporter's period under SP4N-LAPOR! (PermenPANRB 62/2018); the complaint unit "
            "does not extend it."
        ),
    }
    base.update(fields)
    return rule(**base)


RULES += [
    _sp4n(
        "sp4n-verifikasi",
        "Verifikasi dan penerusan laporan",
        "Verify and forward the report",
        3,
        start_event=RECEIVED,
        start_text="Sejak laporan diterima (SP4N-LAPOR!, sebagaimana dibaca Aduan).",
        party=PROVIDER,
        consequence="Laporan terlambat diverifikasi dan diteruskan.",
        consequence_en="The report is late being verified and forwarded.",
        **SP4N_TARGET,
    ),
    _sp4n(
        "sp4n-permintaan-informasi",
        "Tindak lanjut permintaan informasi",
        "Follow-up of an information request",
        5,
        start_event=STEP,
        start_text="Sejak laporan diteruskan ke unit yang menindaklanjuti (SP4N-LAPOR!).",
        party=PROVIDER,
        consequence="Tindak lanjut terlambat; tenggat dicatat terlewat.",
        consequence_en="The follow-up is late; the clock is recorded as missed.",
        **SP4N_TARGET,
    ),
    _sp4n(
        "sp4n-pengaduan",
        "Tindak lanjut pengaduan tanpa substansi pengawasan",
        "Follow-up of a complaint without supervisory content",
        14,
        start_event=STEP,
        start_text="Sejak laporan diteruskan ke unit yang menindaklanjuti (SP4N-LAPOR!).",
        party=PROVIDER,
        consequence="Tindak lanjut terlambat; tenggat dicatat terlewat.",
        consequence_en="The follow-up is late; the clock is recorded as missed.",
        **SP4N_TARGET,
    ),
    _sp4n(
        "sp4n-pengaduan-pemeriksaan",
        "Tindak lanjut pengaduan yang memerlukan pemeriksaan",
        "Follow-up of a complaint needing inspection",
        60,
        start_event=STEP,
        start_text="Sejak laporan diteruskan ke unit yang menindaklanjuti (SP4N-LAPOR!).",
        party=PROVIDER,
        consequence="Tindak lanjut terlambat; tenggat dicatat terlewat.",
        consequence_en="The follow-up is late; the clock is recorded as missed.",
        **SP4N_TARGET,
    ),
    _sp4n(
        "sp4n-konfirmasi-pelapor",
        "Tanggapan pelapor atas tindak lanjut",
        "Reporter's reply to the follow-up",
        10,
        start_event=SENDING,
        start_text="Sejak tindak lanjut disampaikan kepada pelapor (SP4N-LAPOR!).",
        party=REPORTER,
        consequence="Laporan ditutup.",
        consequence_en="The report is closed.",
    ),
]


def load_rule_rows(apps: Any, rows: list[dict[str, Any]]) -> int:
    """Create the rule versions that are missing; never change an existing row (an
    administrator's change is kept). Works with the historical model of any migration: fields
    the model does not have yet are left out, and before rules had versions (no
    ``effective_from``) only the first version of each code is created. Returns how many."""
    model = apps.get_model("deadlines", "DeadlineRule")
    fields = {f.name for f in model._meta.get_fields()}
    versioned = "effective_from" in fields
    created = 0
    for row in rows:
        data = {k: v for k, v in row.items() if k in fields}
        lookup = {"code": data.pop("code")}
        if versioned:
            lookup["effective_from"] = data.pop("effective_from")
        elif model.objects.filter(**lookup).exists():
            continue
        _, was_created = model.objects.get_or_create(**lookup, defaults=data)
        created += int(was_created)
    return created


def fill_rule_rows(apps: Any, rows: list[dict[str, Any]]) -> int:
    """Fill the start, party, consequence and extendability of rule rows that predate those
    fields (their start text is still empty), matched by code and, for a code with versions,
    the version: the row that existed is the first one. Days, basis, source and names are left
    as they are (an administrator may have changed them). Returns how many rows were filled."""
    model = apps.get_model("deadlines", "DeadlineRule")
    fields = {f.name for f in model._meta.get_fields()}
    new_fields = [
        "start_event",
        "start_text",
        "party",
        "consequence",
        "consequence_en",
        "extendable",
        "extendable_basis",
        "extendable_basis_en",
        "effective_from",
    ]
    filled = 0
    seen: set[str] = set()
    for row in rows:
        if row["code"] in seen:
            continue  # a later version: load_rule_rows creates it
        seen.add(row["code"])
        updates = {k: row[k] for k in new_fields if k in row and k in fields}
        filled += model.objects.filter(code=row["code"], start_text="").update(**updates)
    return filled


def all_rule_rows() -> list[dict[str, Any]]:
    """Every seeded rule of every app (the referral, suggestion and personal-data clocks too)."""
    from aduan.deadlines.seed_delivery import EXTRA_RULES as DELIVERY_RULES
    from aduan.deadlines.seed_kinds import EXTRA_RULES as KIND_RULES
    from aduan.deadlines.seed_moves import EXTRA_RULES as MOVE_RULES
    from aduan.prevention.seed import RULE as SUGGESTION_RULE
    from aduan.privacy.seed import RULES as PRIVACY_RULES
    from aduan.referrals.seed import RULE as REFERRAL_RULE

    return [
        *RULES,
        *MOVE_RULES,
        *KIND_RULES,
        *DELIVERY_RULES,
        REFERRAL_RULE,
        SUGGESTION_RULE,
        *PRIVACY_RULES,
    ]


def load_rules(apps: Any = None) -> int:
    """Create missing rule versions of this app (never overwrites an administrator's change)."""
    if apps is None:
        from django.apps import apps as live_apps

        apps = live_apps
    return load_rule_rows(apps, RULES)
