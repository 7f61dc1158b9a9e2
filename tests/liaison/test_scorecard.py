"""The agency scorecard (UU 37/2008 Ps.42): numbers per agency, scoped to the office's cases
for staff and to the liaison's own agency and sub-units on the portal."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.test import Client

from aduan.cases.models import Case, ClarificationRequest, Recommendation
from aduan.cases.selectors import cases_for
from aduan.deadlines.models import Deadline
from aduan.directory.models import Agency
from aduan.liaison import selectors
from aduan.liaison.scorecard import agency_scorecard

CR = ClarificationRequest.Status
RO = Recommendation.Outcome


@pytest.fixture
def record(asked, walk, receive, agency_tree, other_agency):
    """Health: three requests (on time, late, waived), one open corrective action, one
    recommendation implemented, one not, one not yet sent. Clinic: one waiting request.
    Another agency (not in the tree): one waiting request."""
    _on_time_case, on_time = asked(title="Tepat waktu")
    _late_case, late = asked(title="Terlambat")
    _c, waived = asked(title="Dianggap tidak menggunakan hak")
    for request, days in ((on_time, 3), (late, 60)):
        clock = Deadline.objects.for_subject(request).get()
        if days == 3:
            assert request.sent_at.date() + dt.timedelta(days=3) <= clock.due_date
        else:
            assert request.sent_at.date() + dt.timedelta(days=60) > clock.due_date
        ClarificationRequest.objects.filter(pk=request.pk).update(
            status=CR.ANSWERED, answer="Jawaban", answered_at=request.sent_at + dt.timedelta(days)
        )
    ClarificationRequest.objects.filter(pk=waived.pk).update(status=CR.WAIVED)
    monitored = walk(receive(title="Pemantauan"), "monitoring")
    now = monitored.received_at
    for outcome, sent in ((RO.IMPLEMENTED, now), (RO.NOT_IMPLEMENTED, now), (RO.PENDING, None)):
        Recommendation.objects.create(
            case=monitored,
            signed_at=now,
            sent_at=sent,
            addressee=agency_tree["health"],
            content="Rekomendasi",
            outcome=outcome,
        )
    asked(agency=agency_tree["clinic"], title="Antrean puskesmas")
    asked(agency=other_agency, title="Kabupaten lain")
    return {"monitored": monitored}


def _rows_by_name(rows):
    return {row["agency"].name: row for row in rows}


def test_numbers_for_a_small_record(record, pvl_assistant, agency_tree, other_agency):
    rows = agency_scorecard(agencies_qs=Agency.objects.all(), cases_qs=cases_for(pvl_assistant))
    by_name = _rows_by_name(rows)
    health = by_name[agency_tree["health"].name]
    assert health["cases"] == 4
    assert health["clarifications"] == 3
    assert health["answered"] == 2
    assert health["answered_on_time"] == 1
    assert health["on_time_percent"] == pytest.approx(33.3)
    assert health["average_days"] == pytest.approx(31.5)
    assert health["open_actions"] == 1
    assert health["recommendations"] == 2  # the unsent one is not counted
    assert health["recommendations_reported"] == 2
    assert health["implemented_percent"] == 50.0
    assert health["refused_clarifications"] == 1
    assert health["refused_recommendations"] == 1
    assert health["refusals"] == 2
    clinic = by_name[agency_tree["clinic"].name]
    assert (clinic["cases"], clinic["clarifications"], clinic["answered_on_time"]) == (1, 1, 0)
    assert clinic["on_time_percent"] == 0.0 and clinic["average_days"] is None
    assert clinic["implemented_percent"] is None and clinic["refusals"] == 0
    assert other_agency.name in by_name
    assert agency_tree["city"].name not in by_name  # nothing addressed to it
    assert rows[0]["agency"] == agency_tree["health"]  # sorted by cases


def test_the_period_bounds_the_cases(record, pvl_assistant, agency_tree):
    Case.objects.filter(pk=record["monitored"].pk).update(
        received_at=record["monitored"].received_at - dt.timedelta(days=400)
    )
    since = (record["monitored"].received_at - dt.timedelta(days=30)).date()
    rows = agency_scorecard(
        agencies_qs=Agency.objects.all(), cases_qs=cases_for(pvl_assistant), since=since
    )
    health = _rows_by_name(rows)[agency_tree["health"].name]
    assert health["cases"] == 3 and health["open_actions"] == 0
    assert health["recommendations"] == 0


def test_a_fixed_number_of_queries(record, pvl_assistant, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        rows = agency_scorecard(agencies_qs=Agency.objects.all(), cases_qs=cases_for(pvl_assistant))
        assert [row["agency"].name for row in rows]


def test_office_page_csv_and_chart(record, pvl_assistant, agency_tree, other_agency):
    client = Client()
    client.force_login(pvl_assistant)
    page = client.get("/instansi/kantor/kinerja/").content.decode()
    assert agency_tree["health"].name in page and other_agency.name in page
    assert 'width="33.3%"' in page  # the on-time bar
    assert (
        "/instansi/kantor/kinerja/" in client.get("/instansi/kantor/focal-point/").content.decode()
    )
    response = client.get("/instansi/kantor/kinerja/?format=csv")
    assert response["Content-Type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(response.content.decode())))
    assert lines[1][0] == agency_tree["health"].name
    assert lines[1][1:5] == ["4", "3", "1", "33.3"]
    assert client.get("/instansi/kantor/kinerja/?since=rubbish").status_code == 200


def test_another_office_sees_none_of_these_numbers(record, outsider, agency_tree, other_agency):
    assert agency_scorecard(agencies_qs=Agency.objects.all(), cases_qs=cases_for(outsider)) == []
    client = Client()
    client.force_login(outsider)
    page = client.get("/instansi/kantor/kinerja/").content.decode()
    for agency in (agency_tree["health"], agency_tree["clinic"], other_agency):
        assert agency.name not in page
    csv_text = client.get("/instansi/kantor/kinerja/?format=csv").content.decode()
    assert len(csv_text.strip().splitlines()) == 1  # the header only


def test_liaison_sees_only_own_agency_and_sub_units(
    record, portal, portal_user, make_liaison, agency_tree, other_agency
):
    page = portal.get("/instansi/kinerja/").content.decode()
    assert agency_tree["health"].name in page and agency_tree["clinic"].name in page
    assert other_agency.name not in page
    assert "/instansi/kinerja/" in portal.get("/instansi/").content.decode()
    lines = list(
        csv.reader(io.StringIO(portal.get("/instansi/kinerja/?format=csv").content.decode()))
    )
    assert {line[0] for line in lines[1:]} == {
        agency_tree["health"].name,
        agency_tree["clinic"].name,
    }
    clinic = portal_user(make_liaison(agency_tree["clinic"], name="Eko", email="e@x.example"))
    rows = agency_scorecard(
        agencies_qs=Agency.objects.filter(pk__in=selectors.agency_ids_for(clinic)),
        cases_qs=selectors.liaison_cases(clinic),
    )
    assert [row["agency"] for row in rows] == [agency_tree["clinic"]]
    # A liaison may not open the office's page, office staff not the liaison's.
    assert portal.get("/instansi/kantor/kinerja/").status_code == 403


def test_anonymous_is_sent_to_sign_in(db):
    client = Client()
    for url in ("/instansi/kantor/kinerja/", "/instansi/kinerja/"):
        response = client.get(url)
        assert response.status_code == 302 and "next=" in response["Location"]
