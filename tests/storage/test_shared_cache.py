"""Rate limits, sign-in throttling, sessions and the public statistics in a shared Redis
(REDIS_URL): one count for every host, taken atomically; nothing written to the database."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.core.cache import cache, caches
from django.core.management import call_command
from django.test import Client

from aduan.core import backoff
from tests.storage.conftest import keys_of

pytestmark = pytest.mark.django_db
PASSWORD = "secret-pass-123"
ROOT = Path(__file__).resolve().parents[2]


def another_host(redis_url: str, prefix: str, tmp_path: Path, body: str) -> subprocess.Popen:
    """A separate process with Aduan's production settings and the same REDIS_URL (another
    host sharing the cache); it runs ``body`` and prints JSON."""
    env = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}}
    env.update(
        DEBUG="1",
        DJANGO_SETTINGS_MODULE="aduan.settings",
        ADUAN_DATA_DIR=str(tmp_path / "var"),
        REDIS_URL=redis_url,
        ADUAN_CACHE_PREFIX=prefix,
        PYTHONPATH=str(ROOT / "src"),
    )
    code = "import django, json\ndjango.setup()\n" + textwrap.dedent(body)
    return subprocess.Popen(
        [sys.executable, "-c", code], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def result(process: subprocess.Popen):
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err.decode()
    return json.loads(out)


def test_a_failure_count_is_atomic_across_processes(redis_cache, redis_url, tmp_path):
    body = """
    from aduan.core import backoff
    print(json.dumps([backoff.count("race", timeout=60) for _ in range(150)]))
    """
    hosts = [another_host(redis_url, redis_cache, tmp_path, body) for _ in range(3)]
    counts = [n for host in hosts for n in result(host)]
    # Every failure got its own number: none was lost to a read-modify-write race.
    assert sorted(counts) == list(range(1, 451))
    assert cache.get("race") == 450


def test_a_tracking_lockout_on_one_host_applies_on_another(
    redis_cache, redis_url, tmp_path, receive, settings
):
    case = receive()
    body = f"""
    from aduan.intake.channels.portal import services
    for _ in range({settings.ADUAN_TRACK_MAX_FAILURES}):
        services._count_failure("{case.reference}", "10.0.0.66")
    print(json.dumps("done"))
    """
    assert result(another_host(redis_url, redis_cache, tmp_path, body)) == "done"
    data = {"reference": case.reference, "code": case.access_code}
    client = Client(headers={"accept-language": "en"})
    refused = client.post("/lacak/", data, REMOTE_ADDR="10.0.0.66")
    assert refused.status_code == 429
    assert "Too many failed attempts from your connection" in refused.content.decode()
    assert client.post("/lacak/", data, REMOTE_ADDR="10.0.0.7").status_code == 302


def test_the_api_limit_is_counted_in_redis(redis_cache, redis_url, settings, client):
    settings.ADUAN_API_AUTH_FAILURE_LIMIT = 3
    statuses = [
        client.get(
            "/api/v1/cases", HTTP_AUTHORIZATION="Bearer wrong-token", REMOTE_ADDR="10.0.0.9"
        ).status_code
        for _ in range(5)
    ]
    assert statuses[:3] == [401] * 3 and statuses[-1] == 429
    assert any(":failures" in key for key in keys_of(redis_url, redis_cache))


def test_sessions_live_in_redis_and_are_read_by_another_host(redis_cache, redis_url, pvl_assistant):
    client = Client()
    client.force_login(pvl_assistant)
    assert client.get("/kantor/").status_code == 200
    assert not Session.objects.exists()  # no database write per request
    assert any("django.contrib.sessions.cache" in key for key in keys_of(redis_url, redis_cache))
    del caches["default"]  # a new connection, as another host's
    assert client.get("/kantor/").status_code == 200
    client.logout()
    assert not any("sessions.cache" in key for key in keys_of(redis_url, redis_cache))


def _sign_in(client, password, address="10.0.0.1"):
    data = {"username": "pvl", "password": password}
    return client.post("/kantor/masuk/", data, REMOTE_ADDR=address)


def test_the_sign_in_throttle_uses_redis_and_holds_on_every_host(
    redis_cache, redis_url, pvl_assistant, settings
):
    pvl_assistant.set_password(PASSWORD)
    pvl_assistant.save()
    statuses = [_sign_in(Client(), "wrong").status_code for _ in range(settings.AXES_FAILURE_LIMIT)]
    assert statuses[:-1] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    assert not AccessAttempt.objects.exists()  # counted in Redis, not the database
    del caches["default"]  # another host: its own connection, the same Redis
    locked = _sign_in(Client(headers={"accept-language": "en"}), PASSWORD)
    assert locked.status_code == 429
    assert "try again in 15 minutes" in locked.content.decode()
    other = Client()
    assert _sign_in(other, PASSWORD, address="10.0.0.7").status_code == 302
    # The administrator frees the pair (a reset by username alone cannot find the cache key).
    call_command("axes_reset_ip_username", "10.0.0.1", "pvl", stdout=io.StringIO())
    assert _sign_in(Client(), PASSWORD).status_code == 302


def test_the_public_statistics_work_with_redis(redis_cache, redis_url, office, receive):
    from aduan.stats import public

    receive()
    assert public.warm() == 4  # this year and last, both languages
    assert public.warm() == 0  # kept in Redis
    assert any("public-stats" in key for key in keys_of(redis_url, redis_cache))
    assert Client().get("/statistik/").status_code == 200


def test_a_wait_is_shared_and_ends(redis_cache):
    assert backoff.fail("k", limit=2, window=600, base=60) == 0
    assert backoff.fail("k", limit=2, window=600, base=60) == 60
    del caches["default"]
    assert 0 < backoff.wait_left("k") <= 60
    assert backoff.fail("k", limit=2, window=600, base=60) == 120
