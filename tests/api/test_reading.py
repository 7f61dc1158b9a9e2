"""GET /cases and GET /cases/{id}: scoped, filtered, paginated; a confidential identity stays
hidden unless an allowed person reveals it, and every reveal is audited."""

from __future__ import annotations

import datetime as dt

import pytest

from aduan.cases.models import Case
from aduan.core.models import AuditEvent

pytestmark = pytest.mark.django_db

SECRET_REPORTER = {
    "name": "Rahasia Binti Anu",
    "email": "rahasia@example.com",
    "phone": "0899000111",
    "address": "Jl. Melati 7, Pangkalpinang",
    "id_number": "1971000000000001",
}


def test_the_list_shows_the_callers_office_newest_first(api, pvl_assistant, received):
    first, second = received(), received()
    response = api(pvl_assistant).get("/cases")
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 2
    assert [item["id"] for item in data["items"]] == [second, first]


def test_an_outsider_sees_nothing_of_another_office(api, outsider, received):
    case_id = received()
    client = api(outsider)
    assert client.get("/cases").json() == {"items": [], "count": 0}
    detail = client.get(f"/cases/{case_id}")
    assert (detail.status_code, detail.json()["code"]) == (403, "not_allowed")
    reference = Case.objects.get(pk=case_id).reference
    assert client.get("/cases", {"reference": reference}).json()["count"] == 0
    assert client.get("/cases/by-reference", {"reference": reference}).status_code == 403


def test_a_missing_case_looks_like_a_case_out_of_sight(api, pvl_assistant, outsider, received):
    case_id = received()
    missing = api(pvl_assistant).get("/cases/999999")
    hidden = api(outsider).get(f"/cases/{case_id}")
    assert missing.status_code == hidden.status_code == 403
    assert missing.json() == hidden.json()


def test_a_member_sees_every_office(api, member, received):
    received()
    assert api(member).get("/cases").json()["count"] == 1


def test_the_list_filters(api, pvl_assistant, received, agency_tree):
    lm = received()
    knl = received(intake_type="knl", channel="whatsapp", agency_id=agency_tree["city"].pk)
    Case.objects.filter(pk=lm).update(received_at=dt.datetime(2026, 1, 5, 3, tzinfo=dt.UTC))
    client = api(pvl_assistant)

    def ids(**params):
        response = client.get("/cases", params)
        assert response.status_code == 200, response.json()
        return [item["id"] for item in response.json()["items"]]

    assert ids(intake_type="knl") == [knl]
    assert ids(channel="web") == [lm]
    assert ids(agency=agency_tree["city"].pk) == [knl]
    assert ids(state="diterima") == [knl, lm]
    assert ids(state="selesai") == []
    assert ids(received_from="2026-01-05", received_to="2026-01-05") == [lm]
    assert ids(received_to="2026-01-04") == []
    assert ids(reference=Case.objects.get(pk=knl).reference) == [knl]


def test_an_unknown_state_filter_is_refused_with_422(api, pvl_assistant):
    response = api(pvl_assistant).get("/cases", {"state": "lost"})
    assert (response.status_code, response.json()["fields"]) == (422, ["query.state"])


def test_the_list_is_paginated(api, pvl_assistant, received):
    for _ in range(3):
        received()
    client = api(pvl_assistant)
    page = client.get("/cases", {"page": 2, "page_size": 2}).json()
    assert (page["count"], len(page["items"])) == (3, 1)


def test_the_detail_has_reporters_clocks_and_timeline(api, pvl_assistant, received):
    case_id = received()
    response = api(pvl_assistant).get(f"/cases/{case_id}")
    assert response.status_code == 200
    data = response.json()
    assert data["case"]["id"] == case_id
    assert data["case"]["chronology"] == "Diminta membayar Rp100.000 di loket."
    assert data["reporters"][0]["name"] == "Siti Aminah"
    assert data["reporters"][0]["identity_hidden"] is False
    assert [clock["rule"] for clock in data["clocks"]] == ["pemberitahuan-kelengkapan"]
    assert data["clocks"][0]["explanation"]
    assert [event["action"] for event in data["timeline"]] == ["case.received"]


def test_the_detail_is_found_by_reference(api, pvl_assistant, received):
    case_id = received()
    reference = Case.objects.get(pk=case_id).reference
    response = api(pvl_assistant).get("/cases/by-reference", {"reference": reference})
    assert (response.status_code, response.json()["case"]["id"]) == (200, case_id)


@pytest.mark.parametrize("reference", ["12", "²", ""])
def test_by_reference_takes_a_reference_not_an_id(api, pvl_assistant, received, reference):
    received()
    response = api(pvl_assistant).get("/cases/by-reference", {"reference": reference})
    assert (response.status_code, response.json()["fields"]) == (422, ["query.reference"])


def test_a_confidential_identity_is_masked(api, pvl_assistant, received):
    case_id = received(confidential=True, reporters=[SECRET_REPORTER])
    response = api(pvl_assistant).get(f"/cases/{case_id}")
    assert response.status_code == 200
    reporter = response.json()["reporters"][0]
    assert reporter["identity_hidden"] is True
    assert reporter["name"] == "Reporter (identity kept secret)"
    assert reporter["email"] is reporter["phone"] is reporter["id_number"] is None
    for value in SECRET_REPORTER.values():
        assert value not in response.content.decode()
    assert not AuditEvent.objects.filter(action="case.identity_viewed").exists()


def test_the_list_and_transitions_never_carry_the_identity(api, pvl_assistant, received):
    case_id = received(confidential=True, reporters=[SECRET_REPORTER])
    client = api(pvl_assistant)
    listed = client.get("/cases").content.decode()
    moved = client.post(f"/cases/{case_id}/withdraw", {"reason": "Pelapor mencabut"})
    for value in SECRET_REPORTER.values():
        assert value not in listed
        assert value not in moved.content.decode()


def test_an_allowed_person_reveals_the_identity_and_it_is_audited(api, pvl_assistant, received):
    case_id = received(confidential=True, reporters=[SECRET_REPORTER])
    response = api(pvl_assistant).get(f"/cases/{case_id}", {"reveal": "identity"})
    reporter = response.json()["reporters"][0]
    assert reporter["identity_hidden"] is False
    assert (reporter["name"], reporter["email"]) == (
        SECRET_REPORTER["name"],
        SECRET_REPORTER["email"],
    )
    event = AuditEvent.objects.get(action="case.identity_viewed")
    assert (event.actor, event.target_id) == (pvl_assistant, str(case_id))
    assert event.new == {"reporter": reporter["id"]}


def test_a_role_that_may_not_see_identities_cannot_reveal_them(api, administrator, received):
    case_id = received(confidential=True, reporters=[SECRET_REPORTER])
    response = api(administrator).get(f"/cases/{case_id}", {"reveal": "identity"})
    assert response.status_code == 200
    assert response.json()["reporters"][0]["identity_hidden"] is True
    assert SECRET_REPORTER["name"] not in response.content.decode()
    assert not AuditEvent.objects.filter(action="case.identity_viewed").exists()


def test_reveal_takes_only_the_documented_value(api, pvl_assistant, received):
    case_id = received(confidential=True, reporters=[SECRET_REPORTER])
    response = api(pvl_assistant).get(f"/cases/{case_id}", {"reveal": "yes"})
    assert (response.status_code, response.json()["fields"]) == (422, ["query.reveal"])
    assert not AuditEvent.objects.filter(action="case.identity_viewed").exists()
