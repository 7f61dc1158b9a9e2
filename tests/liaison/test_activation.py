"""Inviting a focal point, activating the account, the office's list and deactivation."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.utils import translation

from aduan.cases.errors import NotAllowed
from aduan.core.models import AuditEvent
from aduan.liaison import services
from aduan.liaison.services import LiaisonError

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=False)


def test_invite_mails_a_link_and_activation_makes_a_roleless_account(
    health_liaison, pvl_assistant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = services.liaison_invite(liaison=health_liaison, actor=pvl_assistant)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["budi@dinkes.example"]
    assert result["link"].split("/instansi/")[1] in mail.outbox[0].body
    assert result["whatsapp"].startswith("https://wa.me/6281234567?text=")
    page = Client().get(f"/instansi/aktivasi/{result['token']}/")
    assert page.status_code == 200 and "Budi Santoso" in page.content.decode()
    response = Client().post(
        f"/instansi/aktivasi/{result['token']}/",
        {"username": "budi", "password": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    health_liaison.refresh_from_db()
    user = health_liaison.user
    assert user.username == "budi" and user.role == "" and user.office is None
    assert not user.is_staff and user.is_active
    assert AuditEvent.objects.filter(action="liaison.invited").exists()
    assert AuditEvent.objects.filter(action="liaison.activated").exists()
    client = Client()
    response = client.post("/instansi/masuk/", {"username": "budi", "password": PASSWORD})
    assert response.status_code == 302 and response.url.endswith("/instansi/")
    assert client.get("/instansi/").status_code == 200


def test_token_is_single_use_superseded_and_expires(health_liaison, pvl_assistant, monkeypatch):
    first = services.liaison_invite(liaison=health_liaison, actor=pvl_assistant)
    second = services.liaison_invite(liaison=health_liaison, actor=pvl_assistant)
    with pytest.raises(LiaisonError):
        services.liaison_activate(token=first["token"], username="a", password=PASSWORD)
    with pytest.raises(LiaisonError):
        services.liaison_activate(token=second["token"] + "x", username="a", password=PASSWORD)
    services.liaison_activate(token=second["token"], username="a", password=PASSWORD)
    with pytest.raises(LiaisonError):
        services.liaison_activate(token=second["token"], username="b", password=PASSWORD)
    assert Client().get(f"/instansi/aktivasi/{second['token']}/").status_code == 410
    # An active account cannot be invited again; after deactivation it can, and expires.
    with pytest.raises(LiaisonError):
        services.liaison_invite(liaison=health_liaison, actor=pvl_assistant)
    health_liaison.refresh_from_db()
    services.liaison_deactivate(liaison=health_liaison, actor=pvl_assistant)
    third = services.liaison_invite(liaison=health_liaison, actor=pvl_assistant)
    monkeypatch.setattr(services, "TOKEN_MAX_AGE", -1)
    # The page request above left its (Indonesian) language active in this thread.
    with translation.override("en"), pytest.raises(LiaisonError, match="expired"):
        services.liaison_activate(token=third["token"], username="a", password=PASSWORD)


def test_weak_password_and_taken_username_refused(health_liaison, pvl_assistant):
    token = services.liaison_invite(liaison=health_liaison, actor=pvl_assistant)["token"]
    with pytest.raises(LiaisonError):
        services.liaison_activate(token=token, username="pvl", password=PASSWORD)
    with pytest.raises(LiaisonError):
        services.liaison_activate(token=token, username="budi", password="123")
    assert health_liaison.__class__.objects.get(pk=health_liaison.pk).user is None


def test_only_office_staff_invite_and_deactivate(health_liaison, portal_user, make_liaison):
    user = portal_user(make_liaison(health_liaison.agency, name="Ani", email="ani@x.example"))
    with pytest.raises(NotAllowed):
        services.liaison_invite(liaison=health_liaison, actor=user)
    with pytest.raises(NotAllowed):
        services.liaison_deactivate(liaison=user.liaison, actor=user)
    client = Client()
    client.force_login(user)
    assert client.get("/instansi/kantor/focal-point/").status_code == 403
    assert (
        client.post(f"/instansi/kantor/focal-point/{health_liaison.pk}/undang/").status_code == 403
    )


def test_focal_point_page_invite_and_deactivate(
    client, pvl_assistant, health_liaison, agency_tree, portal_user, make_liaison
):
    client.force_login(pvl_assistant)
    page = client.get("/instansi/kantor/focal-point/").content.decode()
    assert "Dinas Kesehatan Kota Pangkalpinang" in page and "Puskesmas Taman Sari" in page
    response = client.post(f"/instansi/kantor/focal-point/{health_liaison.pk}/undang/")
    # Mailed to the liaison: the link itself is not shown to staff.
    assert response.status_code == 200 and "/instansi/aktivasi/" not in response.content.decode()
    assert health_liaison.email in response.content.decode()
    # A liaison reached by WhatsApp only: staff get the link to send.
    whatsapp_only = make_liaison(agency_tree["health"], name="Dedi", email="", phone="0812999")
    response = client.post(f"/instansi/kantor/focal-point/{whatsapp_only.pk}/undang/")
    assert "/instansi/aktivasi/" in response.content.decode()
    assert "https://wa.me/62812999" in response.content.decode()
    clinic = portal_user(make_liaison(agency_tree["clinic"], name="Citra", email="c@x.example"))
    from aduan.liaison.selectors import focal_points

    active = {row["agency"].pk: row["active"] for row in focal_points(pvl_assistant)}
    assert active[agency_tree["clinic"].pk] and not active[agency_tree["health"].pk]
    response = client.post(f"/instansi/kantor/focal-point/{clinic.liaison.pk}/nonaktifkan/")
    assert response.status_code == 302
    clinic.refresh_from_db()
    assert not clinic.is_active
    rows = focal_points(pvl_assistant)
    assert not {row["agency"].pk: row["active"] for row in rows}[agency_tree["clinic"].pk]
    signed_in = Client()
    signed_in.force_login(clinic)
    assert signed_in.get("/instansi/").status_code in {302, 403}


def test_another_office_cannot_manage_our_focal_points(
    client, outsider, pvl_assistant, portal_user, health_liaison, agency_tree
):
    """Staff of another office can neither see, invite nor deactivate the focal points of the
    agencies this office works with (no taking over a liaison account across offices)."""
    account = portal_user(health_liaison)
    client.force_login(outsider)
    page = client.get("/instansi/kantor/focal-point/").content.decode()
    assert "Dinas Kesehatan Kota Pangkalpinang" not in page
    client.post(f"/instansi/kantor/focal-point/{health_liaison.pk}/nonaktifkan/")
    account.refresh_from_db()
    assert account.is_active
    response = client.post(f"/instansi/kantor/focal-point/{health_liaison.pk}/undang/")
    assert "/instansi/aktivasi/" not in response.content.decode()
    with pytest.raises(NotAllowed):
        services.liaison_invite(liaison=health_liaison, actor=outsider)
    with pytest.raises(NotAllowed):
        services.liaison_deactivate(liaison=health_liaison, actor=outsider)
