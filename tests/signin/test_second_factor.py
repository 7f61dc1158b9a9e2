"""The second factor (TOTP with recovery codes) of staff who may reveal identities and of
administrators, at /kantor/ and /admin/; agency liaisons are not asked."""

import re
from datetime import timedelta

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from aduan.backoffice import mfa
from aduan.core.models import AuditEvent
from aduan.directory.models import Liaison, User

PASSWORD = "secret-pass-123"
NOW = "2026-03-02 03:00:00+00:00"


@pytest.fixture(autouse=True)
def mfa_on(settings, time_machine):
    settings.ADUAN_MFA_REQUIRED = True
    time_machine.move_to(NOW, tick=False)


def _code(device) -> str:
    return f"{totp(device.bin_key):06d}"


def _later(time_machine, seconds=30):
    """A new time step, so the app shows a new code (a code is accepted once)."""
    time_machine.shift(timedelta(seconds=seconds))


@pytest.fixture
def enrolled(pvl_assistant):
    """The PVL assistant with a confirmed authenticator; returns (device, recovery codes)."""
    device = mfa.totp_start(user=pvl_assistant)
    return mfa.totp_confirm(user=pvl_assistant, code=_code(device))


def _sign_in(client, username="pvl"):
    response = client.post("/kantor/masuk/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client.get("/kantor/")


# --- who is asked
@pytest.mark.parametrize("persona", ["pvl_assistant", "head_of_unit", "head_of_office", "member"])
@pytest.mark.parametrize("url", ["/kantor/", "/kantor/laporan/", "/kantor/dasbor/"])
def test_a_role_that_may_reveal_identities_cannot_reach_the_office_pages_without_it(
    client, request, persona, url
):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/kantor/masuk/kode/?next=")


def test_the_admin_requires_the_second_factor(client, administrator):
    administrator.is_superuser = True
    administrator.save()
    client.force_login(administrator)
    response = client.get("/admin/directory/user/")
    assert response.status_code == 302
    assert response["Location"].startswith("/kantor/masuk/kode/")


def test_a_liaison_officer_is_not_asked(client, agency_tree):
    user = User.objects.create_user(username="budi", password=PASSWORD)
    Liaison.objects.create(user=user, agency=agency_tree["health"], name="Budi Santoso")
    response = client.post("/instansi/masuk/", {"username": "budi", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/instansi/").status_code == 200


def test_nobody_is_asked_while_the_setting_is_off(client, pvl_assistant, settings):
    settings.ADUAN_MFA_REQUIRED = False
    client.force_login(pvl_assistant)
    assert client.get("/kantor/").status_code == 200


# --- enrolment
def test_a_first_sign_in_leads_to_the_set_up(client, pvl_assistant):
    response = _sign_in(client)
    assert response["Location"] == "/kantor/masuk/kode/?next=%2Fkantor%2F"
    response = client.get(response["Location"])
    assert response["Location"] == "/kantor/keamanan/daftar/?next=%2Fkantor%2F"
    page = client.get(response["Location"]).content.decode()
    assert "<svg" in page and "<script" not in page
    secret = re.search(r"<code>([A-Z2-7 ]+)</code>", page).group(1)
    device = TOTPDevice.objects.get(user=pvl_assistant)
    assert secret.replace(" ", "") in device.config_url


def test_it_enrols_with_a_right_code_and_shows_ten_recovery_codes_once(client, pvl_assistant):
    client.force_login(pvl_assistant)
    client.get("/kantor/keamanan/daftar/")
    device = TOTPDevice.objects.get(user=pvl_assistant)
    response = client.post("/kantor/keamanan/daftar/", {"code": _code(device), "next": "/kantor/"})
    assert response.status_code == 200
    assert len(re.findall(r"<code>\w{5}-\w{5}</code>", response.content.decode())) == 10
    assert client.get("/kantor/").status_code == 200  # verified in this session
    assert TOTPDevice.objects.get(user=pvl_assistant).confirmed
    assert AuditEvent.objects.filter(action="account.second_factor_enrolled").count() == 1
    assert client.get("/kantor/keamanan/daftar/").status_code == 302  # no second showing


def test_it_refuses_to_enrol_with_a_wrong_code(client, pvl_assistant):
    client.force_login(pvl_assistant)
    client.get("/kantor/keamanan/daftar/")
    response = client.post("/kantor/keamanan/daftar/", {"code": "000000"})
    assert response.status_code == 400
    assert "That code is not right" in response.content.decode()
    assert not mfa.has_second_factor(pvl_assistant)
    assert client.get("/kantor/").status_code == 302


def test_it_refuses_a_new_device_to_someone_who_has_not_given_the_current_one(
    client, pvl_assistant, enrolled
):
    client.force_login(pvl_assistant)  # the password only
    response = client.get("/kantor/keamanan/daftar/")
    assert response["Location"] == "/kantor/masuk/kode/"
    assert TOTPDevice.objects.filter(user=pvl_assistant).count() == 1


# --- signing in
def test_it_signs_in_with_the_code_of_the_app(client, pvl_assistant, enrolled, time_machine):
    device, _codes = enrolled
    _later(time_machine)
    _sign_in(client)
    response = client.post("/kantor/masuk/kode/", {"code": _code(device), "next": "/kantor/"})
    assert response["Location"] == "/kantor/"
    assert client.get("/kantor/").status_code == 200


def test_it_refuses_a_wrong_code(client, pvl_assistant, enrolled, time_machine):
    _later(time_machine)
    _sign_in(client)
    response = client.post("/kantor/masuk/kode/", {"code": "123456", "next": "/kantor/"})
    assert response.status_code == 400
    assert "That code is not right" in response.content.decode()
    assert client.get("/kantor/").status_code == 302


def test_a_recovery_code_works_once_only(client, pvl_assistant, enrolled):
    _device, codes = enrolled
    _sign_in(client)
    response = client.post("/kantor/masuk/kode/", {"code": codes[0][:5] + "-" + codes[0][5:]})
    assert response.status_code == 302
    assert client.get("/kantor/").status_code == 200
    client.post("/kantor/keluar/")
    _sign_in(client)
    again = client.post("/kantor/masuk/kode/", {"code": codes[0]})
    assert again.status_code == 400
    assert mfa.remaining_recovery_codes(pvl_assistant) == 9


def test_wrong_codes_are_throttled_even_before_the_right_one(
    client, pvl_assistant, enrolled, time_machine
):
    device, _codes = enrolled
    _later(time_machine)
    _sign_in(client)
    for _ in range(3):
        client.post("/kantor/masuk/kode/", {"code": "123456"})
    response = client.post("/kantor/masuk/kode/", {"code": _code(device)})
    assert response.status_code == 429
    assert "Too many wrong codes" in response.content.decode()
    _later(time_machine, seconds=60)  # the wait (1, 2, 4 s …) is over: a new code works
    assert client.post("/kantor/masuk/kode/", {"code": _code(device)}).status_code == 302


def test_an_administrator_signs_in_to_the_admin_with_the_code(client, administrator, time_machine):
    administrator.is_superuser = True
    administrator.save()
    device = mfa.totp_start(user=administrator)
    mfa.totp_confirm(user=administrator, code=_code(device))
    _later(time_machine)
    client.post("/admin/login/", {"username": "admin", "password": PASSWORD, "next": "/admin/"})
    response = client.get("/admin/")
    assert response["Location"] == "/kantor/masuk/kode/?next=%2Fadmin%2F"
    response = client.post("/kantor/masuk/kode/", {"code": _code(device), "next": "/admin/"})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


# --- the security page
@pytest.fixture
def verified(client, pvl_assistant, enrolled, time_machine):
    device, codes = enrolled
    _later(time_machine)
    _sign_in(client)
    assert client.post("/kantor/masuk/kode/", {"code": _code(device)}).status_code == 302
    return codes


def test_new_recovery_codes_replace_the_old_ones(client, pvl_assistant, verified, time_machine):
    page = client.get("/kantor/keamanan/").content.decode()
    assert "10 recovery codes are left" in page
    response = client.post("/kantor/keamanan/kode-pemulihan/")
    new = re.findall(r"<code>(\w{5})-(\w{5})</code>", response.content.decode())
    assert len(new) == 10
    client.post("/kantor/keluar/")
    _sign_in(client)
    assert client.post("/kantor/masuk/kode/", {"code": verified[0]}).status_code == 400
    _later(time_machine, seconds=2)  # the wait after a wrong code
    assert client.post("/kantor/masuk/kode/", {"code": "".join(new[0])}).status_code == 302


def test_removing_the_device_leads_to_a_new_set_up(client, pvl_assistant, verified):
    response = client.post("/kantor/keamanan/hapus/")
    assert response["Location"] == "/kantor/keamanan/daftar/"
    assert not mfa.has_second_factor(pvl_assistant)
    assert mfa.remaining_recovery_codes(pvl_assistant) == 0
    assert client.get("/kantor/").status_code == 302
    assert AuditEvent.objects.filter(action="account.second_factor_removed").count() == 1


def test_it_refuses_to_remove_the_device_without_the_second_factor(client, pvl_assistant, enrolled):
    client.force_login(pvl_assistant)
    response = client.post("/kantor/keamanan/hapus/")
    assert response.status_code == 302
    assert mfa.has_second_factor(pvl_assistant)


# --- the admin
def test_the_admin_never_shows_a_secret_and_removes_through_the_service(
    client, administrator, pvl_assistant, enrolled, time_machine
):
    administrator.is_superuser = True
    administrator.save()
    device = mfa.totp_start(user=administrator)
    mfa.totp_confirm(user=administrator, code=_code(device))
    _later(time_machine)
    client.force_login(administrator)
    client.post("/kantor/masuk/kode/", {"code": _code(device)})
    own, codes = enrolled
    page = client.get(f"/admin/otp_totp/totpdevice/{own.pk}/change/").content.decode()
    assert own.key not in page and codes[0] not in page
    assert client.get("/admin/otp_static/staticdevice/").status_code == 404
    client.post(f"/admin/otp_totp/totpdevice/{own.pk}/delete/", {"post": "yes"})
    assert not mfa.has_second_factor(pvl_assistant)
    assert mfa.remaining_recovery_codes(pvl_assistant) == 0
    event = AuditEvent.objects.get(action="account.second_factor_removed")
    assert event.actor == administrator
