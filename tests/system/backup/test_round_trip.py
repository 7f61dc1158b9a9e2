"""The backup round trip: an installation with cases and their files is backed up with
`aduan backup` and restored with `aduan restore` into an empty one, on SQLite with files on disk
and on PostgreSQL (with object storage when this Aduan has it and moto runs); every table's row
count and every file's SHA-256 must be equal. And the refusals: a non-empty installation without
--force, a damaged archive."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from tests.services import fresh_pg_database

HERE = Path(__file__).resolve().parent
SCRIPT = HERE / "installation.py"
ROOT = HERE.parents[2]


class Installation:
    """One Aduan installation: its environment (database, data folder, storage)."""

    def __init__(self, data_dir: Path, **environment: str) -> None:
        data_dir.mkdir(parents=True, exist_ok=True)
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("AWS_", "DJANGO_", "ADUAN_", "PYTEST_"))
            and key not in {"DATABASE_URL", "MEDIA_ROOT", "REDIS_URL", "TASKS_BACKEND"}
        }
        env.update(
            SECRET_KEY="backup-round-trip-secret-key-0123456789",
            ALLOWED_HOSTS="localhost",
            DEBUG="0",
            ADUAN_DATA_DIR=str(data_dir),
            PYTHONPATH=str(ROOT),
        )
        env.update(environment)
        self.env = env
        self.data_dir = data_dir

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [sys.executable, "-m", "aduan", *args],
            env=self.env,
            cwd=self.data_dir,
            capture_output=True,
            text=True,
            timeout=240,
            check=False,
        )
        if check and result.returncode != 0:
            pytest.fail(f"aduan {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result

    def script(self, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, str(SCRIPT), *args],
            env=self.env,
            cwd=self.data_dir,
            capture_output=True,
            text=True,
            timeout=240,
            check=False,
        )
        if result.returncode != 0:
            pytest.fail(f"installation.py {args} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def inspect(self) -> dict:
        return json.loads(self.script("inspect"))


def build(installation: Installation, archive: Path, cases: int = 3) -> dict:
    """Migrate, add cases with files, back up; the installation's contents."""
    installation.run("migrate", "--no-input", "-v", "0")
    installation.script("make", str(cases))
    result = installation.run("backup", "--output", str(archive))
    assert "Backup written to" in result.stdout
    contents = installation.inspect()
    assert contents["tables"]["cases_case"] == cases
    assert len(contents["files"]) == 2 * cases
    return contents


def assert_restored(target: Installation, archive: Path, expected: dict, *args: str) -> None:
    result = target.run("restore", str(archive), *args)
    assert "Restored and verified" in result.stdout, result.stdout
    assert "0 differ" in result.stdout
    restored = target.inspect()
    assert restored["tables"] == expected["tables"]
    assert restored["files"] == expected["files"]


# One SQLite source serves the round trip and the refusals: migrating it is most of the time, so
# it is built once (one test, in steps), whatever the number of xdist workers.
def test_sqlite_round_trip_and_refusals(tmp_path):
    source = Installation(tmp_path / "source")
    archive = tmp_path / "aduan.tar"
    contents = build(source, archive)

    # The archive: the database, every stored file, and the manifest that lists them.
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["engine"] == "sqlite"
    assert manifest["tables"]["cases_case"] == 3
    assert {m["name"] for m in manifest["members"]} == {"database.sqlite3"} | {
        f"files/{name}" for name in contents["files"]
    }

    # Into an empty installation: every row and every file comes back.
    target = Installation(tmp_path / "target")
    assert_restored(target, archive, contents)

    # A non-empty installation is refused without --force, and left as it was.
    refused = source.run("restore", str(archive), check=False)
    assert refused.returncode != 0
    assert "This installation is not empty" in refused.stderr and "--force" in refused.stderr
    assert source.inspect() == contents

    # --force replaces what is there: a stray file goes, the rows are the backup's again.
    stray = tmp_path / "target" / "media" / "stray.txt"
    stray.write_text("not in the backup")
    assert_restored(target, archive, contents, "--force")
    assert not stray.exists()

    # A damaged archive (one byte of one file) is refused before anything is written.
    damaged = tmp_path / "damaged.tar"
    data = bytearray(archive.read_bytes())
    with tarfile.open(archive) as tar:
        member = next(m for m in tar.getmembers() if m.name.startswith("files/"))
    data[member.offset_data] ^= 0xFF  # the tar itself stays readable
    damaged.write_bytes(bytes(data))
    empty = Installation(tmp_path / "empty")
    result = empty.run("restore", str(damaged), check=False)
    assert result.returncode != 0
    assert f"{member.name} does not match its checksum" in result.stderr
    assert "Nothing was restored" in result.stderr
    assert empty.inspect()["tables"] == {} and empty.inspect()["files"] == {}


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    junk = tmp_path / "junk.tar"
    junk.write_bytes(b"not a tar at all" * 100)
    result = Installation(tmp_path / "target").run("restore", str(junk), check=False)
    assert result.returncode != 0
    assert "not an Aduan backup" in result.stderr


@pytest.fixture
def second_pg_database():
    with fresh_pg_database("aduan_sys_ops") as url:
        yield url


def _object_storage(request, probe: Installation) -> tuple[dict, dict] | None:
    """Two buckets' environments when moto runs and this Aduan selects S3 from them."""
    try:
        s3 = request.getfixturevalue("s3_server")
    except pytest.skip.Exception as skipped:
        print(f"!! object storage not tested: {skipped}")
        return None
    source_env, target_env = s3.environment(s3.new_bucket()), s3.environment(s3.new_bucket())
    probe.env.update(source_env)
    kind = probe.run(
        "shell",
        "-c",
        "from django.core.files.storage import default_storage as s; print(s.__class__.__name__)",
    ).stdout.strip()
    if "S3" not in kind:
        print(f"!! object storage not tested: AWS_STORAGE_BUCKET_NAME gives {kind}")
        return None
    return source_env, target_env


def test_postgresql_round_trip(request, pg_database, second_pg_database, tmp_path):
    source = Installation(tmp_path / "source", DATABASE_URL=pg_database)
    target = Installation(tmp_path / "target", DATABASE_URL=second_pg_database)
    buckets = _object_storage(request, source)
    if buckets:
        target.env.update(buckets[1])
    archive = tmp_path / "aduan.tar"
    contents = build(source, archive)
    if buckets:
        assert "S3" in contents["storage"]
        print(f"object storage: {contents['storage']}, {len(contents['files'])} files")
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["engine"] == "postgresql"
    assert manifest["database"]["member"] == "database.pgdump"
    assert_restored(target, archive, contents)
    # The restored database is whole: its audit chains verify.
    assert target.run("audit", "verify").returncode == 0
