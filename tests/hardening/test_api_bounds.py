"""API parameters are bounded: out of range is a 422 {code, message}, never a 500."""

from __future__ import annotations

import pytest

from aduan.api.api import api as aduan_api
from aduan.cases.models import Note, Reporter
from aduan.prevention.models import Suggestion

pytestmark = pytest.mark.django_db


def assert_invalid(response):
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["code"] == "invalid_request" and body["message"]


@pytest.mark.parametrize(
    "params",
    [
        {"page": "99999999999999999999999"},
        {"page": "100001"},
        {"page": "0"},
        {"page_size": "201"},
        {"page_size": "0"},
        {"agency": "99999999999999999999999"},
        {"reference": "X" * 81},
    ],
)
def test_it_refuses_an_out_of_range_list_parameter(api, pvl_assistant, params):
    assert_invalid(api(pvl_assistant).get("/cases", params))


def test_the_largest_page_and_page_size_are_answered(api, pvl_assistant, received):
    received()
    client = api(pvl_assistant)
    beyond = client.get("/cases", {"page": "100000", "page_size": "200"})
    assert beyond.status_code == 200 and beyond.json()["items"] == []
    response = client.get("/cases", {"page": "1", "page_size": "200"})
    assert response.status_code == 200 and response.json()["count"] == 1


@pytest.mark.parametrize(
    "path",
    [
        "/cases/99999999999999999999999",
        "/cases/0",
        "/prevention/activities/99999999999999999999999",
        "/prevention/reviews/99999999999999999999999",
        "/compliance/campaigns/99999999999999999999999/results",
    ],
)
def test_it_refuses_an_id_beyond_the_database_range(api, head_of_office, path):
    response = api(head_of_office).get(path)
    assert response.status_code in {404, 422}, (path, response.status_code)
    assert response.json()["code"] in {"invalid_request", "not_found"}


def test_it_refuses_an_id_in_a_body_beyond_the_database_range(api, pvl_assistant, report):
    assert_invalid(api(pvl_assistant).post("/cases", report(agency_id=2**64)))


def test_it_refuses_a_list_of_too_many_ids(api, head_of_office):
    body = {"unit": "pemeriksaan", "title": "IAPS", "linked_reports": list(range(1, 102))}
    assert_invalid(api(head_of_office).post("/iaps", body))


def test_it_refuses_a_nul_character_in_the_query_or_the_body(api, pvl_assistant, report):
    client = api(pvl_assistant)
    assert_invalid(client.get("/cases", {"reference": "A\x00B"}))
    assert_invalid(client.post("/cases", report(title="Pungutan\x00KTP")))


def test_each_choice_list_is_documented_under_its_own_name():
    schema = aduan_api.get_openapi_schema()
    components = schema["components"]["schemas"]
    assert "Kind" not in components and "Status" not in components
    reporter_kind = components["ReporterOut"]["properties"]["kind"]
    assert reporter_kind["enum"] == list(Reporter.Kind.values)
    assert components["NoteOut"]["properties"]["kind"]["enum"] == list(Note.Kind.values)
    # kinds of activity are data (GET /prevention/activity-kinds), not a fixed list
    assert "enum" not in components["ActivityOut"]["properties"]["kind"]
    assert components["SuggestionOut"]["properties"]["status"]["enum"] == list(
        Suggestion.Status.values
    )
