"""Demo step: prevention and networking of the demo office ``babel``, made through the services.

Activities of each kind (the On The Spot, Nampel and posko linked to the demo reports taken
there), a coaching clinic with its material, a socialisation and a coordination meeting with a
partner; a published systemic review with suggestions in different states; two service units
mapped at two dates with assistance sessions between; partners with agreements (one expired)
and contacts. Idempotent: each part is made once, and a second run adds nothing."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from aduan.cases.models import Case
from aduan.deadlines.workdays import local_date
from aduan.demo.data import OFFICE_CODE
from aduan.directory.models import Agency, Office, User
from aduan.prevention import selectors, services
from aduan.prevention.models import COMPONENT_CODES as CODES
from aduan.prevention.models import (
    Activity,
    Guideline,
    Partner,
    StandardMapping,
    Suggestion,
    SuggestionReport,
    SystemicReview,
)
from aduan.regions.models import Region

Say = Callable[[str], None]
WORKER = "pencegahan"
HEAD = "kepala"
REVIEW_TITLE = "Kajian Sistemik Pelayanan Penerimaan Peserta Didik Baru (PPDB)"
MAPPED_UNITS = ("RSUD Depati Hamzah", "Kantor Pertanahan Kota Pangkalpinang")


def _material_pdf() -> bytes:
    """A one-page PDF for the coaching clinic's materials (uploads must be real documents)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.multi_cell(0, 8, "Materi klinik pengaduan: alur, standar waktu, dan pelaporan.")
    return bytes(pdf.output())


def _agency(name: str) -> Agency | None:
    return Agency.objects.filter(name=name).first()


def _agencies(*names: str) -> list[Agency]:
    return [a for a in (_agency(n) for n in names) if a is not None]


def build(result: Any, say: Say) -> None:
    office = Office.objects.filter(code=OFFICE_CODE).first()
    worker = User.objects.filter(username=WORKER, office=office).first()
    head = User.objects.filter(username=HEAD, office=office).first()
    if office is None or worker is None or head is None:
        say("Prevention: the demo office or its staff are missing; skipped.")
        return
    today = local_date(timezone.now(), office)
    partners = _partners(office, worker, today, result)
    _activities(office, worker, today, partners, result)
    _review(office, worker, head, today, result)
    _liaison_report(office, result)
    _guideline(office, worker, head, result)
    _standards(office, worker, today, result)
    activities = Activity.objects.filter(office=office).count()
    reviews = SystemicReview.objects.filter(office=office).count()
    mappings = StandardMapping.objects.filter(office=office).count()
    partners_n = Partner.objects.filter(office=office).count()
    say(
        f"Prevention: {activities} activities, {reviews} systemic reviews, "
        f"{mappings} mappings, {partners_n} partners"
    )


# --- network --------------------------------------------------------------------


PARTNERS = [
    # name, kind, [(number, title, signed, from, until (days from today), scope)], contacts
    (
        "Universitas Bangka Belitung",
        Partner.Kind.UNIVERSITY,
        [
            (
                "001/ORI-BABEL/MoU/I/2024",
                "Kerja sama pengawasan pelayanan publik dan Kuliah Kerja Nyata tematik",
                -700,
                -700,
                400,
                "Riset bersama, KKN tematik pelayanan publik, narasumber.",
            )
        ],
        [("Dr. Ratna Sari", "Wakil Rektor Bidang Kerja Sama", "kerjasama@ubb.example", "")],
    ),
    (
        "Lembaga Bantuan Hukum Bangka Belitung",
        Partner.Kind.CIVIL_SOCIETY,
        [
            (
                "014/ORI-BABEL/MoU/III/2021",
                "Pendampingan masyarakat dalam pengaduan pelayanan publik",
                -1500,
                -1500,
                -400,
                "Rujukan dan pendampingan pelapor yang membutuhkan bantuan hukum.",
            )
        ],
        [("Arif Gunawan", "Direktur", "direktur@lbh-babel.example", "0812-7000-0201")],
    ),
    (
        "RRI Sungailiat",
        Partner.Kind.MEDIA,
        [],
        [("Wulan Permata", "Koordinator Siaran", "", "0812-7000-0202")],
    ),
    (
        "Lembaga Ombudsman Daerah Daerah Istimewa Yogyakarta",
        Partner.Kind.OMBUDSMAN,
        [],
        [("Budi Santoso", "Kepala Bidang Penanganan Laporan", "lod@jogjaprov.example", "")],
    ),
]


def _partners(office: Office, actor: User, today: dt.date, result: Any) -> list[Partner]:
    made = []
    for name, kind, agreements, contacts in PARTNERS:
        partner = Partner.objects.filter(office=office, name=name).first()
        if partner is None:
            partner = services.partner_create(
                office=office, actor=actor, fields={"name": name, "kind": kind}
            )
            result.add("prevention partners", 1)
            for number, title, signed, start, until, scope in agreements:
                services.agreement_create(
                    partner=partner,
                    actor=actor,
                    fields={
                        "number": number,
                        "title": title,
                        "signed_on": today + dt.timedelta(days=signed),
                        "valid_from": today + dt.timedelta(days=start),
                        "valid_until": today + dt.timedelta(days=until),
                        "scope": scope,
                    },
                )
            for contact_name, position, email, phone in contacts:
                services.contact_add(
                    partner=partner,
                    actor=actor,
                    name=contact_name,
                    position=position,
                    email=email,
                    phone=phone,
                )
        made.append(partner)
    return made


# --- activities ------------------------------------------------------------------


def _tagged_days(office: Office, channel: str, n: int = 1) -> list[tuple[str, dt.date]]:
    """The ``n`` days (each with a different event tag) on which most reports of ``channel``
    came in with the same tag, in the office's zone: where the activities were held."""
    rows = Case.objects.filter(office=office, channel__code=channel).exclude(event_tag="")
    days = Counter(
        (tag, local_date(at, office)) for tag, at in rows.values_list("event_tag", "received_at")
    )
    chosen: list[tuple[str, dt.date]] = []
    for (tag, day), _n in days.most_common():
        if tag not in {t for t, _d in chosen}:
            chosen.append((tag, day))
        if len(chosen) == n:
            break
    return chosen


def _tag_period(office: Office, tag: str) -> tuple[dt.date, dt.date] | None:
    moments = list(
        Case.objects.filter(office=office, event_tag=tag).values_list("received_at", flat=True)
    )
    if not moments:
        return None
    return local_date(min(moments), office), local_date(max(moments), office)


def _activities(
    office: Office, actor: User, today: dt.date, partners: list[Partner], result: Any
) -> None:
    if Activity.objects.filter(office=office).exists():
        return
    staff = [actor, *User.objects.filter(office=office, username="pvl")]
    plans: list[dict[str, Any]] = []
    for ots_tag, ots_day in _tagged_days(office, "on-the-spot", 2) or [
        ("OTS Pasar Pagi Pangkalpinang", today)
    ]:
        plans.append(
            {
                "kind": Activity.Kind.ON_THE_SPOT,
                "title": ots_tag,
                "place": ots_tag.removeprefix("OTS ").strip(),
                "start_date": ots_day,
                "event_tag": ots_tag,
                "description": "Penerimaan laporan dan konsultasi langsung di tengah masyarakat.",
                "outcome": "Laporan yang memenuhi syarat diregistrasi; konsultasi dijawab.",
            }
        )
    nampel = next(iter(_tagged_days(office, "nampel")), None)
    posko = _tag_period(office, "Posko Pengaduan Pemadaman Listrik")
    fallback = today - dt.timedelta(days=60)
    for kind, tag, title, (first, last) in (
        (
            Activity.Kind.NAMPEL,
            nampel[0] if nampel else "Nampel Kelistrikan",
            nampel[0] if nampel else "Nampel Kelistrikan",
            (nampel[1], nampel[1]) if nampel else (fallback, fallback),
        ),
        (
            Activity.Kind.POSKO,
            "Posko Pengaduan Pemadaman Listrik",
            "Posko Pengaduan Pemadaman Listrik",
            posko or (fallback, fallback),
        ),
    ):
        plans.append(
            {
                "kind": kind,
                "title": title,
                "topic": "Pelayanan publik" if kind == Activity.Kind.NAMPEL else "Kelistrikan",
                "place": "Kantor Ombudsman RI Perwakilan Kepulauan Bangka Belitung",
                "start_date": first,
                "end_date": last if last != first else None,
                "event_tag": tag,
                "outcome": "Laporan diterima dan diverifikasi; yang memenuhi syarat diregistrasi.",
            }
        )
    plans += [
        {
            "kind": Activity.Kind.COACHING,
            "title": "Klinik Pengaduan Masyarakat di Hari Bebas Kendaraan Bermotor",
            "topic": "Konsultasi pelayanan publik",
            "place": "Alun-alun Taman Merdeka Pangkalpinang",
            "start_date": today - dt.timedelta(days=50),
            "participants_total": 41,
            "outcome": "Warga berkonsultasi; laporan yang memenuhi syarat diterima.",
        },
        {
            "kind": Activity.Kind.INTERNAL_TRAINING,
            "title": "Pelatihan Internal Asisten: Penyusunan LAHP dan Tindakan Korektif",
            "topic": "Pemeriksaan laporan",
            "place": "Kantor Ombudsman RI Perwakilan Kepulauan Bangka Belitung",
            "start_date": today - dt.timedelta(days=40),
            "participants_total": 9,
            "outcome": "Format LAHP dan tindakan korektif diseragamkan.",
        },
        {
            "kind": Activity.Kind.MONITORING,
            "title": "Monitoring Distribusi Minyak Goreng dan Gula",
            "topic": "Ketersediaan bahan pokok",
            "place": "Pasar di Pangkalpinang dan Sungailiat",
            "start_date": today - dt.timedelta(days=25),
            "participants_total": 6,
            "outcome": "Temuan disampaikan kepada pemerintah daerah untuk ditindaklanjuti.",
            "_agencies": ("Pemerintah Kota Pangkalpinang", "Pemerintah Kabupaten Bangka"),
            "_findings": [
                (
                    "Pasar Pagi Pangkalpinang",
                    "19.71",
                    "Minyak goreng kemasan dijual di atas harga eceran tertinggi; stok gula "
                    "kosong di tiga kios.",
                    "Pemerintah kota memantau pasokan dan harga setiap pekan.",
                    ("Pemerintah Kota Pangkalpinang",),
                ),
                (
                    "Pasar Sungailiat",
                    "19.01",
                    "Minyak goreng curah tersedia; pembeli dibatasi dua liter tanpa pengumuman.",
                    "Pembatasan diumumkan di pintu pasar.",
                    ("Pemerintah Kabupaten Bangka",),
                ),
            ],
        },
        {
            "kind": Activity.Kind.COMPARATIVE_STUDY,
            "title": "Studi Banding Penanganan Laporan ke Lembaga Ombudsman Daerah DIY",
            "topic": "Penanganan laporan dan pencegahan",
            "place": "Yogyakarta",
            "start_date": today - dt.timedelta(days=15),
            "participants_total": 4,
            "outcome": "Mempelajari pengawasan pelayanan publik oleh lembaga ombudsman daerah.",
            "_partners": ("Lembaga Ombudsman Daerah Daerah Istimewa Yogyakarta",),
        },
        {
            "kind": Activity.Kind.AGENCY_COACHING,
            "title": "Klinik Pengaduan bagi Pengelola Pengaduan Pemerintah Kota Pangkalpinang",
            "topic": "Pengelolaan pengaduan sesuai Perpres 76/2013",
            "place": "Aula Kantor Wali Kota Pangkalpinang",
            "start_date": today - dt.timedelta(days=45),
            "attendees": "Rahmat Firdaus, Disdukcapil Kota Pangkalpinang\n"
            "Nurul Aini, RSUD Depati Hamzah",
            "participants_total": 32,
            "participants_women": 18,
            "participants_men": 14,
            "outcome": "Unit layanan menyusun alur pengaduan dan menunjuk pengelola pengaduan.",
            "_agencies": ("Pemerintah Kota Pangkalpinang", "RSUD Depati Hamzah"),
            "_material": True,
        },
        {
            "kind": Activity.Kind.SOCIALISATION,
            "title": "Sosialisasi Ombudsman dan Hak atas Pelayanan Publik",
            "topic": "Hak masyarakat atas pelayanan publik",
            "place": "Studio RRI Sungailiat",
            "start_date": today - dt.timedelta(days=30),
            "participants_total": 0,
            "outcome": "Siaran interaktif; 6 penelepon berkonsultasi.",
            "_partners": ("RRI Sungailiat",),
        },
        {
            "kind": Activity.Kind.COORDINATION,
            "title": "Rapat Koordinasi Pengawasan PPDB",
            "topic": "Penerimaan Peserta Didik Baru",
            "place": "Dinas Pendidikan Provinsi Kepulauan Bangka Belitung",
            "start_date": today - dt.timedelta(days=20),
            "participants_total": 15,
            "outcome": "Disepakati posko pengaduan PPDB bersama dan jalur rujukan laporan.",
            "_agencies": ("Dinas Pendidikan Provinsi Kepulauan Bangka Belitung",),
            "_partners": ("Universitas Bangka Belitung",),
        },
    ]
    by_name = {p.name: p for p in partners}
    for plan in plans:
        agencies = _agencies(*plan.pop("_agencies", ()))
        linked = [by_name[n] for n in plan.pop("_partners", ()) if n in by_name]
        material = plan.pop("_material", False)
        findings = plan.pop("_findings", ())
        activity = services.activity_create(
            office=office,
            actor=actor,
            fields=plan,
            staff=staff,
            agencies=agencies,
            partners=linked,
        )
        for place, region, finding, follow_up, involved in findings:
            services.activity_finding_add(
                activity=activity,
                actor=actor,
                fields={
                    "place": place,
                    "region": Region.objects.filter(code=region).first(),
                    "finding": finding,
                    "follow_up": follow_up,
                },
                agencies=_agencies(*involved),
            )
        matching = list(selectors.matching_cases(activity))
        if matching:
            services.activity_link_cases(activity=activity, actor=actor, cases=matching)
            services.activity_update(
                activity=activity, actor=actor, fields={"reports_taken": len(matching)}
            )
        if material:
            services.activity_add_document(
                activity=activity,
                actor=actor,
                upload=ContentFile(_material_pdf(), name="materi-klinik-pengaduan.pdf"),
                title="Materi klinik pengaduan",
            )
        result.add("prevention activities", 1)


# --- systemic review ------------------------------------------------------------------


def _review(office: Office, actor: User, head: User, today: dt.date, result: Any) -> None:
    if SystemicReview.objects.filter(office=office, title=REVIEW_TITLE).exists():
        return
    review = services.review_create(
        office=office,
        actor=actor,
        fields={
            "title": REVIEW_TITLE,
            "topic": "Pendidikan",
            "period_start": today - dt.timedelta(days=200),
            "period_end": today - dt.timedelta(days=110),
            "findings": (
                "Informasi kuota dan jalur zonasi tidak diumumkan tepat waktu; verifikasi "
                "domisili berbeda antarsekolah; kanal pengaduan PPDB tidak dikenal orang tua."
            ),
        },
        agencies=_agencies("Dinas Pendidikan Provinsi Kepulauan Bangka Belitung"),
    )
    disdik = _agency("Dinas Pendidikan Provinsi Kepulauan Bangka Belitung")
    school = _agency("SMA Negeri 1 Pangkalpinang") or disdik
    if disdik is None:
        return
    texts = [
        (disdik, "Umumkan kuota per jalur paling lambat 14 hari sebelum pendaftaran."),
        (disdik, "Tetapkan satu pedoman verifikasi domisili untuk semua sekolah."),
        (school, "Sediakan meja pengaduan PPDB dengan standar waktu jawaban."),
        (disdik, "Laporkan evaluasi PPDB kepada Ombudsman setiap tahun."),
    ]
    suggestions = [
        services.suggestion_add(review=review, actor=actor, agency=agency, text=text)
        for agency, text in texts
    ]
    # Publishing starts each suggestion's follow-up clock (60 calendar days from today).
    services.review_publish(review=review, actor=head)
    for suggestion, status, response in (
        (suggestions[0], Suggestion.Status.IMPLEMENTED, "Kuota diumumkan di laman PPDB."),
        (suggestions[1], Suggestion.Status.PARTLY, "Pedoman disusun, belum semua sekolah."),
        (suggestions[2], Suggestion.Status.NOT_IMPLEMENTED, "Belum ada anggaran petugas."),
    ):
        services.suggestion_respond(
            suggestion=suggestion, actor=actor, status=status, response=response
        )
    result.add("prevention systemic reviews", 1)


def _liaison_report(office: Office, result: Any) -> None:
    """The liaison officer of an agency with an open suggestion of the demo review reports it
    through the portal, so the office's review page has one waiting. Made once."""
    from aduan.liaison.selectors import agency_ids_for

    review = SystemicReview.objects.filter(
        office=office, title=REVIEW_TITLE, status=SystemicReview.Status.PUBLISHED
    ).first()
    if review is None or SuggestionReport.objects.filter(suggestion__review=review).exists():
        return
    liaisons = User.objects.filter(
        liaison__active=True, liaison__agency__active=True, is_active=True
    ).order_by("pk")
    for suggestion in review.suggestions.filter(status=Suggestion.Status.OPEN).order_by("pk"):
        user = next((u for u in liaisons if suggestion.agency_id in agency_ids_for(u)), None)
        if user is not None:
            services.suggestion_report(
                suggestion=suggestion,
                actor=user,
                status=Suggestion.Status.IMPLEMENTED,
                text=(
                    "Evaluasi PPDB tahun ini telah disusun dan disampaikan kepada Ombudsman "
                    "dengan surat Sekretaris Dinas; evaluasi berikutnya dijadwalkan setiap Juli."
                ),
            )
            result.add("prevention suggestion reports", 1)
            return


# --- service guideline ------------------------------------------------------------------

GUIDELINE_TITLE = "Pedoman Verifikasi Domisili PPDB Jalur Zonasi"
GUIDELINE_V1 = (
    "1. Domisili dibuktikan dengan Kartu Keluarga yang diterbitkan paling singkat satu tahun "
    "sebelum pendaftaran.\n2. Sekolah memverifikasi dengan data kependudukan, bukan surat "
    "keterangan domisili.\n3. Keberatan atas hasil verifikasi diajukan ke meja pengaduan PPDB "
    "dan dijawab paling lambat 3 hari kerja."
)


def _guideline(office: Office, worker: User, head: User, result: Any) -> None:
    """The guideline the review's second suggestion led to: version 1 published to the
    provincial education office and acknowledged by its liaison, version 2 in review."""
    from aduan.liaison.selectors import liaison_for
    from aduan.prevention import guidelines

    if Guideline.objects.filter(office=office, title=GUIDELINE_TITLE).exists():
        return
    review = SystemicReview.objects.filter(office=office, title=REVIEW_TITLE).first()
    disdik = _agency("Dinas Pendidikan Provinsi Kepulauan Bangka Belitung")
    if review is None or disdik is None:
        return
    guideline = guidelines.guideline_create(
        office=office,
        actor=worker,
        title=GUIDELINE_TITLE,
        text=GUIDELINE_V1,
        agencies=[disdik],
        reviews=[review],
        suggestions=list(review.suggestions.filter(text__icontains="pedoman")),
    )
    first = guideline.versions.get()
    guidelines.version_submit(version=first, actor=worker)
    guidelines.version_review(version=first, actor=head, approve=True)
    guidelines.version_publish(version=first, actor=head)
    liaison = next(
        (
            user
            for user in User.objects.filter(liaison__agency=disdik, liaison__active=True)
            if liaison_for(user) is not None
        ),
        None,
    )
    if liaison is not None:
        guidelines.acknowledge(version=first, actor=liaison)
    second = guidelines.version_new(
        guideline=guideline,
        actor=worker,
        text=GUIDELINE_V1 + "\n4. Hasil verifikasi diumumkan di laman PPDB sekolah.",
        change_note="Butir 4: pengumuman hasil verifikasi.",
    )
    guidelines.version_submit(version=second, actor=worker)
    result.add("prevention guidelines", 1)


# --- service standards -----------------------------------------------------------------


def _standards(office: Office, actor: User, today: dt.date, result: Any) -> None:
    earlier, later = today - dt.timedelta(days=180), today - dt.timedelta(days=20)
    plans = {
        # unit: (met earlier, met later: one component lost, several gained)
        MAPPED_UNITS[0]: (CODES[:6], CODES[1:11]),
        MAPPED_UNITS[1]: (CODES[:9], (*CODES[:8], *CODES[9:13])),
    }
    for name, (before, after) in plans.items():
        agency = _agency(name)
        if agency is None:
            continue
        if not StandardMapping.objects.filter(office=office, agency=agency).exists():
            for day, met in ((earlier, before), (later, after)):
                services.mapping_record(
                    office=office, agency=agency, as_of=day, met=met, actor=actor
                )
                result.add("prevention mappings", 1)
        if not agency.assistance_sessions.filter(office=office).exists():
            gained = [c for c in after if c not in before]
            services.assistance_record(
                office=office,
                agency=agency,
                date=earlier + dt.timedelta(days=60),
                topic="Penyusunan dan publikasi standar pelayanan",
                components=gained[:3],
                staff=[actor],
                actor=actor,
            )
            services.assistance_record(
                office=office,
                agency=agency,
                date=earlier + dt.timedelta(days=110),
                topic="Penanganan pengaduan dan evaluasi kinerja pelaksana",
                components=gained[3:],
                staff=[actor],
                actor=actor,
            )
            result.add("prevention assistance sessions", 2)
