"""Real servers for the tests that need them: an S3-compatible object store (moto in server
mode, started by the suite), the machine's Redis and a fresh PostgreSQL database.

Each fixture skips its test with a loud reason when the machine lacks the server; ``-rs``
(pyproject.toml) prints every reason at the end of the run. Loaded as a plugin by
tests/conftest.py, so any test may ask for them.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

PG_SERVER = os.environ.get("ADUAN_TEST_PG_SERVER", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("ADUAN_TEST_REDIS_URL", "redis://127.0.0.1:6379")


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def answers(host: str, port: int, timeout: float = 1.0) -> bool:
    try:
        socket.create_connection((host, port), timeout=timeout).close()
    except OSError:
        return False
    return True


def wait_for_port(host: str, port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if answers(host, port, timeout=0.5):
            return
        time.sleep(0.1)
    raise TimeoutError(f"nothing answered on {host}:{port} within {timeout:.0f} s")


class S3Server:
    """An S3-compatible server; ``settings_for(bucket)`` gives Aduan's environment for it."""

    def __init__(self, endpoint: str) -> None:
        self.endpoint = endpoint
        self.access_key = "aduan-test"
        self.secret_key = "aduan-test-secret"
        self.region = "us-east-1"

    def client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=self.access_key,
            aws_secret_access_key=self.secret_key,
            region_name=self.region,
        )

    def new_bucket(self) -> str:
        name = f"aduan-{secrets.token_hex(6)}"
        self.client().create_bucket(Bucket=name)
        return name

    def environment(self, bucket: str) -> dict[str, str]:
        """The variables that select object storage in aduan.settings."""
        return {
            "AWS_STORAGE_BUCKET_NAME": bucket,
            "AWS_S3_ENDPOINT_URL": self.endpoint,
            "AWS_ACCESS_KEY_ID": self.access_key,
            "AWS_SECRET_ACCESS_KEY": self.secret_key,
            "AWS_S3_REGION_NAME": self.region,
        }


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory) -> Iterator[S3Server]:
    """moto's S3 server on a free port of 127.0.0.1, for the whole run (one per xdist worker)."""
    moto = shutil.which("moto_server") or str(Path(sys.executable).with_name("moto_server"))
    if not Path(moto).exists():
        pytest.skip("!! moto_server is absent (pip install 'moto[server]'): S3 tests SKIPPED")
    port = free_port()
    log = tmp_path_factory.mktemp("moto") / "moto.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [moto, "-H", "127.0.0.1", "-p", str(port)], stdout=out, stderr=subprocess.STDOUT
        )
    try:
        wait_for_port("127.0.0.1", port)
        yield S3Server(f"http://127.0.0.1:{port}")
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture(scope="session")
def redis_url() -> str:
    """The machine's Redis (ADUAN_TEST_REDIS_URL, default redis://127.0.0.1:6379)."""
    from urllib.parse import urlsplit

    parts = urlsplit(REDIS_URL)
    if not answers(parts.hostname or "127.0.0.1", parts.port or 6379):
        pytest.skip(f"!! Redis does not answer at {REDIS_URL}: shared-cache tests SKIPPED")
    return REDIS_URL


@contextlib.contextmanager
def fresh_pg_database(prefix: str = "aduan_sys") -> Iterator[str]:
    """A new, empty PostgreSQL database (dropped afterwards); its DATABASE_URL. Skips the test
    when PostgreSQL does not answer."""
    from urllib.parse import urlsplit

    parts = urlsplit(PG_SERVER)
    if not answers(parts.hostname or "127.0.0.1", parts.port or 5432):
        pytest.skip(f"!! PostgreSQL does not answer at {PG_SERVER}: this test is SKIPPED")
    import psycopg

    name = f"{prefix}_{secrets.token_hex(4)}"
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{PG_SERVER}/{name}"
    finally:
        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def pg_database() -> Iterator[str]:
    """A new, empty PostgreSQL database for the test (``fresh_pg_database``)."""
    with fresh_pg_database() as url:
        yield url
