# ruff: noqa: F811  (the api fixture is imported)
"""Targets and the work programme (issue 18 §2): targets per office or unit, realisation
computed from the records, the programme of a quarter, in the pages, the dashboard and the
quarterly report."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from aduan.cases.models import Case
from aduan.core.models import AuditEvent
from aduan.directory.models import Unit
from aduan.plans import realisation
from aduan.plans import selectors as sel
from aduan.plans import services as sv
from aduan.plans.models import Target, WorkItem
from aduan.plans.permissions import NotAllowed, PlanError
from aduan.prevention import services as prevention
from aduan.stats import render, report
from tests.api.conftest import api  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Jakarta")


@pytest.fixture
def examination(office):
    return Unit.objects.get(office=office, kind="pemeriksaan")


def received_on(receive, when: dt.datetime, **fields) -> Case:
    case = receive(**fields)
    Case.objects.filter(pk=case.pk).update(received_at=when)
    case.refresh_from_db()
    return case


def test_a_target_is_set_once_per_period_and_changed_with_audit(office, head_of_office):
    first = sv.target_set(
        office=office,
        actor=head_of_office,
        year=2025,
        quarter=2,
        metric="laporan-diterima",
        value=100,
    )
    again = sv.target_set(
        office=office,
        actor=head_of_office,
        year=2025,
        quarter=2,
        metric="laporan-diterima",
        value=120,
    )
    assert first.pk == again.pk and again.value == Decimal("120")
    events = AuditEvent.objects.filter(action="plans.target_set").order_by("pk")
    assert [e.new["value"] for e in events] == ["100", "120"]
    assert events.last().old == {"value": "100.00"}


def test_received_reports_are_counted_in_the_offices_quarter(office, head_of_office, receive):
    # 31 March 23:30 in Jakarta is 16:30 UTC: the first quarter, not the second
    received_on(receive, dt.datetime(2025, 3, 31, 23, 30, tzinfo=WIB))
    received_on(receive, dt.datetime(2025, 4, 1, 0, 30, tzinfo=WIB))
    received_on(receive, dt.datetime(2025, 6, 30, 23, 59, tzinfo=WIB))
    target = sv.target_set(
        office=office,
        actor=head_of_office,
        year=2025,
        quarter=2,
        metric="laporan-diterima",
        value=4,
    )
    realised = realisation.compute(target)
    assert realised == 2
    assert realisation.achieved(target, realised) == Decimal("50.0")


def test_a_unit_target_counts_the_reports_the_unit_holds(
    office, head_of_office, receive, examination
):
    when = dt.datetime(2025, 5, 2, 10, tzinfo=WIB)
    held = received_on(receive, when)
    received_on(receive, when)
    Case.objects.filter(pk=held.pk).update(unit=examination)
    target = sv.target_set(
        office=office,
        actor=head_of_office,
        year=2025,
        quarter=2,
        unit=examination,
        metric="laporan-diterima",
        value=1,
    )
    assert realisation.compute(target) == 1


def test_the_closure_rate_is_the_examinations(office, head_of_office, receive):
    start = dt.datetime(2025, 4, 10, 9, tzinfo=WIB)
    closed, open_ = received_on(receive, start), received_on(receive, start)
    Case.objects.filter(pk__in=[closed.pk, open_.pk]).update(examined_at=start)
    Case.objects.filter(pk=closed.pk).update(closed_at=start + dt.timedelta(days=20))
    rate = sv.target_set(
        office=office,
        actor=head_of_office,
        year=2025,
        quarter=2,
        metric="tingkat-penyelesaian",
        value=80,
    )
    assert realisation.compute(rate) == Decimal("50.00")
    assert rate.is_rate


def test_activities_of_one_kind_are_counted(office, head_of_office, pvl_assistant):
    for kind in ("ots", "ots", "sosialisasi"):
        prevention.activity_create(
            office=office,
            actor=pvl_assistant,
            fields={"kind": kind, "title": kind, "start_date": dt.date(2025, 5, 5)},
        )
    ots = sv.target_set(
        office=office,
        actor=head_of_office,
        year=2025,
        quarter=2,
        metric="kegiatan",
        activity_kind="ots",
        value=3,
    )
    every = sv.target_set(
        office=office, actor=head_of_office, year=2025, metric="kegiatan", value=12
    )
    assert realisation.compute(ots) == 2
    assert realisation.compute(every) == 3  # the year's: every kind


def test_a_year_target_is_shown_with_the_quarter(office, head_of_office):
    sv.target_set(office=office, actor=head_of_office, year=2025, metric="kegiatan", value=12)
    sv.target_set(
        office=office, actor=head_of_office, year=2025, quarter=3, metric="kegiatan", value=3
    )
    assert sel.period_targets(Target.objects.all(), 2025, 2).count() == 1
    assert sel.period_targets(Target.objects.all(), 2025, 3).count() == 2


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"metric": "piknik", "value": 1}, "what the target counts"),
        ({"metric": "kegiatan", "value": -1}, "from 0"),
        ({"metric": "tingkat-penyelesaian", "value": 120}, "up to 100"),
        ({"metric": "laporan-diterima", "value": 1, "activity_kind": "ots"}, "narrows only"),
        ({"metric": "kegiatan", "value": 1, "activity_kind": "piknik"}, "Unknown kind"),
        ({"metric": "kegiatan", "value": 1, "quarter": 5}, "quarter is 1, 2, 3 or 4"),
    ],
)
def test_a_wrong_target_is_refused_with_a_reason(office, head_of_office, fields, message):
    with pytest.raises(PlanError, match=message):
        sv.target_set(office=office, actor=head_of_office, year=2025, **fields)
    assert not Target.objects.exists()


def test_a_head_of_unit_sets_only_their_units_targets(office, head_of_unit, examination):
    own = Unit.objects.get(pk=head_of_unit.unit_id)
    sv.target_set(
        office=office, actor=head_of_unit, year=2025, unit=own, metric="kegiatan", value=1
    )
    with pytest.raises(NotAllowed):
        sv.target_set(office=office, actor=head_of_unit, year=2025, metric="kegiatan", value=1)
    other = Unit.objects.filter(office=office).exclude(pk=own.pk).first()
    with pytest.raises(NotAllowed):
        sv.target_set(
            office=office, actor=head_of_unit, year=2025, unit=other, metric="kegiatan", value=1
        )


def test_assistants_and_outsiders_set_no_target(office, pvl_assistant, outsider):
    for actor in (pvl_assistant, outsider):
        with pytest.raises(NotAllowed):
            sv.target_set(office=office, actor=actor, year=2025, metric="kegiatan", value=1)


# --- the work programme -----------------------------------------------------------------


@pytest.fixture
def item(office, head_of_office, examiner):
    return sv.item_create(
        office=office,
        actor=head_of_office,
        year=2025,
        quarter=3,
        fields={
            "title": "Klinik pengaduan di Belitung",
            "owner": examiner,
            "due_date": dt.date(2025, 8, 15),
        },
    )


def test_the_owner_reports_progress_and_done_takes_the_day(item, examiner):
    sv.item_set_status(item=item, actor=examiner, status="berjalan")
    done = sv.item_set_status(
        item=item,
        actor=examiner,
        status="selesai",
        outcome="30 peserta",
        on=dt.date(2025, 8, 14),
    )
    assert (done.status, done.done_on, done.outcome) == (
        "selesai",
        dt.date(2025, 8, 14),
        "30 peserta",
    )
    statuses = AuditEvent.objects.filter(action="plans.item_status").order_by("pk")
    assert [e.new["status"] for e in statuses] == ["berjalan", "selesai"]


def test_dropping_an_item_needs_a_reason(item, head_of_office):
    with pytest.raises(PlanError, match="why"):
        sv.item_set_status(item=item, actor=head_of_office, status="batal")
    item.refresh_from_db()
    assert item.status == "rencana"


def test_someone_else_cannot_report_an_items_progress(item, pvl_assistant, outsider):
    for actor in (pvl_assistant, outsider):
        with pytest.raises(NotAllowed):
            sv.item_set_status(item=item, actor=actor, status="selesai")


def test_an_owner_from_another_office_is_refused(office, head_of_office, outsider):
    with pytest.raises(PlanError, match="office's staff"):
        sv.item_create(
            office=office,
            actor=head_of_office,
            year=2025,
            quarter=3,
            fields={"title": "X", "owner": outsider, "due_date": dt.date(2025, 8, 1)},
        )
    assert not WorkItem.objects.exists()


# --- the quarterly report, the page, the dashboard -------------------------------------------


def test_the_quarterly_report_has_targets_and_the_next_programme(
    office, head_of_office, receive, item
):
    received_on(receive, dt.datetime(2025, 5, 2, 10, tzinfo=WIB))
    sv.target_set(
        office=office,
        actor=head_of_office,
        year=2025,
        quarter=2,
        metric="laporan-diterima",
        value=1,
    )
    sv.target_set(
        office=office, actor=head_of_office, year=2025, quarter=2, metric="kegiatan", value=2
    )
    data = report.build(kind="quarterly", year=2025, quarter=2, office=office)
    labels = {row["label"]: row for row in data["plans"]["targets"]}
    assert labels["laporan diterima"]["met"] is True
    assert labels["kegiatan pencegahan"]["realised"] == 0
    assert data["plans"]["next_programme"]["items"][0]["title"] == "Klinik pengaduan di Belitung"
    text = data["narrative"]
    assert "Dari 2 target periode ini, 1 tercapai; belum tercapai: kegiatan pencegahan." in text
    assert "Program kerja triwulan III 2025: Klinik pengaduan di Belitung." in text
    assert ["laporan diterima", 1.0, 1.0, 100.0] in render.target_rows(data)
    assert render.to_pdf(data).startswith(b"%PDF")
    assert render.to_xlsx(data)[:2] == b"PK"


def test_the_page_shows_realisation_and_a_chart(client, office, head_of_office):
    sv.target_set(
        office=office, actor=head_of_office, year=2025, quarter=2, metric="kegiatan", value=2
    )
    client.force_login(head_of_office)
    page = client.get(
        "/kantor/rencana/?tahun=2025&triwulan=2", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "prevention activities" in page
    assert "<svg" in page and "0 / 2 (0%)" in page


def test_the_page_form_sets_a_target_and_a_refusal_keeps_what_was_typed(
    client, office, head_of_office
):
    client.force_login(head_of_office)
    ok = client.post(
        "/kantor/rencana/target/",
        {"tahun": "2025", "triwulan": "2", "metric": "kegiatan", "quarter": "2", "value": "4"},
    )
    assert ok.status_code == 302 and Target.objects.get().value == 4
    refused = client.post(
        "/kantor/rencana/target/",
        {
            "tahun": "2025",
            "triwulan": "2",
            "metric": "tingkat-penyelesaian",
            "quarter": "2",
            "value": "150",
            "note": "terlalu tinggi",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert refused.status_code == 400
    text = refused.content.decode()
    assert "up to 100" in text and "terlalu tinggi" in text


def test_another_offices_staff_see_their_own_office_and_cannot_remove(
    client, office, other_office, head_of_office, outsider
):
    sv.target_set(office=office, actor=head_of_office, year=2025, metric="kegiatan", value=2)
    client.force_login(outsider)
    page = client.get(
        f"/kantor/rencana/?kantor={office.code}&tahun=2025&triwulan=tahun",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    text = page.content.decode()
    assert page.status_code == 200 and other_office.name in text
    assert "No targets for this period." in text
    target = Target.objects.get()
    answer = client.post(f"/kantor/rencana/target/{target.pk}/hapus/")
    assert answer.status_code == 404
    assert Target.objects.exists()


@pytest.mark.clock
def test_the_dashboard_shows_this_quarters_targets(client, office, head_of_office):
    today = timezone.localtime(timezone.now(), WIB).date()
    quarter = (today.month - 1) // 3 + 1
    sv.target_set(
        office=office,
        actor=head_of_office,
        year=today.year,
        quarter=quarter,
        metric="kegiatan",
        value=2,
    )
    client.force_login(head_of_office)
    page = client.get("/kantor/dasbor/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Targets and realisation" in page


def test_the_api_gives_targets_with_realisation_and_the_programme(
    api, office, head_of_office, pvl_assistant, item, other_office, outsider
):
    sv.target_set(
        office=office, actor=head_of_office, year=2025, quarter=3, metric="kegiatan", value=2
    )
    prevention.activity_create(
        office=office,
        actor=pvl_assistant,
        fields={"kind": "ots", "title": "OTS", "start_date": dt.date(2025, 8, 1)},
    )
    client = api(pvl_assistant)
    (target,) = client.get("/plans/targets", {"year": 2025, "quarter": 3}).json()
    assert (target["metric"], target["value"], target["realised"], target["achieved"]) == (
        "kegiatan",
        2.0,
        1.0,
        50.0,
    )
    (listed,) = client.get("/plans/work-items", {"year": 2025}).json()
    assert listed["title"] == "Klinik pengaduan di Belitung" and listed["status"] == "rencana"
    assert api(outsider).get("/plans/targets", {"year": 2025}).json() == []  # another office's


def test_the_demo_sets_targets_and_a_programme_once(office, head_of_office):
    from aduan.demo.builder import DemoResult
    from aduan.plans import demo

    result = DemoResult()
    demo.build(result, print)
    assert Target.objects.filter(office=office).count() == len(demo.TARGETS)
    items = WorkItem.objects.filter(office=office)
    assert items.count() == len(demo.ITEMS) + len(demo.NEXT_ITEMS)
    assert items.filter(status="selesai").count() == 1
    demo.build(DemoResult(), print)
    assert Target.objects.filter(office=office).count() == len(demo.TARGETS)


def test_a_strange_office_code_is_ignored(client, office, head_of_office):
    client.force_login(head_of_office)
    answer = client.post(
        "/kantor/rencana/target/",
        {"kantor": "babel\x00", "tahun": "2025", "metric": "kegiatan", "value": "2"},
    )
    assert answer.status_code == 302  # the user's own office
    assert Target.objects.get().office == office
