"""Fixtures of the intake tests: a fresh media folder and cache for each test (the portal keeps
files and counts failed attempts)."""

from __future__ import annotations

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cache.clear()
    yield
    cache.clear()
