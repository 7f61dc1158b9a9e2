"""Taking a case from the unit's queue ("take this case"): case_take and its button."""

from __future__ import annotations

import pytest

from aduan.cases import services as sv
from aduan.cases.errors import CaseError, NotAllowed, WrongState
from aduan.core.models import AuditEvent
from tests.conftest import _user

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague(office):
    """A second assistant of the PVL unit."""
    return _user("pvl2", office, "asisten", "pvl")


def test_it_gives_an_unassigned_case_to_whoever_takes_it(receive, pvl_assistant):
    case = sv.case_take(case=receive(), actor=pvl_assistant)
    case.refresh_from_db()
    assert case.assignee == pvl_assistant and case.assigned_at is not None
    event = AuditEvent.objects.get(action="case.taken")
    assert (event.actor, event.old, event.new) == (
        pvl_assistant,
        {"assignee": None},
        {"assignee": "pvl"},
    )


def test_it_refuses_a_case_a_colleague_already_holds(receive, pvl_assistant, colleague):
    case = sv.case_take(case=receive(), actor=colleague)
    with pytest.raises(WrongState, match="already holds this case"):
        sv.case_take(case=case, actor=pvl_assistant)
    case.refresh_from_db()
    assert case.assignee == colleague
    assert AuditEvent.objects.filter(action="case.taken").count() == 1


def test_it_refuses_a_case_the_taker_already_holds(receive, pvl_assistant):
    case = sv.case_take(case=receive(), actor=pvl_assistant)
    with pytest.raises(WrongState, match="You already hold"):
        sv.case_take(case=case, actor=pvl_assistant)


def test_it_refuses_an_outsider(receive, outsider):
    case = receive()
    with pytest.raises(NotAllowed):
        sv.case_take(case=case, actor=outsider)
    case.refresh_from_db()
    assert case.assignee is None


def test_it_refuses_staff_of_another_unit_of_the_office(receive, examiner):
    case = receive()  # with the PVL unit
    with pytest.raises(NotAllowed):
        sv.case_take(case=case, actor=examiner)


def test_it_refuses_the_head_of_office_who_does_not_hold_cases(receive, head_of_office):
    with pytest.raises(NotAllowed):
        sv.case_take(case=receive(), actor=head_of_office)


def test_it_refuses_a_closed_case(receive, pvl_assistant):
    from aduan.cases.models import Case
    from aduan.cases.states import State

    case = receive()
    Case.objects.filter(pk=case.pk).update(state=State.CLOSED)
    case.refresh_from_db()
    with pytest.raises(WrongState):
        sv.case_take(case=case, actor=pvl_assistant)


def test_it_refuses_someone_who_declared_a_conflict(receive, pvl_assistant):
    from aduan.cases.models import ConflictDeclaration

    case = receive()
    ConflictDeclaration.objects.create(case=case, user=pvl_assistant, reason="Kerabat terlapor")
    with pytest.raises(CaseError, match="conflict of interest"):
        sv.case_take(case=case, actor=pvl_assistant)


def test_the_button_takes_the_case_and_returns_to_the_queue(client, receive, pvl_assistant):
    case = receive()
    client.force_login(pvl_assistant)
    page = client.get("/kantor/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"/kantor/laporan/{case.pk}/ambil/" in page and "Take this case" in page
    response = client.post(
        f"/kantor/laporan/{case.pk}/ambil/", {"next": "/kantor/"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 302 and response["Location"] == "/kantor/"
    case.refresh_from_db()
    assert case.assignee == pvl_assistant
    page = client.get("/kantor/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"You now hold {case.reference}." in page
    assert f"/kantor/laporan/{case.pk}/ambil/" not in page


def test_the_button_says_who_already_holds_the_case(client, receive, pvl_assistant, colleague):
    case = sv.case_take(case=receive(), actor=colleague)
    client.force_login(pvl_assistant)
    response = client.post(
        f"/kantor/laporan/{case.pk}/ambil/",
        {"next": "/kantor/laporan/"},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )
    assert "already holds this case" in response.content.decode()
    case.refresh_from_db()
    assert case.assignee == colleague


def test_an_outsider_gets_no_such_case(client, receive, outsider):
    case = receive()
    client.force_login(outsider)
    assert client.post(f"/kantor/laporan/{case.pk}/ambil/").status_code == 404
    case.refresh_from_db()
    assert case.assignee is None


def test_taking_needs_post(client, receive, pvl_assistant):
    case = receive()
    client.force_login(pvl_assistant)
    assert client.get(f"/kantor/laporan/{case.pk}/ambil/").status_code == 405
    case.refresh_from_db()
    assert case.assignee is None


def test_the_list_offers_the_button_only_to_the_cases_unit(
    client, receive, pvl_assistant, examiner
):
    case = receive()
    client.force_login(examiner)
    page = client.get("/kantor/laporan/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert case.reference in page
    assert f"/kantor/laporan/{case.pk}/ambil/" not in page
    client.force_login(pvl_assistant)
    page = client.get("/kantor/laporan/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'formaction="/kantor/laporan/{case.pk}/ambil/"' in page


def test_a_next_outside_the_back_office_is_not_followed(client, receive, pvl_assistant):
    case = receive()
    client.force_login(pvl_assistant)
    response = client.post(f"/kantor/laporan/{case.pk}/ambil/", {"next": "https://evil.example/"})
    assert response["Location"] == "/kantor/"
