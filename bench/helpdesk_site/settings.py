"""Settings of the peer project: django-helpdesk 2.6.1 as a stock installation would run it,
with one public queue, DEBUG off, and the same database engines and options as Aduan.

Read from the environment (``bench/intake.py`` sets them):

- ``DATABASE_URL``: ``postgres://USER@HOST:PORT/NAME`` or ``sqlite:////absolute/path`` (WAL,
  ``synchronous=FULL``, IMMEDIATE transactions: Aduan's own SQLite options);
- ``DB_CONN_MAX_AGE``: seconds a database connection is kept (Aduan's setting of that name);
- ``SECRET_KEY``, ``ALLOWED_HOSTS`` (comma-separated).

This module imports nothing from helpdesk, so it can be checked without helpdesk installed.
"""

from __future__ import annotations

import os
from urllib.parse import unquote, urlsplit

QUEUE_SLUG = "aduan-bench"


def database_from_url(url: str, conn_max_age: int = 0) -> dict:
    """The DATABASES entry for a ``postgres://`` or ``sqlite:///`` URL."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": unquote(url.removeprefix("sqlite:///")),  # sqlite:////abs/path
            "CONN_MAX_AGE": conn_max_age,
            "OPTIONS": {
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
                ),
                "transaction_mode": "IMMEDIATE",
                "timeout": 30,
            },
        }
    if parts.scheme in {"postgres", "postgresql"}:
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")),
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "CONN_MAX_AGE": conn_max_age,
        }
    raise ValueError(f"DATABASE_URL: unsupported scheme {parts.scheme!r}")


DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY") or "helpdesk-bench-not-secret"
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1").split(",") if h]
DATABASES = {
    "default": database_from_url(
        os.environ.get("DATABASE_URL", "sqlite:////tmp/aduan-bench-helpdesk.sqlite3"),
        int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "rest_framework",
    "helpdesk",
]
SITE_ID = 1
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "bench.helpdesk_site.urls"
WSGI_APPLICATION = "bench.helpdesk_site.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]
LANGUAGE_CODE = "en-us"
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
STATIC_URL = "/static/"
MEDIA_ROOT = os.environ.get("HELPDESK_MEDIA_ROOT", "/tmp/aduan-bench-helpdesk-media")
LOGIN_URL = "helpdesk:login"
LOGIN_REDIRECT_URL = "helpdesk:home"

# Mail is rendered (helpdesk renders the submitter's acknowledgement in the request) but not
# sent: no SMTP round trip is charged to the peer.
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
DEFAULT_FROM_EMAIL = "helpdesk@localhost"

# helpdesk: no pinax-teams, anonymous citizens may submit to the public queue.
HELPDESK_TEAMS_MODE_ENABLED = False
HELPDESK_REDIRECT_TO_LOGIN_BY_DEFAULT = False
HELPDESK_ANON_ACCESS_RAISES_404 = False
HELPDESK_SUBMIT_A_TICKET_PUBLIC = True
HELPDESK_VIEW_A_TICKET_PUBLIC = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "ERROR"},
}
