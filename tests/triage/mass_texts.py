# ruff: noqa: E501 - the stories are data, one per line
"""Invented report texts for the mass-complaint tests: the power-outage posko of March 2022 and
the office's ordinary, unrelated reports. Written for these tests (no real complaint data),
varied the way people write: slang, abbreviations, missing punctuation."""

from __future__ import annotations

import random

# --- the posko: electricity, many ways of saying it
POSKO_TITLES = [
    "Listrik padam terus",
    "Pemadaman listrik bergilir",
    "Lampu mati berjam-jam",
    "PLN sering padam",
    "Pemadaman bergilir tanpa pemberitahuan",
    "listrik mati lg",
    "Keluhan pemadaman listrik PLN",
    "Tagihan listrik naik padahal sering padam",
    "Listrik byar pet",
    "Padam listrik tiap malam",
    "pemadaman listrik gk jelas jadwalnya",
    "Kerugian akibat listrik padam",
]
POSKO_WHEN = [
    "sejak awal bulan",
    "sdh seminggu ini",
    "tiap hari",
    "hampir setiap malam",
    "tiga hari berturut-turut",
    "dari kemarin sore",
    "sudah 2 minggu",
    "sejak tgl 1 maret",
    "bbrp hari terakhir",
]
POSKO_WHAT = [
    "listrik di rumah kami padam {when} bisa 6 jam lebih",
    "pemadaman listrik bergilir terjadi {when} tanpa ada pemberitahuan dari PLN",
    "lampu mati {when}, kadang 2 kali sehari, listrik byar pet",
    "listrik padam {when} dan PLN tdk memberi jadwal pemadaman yg jelas",
    "aliran listrik sering putus {when}, pemadaman bergilir tdk sesuai jadwal",
    "listrik mati {when} padahal tdk ada hujan atau angin",
    "di kampung kami pemadaman listrik {when}, gk ada info dr PLN",
    "listrik PLN padam {when} lama sekali baru nyala lagi",
]
POSKO_IMPACT = [
    "Kulkas dan tv rusak karena listrik naik turun.",
    "Anak2 tdk bisa belajar malam hari.",
    "Usaha es batu kami rugi besar krn listrik padam.",
    "Pompa air mati jadi tdk ada air bersih.",
    "Pelanggan warung kabur, dagangan busuk.",
    "Tagihan listrik bulan ini malah naik padahal sering padam.",
    "Token listrik cepat habis, pdhl listrik sering mati.",
    "Orang tua sy yg sakit butuh listrik utk alat bantu napas.",
    "Jaringan internet ikut mati jd tdk bisa kerja dr rumah.",
    "Mesin jahit tdk bisa dipakai, penghasilan berkurang.",
    "",
]
POSKO_ASK = [
    "Mohon Ombudsman menegur PLN.",
    "Minta PLN beri jadwal pemadaman yg jelas.",
    "Tolong ditindaklanjuti, kami sdh lapor ke PLN tp tdk ada jawaban.",
    "Kami minta ganti rugi atas kerusakan alat elektronik.",
    "Mohon pemadaman bergilir dihentikan.",
    "Sudah telpon 123 PLN tp cuma dijanjikan.",
    "Harap ada kompensasi tagihan listrik.",
    "",
]
PLACES = [
    "Kel. Rangkui",
    "Kec. Gerunggang",
    "Desa Batu Rusa",
    "Kel. Bukit Intan",
    "Sungailiat",
    "Kel. Taman Bunga",
    "Desa Air Anyir",
    "Kec. Pangkalbalam",
    "Kel. Semabung",
]


def posko_report(rng: random.Random) -> tuple[str, str]:
    """(title, chronology) of one power-outage report at the posko."""
    what = rng.choice(POSKO_WHAT).format(when=rng.choice(POSKO_WHEN))
    parts = [f"Sy warga {rng.choice(PLACES)},", what + ".", rng.choice(POSKO_IMPACT)]
    parts.append(rng.choice(POSKO_ASK))
    chronology = " ".join(p for p in parts if p)
    if rng.random() < 0.3:
        chronology = chronology.lower()
    return rng.choice(POSKO_TITLES), chronology


# --- ordinary reports: many different things, each its own story
OTHERS: list[tuple[str, str, str]] = [
    # (substance, title, chronology)
    (
        "adminduk",
        "KTP elektronik belum jadi",
        "Sudah rekam e-KTP enam bulan lalu di Disdukcapil, sampai sekarang blangko katanya habis.",
    ),
    (
        "adminduk",
        "Pungli pembuatan KK",
        "Petugas kelurahan minta uang Rp50.000 untuk mengurus kartu keluarga baru setelah menikah.",
    ),
    (
        "adminduk",
        "Akta kelahiran salah nama",
        "Nama anak di akta kelahiran salah ketik, diminta bolak-balik tiga kali ke dinas dukcapil.",
    ),
    (
        "adminduk",
        "Pindah domisili dipersulit",
        "Surat pindah datang tdk diproses karena katanya sistem SIAK offline terus.",
    ),
    (
        "pendidikan",
        "PPDB zonasi tidak adil",
        "Anak saya rumahnya dekat SMP negeri tapi tidak diterima di jalur zonasi, yang jauh malah diterima.",
    ),
    (
        "pendidikan",
        "Pungutan uang seragam sekolah",
        "Sekolah dasar negeri mewajibkan beli seragam dan buku di koperasi sekolah dengan harga mahal.",
    ),
    (
        "pendidikan",
        "Ijazah ditahan sekolah",
        "Ijazah SMA anak ditahan karena masih ada tunggakan SPP komite.",
    ),
    (
        "pendidikan",
        "Dana BOS tidak transparan",
        "Komite sekolah tidak pernah menjelaskan penggunaan dana bantuan operasional sekolah.",
    ),
    (
        "perhubungan-infrastruktur",
        "Jalan rusak berlubang",
        "Jalan provinsi menuju pelabuhan berlubang besar, sudah banyak pengendara motor jatuh.",
    ),
    (
        "perhubungan-infrastruktur",
        "Drainase tersumbat banjir",
        "Saluran drainase di depan pasar tersumbat sampah, tiap hujan jalan tergenang banjir.",
    ),
    (
        "perhubungan-infrastruktur",
        "Lampu jalan mati",
        "Penerangan jalan umum di jalan lingkar sudah tiga bulan mati, rawan begal.",
    ),
    (
        "perhubungan-infrastruktur",
        "Uji KIR dipungut biaya",
        "Pengujian kendaraan bermotor di dinas perhubungan ada biaya tambahan tanpa kuitansi.",
    ),
    (
        "kesehatan",
        "BPJS ditolak rumah sakit",
        "Peserta BPJS Kesehatan kelas tiga disuruh bayar obat sendiri di RSUD dengan alasan obat kosong.",
    ),
    (
        "kesehatan",
        "Antrean puskesmas lama",
        "Pasien lansia menunggu dari subuh sampai siang di puskesmas, dokter datang terlambat.",
    ),
    (
        "kesehatan",
        "Rujukan BPJS dipersulit",
        "Faskes pertama tidak mau memberi surat rujukan ke spesialis mata walau sudah berulang kali.",
    ),
    (
        "kesehatan",
        "Ambulans desa minta bayaran",
        "Sopir ambulans desa meminta uang bensin Rp300 ribu untuk mengantar ibu melahirkan.",
    ),
    (
        "agraria",
        "Sertifikat tanah tak kunjung terbit",
        "Mengajukan sertifikat tanah lewat program PTSL dua tahun lalu, kantor pertanahan belum menerbitkan.",
    ),
    (
        "agraria",
        "Sengketa batas tanah",
        "Pengukuran ulang BPN menggeser batas kebun kami, tetangga mengklaim lahan warisan.",
    ),
    (
        "agraria",
        "Biaya balik nama sertifikat",
        "Notaris dan petugas BPN meminta biaya balik nama jauh di atas tarif PNBP resmi.",
    ),
    (
        "kepegawaian",
        "Tunjangan guru honorer telat",
        "Insentif guru honorer daerah belum dibayar sejak oktober tahun lalu.",
    ),
    (
        "kepegawaian",
        "Seleksi PPPK tidak transparan",
        "Nilai seleksi PPPK tenaga kesehatan tidak diumumkan terbuka, ada yang lulus tanpa tes.",
    ),
    (
        "kepolisian",
        "Laporan polisi tidak diproses",
        "Melapor pencurian sepeda motor ke polsek empat bulan lalu, belum ada perkembangan penyidikan.",
    ),
    (
        "kepolisian",
        "Pembuatan SKCK dimintai uang",
        "Mengurus SKCK di polres diminta uang tambahan di luar PNBP oleh oknum petugas.",
    ),
    (
        "kesejahteraan-sosial",
        "Bansos PKH tidak diterima",
        "Keluarga miskin terdaftar DTKS tapi bantuan PKH tidak cair tiga tahap berturut.",
    ),
    (
        "kesejahteraan-sosial",
        "BLT desa salah sasaran",
        "Perangkat desa membagikan BLT dana desa kepada kerabatnya sendiri, warga miskin terlewat.",
    ),
    (
        "perizinan",
        "Izin usaha lambat",
        "Permohonan PBG untuk ruko diajukan ke DPMPTSP enam bulan belum terbit tanpa alasan.",
    ),
    (
        "perizinan",
        "Izin tambang rakyat",
        "Pengurusan izin pertambangan rakyat timah berbelit, diminta rekomendasi berlapis.",
    ),
    (
        "air-minum",
        "Air PDAM keruh",
        "Air PDAM yang mengalir keruh kecoklatan dan berbau, tapi tagihan tetap penuh.",
    ),
    (
        "air-minum",
        "PDAM tidak mengalir",
        "Sudah dua minggu air PDAM tidak mengalir ke perumahan kami, petugas tidak datang.",
    ),
    (
        "lingkungan-hidup",
        "Limbah tambak udang",
        "Limbah tambak udang dibuang ke laut, nelayan kesulitan mencari ikan di pantai.",
    ),
    (
        "lingkungan-hidup",
        "Sampah tidak diangkut",
        "Truk sampah dinas lingkungan hidup tidak mengangkut sampah di TPS selama sepekan.",
    ),
    (
        "perpajakan",
        "PBB naik drastis",
        "Tagihan pajak bumi dan bangunan naik tiga kali lipat tanpa sosialisasi dari bapenda.",
    ),
    (
        "desa",
        "Dana desa tidak transparan",
        "Kepala desa tidak memasang baliho APBDes dan warga tidak tahu penggunaan dana desa.",
    ),
    (
        "ketenagakerjaan",
        "Pesangon tidak dibayar",
        "Perusahaan sawit memberhentikan pekerja tanpa pesangon, disnaker belum memediasi.",
    ),
    (
        "adminduk",
        "Data kependudukan ganda",
        "NIK saya tercatat ganda dengan orang lain sehingga tidak bisa daftar vaksin dan bank.",
    ),
    (
        "adminduk",
        "Akta kematian lama terbit",
        "Mengurus akta kematian almarhum ayah sudah dua bulan, berkas katanya hilang di meja petugas.",
    ),
    (
        "pendidikan",
        "KIP kuliah tidak cair",
        "Mahasiswa penerima KIP kuliah belum menerima biaya hidup semester ini dari kampus negeri.",
    ),
    (
        "pendidikan",
        "Guru jarang masuk kelas",
        "Guru kelas lima di SD negeri desa kami sering absen, murid dibiarkan belajar sendiri.",
    ),
    (
        "pendidikan",
        "Perpisahan sekolah dipungut",
        "Wali murid diwajibkan iuran perpisahan kelas enam sebesar Rp750 ribu oleh komite.",
    ),
    (
        "perhubungan-infrastruktur",
        "Jembatan desa ambruk",
        "Jembatan kayu penghubung dua dusun ambruk sejak januari, anak sekolah menyeberang sungai.",
    ),
    (
        "perhubungan-infrastruktur",
        "Parkir liar di rumah sakit",
        "Juru parkir liar di halaman rumah sakit memungut tarif dua kali lipat tanpa karcis.",
    ),
    (
        "perhubungan-infrastruktur",
        "Kapal penyeberangan batal",
        "Jadwal kapal feri ke Belitung dibatalkan mendadak tanpa pengembalian tiket penumpang.",
    ),
    (
        "kesehatan",
        "Vaksinasi anak ditolak",
        "Posyandu menolak imunisasi anak karena buku KIA hilang, padahal data ada di puskesmas.",
    ),
    (
        "kesehatan",
        "Obat kronis dibatasi",
        "Pasien diabetes hanya diberi obat untuk seminggu oleh apotek rumah sakit, harus kontrol berulang.",
    ),
    (
        "agraria",
        "Ganti rugi lahan jalan tol",
        "Pembayaran ganti rugi lahan untuk proyek jalan belum diterima pemilik kebun lada.",
    ),
    (
        "agraria",
        "Tanah adat diklaim perusahaan",
        "Perusahaan perkebunan memasang patok di tanah ulayat kampung tanpa musyawarah.",
    ),
    (
        "kepegawaian",
        "Kenaikan pangkat tertunda",
        "Usulan kenaikan pangkat ASN guru tertahan di BKD lebih dari setahun.",
    ),
    (
        "kepegawaian",
        "Mutasi pegawai sepihak",
        "Pegawai puskesmas dimutasi ke pulau terpencil tanpa SK yang jelas setelah mengkritik atasan.",
    ),
    (
        "kepolisian",
        "Tilang tanpa surat",
        "Polisi lalu lintas menilang di tempat dan meminta uang damai tanpa memberi surat tilang.",
    ),
    (
        "kesejahteraan-sosial",
        "Kartu lansia tidak aktif",
        "Kartu bantuan lansia nenek saya dinonaktifkan tanpa pemberitahuan dinas sosial.",
    ),
    (
        "kesejahteraan-sosial",
        "Bantuan disabilitas terlambat",
        "Bantuan alat bantu dengar untuk penyandang disabilitas dijanjikan sejak tahun lalu belum datang.",
    ),
    (
        "perizinan",
        "Izin keramaian dipersulit",
        "Panitia pentas seni kampung dipingpong antara polsek dan kecamatan untuk izin keramaian.",
    ),
    (
        "perizinan",
        "SIUP apotek tertahan",
        "Izin apotek tertahan di dinas kesehatan karena menunggu tanda tangan pejabat yang cuti.",
    ),
    (
        "air-minum",
        "Meteran PDAM rusak",
        "Meteran air rusak tapi PDAM menagih pemakaian tinggi berdasarkan taksiran petugas.",
    ),
    (
        "lingkungan-hidup",
        "Tambang timah ilegal",
        "Aktivitas tambang timah inkonvensional merusak daerah aliran sungai dekat permukiman.",
    ),
    (
        "lingkungan-hidup",
        "Asap pembakaran lahan",
        "Pembakaran lahan di belakang perumahan membuat anak-anak sesak napas setiap sore.",
    ),
    (
        "perpajakan",
        "Pajak kendaraan dobel",
        "Pembayaran pajak kendaraan di samsat keliling tercatat belum lunas sehingga ditagih ulang.",
    ),
    (
        "desa",
        "Surat keterangan tanah desa",
        "Kepala desa meminta imbalan untuk menandatangani surat keterangan tanah warga.",
    ),
    (
        "ketenagakerjaan",
        "Upah di bawah UMP",
        "Karyawan toko swalayan dibayar di bawah upah minimum provinsi dan tidak didaftarkan BPJS Ketenagakerjaan.",
    ),
    (
        "perbankan",
        "KUR ditolak bank",
        "Pengajuan kredit usaha rakyat ditolak bank tanpa penjelasan walau usaha sudah berjalan.",
    ),
]
OTHER_OPENERS = [
    "",
    "Selamat siang, ",
    "Mohon bantuan. ",
    "Saya ingin melapor. ",
    "Assalamualaikum, ",
]
OTHER_CLOSERS = [
    "",
    " Mohon ditindaklanjuti.",
    " Terima kasih.",
    " Sy mohon bantuan ombudsman.",
    " Bagaimana solusinya?",
]


def other_report(rng: random.Random, number: int) -> tuple[str, str, str]:
    """(substance, title, chronology) of one ordinary report, cycling through the stories."""
    substance, title, text = OTHERS[number % len(OTHERS)]
    return substance, title, rng.choice(OTHER_OPENERS) + text + rng.choice(OTHER_CLOSERS)
