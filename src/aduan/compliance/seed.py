"""The two built-in instruments, as data (loaded by migration 0002; see
docs/decisions/0010-compliance-instruments.md for where the numbers come from).

Indicator texts are in Bahasa Indonesia, as the instruments are written; administrators add new
versions in the admin. A version once used is frozen and never changed here either: a change to
these lists needs a new version with a new number.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from aduan.prevention.standards import COMPONENTS, LEGAL_SOURCE

YES_NO, SCALE = "yes_no", "scale"

# 2013–2021: is each of the 14 service-standard components published, and are the visible items
# there? Every indicator counts the same (dimension weight = number of indicators).
VISIBLE_ITEMS = [
    ("maklumat-pelayanan", "Maklumat pelayanan dipajang"),
    ("sistem-informasi", "Sistem informasi pelayanan publik tersedia"),
    ("sarana-pengaduan", "Sarana pengaduan (kotak, petugas, nomor atau aplikasi) tersedia"),
    ("layanan-disabilitas", "Sarana dan layanan khusus bagi pengguna berkebutuhan khusus"),
    ("ruang-tunggu", "Ruang tunggu yang layak"),
    ("toilet", "Toilet bagi pengguna layanan"),
    ("tanda-pengenal", "Petugas memakai tanda pengenal"),
    ("alur-pelayanan", "Loket dan alur pelayanan ditampilkan"),
]
STANDARD_2013 = {
    "code": "standar-pelayanan",
    "version": 1,
    "name": "Penilaian Kepatuhan Standar Pelayanan Publik",
    "legal_source": f"{LEGAL_SOURCE}; UU 37/2008",
    "first_year": 2013,
    "last_year": 2021,
    "description": (
        "Pemenuhan 14 komponen standar pelayanan (UU 25/2009 Ps.21) per produk layanan dan "
        "atribut yang tampak, seperti maklumat pelayanan. Zona: hijau 81,00–100; kuning "
        "51,00–80,99; merah 0–50,99."
    ),
    "dimensions": [
        (
            "komponen-standar",
            "Komponen standar pelayanan (UU 25/2009 Ps.21)",
            Decimal(len(COMPONENTS)),
            [
                (code, f"{name} dipublikasikan", YES_NO, 1, Decimal(1), False)
                for code, name, _english in COMPONENTS
            ],
        ),
        (
            "atribut-tampak",
            "Atribut pelayanan yang tampak",
            Decimal(len(VISIBLE_ITEMS)),
            [
                (code, text, YES_NO, 1, Decimal(1), code == "maklumat-pelayanan")
                for code, text in VISIBLE_ITEMS
            ],
        ),
    ],
    "bands": [
        ("hijau", "Zona hijau (kepatuhan tinggi)", "81.00", "100.00", "hijau"),
        ("kuning", "Zona kuning (kepatuhan sedang)", "51.00", "80.99", "kuning"),
        ("merah", "Zona merah (kepatuhan rendah)", "0.00", "50.99", "merah"),
    ],
}

# 2022–2024: four dimensions with categories A–E. Weights and bands chosen by this project
# (ADR 0010), keeping the zone edges of the earlier instrument: A, B green; C yellow; D, E red.
DIMENSIONS_2022 = {
    "code": "kepatuhan-4-dimensi",
    "version": 1,
    "name": "Penilaian Kepatuhan Penyelenggaraan Pelayanan Publik (4 dimensi)",
    "legal_source": "UU 25/2009; UU 37/2008",
    "first_year": 2022,
    "last_year": 2024,
    "description": (
        "Empat dimensi: input, proses, output, dan pengelolaan pengaduan. Kategori A–E: A dan B "
        "zona hijau, C zona kuning, D dan E zona merah. Sejak 2023 kepatuhan atas tindakan "
        "korektif dan rekomendasi Ombudsman ikut dinilai."
    ),
    "dimensions": [
        (
            "input",
            "Input",
            Decimal(30),
            [
                ("kompetensi-pelaksana", "Kompetensi pelaksana", SCALE, 4, Decimal(2), False),
                ("sarana-prasarana", "Sarana dan prasarana pelayanan", SCALE, 4, Decimal(2), False),
                (
                    "standar-pelayanan",
                    "Standar pelayanan ditetapkan dan dipublikasikan",
                    YES_NO,
                    1,
                    Decimal(2),
                    True,
                ),
                ("maklumat-pelayanan", "Maklumat pelayanan dipajang", YES_NO, 1, Decimal(1), True),
                (
                    "pelayanan-khusus",
                    "Pelayanan khusus bagi kelompok rentan",
                    SCALE,
                    4,
                    Decimal(1),
                    False,
                ),
            ],
        ),
        (
            "proses",
            "Proses",
            Decimal(30),
            [
                ("ketepatan-waktu", "Pelayanan selesai tepat waktu", SCALE, 4, Decimal(2), False),
                (
                    "kepastian-biaya",
                    "Tidak ada pungutan di luar tarif resmi",
                    YES_NO,
                    1,
                    Decimal(2),
                    False,
                ),
                (
                    "kepatuhan-prosedur",
                    "Prosedur dijalankan sesuai standar",
                    SCALE,
                    4,
                    Decimal(1),
                    False,
                ),
                ("perilaku-pelaksana", "Perilaku pelaksana", SCALE, 4, Decimal(1), False),
            ],
        ),
        (
            "output",
            "Output",
            Decimal(25),
            [
                ("produk-sesuai", "Produk layanan sesuai standar", SCALE, 4, Decimal(1), False),
                (
                    "kepuasan-pengguna",
                    "Persepsi dan kepuasan pengguna",
                    SCALE,
                    4,
                    Decimal(1),
                    False,
                ),
            ],
        ),
        (
            "pengaduan",
            "Pengelolaan pengaduan",
            Decimal(15),
            [
                ("sarana-pengaduan", "Sarana pengaduan tersedia", YES_NO, 1, Decimal(1), False),
                ("tindak-lanjut", "Pengaduan ditindaklanjuti", SCALE, 4, Decimal(1), False),
                (
                    "kepatuhan-ombudsman",
                    "Tindakan korektif dan rekomendasi Ombudsman dilaksanakan",
                    SCALE,
                    4,
                    Decimal(1),
                    False,
                ),
            ],
        ),
    ],
    "bands": [
        ("A", "Kategori A (sangat patuh)", "91.00", "100.00", "hijau"),
        ("B", "Kategori B (patuh)", "81.00", "90.99", "hijau"),
        ("C", "Kategori C (cukup patuh)", "51.00", "80.99", "kuning"),
        ("D", "Kategori D (kurang patuh)", "31.00", "50.99", "merah"),
        ("E", "Kategori E (tidak patuh)", "0.00", "30.99", "merah"),
    ],
}

BUILT_IN = [STANDARD_2013, DIMENSIONS_2022]

# Indicators of the built-in versions that may be answered "not applicable" (tidak relevan),
# set by migration 0004 (the creation above predates the flag): the fee component where the
# service is free, and a waiting room and a toilet where the service has no counter to wait at
# (online or mobile services). Allowing it changes no stored result: nothing is recomputed.
NOT_APPLICABLE_ALLOWED: dict[tuple[str, int], list[tuple[str, str]]] = {
    ("standar-pelayanan", 1): [
        ("komponen-standar", "biaya-tarif"),
        ("atribut-tampak", "ruang-tunggu"),
        ("atribut-tampak", "toilet"),
    ],
}


def allow_not_applicable(indicator_model: Any, *, allowed: bool = True) -> int:
    """Set ``allows_not_applicable`` on the indicators of ``NOT_APPLICABLE_ALLOWED``; return how
    many were changed. A queryset update: a frozen version only gains the option."""
    changed = 0
    for (code, version), indicators in NOT_APPLICABLE_ALLOWED.items():
        for dimension, indicator in indicators:
            changed += indicator_model.objects.filter(
                dimension__instrument__code=code,
                dimension__instrument__version=version,
                dimension__code=dimension,
                code=indicator,
            ).update(allows_not_applicable=allowed)
    return changed


def seed_instruments(
    instrument_model: Any, dimension_model: Any, indicator_model: Any, band_model: Any
) -> int:
    """Create the built-in instruments that are missing; return how many were created."""
    created = 0
    for spec in BUILT_IN:
        if instrument_model.objects.filter(code=spec["code"], version=spec["version"]).exists():
            continue
        instrument = instrument_model.objects.create(
            code=spec["code"],
            version=spec["version"],
            name=spec["name"],
            legal_source=spec["legal_source"],
            first_year=spec["first_year"],
            last_year=spec["last_year"],
            description=spec["description"],
        )
        for d_order, (code, name, weight, indicators) in enumerate(spec["dimensions"], start=1):
            dimension = dimension_model.objects.create(
                instrument=instrument, code=code, name=name, weight=weight, order=d_order
            )
            for i_order, (i_code, text, kind, top, i_weight, evidence) in enumerate(
                indicators, start=1
            ):
                indicator_model.objects.create(
                    dimension=dimension,
                    code=i_code,
                    text=text,
                    kind=kind,
                    max_points=top,
                    weight=i_weight,
                    evidence_required=evidence,
                    order=i_order,
                )
        for code, label, low, high, zone in spec["bands"]:
            band_model.objects.create(
                instrument=instrument,
                code=code,
                label=label,
                min_score=Decimal(low),
                max_score=Decimal(high),
                zone=zone,
            )
        created += 1
    return created
