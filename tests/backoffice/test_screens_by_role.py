"""Every back-office screen for every persona: who gets the page, who gets 404 (another
office's case looks exactly like a case that does not exist), who is sent to sign in."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

OFFICE_STAFF = ["pvl_assistant", "examiner", "head_of_unit", "head_of_office", "administrator"]
CASE_SCREENS = ["/kantor/laporan/{pk}/", "/kantor/laporan/{pk}/hadir/"]
LIST_SCREENS = [
    "/kantor/",
    "/kantor/laporan/",
    "/kantor/laporan/?format=csv",
    "/kantor/laporan/?format=xlsx",
]


@pytest.fixture
def case(receive, walk):
    return walk(receive(confidential=True), "examination")


@pytest.mark.parametrize("persona", [*OFFICE_STAFF, "member"])
@pytest.mark.parametrize("screen", CASE_SCREENS + LIST_SCREENS)
def test_staff_of_the_office_and_members_get_every_screen(client, request, case, persona, screen):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(screen.format(pk=case.pk)).status_code == 200


@pytest.mark.parametrize("screen", CASE_SCREENS)
def test_another_offices_assistant_gets_404_for_the_case(client, case, outsider, screen):
    client.force_login(outsider)
    assert client.get(screen.format(pk=case.pk)).status_code == 404


@pytest.mark.parametrize("screen", LIST_SCREENS)
def test_another_offices_lists_do_not_contain_the_case(client, case, outsider, screen):
    client.force_login(outsider)
    response = client.get(screen)
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert case.reference.encode() not in content


@pytest.mark.parametrize("screen", CASE_SCREENS + LIST_SCREENS)
def test_anonymous_visitors_are_sent_to_sign_in(client, case, screen):
    response = client.get(screen.format(pk=case.pk))
    assert response.status_code == 302 and "/kantor/masuk/" in response["Location"]


@pytest.mark.parametrize("screen", CASE_SCREENS + LIST_SCREENS)
def test_an_account_without_a_role_gets_403(client, case, django_user_model, screen):
    client.force_login(django_user_model.objects.create_user("tamu", password="x-secret-123"))
    assert client.get(screen.format(pk=case.pk)).status_code == 403


@pytest.mark.parametrize("persona", ["pvl_assistant", "examiner", "head_of_office", "member"])
def test_no_persona_sees_a_confidential_reporter_without_asking(client, request, case, persona):
    client.force_login(request.getfixturevalue(persona))
    page = client.get(f"/kantor/laporan/{case.pk}/").content.decode()
    assert "Siti" not in page and "siti@example.com" not in page


def test_a_case_that_does_not_exist_is_404(client, pvl_assistant):
    client.force_login(pvl_assistant)
    assert client.get("/kantor/laporan/999999/").status_code == 404


@pytest.mark.parametrize(
    ("persona", "offered"), [("pvl_assistant", True), ("head_of_office", True), ("member", False)]
)
def test_the_menu_offers_recording_reports_only_to_whom_may_record_them(
    client, request, persona, offered
):
    """A member of the Ombudsman records no reports: the desk and the referral form answer
    403, so the menu does not offer them (found by tests/demo_site/test_crawl.py)."""
    client.force_login(request.getfixturevalue(persona))
    page = client.get("/kantor/").content.decode()
    for url in ("/kantor/terima/", "/kantor/limpahan/masuk/"):
        assert (f'href="{url}"' in page) is offered
        assert client.get(url).status_code == (200 if offered else 403)


@pytest.mark.parametrize("persona", ["pvl_assistant", "head_of_office", "member"])
def test_the_menu_leads_staff_to_the_agencies_side(client, request, persona):
    """Agencies' reports waiting for review, focal points and the agency scorecard are reached
    from the staff menu (they live under /instansi/kantor/)."""
    client.force_login(request.getfixturevalue(persona))
    page = client.get("/kantor/").content.decode()
    assert 'href="/instansi/kantor/tinjau/"' in page
    reviews = client.get("/instansi/kantor/tinjau/")
    assert reviews.status_code == 200
    for url in ("/instansi/kantor/focal-point/", "/instansi/kantor/kinerja/"):
        assert f'href="{url}"' in reviews.content.decode()
        assert client.get(url).status_code == 200
