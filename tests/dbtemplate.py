"""A migrated database, built once and copied for each test database.

Migrating from nothing costs 40-70 s of CPU (Django renders the project state 128 times), and
``make test`` makes a test database per xdist worker in each of its runs. Instead, the first worker
to need one migrates a template, named by a hash of every installed app's migration files and of
the engine; each worker then copies it (a file copy on SQLite, ``CREATE DATABASE ... TEMPLATE`` on
PostgreSQL) and Django's own test-database setup runs on the copy with ``keepdb``: ``migrate``
finds nothing to apply, and the copy is still checked against the migrations.

A template whose migrations changed gets a new hash, so it is never stale; the old ones are
removed when a new one is built. ``ADUAN_TEST_TEMPLATE=0`` turns this off (a fresh migrate per
worker, as Django does it).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import django
from django.apps import apps
from django.core.management import call_command
from django.db import connections

PREFIX = "aduan_test_tpl_"


def enabled() -> bool:
    return os.environ.get("ADUAN_TEST_TEMPLATE", "1") != "0"


def migrations_hash(vendor: str) -> str:
    """A digest of every migration file of the installed apps, Django's version and the engine."""
    digest = hashlib.sha256(f"{django.__version__}|{vendor}".encode())
    for config in sorted(apps.get_app_configs(), key=lambda c: c.label):
        folder = Path(config.path) / "migrations"
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.py")):
            digest.update(f"{config.label}/{path.name}".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@contextlib.contextmanager
def _file_lock(name: str) -> Iterator[None]:
    path = Path(tempfile.gettempdir()) / f"{name}.lock"
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextlib.contextmanager
def _named(connection, name: str) -> Iterator[None]:
    """Point ``connection`` at database ``name`` for the block."""
    saved = connection.settings_dict["NAME"]
    connection.close()
    connection.settings_dict["NAME"] = name
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = saved


def _migrate(connection) -> None:
    call_command("migrate", verbosity=0, interactive=False, database=connection.alias)
    call_command("createcachetable", verbosity=0, database=connection.alias)


def _test_name(connection) -> str:
    return connection.creation._get_test_db_name()


# --- SQLite ---------------------------------------------------------------------------------


def _sqlite(connection, key: str) -> None:
    folder = Path(tempfile.gettempdir())
    template = folder / f"{PREFIX}{key}.sqlite3"
    with _file_lock(f"{PREFIX}{key}"):
        if not template.exists():
            building = template.with_suffix(f".building-{os.getpid()}")
            building.unlink(missing_ok=True)
            with _named(connection, str(building)):
                _migrate(connection)
                with connection.cursor() as cursor:
                    cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                    cursor.execute("PRAGMA journal_mode=DELETE")
            os.replace(building, template)
            for old in folder.glob(f"{PREFIX}*.sqlite3"):
                if old != template and time.time() - old.stat().st_mtime > 3600:
                    old.unlink(missing_ok=True)
    target = Path(_test_name(connection))
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(template, target)


# --- PostgreSQL -----------------------------------------------------------------------------


def _server_cursor(connection):
    return connection.creation._nodb_cursor()


def _pg_exists(cursor, name: str) -> bool:
    cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
    return cursor.fetchone() is not None


def _pg(connection, key: str) -> None:
    quote = connection.ops.quote_name
    template = f"{PREFIX}{key}"
    with _file_lock(template):
        with _server_cursor(connection) as cursor:
            ready = _pg_exists(cursor, template)
        if not ready:
            building = f"{template}_b{os.getpid()}"
            with _server_cursor(connection) as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {quote(building)}")
                cursor.execute(f"CREATE DATABASE {quote(building)}")
            with _named(connection, building):
                _migrate(connection)
            with _server_cursor(connection) as cursor:
                cursor.execute(f"ALTER DATABASE {quote(building)} RENAME TO {quote(template)}")
                cursor.execute(
                    "SELECT datname FROM pg_database WHERE datname LIKE %s AND datname <> %s",
                    [f"{PREFIX}%", template],
                )
                for (old,) in cursor.fetchall():
                    with contextlib.suppress(Exception):  # in use by another run: leave it
                        cursor.execute(f"DROP DATABASE IF EXISTS {quote(old)}")
        target = _test_name(connection)
        with _server_cursor(connection) as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {quote(target)}")
            cursor.execute(f"CREATE DATABASE {quote(target)} TEMPLATE {quote(template)}")


def prepare(alias: str = "default") -> bool:
    """Copy the template into ``alias``'s test database; False when this engine has none."""
    if not enabled():
        return False
    connection = connections[alias]
    vendor = connection.vendor
    if vendor == "sqlite":
        if connection.creation.is_in_memory_db(_test_name(connection)):
            return False
        _sqlite(connection, migrations_hash(vendor))
    elif vendor == "postgresql":
        _pg(connection, migrations_hash(vendor))
    else:
        return False
    return True
