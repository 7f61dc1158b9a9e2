"""Read-only prevention and compliance endpoints: activities, systemic reviews, campaigns and
their approved results. Scoped to the token user's office (national roles see every office);
another office's records are a 404 or absent from lists; an account without an office role is
refused; reviews (drafts too) are seen by their office and national roles, as on the pages;
only approved results are shown."""

from __future__ import annotations

import datetime as dt

import pytest

from aduan.compliance import services as compliance
from aduan.compliance.models import Assessment
from aduan.directory.models import Agency
from aduan.liaison import services as liaison_services
from aduan.liaison.models import Liaison
from aduan.prevention import services as prevention
from aduan.prevention.models import Activity
from aduan.reference.models import AgencyGroup
from tests.compliance.conftest import (  # noqa: F401  (fixtures)
    assessor,
    fill_and_submit,
    make_campaign,
    media,
    schedule,
    standard_2013,
)

pytestmark = pytest.mark.django_db

SECRET = {
    "name": "Rahasia Binti Anu",
    "email": "rahasia@example.com",
    "phone": "0899000111",
    "address": "Jl. Melati 7, Pangkalpinang",
}


def _reads(client, *paths):
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, response.json()


def _queries(assert_max_num_queries, client, *paths):
    """How many queries reading ``paths`` takes, after a first read that warms up what is
    written or cached once (the token's last use, content types)."""
    _reads(client, *paths)
    with assert_max_num_queries(12) as captured:
        _reads(client, *paths)
    return len(captured.captured_queries)  # now: the query log is a bounded deque


# --- data


@pytest.fixture
def make_activity(office, pvl_assistant):
    def make(*, kind=Activity.Kind.ON_THE_SPOT, start=dt.date(2025, 3, 10), **fields):
        relations = {k: fields.pop(k) for k in ("staff", "agencies") if k in fields}
        data = {"kind": kind, "title": f"{kind} {start}", "start_date": start, **fields}
        return prevention.activity_create(
            office=office, actor=pvl_assistant, fields=data, **relations
        )

    return make


@pytest.fixture
def liaison(pvl_assistant, agency_tree):
    """The health office's liaison: a portal account with no office role."""
    person = Liaison.objects.create(
        agency=agency_tree["health"], name="Budi Santoso", email="budi@dinkes.example"
    )
    result = liaison_services.liaison_invite(liaison=person, actor=pvl_assistant)
    return liaison_services.liaison_activate(
        token=result["token"], username="narahubung", password="secret-pass-123"
    )


def _review(office, actor, agency_tree, *, title="Kajian PPDB", suggestions=1):
    review = prevention.review_create(
        office=office,
        actor=actor,
        fields={
            "title": title,
            "topic": "Pendidikan",
            "period_start": dt.date(2025, 1, 1),
            "period_end": dt.date(2025, 6, 30),
            "findings": "Kuota tidak diumumkan.",
        },
        agencies=[agency_tree["city"]],
    )
    for n in range(suggestions):
        prevention.suggestion_add(
            review=review, actor=actor, agency=agency_tree["health"], text=f"Umumkan kuota {n}."
        )
    return review


@pytest.fixture
def draft(office, pvl_assistant, agency_tree):
    return _review(office, pvl_assistant, agency_tree, title="Kajian draf")


@pytest.fixture
def published(office, pvl_assistant, head_of_office, agency_tree):
    review = _review(office, pvl_assistant, agency_tree, title="Kajian terbit")
    return prevention.review_publish(review=review, actor=head_of_office)


def _unit(parent, name):
    return Agency.objects.add_child(
        parent,
        instance=Agency(
            name=name, group=AgencyGroup.objects.get(code="kesehatan"), level="kecamatan"
        ),
    )


@pytest.fixture
def approve(schedule, fill_and_submit, head_of_office):  # noqa: F811
    """approve(campaign, agency) → the unit assessed, submitted and approved."""

    def go(campaign, agency):
        assessment = schedule(campaign, agency)
        fill_and_submit(assessment, scale=3, yes=True)
        return compliance.assessment_approve(assessment=assessment, actor=head_of_office)

    return go


@pytest.fixture
def results(make_campaign, standard_2013, approve, schedule, fill_and_submit, agency_tree):  # noqa: F811
    """A campaign with an approved unit, a unit waiting for review and one only scheduled."""
    campaign = make_campaign(standard_2013)
    approve(campaign, agency_tree["clinic"])
    waiting = schedule(campaign, agency_tree["health"])
    fill_and_submit(waiting, scale=1, yes=False)
    schedule(campaign, agency_tree["city"])
    return campaign


# --- authentication and roles


PATHS = [
    "/prevention/activities",
    "/prevention/reviews",
    "/compliance/campaigns",
]


@pytest.mark.parametrize("path", PATHS)
def test_no_token_is_refused_with_401(api, path):
    response = api().get(path)
    assert (response.status_code, response.json()["code"]) == (401, "not_authenticated")


@pytest.mark.parametrize("path", PATHS)
def test_a_liaison_is_refused_as_on_the_pages(api, liaison, path):
    response = api(liaison).get(path)
    assert (response.status_code, response.json()["code"]) == (403, "not_allowed")


def test_a_liaison_may_not_read_a_record_either(api, liaison, make_activity, published, results):
    client = api(liaison)
    activity = make_activity()
    assert client.get(f"/prevention/activities/{activity.pk}").status_code == 403
    assert client.get(f"/prevention/reviews/{published.pk}").status_code == 403
    assert client.get(f"/compliance/campaigns/{results.pk}/results").status_code == 403


# --- activities


def test_an_activity_is_listed_and_read_with_references_only(
    api, make_activity, examiner, pvl_assistant, receive, agency_tree
):
    examiner.first_name, examiner.last_name = "Rina", "Wijaya"
    examiner.save()
    activity = make_activity(
        title="OTS Pasar Pagi",
        place="Pasar Pagi Pangkalpinang",
        end_date=dt.date(2025, 3, 11),
        participants_total=40,
        participants_women=25,
        participants_men=15,
        reports_taken=3,
        outcome="Tiga laporan diterima.",
        staff=[examiner],
        agencies=[agency_tree["health"]],
    )
    case = receive(confidential=True, reporters=[SECRET])
    prevention.activity_link_cases(activity=activity, actor=pvl_assistant, cases=[case])
    client = api(pvl_assistant)

    listed = client.get("/prevention/activities").json()
    assert listed["count"] == 1
    item = listed["items"][0]
    assert item["id"] == activity.pk
    assert (item["kind"], item["linked_cases"], item["office"]) == ("ots", 1, "babel")

    response = client.get(f"/prevention/activities/{activity.pk}")
    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["title"] == "OTS Pasar Pagi"
    assert data["place"] == "Pasar Pagi Pangkalpinang"
    assert (data["start_date"], data["end_date"]) == ("2025-03-10", "2025-03-11")
    assert data["staff"] == ["Rina Wijaya"]
    assert data["agencies"] == [
        {"id": agency_tree["health"].pk, "name": agency_tree["health"].name}
    ]
    assert (data["participants_total"], data["participants_women"]) == (40, 25)
    assert (data["participants_men"], data["reports_taken"]) == (15, 3)
    assert data["outcome"] == "Tiga laporan diterima."
    assert data["case_references"] == [case.reference]
    body = response.content.decode()
    for value in SECRET.values():
        assert value not in body


def test_another_offices_staff_see_no_activity(api, make_activity, outsider):
    activity = make_activity()
    client = api(outsider)
    assert client.get("/prevention/activities").json() == {"items": [], "count": 0}
    missing = client.get(f"/prevention/activities/{activity.pk}")
    assert (missing.status_code, missing.json()["code"]) == (404, "not_found")
    assert client.get("/prevention/activities/999999").json() == missing.json()


def test_a_member_sees_every_offices_activities(api, make_activity, member):
    make_activity()
    assert api(member).get("/prevention/activities").json()["count"] == 1


def test_the_activity_filters(api, make_activity, pvl_assistant):
    ots = make_activity(start=dt.date(2025, 3, 10))
    coaching = make_activity(kind=Activity.Kind.COACHING, start=dt.date(2025, 5, 2))
    old = make_activity(kind=Activity.Kind.POSKO, start=dt.date(2024, 12, 30))
    client = api(pvl_assistant)

    def ids(**params):
        response = client.get("/prevention/activities", params)
        assert response.status_code == 200, response.json()
        return [item["id"] for item in response.json()["items"]]

    assert ids() == [coaching.pk, ots.pk, old.pk]
    assert ids(kind="coaching") == [coaching.pk]
    assert ids(year=2024) == [old.pk]
    assert ids(year=2025) == [coaching.pk, ots.pk]
    assert ids(date_from="2025-03-10") == [coaching.pk, ots.pk]
    assert ids(date_to="2025-03-10") == [ots.pk, old.pk]
    assert ids(date_from="2025-03-11", date_to="2025-05-01") == []


def test_an_unknown_kind_is_refused_with_422(api, pvl_assistant):
    response = api(pvl_assistant).get("/prevention/activities", {"kind": "picnic"})
    assert (response.status_code, response.json()["fields"]) == (422, ["query.kind"])


def test_activities_are_paginated(api, make_activity, pvl_assistant):
    for day in range(1, 4):
        make_activity(start=dt.date(2025, 1, day))
    client = api(pvl_assistant)
    first = client.get("/prevention/activities", {"page_size": 2}).json()
    second = client.get("/prevention/activities", {"page_size": 2, "page": 2}).json()
    assert (first["count"], len(first["items"]), len(second["items"])) == (3, 2, 1)


def test_the_activity_queries_do_not_grow_with_rows(
    api, make_activity, pvl_assistant, examiner, receive, agency_tree, django_assert_max_num_queries
):
    client = api(pvl_assistant)

    def add(n):
        for _ in range(n):
            activity = make_activity(
                staff=[examiner, pvl_assistant], agencies=[agency_tree["city"]]
            )
            cases = [receive(), receive()]
            prevention.activity_link_cases(activity=activity, actor=pvl_assistant, cases=cases)
        return activity

    activity = add(1)
    paths = ("/prevention/activities", f"/prevention/activities/{activity.pk}")
    baseline = _queries(django_assert_max_num_queries, client, *paths)
    activity = add(5)
    with django_assert_max_num_queries(baseline):
        _reads(client, *paths)


# --- systemic reviews


def test_the_offices_staff_see_published_reviews_and_drafts(api, pvl_assistant, draft, published):
    client = api(pvl_assistant)
    listed = client.get("/prevention/reviews").json()
    assert {item["id"]: item["status"] for item in listed["items"]} == {
        draft.pk: "draft",
        published.pk: "published",
    }
    assert client.get("/prevention/reviews", {"status": "draft"}).json()["count"] == 1
    assert client.get(f"/prevention/reviews/{draft.pk}").status_code == 200


def test_a_review_is_read_with_its_suggestions(api, pvl_assistant, published, agency_tree):
    response = api(pvl_assistant).get(f"/prevention/reviews/{published.pk}")
    assert response.status_code == 200, response.json()
    data = response.json()
    assert (data["title"], data["status"], data["findings"]) == (
        "Kajian terbit",
        "published",
        "Kuota tidak diumumkan.",
    )
    assert (data["suggestion_count"], data["open_suggestion_count"]) == (1, 1)
    assert data["agencies"] == [{"id": agency_tree["city"].pk, "name": agency_tree["city"].name}]
    [suggestion] = data["suggestions"]
    row = published.suggestions.get()
    assert suggestion["agency_id"] == agency_tree["health"].pk
    assert suggestion["text"] == "Umumkan kuota 0."
    assert (suggestion["status"], suggestion["response"]) == ("open", "")
    assert suggestion["due_date"] == row.due_date.isoformat()


def test_a_recorded_response_is_shown(api, pvl_assistant, published):
    suggestion = published.suggestions.get()
    prevention.suggestion_respond(
        suggestion=suggestion,
        actor=pvl_assistant,
        status="implemented",
        response="Kuota diumumkan di laman dinas.",
    )
    data = api(pvl_assistant).get(f"/prevention/reviews/{published.pk}").json()
    [row] = data["suggestions"]
    assert (row["status"], row["response"]) == ("implemented", "Kuota diumumkan di laman dinas.")
    assert row["responded_at"] is not None
    assert data["open_suggestion_count"] == 0


def test_another_offices_staff_see_no_review(api, outsider, draft, published):
    client = api(outsider)
    assert client.get("/prevention/reviews").json() == {"items": [], "count": 0}
    for review in (draft, published):
        response = client.get(f"/prevention/reviews/{review.pk}")
        assert (response.status_code, response.json()["code"]) == (404, "not_found")


def test_a_member_sees_every_offices_reviews_as_on_the_pages(api, member, draft, published):
    client = api(member)
    listed = {item["id"] for item in client.get("/prevention/reviews").json()["items"]}
    assert listed == {published.pk, draft.pk}
    assert client.get(f"/prevention/reviews/{published.pk}").status_code == 200
    assert client.get(f"/prevention/reviews/{draft.pk}").status_code == 200


def test_the_review_queries_do_not_grow_with_rows(
    api, office, pvl_assistant, agency_tree, django_assert_max_num_queries
):
    client = api(pvl_assistant)
    review = _review(office, pvl_assistant, agency_tree, suggestions=1)
    paths = ("/prevention/reviews", f"/prevention/reviews/{review.pk}")
    baseline = _queries(django_assert_max_num_queries, client, *paths)
    for _ in range(4):
        review = _review(office, pvl_assistant, agency_tree, suggestions=5)
    with django_assert_max_num_queries(baseline):
        _reads(client, *paths)


# --- compliance


def test_campaigns_are_listed_with_their_counts(api, head_of_office, results):
    response = api(head_of_office).get("/compliance/campaigns")
    assert response.status_code == 200, response.json()
    [item] = response.json()["items"]
    assert item["id"] == results.pk
    assert (item["year"], item["office"]) == (2021, "babel")
    assert (item["instrument_code"], item["instrument_version"]) == ("standar-pelayanan", 1)
    assert (item["units"], item["approved"]) == (3, 1)
    assert api(head_of_office).get("/compliance/campaigns", {"year": 2020}).json()["count"] == 0


def test_results_show_only_approved_assessments(api, pvl_assistant, results, agency_tree):
    response = api(pvl_assistant).get(f"/compliance/campaigns/{results.pk}/results")
    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["campaign"]["id"] == results.pk
    approved = results.assessments.get(state=Assessment.State.APPROVED)
    assert data["results"] == [
        {
            "assessment_id": approved.pk,
            "agency_id": agency_tree["city"].pk,
            "agency_name": agency_tree["city"].name,
            "unit_id": agency_tree["clinic"].pk,
            "unit_name": agency_tree["clinic"].name,
            "instrument_code": "standar-pelayanan",
            "instrument_version": 1,
            "score": float(approved.score),
            "category": approved.category,
            "zone": approved.zone,
            "zone_label": data["results"][0]["zone_label"],
        }
    ]
    assert approved.zone and data["results"][0]["zone_label"]
    assert results.assessments.filter(state=Assessment.State.SUBMITTED).exists()


def test_another_offices_staff_see_no_campaign(api, outsider, results):
    client = api(outsider)
    assert client.get("/compliance/campaigns").json() == {"items": [], "count": 0}
    response = client.get(f"/compliance/campaigns/{results.pk}/results")
    assert (response.status_code, response.json()["code"]) == (404, "not_found")
    assert client.get("/compliance/campaigns/999999/results").status_code == 404


def test_a_member_sees_every_offices_campaigns(api, member, results):
    assert api(member).get("/compliance/campaigns").json()["count"] == 1
    assert len(api(member).get(f"/compliance/campaigns/{results.pk}/results").json()["results"])


def test_the_results_queries_do_not_grow_with_rows(
    api, pvl_assistant, results, approve, agency_tree, django_assert_max_num_queries
):
    client = api(pvl_assistant)
    paths = ("/compliance/campaigns", f"/compliance/campaigns/{results.pk}/results")
    baseline = _queries(django_assert_max_num_queries, client, *paths)
    for n in range(4):
        approve(results, _unit(agency_tree["health"], f"Puskesmas {n}"))
    assert len(client.get(paths[1]).json()["results"]) == 5
    with django_assert_max_num_queries(baseline):
        _reads(client, *paths)


# --- the document


def test_the_openapi_document_lists_the_new_paths(api):
    paths = api().get("/openapi.json").json()["paths"]
    for path in (
        "/api/v1/prevention/activities",
        "/api/v1/prevention/activities/{activity_id}",
        "/api/v1/prevention/reviews",
        "/api/v1/prevention/reviews/{review_id}",
        "/api/v1/compliance/campaigns",
        "/api/v1/compliance/campaigns/{campaign_id}/results",
    ):
        assert set(paths[path]) == {"get"}, path
        assert "404" in paths[path]["get"]["responses"]
