"""The 14 components of a service standard (UU 25/2009 Ps.21), the reference list used by the
service-standard mapping (``aduan.prevention``) and by the 2013–2021 compliance instrument
(``aduan.compliance``). Codes are stable; names are in Bahasa Indonesia as the law writes them."""

from __future__ import annotations

LEGAL_SOURCE = "UU 25/2009 Ps.21"

# (code, name in Bahasa Indonesia, name in English)
COMPONENTS: list[tuple[str, str, str]] = [
    ("dasar-hukum", "Dasar hukum", "Legal basis"),
    ("persyaratan", "Persyaratan", "Requirements"),
    (
        "sistem-mekanisme-prosedur",
        "Sistem, mekanisme, dan prosedur",
        "System, mechanism, procedure",
    ),
    ("jangka-waktu", "Jangka waktu penyelesaian", "Time to complete"),
    ("biaya-tarif", "Biaya/tarif", "Fees"),
    ("produk-pelayanan", "Produk pelayanan", "Service product"),
    ("sarana-prasarana", "Sarana, prasarana, dan/atau fasilitas", "Facilities"),
    ("kompetensi-pelaksana", "Kompetensi pelaksana", "Staff competence"),
    ("pengawasan-internal", "Pengawasan internal", "Internal supervision"),
    ("penanganan-pengaduan", "Penanganan pengaduan, saran, dan masukan", "Complaint handling"),
    ("jumlah-pelaksana", "Jumlah pelaksana", "Number of staff"),
    ("jaminan-pelayanan", "Jaminan pelayanan", "Service guarantee"),
    (
        "jaminan-keamanan-keselamatan",
        "Jaminan keamanan dan keselamatan pelayanan",
        "Security and safety guarantee",
    ),
    ("evaluasi-kinerja", "Evaluasi kinerja pelaksana", "Staff performance evaluation"),
]
