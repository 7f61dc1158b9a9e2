"""Settings come only from the environment and fail loudly and clearly on a bad value."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from aduan.env import SettingError, env_bool, env_choice, env_int, env_list, env_raw, env_str


def load_settings(tmp_path, **env: str) -> subprocess.CompletedProcess:
    """Import aduan.settings in a fresh interpreter with exactly this environment."""
    clean = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}}
    clean.update({"ADUAN_DATA_DIR": str(tmp_path / "var"), **env})
    code = textwrap.dedent(
        """
        import json
        import aduan.settings as s
        db = s.DATABASES["default"]
        print(json.dumps({"engine": db["ENGINE"], "name": str(db["NAME"]),
                          "options": db.get("OPTIONS", {}), "debug": s.DEBUG,
                          "secret": s.SECRET_KEY, "hosts": s.ALLOWED_HOSTS,
                          "prometheus": any("prometheus" in m for m in s.MIDDLEWARE)}))
        """
    )
    return subprocess.run(
        [sys.executable, "-c", code], env=clean, capture_output=True, text=True, timeout=60
    )


def test_it_refuses_to_start_without_a_secret_key_in_production(tmp_path):
    result = load_settings(tmp_path, ALLOWED_HOSTS="aduan.example")
    assert result.returncode != 0
    assert "Setting SECRET_KEY: is not set, and DEBUG is off." in result.stderr


def test_it_names_the_setting_and_the_allowed_words_for_a_bad_boolean(tmp_path):
    result = load_settings(tmp_path, DEBUG="maybe")
    assert result.returncode != 0
    assert "Setting DEBUG: 'maybe' is not a yes/no value. Use one of: true, false" in result.stderr


def test_it_refuses_an_unsupported_database_url(tmp_path):
    result = load_settings(tmp_path, DEBUG="1", DATABASE_URL="mysql://root@localhost/aduan")
    assert result.returncode != 0
    assert "Setting DATABASE_URL: the scheme 'mysql' is not supported." in result.stderr


def test_it_reads_a_secret_from_a_file(tmp_path):
    secret = tmp_path / "secret_key"
    secret.write_text("from-a-file-" + "x" * 40 + "\n")
    result = load_settings(tmp_path, SECRET_KEY_FILE=str(secret), ALLOWED_HOSTS="aduan.example")
    assert result.returncode == 0, result.stderr
    assert '"secret": "from-a-file-xxxx' in result.stdout


def test_it_uses_postgresql_from_database_url(tmp_path):
    result = load_settings(tmp_path, DEBUG="1", DATABASE_URL="postgres://u:p@db.example:5432/aduan")
    assert result.returncode == 0, result.stderr
    assert '"engine": "django.db.backends.postgresql"' in result.stdout


def test_queries_are_counted_for_prometheus_only_when_metrics_can_be_read(tmp_path):
    url = "postgres://u:p@db.example:5432/aduan"
    for metrics in [{"ADUAN_METRICS_TOKEN": "t" * 24}, {"ADUAN_METRICS_ALLOW": "10.0.0.0/8"}]:
        result = load_settings(tmp_path, DEBUG="1", DATABASE_URL=url, **metrics)
        assert result.returncode == 0, result.stderr
        # Django's PostgreSQL backend, counted by django-prometheus's wrapper
        assert '"engine": "django_prometheus.db.backends.postgresql"' in result.stdout
        assert '"prometheus": true' in result.stdout
    result = load_settings(tmp_path, DEBUG="1")
    assert '"engine": "django.db.backends.sqlite3"' in result.stdout
    assert '"prometheus": false' in result.stdout


def test_the_embedded_default_is_sqlite_in_var_with_wal_and_immediate_writes(tmp_path):
    result = load_settings(tmp_path, DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert f'"name": "{tmp_path / "var" / "aduan.sqlite3"}"' in result.stdout
    assert "journal_mode=WAL" in result.stdout
    assert '"transaction_mode": "IMMEDIATE"' in result.stdout
    assert '"timeout": 30' in result.stdout


def test_log_format_and_metrics_settings_are_checked(tmp_path):
    result = load_settings(tmp_path, DEBUG="1", LOG_FORMAT="xml")
    assert result.returncode != 0 and "LOG_FORMAT" in result.stderr
    result = load_settings(tmp_path, DEBUG="1", ADUAN_METRICS_ALLOW="10.0.0.0/8,not-an-address")
    assert result.returncode != 0 and "ADUAN_METRICS_ALLOW" in result.stderr
    result = load_settings(tmp_path, DEBUG="1", ADUAN_METRICS_TOKEN="short")
    assert result.returncode != 0 and "ADUAN_METRICS_TOKEN" in result.stderr


def test_env_raw_refuses_both_a_value_and_a_file():
    with pytest.raises(SettingError, match="both SECRET_KEY and SECRET_KEY_FILE are set"):
        env_raw("SECRET_KEY", {"SECRET_KEY": "a", "SECRET_KEY_FILE": "/tmp/x"})


def test_env_raw_says_which_file_cannot_be_read(tmp_path):
    missing = tmp_path / "nope"
    with pytest.raises(SettingError, match="cannot be read"):
        env_raw("EMAIL_HOST_PASSWORD", {"EMAIL_HOST_PASSWORD_FILE": str(missing)})


def test_env_int_refuses_words_and_out_of_range_numbers():
    assert env_int("PORT", 1, environ={"PORT": " 8080 "}) == 8080
    with pytest.raises(SettingError, match="'eighty' is not a whole number"):
        env_int("PORT", 1, environ={"PORT": "eighty"})
    with pytest.raises(SettingError, match="above the largest allowed value, 65535"):
        env_int("PORT", 1, maximum=65535, environ={"PORT": "70000"})
    with pytest.raises(SettingError, match="below the smallest allowed value, 1"):
        env_int("PORT", 1, minimum=1, environ={"PORT": "0"})


def test_env_bool_accepts_the_usual_words():
    for word in ("1", "true", "YES", "on", "ya"):
        assert env_bool("X", False, environ={"X": word}) is True
    for word in ("0", "false", "No", "off", "tidak", ""):
        assert env_bool("X", True, environ={"X": word}) is False
    assert env_bool("X", True, environ={}) is True


def test_env_choice_and_list():
    assert env_choice("TZ", "UTC", ["Asia/Jakarta", "UTC"], environ={"TZ": "asia/jakarta"}) == (
        "Asia/Jakarta"
    )
    with pytest.raises(SettingError, match="Use one of: Asia/Jakarta, UTC"):
        env_choice("TZ", "UTC", ["Asia/Jakarta", "UTC"], environ={"TZ": "Mars"})
    assert env_list("HOSTS", environ={"HOSTS": "a.example, ,b.example"}) == [
        "a.example",
        "b.example",
    ]
    assert env_str("MISSING", "fallback", environ={}) == "fallback"
    with pytest.raises(SettingError, match="Setting NEEDED: is not set."):
        env_str("NEEDED", required=True, environ={})


def test_a_command_that_signs_nothing_runs_without_a_key(tmp_path):
    ok = load_settings(tmp_path, ADUAN_CLI_COMMAND="makemigrations")
    assert ok.returncode == 0, ok.stderr
    refused = load_settings(tmp_path, ALLOWED_HOSTS="a.example", ADUAN_CLI_COMMAND="runserver")
    assert "Setting SECRET_KEY: is not set" in refused.stderr
