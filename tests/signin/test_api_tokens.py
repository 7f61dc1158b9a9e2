"""API tokens expire, have a scope (read, intake, full), and guessing them is throttled."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from aduan.api.models import ApiToken
from aduan.api.services import TokenError, token_create
from tests.api.conftest import ApiClient, report  # noqa: F401 - the report body fixture

NOW = "2026-03-02 03:00:00+00:00"


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


def _client(user, scope, address="10.0.0.1", **kwargs):
    _token, secret = token_create(user=user, name=f"{scope} client", scope=scope, **kwargs)
    api = ApiClient(secret, language="en")
    api.client.defaults["REMOTE_ADDR"] = address
    return api


@pytest.fixture
def case_id(pvl_assistant, report):  # noqa: F811
    response = _client(pvl_assistant, "full").post("/cases", report())
    assert response.status_code == 201
    return response.json()["id"]


# --- scope
def test_a_read_token_may_read(pvl_assistant, case_id):
    api = _client(pvl_assistant, "read")
    assert api.get("/cases").status_code == 200
    assert api.get(f"/cases/{case_id}").status_code == 200


@pytest.mark.parametrize(
    ("method", "path"),
    [("post", "/cases"), ("patch", "/cases/{id}"), ("post", "/cases/{id}/notes")],
)
def test_it_refuses_every_change_to_a_read_token(pvl_assistant, case_id, report, method, path):  # noqa: F811
    api = _client(pvl_assistant, "read")
    response = getattr(api, method)(path.format(id=case_id), report())
    assert response.status_code == 403
    assert response.json()["code"] == "token_scope"
    assert "scope" in response.json()["message"]


def test_an_intake_token_may_submit_a_report(pvl_assistant, report):  # noqa: F811
    api = _client(pvl_assistant, "intake")
    assert api.post("/cases", report()).status_code == 201


def test_an_intake_token_may_submit_a_referral(pvl_assistant):
    api = _client(pvl_assistant, "intake")
    assert api.get("/referrals/institutions").status_code == 200
    assert api.post("/referrals/incoming", {}).status_code == 422  # past the scope: the body


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/cases"),
        ("get", "/cases/{id}"),
        ("post", "/cases/{id}/notes"),
        ("post", "/cases/{id}/withdraw"),
        ("patch", "/cases/{id}"),
        ("post", "/iaps"),
    ],
)
def test_it_refuses_everything_else_to_an_intake_token(pvl_assistant, case_id, method, path):
    api = _client(pvl_assistant, "intake")
    response = getattr(api, method)(path.format(id=case_id), {})
    assert (response.status_code, response.json()["code"]) == (403, "token_scope")


def test_a_full_token_does_what_its_user_may(pvl_assistant, case_id):
    api = _client(pvl_assistant, "full")
    assert api.get(f"/cases/{case_id}").status_code == 200
    response = api.post(f"/cases/{case_id}/notes", {"kind": "internal", "text": "Catatan."})
    assert response.status_code == 201


def test_it_refuses_an_unknown_scope(pvl_assistant):
    with pytest.raises(TokenError, match="scope"):
        token_create(user=pvl_assistant, name="x", scope="admin")


# --- expiry
def test_a_token_expires_after_ninety_days_by_default(pvl_assistant, time_machine):
    token, secret = token_create(user=pvl_assistant, name="gateway")
    assert token.expires_at == timezone.now() + timedelta(days=90)
    time_machine.move_to("2026-05-31 02:59:00+00:00", tick=False)
    assert ApiClient(secret).get("/cases").status_code == 200
    time_machine.move_to("2026-05-31 03:00:01+00:00", tick=False)
    response = ApiClient(secret).get("/cases")
    assert (response.status_code, response.json()["code"]) == (401, "not_authenticated")


def test_a_token_of_a_few_days_expires_then(pvl_assistant, time_machine):
    _token, secret = token_create(user=pvl_assistant, name="trial", days=2)
    time_machine.move_to("2026-03-04 03:00:01+00:00", tick=False)
    assert ApiClient(secret).get("/cases").status_code == 401


def test_only_an_explicit_choice_makes_a_token_without_expiry(pvl_assistant, time_machine):
    token, secret = token_create(user=pvl_assistant, name="forever", never_expires=True)
    assert token.expires_at is None
    time_machine.move_to("2036-03-02 03:00:00+00:00", tick=False)
    assert ApiClient(secret).get("/cases").status_code == 200


def test_create_token_takes_a_scope_and_days(pvl_assistant):
    out, err = StringIO(), StringIO()
    call_command(
        "create_token", "pvl", "dashboard", "--scope", "read", "--days", "7", stdout=out, stderr=err
    )
    token = ApiToken.objects.get(user=pvl_assistant)
    assert token.scope == "read"
    assert token.expires_at == timezone.now() + timedelta(days=7)
    assert "scope read, expires 2026-03-09" in err.getvalue()


def test_create_token_refuses_days_with_no_expiry(pvl_assistant):
    with pytest.raises(CommandError):
        call_command(
            "create_token",
            "pvl",
            "x",
            "--days",
            "7",
            "--no-expiry",
            stdout=StringIO(),
            stderr=StringIO(),
        )


def test_create_token_refuses_zero_days(pvl_assistant):
    with pytest.raises(CommandError, match="1 to"):
        call_command(
            "create_token", "pvl", "x", "--days", "0", stdout=StringIO(), stderr=StringIO()
        )


# --- last use
def test_the_last_use_is_written_at_most_once_a_minute(pvl_assistant, time_machine):
    token, secret = token_create(user=pvl_assistant, name="gateway")
    ApiClient(secret).get("/cases")
    token.refresh_from_db()
    first = token.last_used_at
    assert first == timezone.now()
    time_machine.shift(timedelta(seconds=30))
    ApiClient(secret).get("/cases")
    token.refresh_from_db()
    assert token.last_used_at == first
    time_machine.shift(timedelta(seconds=31))
    ApiClient(secret).get("/cases")
    token.refresh_from_db()
    assert token.last_used_at == timezone.now()


def test_the_admin_list_shows_scope_use_and_expiry(client, administrator, pvl_assistant):
    administrator.is_superuser = True
    administrator.save()
    token_create(user=pvl_assistant, name="gateway", scope="intake")
    client.force_login(administrator)
    page = client.get("/admin/api/apitoken/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for column in ("scope", "last used at", "expires at", "created at"):
        assert column in page.lower()
    assert "intake only" in page


# --- guessing
def _bad(address="10.0.0.66"):
    api = ApiClient("adn_not-the-secret")
    api.client.defaults["REMOTE_ADDR"] = address
    return api.get("/cases")


def test_thirty_wrong_tokens_in_a_row_are_not_all_answered(pvl_assistant):
    statuses = [_bad().status_code for _ in range(30)]
    assert statuses[:10] == [401] * 10
    assert set(statuses[10:]) == {429}
    response = _bad()
    assert response.json()["code"] == "too_many_attempts"
    assert int(response["Retry-After"]) > 0


def test_the_backed_off_address_waits_even_with_a_right_token(pvl_assistant):
    for _ in range(10):
        _bad()
    assert _client(pvl_assistant, "full", address="10.0.0.66").get("/cases").status_code == 429
    assert _client(pvl_assistant, "full", address="10.0.0.7").get("/cases").status_code == 200


def test_the_wait_doubles_then_ends(pvl_assistant, time_machine):
    for _ in range(10):
        _bad()
    assert _bad()["Retry-After"] == "60"
    time_machine.shift(timedelta(seconds=61))
    assert _bad().status_code == 401  # may try again: and fails again
    assert _bad()["Retry-After"] == "120"


# --- Open311 uses the same tokens
def _open311(api_key, address="10.0.0.66"):
    from django.test import Client

    return Client(HTTP_ACCEPT_LANGUAGE="en").post(
        "/open311/v2/requests.json",
        {"api_key": api_key, "service_code": "kesehatan", "description": "Uji."},
        REMOTE_ADDR=address,
    )


def test_open311_refuses_a_read_only_key(pvl_assistant, office):
    _token, secret = token_create(user=pvl_assistant, name="dashboard", scope="read")
    response = _open311(secret)
    assert response.status_code == 403
    assert "may only read" in response.content.decode()


def test_open311_backs_off_an_address_guessing_keys(pvl_assistant, office):
    statuses = [_open311("adn_wrong").status_code for _ in range(30)]
    assert statuses[:10] == [403] * 10
    assert set(statuses[10:]) == {429}
