"""Spike alerts: detection, the daily run, the mail to the head and the alert's actions."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from aduan.cases.errors import NotAllowed
from aduan.cases.models import Case
from aduan.core.models import AuditEvent
from aduan.directory.models import User
from aduan.reference.models import Channel, IntakeType, Substance
from aduan.stats import spikes
from aduan.stats.models import DetectionRun, MassComplaint, SpikeAlert

DAY = dt.date(2026, 11, 24)  # the last day counted
JAKARTA = ZoneInfo("Asia/Jakarta")
_sequence = itertools.count(100_000)


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=JAKARTA)


def bulk(office, days: list[dt.date], *, intake="lm", **fields) -> list[Case]:
    """Reports straight into the table (counts need no clocks), one per item of ``days``."""
    intake_type = IntakeType.objects.get(code=intake)
    channel = Channel.objects.get(code="web")
    cases = []
    for day in days:
        seq = next(_sequence)
        cases.append(
            Case(
                office=office,
                reference=f"{seq}/LM/{day.year}",
                year=day.year,
                sequence=seq,
                intake_type=intake_type,
                channel=channel,
                title="Pemadaman listrik",
                received_at=at(day),
                state_since=at(day),
                **fields,
            )
        )
    return Case.objects.bulk_create(cases)


def spread(first: dt.date, days: int, count: int) -> list[dt.date]:
    """``count`` dates spread over ``days`` days from ``first``."""
    return [first + dt.timedelta(days=i % days) for i in range(count)]


def baseline(office, per_week: int = 6, **fields) -> None:
    """``per_week`` reports in each of the eight weeks before the window."""
    window_start = DAY - dt.timedelta(days=6)
    for week in range(1, 9):
        start = window_start - dt.timedelta(weeks=week)
        bulk(office, spread(start, 7, per_week + (week % 2)), **fields)  # 6, 7, 6, 7 …


@pytest.fixture
def electricity(db):
    return Substance.objects.get(code="energi-kelistrikan")


@pytest.fixture
def spike(office, electricity, receive, head_of_office):
    """Eight ordinary weeks of electricity reports, then 40 in the last seven days (received
    through the real service)."""
    head_of_office.email = "kepala@example.com"
    head_of_office.save()
    baseline(office, substance=electricity)
    return [
        receive(received_at=at(day), substance=electricity, agency=None)
        for day in spread(DAY - dt.timedelta(days=6), 7, 40)
    ]


@pytest.fixture
def alert(spike, office):
    (alert,) = spikes.detect(office=office, day=DAY)
    return alert


# --- the rule


def test_the_threshold_has_a_floor_a_poisson_spread_and_a_ratio():
    assert spikes.baseline_of([0] * 8).threshold == spikes.MIN_COUNT
    steady = spikes.baseline_of([6] * 8)
    assert steady.sd == 0
    assert steady.threshold == pytest.approx(6 + 3 * 6**0.5)  # not 6: √m is the least spread
    busy = spikes.baseline_of([500, 520, 480, 510, 490, 505, 495, 500])
    assert busy.threshold == 1000  # twice the usual week
    assert spikes.is_spike(70, spikes.baseline_of([14, 10, 18, 14, 12, 16, 14, 14]))
    assert not spikes.is_spike(20, spikes.baseline_of([14, 10, 18, 14, 12, 16, 14, 14]))


def test_a_rise_raises_exactly_one_substance_alert(alert, spike, office, electricity):
    assert alert.dimension == SpikeAlert.Dimension.SUBSTANCE
    assert alert.key == str(electricity.pk)
    assert alert.label == electricity.name
    assert (alert.count, alert.window_start, alert.window_end) == (40, DAY - dt.timedelta(6), DAY)
    assert alert.baseline_mean == 6.5
    assert sum(alert.daily_counts) == 40
    assert alert.status == SpikeAlert.Status.OPEN
    assert SpikeAlert.objects.count() == 1
    assert set(spikes.alert_cases(alert)) == set(spike)
    assert AuditEvent.objects.filter(action="spike.raised").count() == 1


def test_a_normal_week_raises_nothing(office, electricity):
    baseline(office, substance=electricity)
    bulk(office, spread(DAY - dt.timedelta(days=6), 7, 8), substance=electricity)
    assert spikes.detect(office=office, day=DAY) == []


def test_fewer_than_min_count_never_alert_even_when_new(office, electricity):
    baseline(office, substance=Substance.objects.get(code="kesehatan"))
    bulk(office, spread(DAY - dt.timedelta(days=3), 4, spikes.MIN_COUNT - 1), substance=electricity)
    assert spikes.detect(office=office, day=DAY) == []

    bulk(office, [DAY], substance=electricity)  # the tenth, with nothing in eight weeks
    (alert,) = spikes.detect(office=office, day=DAY)
    assert (alert.count, alert.baseline_mean) == (spikes.MIN_COUNT, 0)


def test_an_office_without_history_is_not_examined(office, electricity):
    bulk(office, spread(DAY - dt.timedelta(days=6), 7, 50), substance=electricity)
    assert spikes.detect(office=office, day=DAY) == []


def test_consultations_copies_and_investigations_are_not_counted(office, electricity):
    baseline(office, substance=Substance.objects.get(code="kesehatan"))
    for intake in ("knl", "tembusan"):
        bulk(
            office, spread(DAY - dt.timedelta(days=6), 7, 20), intake=intake, substance=electricity
        )
    assert spikes.detect(office=office, day=DAY) == []


def test_an_agency_spike_counts_the_sub_units_under_the_second_level(office, agency_tree):
    baseline(office, agency=agency_tree["city"])
    clinic = bulk(office, spread(DAY - dt.timedelta(days=6), 7, 12), agency=agency_tree["clinic"])
    (alert,) = spikes.detect(office=office, day=DAY)
    assert alert.dimension == SpikeAlert.Dimension.AGENCY
    assert alert.key == str(agency_tree["health"].pk)  # the clinic rolled up to its department
    assert set(spikes.alert_cases(alert)) == set(clinic)


def test_a_region_spike_is_counted_per_regency_or_city(office, regions):
    baseline(office, event_region=regions["19.01"])
    city = bulk(office, spread(DAY - dt.timedelta(days=6), 7, 11), event_region=regions["19.71.01"])
    bulk(office, spread(DAY - dt.timedelta(days=6), 7, 30), event_region=regions["19"])
    (alert,) = spikes.detect(office=office, day=DAY)
    assert (alert.dimension, alert.key, alert.count) == ("region", "19.71", 11)
    assert set(spikes.alert_cases(alert)) == set(city)  # was a FieldError (the alert page: 500)


# --- one alert per key


def test_rerunning_updates_the_alert_instead_of_duplicating_it(
    alert, office, electricity, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        (again,) = spikes.detect(office=office, day=DAY)
    assert again.pk == alert.pk and not again.newly_raised
    bulk(office, [DAY + dt.timedelta(days=1)] * 5, substance=electricity)
    with django_capture_on_commit_callbacks(execute=True):
        (later,) = spikes.detect(office=office, day=DAY + dt.timedelta(days=1))
    assert later.pk == alert.pk
    later.refresh_from_db()
    assert later.window_end == DAY + dt.timedelta(days=1)
    assert later.count == 40 - 6 + 5  # the first day (6 reports) left the window
    assert SpikeAlert.objects.count() == 1
    assert mailoutbox == []  # an update sends no mail


def test_a_dismissed_alert_is_not_raised_again_for_the_same_reports(alert, office, head_of_office):
    spikes.alert_dismiss(
        alert=alert, actor=head_of_office, reason="Pemadaman bergilir, sudah ditangani."
    )
    assert spikes.detect(office=office, day=DAY) == []
    assert spikes.detect(office=office, day=DAY + dt.timedelta(days=1)) == []
    assert SpikeAlert.objects.count() == 1


def test_the_daily_run_detects_each_office_once_per_day(spike, office, other_office):
    now = at(DAY + dt.timedelta(days=1), 8)  # yesterday was DAY
    found = spikes.run_detection(now=now)
    assert [a.count for a in found["babel"]] == [40]
    assert spikes.run_detection(now=now) == {}  # the second pass of the day does nothing
    assert SpikeAlert.objects.count() == 1
    assert DetectionRun.objects.filter(day=DAY).count() == 3  # every office (centre too), once


def test_the_command_prints_what_it_found(spike, office):
    from io import StringIO

    out = StringIO()
    call_command("spikes", "--office", "babel", "--day", DAY.isoformat(), stdout=out)
    text = out.getvalue()
    assert "[1/1] babel 2026-11-24: 1 new, 0 updated" in text
    assert "40 reports" in text


# --- the mail


def test_the_head_of_office_is_mailed_counts_and_references_only(
    spike, office, head_of_office, examiner, mailoutbox, django_capture_on_commit_callbacks
):
    User.objects.create(
        username="kepala-lama",
        role="kepala_perwakilan",
        office=office,
        email="lama@example.com",
        is_active=False,
    )
    with django_capture_on_commit_callbacks(execute=True):
        (alert,) = spikes.detect(office=office, day=DAY)
    (mail,) = mailoutbox
    assert mail.to == ["kepala@example.com"]
    assert "40" in mail.subject
    assert f"/kantor/lonjakan/{alert.pk}/" in mail.body
    assert spike[0].reference in mail.body
    assert "Siti Aminah" not in mail.body and "siti@example.com" not in mail.body
    assert "Pungutan" not in mail.body  # no complaint text


# --- the pages and actions


def test_the_list_and_the_page_show_the_alert_and_its_reports(client, alert, spike, examiner):
    client.force_login(examiner)
    listing = client.get(reverse("alerts:list"))
    assert listing.status_code == 200
    assert alert.label in listing.content.decode()
    page = client.get(reverse("alerts:detail", args=[alert.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in html and html.count("<rect") == 7
    assert reverse("backoffice:case_detail", args=[spike[0].pk]) in html
    assert 'value="iaps"' not in html  # an assistant may look, not act


def test_an_assistant_cannot_act(client, alert, examiner):
    client.force_login(examiner)
    client.post(reverse("alerts:act", args=[alert.pk]), {"action": "group"})
    alert.refresh_from_db()
    assert alert.status == SpikeAlert.Status.OPEN


def test_the_head_starts_an_iaps_linked_to_the_reports(client, alert, spike, head_of_office):
    client.force_login(head_of_office)
    response = client.post(
        reverse("alerts:act", args=[alert.pk]), {"action": "iaps", "title": "Pemadaman listrik"}
    )
    iaps = Case.objects.get(intake_type__code="iaps")
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:case_detail", args=[iaps.pk])
    assert set(iaps.linked_reports.all()) == set(spike)
    assert iaps.substance_id == int(alert.key)
    assert iaps.unit.kind == "pemeriksaan"
    alert.refresh_from_db()
    assert (alert.status, alert.action, alert.iaps_case, alert.acted_by) == (
        "acted",
        "iaps",
        iaps,
        head_of_office,
    )
    assert AuditEvent.objects.filter(action="spike.iaps_opened").exists()


def test_the_head_of_unit_groups_the_reports_as_a_mass_complaint(
    client, alert, spike, head_of_unit
):
    client.force_login(head_of_unit)
    client.post(reverse("alerts:act", args=[alert.pk]), {"action": "group", "title": "Listrik"})
    group = MassComplaint.objects.get()
    assert (group.title, group.alert, group.office) == ("Listrik", alert, alert.office)
    assert set(group.cases.all()) == set(spike)
    alert.refresh_from_db()
    assert (alert.status, alert.action) == ("acted", "grouped")
    # Each report's page says it belongs to the group, with a link to the alert.
    page = client.get(reverse("backoffice:case_detail", args=[spike[0].pk])).content.decode()
    assert "Listrik" in page and reverse("alerts:detail", args=[alert.pk]) in page
    # Acted on: a second action is refused.
    with pytest.raises(spikes.SpikeError):
        spikes.alert_group(alert=alert, actor=head_of_unit)
    assert MassComplaint.objects.count() == 1


def test_dismissing_needs_a_reason(client, alert, head_of_office):
    client.force_login(head_of_office)
    response = client.post(
        reverse("alerts:act", args=[alert.pk]), {"action": "dismiss"}, follow=True
    )
    assert "Jelaskan mengapa peringatan diabaikan." in response.content.decode()
    alert.refresh_from_db()
    assert alert.status == SpikeAlert.Status.OPEN
    client.post(
        reverse("alerts:act", args=[alert.pk]), {"action": "dismiss", "reason": "Sudah diketahui."}
    )
    alert.refresh_from_db()
    assert (alert.status, alert.reason) == ("dismissed", "Sudah diketahui.")
    assert AuditEvent.objects.get(action="spike.dismissed").reason == "Sudah diketahui."


def test_another_offices_staff_and_outsiders_see_nothing(client, alert, outsider, other_office):
    client.force_login(outsider)
    assert client.get(reverse("alerts:detail", args=[alert.pk])).status_code == 404
    assert alert.label not in client.get(reverse("alerts:list")).content.decode()
    head = User.objects.create(
        username="kepala-sulsel", role="kepala_perwakilan", office=other_office, is_staff=True
    )
    client.force_login(head)
    response = client.post(
        reverse("alerts:act", args=[alert.pk]), {"action": "dismiss", "reason": "x"}
    )
    assert response.status_code == 404
    with pytest.raises(NotAllowed):
        spikes.alert_dismiss(alert=alert, actor=head, reason="x")
    alert.refresh_from_db()
    assert alert.status == SpikeAlert.Status.OPEN


def test_anonymous_and_non_staff_are_turned_away(client, alert):
    assert client.get(reverse("alerts:list")).status_code == 302
    nobody = User.objects.create(username="warga")
    client.force_login(nobody)
    assert client.get(reverse("alerts:detail", args=[alert.pk])).status_code == 403


def test_detection_reads_aggregates_not_cases(spike, office, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):  # types + history + one aggregate per dimension …
        findings = spikes.find(office=office, day=DAY)
    assert [f.count for f in findings] == [40]


def test_the_chart_geometry_is_not_localised(client, alert, head_of_office):
    client.force_login(head_of_office)
    with translation.override("id"):
        html = client.get(reverse("alerts:detail", args=[alert.pk]), HTTP_ACCEPT_LANGUAGE="id")
    svg = html.content.decode().split("<svg", 1)[1].split("</svg>", 1)[0]
    assert re.search(r'<rect x="\d+(\.\d+)?" y="\d+(\.\d+)?"', svg)
    assert not re.search(r'(x|y|width|height)="\d+,\d', svg)


def test_a_unit_that_is_not_a_number_is_refused_with_a_message(client, alert, head_of_office):
    client.force_login(head_of_office)
    for unit in ("abc", "²"):
        response = client.post(
            reverse("alerts:act", args=[alert.pk]), {"action": "iaps", "unit": unit}
        )
        assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.status == "open"


def test_a_title_longer_than_a_cases_is_cut(client, alert, spike, head_of_office):
    """As when grouping: a title longer than 255 characters was a server error on PostgreSQL."""
    client.force_login(head_of_office)
    client.post(reverse("alerts:act", args=[alert.pk]), {"action": "iaps", "title": "x" * 300})
    assert Case.objects.get(intake_type__code="iaps").title == "x" * 255


def test_a_nul_character_in_the_dismissal_reason_is_dropped(client, alert, head_of_office):
    client.force_login(head_of_office)
    client.post(
        reverse("alerts:act", args=[alert.pk]), {"action": "dismiss", "reason": "Sudah\x00 tahu."}
    )
    alert.refresh_from_db()
    assert (alert.status, alert.reason) == ("dismissed", "Sudah tahu.")
