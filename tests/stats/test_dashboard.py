"""The dashboards: the head of office's live view and the national one, scoped."""

from __future__ import annotations

import datetime as dt

from django.contrib.staticfiles import finders
from django.utils import timezone

from aduan.cases import services as sv
from aduan.stats.dashboard import national_dashboard, office_dashboard


def _receive(office, when, **extra):
    return sv.case_receive(
        office=office,
        intake_type="lm",
        channel="web",
        title="Laporan",
        reporters=[{"name": "Warga"}],
        received_at=when,
        **extra,
    )


def test_the_office_view_compares_this_quarter_with_the_last(office, walk):
    today = timezone.localdate()
    now = timezone.now()
    for _i in range(3):
        _receive(office, now - dt.timedelta(minutes=5))
    walk(_receive(office, now - dt.timedelta(minutes=4)), "examination")
    data = office_dashboard(office, today)
    assert data["compare"]["reports"]["now"] == 4
    assert data["compare"]["registered"]["now"] == 1
    assert len(data["trend"]) == 12
    assert data["trend"][-1]["received"] == 4
    states = {row["state"]: row["count"] for row in data["states"]}
    assert states["diterima"] == 3 and states["pemeriksaan"] == 1


def test_overdue_clocks_per_unit(office, receive):
    case = receive()
    from aduan.deadlines.models import Deadline

    Deadline.objects.filter(case=case).update(due_date=dt.date(2020, 1, 1))
    rows = office_dashboard(office)["overdue"]
    assert sum(row["count"] for row in rows) >= 1


def test_the_head_of_office_sees_their_office(office, head_of_office, client, receive):
    receive()
    client.force_login(head_of_office)
    response = client.get("/kantor/dasbor/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ombudsman RI Perwakilan Kepulauan Bangka Belitung" in page or office.code in page
    # Another office's code gives nothing of theirs.
    response = client.get("/kantor/dasbor/?office=sulsel")
    assert response.status_code == 404


def test_the_national_view_for_members(office, other_office, member, client):
    now = timezone.now()
    _receive(office, now)
    _receive(other_office, now)
    _receive(other_office, now)
    data = national_dashboard()
    counts = {row["office"].code: row["received"] for row in data["rows"]}
    assert counts["babel"] == 1 and counts["sulsel"] == 2
    client.force_login(member)
    page = client.get("/kantor/dasbor/").content.decode()
    assert "?office=sulsel" in page and "?office=babel" in page
    assert client.get("/kantor/dasbor/?office=sulsel").status_code == 200


def test_strangers_and_other_offices_are_refused(client, outsider, office):
    assert client.get("/kantor/dasbor/").status_code == 302  # to sign in
    from aduan.directory.models import User

    nobody = User.objects.create(username="tanpa-peran")  # no office role: not staff
    client.force_login(nobody)
    assert client.get("/kantor/dasbor/").status_code == 403
    client.force_login(outsider)  # staff of another office
    assert client.get(f"/kantor/dasbor/?office={office.code}").status_code == 404


def test_the_trend_chart_prints_each_count_once_and_names_its_colours():
    from aduan.stats import charts
    from aduan.stats.dashboard import _trend_charts

    rows = [
        {"month": "2026-10", "received": 17, "closed": 4},
        {"month": "2026-11", "received": 23, "closed": 0},
    ]
    (chart,) = _trend_charts(rows)
    assert chart.count(">17<") == 1 and chart.count(">23<") == 1 and chart.count(">4<") == 1
    # The legend: a swatch and a word for each colour.
    assert ">received</text>" in chart and ">closed</text>" in chart
    assert charts.PALETTE[0] in chart and charts.PALETTE[1] in chart
    assert 'viewBox="0 0 800 ' in chart


def test_a_one_series_column_chart_prints_each_total_once_without_a_legend():
    from aduan.stats import charts

    svg = charts.column_chart(
        [{"month": "2026-10", "received": 42}], "Per month", series=[("received", "received")]
    )
    assert svg.count(">42<") == 1
    assert ">received</text>" not in svg


def test_the_dashboard_chart_takes_the_pages_width(office, head_of_office, client):
    client.force_login(head_of_office)
    page = client.get("/kantor/dasbor/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<div class="dash-charts"><figure class="scroll-x"><svg' in page
    css = finders.find("stats/stats.css")
    with open(css, encoding="utf-8") as file:
        css = file.read()
    assert ".dash-charts svg{display:block;width:100%" in css
