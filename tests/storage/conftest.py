"""Documents in a private bucket of the moto S3 server (tests/services.py): a new bucket for
each test, selected through the production settings (aduan.settings.object_storage)."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from tests.conftest import use_object_storage
from tests.liaison.conftest import (  # noqa: F401 - the liaison portal's fixtures, reused
    asked,
    health_liaison,
    make_liaison,
    other_agency,
    portal,
    portal_user,
)


@pytest.fixture
def bucket(settings, tmp_path, s3_server):
    """The default storage is a new bucket; its name. MEDIA_ROOT points at an empty folder,
    so a file that went to disk instead would be noticed."""
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield use_object_storage(settings, s3_server)
    cache.clear()


@pytest.fixture
def objects(s3_server, bucket):
    """objects() → {key: bytes} of everything in the bucket."""

    def read() -> dict[str, bytes]:
        client = s3_server.client()
        listing = client.list_objects_v2(Bucket=bucket).get("Contents", [])
        return {
            item["Key"]: client.get_object(Bucket=bucket, Key=item["Key"])["Body"].read()
            for item in listing
        }

    return read


@pytest.fixture
def redis_cache(settings, redis_url):
    """The default cache, sessions and sign-in throttling in the machine's Redis, as with
    REDIS_URL in production (aduan.settings.shared_cache), under a key prefix of this test's
    own; returns the prefix. Afterwards only this prefix's keys are deleted (never a flush)."""
    import secrets

    import redis
    from axes.handlers.proxy import AxesProxyHandler

    from aduan.settings import shared_cache

    prefix = f"aduan-test-{secrets.token_hex(6)}"
    settings.CACHES = {
        "default": shared_cache({"REDIS_URL": redis_url, "ADUAN_CACHE_PREFIX": prefix})
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    settings.AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
    AxesProxyHandler.get_implementation(force=True)
    try:
        yield prefix
    finally:
        AxesProxyHandler.implementation = None  # the suite's own handler, next time
        server = redis.Redis.from_url(redis_url)
        for key in server.scan_iter(match=f"{prefix}:*", count=500):
            server.delete(key)
        server.close()


def keys_of(redis_url: str, prefix: str) -> list[str]:
    import redis

    server = redis.Redis.from_url(redis_url)
    try:
        return [k.decode() for k in server.scan_iter(match=f"{prefix}:*", count=500)]
    finally:
        server.close()
