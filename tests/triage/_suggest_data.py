"""Invented reports for the routing-suggestion tests: two agencies (power cuts / PLN and
identity cards / Dukcapil), their substances, forms and staff-entered channels."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from aduan.cases import services as sv
from aduan.cases.models import Case
from aduan.directory.models import Agency
from aduan.reference.models import AgencyGroup, MaladministrationForm, Substance

PLN_TEXTS = [
    "Listrik padam {n} jam di rumah kami, PLN tdk ada kabar",
    "Pemadaman listrik berulang kali di kampung, mhn PLN segera perbaiki trafo",
    "Lampu mati sdh {n} hari, petugas PLN gk datang",
    "Listrik sering padam, kulkas rusak, pelayanan PLN lambat",
    "Trafo meledak dan listrik padam, laporan ke PLN tidak ditanggapi",
]
SCHOOL_TEXTS = [
    "Anak saya tdk diterima PPDB zonasi padahal rumah dekat sekolah",
    "Sekolah negeri minta uang seragam dan buku saat daftar ulang",
    "Pendaftaran PPDB online error, anak gk dapat sekolah",
]
KTP_TEXTS = [
    "KTP elektronik blm jadi sdh {n} bulan di Dukcapil",
    "Pembuatan KTP diminta biaya oleh petugas Dukcapil",
    "Kartu keluarga dan KTP tdk selesai, blanko habis kata Disdukcapil",
    "Urus akta kelahiran dan KTP di Dukcapil dipungut uang",
    "Perekaman KTP elektronik ditolak petugas Dukcapil tanpa alasan",
]


@pytest.fixture
def agencies(regions):
    group = AgencyGroup.objects.get(code="pemerintah-daerah")
    bumn = AgencyGroup.objects.get(code="bumn-bumd")
    pln = Agency.objects.add_root(
        instance=Agency(name="PT PLN (Persero) UP3 Bangka", group=bumn, level="provinsi")
    )
    dukcapil = Agency.objects.add_root(
        instance=Agency(
            name="Dinas Kependudukan dan Pencatatan Sipil Kota Pangkalpinang",
            group=group,
            level="kabupaten_kota",
            region=regions["19.71"],
        )
    )
    school = Agency.objects.add_root(
        instance=Agency(
            name="Dinas Pendidikan Kota Pangkalpinang", group=group, level="kabupaten_kota"
        )
    )
    return {"pln": pln, "dukcapil": dukcapil, "school": school}


@pytest.fixture
def decided(office, agencies):
    """make(n=40): ``n`` decided reports (half PLN, half Dukcapil, and with ``school`` every
    fifth about a school), oldest first, already past verification (in examination)."""

    def make(n: int = 40, *, on=None, school: bool = False) -> list[Case]:
        on = on or office
        start = timezone.now() - dt.timedelta(days=n + 5)
        made = []
        for i in range(n):
            power = i % 2 == 0
            texts = PLN_TEXTS if power else KTP_TEXTS
            text = texts[(i // 2) % len(texts)].format(n=i % 7 + 2)
            agency = agencies["pln" if power else "dukcapil"]
            if school and i % 5 == 4:
                text, agency = SCHOOL_TEXTS[(i // 5) % len(SCHOOL_TEXTS)], agencies["school"]
            case = sv.case_receive(
                office=on,
                intake_type="lm",
                channel="posko" if power else "datang-langsung",
                title=text,
                chronology=text + ". Mohon ditindaklanjuti.",
                reporters=[{"name": f"Pelapor {i}", "phone": f"0812{i:06d}"}],
                agency=agency,
                substance=Substance.objects.get(code="energi-kelistrikan" if power else "adminduk"),
                maladministration_forms=[
                    MaladministrationForm.objects.get(
                        code="penundaan-berlarut" if power else "permintaan-imbalan"
                    )
                ],
                received_at=start + dt.timedelta(days=i),
            )
            made.append(case)
        Case.objects.filter(pk__in=[c.pk for c in made]).update(state="pemeriksaan")
        return made

    return make


@pytest.fixture
def triage_dir(settings, tmp_path):
    from aduan.triage import store, suggest

    settings.ADUAN_TRIAGE_DIR = tmp_path / "triage"
    store.forget_loaded()
    suggest.forget_gazetteers()
    yield settings.ADUAN_TRIAGE_DIR
    store.forget_loaded()
    suggest.forget_gazetteers()
