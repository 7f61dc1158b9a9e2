# ruff: noqa: F811  (the shared fixtures are imported from tests.triage._suggest_data)
"""/kantor/triase/: acceptance per office, "Train now", shared models; scoped to the office."""

from __future__ import annotations

import pytest

from aduan.triage import decisions, selectors, store, suggest
from aduan.triage.models import OfficeTriage, TriageModel
from tests.triage._suggest_data import agencies, decided, triage_dir  # noqa: F401
from tests.triage.test_suggestions import new_case

pytestmark = pytest.mark.django_db
URL = "/kantor/triase/"


def get(client, user, **params):
    client.force_login(user)
    return client.get(URL, params, HTTP_ACCEPT_LANGUAGE="en")


def test_acceptance_figures_per_target(
    client, decided, office, agencies, triage_dir, pvl_assistant, head_of_office
):
    decided(40, school=True)
    store.train_office(office=office, target="agency")
    cases = [new_case(office, agencies) for _ in range(4)]
    for case in cases:
        suggest.suggest_for_case(case)
    decisions.suggestion_accept(case=cases[0], target="agency", rank=1, actor=pvl_assistant)
    decisions.suggestion_accept(case=cases[1], target="agency", rank=1, actor=pvl_assistant)
    decisions.suggestion_accept(case=cases[2], target="agency", rank=2, actor=pvl_assistant)
    decisions.suggestion_choose(
        case=cases[3], target="agency", value=str(agencies["pln"].pk), actor=pvl_assistant
    )  # chosen from the list, but it was the first suggestion: accepted
    rows = {r["target"]: r for r in selectors.acceptance(office, *_period(office))}
    assert rows["agency"]["total"] == 4
    assert (rows["agency"]["first"], rows["agency"]["top3"], rows["agency"]["other"]) == (
        75.0,
        100.0,
        0.0,
    )
    response = get(client, head_of_office)
    content = response.content.decode()
    assert response.status_code == 200
    assert "75.0%" in content and "version 1" in content and "Train now" in content


def _period(office):
    import datetime as dt

    from django.utils import timezone

    from aduan.deadlines.workdays import local_date

    today = local_date(timezone.now(), office)
    return today - dt.timedelta(days=1), today


def test_train_now_trains_or_says_how_many_more_cases_are_needed(
    client, decided, office, triage_dir, head_of_office
):
    decided(10)
    client.force_login(head_of_office)
    response = client.post(
        URL + "latih/", {"target": "agency"}, HTTP_ACCEPT_LANGUAGE="en", follow=True
    )
    assert "20 more decided cases are needed" in response.content.decode()
    decided(30)
    response = client.post(
        URL + "latih/", {"target": "agency"}, HTTP_ACCEPT_LANGUAGE="en", follow=True
    )
    assert "Model version 1" in response.content.decode()
    assert TriageModel.objects.filter(office=office, target="agency", active=True).exists()


def test_the_page_is_for_the_head_of_office_and_pvl_staff(
    client, office, head_of_office, pvl_assistant, examiner, outsider
):
    assert get(client, head_of_office).status_code == 200
    assert get(client, pvl_assistant).status_code == 200
    assert get(client, examiner).status_code == 403
    client.force_login(examiner)
    assert client.post(URL + "latih/", {"target": "agency"}).status_code == 403


def test_another_offices_staff_see_only_their_own_office(
    client, decided, office, triage_dir, outsider, other_office
):
    decided(40)
    store.train_office(office=office, target="agency")
    outsider.role, outsider.unit = "asisten", other_office.units.get(code="pvl")
    response = get(client, outsider, kantor="babel")  # not a national administrator: ignored
    content = response.content.decode()
    assert response.status_code == 200 and "Sulawesi Selatan" in content
    assert "version 1" not in content


def test_a_liaison_or_stranger_is_refused(client, django_user_model):
    stranger = django_user_model.objects.create_user("penghubung", password="x-pass-123")
    assert get(client, stranger).status_code in {302, 403}
    client.logout()
    assert client.get(URL).status_code == 302


def test_a_national_administrator_chooses_a_shared_model(
    client, decided, office, other_office, triage_dir, django_user_model, head_of_office
):
    decided(40)
    model = store.train_office(office=office, target="agency")
    admin = django_user_model.objects.create_superuser("root", "root@example.com", "x-pass-123")
    client.force_login(admin)
    page = client.get(URL, {"kantor": "sulsel"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Shared models" in page
    client.post(URL + "bersama/", {"kantor": "sulsel", "target": "agency", "model": model.pk})
    assert OfficeTriage.objects.get(office=other_office).shared_model == model
    page = client.get(URL, {"kantor": "sulsel"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "shared:" in page
    client.force_login(head_of_office)
    response = client.post(URL + "bersama/", {"target": "agency", "model": model.pk})
    assert response.status_code == 403


def test_the_menu_links_the_page_for_those_who_see_it(client, head_of_office, examiner):
    client.force_login(head_of_office)
    assert (
        'href="/kantor/triase/"'
        in client.get("/kantor/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )
    client.force_login(examiner)
    assert (
        'href="/kantor/triase/"'
        not in client.get("/kantor/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )
