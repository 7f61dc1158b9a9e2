"""Bearer tokens: made by a command, stored as a hash, refused when missing, wrong or revoked."""

from __future__ import annotations

import hashlib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from aduan.api.models import ApiToken
from aduan.api.services import token_create, token_revoke
from aduan.core.models import AuditEvent
from tests.api.conftest import ApiClient

pytestmark = pytest.mark.django_db


def test_no_token_is_refused_with_401(api):
    response = api().get("/cases")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert response["WWW-Authenticate"] == "Bearer"


def test_a_wrong_token_is_refused_with_401(pvl_assistant):
    token_create(user=pvl_assistant, name="gateway")
    response = ApiClient("adn_not-the-secret").get("/cases")
    assert (response.status_code, response.json()["code"]) == (401, "not_authenticated")


def test_another_scheme_is_refused_with_401(pvl_assistant):
    _token, secret = token_create(user=pvl_assistant, name="gateway")
    response = Client().get("/api/v1/cases", headers={"Authorization": f"Token {secret}"})
    assert response.status_code == 401


def test_a_revoked_token_is_refused_with_401(pvl_assistant, administrator):
    token, secret = token_create(user=pvl_assistant, name="gateway")
    assert ApiClient(secret).get("/cases").status_code == 200
    token_revoke(token=token, actor=administrator)
    assert ApiClient(secret).get("/cases").status_code == 401
    event = AuditEvent.objects.get(action="api.token_revoked")
    assert event.actor == administrator


def test_the_token_of_a_deactivated_account_is_refused(pvl_assistant):
    _token, secret = token_create(user=pvl_assistant, name="gateway")
    pvl_assistant.is_active = False
    pvl_assistant.save()
    assert ApiClient(secret).get("/cases").status_code == 401


def test_only_the_hash_and_a_prefix_are_stored_and_use_is_noted(pvl_assistant):
    token, secret = token_create(user=pvl_assistant, name="gateway")
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret.startswith(token.prefix) and len(token.prefix) < 12
    assert not ApiToken.objects.filter(key_hash=secret).exists()
    assert token.last_used_at is None
    ApiClient(secret).get("/cases")
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_create_token_prints_the_secret_once_and_it_works(pvl_assistant):
    out, err = StringIO(), StringIO()
    call_command("create_token", "pvl", "WhatsApp gateway", stdout=out, stderr=err)
    secret = out.getvalue().strip()
    token = ApiToken.objects.get(user=pvl_assistant)
    assert token.name == "WhatsApp gateway"
    assert token.prefix in err.getvalue() and secret not in err.getvalue()
    assert ApiClient(secret).get("/cases").status_code == 200
    assert AuditEvent.objects.filter(action="api.token_created").count() == 1


def test_create_token_refuses_an_unknown_user(db):
    with pytest.raises(CommandError, match="No user named nobody"):
        call_command("create_token", "nobody", "x", stdout=StringIO(), stderr=StringIO())


def test_create_token_needs_a_name(pvl_assistant):
    with pytest.raises(CommandError, match="Give the token a name"):
        call_command("create_token", "pvl", "  ", stdout=StringIO(), stderr=StringIO())


def test_the_admin_shows_the_hash_read_only_and_revokes(pvl_assistant, regions):
    from aduan.directory.models import User

    superuser = User.objects.create_superuser("root", password="secret-pass-123")
    token, secret = token_create(user=pvl_assistant, name="gateway")
    client = Client()
    client.force_login(superuser)
    page = client.get(f"/admin/api/apitoken/{token.pk}/change/")
    assert page.status_code == 200
    assert token.key_hash in page.content.decode()
    assert 'name="key_hash"' not in page.content.decode()
    assert client.get("/admin/api/apitoken/add/").status_code == 403
    client.post(
        "/admin/api/apitoken/",
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    token.refresh_from_db()
    assert token.revoked
    assert ApiClient(secret).get("/cases").status_code == 401
    assert AuditEvent.objects.get(action="api.token_revoked").actor == superuser


def test_the_openapi_document_is_served(api):
    response = api().get("/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["info"]["title"] == "Aduan API"
    assert "/api/v1/cases/{case_id}/verify-formal" in document["paths"]
    assert document["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"
    refusal = document["paths"]["/api/v1/cases/{case_id}/register"]["post"]["responses"]["409"]
    assert refusal["content"]["application/json"]["schema"]["$ref"].endswith("/Error")
