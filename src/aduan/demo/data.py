"""The demo: Ombudsman RI's representative office in Kepulauan Bangka Belitung (code ``babel``).

Names of people are invented; agencies and places are real public bodies of the province.
"""

from __future__ import annotations

OFFICE_CODE = "babel"
PROVINCE = "19"  # Kepulauan Bangka Belitung

# username, first name, last name, role, unit code (None: office-wide), position
STAFF = [
    ("admin", "Rina", "Administrator", "administrator", None, "Administrator sistem"),
    ("kepala", "Yusuf", "Hidayat", "kepala_perwakilan", None, "Kepala Perwakilan"),
    ("pvl", "Dewi", "Lestari", "asisten", "pvl", "Asisten Penerimaan dan Verifikasi Laporan"),
    ("pemeriksa", "Andi", "Saputra", "asisten", "pemeriksaan", "Asisten Pemeriksaan Laporan"),
    (
        "kepala-pemeriksaan",
        "Sari",
        "Wulandari",
        "kepala_keasistenan",
        "pemeriksaan",
        "Kepala Keasistenan Pemeriksaan Laporan",
    ),
    ("resmon", "Budi", "Santoso", "asisten", "resmon", "Asisten Resolusi dan Monitoring"),
    ("pencegahan", "Maya", "Anggraini", "asisten", "pencegahan", "Asisten Pencegahan"),
]
# In the central office: an Ombudsman member.
CENTRAL_STAFF = [
    ("anggota", "Hendra", "Kusuma", "anggota", None, "Anggota Ombudsman RI"),
]

UNITS = [
    ("pvl", "pvl", "Keasistenan Penerimaan dan Verifikasi Laporan"),
    ("pemeriksaan", "pemeriksaan", "Keasistenan Pemeriksaan Laporan"),
    ("resmon", "resmon", "Keasistenan Resolusi dan Monitoring"),
    ("pencegahan", "pencegahan", "Keasistenan Pencegahan Maladministrasi"),
]

# A tree: (name, group code, level, region code, children)
AGENCIES: list[tuple] = [
    (
        "Pemerintah Provinsi Kepulauan Bangka Belitung",
        "pemerintah-daerah",
        "provinsi",
        "19",
        [
            (
                "Dinas Pendidikan Provinsi Kepulauan Bangka Belitung",
                "pemerintah-daerah",
                "provinsi",
                "19",
                [
                    (
                        "SMA Negeri 1 Pangkalpinang",
                        "pendidikan-negeri",
                        "kabupaten_kota",
                        "19.71",
                        [],
                    ),
                    (
                        "SMK Negeri 2 Pangkalpinang",
                        "pendidikan-negeri",
                        "kabupaten_kota",
                        "19.71",
                        [],
                    ),
                ],
            ),
            (
                "Dinas Kesehatan Provinsi Kepulauan Bangka Belitung",
                "pemerintah-daerah",
                "provinsi",
                "19",
                [
                    ("RSUD Dr. (H.C.) Ir. Soekarno", "kesehatan", "provinsi", "19.04", []),
                ],
            ),
            (
                "Badan Pendapatan Daerah Provinsi Kepulauan Bangka Belitung",
                "pemerintah-daerah",
                "provinsi",
                "19",
                [
                    (
                        "UPTD Samsat Pangkalpinang",
                        "pemerintah-daerah",
                        "kabupaten_kota",
                        "19.71",
                        [],
                    ),
                ],
            ),
        ],
    ),
    (
        "Pemerintah Kota Pangkalpinang",
        "pemerintah-daerah",
        "kabupaten_kota",
        "19.71",
        [
            (
                "Dinas Kependudukan dan Pencatatan Sipil Kota Pangkalpinang",
                "pemerintah-daerah",
                "kabupaten_kota",
                "19.71",
                [],
            ),
            (
                "Dinas Pendidikan Kota Pangkalpinang",
                "pemerintah-daerah",
                "kabupaten_kota",
                "19.71",
                [
                    (
                        "SMP Negeri 2 Pangkalpinang",
                        "pendidikan-negeri",
                        "kabupaten_kota",
                        "19.71",
                        [],
                    ),
                ],
            ),
            ("RSUD Depati Hamzah", "kesehatan", "kabupaten_kota", "19.71", []),
            (
                "Dinas Pekerjaan Umum dan Penataan Ruang Kota Pangkalpinang",
                "pemerintah-daerah",
                "kabupaten_kota",
                "19.71",
                [],
            ),
        ],
    ),
    (
        "Pemerintah Kabupaten Bangka",
        "pemerintah-daerah",
        "kabupaten_kota",
        "19.01",
        [
            (
                "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Bangka",
                "pemerintah-daerah",
                "kabupaten_kota",
                "19.01",
                [],
            ),
            ("RSUD Depati Bahrin", "kesehatan", "kabupaten_kota", "19.01", []),
            (
                "Dinas Penanaman Modal dan PTSP Kabupaten Bangka",
                "pemerintah-daerah",
                "kabupaten_kota",
                "19.01",
                [],
            ),
        ],
    ),
    (
        "Pemerintah Kabupaten Belitung",
        "pemerintah-daerah",
        "kabupaten_kota",
        "19.02",
        [
            ("RSUD dr. H. Marsidi Judono", "kesehatan", "kabupaten_kota", "19.02", []),
        ],
    ),
    (
        "PT PLN (Persero)",
        "bumn-bumd",
        "pusat",
        None,
        [
            (
                "PT PLN (Persero) Unit Induk Wilayah Bangka Belitung",
                "bumn-bumd",
                "provinsi",
                "19",
                [
                    ("PT PLN (Persero) UP3 Bangka", "bumn-bumd", "kabupaten_kota", "19.71", []),
                    ("PT PLN (Persero) UP3 Belitung", "bumn-bumd", "kabupaten_kota", "19.02", []),
                ],
            ),
        ],
    ),
    (
        "Kepolisian Negara Republik Indonesia",
        "kepolisian",
        "pusat",
        None,
        [
            (
                "Kepolisian Daerah Kepulauan Bangka Belitung",
                "kepolisian",
                "provinsi",
                "19",
                [
                    (
                        "Kepolisian Resor Kota Pangkalpinang",
                        "kepolisian",
                        "kabupaten_kota",
                        "19.71",
                        [],
                    ),
                    ("Kepolisian Resor Bangka", "kepolisian", "kabupaten_kota", "19.01", []),
                ],
            ),
        ],
    ),
    (
        "Kementerian Agraria dan Tata Ruang/Badan Pertanahan Nasional",
        "bpn",
        "pusat",
        None,
        [
            (
                "Kantor Wilayah BPN Provinsi Kepulauan Bangka Belitung",
                "bpn",
                "provinsi",
                "19",
                [
                    ("Kantor Pertanahan Kota Pangkalpinang", "bpn", "kabupaten_kota", "19.71", []),
                    ("Kantor Pertanahan Kabupaten Bangka", "bpn", "kabupaten_kota", "19.01", []),
                ],
            ),
        ],
    ),
]

# agency name, liaison name, position, e-mail, phone
LIAISONS = [
    (
        "Dinas Kependudukan dan Pencatatan Sipil Kota Pangkalpinang",
        "Rahmat Firdaus",
        "Kepala Subbagian Umum",
        "narahubung.disdukcapil@pangkalpinang.example",
        "0812-7000-0101",
    ),
    (
        "RSUD Depati Hamzah",
        "Nurul Aini",
        "Kepala Unit Pengaduan",
        "pengaduan.rsud@pangkalpinang.example",
        "0812-7000-0102",
    ),
    (
        "PT PLN (Persero) UP3 Bangka",
        "Agus Prasetyo",
        "Supervisor Pelayanan Pelanggan",
        "narahubung.up3bangka@pln.example",
        "0812-7000-0103",
    ),
    (
        "Kepolisian Daerah Kepulauan Bangka Belitung",
        "Iptu Fajar Nugroho",
        "Kasubbag Pengaduan Masyarakat",
        "dumas@polda-babel.example",
        "0812-7000-0104",
    ),
    (
        "Kantor Pertanahan Kota Pangkalpinang",
        "Lina Marlina",
        "Kepala Subbagian Tata Usaha",
        "tu.kantah@pangkalpinang.example",
        "0812-7000-0105",
    ),
    (
        "Dinas Pendidikan Provinsi Kepulauan Bangka Belitung",
        "Taufik Hidayat",
        "Sekretaris Dinas",
        "sekretariat.disdik@babelprov.example",
        "0812-7000-0106",
    ),
    (
        "RSUD Depati Bahrin",
        "Siti Rohani",
        "Kepala Seksi Pelayanan",
        "pelayanan@rsud-depatibahrin.example",
        "0812-7000-0107",
    ),
]
