"""Test settings: the real settings module, read from an environment with test defaults.

The suite exercises the same settings code as production; only the password hasher (speed),
the static-files storage (no collectstatic before tests) and the cache (in memory) differ.
``DATABASE_URL`` passes through, so ``scripts/run-tests`` runs the suite on PostgreSQL too.
"""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-0123456789-abcdefghijklmnop")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
os.environ.setdefault("DEBUG", "0")
# The suite signs in with client.force_login; the second factor's own tests turn it on.
os.environ.setdefault("ADUAN_MFA_REQUIRED", "0")
# A connection per request, as before decision 0020: the live server's threads would otherwise
# keep theirs open past the test, and PostgreSQL would refuse to drop the test database.
os.environ.setdefault("DB_CONN_MAX_AGE", "0")
# Metrics on, so django-prometheus's middleware and engine wrappers run under every test (they
# are installed only when /metrics can be read; tests/operations/test_metrics.py).
# Triage after receipt costs tens of milliseconds a case, and the suite receives thousands of
# cases: it runs only in the tests that need it (tests/triage/conftest.py turns it on).
os.environ.setdefault("ADUAN_TRIAGE_ON_RECEIPT", "0")
os.environ.setdefault("ADUAN_METRICS_TOKEN", "metrics-token-0123456789abcdef")

from aduan.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
WHITENOISE_AUTOREFRESH = True  # serve from the apps' static folders; no collectstatic in tests
WHITENOISE_USE_FINDERS = True
# The cache in memory: each test starts with it empty (tests/conftest.py) without a database
# (production's database cache is made by migrate and checked in tests/stats/test_public.py).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# SQLite: a file database (not the shared in-memory one), so tests of concurrent writers see the
# same WAL and IMMEDIATE-transaction behaviour as production.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    import tempfile as _tempfile

    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(_tempfile.gettempdir()) / f"aduan-test-{os.getpid()}.sqlite3")  # noqa: F405
    }
else:
    # A name of this run's own, so two runs on one server (a developer's and CI's) never collide.
    DATABASES["default"]["TEST"] = {"NAME": f"test_aduan_{os.getpid()}"}  # noqa: F405
