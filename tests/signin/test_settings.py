"""The sign-in settings come from the environment, with safe defaults."""

import json
import os
import subprocess
import sys
import textwrap

from django.test import RequestFactory

from aduan.core.clients import axes_client_address, client_address

NAMES = [
    "AXES_FAILURE_LIMIT",
    "ADUAN_LOGIN_COOLOFF_MINUTES",
    "ADUAN_MFA_REQUIRED",
    "ADUAN_SESSION_HOURS",
    "SESSION_COOKIE_AGE",
    "SESSION_SAVE_EVERY_REQUEST",
    "ADUAN_API_TOKEN_DAYS",
    "ADUAN_API_AUTH_FAILURE_LIMIT",
]


def _settings(tmp_path, **env):
    clean = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "PYTHONPATH"}}
    clean.update({"ADUAN_DATA_DIR": str(tmp_path / "var"), "DEBUG": "1", **env})
    code = textwrap.dedent(
        f"""
        import json
        import aduan.settings as s
        print(json.dumps({{name: getattr(s, name) for name in {NAMES!r}}}))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=clean, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_the_defaults_are_safe(tmp_path):
    assert _settings(tmp_path) == {
        "AXES_FAILURE_LIMIT": 5,
        "ADUAN_LOGIN_COOLOFF_MINUTES": 15,
        "ADUAN_MFA_REQUIRED": True,
        "ADUAN_SESSION_HOURS": 8,
        "SESSION_COOKIE_AGE": 3600,
        "SESSION_SAVE_EVERY_REQUEST": True,
        "ADUAN_API_TOKEN_DAYS": 90,
        "ADUAN_API_AUTH_FAILURE_LIMIT": 10,
    }


def test_they_are_read_from_the_environment(tmp_path):
    values = _settings(
        tmp_path,
        ADUAN_LOGIN_FAILURE_LIMIT="3",
        ADUAN_LOGIN_COOLOFF_MINUTES="30",
        ADUAN_MFA_REQUIRED="0",
        ADUAN_SESSION_HOURS="4",
        ADUAN_SESSION_IDLE_MINUTES="0",
    )
    assert values["AXES_FAILURE_LIMIT"] == 3
    assert values["ADUAN_LOGIN_COOLOFF_MINUTES"] == 30
    assert values["ADUAN_MFA_REQUIRED"] is False
    assert values["SESSION_COOKIE_AGE"] == 4 * 3600  # no idle limit: the whole day
    assert values["SESSION_SAVE_EVERY_REQUEST"] is False


def test_the_client_address_is_a_real_address_or_unknown(settings):
    factory = RequestFactory()
    assert client_address(factory.get("/", REMOTE_ADDR="10.0.0.1")) == "10.0.0.1"
    request = factory.get("/", REMOTE_ADDR="")
    assert client_address(request) == "unknown"
    assert axes_client_address(request) is None
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    proxied = factory.get("/", REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR="1.1.1.1, 2.2.2.2")
    assert client_address(proxied) == "2.2.2.2"
    spoofed = factory.get("/", REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR="evil")
    assert client_address(spoofed) == "unknown"
