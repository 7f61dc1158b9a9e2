"""An agency complaint unit under the SP4N-LAPOR! rules (DOMAIN.md §7), through the real services
and the sweeper, across the Independence Day holiday (Monday 17 August 2026)."""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest

from aduan.cases import services as sv
from aduan.cases.errors import CaseError, NotAllowed, WrongState
from aduan.cases.models import Case
from aduan.cases.sweeper import sweep
from aduan.deadlines.models import Deadline
from aduan.directory.models import Liaison, Office, Unit, User
from aduan.regions.models import Region
from aduan.sp4n.models import Sp4nCase
from aduan.sp4n.services import sp4n_followup_answered, sp4n_forward

WIB = ZoneInfo("Asia/Jakarta")
FRIDAY_BEFORE_HOLIDAY = dt.datetime(2026, 8, 14, 9, 0, tzinfo=WIB)


@pytest.fixture
def unit_office(regions, agency_tree):
    office = Office(
        code="upkp2-pgk",
        name="UPKP2 Kota Pangkalpinang",
        kind=Office.Kind.UNIT_PENGADUAN,
        agency=agency_tree["city"],
        time_zone="Asia/Jakarta",
    )
    office.full_clean()
    office.save()
    Unit.objects.create(office=office, kind=Unit.Kind.PVL, code="pvl", name="Admin pusat")
    return office


@pytest.fixture
def central_admin(unit_office):
    user = User(
        username="admin-upkp2",
        role=User.Role.ASISTEN,
        office=unit_office,
        unit=unit_office.units.get(code="pvl"),
        is_staff=True,
    )
    user.set_password("secret-pass-123")
    user.full_clean()
    user.save()
    return user


@pytest.fixture
def liaison(agency_tree):
    account = User.objects.create(username="penghubung-dinkes")
    return Liaison.objects.create(
        agency=agency_tree["health"], name="Rina", email="rina@dinkes.example", user=account
    )


@pytest.fixture
def report(unit_office, agency_tree):
    def make(**overrides):
        data = {
            "office": unit_office,
            "intake_type": "lm",
            "channel": "web",
            "title": "Antrean layanan puskesmas tidak tertib",
            "reporters": [{"name": "Budi", "email": "budi@example.com"}],
            "agency": agency_tree["clinic"],
            "received_at": FRIDAY_BEFORE_HOLIDAY,
        }
        data.update(overrides)
        return sv.case_receive(**data)

    return make


def _open(case, code):
    return Deadline.objects.get(case=case, rule__code=code, state=Deadline.State.OPEN)


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=WIB)


def test_receipt_is_confidential_and_verification_runs_3_working_days_over_the_holiday(report):
    case = report()
    assert case.confidential
    assert case.sp4n.privacy == "rahasia" and case.sp4n.level == "pusat"
    clock = _open(case, "sp4n-verifikasi")
    # Fri 14 Aug; Sat, Sun, Mon 17 Aug (Independence Day) skipped: Tue, Wed, Thu.
    assert clock.due_date == dt.date(2026, 8, 20)
    assert "2026-08-17" in json.dumps(clock.explanation, default=str)
    assert not Deadline.objects.filter(case=case, rule__code="pemberitahuan-kelengkapan").exists()


def test_complaint_through_every_clock_and_closed_by_the_sweeper(
    report, central_admin, liaison, agency_tree, django_capture_on_commit_callbacks
):
    case = report()
    case = sp4n_forward(
        case=case,
        actor=central_admin,
        report_class="pengaduan",
        liaison=liaison,
        note="Diteruskan ke Dinas Kesehatan.",
    )
    assert case.state == "pemeriksaan"
    assert _open_or_none(case, "sp4n-verifikasi") is None
    assert Deadline.objects.get(case=case, rule__code="sp4n-verifikasi").state == "met"
    record = Sp4nCase.objects.get(case=case)
    assert record.report_class == "pengaduan" and record.level == "penghubung"
    assert record.handling_agency == agency_tree["health"]
    follow_up = _open(case, "sp4n-pengaduan")
    assert (follow_up.due_date - follow_up.start_date).days >= 14 + 4  # 14 HK + weekends

    # The liaison admin gives the follow-up through their portal account.
    case = sp4n_followup_answered(case=case, actor=liaison.user, answer="Antrean ditata ulang.")
    assert Deadline.objects.get(pk=follow_up.pk).state == "met"
    reply = _open(case, "sp4n-konfirmasi-pelapor")
    assert reply.days == 10

    # Nothing happens while the reporter may still reply.
    sweep(now=_at(reply.due_date), reminders=False)
    case.refresh_from_db()
    assert case.state == "pemeriksaan"

    result = sweep(now=_at(reply.due_date + dt.timedelta(days=1)), reminders=False)
    assert result.consequences["sp4n_closed_no_reply"] == 1
    case.refresh_from_db()
    assert case.state == "selesai"
    assert case.closure_reason.code == "sp4n-tanpa-tanggapan"
    assert case.transitions.filter(action="sp4n_closed_no_reply").exists()
    # A second pass does nothing.
    assert sweep(now=_at(reply.due_date + dt.timedelta(days=2)), reminders=False).expired == 0


def _open_or_none(case, code):
    return Deadline.objects.filter(case=case, rule__code=code, state="open").first()


def test_information_request_gets_5_working_days_over_the_holiday(report, central_admin):
    case = report(received_at=dt.datetime(2026, 8, 12, 9, tzinfo=WIB))
    case = sp4n_forward(case=case, actor=central_admin, report_class="permintaan-informasi")
    clock = _open(case, "sp4n-permintaan-informasi")
    assert clock.days == 5
    assert case.sp4n.level == "koordinator"


def test_information_request_due_date_skips_independence_day(report, central_admin):
    case = sp4n_forward(
        case=report(),
        actor=central_admin,
        report_class="permintaan-informasi",
        forwarded_at=FRIDAY_BEFORE_HOLIDAY,
    )
    clock = _open(case, "sp4n-permintaan-informasi")
    # From Fri 14 Aug: Tue 18, Wed 19, Thu 20, Fri 21, Mon 24.
    assert clock.due_date == dt.date(2026, 8, 24)


def test_inspection_complaint_gets_60_working_days(report, central_admin):
    case = sp4n_forward(case=report(), actor=central_admin, report_class="pengaduan-pemeriksaan")
    assert _open(case, "sp4n-pengaduan-pemeriksaan").days == 60


def test_aspiration_has_no_follow_up_clock_but_still_waits_for_the_reply(report, central_admin):
    case = sp4n_forward(case=report(), actor=central_admin, report_class="aspirasi")
    assert not Deadline.objects.filter(case=case, state="open").exists()
    case = sp4n_followup_answered(case=case, actor=central_admin, answer="Terima kasih.")
    assert _open(case, "sp4n-konfirmasi-pelapor").days == 10


def test_ombudsman_office_cases_keep_their_clocks(receive, office):
    case = receive()
    assert not case.confidential
    assert not Sp4nCase.objects.filter(case=case).exists()
    assert _open(case, "pemberitahuan-kelengkapan").days == 14
    assert not Deadline.objects.filter(case=case, rule__code__startswith="sp4n").exists()


def test_ombudsman_case_cannot_be_forwarded_under_sp4n(receive, pvl_assistant):
    case = receive()
    with pytest.raises(CaseError):
        sp4n_forward(case=case, actor=pvl_assistant, report_class="pengaduan")


def test_forwarding_is_refused_to_outsiders_and_bad_input(
    report, central_admin, pvl_assistant, outsider, liaison, agency_tree
):
    case = report()
    for actor in (pvl_assistant, outsider, liaison.user):
        with pytest.raises(NotAllowed):
            sp4n_forward(case=case, actor=actor, report_class="pengaduan")
    with pytest.raises(CaseError):
        sp4n_forward(case=case, actor=central_admin, report_class="keluhan")
    case.refresh_from_db()
    assert case.state == "diterima"
    assert _open(case, "sp4n-verifikasi")


def test_followup_refused_to_others_and_before_forwarding(
    report, central_admin, agency_tree, outsider
):
    from aduan.directory.models import Agency

    education = Agency.objects.add_child(
        Agency.objects.get(pk=agency_tree["city"].pk),
        instance=Agency(
            name="Dinas Pendidikan Kota Pangkalpinang",
            group=agency_tree["health"].group,
            level="kabupaten_kota",
        ),
    )
    other = Liaison.objects.create(
        agency=education, name="Sari", user=User.objects.create(username="penghubung-disdik")
    )
    case = report()
    with pytest.raises(WrongState):
        sp4n_followup_answered(case=case, actor=central_admin, answer="Sudah.")
    case = sp4n_forward(case=case, actor=central_admin, report_class="pengaduan")
    for actor in (outsider, other.user):  # this liaison's unit was not given the report
        with pytest.raises(NotAllowed):
            sp4n_followup_answered(case=case, actor=actor, answer="Sudah.")
    sp4n_followup_answered(case=case, actor=central_admin, answer="Sudah.")
    with pytest.raises(WrongState):
        sp4n_followup_answered(case=case, actor=central_admin, answer="Lagi.")


def test_demo_complaint_unit(db):
    """The demo's complaint unit: its admin, and reports in every SP4N-LAPOR! step."""
    from aduan.demo import builder
    from aduan.demo.builder import build_demo

    Region.objects.create(code="19", name="Kepulauan Bangka Belitung", level="provinsi")
    for code, name in [
        ("19.01", "Kabupaten Bangka"),
        ("19.02", "Kabupaten Belitung"),
        ("19.04", "Kabupaten Bangka Tengah"),
        ("19.71", "Kota Pangkal Pinang"),
    ]:
        Region.objects.create(code=code, name=name, level="kabupaten_kota", parent_id="19")
    steps = [s for s in builder.STEPS if s is not builder._cases]
    from unittest import mock

    with mock.patch.object(builder, "STEPS", steps):
        result = build_demo()
        again = build_demo()
    office = Office.objects.get(code="upkp2-bangka")
    assert office.kind == "unit_pengaduan" and office.agency.name == "Pemerintah Kabupaten Bangka"
    assert ("upkp2", "assistant", str(office)) in result.logins
    assert User.objects.get(username="upkp2").check_password("aduan-demo")
    cases = Case.objects.filter(office=office)
    assert cases.count() == result.created["complaint-unit reports"] == 6
    assert "complaint-unit reports" not in again.created
    assert set(cases.values_list("state", flat=True)) == {"diterima", "pemeriksaan", "selesai"}
    assert all(cases.values_list("confidential", flat=True))
    assert set(
        Sp4nCase.objects.exclude(report_class="").values_list("report_class", flat=True)
    ) == {
        "aspirasi",
        "pengaduan",
        "pengaduan-pemeriksaan",
        "permintaan-informasi",
    }
    assert Deadline.objects.filter(
        case__office=office, rule__code="sp4n-konfirmasi-pelapor"
    ).exists()
