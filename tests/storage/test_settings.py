"""Object storage and the shared cache are chosen by the environment, and a half-made choice
stops Aduan with a message saying what to set."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

NAMES = ["STORAGES", "CACHES", "SESSION_ENGINE", "AXES_HANDLER", "ADUAN_S3_SIGNED_DOWNLOADS"]


def load(tmp_path, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}}
    clean.update({"ADUAN_DATA_DIR": str(tmp_path / "var"), "DEBUG": "1", **env})
    code = textwrap.dedent(
        f"""
        import json
        import aduan.settings as s
        print(json.dumps({{name: getattr(s, name) for name in {NAMES!r}}}, default=str))
        """
    )
    return subprocess.run(
        [sys.executable, "-c", code], env=clean, capture_output=True, text=True, timeout=60
    )


def values(tmp_path, **env: str) -> dict:
    done = load(tmp_path, **env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


BUCKET = {
    "AWS_STORAGE_BUCKET_NAME": "aduan-dokumen",
    "AWS_ACCESS_KEY_ID": "key",
    "AWS_SECRET_ACCESS_KEY": "secret",
    "AWS_S3_ENDPOINT_URL": "https://s3.example.go.id",
    "AWS_S3_REGION_NAME": "ap-southeast-3",
}


def test_the_embedded_default_is_disk_the_database_cache_and_database_sessions(tmp_path):
    got = values(tmp_path)
    assert got["STORAGES"]["default"] == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert got["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert got["SESSION_ENGINE"] == "django.contrib.sessions.backends.db"
    assert got["AXES_HANDLER"] == "axes.handlers.database.AxesDatabaseHandler"


def test_a_bucket_selects_private_object_storage_with_short_signed_urls(tmp_path):
    got = values(tmp_path, **BUCKET)["STORAGES"]["default"]
    assert got["BACKEND"] == "storages.backends.s3.S3Storage"
    options = got["OPTIONS"]
    assert options["bucket_name"] == "aduan-dokumen"
    assert options["endpoint_url"] == "https://s3.example.go.id"
    assert options["region_name"] == "ap-southeast-3"
    assert options["default_acl"] is None and options["querystring_auth"] is True
    assert options["querystring_expire"] == 300 and options["file_overwrite"] is False


def test_the_keys_may_be_files(tmp_path):
    secret = tmp_path / "s3-secret"
    secret.write_text("from-a-file\n")
    env = {**BUCKET, "AWS_SECRET_ACCESS_KEY_FILE": str(secret)}
    del env["AWS_SECRET_ACCESS_KEY"]
    options = values(tmp_path, **env)["STORAGES"]["default"]["OPTIONS"]
    assert options["secret_key"] == "from-a-file"


def test_a_bucket_without_keys_says_what_to_set(tmp_path):
    done = load(tmp_path, AWS_STORAGE_BUCKET_NAME="aduan-dokumen", AWS_ACCESS_KEY_ID="key")
    assert done.returncode != 0
    assert "Setting AWS_SECRET_ACCESS_KEY: is not set, but AWS_STORAGE_BUCKET_NAME is" in (
        done.stderr
    )
    assert "or unset AWS_STORAGE_BUCKET_NAME to keep documents on disk" in done.stderr


def test_a_bad_endpoint_or_url_lifetime_is_refused(tmp_path):
    done = load(tmp_path, **{**BUCKET, "AWS_S3_ENDPOINT_URL": "s3.example.go.id"})
    assert "Setting AWS_S3_ENDPOINT_URL: 's3.example.go.id' is not an http(s) URL." in done.stderr
    done = load(tmp_path, **{**BUCKET, "ADUAN_S3_URL_SECONDS": "5"})
    assert "Setting ADUAN_S3_URL_SECONDS: 5 is below the smallest allowed value" in done.stderr


def test_redis_carries_the_cache_the_sign_in_throttle_and_the_sessions(tmp_path):
    got = values(tmp_path, REDIS_URL="redis://cache.example:6379/2", ADUAN_CACHE_PREFIX="babel")
    assert got["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert got["CACHES"]["default"]["LOCATION"] == "redis://cache.example:6379/2"
    assert got["CACHES"]["default"]["KEY_PREFIX"] == "babel"
    assert got["AXES_HANDLER"] == "axes.handlers.cache.AxesCacheHandler"
    assert got["SESSION_ENGINE"] == "django.contrib.sessions.backends.cache"
    cached_db = values(tmp_path, REDIS_URL="redis://x:6379", ADUAN_SESSION_STORE="cached_db")
    assert cached_db["SESSION_ENGINE"] == "django.contrib.sessions.backends.cached_db"


def test_a_redis_url_of_another_scheme_is_refused(tmp_path):
    done = load(tmp_path, REDIS_URL="http://cache.example:6379")
    assert done.returncode != 0
    assert "Setting REDIS_URL: the scheme 'http' is not supported." in done.stderr
