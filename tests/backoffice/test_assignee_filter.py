"""The case list's "held by" filter: me, nobody yet, or a colleague of one's own office."""

from __future__ import annotations

import pytest

from aduan.backoffice import selectors as bo
from aduan.cases import services as sv
from tests.conftest import _user

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(receive, office, pvl_assistant):
    colleague = _user("pvl2", office, "asisten", "pvl")
    return {
        "mine": sv.case_take(case=receive(title="Milik saya"), actor=pvl_assistant),
        "theirs": sv.case_take(case=receive(title="Milik rekan"), actor=colleague),
        "nobodys": receive(title="Belum ada"),
        "colleague": colleague,
    }


def listed(user, assignee: str) -> set:
    return set(bo.case_list(user, {"assignee": assignee}))


def test_me_lists_the_cases_i_hold(held, pvl_assistant):
    assert listed(pvl_assistant, "me") == {held["mine"]}


def test_nobody_lists_the_unassigned_cases(held, pvl_assistant):
    assert listed(pvl_assistant, "none") == {held["nobodys"]}


def test_a_colleague_lists_what_they_hold(held, pvl_assistant):
    assert listed(pvl_assistant, "pvl2") == {held["theirs"]}


def test_a_person_of_another_office_matches_nothing(held, member, head_of_office):
    """A member of the central office sees every office's cases, but the filter names only
    the people of their own office: a Bangka Belitung assistant's name matches nothing."""
    assert held["theirs"] in set(bo.case_list(member, {}))
    assert listed(member, "pvl2") == set()
    assert listed(head_of_office, "pvl2") == {held["theirs"]}


def test_the_filter_offers_only_colleagues_of_the_office(client, held, pvl_assistant, outsider):
    client.force_login(pvl_assistant)
    page = client.get("/kantor/laporan/?assignee=none", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'value="pvl2"' in page
    assert outsider.username not in page
    assert '<option value="none" selected>' in page
    assert held["nobodys"].reference in page and held["mine"].reference not in page


def test_the_list_shows_who_holds_each_case(client, held, pvl_assistant):
    client.force_login(pvl_assistant)
    page = client.get("/kantor/laporan/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Held by" in page and "nobody yet" in page and "pvl2" in page


def test_the_bulk_actions_are_labelled(client, held, pvl_assistant):
    client.force_login(pvl_assistant)
    page = client.get("/kantor/laporan/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    bulk = page[page.index('<fieldset class="bulk') : page.index("</fieldset>")]
    assert "<legend>With the selected cases</legend>" in bulk
    for field in ("bulk-action", "bulk-assignee", "bulk-unit", "bulk-text"):
        assert f'<label for="{field}">' in bulk and f'id="{field}"' in bulk
    assert '<option value="">–</option>' not in bulk
    assert "Choose an action…" in bulk
    assert "Apply to the selected cases</button>" in bulk
