"""Load the Kepmendagri region list from CSV: idempotent, in one transaction, in seconds."""

from __future__ import annotations

import csv
import gzip
import io
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from aduan.regions.models import Region

REQUIRED_COLUMNS = ("kode", "nama", "tingkat", "induk")
LEVEL_ORDER = [level.value for level in Region.Level]
BATCH = 2000


class RegionFileError(ValueError):
    """The file cannot be loaded; the message names the line and what to fix."""


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    per_level: Counter = field(default_factory=Counter)
    missing_from_file: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass(frozen=True)
class _Row:
    code: str
    name: str
    level: str
    parent: str | None


def _open(path: Path) -> io.TextIOBase:
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8-sig", newline="")
    return path.open(encoding="utf-8-sig", newline="")


def read_rows(path: Path) -> Iterator[_Row]:
    """Rows of the file, checked; raises RegionFileError on the first bad one."""
    try:
        handle = _open(path)
    except OSError as exc:
        raise RegionFileError(f"Cannot open {path}: {exc.strerror}.") from exc
    with handle:
        reader = csv.DictReader(handle)
        missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise RegionFileError(
                f"{path}: the header lacks the column(s) {', '.join(missing)}; "
                f"expected {', '.join(REQUIRED_COLUMNS)}."
            )
        seen: set[str] = set()
        for number, raw in enumerate(reader, start=2):
            code = (raw["kode"] or "").strip()
            name = (raw["nama"] or "").strip()
            level = (raw["tingkat"] or "").strip()
            parent = (raw["induk"] or "").strip() or None
            where = f"{path.name} line {number}"
            if not code or not name:
                raise RegionFileError(f"{where}: code and name are required.")
            if len(code) > 13 or not code.replace(".", "").isdigit():
                raise RegionFileError(f"{where}: {code!r} is not a dotted region code.")
            if level not in LEVEL_ORDER:
                raise RegionFileError(
                    f"{where}: level {level!r} is not one of {', '.join(LEVEL_ORDER)}."
                )
            expected_parent = code.rsplit(".", 1)[0] if "." in code else None
            if parent != expected_parent:
                raise RegionFileError(
                    f"{where}: the parent of {code} should be {expected_parent or '(none)'}, "
                    f"not {parent or '(none)'}."
                )
            if code in seen:
                raise RegionFileError(f"{where}: the code {code} appears twice.")
            seen.add(code)
            yield _Row(code, name, level, parent)


def load_regions(path: Path, *, progress: Callable[[str], None] | None = None) -> LoadResult:
    """Create new regions and update changed ones; regions absent from the file are kept."""
    say = progress or (lambda message: None)
    rows = list(read_rows(Path(path)))
    by_code = {row.code: row for row in rows}
    for row in rows:
        if (
            row.parent
            and row.parent not in by_code
            and not Region.objects.filter(code=row.parent).exists()
        ):
            raise RegionFileError(f"{row.code}: its parent {row.parent} is not in the file.")
    result = LoadResult()
    existing = {
        code: (name, level, parent)
        for code, name, level, parent in Region.objects.values_list(
            "code", "name", "level", "parent_id"
        )
    }
    result.missing_from_file = len(set(existing) - set(by_code))
    with transaction.atomic():
        for level in LEVEL_ORDER:
            level_rows = [row for row in rows if row.level == level]
            result.per_level[level] = len(level_rows)
            new, changed = [], []
            for row in level_rows:
                current = existing.get(row.code)
                if current is None:
                    new.append(Region(row.code, row.name, row.level, row.parent))
                elif current != (row.name, row.level, row.parent):
                    changed.append(Region(row.code, row.name, row.level, row.parent))
                else:
                    result.unchanged += 1
            Region.objects.bulk_create(new, batch_size=BATCH)
            Region.objects.bulk_update(changed, ["name", "level", "parent"], batch_size=BATCH)
            result.created += len(new)
            result.updated += len(changed)
            say(
                f"{Region.Level(level).label}: {len(level_rows)} in file, "
                f"{len(new)} new, {len(changed)} changed"
            )
        if result.created or result.updated:
            from aduan.intake.lookups import changed as lookups_changed

            lookups_changed()  # bulk writes send no signals: tell intake's place list here
    return result
