"""The backup module's refusals, fast and in process (the round trip: tests/system/backup)."""

from __future__ import annotations

import io
import json
import tarfile

import pytest

from aduan.core import backup as bk
from aduan.core.backup import BackupError


def test_a_missing_pg_dump_says_what_to_install(monkeypatch, settings):
    settings.ADUAN_PG_BIN = ""
    monkeypatch.setattr(bk.shutil, "which", lambda name: None)
    monkeypatch.setattr(bk.glob, "glob", lambda pattern: [])
    with pytest.raises(BackupError, match=r"pg_dump is not installed.*postgresql-client-16"):
        bk.find_pg_tool("pg_dump", 16)


def test_a_pg_dump_older_than_the_server_is_refused_and_a_newer_one_chosen(monkeypatch, settings):
    settings.ADUAN_PG_BIN = ""
    versions = {"/usr/bin/pg_dump": 15, "/usr/lib/postgresql/17/bin/pg_dump": 17}
    monkeypatch.setattr(bk.shutil, "which", lambda name: "/usr/bin/pg_dump")
    monkeypatch.setattr(bk.glob, "glob", lambda pattern: ["/usr/lib/postgresql/17/bin/pg_dump"])
    monkeypatch.setattr(bk, "_tool_major", versions.get)
    assert bk.find_pg_tool("pg_dump", 15) == ("/usr/bin/pg_dump", 15)
    assert bk.find_pg_tool("pg_dump", 16) == ("/usr/lib/postgresql/17/bin/pg_dump", 17)
    with pytest.raises(BackupError, match=r"PostgreSQL 18 or newer.*ADUAN_PG_BIN"):
        bk.find_pg_tool("pg_dump", 18)


def _archive(tmp_path, manifest: dict):
    path = tmp_path / "backup.tar"
    with tarfile.open(path, "w") as tar:
        data = json.dumps(manifest).encode()
        info = tarfile.TarInfo("manifest.json")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    return path


MANIFEST = {
    "format": 1,
    "aduan_version": "0.1.0",
    "created_at": "2026-12-07T01:30:00+00:00",
    "engine": "postgresql",
    "database": {"member": "database.pgdump"},
    "migrations": [],
    "tables": {},
    "members": [],
}


@pytest.mark.django_db
def test_a_backup_of_a_newer_format_is_refused(tmp_path):
    path = _archive(tmp_path, {**MANIFEST, "format": 99, "aduan_version": "9.0"})
    with pytest.raises(BackupError, match=r"format 99, made by Aduan 9.0"):
        bk.restore(path, say=lambda line: None)


@pytest.mark.django_db
def test_a_backup_of_another_engine_is_refused(tmp_path):
    from django.db import connection

    other = "sqlite" if connection.vendor == "postgresql" else "postgresql"
    with pytest.raises(BackupError, match=rf"backup is of a {other} database"):
        bk.restore(_archive(tmp_path, {**MANIFEST, "engine": other}), say=lambda line: None)


@pytest.mark.django_db
def test_a_backup_from_a_newer_aduan_is_refused(tmp_path):
    from django.db import connection

    manifest = {
        **MANIFEST,
        "engine": bk.engine(),
        "migrations": [["cases", "9999_from_the_future"]],
        "aduan_version": "2.0",
    }
    assert connection.vendor
    with pytest.raises(BackupError, match=r"Aduan 2.0.*cases.9999_from_the_future"):
        bk.restore(_archive(tmp_path, manifest), say=lambda line: None)


def test_a_tar_without_manifest_is_not_a_backup(tmp_path):
    path = tmp_path / "other.tar"
    with tarfile.open(path, "w"):
        pass
    with pytest.raises(BackupError, match="not an Aduan backup"):
        bk.restore(path, say=lambda line: None)


def test_an_existing_output_is_never_overwritten(tmp_path):
    target = tmp_path / "exists.tar"
    target.write_bytes(b"keep me")
    with pytest.raises(BackupError, match="exists already"):
        bk.backup(target, say=lambda line: None)
    assert target.read_bytes() == b"keep me"


def test_storage_names_walks_folders_in_order(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media" / "cases" / "2026").mkdir(parents=True)
    (tmp_path / "media" / "cases" / "2026" / "b.pdf").write_bytes(b"b")
    (tmp_path / "media" / "a.txt").write_bytes(b"a")
    assert list(bk.storage_names()) == ["a.txt", "cases/2026/b.pdf"]
    settings.MEDIA_ROOT = tmp_path / "never-made"
    assert list(bk.storage_names()) == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_sqlite_backup_while_reports_arrive_is_consistent(tmp_path, settings):
    """The online backup copies one consistent state while another connection writes."""
    import sqlite3
    import threading

    from django.db import connection

    from aduan.intake.models import Inbound

    if connection.vendor != "sqlite":
        pytest.skip("SQLite's online backup (PostgreSQL: tests/system/backup)")
    settings.MEDIA_ROOT = tmp_path / "media"
    stop = threading.Event()
    written = []

    def write():
        from django.db import connection as own

        try:
            while not stop.is_set():
                Inbound.objects.create(channel="sms", external_id=f"m{len(written)}")
                written.append(1)
        finally:
            own.close()

    writer = threading.Thread(target=write)
    writer.start()
    try:
        while len(written) < 20:
            stop.wait(0.01)
        summary = bk.backup(tmp_path / "live.tar", say=lambda line: None)
    finally:
        stop.set()
        writer.join(30)
    with tarfile.open(summary.path) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        tar.extract("database.sqlite3", tmp_path, filter="data")
    copy = sqlite3.connect(tmp_path / "database.sqlite3")
    in_copy = copy.execute("SELECT COUNT(*) FROM intake_inbound").fetchone()[0]
    copy.close()
    assert 20 <= in_copy == manifest["tables"]["intake_inbound"] <= len(written)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_archive_is_readable_by_its_owner_only(tmp_path, settings):
    # It holds every reporter's identity; a umask of 022 would make it world-readable.
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite's online backup (PostgreSQL: tests/system/backup)")
    settings.MEDIA_ROOT = tmp_path / "media"
    summary = bk.backup(tmp_path / "private.tar", say=lambda line: None)
    assert summary.path.stat().st_mode & 0o777 == 0o600
