"""Tracking (/lacak/) is limited per client with backoff; a report number is never locked."""

import pytest

from aduan.intake.channels.portal import services as portal


@pytest.fixture
def case(receive):
    return receive()


def _track(client, case, *, code=None, reference=None, address="10.0.0.1"):
    return client.post(
        "/lacak/",
        {"reference": reference or case.reference, "code": code or case.access_code},
        REMOTE_ADDR=address,
    )


def test_a_stranger_hammering_a_reference_does_not_keep_its_reporter_out(client, case):
    for _ in range(50):
        assert _track(client, case, code="WRONGCODE2", address="10.0.0.66").status_code in {
            400,
            429,
        }
    assert _track(client, case, address="10.0.0.7").status_code == 302


def test_the_stranger_is_backed_off_even_for_other_references(client, case, receive):
    other = receive(title="Jalan rusak di depan kantor kelurahan")
    for _ in range(50):
        _track(client, case, code="WRONGCODE2", address="10.0.0.66")
    response = _track(client, other, address="10.0.0.66")
    assert response.status_code == 429
    assert "Too many failed attempts from your connection" in response.content.decode()


def test_it_refuses_from_the_limit_on_and_not_before(client, case, settings):
    settings.ADUAN_TRACK_MAX_FAILURES = 4
    for _ in range(3):
        assert _track(client, case, code="WRONGCODE2").status_code == 400
    assert _track(client, case).status_code == 302  # below the limit the right code works
    assert _track(client, case, code="WRONGCODE2").status_code == 400
    assert _track(client, case).status_code == 429


def test_the_backoff_doubles_at_each_further_failure_up_to_the_window(settings):
    settings.ADUAN_TRACK_MAX_FAILURES = 10
    settings.ADUAN_TRACK_WINDOW_MINUTES = 15
    assert portal.backoff_seconds(9) == 0
    assert [portal.backoff_seconds(n) for n in (10, 11, 12, 13)] == [60, 120, 240, 480]
    assert portal.backoff_seconds(14) == portal.backoff_seconds(400) == 15 * 60


def test_the_wait_ends_and_the_client_may_try_again(client, case, settings, time_machine):
    settings.ADUAN_TRACK_MAX_FAILURES = 2
    time_machine.move_to("2026-03-02 03:00:00+00:00", tick=False)
    for _ in range(2):
        _track(client, case, code="WRONGCODE2")
    assert _track(client, case).status_code == 429
    time_machine.move_to("2026-03-02 03:01:01+00:00", tick=False)
    assert _track(client, case).status_code == 302


def test_failures_on_a_reference_are_logged_for_the_office(client, case, caplog):
    for n in range(50):
        _track(client, case, code="WRONGCODE2", address=f"10.1.0.{n}")
    assert "50 failed attempts on report number" in caplog.text


def test_the_receipt_reads_the_two_year_limit_on_the_office_day_not_the_utc_day(case):
    import datetime as dt
    from zoneinfo import ZoneInfo

    from aduan.cases.services import two_years_before
    from aduan.intake.channels.portal.views import _receipt_notes

    # 06:00 in Jakarta on 1 March is still 28 February in UTC.
    zone = ZoneInfo(case.office.time_zone or "Asia/Jakarta")
    case.received_at = dt.datetime(2026, 3, 1, 6, 0, tzinfo=zone)
    case.event_date = two_years_before(dt.date(2026, 3, 1)) - dt.timedelta(days=1)
    case.save(update_fields=["received_at", "event_date"])
    case.refresh_from_db()  # read back in UTC, as the receipt page reads it
    notes = _receipt_notes(case)
    assert any("more than two years old" in note for note in notes)
