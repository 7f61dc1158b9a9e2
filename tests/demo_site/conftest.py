"""The demo, built once for the tests of this package (the demo's own checks, the crawl and the
form fuzz): a package-scoped fixture inside a transaction rolled back at the end; each test runs
in its own savepoint on top of it. Building it takes a good part of a minute on PostgreSQL, so it
is built once, not once per module."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import TestCase, override_settings
from django.utils import timezone

from aduan.demo.builder import build_demo
from aduan.directory.models import Office
from aduan.regions.models import Region

REGIONS = [
    ("19", "Kepulauan Bangka Belitung", "provinsi", None),
    ("19.01", "Kabupaten Bangka", "kabupaten_kota", "19"),
    ("19.01.01", "Sungailiat", "kecamatan", "19.01"),
    ("19.02", "Kabupaten Belitung", "kabupaten_kota", "19"),
    ("19.02.01", "Tanjungpandan", "kecamatan", "19.02"),
    ("19.04", "Kabupaten Bangka Tengah", "kabupaten_kota", "19"),
    ("19.71", "Kota Pangkal Pinang", "kabupaten_kota", "19"),
    ("19.71.02", "Taman Sari", "kecamatan", "19.71"),
]


def _regions() -> None:
    for code, name, level, parent in REGIONS:
        Region.objects.create(code=code, name=name, level=level, parent_id=parent)


DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo, built once with the default (database) task backend, as ``aduan demo`` runs
    it; the mail tasks it schedules after commit are enqueued too. Rolled back afterwards. Its
    files (letters, documents) go to a temporary folder kept for the package."""
    media = override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("demo-media")))
    with django_db_blocker.unblock(), media, transaction.atomic():
        _regions()
        started = timezone.now()
        with (
            override_settings(TASKS=DATABASE_TASKS),
            TestCase.captureOnCommitCallbacks(execute=True) as callbacks,
        ):
            result = build_demo()
        yield {
            "result": result,
            "started": started,
            "office": Office.objects.get(code="babel"),
            "callbacks": callbacks,
        }
        transaction.set_rollback(True)
