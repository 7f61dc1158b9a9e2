"""Demo data for the agency complaint-unit mode: UPKP2 Kabupaten Bangka, its admin, and a few
reports in every SP4N-LAPOR! step, made through the services. Idempotent (a second run adds
nothing). Called by the ``aduan demo`` builder."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.utils import timezone

from aduan.cases import services as sv
from aduan.cases.models import Case
from aduan.deadlines.models import Deadline
from aduan.deadlines.services import deadline_close
from aduan.directory.models import Agency, Office, Unit, User
from aduan.regions.models import Region
from aduan.sp4n import rules
from aduan.sp4n.services import sp4n_close_without_reply, sp4n_followup_answered, sp4n_forward

OFFICE_CODE = "upkp2-bangka"
AGENCY = "Pemerintah Kabupaten Bangka"
USERNAME = "upkp2"
KEY = "demo-sp4n-"

# key, title, handling agency, class, days ago received / forwarded / answered, closed by rule
REPORTS: list[tuple[str, str, str, str, tuple[int | None, ...], bool]] = [
    (
        "1",
        "Permohonan informasi syarat pembuatan akta kelahiran",
        "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Bangka",
        "",
        (1, None, None),
        False,
    ),
    (
        "2",
        "Usulan penambahan jam layanan perizinan di Mal Pelayanan Publik",
        "Dinas Penanaman Modal dan PTSP Kabupaten Bangka",
        "aspirasi",
        (6, 4, None),
        False,
    ),
    (
        "3",
        "Antrean pendaftaran poliklinik RSUD terlalu lama",
        "RSUD Depati Bahrin",
        "pengaduan",
        (9, 7, None),
        False,
    ),
    (
        "4",
        "Dugaan pungutan dalam pengurusan izin usaha mikro",
        "Dinas Penanaman Modal dan PTSP Kabupaten Bangka",
        "pengaduan-pemeriksaan",
        (20, 18, None),
        False,
    ),
    (
        "5",
        "Permintaan informasi biaya rawat inap kelas III",
        "RSUD Depati Bahrin",
        "permintaan-informasi",
        (12, 10, 5),
        False,
    ),
    (
        "6",
        "KTP elektronik belum tercetak setelah tiga bulan",
        "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Bangka",
        "pengaduan",
        (45, 43, 28),
        True,
    ),
]
REPORTERS = ["Hendra Saputra", "Maya Sari", "Rudi Hartono", "Dewi Lestari", "Sri Wahyuni", "Andi"]


def _office(agency: Agency) -> Office:
    office = Office.objects.filter(code=OFFICE_CODE).first()
    if office is None:
        office = Office(
            code=OFFICE_CODE,
            name="Unit Pelayanan dan Pengaduan Kabupaten Bangka (UPKP2)",
            short_name="UPKP2 Kabupaten Bangka",
            kind=Office.Kind.UNIT_PENGADUAN,
            agency=agency,
            time_zone=Region(code="19").time_zone,
            address="Sungailiat, Kabupaten Bangka",
            email="upkp2@bangka.example",
            letter_code="UPKP2",
        )
        office.full_clean()
        office.save()
        region = Region.objects.filter(code="19.01").first()
        if region is not None:
            office.jurisdiction.add(region)
    Unit.objects.get_or_create(
        office=office, code="admin-pusat", defaults={"kind": Unit.Kind.PVL, "name": "Admin Pusat"}
    )
    return office


def _admin(office: Office, group: Any, result: Any) -> User:
    user = User.objects.filter(username=USERNAME).first()
    if user is None:
        user = User(
            username=USERNAME,
            first_name="Fitri",
            last_name="Handayani",
            email=f"{USERNAME}@bangka.example",
            role=User.Role.ASISTEN,
            office=office,
            unit=office.units.get(code="admin-pusat"),
            position="Admin Pusat SP4N-LAPOR!",
            is_staff=True,
        )
        user.set_password(settings.ADUAN_DEMO_PASSWORD)
        user.full_clean()
        user.save()
        user.groups.add(group)
        result.add("staff", 1)
    result.logins.append((USERNAME, user.get_role_display(), str(office)))
    return user


def _ago(days: int | None) -> dt.datetime | None:
    if days is None:
        return None
    return timezone.now() - dt.timedelta(days=days)


def build_complaint_unit(result: Any, say: Any, group: Any) -> None:
    agency = Agency.objects.filter(name=AGENCY).first()
    if agency is None:
        say(f"Complaint unit: the agency {AGENCY} is missing; skipped.")
        return
    office = _office(agency)
    admin = _admin(office, group, result)
    if Case.objects.filter(office=office, intake_key__startswith=KEY).exists():
        say(f"Complaint unit {office}: reports already there.")
        return
    made = 0
    for (key, title, target, report_class, (received, forwarded, answered), closed), name in zip(
        REPORTS, REPORTERS, strict=True
    ):
        handling = Agency.objects.filter(name=target).first() or agency
        case = sv.case_receive(
            office=office,
            intake_type="lm",
            channel="web",
            title=title,
            reporters=[{"name": name, "email": f"pelapor{key}@example.com"}],
            actor=admin,
            received_at=_ago(received),
            intake_key=KEY + key,
            agency=handling,
            chronology=title + ".",
        )
        made += 1
        if forwarded is None:
            continue
        case = sp4n_forward(
            case=case,
            actor=admin,
            report_class=report_class,
            handling_agency=handling,
            forwarded_at=_ago(forwarded),
        )
        if answered is None:
            continue
        case = sp4n_followup_answered(
            case=case,
            actor=admin,
            answer="Tindak lanjut telah disampaikan kepada pelapor.",
            answered_at=_ago(answered),
        )
        if closed:
            # What the sweeper does when the reporter's 10 working days run out.
            clock = Deadline.objects.get(
                case=case, rule__code=rules.REPORTER_REPLY, state=Deadline.State.OPEN
            )
            deadline_close(deadline=clock, state=Deadline.State.MISSED)
            sp4n_close_without_reply(case=case)
    result.add("complaint-unit reports", made)
    say(f"Complaint unit {office}: {made} SP4N-LAPOR! reports; login {USERNAME}")
