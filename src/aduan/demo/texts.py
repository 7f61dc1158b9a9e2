"""Texts of the demo reports: typical complaint situations in Kepulauan Bangka Belitung.

Every text here was written for the demo; none is taken from a real complaint. People are never
named in these texts (the reporter is "pelapor", officials are named by position), so a
confidential reporter's identity cannot leak through them. Placeholders, filled by
``aduan.demo.cases``: ``{tempat}`` (where it happened), ``{tanggal}`` (a date), ``{nominal}``
(an amount in rupiah), ``{durasi}`` (how long) and ``{instansi}`` (the reported agency).
"""

from __future__ import annotations

from dataclasses import dataclass

# Demo agencies (aduan.demo.data.AGENCIES), by short names used below.
PLN_BANGKA = "PT PLN (Persero) UP3 Bangka"
PLN_BELITUNG = "PT PLN (Persero) UP3 Belitung"
CAPIL_PKP = "Dinas Kependudukan dan Pencatatan Sipil Kota Pangkalpinang"
CAPIL_BANGKA = "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Bangka"
RS_HAMZAH = "RSUD Depati Hamzah"
RS_BAHRIN = "RSUD Depati Bahrin"
RS_MARSIDI = "RSUD dr. H. Marsidi Judono"
RS_SOEKARNO = "RSUD Dr. (H.C.) Ir. Soekarno"
DISDIK_PROV = "Dinas Pendidikan Provinsi Kepulauan Bangka Belitung"
DISDIK_PKP = "Dinas Pendidikan Kota Pangkalpinang"
SMA1 = "SMA Negeri 1 Pangkalpinang"
SMK2 = "SMK Negeri 2 Pangkalpinang"
SMP2 = "SMP Negeri 2 Pangkalpinang"
BPN_PKP = "Kantor Pertanahan Kota Pangkalpinang"
BPN_BANGKA = "Kantor Pertanahan Kabupaten Bangka"
POLRESTA = "Kepolisian Resor Kota Pangkalpinang"
POLRES_BANGKA = "Kepolisian Resor Bangka"
POLDA = "Kepolisian Daerah Kepulauan Bangka Belitung"
SAMSAT = "UPTD Samsat Pangkalpinang"
PTSP_BANGKA = "Dinas Penanaman Modal dan PTSP Kabupaten Bangka"
PUPR_PKP = "Dinas Pekerjaan Umum dan Penataan Ruang Kota Pangkalpinang"
PEMKOT = "Pemerintah Kota Pangkalpinang"
PEMKAB_BANGKA = "Pemerintah Kabupaten Bangka"
PEMKAB_BELITUNG = "Pemerintah Kabupaten Belitung"
PEMPROV = "Pemerintah Provinsi Kepulauan Bangka Belitung"
DINKES_PROV = "Dinas Kesehatan Provinsi Kepulauan Bangka Belitung"

RS_ALL = (RS_HAMZAH, RS_BAHRIN, RS_MARSIDI, RS_SOEKARNO)


@dataclass(frozen=True)
class Situation:
    """One kind of complaint, with what each step of its handling says."""

    key: str
    substance: str  # reference.Substance code
    agencies: tuple[str, ...]  # demo agency names; one is chosen
    forms: tuple[str, ...]  # reference.MaladministrationForm codes
    position: str  # the reported official's position
    titles: tuple[str, ...]
    chronology: str
    remedy: str
    questions: str  # the written clarification request
    answer: str  # the agency's answer
    finding: str  # the LAHP finding when maladministration is found
    corrective: str  # the corrective action
    resolved: str  # what the agency did when the case was resolved
    seasonal: bool = False  # only in school-admission season (see cases.py)


SITUATIONS: tuple[Situation, ...] = (
    # --- electricity
    Situation(
        key="pln-padam",
        substance="energi-kelistrikan",
        agencies=(PLN_BANGKA, PLN_BELITUNG),
        forms=("tidak-memberikan-pelayanan", "penundaan-berlarut"),
        position="Manajer Unit Layanan Pelanggan",
        titles=(
            "Pemadaman listrik berulang tanpa pemberitahuan di {tempat}",
            "Listrik padam hampir setiap malam di {tempat} selama {durasi}",
        ),
        chronology=(
            "Sejak {tanggal} listrik di lingkungan pelapor di {tempat} padam berulang kali, "
            "kadang lebih dari enam jam, tanpa pengumuman jadwal pemeliharaan. Peralatan "
            "elektronik warga rusak dan usaha kecil pelapor terganggu. Pelapor sudah menghubungi "
            "layanan pengaduan dan mendatangi kantor unit layanan, tetapi hanya dijawab sedang "
            "ada gangguan."
        ),
        remedy=(
            "Jadwal pemadaman diumumkan sebelumnya, penyebab gangguan dijelaskan secara tertulis, "
            "dan kompensasi diberikan sesuai ketentuan tingkat mutu pelayanan."
        ),
        questions=(
            "Mohon penjelasan mengenai penyebab pemadaman berulang di {tempat} sejak {tanggal}, "
            "jadwal pemeliharaan yang diumumkan kepada pelanggan, serta pemberian kompensasi "
            "kepada pelanggan terdampak."
        ),
        answer=(
            "{instansi} menjelaskan bahwa gangguan disebabkan defisit daya pembangkit dan "
            "pemeliharaan jaringan, menyampaikan jadwal penormalan, dan mendata pelanggan yang "
            "berhak atas kompensasi."
        ),
        finding=(
            "{instansi} tidak mengumumkan jadwal pemeliharaan kepada pelanggan dan tidak "
            "memberikan kompensasi atas pelanggaran tingkat mutu pelayanan."
        ),
        corrective=(
            "Mengumumkan jadwal pemeliharaan paling lambat tiga hari sebelumnya melalui media "
            "yang mudah diakses pelanggan dan memberikan kompensasi kepada pelanggan terdampak "
            "di {tempat}."
        ),
        resolved=(
            "trafo yang kelebihan beban telah diganti, jadwal pemeliharaan diumumkan, dan "
            "pemadaman tidak terulang"
        ),
    ),
    Situation(
        key="pln-tagihan",
        substance="energi-kelistrikan",
        agencies=(PLN_BANGKA, PLN_BELITUNG),
        forms=("tidak-kompeten", "penyimpangan-prosedur"),
        position="Manajer Unit Layanan Pelanggan",
        titles=(
            "Tagihan listrik pascabayar melonjak tidak wajar",
            "Keberatan atas tagihan listrik sebesar {nominal} tidak ditanggapi",
        ),
        chronology=(
            "Tagihan listrik pascabayar pelapor di {tempat} yang terbit setelah {tanggal} "
            "mencapai {nominal}, tiga kali lipat dari biasanya, padahal pemakaian tidak berubah. "
            "Petugas mencatat meter tanpa datang ke rumah. Keberatan pelapor di kantor unit "
            "layanan dijawab bahwa tagihan harus dibayar lebih dahulu."
        ),
        remedy="Tagihan dihitung ulang sesuai angka meter sebenarnya dan listrik tidak diputus "
        "selama keberatan diproses.",
        questions=(
            "Mohon penjelasan dasar perhitungan tagihan pelapor, bukti pencatatan angka meter "
            "pada periode terkait, serta tindak lanjut atas keberatan yang telah diajukan."
        ),
        answer=(
            "{instansi} mengakui kesalahan input angka meter oleh petugas catat meter mitra "
            "kerja dan bersedia mengoreksi tagihan."
        ),
        finding=(
            "Angka meter dicatat tanpa pemeriksaan fisik dan keberatan pelanggan tidak diproses "
            "sesuai standar pelayanan."
        ),
        corrective=(
            "Mengoreksi tagihan pelapor sesuai angka meter sebenarnya dan mengevaluasi petugas "
            "catat meter di wilayah {tempat}."
        ),
        resolved="tagihan telah dikoreksi dan kelebihan bayar diperhitungkan pada rekening "
        "bulan berikutnya",
    ),
    Situation(
        key="pln-pasang-baru",
        substance="energi-kelistrikan",
        agencies=(PLN_BANGKA, PLN_BELITUNG),
        forms=("penundaan-berlarut", "berpihak"),
        position="Manajer Unit Layanan Pelanggan",
        titles=("Sambungan listrik baru tidak kunjung dipasang setelah {durasi}",),
        chronology=(
            "Pelapor mengajukan pasang baru listrik untuk rumahnya di {tempat} dan telah membayar "
            "biaya penyambungan pada {tanggal}. Setelah {durasi} meteran belum dipasang dengan "
            "alasan material kosong, sementara pemohon yang mendaftar belakangan sudah tersambung."
        ),
        remedy="Sambungan segera dipasang sesuai urutan pendaftaran.",
        questions=(
            "Mohon penjelasan status permohonan pasang baru pelapor, ketersediaan material, serta "
            "urutan realisasi permohonan pasang baru di wilayah {tempat}."
        ),
        answer=(
            "{instansi} menyampaikan bahwa material kWh meter sempat kosong dan menjadwalkan "
            "penyambungan dalam dua minggu."
        ),
        finding=(
            "Realisasi pasang baru melampaui standar waktu pelayanan dan tidak mengikuti urutan "
            "pendaftaran."
        ),
        corrective=(
            "Merealisasikan sambungan pelapor dan menyediakan daftar antrean pasang baru yang "
            "dapat dipantau pemohon."
        ),
        resolved="sambungan listrik pelapor telah dipasang dan menyala",
    ),
    Situation(
        key="pln-p2tl",
        substance="energi-kelistrikan",
        agencies=(PLN_BANGKA, PLN_BELITUNG),
        forms=("penyimpangan-prosedur", "tidak-patut"),
        position="Supervisor Penertiban Pemakaian Tenaga Listrik",
        titles=("Tagihan susulan P2TL sebesar {nominal} tanpa berita acara",),
        chronology=(
            "Pada {tanggal} petugas P2TL memeriksa meteran di rumah pelapor di {tempat} ketika "
            "pelapor tidak di rumah, lalu menyatakan ada pelanggaran dan menagih {nominal}. "
            "Pelapor tidak diberi salinan berita acara dan diancam sambungan akan diputus bila "
            "tidak membayar."
        ),
        remedy="Pemeriksaan ulang yang disaksikan pelapor dan peninjauan kembali tagihan susulan.",
        questions=(
            "Mohon disampaikan berita acara pemeriksaan P2TL atas sambungan pelapor, dasar "
            "penetapan golongan pelanggaran dan besaran tagihan susulan, serta alasan salinan "
            "berita acara tidak diberikan kepada pelanggan."
        ),
        answer=(
            "{instansi} menyampaikan berita acara pemeriksaan dan bersedia melakukan pemeriksaan "
            "ulang bersama pelapor."
        ),
        finding=(
            "Pemeriksaan dilakukan tanpa disaksikan pelanggan atau saksi dan salinan berita acara "
            "tidak diberikan."
        ),
        corrective=(
            "Melakukan pemeriksaan ulang yang disaksikan pelanggan, meninjau kembali tagihan "
            "susulan, dan menyerahkan salinan berita acara kepada pelapor."
        ),
        resolved="setelah pemeriksaan ulang tagihan susulan dibatalkan karena segel meter "
        "terbukti rusak akibat usia",
    ),
    Situation(
        key="pln-tiang",
        substance="energi-kelistrikan",
        agencies=(PLN_BANGKA, PLN_BELITUNG),
        forms=("penundaan-berlarut", "tidak-memberikan-pelayanan"),
        position="Manajer Unit Layanan Pelanggan",
        titles=("Tiang listrik miring dan kabel menjuntai dibiarkan di {tempat}",),
        chronology=(
            "Tiang listrik di depan rumah warga di {tempat} miring sejak {tanggal} dan kabelnya "
            "menjuntai rendah di atas jalan yang dilalui anak sekolah. Warga sudah melapor melalui "
            "aplikasi dan datang ke kantor unit layanan, tetapi belum ada perbaikan."
        ),
        remedy="Tiang segera diperbaiki sebelum terjadi kecelakaan.",
        questions=(
            "Mohon penjelasan tindak lanjut atas laporan warga tentang tiang miring di {tempat}, "
            "jadwal perbaikan, dan standar waktu penanganan gangguan jaringan."
        ),
        answer="{instansi} menyatakan telah menjadwalkan penggantian tiang oleh regu pemeliharaan.",
        finding="Laporan gangguan yang membahayakan keselamatan tidak ditangani dalam waktu yang "
        "patut.",
        corrective="Memperbaiki tiang dan kabel di {tempat} dan menetapkan batas waktu penanganan "
        "laporan gangguan yang membahayakan keselamatan.",
        resolved="tiang telah ditegakkan dan kabel ditata ulang oleh regu pemeliharaan",
    ),
    Situation(
        key="pln-meter",
        substance="energi-kelistrikan",
        agencies=(PLN_BANGKA, PLN_BELITUNG),
        forms=("permintaan-imbalan",),
        position="Manajer Unit Layanan Pelanggan",
        titles=("Penggantian kWh meter prabayar rusak dimintai biaya {nominal}",),
        chronology=(
            "kWh meter prabayar pelapor di {tempat} rusak dan tidak dapat menerima token sejak "
            "{tanggal}. Petugas yang datang meminta {nominal} untuk penggantian meter tanpa "
            "kuitansi, padahal meter adalah aset perusahaan. Pelapor membayar karena listrik "
            "padam."
        ),
        remedy="Uang dikembalikan dan penggantian meter rusak tidak dipungut biaya.",
        questions=(
            "Mohon penjelasan mengenai ketentuan biaya penggantian kWh meter yang rusak, "
            "identitas petugas yang menangani sambungan pelapor, serta pengawasan terhadap "
            "petugas lapangan."
        ),
        answer=(
            "{instansi} menegaskan penggantian meter rusak tidak dipungut biaya dan menyatakan "
            "telah memeriksa petugas mitra kerja yang bersangkutan."
        ),
        finding="Petugas lapangan meminta imbalan uang untuk layanan yang tidak dipungut biaya.",
        corrective="Mengembalikan uang pelapor, menjatuhkan sanksi kepada mitra kerja, dan "
        "mengumumkan bahwa penggantian meter rusak tidak dipungut biaya.",
        resolved="uang pelapor telah dikembalikan dan petugas mitra kerja diberhentikan",
    ),
    # --- population administration
    Situation(
        key="ktp-blanko",
        substance="adminduk",
        agencies=(CAPIL_PKP, CAPIL_BANGKA),
        forms=("penundaan-berlarut", "berpihak"),
        position="Kepala Bidang Pelayanan Pendaftaran Penduduk",
        titles=(
            "KTP-el belum dicetak selama {durasi} dengan alasan blanko habis",
            "Pencetakan KTP-el tertunda, pemohon lain didahulukan",
        ),
        chronology=(
            "Pelapor merekam data KTP-el di {instansi} pada {tanggal}. Setiap kali datang, "
            "petugas menyatakan blanko habis dan hanya memberikan surat keterangan pengganti yang "
            "sering ditolak bank. Pelapor melihat pemohon lain mendapatkan KTP-el lebih cepat."
        ),
        remedy="KTP-el segera dicetak dan informasi ketersediaan blanko diumumkan.",
        questions=(
            "Mohon penjelasan ketersediaan blanko KTP-el sejak {tanggal}, jumlah antrean "
            "pencetakan, cara penentuan urutan cetak, serta waktu penyelesaian KTP-el pelapor."
        ),
        answer=(
            "{instansi} menyampaikan bahwa alokasi blanko terbatas dan telah mengajukan "
            "tambahan; KTP-el pelapor dijadwalkan dicetak minggu ini."
        ),
        finding=(
            "Pencetakan KTP-el tidak mengikuti urutan perekaman dan ketersediaan blanko tidak "
            "diumumkan kepada masyarakat."
        ),
        corrective=(
            "Mencetak KTP-el sesuai urutan perekaman, mengumumkan ketersediaan blanko secara "
            "berkala, dan menyediakan daftar antrean cetak yang dapat diakses pemohon."
        ),
        resolved="KTP-el pelapor telah dicetak dan diserahkan",
    ),
    Situation(
        key="kk-pungutan",
        substance="adminduk",
        agencies=(CAPIL_PKP, CAPIL_BANGKA),
        forms=("permintaan-imbalan",),
        position="Petugas loket pelayanan",
        titles=("Dimintai {nominal} untuk pengurusan Kartu Keluarga",),
        chronology=(
            "Saat mengurus perubahan Kartu Keluarga di {instansi} pada {tanggal}, pelapor "
            "diarahkan seorang petugas untuk membayar {nominal} agar dokumen selesai hari itu "
            "juga. Pelayanan dokumen kependudukan seharusnya tidak dipungut biaya."
        ),
        remedy="Pungutan dihentikan dan uang pelapor dikembalikan.",
        questions=(
            "Mohon penjelasan mengenai dugaan permintaan uang oleh petugas dalam pelayanan Kartu "
            "Keluarga pada {tanggal}, pengawasan internal atas petugas loket, dan sarana "
            "pengaduan yang tersedia bagi pemohon."
        ),
        answer=(
            "{instansi} menyatakan telah memeriksa petugas yang bersangkutan dan memindahkannya "
            "dari tugas pelayanan."
        ),
        finding=(
            "Terjadi permintaan imbalan uang dalam pelayanan dokumen kependudukan yang menurut "
            "UU 24/2013 tidak dipungut biaya."
        ),
        corrective=(
            "Menjatuhkan sanksi disiplin kepada petugas, mengembalikan uang pelapor, dan memasang "
            "maklumat pelayanan tanpa biaya di setiap loket."
        ),
        resolved="uang pelapor telah dikembalikan dan petugas dijatuhi sanksi disiplin",
    ),
    Situation(
        key="akta-kematian",
        substance="adminduk",
        agencies=(CAPIL_PKP, CAPIL_BANGKA),
        forms=("penundaan-berlarut",),
        position="Kepala Bidang Pelayanan Pencatatan Sipil",
        titles=("Akta kematian tidak terbit setelah {durasi}",),
        chronology=(
            "Pelapor mengajukan akta kematian orang tuanya di {instansi} pada {tanggal} dengan "
            "berkas lengkap. Setelah {durasi} akta belum terbit, padahal diperlukan untuk "
            "mengurus dana pensiun dan klaim asuransi."
        ),
        remedy="Akta kematian segera diterbitkan.",
        questions=(
            "Mohon penjelasan status permohonan akta kematian pelapor, penyebab keterlambatan, "
            "serta standar waktu penerbitan akta kematian."
        ),
        answer="{instansi} menyatakan berkas sempat terselip dan akta telah ditandatangani.",
        finding="Penerbitan akta melampaui standar waktu pelayanan tanpa alasan yang sah.",
        corrective="Menerbitkan akta kematian pelapor dan menerapkan pelacakan berkas sejak "
        "diterima di loket.",
        resolved="akta kematian telah diterbitkan dan diambil pelapor",
    ),
    Situation(
        key="pindah-datang",
        substance="adminduk",
        agencies=(CAPIL_PKP, CAPIL_BANGKA),
        forms=("penyimpangan-prosedur", "tidak-kompeten"),
        position="Kepala Seksi Pindah Datang Penduduk",
        titles=("Berkas pindah datang dikembalikan tiga kali dengan syarat berbeda",),
        chronology=(
            "Pelapor yang pindah dari Palembang ke {tempat} mengajukan pindah datang di "
            "{instansi} pada {tanggal}. Berkasnya dikembalikan tiga kali dengan persyaratan yang "
            "berbeda setiap kali datang, tanpa penjelasan tertulis."
        ),
        remedy="Permohonan diproses sesuai persyaratan yang diumumkan dalam standar pelayanan.",
        questions=(
            "Mohon penjelasan persyaratan pindah datang yang berlaku, alasan berkas pelapor "
            "dikembalikan, dan apakah persyaratan tersebut diumumkan kepada pemohon."
        ),
        answer="{instansi} mengakui petugas meminta dokumen yang tidak lagi dipersyaratkan.",
        finding="Petugas meminta persyaratan di luar standar pelayanan yang diumumkan.",
        corrective="Memproses permohonan pelapor dan memberikan pembinaan kepada petugas loket "
        "tentang persyaratan pindah datang.",
        resolved="dokumen pindah datang pelapor telah terbit",
    ),
    Situation(
        key="akta-kelahiran",
        substance="adminduk",
        agencies=(CAPIL_PKP, CAPIL_BANGKA),
        forms=("tidak-memberikan-pelayanan", "tidak-kompeten"),
        position="Kepala Bidang Pelayanan Pencatatan Sipil",
        titles=("Permohonan akta kelahiran anak ditolak karena belum ada buku nikah",),
        chronology=(
            "Pelapor mengurus akta kelahiran anaknya di {instansi} pada {tanggal}. Petugas "
            "menolak karena pelapor belum memiliki buku nikah, padahal ketentuan membolehkan "
            "Surat Pernyataan Tanggung Jawab Mutlak."
        ),
        remedy="Akta kelahiran diterbitkan dengan SPTJM sesuai ketentuan.",
        questions=(
            "Mohon penjelasan dasar penolakan permohonan akta kelahiran pelapor dan penerapan "
            "SPTJM dalam pelayanan akta kelahiran."
        ),
        answer="{instansi} menyatakan permohonan dapat diproses dengan SPTJM.",
        finding="Permohonan ditolak dengan persyaratan yang tidak diwajibkan peraturan.",
        corrective="Menerbitkan akta kelahiran anak pelapor dan menyosialisasikan penggunaan "
        "SPTJM kepada petugas loket dan desa/kelurahan.",
        resolved="akta kelahiran anak pelapor telah diterbitkan dengan SPTJM",
    ),
    # --- health
    Situation(
        key="rs-obat-jkn",
        substance="kesehatan",
        agencies=RS_ALL,
        forms=("permintaan-imbalan", "penyimpangan-prosedur"),
        position="Direktur",
        titles=("Pasien JKN diminta membeli obat sendiri di luar rumah sakit",),
        chronology=(
            "Keluarga pelapor dirawat di {instansi} sejak {tanggal} sebagai peserta JKN. Perawat "
            "meminta keluarga membeli obat dan bahan habis pakai di apotek luar dengan total "
            "{nominal} karena stok rumah sakit kosong, tanpa penggantian."
        ),
        remedy="Biaya obat dikembalikan dan pasien JKN tidak lagi dibebani pembelian obat.",
        questions=(
            "Mohon penjelasan ketersediaan obat bagi pasien JKN pada periode perawatan, dasar "
            "permintaan pembelian obat di luar rumah sakit, dan mekanisme penggantian biaya."
        ),
        answer=(
            "{instansi} mengakui terjadi kekosongan stok obat dan bersedia mengganti biaya yang "
            "dikeluarkan keluarga pasien."
        ),
        finding="Pasien peserta JKN dibebani pembelian obat yang menjadi tanggung jawab rumah "
        "sakit.",
        corrective=(
            "Mengembalikan biaya obat kepada keluarga pasien dan menyusun prosedur penanganan "
            "kekosongan obat tanpa membebani pasien JKN."
        ),
        resolved="rumah sakit telah mengganti biaya obat yang dibeli keluarga pasien",
    ),
    Situation(
        key="rs-antrean",
        substance="kesehatan",
        agencies=RS_ALL,
        forms=("penundaan-berlarut", "tidak-patut"),
        position="Kepala Instalasi Rawat Jalan",
        titles=("Antrean poliklinik berjam-jam karena dokter datang terlambat",),
        chronology=(
            "Pelapor mengantar ibunya kontrol di poliklinik {instansi} pada {tanggal}. Pasien "
            "sudah mengantre sejak pukul tujuh, tetapi dokter baru datang menjelang siang. Hal "
            "serupa terjadi setiap jadwal kontrol dan pengaduan di kotak saran tidak dijawab."
        ),
        remedy="Jadwal praktik dokter ditaati dan diumumkan, serta pengaduan pasien dijawab.",
        questions=(
            "Mohon penjelasan jadwal praktik dokter di poliklinik terkait, data kehadiran dokter "
            "pada {tanggal}, dan tindak lanjut atas pengaduan pasien di kotak saran."
        ),
        answer="{instansi} menyampaikan jadwal praktik baru dan penerapan absensi elektronik "
        "bagi dokter.",
        finding="Jadwal pelayanan poliklinik tidak ditaati dan pengaduan pasien tidak dikelola.",
        corrective="Menaati dan mengumumkan jadwal praktik dokter serta menindaklanjuti setiap "
        "pengaduan pasien dalam 14 hari.",
        resolved="jadwal praktik dokter telah diumumkan dan poliklinik buka tepat waktu",
    ),
    Situation(
        key="rs-kamar-penuh",
        substance="kesehatan",
        agencies=RS_ALL,
        forms=("tidak-memberikan-pelayanan", "diskriminasi"),
        position="Kepala Instalasi Gawat Darurat",
        titles=("Pasien rujukan ditolak dengan alasan ruang rawat inap penuh",),
        chronology=(
            "Pada {tanggal} ayah pelapor dibawa ke IGD {instansi} dengan rujukan puskesmas. "
            "Petugas menyatakan ruang rawat inap kelas III penuh dan menyarankan naik kelas "
            "dengan biaya sendiri, tanpa menunjukkan informasi ketersediaan tempat tidur."
        ),
        remedy="Informasi ketersediaan tempat tidur dibuka dan pasien JKN tidak diarahkan naik "
        "kelas.",
        questions=(
            "Mohon penjelasan ketersediaan tempat tidur kelas III pada {tanggal}, prosedur "
            "penerimaan pasien rujukan, dan penyediaan informasi tempat tidur bagi masyarakat."
        ),
        answer="{instansi} menyatakan akan menampilkan informasi tempat tidur secara daring.",
        finding="Pasien JKN diarahkan naik kelas tanpa informasi ketersediaan tempat tidur yang "
        "terbuka.",
        corrective="Menampilkan ketersediaan tempat tidur secara waktu nyata dan mengembalikan "
        "selisih biaya yang dibayar keluarga pasien.",
        resolved="selisih biaya dikembalikan dan informasi tempat tidur kini ditampilkan di IGD",
    ),
    Situation(
        key="rs-sikap-petugas",
        substance="kesehatan",
        agencies=RS_ALL,
        forms=("tidak-patut",),
        position="Kepala Instalasi Gawat Darurat",
        titles=("Petugas IGD bersikap kasar kepada keluarga pasien",),
        chronology=(
            "Pada malam {tanggal} keluarga pelapor membawa anak yang demam tinggi ke IGD "
            "{instansi}. Petugas membentak keluarga dan meminta mereka menunggu di luar tanpa "
            "pemeriksaan awal. Keluhan langsung kepada petugas jaga tidak ditanggapi."
        ),
        remedy="Petugas ditegur dan pelayanan IGD sesuai standar.",
        questions=(
            "Mohon penjelasan pelaksanaan triase di IGD pada {tanggal}, sikap petugas jaga, dan "
            "langkah pembinaan yang telah dilakukan."
        ),
        answer="{instansi} menyatakan telah memanggil dan membina petugas jaga.",
        finding="Petugas tidak melakukan triase dan bersikap tidak patut kepada keluarga pasien.",
        corrective="Memberikan pembinaan etika pelayanan kepada petugas IGD dan memasang alur "
        "triase yang terlihat oleh pengunjung.",
        resolved="petugas telah dibina dan rumah sakit menyampaikan permintaan maaf kepada "
        "keluarga pasien",
    ),
    Situation(
        key="pbi-nonaktif",
        substance="kesejahteraan-sosial",
        agencies=(PEMKOT, PEMKAB_BANGKA),
        forms=("tidak-kompeten", "tidak-memberikan-pelayanan"),
        position="Kepala Dinas Sosial",
        titles=("Kepesertaan JKN PBI dinonaktifkan tanpa pemberitahuan",),
        chronology=(
            "Pelapor baru mengetahui kepesertaan JKN PBI keluarganya nonaktif ketika berobat pada "
            "{tanggal}. Pelapor masih tergolong tidak mampu dan tidak pernah diverifikasi ulang. "
            "Pengaduan ke kantor dinas sosial diminta menunggu pemutakhiran data."
        ),
        remedy="Kepesertaan diaktifkan kembali dan pemutakhiran data dilakukan dengan "
        "verifikasi lapangan.",
        questions=(
            "Mohon penjelasan dasar penonaktifan kepesertaan PBI keluarga pelapor, mekanisme "
            "verifikasi dan validasi data, serta cara reaktivasi bagi warga yang masih berhak."
        ),
        answer="{instansi} menyatakan penonaktifan mengikuti pemutakhiran data pusat dan "
        "mengusulkan reaktivasi.",
        finding="Kepesertaan dinonaktifkan tanpa verifikasi lapangan dan tanpa pemberitahuan.",
        corrective="Mengusulkan reaktivasi kepesertaan pelapor dan memberitahukan setiap "
        "penonaktifan kepada warga terdampak.",
        resolved="kepesertaan JKN keluarga pelapor telah aktif kembali",
    ),
    # --- education
    Situation(
        key="ppdb-zonasi",
        substance="pendidikan",
        agencies=(SMA1, SMP2, DISDIK_PROV, DISDIK_PKP),
        forms=("penyimpangan-prosedur", "berpihak"),
        position="Ketua Panitia PPDB",
        titles=("Anak tidak diterima di sekolah terdekat pada PPDB jalur zonasi",),
        chronology=(
            "Anak pelapor mendaftar PPDB jalur zonasi di {instansi} pada {tanggal}. Meskipun "
            "rumah di {tempat} berjarak kurang dari satu kilometer, anak pelapor dinyatakan tidak "
            "diterima, sementara pendaftar yang tinggal lebih jauh diterima. Panitia tidak "
            "mengumumkan jarak dan peringkat pendaftar."
        ),
        remedy="Hasil seleksi ditinjau ulang dan data jarak serta peringkat diumumkan.",
        questions=(
            "Mohon disampaikan daftar peringkat jalur zonasi beserta jarak domisili, dasar "
            "penetapan hasil seleksi, dan alasan data tersebut tidak diumumkan."
        ),
        answer="{instansi} menyampaikan daftar peringkat dan mengakui ada kesalahan titik "
        "koordinat domisili.",
        finding="Penetapan hasil seleksi zonasi tidak transparan dan memuat kesalahan data jarak.",
        corrective="Meninjau ulang hasil seleksi, mengumumkan peringkat dan jarak pendaftar, "
        "serta menerima anak pelapor bila memenuhi syarat.",
        resolved="anak pelapor diterima setelah peringkat zonasi dihitung ulang",
        seasonal=True,
    ),
    Situation(
        key="ppdb-pungutan",
        substance="pendidikan",
        agencies=(SMA1, SMK2, SMP2),
        forms=("permintaan-imbalan",),
        position="Kepala Sekolah",
        titles=(
            "Pungutan seragam dan sumbangan pembangunan saat daftar ulang",
            "Siswa baru diwajibkan membayar {nominal} saat daftar ulang",
        ),
        chronology=(
            "Setelah dinyatakan diterima di {instansi}, orang tua siswa diminta membayar "
            "{nominal} untuk seragam, atribut, dan sumbangan pembangunan pada daftar ulang "
            "{tanggal}. Pembayaran disebut wajib dan menjadi syarat mengikuti masa pengenalan "
            "lingkungan sekolah."
        ),
        remedy="Pungutan dibatalkan dan uang yang telah dibayar dikembalikan.",
        questions=(
            "Mohon penjelasan dasar pungutan saat daftar ulang, keputusan komite sekolah yang "
            "mendasarinya, dan rincian penggunaan dana tersebut."
        ),
        answer="{instansi} menyatakan pungutan berasal dari kesepakatan komite dan bersedia "
        "mengubahnya menjadi sumbangan sukarela.",
        finding="Sekolah memungut biaya wajib dari orang tua siswa baru tanpa dasar hukum.",
        corrective="Menghentikan pungutan wajib, mengembalikan uang orang tua siswa, dan "
        "mengumumkan bahwa seragam dapat dibeli di tempat lain.",
        resolved="pungutan dibatalkan dan uang orang tua siswa dikembalikan",
        seasonal=True,
    ),
    Situation(
        key="ijazah-ditahan",
        substance="pendidikan",
        agencies=(SMA1, SMK2, SMP2),
        forms=("penyalahgunaan-wewenang", "tidak-memberikan-pelayanan"),
        position="Kepala Sekolah",
        titles=("Ijazah ditahan sekolah karena tunggakan uang komite",),
        chronology=(
            "Anak pelapor lulus dari {instansi}, tetapi ijazahnya ditahan karena tunggakan uang "
            "komite sebesar {nominal}. Anak pelapor tidak dapat mendaftar kerja. Permohonan "
            "pelapor kepada kepala sekolah pada {tanggal} ditolak."
        ),
        remedy="Ijazah diserahkan tanpa syarat pelunasan.",
        questions="Mohon penjelasan dasar penahanan ijazah lulusan karena tunggakan uang komite.",
        answer="{instansi} menyatakan ijazah akan diserahkan dan tunggakan dibicarakan terpisah.",
        finding="Penahanan ijazah karena tunggakan pembayaran tidak berdasar hukum.",
        corrective="Menyerahkan ijazah anak pelapor dan seluruh ijazah yang ditahan dengan "
        "alasan yang sama.",
        resolved="ijazah telah diserahkan kepada anak pelapor",
    ),
    Situation(
        key="pip-dipotong",
        substance="pendidikan",
        agencies=(SMA1, SMK2, SMP2),
        forms=("permintaan-imbalan", "penyimpangan-prosedur"),
        position="Kepala Sekolah",
        titles=("Dana Program Indonesia Pintar dipotong pihak sekolah",),
        chronology=(
            "Anak pelapor penerima Program Indonesia Pintar di {instansi}. Pada {tanggal} buku "
            "tabungan dikumpulkan oleh wali kelas dan siswa hanya menerima sebagian dana; "
            "{nominal} disebut untuk biaya administrasi."
        ),
        remedy="Dana PIP diterima utuh oleh siswa.",
        questions="Mohon penjelasan mekanisme pencairan dana PIP di sekolah dan dasar "
        "pemotongan dana siswa.",
        answer="{instansi} menyatakan akan mengembalikan potongan dan tidak lagi mengumpulkan "
        "buku tabungan.",
        finding="Sekolah memotong dana bantuan pendidikan yang menjadi hak siswa.",
        corrective="Mengembalikan potongan dana PIP kepada siswa dan menyerahkan pencairan "
        "langsung kepada siswa atau orang tua.",
        resolved="potongan dana PIP telah dikembalikan kepada siswa",
    ),
    Situation(
        key="honor-guru",
        substance="kepegawaian",
        agencies=(DISDIK_PROV, DISDIK_PKP),
        forms=("penundaan-berlarut",),
        position="Sekretaris Dinas",
        titles=("Honor guru tidak tetap belum dibayarkan selama {durasi}",),
        chronology=(
            "Pelapor adalah guru tidak tetap di sekolah negeri di {tempat}. Honor sejak "
            "{tanggal} belum dibayarkan selama {durasi}. Pertanyaan kepada dinas hanya dijawab "
            "bahwa anggaran masih diproses."
        ),
        remedy="Honor segera dibayarkan dan ada jadwal pembayaran yang pasti.",
        questions="Mohon penjelasan penyebab keterlambatan pembayaran honor guru tidak tetap "
        "dan jadwal pembayarannya.",
        answer="{instansi} menyatakan keterlambatan karena revisi anggaran dan honor dibayarkan "
        "bulan ini.",
        finding="Pembayaran honor tertunda tanpa pemberitahuan dan tanpa kepastian waktu.",
        corrective="Membayarkan honor yang tertunda dan menetapkan jadwal pembayaran bulanan.",
        resolved="honor yang tertunda telah dibayarkan",
    ),
    # --- land
    Situation(
        key="ptsl-lambat",
        substance="agraria",
        agencies=(BPN_PKP, BPN_BANGKA),
        forms=("penundaan-berlarut",),
        position="Kepala Seksi Survei dan Pemetaan",
        titles=(
            "Sertifikat tanah program PTSL tidak kunjung terbit",
            "Sertifikat PTSL belum diterima setelah {durasi}",
        ),
        chronology=(
            "Tanah pelapor di {tempat} diukur dalam program PTSL pada {tanggal}. Setelah "
            "{durasi} sertifikat belum diterima, sementara sertifikat tetangga di lokasi yang "
            "sama sudah dibagikan. Petugas hanya menyatakan berkas masih diproses."
        ),
        remedy="Sertifikat diterbitkan atau pelapor diberi penjelasan tertulis tentang "
        "kekurangan berkas.",
        questions=(
            "Mohon penjelasan status berkas PTSL atas bidang tanah pelapor di {tempat}, "
            "kekurangan yang menghambat penerbitan, dan perkiraan waktu penyelesaian."
        ),
        answer="{instansi} menyatakan berkas tertahan karena data yuridis belum lengkap dan "
        "meminta pelapor melengkapi surat riwayat tanah.",
        finding="Kekurangan berkas tidak pernah diberitahukan kepada pelapor.",
        corrective="Memberitahukan secara tertulis kekurangan berkas kepada setiap peserta PTSL "
        "dan menyelesaikan sertifikat pelapor.",
        resolved="sertifikat pelapor telah terbit dan diserahkan",
    ),
    Situation(
        key="ptsl-biaya",
        substance="agraria",
        agencies=(BPN_PKP, BPN_BANGKA),
        forms=("permintaan-imbalan",),
        position="Ketua Ajudikasi PTSL",
        titles=("Biaya PTSL yang dipungut panitia melebihi ketentuan",),
        chronology=(
            "Panitia PTSL di {tempat} memungut {nominal} per bidang pada {tanggal}, melebihi "
            "batas biaya persiapan yang ditetapkan dalam SKB tiga menteri. Warga tidak diberi "
            "rincian penggunaan uang."
        ),
        remedy="Kelebihan pungutan dikembalikan kepada warga.",
        questions="Mohon penjelasan pengawasan terhadap pungutan panitia PTSL di {tempat} dan "
        "langkah yang diambil atas kelebihan pungutan.",
        answer="{instansi} menyatakan telah berkoordinasi dengan pemerintah desa untuk "
        "mengembalikan kelebihan pungutan.",
        finding="Biaya persiapan PTSL dipungut melebihi batas yang ditetapkan tanpa rincian.",
        corrective="Mengembalikan kelebihan pungutan kepada warga dan mengumumkan batas biaya "
        "PTSL di lokasi program.",
        resolved="kelebihan pungutan telah dikembalikan kepada warga",
    ),
    Situation(
        key="ukur-ulang",
        substance="agraria",
        agencies=(BPN_PKP, BPN_BANGKA),
        forms=("tidak-kompeten", "penundaan-berlarut"),
        position="Kepala Seksi Survei dan Pemetaan",
        titles=("Pengukuran ulang bidang tanah yang tumpang tindih tidak dijadwalkan",),
        chronology=(
            "Sertifikat pelapor di {tempat} tumpang tindih dengan sertifikat lain yang terbit "
            "belakangan. Pelapor mengajukan pengukuran ulang dan membayar PNBP pada {tanggal}, "
            "tetapi setelah {durasi} belum dijadwalkan."
        ),
        remedy="Pengukuran ulang segera dilakukan dan tumpang tindih diselesaikan.",
        questions="Mohon penjelasan jadwal pengukuran ulang atas permohonan pelapor dan langkah "
        "penanganan sertifikat yang tumpang tindih.",
        answer="{instansi} menjadwalkan pengukuran ulang dengan mengundang para pihak.",
        finding="Permohonan pengukuran yang telah dibayar tidak dijadwalkan dalam waktu yang "
        "patut.",
        corrective="Melaksanakan pengukuran ulang dan menyampaikan hasilnya secara tertulis "
        "kepada para pihak.",
        resolved="pengukuran ulang telah dilaksanakan dan batas bidang disepakati",
    ),
    Situation(
        key="balik-nama",
        substance="agraria",
        agencies=(BPN_PKP, BPN_BANGKA),
        forms=("tidak-kompeten",),
        position="Kepala Seksi Penetapan Hak dan Pendaftaran",
        titles=("Berkas balik nama sertifikat dinyatakan hilang",),
        chronology=(
            "Pelapor mengajukan balik nama sertifikat melalui loket {instansi} pada {tanggal}. "
            "Setelah {durasi} petugas menyatakan berkas tidak ditemukan dan meminta pelapor "
            "mengajukan ulang."
        ),
        remedy="Berkas ditemukan atau diproses ulang tanpa biaya tambahan.",
        questions="Mohon penjelasan keberadaan berkas balik nama pelapor dan sistem pelacakan "
        "berkas di loket.",
        answer="{instansi} menemukan berkas di bagian arsip dan memprosesnya.",
        finding="Pengelolaan berkas permohonan tidak tertib sehingga berkas pemohon hilang.",
        corrective="Menyelesaikan balik nama pelapor tanpa biaya tambahan dan menerapkan "
        "pelacakan berkas.",
        resolved="balik nama telah selesai",
    ),
    # --- police
    Situation(
        key="sp2hp",
        substance="kepolisian",
        agencies=(POLRESTA, POLRES_BANGKA),
        forms=("penundaan-berlarut",),
        position="Kepala Satuan Reserse Kriminal",
        titles=("Laporan polisi tidak ditindaklanjuti dan SP2HP tidak diberikan",),
        chronology=(
            "Pelapor melaporkan dugaan penipuan jual beli kendaraan ke {instansi} pada "
            "{tanggal}. Setelah {durasi} pelapor tidak pernah menerima Surat Pemberitahuan "
            "Perkembangan Hasil Penyidikan dan penyidik sulit ditemui."
        ),
        remedy="Pelapor menerima SP2HP dan kepastian perkembangan penanganan laporan.",
        questions=(
            "Mohon penjelasan perkembangan penanganan laporan polisi pelapor, pemberian SP2HP "
            "sesuai Perkap 6/2019, dan kendala yang dihadapi penyidik."
        ),
        answer="{instansi} menyampaikan SP2HP dan menjadwalkan gelar perkara.",
        finding="Penyidik tidak memberikan SP2HP kepada pelapor dalam waktu yang ditentukan.",
        corrective="Memberikan SP2HP secara berkala kepada pelapor dan melaksanakan gelar perkara.",
        resolved="pelapor telah menerima SP2HP dan perkara dilimpahkan ke tahap penyidikan",
    ),
    Situation(
        key="skck-biaya",
        substance="kepolisian",
        agencies=(POLRESTA, POLRES_BANGKA),
        forms=("permintaan-imbalan",),
        position="Kepala Satuan Intelijen dan Keamanan",
        titles=("Biaya pembuatan SKCK melebihi tarif resmi",),
        chronology=(
            "Pada {tanggal} pelapor membuat SKCK di {instansi} dan diminta membayar {nominal}, "
            "melebihi tarif Penerimaan Negara Bukan Pajak, tanpa kuitansi untuk selisihnya."
        ),
        remedy="Selisih dikembalikan dan tarif resmi diumumkan di loket.",
        questions="Mohon penjelasan tarif SKCK yang dipungut pada {tanggal} dan pengawasan "
        "terhadap petugas loket.",
        answer="{instansi} menyatakan telah menegur petugas dan memasang papan tarif resmi.",
        finding="Petugas memungut biaya melebihi tarif PNBP.",
        corrective="Mengembalikan selisih biaya dan memasang informasi tarif PNBP di loket SKCK.",
        resolved="selisih biaya dikembalikan dan tarif resmi dipasang di loket",
    ),
    Situation(
        key="barang-bukti",
        substance="kepolisian",
        agencies=(POLRESTA, POLRES_BANGKA),
        forms=("penundaan-berlarut", "penyalahgunaan-wewenang"),
        position="Kepala Satuan Reserse Kriminal",
        titles=("Sepeda motor barang bukti tidak dikembalikan setelah perkara selesai",),
        chronology=(
            "Sepeda motor milik pelapor disita sebagai barang bukti perkara pencurian yang "
            "putusannya telah berkekuatan hukum tetap. Sejak {tanggal} pelapor berulang kali "
            "meminta pengembalian ke {instansi}, tetapi selalu diminta kembali minggu depan."
        ),
        remedy="Sepeda motor dikembalikan sesuai putusan.",
        questions="Mohon penjelasan status barang bukti milik pelapor dan dasar belum "
        "dikembalikannya setelah putusan berkekuatan hukum tetap.",
        answer="{instansi} menyatakan menunggu salinan putusan dan akan mengembalikan barang "
        "bukti.",
        finding="Pengembalian barang bukti ditunda tanpa alasan yang sah.",
        corrective="Mengembalikan barang bukti kepada pelapor dan menertibkan administrasi "
        "pengembalian barang bukti.",
        resolved="sepeda motor telah dikembalikan kepada pelapor",
    ),
    Situation(
        key="sim-calo",
        substance="kepolisian",
        agencies=(POLRESTA, POLRES_BANGKA),
        forms=("permintaan-imbalan", "berpihak"),
        position="Kepala Satuan Lalu Lintas",
        titles=("Pemohon SIM diarahkan menggunakan jasa calo",),
        chronology=(
            "Pada {tanggal} pelapor gagal ujian praktik SIM di {instansi}. Seseorang di area "
            "pelayanan menawarkan kelulusan dengan membayar {nominal}. Pemohon yang membayar "
            "terlihat tidak mengikuti ujian praktik."
        ),
        remedy="Praktik percaloan ditertibkan dan ujian dilaksanakan sama bagi semua pemohon.",
        questions="Mohon penjelasan pengawasan terhadap percaloan di area pelayanan SIM dan "
        "pelaksanaan ujian praktik.",
        answer="{instansi} menyatakan telah memasang kamera pengawas dan menertibkan area "
        "pelayanan.",
        finding="Terdapat praktik percaloan yang dibiarkan di area pelayanan SIM.",
        corrective="Menertibkan percaloan, memasang kamera pengawas di lintasan ujian, dan "
        "membuka kanal pengaduan di lokasi.",
        resolved="percaloan ditertibkan dan pelapor mengikuti ujian ulang",
    ),
    # --- vehicle tax
    Situation(
        key="samsat-biaya",
        substance="perpajakan",
        agencies=(SAMSAT,),
        forms=("permintaan-imbalan",),
        position="Kepala UPTD",
        titles=("Biaya di luar tarif resmi saat perpanjangan STNK lima tahunan",),
        chronology=(
            "Pada {tanggal} pelapor memperpanjang STNK lima tahunan di {instansi}. Selain pajak "
            "dan PNBP, pelapor diminta {nominal} untuk cek fisik tanpa kuitansi."
        ),
        remedy="Pungutan di luar ketentuan dihentikan dan uang dikembalikan.",
        questions="Mohon penjelasan komponen biaya perpanjangan STNK lima tahunan dan dasar "
        "pungutan cek fisik.",
        answer="{instansi} menyatakan cek fisik tidak dipungut biaya dan telah menegur petugas.",
        finding="Petugas memungut biaya cek fisik yang tidak diatur.",
        corrective="Mengembalikan pungutan kepada pelapor dan memasang rincian biaya resmi "
        "di loket cek fisik.",
        resolved="uang pelapor telah dikembalikan",
    ),
    Situation(
        key="samsat-pemutihan",
        substance="perpajakan",
        agencies=(SAMSAT,),
        forms=("penyimpangan-prosedur",),
        position="Kepala UPTD",
        titles=("Denda pajak kendaraan tetap ditagih pada masa program pemutihan",),
        chronology=(
            "Pemerintah provinsi mengumumkan pembebasan denda pajak kendaraan bermotor. Namun "
            "pada {tanggal} pelapor tetap ditagih denda {nominal} di {instansi} dengan alasan "
            "sistem belum diperbarui."
        ),
        remedy="Denda dikembalikan sesuai program pembebasan.",
        questions="Mohon penjelasan penerapan program pembebasan denda pada {tanggal} dan "
        "pengembalian denda yang telah dibayar.",
        answer="{instansi} mengakui keterlambatan pembaruan sistem dan memproses pengembalian.",
        finding="Program pembebasan denda tidak diterapkan sesuai keputusan gubernur.",
        corrective="Mengembalikan denda yang telah dibayar wajib pajak selama masa program.",
        resolved="denda yang dibayar pelapor telah dikembalikan",
    ),
    # --- licensing
    Situation(
        key="pbg-lambat",
        substance="perizinan",
        agencies=(PTSP_BANGKA,),
        forms=("penundaan-berlarut",),
        position="Kepala Bidang Pelayanan Perizinan",
        titles=("Persetujuan Bangunan Gedung tidak terbit melewati batas waktu",),
        chronology=(
            "Pelapor mengajukan Persetujuan Bangunan Gedung untuk rumah toko di {tempat} pada "
            "{tanggal}. Setelah {durasi} dan seluruh persyaratan dipenuhi, persetujuan belum "
            "terbit dan status di sistem tidak berubah."
        ),
        remedy="PBG diterbitkan sesuai standar waktu.",
        questions="Mohon penjelasan status permohonan PBG pelapor, tahapan yang belum selesai, "
        "dan standar waktu penerbitan.",
        answer="{instansi} menyatakan menunggu penilaian tim profesi ahli dan menjadwalkan sidang.",
        finding="Penerbitan PBG melampaui standar waktu tanpa pemberitahuan kepada pemohon.",
        corrective="Menerbitkan PBG pelapor dan memberitahukan setiap penundaan tahapan kepada "
        "pemohon.",
        resolved="PBG pelapor telah terbit",
    ),
    Situation(
        key="izin-usaha",
        substance="perizinan",
        agencies=(PTSP_BANGKA,),
        forms=("penyimpangan-prosedur", "permintaan-imbalan"),
        position="Kepala Bidang Pelayanan Perizinan",
        titles=("Izin usaha rumah makan dipersulit dengan syarat tambahan",),
        chronology=(
            "Pelapor mengurus izin usaha rumah makan di {tempat} pada {tanggal}. Petugas meminta "
            "rekomendasi tambahan dari kecamatan yang tidak tercantum dalam standar pelayanan "
            "dan menawarkan bantuan pengurusan dengan biaya {nominal}."
        ),
        remedy="Izin diproses sesuai persyaratan resmi tanpa biaya tambahan.",
        questions="Mohon penjelasan persyaratan izin usaha rumah makan dan dasar permintaan "
        "rekomendasi kecamatan.",
        answer="{instansi} menyatakan rekomendasi kecamatan tidak diperlukan dan telah "
        "memproses izin pelapor.",
        finding="Petugas meminta persyaratan di luar standar pelayanan dan menawarkan jasa "
        "berbayar.",
        corrective="Memproses izin pelapor dan menjatuhkan sanksi kepada petugas yang menawarkan "
        "jasa berbayar.",
        resolved="izin usaha pelapor telah terbit",
    ),
    # --- villages
    Situation(
        key="blt-dana-desa",
        substance="desa",
        agencies=(PEMKAB_BANGKA, PEMKAB_BELITUNG),
        forms=("berpihak", "penyimpangan-prosedur"),
        position="Kepala Dinas Pemberdayaan Masyarakat dan Desa",
        titles=("Warga miskin tidak menerima BLT Dana Desa di {tempat}",),
        chronology=(
            "Pelapor, warga desa di {tempat}, tergolong keluarga miskin dan tercatat dalam data "
            "terpadu, tetapi tidak menerima BLT Dana Desa yang disalurkan sejak {tanggal}. "
            "Penerima ditetapkan tanpa musyawarah desa khusus dan sebagian adalah kerabat "
            "perangkat desa."
        ),
        remedy="Penetapan penerima ditinjau ulang melalui musyawarah desa khusus.",
        questions="Mohon penjelasan pembinaan dan pengawasan pemerintah kabupaten atas "
        "penetapan penerima BLT Dana Desa di {tempat}.",
        answer="{instansi} menyatakan telah meminta pemerintah desa menggelar musyawarah desa "
        "khusus ulang.",
        finding="Penetapan penerima BLT Dana Desa tidak melalui musyawarah desa khusus.",
        corrective="Meminta pemerintah desa menetapkan ulang penerima melalui musyawarah desa "
        "khusus dan mengumumkan daftar penerima.",
        resolved="musyawarah desa khusus digelar ulang dan pelapor ditetapkan sebagai penerima",
    ),
    Situation(
        key="skt-desa",
        substance="desa",
        agencies=(PEMKAB_BANGKA, PEMKAB_BELITUNG),
        forms=("permintaan-imbalan",),
        position="Camat",
        titles=("Kepala desa meminta uang untuk menerbitkan surat keterangan tanah",),
        chronology=(
            "Pelapor meminta surat keterangan tanah untuk kebun lada di {tempat} pada "
            "{tanggal}. Kepala desa meminta {nominal} per hektare sebagai syarat penandatanganan."
        ),
        remedy="Surat diterbitkan tanpa pungutan.",
        questions="Mohon penjelasan pembinaan pemerintah kabupaten terhadap pungutan dalam "
        "pelayanan surat keterangan di desa.",
        answer="{instansi} melalui camat telah memanggil kepala desa dan menghentikan pungutan.",
        finding="Terjadi pungutan tanpa dasar hukum dalam pelayanan surat keterangan di desa.",
        corrective="Menghentikan pungutan, mengembalikan uang warga, dan membina kepala desa.",
        resolved="surat keterangan diterbitkan tanpa biaya",
    ),
    Situation(
        key="perangkat-desa",
        substance="desa",
        agencies=(PEMKAB_BANGKA, PEMKAB_BELITUNG),
        forms=("penyimpangan-prosedur", "konflik-kepentingan"),
        position="Camat",
        titles=("Penjaringan perangkat desa tidak transparan di {tempat}",),
        chronology=(
            "Penjaringan perangkat desa di {tempat} pada {tanggal} tidak mengumumkan nilai ujian. "
            "Peserta yang terpilih adalah kerabat kepala desa meskipun tidak mengikuti ujian "
            "tertulis."
        ),
        remedy="Hasil penjaringan ditinjau ulang dan nilai ujian diumumkan.",
        questions="Mohon penjelasan rekomendasi camat atas hasil penjaringan perangkat desa "
        "dan pemeriksaan terhadap prosedurnya.",
        answer="{instansi} menyatakan rekomendasi ditunda sampai nilai ujian diumumkan.",
        finding="Penjaringan perangkat desa tidak mengikuti prosedur dan mengandung konflik "
        "kepentingan.",
        corrective="Mengulang tahap penilaian dengan panitia yang bebas konflik kepentingan.",
        resolved="penjaringan diulang dan nilai peserta diumumkan",
    ),
    # --- infrastructure, water, environment
    Situation(
        key="jalan-rusak",
        substance="perhubungan-infrastruktur",
        agencies=(PUPR_PKP,),
        forms=("penundaan-berlarut",),
        position="Kepala Bidang Bina Marga",
        titles=("Jalan lingkungan rusak berat di {tempat} tidak diperbaiki",),
        chronology=(
            "Jalan di {tempat} berlubang dan tergenang sejak {tanggal}. Warga sudah mengusulkan "
            "perbaikan dalam musrenbang dan menyurati dinas, tetapi tidak ada jawaban. Beberapa "
            "pengendara sepeda motor terjatuh."
        ),
        remedy="Jalan diperbaiki atau ada jadwal perbaikan yang pasti.",
        questions="Mohon penjelasan rencana pemeliharaan jalan di {tempat} dan tindak lanjut "
        "atas surat warga.",
        answer="{instansi} menyatakan perbaikan masuk pemeliharaan rutin triwulan ini.",
        finding="Surat warga tidak dijawab dan kerusakan yang membahayakan dibiarkan.",
        corrective="Menambal jalan di {tempat} dan menjawab setiap surat warga dalam 14 hari.",
        resolved="jalan telah ditambal dan drainase dibersihkan",
    ),
    Situation(
        key="drainase",
        substance="perhubungan-infrastruktur",
        agencies=(PUPR_PKP,),
        forms=("tidak-memberikan-pelayanan",),
        position="Kepala Bidang Sumber Daya Air",
        titles=("Drainase tersumbat menyebabkan banjir setiap hujan deras",),
        chronology=(
            "Saluran drainase di {tempat} tersumbat sedimen sejak {tanggal}. Setiap hujan deras, "
            "air masuk ke rumah warga. Pengaduan melalui kelurahan tidak ditindaklanjuti."
        ),
        remedy="Drainase dinormalisasi.",
        questions="Mohon penjelasan jadwal normalisasi drainase di {tempat}.",
        answer="{instansi} telah mengerahkan alat berat untuk normalisasi saluran.",
        finding="Pemeliharaan drainase tidak dilakukan meski telah diadukan.",
        corrective="Menormalisasi saluran di {tempat} dan menyusun jadwal pemeliharaan berkala.",
        resolved="saluran telah dinormalisasi dan tidak terjadi genangan lagi",
    ),
    Situation(
        key="air-minum",
        substance="air-minum",
        agencies=(PEMKOT,),
        forms=("tidak-memberikan-pelayanan", "penyimpangan-prosedur"),
        position="Direktur perusahaan daerah air minum",
        titles=("Air PDAM tidak mengalir tetapi tagihan tetap penuh",),
        chronology=(
            "Sejak {tanggal} air dari perusahaan daerah air minum tidak mengalir ke rumah pelapor "
            "di {tempat} selama {durasi}. Tagihan tetap datang dengan biaya beban penuh. "
            "Pengaduan di kantor pelayanan hanya dicatat."
        ),
        remedy="Pasokan air dipulihkan dan tagihan disesuaikan.",
        questions="Mohon penjelasan penyebab terhentinya pasokan air di {tempat} dan dasar "
        "penagihan penuh selama air tidak mengalir.",
        answer="{instansi} menyatakan pipa distribusi bocor dan telah diperbaiki; tagihan "
        "disesuaikan.",
        finding="Pelanggan ditagih penuh saat layanan tidak diberikan.",
        corrective="Menyesuaikan tagihan pelanggan terdampak dan mengumumkan gangguan pasokan.",
        resolved="pasokan air telah pulih dan tagihan disesuaikan",
    ),
    Situation(
        key="tambang-timah",
        substance="lingkungan-hidup",
        agencies=(PEMKAB_BANGKA, PEMPROV),
        forms=("tidak-memberikan-pelayanan", "penundaan-berlarut"),
        position="Kepala Dinas Lingkungan Hidup",
        titles=("Pengaduan tambang timah inkonvensional dekat permukiman tidak ditindaklanjuti",),
        chronology=(
            "Tambang timah inkonvensional beroperasi sekitar seratus meter dari permukiman dan "
            "sumber air warga di {tempat} sejak {tanggal}. Air sumur keruh dan jalan rusak. "
            "Warga sudah menyurati pemerintah daerah, tetapi tidak ada pengawasan."
        ),
        remedy="Pengawasan dan penertiban dilakukan serta sumber air warga dipulihkan.",
        questions="Mohon penjelasan pengawasan lingkungan yang telah dilakukan atas aktivitas "
        "tambang di {tempat} dan tindak lanjut atas surat warga.",
        answer="{instansi} menyatakan telah menurunkan tim pengawas bersama kepolisian.",
        finding="Pengaduan warga tentang pencemaran tidak ditindaklanjuti dengan pengawasan.",
        corrective="Melakukan pengawasan lingkungan di {tempat}, menyampaikan hasilnya kepada "
        "warga, dan menyediakan air bersih sementara.",
        resolved="aktivitas tambang dihentikan dan air bersih disediakan bagi warga",
    ),
    # --- civil service, employment, social welfare
    Situation(
        key="tpp-dipotong",
        substance="kepegawaian",
        agencies=(PEMPROV,),
        forms=("penyimpangan-prosedur",),
        position="Kepala Badan Kepegawaian Daerah",
        titles=("Tambahan penghasilan pegawai dipotong tanpa dasar yang jelas",),
        chronology=(
            "Pelapor, aparatur sipil negara, menerima tambahan penghasilan pegawai yang dipotong "
            "{nominal} sejak {tanggal} tanpa penjelasan. Permintaan rincian perhitungan tidak "
            "dijawab."
        ),
        remedy="Rincian perhitungan diberikan dan potongan tanpa dasar dikembalikan.",
        questions="Mohon penjelasan dasar perhitungan tambahan penghasilan pelapor sejak "
        "{tanggal}.",
        answer="{instansi} menyatakan ada kesalahan data absensi dan akan membayar selisihnya.",
        finding="Potongan dilakukan tanpa dasar dan tanpa pemberitahuan kepada pegawai.",
        corrective="Membayar selisih tambahan penghasilan dan memberikan rincian perhitungan "
        "kepada pegawai.",
        resolved="selisih tambahan penghasilan telah dibayarkan",
    ),
    Situation(
        key="mediasi-naker",
        substance="ketenagakerjaan",
        agencies=(PEMKOT, PEMKAB_BANGKA),
        forms=("penundaan-berlarut",),
        position="Kepala Dinas Tenaga Kerja",
        titles=("Permohonan mediasi perselisihan hubungan industrial tidak ditanggapi",),
        chronology=(
            "Pelapor mengajukan permohonan mediasi atas pemutusan hubungan kerja kepada dinas "
            "tenaga kerja pada {tanggal}. Setelah {durasi} belum ada panggilan mediasi, padahal "
            "mediator wajib menyelesaikan dalam 30 hari kerja."
        ),
        remedy="Mediasi segera dijadwalkan.",
        questions="Mohon penjelasan penjadwalan mediasi atas permohonan pelapor.",
        answer="{instansi} telah menunjuk mediator dan menjadwalkan sidang mediasi.",
        finding="Mediasi tidak dijadwalkan dalam batas waktu UU 2/2004.",
        corrective="Menyelesaikan mediasi pelapor dan memantau batas waktu setiap permohonan.",
        resolved="mediasi telah digelar dan anjuran mediator diterbitkan",
    ),
    Situation(
        key="bansos-dihentikan",
        substance="kesejahteraan-sosial",
        agencies=(PEMKOT, PEMKAB_BANGKA, PEMKAB_BELITUNG),
        forms=("tidak-kompeten",),
        position="Kepala Dinas Sosial",
        titles=("Bantuan sosial keluarga dihentikan tanpa pemberitahuan",),
        chronology=(
            "Keluarga pelapor di {tempat} menerima bantuan sosial bertahun-tahun, tetapi sejak "
            "{tanggal} bantuan berhenti. Pendamping hanya menyatakan data pelapor hilang dari "
            "sistem."
        ),
        remedy="Data diperbaiki dan bantuan diterima kembali bila masih berhak.",
        questions="Mohon penjelasan status data pelapor dalam data terpadu kesejahteraan sosial "
        "dan mekanisme usulan perbaikan data.",
        answer="{instansi} telah mengusulkan perbaikan data pelapor pada pemutakhiran bulan ini.",
        finding="Perubahan data penerima tidak diverifikasi dan tidak diberitahukan.",
        corrective="Mengusulkan perbaikan data pelapor dan memberitahukan setiap perubahan "
        "status kepada penerima.",
        resolved="data pelapor telah diperbaiki dan bantuan kembali diterima",
    ),
)


@dataclass(frozen=True)
class Urgent:
    """A rapid-response (RCO) situation: a threat to life, education or livelihood."""

    substance: str
    agencies: tuple[str, ...]
    title: str
    chronology: str
    coordination: str  # what the office did on the spot
    resolved: str


URGENT: tuple[Urgent, ...] = (
    Urgent(
        "kesehatan",
        RS_ALL,
        "Pasien gawat darurat diminta uang jaminan sebelum ditangani",
        "Pelapor menelepon dari IGD {instansi}: keluarganya yang mengalami pendarahan diminta "
        "menyerahkan uang jaminan sebelum ditangani.",
        "Asisten menghubungi direktur dan kepala IGD {instansi}; pasien langsung ditangani.",
        "pasien ditangani tanpa uang jaminan",
    ),
    Urgent(
        "kesehatan",
        (PEMKOT, DINKES_PROV),
        "Pasien cuci darah tidak dapat dilayani karena kepesertaan JKN nonaktif",
        "Pasien gagal ginjal yang harus cuci darah dua kali seminggu ditolak karena "
        "kepesertaan JKN PBI nonaktif sejak awal bulan.",
        "Koordinasi dengan dinas sosial dan rumah sakit untuk reaktivasi kepesertaan hari itu.",
        "kepesertaan diaktifkan kembali dan pasien menjalani cuci darah",
    ),
    Urgent(
        "pendidikan",
        (SMK2, SMA1),
        "Siswa dilarang mengikuti ujian karena tunggakan sekolah",
        "Anak pelapor tidak diizinkan mengikuti ujian akhir semester di {instansi} karena "
        "belum melunasi uang komite.",
        "Asisten menghubungi kepala sekolah dan dinas pendidikan provinsi.",
        "siswa diizinkan mengikuti ujian susulan",
    ),
    Urgent(
        "energi-kelistrikan",
        (PLN_BANGKA, PLN_BELITUNG),
        "Listrik rumah pasien pengguna konsentrator oksigen diputus",
        "Listrik rumah pelapor diputus karena tunggakan, padahal orang tuanya bergantung pada "
        "konsentrator oksigen.",
        "Koordinasi langsung dengan manajer unit layanan {instansi}.",
        "listrik disambung kembali dan pelapor diberi keringanan cicilan tunggakan",
    ),
    Urgent(
        "kesehatan",
        RS_ALL,
        "Jenazah tertahan di rumah sakit karena keluarga belum melunasi biaya",
        "Keluarga pelapor tidak diizinkan membawa pulang jenazah dari {instansi} sebelum "
        "melunasi biaya perawatan.",
        "Asisten datang ke {instansi} dan berkoordinasi dengan bagian keuangan.",
        "jenazah diserahkan kepada keluarga dan biaya dibayar dengan cicilan",
    ),
    Urgent(
        "pendidikan",
        (DISDIK_PROV, DISDIK_PKP),
        "Anak belum mendapat sekolah seminggu sebelum tahun ajaran dimulai",
        "Anak pelapor tidak diterima di sekolah mana pun setelah PPDB, padahal tahun ajaran "
        "dimulai minggu depan.",
        "Koordinasi dengan {instansi} tentang daya tampung sekolah terdekat.",
        "anak pelapor mendapat kursi di sekolah negeri terdekat",
    ),
    Urgent(
        "kesejahteraan-sosial",
        (PEMKOT, PEMKAB_BANGKA),
        "Warga terdampak banjir belum menerima bantuan logistik",
        "Puluhan keluarga di {tempat} terdampak banjir sejak dua hari dan belum menerima "
        "bantuan makanan dan air bersih.",
        "Asisten menghubungi badan penanggulangan bencana daerah dan dinas sosial.",
        "bantuan logistik disalurkan hari itu juga",
    ),
    Urgent(
        "adminduk",
        (CAPIL_PKP, CAPIL_BANGKA),
        "Bayi perlu operasi tetapi belum dapat didaftarkan JKN karena belum punya akta",
        "Bayi pelapor harus segera dioperasi, tetapi pendaftaran JKN menunggu akta kelahiran "
        "dan Kartu Keluarga baru.",
        "Koordinasi dengan {instansi} untuk pelayanan dokumen hari itu.",
        "akta kelahiran dan Kartu Keluarga terbit hari itu dan bayi terdaftar sebagai peserta JKN",
    ),
)

# Consultations (KNL): the question and the advice given.
CONSULTATIONS: tuple[tuple[str, str], ...] = (
    (
        "Menanyakan cara melaporkan pungutan di sekolah negeri",
        "Dijelaskan syarat laporan. Disarankan menyampaikan keberatan tertulis kepada kepala "
        "sekolah dan dinas pendidikan, menyimpan bukti pembayaran, lalu melapor ke Ombudsman "
        "bila tidak ditanggapi dalam 14 hari.",
    ),
    (
        "Menanyakan apakah Ombudsman dapat membantu sengketa warisan tanah keluarga",
        "Sengketa warisan adalah sengketa antarwarga dan diselesaikan di pengadilan agama atau "
        "secara musyawarah. Ombudsman dapat menerima laporan bila ada maladministrasi dalam "
        "pelayanan kantor pertanahan.",
    ),
    (
        "Menanyakan lama waktu penerbitan sertifikat tanah",
        "Dijelaskan standar waktu pelayanan pertanahan dan cara memantau berkas. Disarankan "
        "meminta tanda terima berkas dan menanyakan kekurangan secara tertulis.",
    ),
    (
        "Menanyakan cara mengajukan keberatan atas tagihan listrik",
        "Disarankan mengajukan keberatan ke unit layanan PLN atau melalui aplikasi resmi, "
        "meminta nomor pengaduan, dan melapor ke Ombudsman bila tidak ada penyelesaian.",
    ),
    (
        "Menanyakan syarat pembuatan KTP-el bagi warga pindahan",
        "Dijelaskan bahwa diperlukan surat pindah dari daerah asal dan Kartu Keluarga baru; "
        "pelayanan dokumen kependudukan tidak dipungut biaya.",
    ),
    (
        "Menanyakan hak pasien JKN yang diminta membeli obat sendiri",
        "Dijelaskan bahwa obat dalam paket pelayanan JKN menjadi tanggung jawab rumah sakit. "
        "Disarankan mengadu ke unit pengaduan rumah sakit dan petugas BPJS Kesehatan di rumah "
        "sakit, menyimpan kuitansi, lalu melapor bila tidak diselesaikan.",
    ),
    (
        "Menanyakan biaya resmi pembuatan SKCK",
        "Dijelaskan bahwa biaya SKCK adalah tarif Penerimaan Negara Bukan Pajak yang berlaku "
        "dan harus disertai bukti pembayaran.",
    ),
    (
        "Menanyakan cara mengadukan kepala desa yang menolak memberi surat keterangan",
        "Disarankan menyampaikan keberatan kepada camat dan dinas pemberdayaan masyarakat dan "
        "desa; bila tidak ditanggapi, pelapor dapat melapor ke Ombudsman dengan bukti keberatan.",
    ),
    (
        "Menanyakan ketentuan jalur zonasi pada penerimaan murid baru",
        "Dijelaskan ketentuan jalur domisili dan cara meminta pengumuman peringkat kepada panitia.",
    ),
    (
        "Menanyakan bantuan hukum untuk perkara pidana anggota keluarga",
        "Bantuan hukum bukan kewenangan Ombudsman; disarankan menghubungi organisasi bantuan "
        "hukum terakreditasi atau pos bantuan hukum di pengadilan negeri.",
    ),
    (
        "Menanyakan perkembangan laporan yang dikirim melalui pos",
        "Dijelaskan cara memantau laporan dengan nomor dan kode akses pada tanda terima.",
    ),
    (
        "Menanyakan syarat pengajuan keringanan pajak kendaraan",
        "Dijelaskan bahwa keringanan diatur keputusan gubernur; disarankan menanyakan ke loket "
        "informasi Samsat dan meminta jawaban tertulis bila ditolak.",
    ),
)

# Copies of complaints addressed to another body (tembusan): summary and the body addressed.
COPIES: tuple[tuple[str, str], ...] = (
    (
        "Tembusan surat keberatan pedagang kepada Wali Kota Pangkalpinang tentang relokasi pasar",
        PEMKOT,
    ),
    (
        "Tembusan surat warga kepada Bupati Bangka tentang kerusakan jalan desa akibat angkutan "
        "tambang",
        PEMKAB_BANGKA,
    ),
    (
        "Tembusan pengaduan kepada Kapolda Kepulauan Bangka Belitung tentang penanganan laporan "
        "penganiayaan",
        POLDA,
    ),
    (
        "Tembusan surat forum guru kepada gubernur tentang honor guru tidak tetap",
        PEMPROV,
    ),
    (
        "Tembusan surat kepada Kepala Kantor Pertanahan tentang sertifikat yang tumpang tindih",
        BPN_PKP,
    ),
    (
        "Tembusan surat keluarga pasien kepada direktur rumah sakit tentang pelayanan IGD",
        RS_HAMZAH,
    ),
    (
        "Tembusan surat nelayan kepada PLN tentang pemadaman di pelabuhan perikanan",
        PLN_BANGKA,
    ),
)

# Reports that are not within the Ombudsman's authority: summary, chronology, referred to.
NOT_AUTHORITY: tuple[tuple[str, str, str], ...] = (
    (
        "Sengketa utang piutang dengan tetangga",
        "Pelapor meminjamkan uang kepada tetangganya di {tempat} dan pinjaman tidak dikembalikan "
        "sejak {tanggal}.",
        "Pengadilan Negeri Pangkalpinang (gugatan sederhana)",
    ),
    (
        "Keberatan atas putusan hakim dalam perkara perdata",
        "Pelapor tidak menerima putusan pengadilan dalam perkara sewa-menyewa rumah toko yang "
        "diputus pada {tanggal}.",
        "Upaya hukum banding; Komisi Yudisial bila ada dugaan pelanggaran kode etik hakim",
    ),
    (
        "Penagihan kasar oleh penagih utang bank swasta",
        "Sejak {tanggal} penagih utang dari bank swasta mendatangi rumah pelapor di {tempat} "
        "dan mengancam keluarga.",
        "Otoritas Jasa Keuangan",
    ),
    (
        "Pemutusan hubungan kerja oleh perusahaan swasta",
        "Pelapor diberhentikan oleh perusahaan perkebunan swasta pada {tanggal} tanpa pesangon.",
        "Dinas tenaga kerja setempat (mediasi hubungan industrial)",
    ),
    (
        "Penipuan jual beli daring oleh perorangan",
        "Pelapor mentransfer {nominal} untuk membeli telepon genggam melalui media sosial pada "
        "{tanggal}, tetapi barang tidak dikirim.",
        "Kepolisian (laporan pidana)",
    ),
    (
        "Sengketa batas kebun antarwarga",
        "Tetangga pelapor di {tempat} memindahkan patok batas kebun lada pada {tanggal}.",
        "Pemerintah desa untuk musyawarah; pengadilan negeri bila tidak sepakat",
    ),
)

# Ps.36(1) reasons with the note of the pleno decision; False marks the failed material item.
REJECTIONS: dict[str, tuple[str, str | None]] = {
    "a-belum-disampaikan": (
        "Pelapor belum menyampaikan keberatan kepada {instansi}; disarankan menyampaikannya "
        "lebih dahulu dan melapor kembali bila tidak ditanggapi.",
        None,
    ),
    "b-proses-peradilan": (
        "Substansi laporan sedang diperiksa pengadilan dalam perkara yang diajukan pelapor.",
        "tidak_di_pengadilan",
    ),
    "c-dalam-proses-instansi": (
        "{instansi} masih memproses pengaduan pelapor dalam tenggang waktu yang patut.",
        "instansi_tidak_sedang_menangani",
    ),
    "d-sudah-diselesaikan": (
        "Pelapor telah memperoleh penyelesaian dari {instansi} sebelum laporan diputuskan.",
        "belum_diselesaikan",
    ),
    "e-bukan-kewenangan": (
        "Yang dilaporkan adalah hubungan keperdataan, bukan penyelenggaraan pelayanan publik.",
        "kewenangan",
    ),
    "f-sudah-mediasi": (
        "Substansi yang sama telah diselesaikan melalui mediasi Ombudsman pada laporan terdahulu.",
        "belum_dilaporkan",
    ),
    "g-tidak-ditemukan-maladministrasi": (
        "Dari dokumen yang disampaikan, {instansi} telah bertindak sesuai prosedur dan standar "
        "pelayanan; tidak ditemukan maladministrasi.",
        None,
    ),
}

WITHDRAWALS: tuple[str, ...] = (
    "Pelapor menyatakan masalahnya telah diselesaikan langsung oleh instansi.",
    "Pelapor mencabut laporan karena telah berdamai dengan pihak terlapor.",
    "Pelapor pindah domisili ke luar provinsi dan tidak melanjutkan laporan.",
    "Pelapor memilih menempuh gugatan di pengadilan.",
)

# What the closing note says, by closure mode ({selesai}: the situation's ``resolved``).
CLOSING_NOTES: dict[str, str] = {
    "klarifikasi-tertulis": "Berdasarkan jawaban tertulis terlapor, {selesai}.",
    "klarifikasi-lisan": "Setelah koordinasi lisan dengan terlapor, {selesai}.",
    "investigasi-lapangan": "Setelah investigasi lapangan, {selesai}.",
    "mediasi-konsiliasi": "Mediasi mencapai kesepakatan: {selesai}.",
}

NOT_FOUND = (
    "Berdasarkan klarifikasi dan dokumen yang diperoleh, {instansi} telah memberikan pelayanan "
    "sesuai standar pelayanan; keterlambatan yang dialami pelapor disebabkan berkas yang belum "
    "lengkap."
)
STOPPED = (
    "Pemeriksaan dihentikan karena pelapor dan terlapor sepakat menyelesaikan masalah: {selesai}."
)
NEW_EVIDENCE = "Pelapor menyampaikan bukti baru yang belum dipertimbangkan dalam rancangan LAHP."
AGREES = "Pelapor menyatakan menerima rancangan LAHP."
RECOMMENDATION = (
    "Ombudsman RI merekomendasikan kepada {atasan} agar memerintahkan {instansi}: {korektif} "
    "Pelaksanaannya dilaporkan kepada Ombudsman RI dalam 60 hari."
)
REGISTERED = "Rapat pleno: laporan memenuhi syarat formil dan materiil; diteruskan ke pemeriksaan."
FIELD_FINDINGS = (
    "Tim meninjau lokasi tanpa pemberitahuan, mewawancarai petugas dan warga, serta memeriksa "
    "dokumen pelayanan; keterangan pelapor sesuai kondisi di lapangan."
)
REOPENED = "Pelapor menyampaikan bahwa haknya belum dipulihkan seperti dinyatakan terlapor."

# Formal items the reporter was asked to complete, and how that is said.
MISSING_ITEMS: dict[str, str] = {
    "dokumen_identitas": "salinan KTP",
    "kronologi": "kronologi kejadian yang bertanggal",
    "sudah_menyampaikan": "bukti telah menyampaikan keberatan kepada terlapor",
    "identitas_lengkap": "identitas lengkap (tempat dan tanggal lahir, pekerjaan, alamat)",
}

# Own-initiative investigations (IAPS): the situation behind them, title, chronology.
INVESTIGATIONS: dict[str, tuple[str, str]] = {
    "pln-padam": (
        "Investigasi atas prakarsa sendiri: pemadaman listrik berulang di Pulau Bangka",
        "Posko pengaduan menerima lonjakan laporan pemadaman listrik dari berbagai kecamatan. "
        "Ombudsman memeriksa kesiapan pasokan daya, jadwal pemeliharaan, dan pemberian "
        "kompensasi kepada pelanggan.",
    ),
    "ppdb-pungutan": (
        "Investigasi atas prakarsa sendiri: pungutan daftar ulang di sekolah negeri",
        "Sejumlah laporan pungutan daftar ulang pada penerimaan murid baru menunjukkan pola "
        "yang sama di beberapa sekolah negeri.",
    ),
    "ktp-blanko": (
        "Investigasi atas prakarsa sendiri: penundaan pencetakan KTP-el",
        "Laporan berulang tentang KTP-el yang tidak dicetak dengan alasan blanko habis.",
    ),
}

# --- reporters (invented people)
FIRST_NAMES: tuple[str, ...] = (
    "Rusdi", "Nurhayati", "Suhardi", "Yanti", "Fitriani", "Zulkarnain", "Rosmala", "Darmawan",
    "Syahril", "Hasanah", "Jumadi", "Rosita", "Agustina", "Ferdiansyah", "Rizky", "Dedi",
    "Erwin", "Sulaiman", "Marlina", "Ratnasari", "Indra", "Hendri", "Sukardi", "Ismail",
    "Juliana", "Herman", "Susanti", "Ferry", "Fransiska", "Akhmad", "Rahmawati", "Bambang",
    "Eka", "Yusni", "Kurniawan", "Mardiana", "Taufik", "Wahyuni", "Arif", "Novita",
    "Hamdani", "Lestari", "Samsul", "Aisyah", "Rudi", "Melati", "Sopian", "Junaidi",
)  # fmt: skip
LAST_NAMES: tuple[str, ...] = (
    "Hamzah", "Saputra", "Rahman", "Pratama", "Wijaya", "Lim", "Tan", "Kurnia", "Setiawan",
    "Syafei", "Amran", "Bong", "Effendi", "Nasution", "Hidayat", "Harahap", "Sulistyo", "Jamal",
    "Anwar", "Yusuf", "Tjhin", "Suryani", "Abdullah", "Ramadhan", "Firmansyah", "Ali",
)  # fmt: skip
OCCUPATIONS: tuple[str, ...] = (
    "Wiraswasta", "Nelayan", "Petani lada", "Mengurus rumah tangga", "Karyawan swasta",
    "Guru honorer", "Pedagang", "Buruh harian lepas", "Pensiunan PNS", "Mahasiswa",
    "Sopir", "Pekebun karet", "Aparatur sipil negara", "Perawat",
)  # fmt: skip
BIRTH_PLACES: tuple[str, ...] = (
    "Pangkalpinang", "Sungailiat", "Muntok", "Toboali", "Tanjungpandan", "Manggar", "Koba",
    "Belinyu", "Palembang", "Jakarta", "Jebus", "Kelapa Kampit",
)  # fmt: skip
STREETS: tuple[str, ...] = (
    "Jl. Masjid Jamik", "Jl. Depati Amir", "Jl. Kampung Melayu", "Jl. Air Itam",
    "Jl. Pasir Padi", "Jl. Koba", "Jl. Raya Sungailiat", "Jl. Batin Tikal", "Gg. Mawar",
    "Jl. Merdeka", "Jl. Sudirman", "Jl. Pelabuhan",
)  # fmt: skip
DURATIONS: tuple[str, ...] = (
    "tiga minggu", "satu bulan", "dua bulan", "tiga bulan", "lima bulan", "delapan bulan",
)  # fmt: skip
AMOUNTS: tuple[str, ...] = (
    "Rp150.000", "Rp250.000", "Rp350.000", "Rp500.000", "Rp750.000", "Rp1.200.000",
    "Rp2.500.000",
)  # fmt: skip
MONTHS_ID: tuple[str, ...] = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
    "Oktober", "November", "Desember",
)  # fmt: skip

# Where reports are collected away from the office (channel code -> event tags).
EVENT_TAGS: dict[str, tuple[str, ...]] = {
    "on-the-spot": (
        "OTS Pasar Pagi Pangkalpinang",
        "OTS Mal Pelayanan Publik Kabupaten Bangka",
        "OTS Kantor Camat Toboali",
        "OTS Pelabuhan Tanjungpandan",
    ),
    "nampel": ("Nampel Kelistrikan", "Nampel Pertanahan", "Nampel Administrasi Kependudukan"),
    "posko": ("Posko Pengaduan Pemadaman Listrik",),
    "limpahan": ("Limpahan dari Ombudsman RI Pusat",),
}
