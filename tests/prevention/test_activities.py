"""Field and outreach activities: recording, linking the reports taken there, materials."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.files.base import ContentFile

from aduan.core.models import AuditEvent
from aduan.prevention import selectors
from aduan.prevention import services as sv
from aduan.prevention.models import Activity
from aduan.prevention.permissions import NotAllowed, PreventionError

WIB = ZoneInfo("Asia/Jakarta")


def test_it_records_an_activity_with_audit(office, pvl_assistant, agency_tree):
    activity = sv.activity_create(
        office=office,
        actor=pvl_assistant,
        fields={
            "kind": "coaching",
            "title": "Klinik pengaduan",
            "start_date": dt.date(2025, 5, 2),
            "participants_total": 20,
            "participants_women": 12,
            "participants_men": 8,
        },
        staff=[pvl_assistant],
        agencies=[agency_tree["health"]],
    )
    assert activity.office == office
    assert list(activity.staff.all()) == [pvl_assistant]
    assert AuditEvent.objects.filter(action="prevention.activity_created").count() == 1


def test_it_refuses_another_offices_staff(office, outsider):
    with pytest.raises(NotAllowed):
        sv.activity_create(
            office=office,
            actor=outsider,
            fields={"kind": "ots", "title": "OTS", "start_date": dt.date(2025, 1, 1)},
        )
    assert not Activity.objects.exists()


def test_it_refuses_gender_counts_above_the_total(office, pvl_assistant):
    with pytest.raises(PreventionError):
        sv.activity_create(
            office=office,
            actor=pvl_assistant,
            fields={
                "kind": "sosialisasi",
                "title": "Sosialisasi",
                "start_date": dt.date(2025, 1, 1),
                "participants_total": 5,
                "participants_women": 4,
                "participants_men": 4,
            },
        )


def test_it_refuses_a_last_day_before_the_first(office, pvl_assistant):
    with pytest.raises(PreventionError):
        sv.activity_create(
            office=office,
            actor=pvl_assistant,
            fields={
                "kind": "posko",
                "title": "Posko",
                "start_date": dt.date(2025, 1, 5),
                "end_date": dt.date(2025, 1, 4),
            },
        )


def test_update_changes_and_audits(make_activity, head_of_office):
    activity = make_activity()
    sv.activity_update(activity=activity, actor=head_of_office, fields={"reports_taken": 9})
    activity.refresh_from_db()
    assert activity.reports_taken == 9
    event = AuditEvent.objects.get(action="prevention.activity_updated")
    assert event.new == {"reports_taken": 9}


def test_update_refused_to_another_office(make_activity, outsider):
    activity = make_activity()
    with pytest.raises(NotAllowed):
        sv.activity_update(activity=activity, actor=outsider, fields={"reports_taken": 9})


def test_matching_cases_are_offered_and_linked(make_activity, receive, pvl_assistant):
    day = dt.date(2025, 3, 10)
    ots = receive(
        channel="on-the-spot",
        event_tag="OTS Pasar Pagi",
        received_at=dt.datetime(2025, 3, 10, 23, 30, tzinfo=WIB),
    )
    tagged = receive(
        channel="web",
        event_tag="OTS Pasar Pagi",
        received_at=dt.datetime(2025, 3, 10, 8, tzinfo=WIB),
    )
    receive(channel="web", received_at=dt.datetime(2025, 3, 10, 9, tzinfo=WIB))  # no match
    receive(  # the day after, in WIB
        channel="on-the-spot", received_at=dt.datetime(2025, 3, 11, 0, 5, tzinfo=WIB)
    )
    activity = make_activity(start=day, event_tag="ots pasar pagi")
    assert set(selectors.matching_cases(activity)) == {ots, tagged}
    assert sv.activity_link_cases(activity=activity, actor=pvl_assistant, cases=[ots]) == 1
    assert list(selectors.matching_cases(activity)) == [tagged]
    assert list(activity.cases.all()) == [ots]
    sv.activity_unlink_case(activity=activity, actor=pvl_assistant, case=ots)
    assert not activity.cases.exists()


def test_it_refuses_linking_another_offices_case(
    make_activity, receive, other_office, pvl_assistant, regions
):
    case = receive(office=other_office, agency=None)
    activity = make_activity()
    with pytest.raises(PreventionError):
        sv.activity_link_cases(activity=activity, actor=pvl_assistant, cases=[case])


def test_linking_refused_to_another_offices_staff(make_activity, receive, outsider):
    activity = make_activity()
    with pytest.raises(NotAllowed):
        sv.activity_link_cases(activity=activity, actor=outsider, cases=[receive()])


def test_material_is_uploaded(make_activity, pvl_assistant, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    activity = make_activity()
    document = sv.activity_add_document(
        activity=activity,
        actor=pvl_assistant,
        upload=ContentFile(b"%PDF-1.4 slides", name="materi.pdf"),
        title="Materi",
    )
    assert document.original_name == "materi.pdf"
    assert document.size == 15


def test_material_refused_to_another_office(make_activity, outsider):
    with pytest.raises(NotAllowed):
        sv.activity_add_document(
            activity=make_activity(), actor=outsider, upload=ContentFile(b"x", name="a.txt")
        )
