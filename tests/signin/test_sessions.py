"""Sessions last hours, not weeks: an idle limit and a limit after sign-in."""

from datetime import timedelta

from django.conf import settings as django_settings

PASSWORD = "secret-pass-123"


def _busy_then_once_more(client, time_machine, url: str, half_hours: int):
    """A request to ``url`` every half hour for ``half_hours`` (each answered: the session is
    alive), then the response to one more a minute later."""
    for _ in range(half_hours):
        time_machine.shift(timedelta(minutes=30))
        assert client.get(url).status_code == 200
    time_machine.shift(timedelta(minutes=1))
    return client.get(url)


def test_a_session_ends_after_an_hour_without_a_request_by_default():
    assert django_settings.SESSION_COOKIE_AGE == 60 * 60
    assert django_settings.SESSION_SAVE_EVERY_REQUEST
    assert django_settings.ADUAN_SESSION_HOURS == 8


def test_the_idle_session_is_refused(client, pvl_assistant, time_machine):
    time_machine.move_to("2026-03-02 01:00:00+00:00", tick=False)
    client.post("/kantor/masuk/", {"username": "pvl", "password": PASSWORD})
    assert client.get("/kantor/").status_code == 200
    time_machine.shift(timedelta(minutes=61))
    response = client.get("/kantor/")
    assert response.status_code == 302 and response["Location"].startswith("/kantor/masuk/")


def test_an_active_session_ends_after_the_working_day(client, pvl_assistant, time_machine):
    time_machine.move_to("2026-03-02 01:00:00+00:00", tick=False)
    client.post("/kantor/masuk/", {"username": "pvl", "password": PASSWORD})
    response = _busy_then_once_more(client, time_machine, "/kantor/", 16)  # eight hours
    assert response.status_code == 302
    assert response["Location"] == "/kantor/masuk/?next=%2Fkantor%2F"
    assert "_auth_user_id" not in client.session


def test_a_liaison_session_ends_after_the_working_day_too(client, agency_tree, time_machine):
    from aduan.directory.models import Liaison, User

    user = User.objects.create_user(username="budi", password=PASSWORD)
    Liaison.objects.create(user=user, agency=agency_tree["health"], name="Budi Santoso")
    time_machine.move_to("2026-03-02 01:00:00+00:00", tick=False)
    client.post("/instansi/masuk/", {"username": "budi", "password": PASSWORD})
    response = _busy_then_once_more(client, time_machine, "/instansi/", 16)
    assert response["Location"].startswith("/instansi/masuk/")


def test_the_hours_come_from_the_settings(client, pvl_assistant, settings, time_machine):
    settings.ADUAN_SESSION_HOURS = 2
    time_machine.move_to("2026-03-02 01:00:00+00:00", tick=False)
    client.post("/kantor/masuk/", {"username": "pvl", "password": PASSWORD})
    assert _busy_then_once_more(client, time_machine, "/kantor/", 4).status_code == 302
