"""A wrong password is refused in one plain sentence of Aduan's, in the reader's language
(Django's own reads "nama pengguna nama pengguna" in Bahasa Indonesia)."""

import pytest

from aduan.directory.models import Liaison, User


@pytest.fixture
def liaison_user(agency_tree):
    user = User.objects.create_user(username="budi", password="secret-pass-123")
    Liaison.objects.create(user=user, agency=agency_tree["health"], name="Budi Santoso")
    return user


@pytest.mark.parametrize(
    ("url", "username"), [("/kantor/masuk/", "pvl"), ("/instansi/masuk/", "budi")]
)
def test_it_refuses_a_wrong_password_in_bahasa_indonesia_without_doubled_words(
    client, pvl_assistant, liaison_user, url, username
):
    response = client.post(
        url, {"username": username, "password": "wrong"}, HTTP_ACCEPT_LANGUAGE="id"
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Nama pengguna atau kata sandi tidak benar." in page
    assert "nama pengguna nama pengguna" not in page.lower()


def test_it_refuses_a_wrong_password_in_english(client, pvl_assistant):
    response = client.post("/kantor/masuk/", {"username": "pvl", "password": "wrong"})
    assert "The username or the password is not right." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_staff_sign_in_form_renders_through_the_form_templates(client):
    page = client.get("/kantor/masuk/").content.decode()
    assert 'class="field' in page
    assert 'autocomplete="current-password"' in page
    assert '<button type="submit" class="primary">' in page
