"""The reference lists Aduan starts with (DOMAIN.md §2–§5).

Loaded by a data migration, so they are present right after ``aduan migrate``; loading again
adds what is missing and never overwrites what an administrator changed.
"""

from __future__ import annotations

from typing import Any

UU37 = "UU 37/2008"

# model name -> rows: (code, Bahasa Indonesia, English, extra fields)
SEED: dict[str, list[tuple[str, str, str, dict[str, Any]]]] = {
    "IntakeType": [
        (
            "lm",
            "Laporan Masyarakat (LM)",
            "Public report (LM)",
            {"legal_basis": f"{UU37} Ps.23–24"},
        ),
        (
            "rco",
            "Respons Cepat Ombudsman (RCO)",
            "Ombudsman rapid response (RCO)",
            {"description": "Ancaman terhadap nyawa, hak atas pendidikan atau penghidupan."},
        ),
        (
            "iaps",
            "Investigasi Atas Prakarsa Sendiri (IAPS)",
            "Own-initiative investigation (IAPS)",
            {"legal_basis": f"{UU37} Ps.7 huruf d; Peraturan Ombudsman 38/2019"},
        ),
        ("knl", "Konsultasi Non-Laporan (KNL)", "Consultation (KNL)", {"counts_as_report": False}),
        (
            "tembusan",
            "Tembusan",
            "Copy of a complaint to another body",
            {"counts_as_report": False},
        ),
    ],
    "Channel": [
        ("datang-langsung", "Datang langsung", "Walk-in", {}),
        ("surat", "Surat", "Letter", {}),
        ("email", "Email", "E-mail", {}),
        ("telepon", "Telepon (137)", "Telephone (137)", {}),
        ("sms", "SMS", "SMS", {}),
        ("whatsapp", "WhatsApp", "WhatsApp", {}),
        ("web", "Formulir web", "Web form", {}),
        ("media-sosial", "Media sosial", "Social media", {}),
        ("kotak-pengaduan", "Kotak pengaduan", "Complaint box", {}),
        ("on-the-spot", "On The Spot", "On The Spot", {}),
        ("posko", "Posko pengaduan", "Temporary complaint desk (posko)", {}),
        ("nampel", "Nampung Pengaduan dan Laporan (Nampel)", "Nampel collection event", {}),
        ("limpahan", "Limpahan dari instansi lain", "Referral from another body", {}),
        ("api", "API", "API", {}),
        ("prakarsa-sendiri", "Prakarsa sendiri (IAPS)", "Own initiative (IAPS)", {}),
    ],
    "Substance": [
        ("agraria", "Agraria/Pertanahan", "Land and agrarian affairs", {}),
        ("kepegawaian", "Kepegawaian", "Civil service", {}),
        ("hak-sipil-politik", "Hak Sipil dan Politik", "Civil and political rights", {}),
        ("kepolisian", "Kepolisian", "Police", {}),
        (
            "perhubungan-infrastruktur",
            "Perhubungan dan Infrastruktur",
            "Transport and infrastructure",
            {},
        ),
        ("adminduk", "Administrasi Kependudukan", "Population administration", {}),
        ("desa", "Desa", "Villages", {}),
        ("perizinan", "Perizinan", "Licensing", {}),
        ("pendidikan", "Pendidikan", "Education", {}),
        ("kesehatan", "Kesehatan", "Health", {}),
        ("ketenagakerjaan", "Ketenagakerjaan", "Employment", {}),
        ("air-minum", "Air Minum", "Drinking water", {}),
        ("lingkungan-hidup", "Lingkungan Hidup", "Environment", {}),
        ("energi-kelistrikan", "Energi dan Kelistrikan", "Energy and electricity", {}),
        ("perbankan", "Perbankan", "Banking", {}),
        ("kesejahteraan-sosial", "Kesejahteraan Sosial", "Social welfare", {}),
        ("perpajakan", "Perpajakan", "Taxation", {}),
        ("lain-lain", "Lain-lain", "Other", {}),
    ],
    "MaladministrationForm": [
        ("penundaan-berlarut", "Penundaan berlarut", "Undue delay", {}),
        ("tidak-memberikan-pelayanan", "Tidak memberikan pelayanan", "Failure to serve", {}),
        ("tidak-kompeten", "Tidak kompeten", "Incompetence", {}),
        ("penyalahgunaan-wewenang", "Penyalahgunaan wewenang", "Abuse of authority", {}),
        ("penyimpangan-prosedur", "Penyimpangan prosedur", "Procedural deviation", {}),
        (
            "permintaan-imbalan",
            "Permintaan imbalan uang/barang/jasa",
            "Soliciting payment, goods or services",
            {},
        ),
        ("tidak-patut", "Tidak patut", "Improper conduct", {}),
        ("berpihak", "Berpihak", "Partiality", {}),
        ("diskriminasi", "Diskriminasi", "Discrimination", {}),
        ("konflik-kepentingan", "Konflik kepentingan", "Conflict of interest", {}),
        (
            "kelalaian-kewajiban-hukum",
            "Kelalaian atau pengabaian kewajiban hukum",
            "Neglect of a legal duty",
            {"valid_from_year": 2025},
        ),
        ("lain-lain", "Lain-lain", "Other", {}),
    ],
    "AgencyGroup": [
        ("pemerintah-daerah", "Pemerintah daerah", "Regional government", {}),
        (
            "kementerian-lembaga",
            "Kementerian/instansi pemerintah",
            "Ministries and government agencies",
            {},
        ),
        ("kepolisian", "Kepolisian", "Police", {}),
        ("bpn", "Badan Pertanahan Nasional (BPN)", "National Land Agency (BPN)", {}),
        ("pendidikan-negeri", "Lembaga pendidikan negeri", "Public education institutions", {}),
        ("bumn-bumd", "BUMN/BUMD", "State- and region-owned enterprises", {}),
        ("peradilan", "Lembaga peradilan", "Courts", {}),
        ("kesehatan", "Rumah sakit/lembaga kesehatan", "Hospitals and health bodies", {}),
        ("lainnya", "Lainnya", "Others", {}),
    ],
    "ClosureMode": [
        (
            "klarifikasi-lisan",
            "Selesai dengan klarifikasi lisan",
            "Resolved by oral clarification",
            {},
        ),
        (
            "klarifikasi-tertulis",
            "Selesai dengan klarifikasi tertulis",
            "Resolved by written clarification",
            {},
        ),
        (
            "investigasi-lapangan",
            "Selesai dengan investigasi lapangan",
            "Resolved by field investigation",
            {},
        ),
        (
            "mediasi-konsiliasi",
            "Selesai dengan mediasi/konsiliasi",
            "Resolved by mediation or conciliation",
            {},
        ),
        (
            "rekomendasi",
            "Selesai dengan rekomendasi",
            "Closed after a recommendation",
            {"legal_basis": f"{UU37} Ps.37–38"},
        ),
        ("dicabut", "Dicabut atas permintaan pelapor", "Withdrawn at the reporter's request", {}),
        (
            "bukan-kewenangan",
            "Bukan kewenangan Ombudsman",
            "Not within the Ombudsman's authority",
            {"legal_basis": f"{UU37} Ps.26–27"},
        ),
        (
            "data-tidak-lengkap",
            "Data tidak lengkap",
            "Incomplete data",
            {"legal_basis": f"{UU37} Ps.25"},
        ),
        ("saran-diberikan", "Pemberian saran/konsultasi", "Advice given", {}),
        (
            "tidak-ditemukan-maladministrasi",
            "Tidak ditemukan maladministrasi",
            "No maladministration found",
            {},
        ),
        ("ditolak", "Ditolak", "Rejected", {"legal_basis": f"{UU37} Ps.36"}),
    ],
    "ClosureReason": [
        (
            "tindakan-korektif-dilaksanakan",
            "Tindakan korektif telah dilaksanakan",
            "Corrective action carried out",
            {},
        ),
        (
            "hak-pelapor-dipulihkan",
            "Hak pelapor telah dipulihkan",
            "The reporter's right restored",
            {},
        ),
        (
            "rekomendasi-dilaksanakan",
            "Rekomendasi telah dilaksanakan",
            "Recommendation implemented",
            {"legal_basis": f"{UU37} Ps.38"},
        ),
        (
            "rekomendasi-tidak-dilaksanakan",
            "Rekomendasi tidak dilaksanakan",
            "Recommendation not implemented",
            {"legal_basis": f"{UU37} Ps.38(4)"},
        ),
        (
            "tidak-ditemukan-maladministrasi",
            "Tidak ditemukan maladministrasi",
            "No maladministration found",
            {},
        ),
        ("pemeriksaan-dihentikan", "Pemeriksaan dihentikan", "Examination stopped", {}),
        ("dicabut-pelapor", "Dicabut oleh pelapor", "Withdrawn by the reporter", {}),
        (
            "dianggap-dicabut",
            "Dianggap dicabut (tidak dilengkapi dalam 30 hari)",
            "Deemed withdrawn (not completed within 30 days)",
            {"legal_basis": f"{UU37} Ps.25"},
        ),
        (
            "bukan-kewenangan",
            "Bukan kewenangan Ombudsman",
            "Not within authority",
            {"legal_basis": f"{UU37} Ps.26–27"},
        ),
        ("ditolak", "Laporan ditolak", "Report rejected", {"legal_basis": f"{UU37} Ps.36"}),
        ("saran-diberikan", "Saran/konsultasi diberikan", "Advice given", {}),
        (
            "sp4n-tanpa-tanggapan",
            "Pelapor tidak menanggapi tindak lanjut dalam 10 hari kerja",
            "The reporter did not reply to the follow-up within 10 working days",
            {"legal_basis": "Perpres 76/2013; PermenPANRB 62/2018", "order": 1000},
        ),
    ],
    "RejectionReason": [
        (
            "a-belum-disampaikan",
            "Pelapor belum pernah menyampaikan keberatan kepada terlapor",
            "Never raised with the reported party",
            {"legal_basis": f"{UU37} Ps.36(1) huruf a"},
        ),
        (
            "b-proses-peradilan",
            "Substansi sedang dalam pemeriksaan pengadilan",
            "Before a court",
            {"legal_basis": f"{UU37} Ps.36(1) huruf b"},
        ),
        (
            "c-dalam-proses-instansi",
            "Laporan sedang dalam proses penyelesaian oleh instansi",
            "The agency is still handling it within a reasonable time",
            {"legal_basis": f"{UU37} Ps.36(1) huruf c"},
        ),
        (
            "d-sudah-diselesaikan",
            "Pelapor telah memperoleh penyelesaian dari instansi",
            "Already resolved by the agency",
            {"legal_basis": f"{UU37} Ps.36(1) huruf d"},
        ),
        (
            "e-bukan-kewenangan",
            "Yang dilaporkan bukan wewenang Ombudsman",
            "Outside the Ombudsman's authority",
            {"legal_basis": f"{UU37} Ps.36(1) huruf e"},
        ),
        (
            "f-sudah-mediasi",
            "Telah diselesaikan dengan mediasi/konsiliasi Ombudsman",
            "Already settled by Ombudsman mediation or conciliation",
            {"legal_basis": f"{UU37} Ps.36(1) huruf f"},
        ),
        (
            "g-tidak-ditemukan-maladministrasi",
            "Tidak ditemukan terjadinya maladministrasi",
            "No maladministration found",
            {"legal_basis": f"{UU37} Ps.36(1) huruf g"},
        ),
    ],
}


def load_reference(apps: Any = None) -> dict[str, int]:
    """Create every missing seed row; returns how many were created per list.

    ``apps`` is the migration app registry when called from a migration, else the live one.
    """
    if apps is None:
        from django.apps import apps as live_apps

        apps = live_apps
    created: dict[str, int] = {}
    for model_name, rows in SEED.items():
        model = apps.get_model("reference", model_name)
        created[model_name] = 0
        for order, (code, name, name_en, extra) in enumerate(rows, start=1):
            _, was_created = model.objects.get_or_create(
                code=code, defaults={"name": name, "name_en": name_en, "order": order * 10, **extra}
            )
            created[model_name] += int(was_created)
    return created
