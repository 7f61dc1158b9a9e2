"""The front page, health check and the administration in Bahasa Indonesia and English."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_the_front_page_answers_in_bahasa_indonesia_by_default(client):
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "id"
    assert b'lang="id"' in response.content


def test_the_front_page_answers_in_english_when_asked(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.headers["Content-Language"] == "en"
    assert b"Public-service complaints, handled by the law" in response.content


def test_the_front_page_is_small(client):
    response = client.get("/")
    assert len(response.content) < 10_000


def test_the_admin_login_is_in_bahasa_indonesia(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert "Nama pengguna" in response.content.decode()


def test_the_health_check_says_the_database_answers(client):
    assert client.get("/sehat/").json()["status"] == "ok"


def test_an_administrator_manages_reference_lists_in_the_admin(client, administrator):
    administrator.is_superuser = True
    administrator.save()
    client.force_login(administrator)
    for url in (
        "/admin/reference/substance/",
        "/admin/reference/rejectionreason/",
        "/admin/directory/office/",
        "/admin/deadlines/deadlinerule/",
        "/admin/deadlines/officeclosure/add/",
        "/admin/regions/region/",
        "/admin/directory/agency/",
        "/admin/directory/user/",
    ):
        assert client.get(url).status_code == 200, url


def test_adding_a_closure_in_the_admin_goes_through_the_service(client, administrator, office):
    from aduan.core.models import AuditEvent
    from aduan.deadlines.models import OfficeClosure

    administrator.is_superuser = True
    administrator.save()
    client.force_login(administrator)
    response = client.post(
        "/admin/deadlines/officeclosure/add/",
        {
            "office": office.pk,
            "start_date": "2026-11-09",
            "end_date": "2026-11-10",
            "kind": "penutupan_kantor",
            "reason": "Renovasi kantor",
        },
    )
    assert response.status_code == 302
    assert OfficeClosure.objects.get().reason == "Renovasi kantor"
    assert AuditEvent.objects.get().action == "closure.added"


def test_a_bad_closure_in_the_admin_gets_a_message_and_nothing_is_saved(
    client, administrator, office
):
    from aduan.deadlines.models import OfficeClosure

    administrator.is_superuser = True
    administrator.save()
    client.force_login(administrator)
    response = client.post(
        "/admin/deadlines/officeclosure/add/",
        {
            "office": office.pk,
            "start_date": "2026-11-10",
            "end_date": "2026-11-09",
            "kind": "penutupan_kantor",
            "reason": "Renovasi",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "cannot be before the first day" in response.content.decode()
    assert not OfficeClosure.objects.exists()


def test_the_stylesheet_is_served(client):
    response = client.get("/static/aduan/aduan.css")
    assert response.status_code == 200


def test_each_language_is_offered_in_its_own_name(client):
    assert "English</button>" in client.get("/").content.decode()
    assert (
        "Bahasa Indonesia</button>" in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )


def test_the_deadline_admin_lists_only_the_users_offices_clocks(
    client, office, other_office, administrator
):
    from django.contrib.auth.models import Permission

    from aduan.deadlines.services import deadline_start

    ours = deadline_start(subject=office, rule="klarifikasi-pertama", office=office)
    theirs = deadline_start(subject=other_office, rule="klarifikasi-kedua", office=other_office)
    administrator.user_permissions.add(Permission.objects.get(codename="view_deadline"))
    client.force_login(administrator)
    page = client.get("/admin/deadlines/deadline/").content.decode()
    assert f"/admin/deadlines/deadline/{ours.pk}/" in page
    assert f"/admin/deadlines/deadline/{theirs.pk}/" not in page
