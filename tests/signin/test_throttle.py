"""Every password sign-in page is throttled per username and address (django-axes)."""

import pytest

from aduan.directory.models import Liaison, User

PASSWORD = "secret-pass-123"


@pytest.fixture
def liaison_user(agency_tree):
    user = User.objects.create_user(username="budi", password=PASSWORD)
    Liaison.objects.create(user=user, agency=agency_tree["health"], name="Budi Santoso")
    return user


def _post(client, url, username, password, address="10.0.0.1"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.fixture
def accounts(pvl_assistant, liaison_user, administrator):
    administrator.is_superuser = True
    administrator.save()


@pytest.mark.parametrize(
    ("url", "username"),
    [("/kantor/masuk/", "pvl"), ("/instansi/masuk/", "budi"), ("/admin/login/", "admin")],
)
def test_thirty_wrong_passwords_lock_the_account_from_that_address(client, accounts, url, username):
    statuses = [_post(client, url, username, "wrong").status_code for _ in range(30)]
    assert statuses[:4] == [200] * 4  # the form again, with its error
    assert set(statuses[4:]) == {429}
    locked = _post(client, url, username, PASSWORD)
    assert locked.status_code == 429
    assert "try again in 15 minutes" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_right_user_from_another_address_is_not_locked_out(client, pvl_assistant):
    for _ in range(10):
        _post(client, "/kantor/masuk/", "pvl", "wrong", address="10.0.0.66")
    response = _post(client, "/kantor/masuk/", "pvl", PASSWORD, address="10.0.0.7")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(pvl_assistant.pk)


def test_the_lock_ends_after_the_cool_off(client, pvl_assistant, time_machine):
    time_machine.move_to("2026-03-02 03:00:00+00:00", tick=False)
    for _ in range(5):
        _post(client, "/kantor/masuk/", "pvl", "wrong")
    assert _post(client, "/kantor/masuk/", "pvl", PASSWORD).status_code == 429
    time_machine.move_to("2026-03-02 03:16:00+00:00", tick=False)
    assert _post(client, "/kantor/masuk/", "pvl", PASSWORD).status_code == 302


def test_the_limit_comes_from_the_settings(client, pvl_assistant, settings):
    settings.AXES_FAILURE_LIMIT = 2
    for _ in range(2):
        _post(client, "/kantor/masuk/", "pvl", "wrong")
    assert _post(client, "/kantor/masuk/", "pvl", PASSWORD).status_code == 429


def test_the_liaison_lock_page_says_whom_to_ask(client, liaison_user):
    for _ in range(5):
        _post(client, "/instansi/masuk/", "budi", "wrong")
    page = _post(client, "/instansi/masuk/", "budi", PASSWORD).content.decode()
    assert "ask the Ombudsman office that invited you" in page


def test_the_staff_lock_page_says_whom_to_ask(client, pvl_assistant):
    for _ in range(5):
        _post(client, "/kantor/masuk/", "pvl", "wrong")
    page = _post(client, "/kantor/masuk/", "pvl", PASSWORD).content.decode()
    assert "tell your office's administrator" in page


@pytest.mark.parametrize("url", ["/kantor/masuk/", "/instansi/masuk/", "/admin/login/"])
def test_a_very_long_username_is_refused_like_a_wrong_one(client, accounts, url):
    response = _post(client, url, "x" * 2000, "wrong")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
