"""`aduan check --deploy` is clean in a production configuration; HTTPS settings follow it."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import textwrap


def run(tmp_path, args: list[str], **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "PYTHONPATH"}}
    clean.update(
        {
            "ADUAN_DATA_DIR": str(tmp_path / "var"),
            "SECRET_KEY": secrets.token_urlsafe(50)[:50],
            "ALLOWED_HOSTS": "aduan.example.go.id",
            "DEBUG": "0",
            **env,
        }
    )
    clean.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, *args], env=clean, capture_output=True, text=True, timeout=120
    )


def test_the_deploy_check_is_clean_in_production_over_https(tmp_path):
    result = run(
        tmp_path, ["-m", "aduan", "check", "--deploy", "--fail-level", "WARNING"], ADUAN_HTTPS="1"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


def test_the_deploy_check_warns_when_https_is_not_said(tmp_path):
    result = run(tmp_path, ["-m", "aduan", "check", "--deploy", "--fail-level", "WARNING"])
    assert result.returncode != 0
    assert "security.W004" in result.stderr + result.stdout  # no HSTS


def settings_of(tmp_path, **env: str) -> dict:
    code = textwrap.dedent(
        """
        import json
        import aduan.settings as s
        names = ["SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
                 "SECURE_HSTS_PRELOAD", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
                 "SECURE_PROXY_SSL_HEADER", "X_FRAME_OPTIONS", "SECURE_REFERRER_POLICY"]
        print(json.dumps({n: getattr(s, n) for n in names}))
        """
    )
    result = run(tmp_path, ["-c", code], **env)
    assert result.returncode == 0, result.stderr
    import json

    return json.loads(result.stdout)


def test_behind_an_https_proxy_the_site_redirects_and_sends_hsts(tmp_path):
    values = settings_of(tmp_path, BEHIND_HTTPS_PROXY="1")
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] == 31_536_000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] and values["SECURE_HSTS_PRELOAD"]
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert (values["X_FRAME_OPTIONS"], values["SECURE_REFERRER_POLICY"]) == ("DENY", "same-origin")


def test_without_https_there_is_no_redirect_and_no_hsts(tmp_path):
    values = settings_of(tmp_path)
    assert values["SECURE_SSL_REDIRECT"] is False and values["SECURE_HSTS_SECONDS"] == 0


def test_each_https_setting_may_be_set_on_its_own(tmp_path):
    values = settings_of(
        tmp_path, ADUAN_HTTPS="1", SECURE_HSTS_SECONDS="3600", SECURE_HSTS_PRELOAD="0"
    )
    assert values["SECURE_HSTS_SECONDS"] == 3600 and values["SECURE_HSTS_PRELOAD"] is False


def test_the_health_check_is_answered_over_plain_http_and_other_pages_redirect(
    client, db, settings
):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31_536_000
    assert client.get("/sehat/").status_code == 200
    response = client.get("/lapor/")
    assert response.status_code == 301 and response["Location"].startswith("https://")
    assert client.get("/lapor/", secure=True)["Strict-Transport-Security"]
