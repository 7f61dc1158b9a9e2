"""``aduan backup`` and ``aduan restore``: one archive with the database and every stored file.

The archive is a plain tar (the database dump is compressed already, most files too):

- ``database.pgdump`` (PostgreSQL: ``pg_dump --format=custom``) or ``database.sqlite3`` (SQLite:
  a copy made by SQLite's online backup API, safe while Aduan runs);
- ``files/<name>`` for each file of the default storage, read through Django's storage API
  (``listdir``/``open``), so local disk and object storage are backed up the same way;
- ``manifest.json`` (last): format version, Aduan's version, engine, the migrations applied,
  the number of rows of every table, and the size and SHA-256 of every member.

On PostgreSQL the row counts and ``pg_dump`` read one snapshot (``pg_export_snapshot``), so they
agree while people work; on SQLite they are counted in the copy. Files are read after the
database, so every document the database names is in the archive (a file uploaded during the
backup may be too, unreferenced, which is harmless).

``restore`` checks the manifest and every checksum before it touches anything, refuses an
installation that has tables or files unless ``force``, restores the database (``pg_restore``
into DATABASE_URL, or SQLite's backup API into the SQLite file) and the files (through the
storage API), then counts and hashes again and reports the comparison. docs/deployment.md.
"""

from __future__ import annotations

import datetime as dt
import glob
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.loader import MigrationLoader

FORMAT = 1
MANIFEST = "manifest.json"
FILES_PREFIX = "files/"
CHUNK = 1024 * 1024

Say = Callable[[str], None]


class BackupError(Exception):
    """Something stops a backup or restore; the message says what to do next."""


# --- helpers ------------------------------------------------------------------------------
def aduan_version() -> str:
    try:
        return metadata.version("aduan")
    except metadata.PackageNotFoundError:  # pragma: no cover - a checkout without install
        return "unknown"


def engine() -> str:
    """``postgresql`` or ``sqlite`` (Django's vendor name, shortened)."""
    return "sqlite" if connection.vendor == "sqlite" else connection.vendor


def _sha256_stream(stream: IO[bytes]) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def storage_names(storage: Any = None, path: str = "") -> Iterator[str]:
    """Every file name in the storage, depth first, in a stable order."""
    storage = storage or default_storage
    try:
        dirs, files = storage.listdir(path)
    except FileNotFoundError:  # a local MEDIA_ROOT not made yet: no files
        return
    for name in sorted(files):
        yield f"{path}/{name}" if path else name
    for name in sorted(dirs):
        yield from storage_names(storage, f"{path}/{name}" if path else name)


def table_counts(cursor: Any = None) -> dict[str, int]:
    """Rows in every table of the database (one COUNT each)."""
    own = cursor is None
    cursor = cursor or connection.cursor()
    try:
        names = sorted(connection.introspection.table_names(cursor))
        counts = {}
        for name in names:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(name)}")  # noqa: S608
            counts[name] = cursor.fetchone()[0]
        return counts
    finally:
        if own:
            cursor.close()


def _applied_migrations(cursor: Any) -> list[list[str]]:
    if "django_migrations" not in connection.introspection.table_names(cursor):
        return []
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    return [[app, name] for app, name in cursor.fetchall()]


# --- PostgreSQL tools ---------------------------------------------------------------------
_VERSION = re.compile(r"\(PostgreSQL\)\s+(\d+)")


def _tool_major(path: str) -> int | None:
    try:
        out = subprocess.run(  # noqa: S603 - a path we found ourselves
            [path, "--version"], capture_output=True, text=True, timeout=30, check=False
        ).stdout
    except OSError:
        return None
    match = _VERSION.search(out)
    return int(match.group(1)) if match else None


def find_pg_tool(name: str, at_least: int) -> tuple[str, int]:
    """(path, major version) of ``pg_dump`` or ``pg_restore`` of at least that major version:
    ADUAN_PG_BIN first, then PATH, then /usr/lib/postgresql/*/bin (Debian's side-by-side
    versions); the lowest version that is new enough wins."""
    candidates: list[str] = []
    if settings.ADUAN_PG_BIN:
        candidates.append(str(Path(settings.ADUAN_PG_BIN) / name))
    on_path = shutil.which(name)
    if on_path:
        candidates.append(on_path)
    candidates += sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    found = [(path, _tool_major(path)) for path in dict.fromkeys(candidates)]
    found = [(path, major) for path, major in found if major is not None]
    usable = sorted((major, path) for path, major in found if major >= at_least)
    if usable:
        major, path = usable[0]
        return path, major
    if not found:
        raise BackupError(
            f"{name} is not installed (looked in ADUAN_PG_BIN, PATH and "
            f"/usr/lib/postgresql/*/bin). Install PostgreSQL's client tools of version "
            f"{at_least} or newer (Debian: apt-get install postgresql-client-{at_least}), or set "
            "ADUAN_PG_BIN to the folder that holds them."
        )
    versions = ", ".join(f"{path} ({major})" for path, major in found)
    raise BackupError(
        f"{name} must be of PostgreSQL {at_least} or newer, and only these were found: "
        f"{versions}. Install postgresql-client-{at_least} (or newer), or set ADUAN_PG_BIN to the "
        "folder of a newer one."
    )


def _pg_environment() -> dict[str, str]:
    """libpq's variables for the default database (the password never goes on a command line)."""
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    for key, variable in [
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ]:
        if db.get(key):
            env[variable] = str(db[key])
    options = db.get("OPTIONS") or {}
    for key, variable in [
        ("sslmode", "PGSSLMODE"),
        ("sslrootcert", "PGSSLROOTCERT"),
        ("sslcert", "PGSSLCERT"),
        ("sslkey", "PGSSLKEY"),
    ]:
        if options.get(key):
            env[variable] = str(options[key])
    return env


def _run(args: list[str], what: str) -> None:
    result = subprocess.run(  # noqa: S603 - arguments we built, no shell
        args, env=_pg_environment(), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip()[-2000:]
        raise BackupError(f"{what} failed (exit {result.returncode}):\n{detail}")


# --- backup -------------------------------------------------------------------------------
@dataclass
class Summary:
    path: Path
    engine: str
    tables: dict[str, int]
    files: int
    file_bytes: int
    size: int


def _add_file(tar: tarfile.TarFile, name: str, path: Path) -> dict[str, Any]:
    with open(path, "rb") as fh:
        sha, size = _sha256_stream(fh)
    tar.add(str(path), arcname=name, recursive=False)
    return {"name": name, "size": size, "sha256": sha}


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(dt.datetime.now(dt.UTC).timestamp())
    info.mode = 0o600
    tar.addfile(info, io.BytesIO(data))


def _dump_postgresql(target: Path, say: Say) -> tuple[dict[str, int], list[list[str]], dict]:
    server_major = connection.pg_version // 10000
    pg_dump, major = find_pg_tool("pg_dump", server_major)
    say(f"Dumping the PostgreSQL {server_major} database with {pg_dump} ({major})")
    with connection.cursor() as cursor:
        cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        try:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = table_counts(cursor)
            migrations = _applied_migrations(cursor)
            _run(
                [
                    pg_dump,
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot}",
                    f"--file={target}",
                ],
                "pg_dump",
            )
        finally:
            cursor.execute("ROLLBACK")
    return counts, migrations, {"server_version": server_major, "pg_dump_version": major}


def _copy_sqlite(target: Path, say: Say) -> tuple[dict[str, int], list[list[str]], dict]:
    say(f"Copying the SQLite database {settings.DATABASES['default']['NAME']}")
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)  # one step: a consistent copy, even under writes
    finally:
        copy.close()
    # Count in the copy: exactly what the archive holds.
    copy = sqlite3.connect(target)
    try:
        cursor = copy.cursor()
        names = sorted(
            row[0]
            for row in cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        )
        counts = {
            name: cursor.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0]  # noqa: S608
            for name in names
        }
        migrations = (
            [list(row) for row in cursor.execute("SELECT app, name FROM django_migrations")]
            if "django_migrations" in counts
            else []
        )
    finally:
        copy.close()
    with connection.cursor() as cursor:  # the tables Django's introspection sees (same set)
        visible = set(connection.introspection.table_names(cursor))
    counts = {name: n for name, n in counts.items() if name in visible}
    return counts, sorted(migrations), {"sqlite_version": sqlite3.sqlite_version}


def backup(output: Path, *, say: Say = print) -> Summary:
    """Write the archive to ``output`` (through ``output.part``, renamed when complete)."""
    output = Path(output)
    if output.exists():
        raise BackupError(f"{output} exists already. Name another file, or move that one away.")
    if not output.parent.is_dir():
        raise BackupError(f"The folder {output.parent} does not exist. Create it first.")
    kind = engine()
    if kind not in {"postgresql", "sqlite"}:
        raise BackupError(f"Backups of a {connection.vendor} database are not supported.")
    partial = output.with_name(output.name + ".part")
    members: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="aduan-backup-", dir=output.parent) as work:
        dump = Path(work) / ("database.pgdump" if kind == "postgresql" else "database.sqlite3")
        if kind == "postgresql":
            counts, migrations, db_info = _dump_postgresql(dump, say)
        else:
            counts, migrations, db_info = _copy_sqlite(dump, say)
        say(f"  {len(counts)} tables, {sum(counts.values()):,} rows, {dump.stat().st_size:,} bytes")
        # The archive holds every reporter's identity: readable by its owner only.
        partial.touch(mode=0o600)
        partial.chmod(0o600)
        with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as tar:
            members.append(_add_file(tar, dump.name, dump))
            dump.unlink()
            say("Copying the stored files")
            files, total = _add_storage_files(tar, Path(work), members, say)
            manifest = {
                "format": FORMAT,
                "aduan_version": aduan_version(),
                "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "engine": kind,
                "database": {"member": dump.name, **db_info},
                "storage": _storage_label(),
                "migrations": migrations,
                "tables": counts,
                "members": members,
            }
            _add_bytes(tar, MANIFEST, json.dumps(manifest, indent=1).encode())
    os.replace(partial, output)
    return Summary(output, kind, counts, files, total, output.stat().st_size)


def _storage_label() -> str:
    cls = default_storage.__class__  # the configured class, not the lazy wrapper
    return f"{cls.__module__}.{cls.__qualname__}"


def _add_storage_files(
    tar: tarfile.TarFile, work: Path, members: list[dict[str, Any]], say: Say
) -> tuple[int, int]:
    count = total = 0
    spool = work / "file"
    for name in storage_names():
        # Through a local copy: the size in the tar header and the checksum are of the same bytes.
        with default_storage.open(name, "rb") as source, open(spool, "wb") as out:
            shutil.copyfileobj(source, out, CHUNK)
        members.append(_add_file(tar, FILES_PREFIX + name, spool))
        count += 1
        total += members[-1]["size"]
        if count % 200 == 0:
            say(f"  {count:,} files, {total:,} bytes")
    spool.unlink(missing_ok=True)
    say(f"  {count:,} files, {total:,} bytes")
    return count, total


# --- restore ------------------------------------------------------------------------------
@dataclass
class Verification:
    tables: dict[str, tuple[int, int]] = field(default_factory=dict)  # name: (expected, found)
    files_ok: int = 0
    file_problems: list[str] = field(default_factory=list)

    @property
    def table_problems(self) -> list[str]:
        return [
            f"{name}: {expected} rows in the backup, {found} restored"
            for name, (expected, found) in self.tables.items()
            if expected != found
        ]

    @property
    def ok(self) -> bool:
        return not self.table_problems and not self.file_problems


def read_manifest(tar: tarfile.TarFile, path: Path) -> dict[str, Any]:
    try:
        member = tar.extractfile(MANIFEST)
    except KeyError:
        member = None
    if member is None:
        raise BackupError(f"{path} has no {MANIFEST}: it is not an Aduan backup (or is cut short).")
    try:
        manifest = json.load(member)
    except ValueError as exc:
        raise BackupError(f"{path}: {MANIFEST} cannot be read ({exc}).") from exc
    if not isinstance(manifest, dict) or "format" not in manifest:
        raise BackupError(f"{path}: {MANIFEST} is not an Aduan backup manifest.")
    if manifest["format"] > FORMAT:
        raise BackupError(
            f"{path} is of backup format {manifest['format']}, made by Aduan "
            f"{manifest.get('aduan_version')}; this Aduan ({aduan_version()}) reads format "
            f"{FORMAT}. Restore with that version of Aduan or a newer one."
        )
    return manifest


def open_archive(path: Path) -> tarfile.TarFile:
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path} does not exist (or is not a file).")
    try:
        return tarfile.open(path, "r:")
    except tarfile.TarError as exc:
        raise BackupError(f"{path} is not a tar archive ({exc}): not an Aduan backup.") from exc


def check_archive(tar: tarfile.TarFile, manifest: dict[str, Any], path: Path, say: Say) -> None:
    """Every member the manifest lists is there, with its size and SHA-256."""
    members = manifest["members"]
    total = sum(m["size"] for m in members)
    say(f"Checking the archive: {len(members):,} members, {total:,} bytes")
    done = 0
    for index, expected in enumerate(members, 1):
        name = expected["name"]
        if name.startswith("/") or ".." in Path(name).parts:
            raise BackupError(f"{path}: the member name {name!r} is not allowed.")
        try:
            stream = tar.extractfile(name)
        except KeyError:
            stream = None
        if stream is None:
            raise BackupError(
                f"{path} lacks {name}, which its manifest lists: the archive is damaged. "
                "Use another backup."
            )
        sha, size = _sha256_stream(stream)
        if sha != expected["sha256"] or size != expected["size"]:
            raise BackupError(
                f"{path}: {name} does not match its checksum in the manifest (SHA-256 {sha[:12]}… "
                f"instead of {expected['sha256'][:12]}…): the archive is damaged. Nothing was "
                "restored. Use another backup (or another copy of this one)."
            )
        done += size
        if index % 500 == 0:
            say(f"  {index:,} members, {done:,} bytes checked")
    say("  every checksum matches")


def check_migrations(manifest: dict[str, Any]) -> None:
    """The backup's migrations are all known to this Aduan (else it is older than the backup)."""
    loader = MigrationLoader(None, ignore_no_migrations=True, load=True)
    known = set(loader.disk_migrations)
    unknown = [f"{app}.{name}" for app, name in manifest["migrations"] if (app, name) not in known]
    if unknown:
        raise BackupError(
            f"The backup was made by Aduan {manifest.get('aduan_version')}, whose database has "
            f"{len(unknown)} migrations this Aduan ({aduan_version()}) does not know (e.g. "
            f"{unknown[0]}). Install that version of Aduan or a newer one, then restore again."
        )


def installation_contents() -> tuple[list[str], int]:
    """(tables in the database, number of stored files, counted up to 1)."""
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))
    try:
        files = next(iter(storage_names()), None)
    except Exception as exc:  # a bucket that is missing or refuses the keys
        raise BackupError(
            f"The storage ({_storage_label()}) cannot be listed: {exc}. Check the AWS_* settings "
            "(or MEDIA_ROOT) and that the bucket exists."
        ) from exc
    return tables, 0 if files is None else 1


def restore(path: Path, *, force: bool = False, say: Say = print) -> Verification:
    path = Path(path)
    with open_archive(path) as tar:
        manifest = read_manifest(tar, path)
        kind = engine()
        if manifest["engine"] != kind:
            raise BackupError(
                f"The backup is of a {manifest['engine']} database and this installation uses "
                f"{kind} (DATABASE_URL). Restore into a {manifest['engine']} database; to move "
                "between engines, restore first, then use `aduan dumpdata` and `aduan loaddata`."
            )
        say(
            f"Backup of Aduan {manifest['aduan_version']} ({manifest['engine']}), made "
            f"{manifest['created_at']}: {len(manifest['tables'])} tables, "
            f"{sum(manifest['tables'].values()):,} rows, "
            f"{sum(1 for m in manifest['members'] if m['name'].startswith(FILES_PREFIX)):,} files"
        )
        check_migrations(manifest)
        tables, files = installation_contents()
        if (tables or files) and not force:
            what = []
            if tables:
                what.append(f"its database has {len(tables)} tables")
            if files:
                what.append("its storage holds files")
            raise BackupError(
                f"This installation is not empty: {' and '.join(what)}. Nothing was restored. "
                "Restore into an empty database and storage (a new DATABASE_URL, bucket or "
                "MEDIA_ROOT), or pass --force to replace everything in this one."
            )
        check_archive(tar, manifest, path, say)
        if force and (tables or files):
            say("--force: removing what this installation holds")
        database_member = manifest["database"]["member"]
        with tempfile.TemporaryDirectory(prefix="aduan-restore-") as work:
            dump = Path(work) / database_member
            with tar.extractfile(database_member) as source, open(dump, "wb") as out:
                shutil.copyfileobj(source, out, CHUNK)
            if kind == "postgresql":
                _restore_postgresql(dump, manifest, clear=force and bool(tables), say=say)
            else:
                _restore_sqlite(dump, say)
        _restore_files(tar, manifest, clear=force, say=say)
    return verify(manifest, say)


def _restore_postgresql(dump: Path, manifest: dict[str, Any], *, clear: bool, say: Say) -> None:
    pg_restore, major = find_pg_tool("pg_restore", manifest["database"].get("pg_dump_version") or 0)
    if clear:
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")
    say(f"Restoring the database with {pg_restore} ({major})")
    _run(
        [
            pg_restore,
            "--no-owner",
            "--no-privileges",
            "--no-comments",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={settings.DATABASES['default']['NAME']}",
            str(dump),
        ],
        "pg_restore",
    )
    connection.close()


def _restore_sqlite(dump: Path, say: Say) -> None:
    say(f"Restoring the database into {settings.DATABASES['default']['NAME']}")
    connection.ensure_connection()
    source = sqlite3.connect(dump)
    try:
        source.backup(connection.connection)  # replaces every page, WAL included
    finally:
        source.close()
    connection.close()


def _restore_files(
    tar: tarfile.TarFile, manifest: dict[str, Any], *, clear: bool, say: Say
) -> None:
    if clear:
        removed = 0
        for name in list(storage_names()):
            default_storage.delete(name)
            removed += 1
        if removed:
            say(f"  {removed:,} stored files removed")
    wanted = [m for m in manifest["members"] if m["name"].startswith(FILES_PREFIX)]
    say(f"Restoring {len(wanted):,} files into {_storage_label()}")
    for index, member in enumerate(wanted, 1):
        name = member["name"][len(FILES_PREFIX) :]
        with tar.extractfile(member["name"]) as source:
            saved = default_storage.save(name, File(source, name=name))
        if saved != name:
            raise BackupError(
                f"The storage saved {name} as {saved}: a file of that name was there already. "
                "Restore into an empty storage, or pass --force."
            )
        if index % 200 == 0:
            say(f"  {index:,} of {len(wanted):,} files")


def verify(manifest: dict[str, Any], say: Say = print) -> Verification:
    """Count every table and hash every file again; compare with the manifest."""
    say("Verifying")
    result = Verification()
    found = table_counts()
    for name in sorted(set(manifest["tables"]) | set(found)):
        result.tables[name] = (manifest["tables"].get(name, -1), found.get(name, -1))
    for member in manifest["members"]:
        if not member["name"].startswith(FILES_PREFIX):
            continue
        name = member["name"][len(FILES_PREFIX) :]
        try:
            with default_storage.open(name, "rb") as fh:
                sha, size = _sha256_stream(fh)
        except FileNotFoundError:
            result.file_problems.append(f"{name}: missing")
            continue
        if sha != member["sha256"] or size != member["size"]:
            result.file_problems.append(f"{name}: checksum differs")
        else:
            result.files_ok += 1
    return result
