"""Django settings for Aduan. Every value comes from the environment (see ``aduan.env``).

The embedded default needs nothing: SQLite in ``var/aduan.sqlite3`` beside the checkout.
Production sets at least ``SECRET_KEY`` (or ``SECRET_KEY_FILE``), ``ALLOWED_HOSTS`` and
``DATABASE_URL``. README.md lists every setting.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url

from aduan.env import SettingError, env_bool, env_choice, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent
_checkout = PACKAGE_DIR.parent.parent
# In a source checkout (src layout) the data directory is ./var beside pyproject.toml;
# an installed package uses ./var in the working directory unless ADUAN_DATA_DIR says otherwise.
_default_data_dir = (
    _checkout / "var" if (_checkout / "pyproject.toml").exists() else Path.cwd() / "var"
)
DATA_DIR = Path(env_str("ADUAN_DATA_DIR") or _default_data_dir).resolve()

DEBUG = env_bool("DEBUG", False)

_DEV_SECRET_KEY = "aduan-development-only-key-never-use-in-production"  # noqa: S105
# Commands that sign nothing may run without a key (e.g. a migrations check in a hook or CI).
KEYLESS_COMMANDS = {
    "makemigrations",
    "check",
    "help",
    "showmigrations",
    "makemessages",
    "compilemessages",
    "version",
}
SECRET_KEY = env_str("SECRET_KEY") or ""
OFFLINE_COMMAND = os.environ.get("ADUAN_CLI_COMMAND") in KEYLESS_COMMANDS
if not SECRET_KEY and OFFLINE_COMMAND:
    SECRET_KEY = secrets.token_urlsafe(50)
if not SECRET_KEY:
    if not DEBUG:
        raise SettingError(
            "SECRET_KEY",
            "is not set, and DEBUG is off.",
            "Set SECRET_KEY (or SECRET_KEY_FILE) to a long random string, "
            'e.g. python -c "import secrets; print(secrets.token_urlsafe(50))"; '
            "for local development set DEBUG=1 instead.",
        )
    SECRET_KEY = _DEV_SECRET_KEY
elif len(SECRET_KEY) < 32 and not DEBUG:
    raise SettingError(
        "SECRET_KEY", f"is only {len(SECRET_KEY)} characters long.", "Use at least 32."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS and not OFFLINE_COMMAND:
    raise SettingError(
        "ALLOWED_HOSTS",
        "is empty, and DEBUG is off.",
        "List the host names the site is served under, comma-separated.",
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000") or ""

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    "treebeard",
    "django_htmx",
    "aduan.core",
    "aduan.regions",
    "aduan.reference",
    "aduan.directory",
    "aduan.deadlines",
    "aduan.cases",
    "aduan.api",
    "aduan.messaging",
    "aduan.intake",
    "aduan.backoffice",
    "aduan.letters",
    "aduan.demo",
    "aduan.search",
    "aduan.referrals",
    "aduan.sp4n",
    "aduan.liaison",
    "aduan.stats",
    "aduan.compliance",
    "aduan.prevention",
    "aduan.plans",
    "aduan.assignments",
    "aduan.privacy",
    "aduan.guide",
    "aduan.triage",
]
# --- Sign-in: throttling (django-axes) and second factor (django-otp) ---------------------
INSTALLED_APPS += [
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "aduan.core.middleware.OfficeTimezoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
# --- Sign-in middleware: the verified second factor on request.user (after authentication),
# the session's age limit and the second-factor gate of /kantor/, /admin/, /instansi/ (after
# messages), and axes's lock-out page (last, as axes asks).
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "django_otp.middleware.OTPMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware") + 1,
    "aduan.backoffice.signin.SecondFactorMiddleware",
)
MIDDLEWARE.append("axes.middleware.AxesMiddleware")

ROOT_URLCONF = "aduan.urls"
WSGI_APPLICATION = "aduan.wsgi.application"
ASGI_APPLICATION = "aduan.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "aduan.core.context_processors.site",
                "aduan.core.context_processors.guide",
            ],
        },
    },
]


# --- Database -----------------------------------------------------------------------------
# Each web process keeps its database connection for a minute instead of opening one per
# request (on PostgreSQL a new connection cost about 40% of taking a report), and checks it
# before reusing it after a request, so a restarted database costs one failed check, not a
# failed request (decision 0020). 0: a new connection per request (behind pgbouncer in
# transaction mode, say).
_CONN_MAX_AGE = env_int("DB_CONN_MAX_AGE", 60, minimum=0)
_CONN_HEALTH_CHECKS = env_bool("DB_CONN_HEALTH_CHECKS", True)


def _database_from_url(url: str) -> dict:
    scheme = urlsplit(url).scheme
    if scheme not in {"postgres", "postgresql", "pgsql", "sqlite"}:
        raise SettingError(
            "DATABASE_URL",
            f"the scheme {scheme or '(none)'!r} is not supported.",
            "Use postgres://USER:PASSWORD@HOST:PORT/NAME, or leave DATABASE_URL unset "
            "for the embedded SQLite database.",
        )
    try:
        config = dj_database_url.parse(
            url, conn_max_age=_CONN_MAX_AGE, conn_health_checks=_CONN_HEALTH_CHECKS
        )
    except ValueError as exc:
        raise SettingError("DATABASE_URL", f"cannot be read: {exc}") from exc
    if config["ENGINE"].endswith("sqlite3"):
        config["OPTIONS"] = dict(SQLITE_OPTIONS)
    elif not config.get("NAME"):
        raise SettingError("DATABASE_URL", "names no database.", "End it with /DATABASE_NAME.")
    return config


# WAL lets readers go on while one writer writes; IMMEDIATE makes a write transaction take
# the write lock at BEGIN, so a concurrent writer waits (up to the busy timeout) instead of
# failing with "database is locked" half-way through. synchronous=FULL syncs the WAL at every
# commit, so a report acknowledged to its sender survives a power cut, not only a crash of
# Aduan (SQLITE_SYNCHRONOUS=NORMAL trades that for speed).
_SQLITE_SYNC = env_choice("SQLITE_SYNCHRONOUS", "FULL", ["FULL", "EXTRA", "NORMAL"])
SQLITE_OPTIONS = {
    "init_command": (
        f"PRAGMA journal_mode=WAL; PRAGMA synchronous={_SQLITE_SYNC.upper()}; "
        "PRAGMA foreign_keys=ON;"
    ),
    "transaction_mode": "IMMEDIATE",
    "timeout": env_int("SQLITE_BUSY_TIMEOUT", 30, minimum=1),
}

_database_url = env_str("DATABASE_URL")
if _database_url:
    DATABASES = {"default": _database_from_url(_database_url)}
else:
    try:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SettingError(
            "ADUAN_DATA_DIR",
            f"the data directory {DATA_DIR} cannot be created ({exc.strerror}).",
            "Point ADUAN_DATA_DIR at a writable directory, or set DATABASE_URL.",
        ) from exc
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "aduan.sqlite3",
            "OPTIONS": dict(SQLITE_OPTIONS),
            "CONN_MAX_AGE": _CONN_MAX_AGE,
            "CONN_HEALTH_CHECKS": _CONN_HEALTH_CHECKS,
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


# One cache shared by every web process and worker: the public statistics' tables (computed by
# the worker, read by the pages), the rate limits (portal tracking, API tokens, intake) and, with
# Redis, sign-in throttling and sessions. Without REDIS_URL it lives in the database (no extra
# server; its table is made by `aduan migrate`, aduan.stats.apps). With REDIS_URL (Redis or
# Valkey: redis://, rediss:// or unix://) it lives there, so several hosts share every limit
# without writing the database on the hot path.
# docs/decisions/0022-object-storage-and-shared-cache.md
def shared_cache(environ: Mapping[str, str] | None = None) -> dict | None:
    """CACHES["default"] in the Redis (or Valkey) named by REDIS_URL in ``environ`` (the
    process's environment by default), or None when it names none. The tests switch to Redis
    through it, so they check the production settings."""
    url = env_str("REDIS_URL", "", environ=environ) or ""
    if not url:
        return None
    scheme = urlsplit(url).scheme
    if scheme not in {"redis", "rediss", "unix"}:
        raise SettingError(
            "REDIS_URL",
            f"the scheme {scheme or '(none)'!r} is not supported.",
            "Use redis://[:PASSWORD@]HOST:PORT/DB (rediss:// for TLS, unix:///path/to/socket), "
            "or leave REDIS_URL unset for the database cache.",
        )
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": url,
        # Several installations (or test runs) may share one Redis: each its own prefix.
        "KEY_PREFIX": env_str("ADUAN_CACHE_PREFIX", "aduan", environ=environ) or "aduan",
        "OPTIONS": {"socket_timeout": 5, "socket_connect_timeout": 5},
    }


REDIS_URL = env_str("REDIS_URL", "") or ""
CACHES = {
    "default": shared_cache()
    or {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "aduan_cache"}
}

# --- Accounts -----------------------------------------------------------------------------
AUTH_USER_MODEL = "directory.User"
LOGIN_URL = "backoffice:login"
LOGIN_REDIRECT_URL = "backoffice:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Sign-in: throttling, second factor, sessions (docs/decisions/0012-sign-in.md) ---------
# Axes checks every password sign-in (/kantor/masuk/, /instansi/masuk/, /admin/login/) before
# Django's own backend: after ADUAN_LOGIN_FAILURE_LIMIT failures for one username from one
# address, that pair is refused for ADUAN_LOGIN_COOLOFF_MINUTES, even with the right password.
# Attempts are kept where every web process sees the same count: in the database, or, with
# REDIS_URL, in the shared cache (atomic add/incr, no database write per failure).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("ADUAN_LOGIN_FAILURE_LIMIT", 5, minimum=1, maximum=100)
ADUAN_LOGIN_COOLOFF_MINUTES = env_int("ADUAN_LOGIN_COOLOFF_MINUTES", 15, minimum=1, maximum=1440)
AXES_COOLOFF_TIME = dt.timedelta(minutes=ADUAN_LOGIN_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = (
    "axes.handlers.cache.AxesCacheHandler"
    if REDIS_URL
    else "axes.handlers.database.AxesDatabaseHandler"
)
AXES_CACHE = "default"
AXES_LOCKOUT_TEMPLATE = "signin/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "aduan.core.clients.axes_client_address"
AXES_USERNAME_CALLABLE = "aduan.core.clients.axes_username"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Second factor (TOTP with recovery codes) for every office role and administrator at /kantor/
# and /admin/; liaison officers (no role) sign in with their password only.
ADUAN_MFA_REQUIRED = env_bool("ADUAN_MFA_REQUIRED", True)
OTP_TOTP_ISSUER = "Aduan"
OTP_TOTP_THROTTLE_FACTOR = 1  # seconds, doubled at each wrong code in a row
OTP_STATIC_THROTTLE_FACTOR = 1
# Sessions last a working day, and end after ADUAN_SESSION_IDLE_MINUTES without a request
# (each request renews the cookie; 0: no idle limit). Closing the browser ends them too.
ADUAN_SESSION_HOURS = env_int("ADUAN_SESSION_HOURS", 8, minimum=1, maximum=24 * 14)
ADUAN_SESSION_IDLE_MINUTES = env_int("ADUAN_SESSION_IDLE_MINUTES", 60, minimum=0, maximum=24 * 60)
SESSION_COOKIE_AGE = (
    ADUAN_SESSION_IDLE_MINUTES * 60 if ADUAN_SESSION_IDLE_MINUTES else ADUAN_SESSION_HOURS * 3600
)
SESSION_SAVE_EVERY_REQUEST = bool(ADUAN_SESSION_IDLE_MINUTES)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Where sessions live: "db" (the database; the default without REDIS_URL), "cache" (the shared
# cache only; the default with REDIS_URL: no database write per request) or "cached_db" (both:
# they survive a Redis restart, at a database write per request). With "cache", a restart of
# Redis without persistence signs everyone out, and Redis must not evict them (maxmemory-policy
# noeviction or volatile-*; every session key has an expiry).
ADUAN_SESSION_STORE = env_choice(
    "ADUAN_SESSION_STORE", "cache" if REDIS_URL else "db", ["db", "cache", "cached_db"]
)
SESSION_ENGINE = f"django.contrib.sessions.backends.{ADUAN_SESSION_STORE}"

# --- Language and time --------------------------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
FORMAT_MODULE_PATH = ["aduan.formats"]  # "23 Desember 2026", not "2026-12-23"
FORM_RENDERER = "aduan.core.forms_renderer.AduanFormRenderer"  # one look for every form
USE_I18N = True
USE_TZ = True  # stored in UTC; shown in the office's zone (aduan.core.middleware)
TIME_ZONE = env_choice(
    "TIME_ZONE", "Asia/Jakarta", ["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura", "UTC"]
)

# --- Files --------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or DATA_DIR / "media")
# Documents, letters, evidence and attachments: on local disk under MEDIA_ROOT (the embedded
# default), or, when AWS_STORAGE_BUCKET_NAME is set, in a private bucket of S3-compatible object
# storage (django-storages). Either way they are served only by the scoped views (core.files),
# streamed, or (ADUAN_S3_SIGNED_DOWNLOADS=1) by a redirect to a URL signed for
# ADUAN_S3_URL_SECONDS, after the same permission check.
# docs/decisions/0022-object-storage-and-shared-cache.md
ADUAN_S3_URL_SECONDS = env_int("ADUAN_S3_URL_SECONDS", 300, minimum=10, maximum=7 * 24 * 3600)
ADUAN_S3_SIGNED_DOWNLOADS = env_bool("ADUAN_S3_SIGNED_DOWNLOADS", False)


def object_storage(environ: Mapping[str, str] | None = None) -> dict | None:
    """STORAGES["default"] for the bucket named by AWS_STORAGE_BUCKET_NAME in ``environ`` (the
    process's environment by default), or None when it names none (documents stay on disk).
    The tests switch to object storage through it, so they check the production settings."""
    bucket = env_str("AWS_STORAGE_BUCKET_NAME", "", environ=environ) or ""
    if not bucket:
        return None
    keys = {
        name: env_str(name, "", environ=environ) or ""
        for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")
    }
    for name, value in keys.items():
        if not value:
            raise SettingError(
                name,
                "is not set, but AWS_STORAGE_BUCKET_NAME is (documents go to object storage).",
                "Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or their *_FILE forms) to the "
                "bucket's access key, or unset AWS_STORAGE_BUCKET_NAME to keep documents on disk.",
            )
    endpoint = env_str("AWS_S3_ENDPOINT_URL", "", environ=environ) or None
    if endpoint and (
        urlsplit(endpoint).scheme not in {"http", "https"} or not urlsplit(endpoint).netloc
    ):
        raise SettingError(
            "AWS_S3_ENDPOINT_URL",
            f"{endpoint!r} is not an http(s) URL.",
            "Use e.g. https://s3.example.go.id (leave it unset for Amazon S3 itself).",
        )
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint,
            "access_key": keys["AWS_ACCESS_KEY_ID"],
            "secret_key": keys["AWS_SECRET_ACCESS_KEY"],
            "region_name": env_str("AWS_S3_REGION_NAME", "", environ=environ) or None,
            # Objects inherit the bucket's own policy (private): no ACL is ever sent, so no
            # object is public-read, and stores that refuse ACLs (AWS "bucket owner enforced")
            # accept the uploads.
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": ADUAN_S3_URL_SECONDS,
            "file_overwrite": False,
            "signature_version": "s3v4",
            "addressing_style": env_choice(
                "AWS_S3_ADDRESSING_STYLE", "auto", ["auto", "path", "virtual"], environ=environ
            ),
            # A key prefix inside the bucket (several installations may share one bucket).
            "location": (env_str("AWS_LOCATION", "", environ=environ) or "").strip("/"),
        },
    }


AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME", "") or ""
_default_storage = object_storage() or {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000  # the admin's region picker posts many fields

# --- Background tasks ---------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": env_choice(
            "TASKS_BACKEND",
            "django_tasks_db.DatabaseBackend",
            [
                "django_tasks_db.DatabaseBackend",
                "django_tasks.backends.immediate.ImmediateBackend",
            ],
        ),
        "QUEUES": ["default"],
    }
}
# Workers (aduan worker): each renews its heartbeat every ADUAN_WORKER_HEARTBEAT_SECONDS; one not
# heard from for ADUAN_WORKER_STALE_SECONDS has died, and another worker puts its task back to be
# run again, at most ADUAN_WORKER_MAX_ATTEMPTS runs in all (then the task is marked failed). The
# readiness check (/readyz) wants a heartbeat within the stale window (decision 0024).
ADUAN_WORKER_HEARTBEAT_SECONDS = env_int(
    "ADUAN_WORKER_HEARTBEAT_SECONDS", 10, minimum=1, maximum=600
)
ADUAN_WORKER_STALE_SECONDS = env_int("ADUAN_WORKER_STALE_SECONDS", 60, minimum=2, maximum=86_400)
if ADUAN_WORKER_STALE_SECONDS < 2 * ADUAN_WORKER_HEARTBEAT_SECONDS:
    raise SettingError(
        "ADUAN_WORKER_STALE_SECONDS",
        f"is {ADUAN_WORKER_STALE_SECONDS}, less than twice ADUAN_WORKER_HEARTBEAT_SECONDS "
        f"({ADUAN_WORKER_HEARTBEAT_SECONDS}): a living worker would be taken for dead.",
        "Raise it, or lower the heartbeat interval.",
    )
ADUAN_WORKER_MAX_ATTEMPTS = env_int("ADUAN_WORKER_MAX_ATTEMPTS", 3, minimum=1, maximum=20)
# The audit log's hash chain is sealed in a short transaction right after each commit; off, only
# the worker's sweep seals (docs/decisions/0013-audit-chain.md).
AUDIT_SEAL_AFTER_COMMIT = env_bool("ADUAN_AUDIT_SEAL_AFTER_COMMIT", True)

# --- Mail ---------------------------------------------------------------------------------
EMAIL_HOST = env_str("EMAIL_HOST", "") or ""
# Without a mail server, mail is printed on the console, or, with EMAIL_FILE_PATH (`make run`
# sets var/mail), written there as one file per batch, for the demo user to read.
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", "") or ""
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.filebased.EmailBackend"
    if EMAIL_FILE_PATH
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1, maximum=65535)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "") or ""
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "") or ""
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Aduan <aduan@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security (production) ----------------------------------------------------------------
# HTTPS: ADUAN_HTTPS=1 says the site is served only over HTTPS (BEHIND_HTTPS_PROXY=1 implies
# it). Then plain HTTP is redirected (except the health check, for load balancers), browsers
# are told by HSTS to use HTTPS for a year, and cookies are sent only over HTTPS. Each value
# may be set on its own; `aduan check --deploy` is clean with ADUAN_HTTPS=1 (tests/hardening).
_BEHIND_HTTPS_PROXY = env_bool("BEHIND_HTTPS_PROXY", False)
ADUAN_HTTPS = env_bool("ADUAN_HTTPS", _BEHIND_HTTPS_PROXY)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if _BEHIND_HTTPS_PROXY else None
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", ADUAN_HTTPS)
SECURE_REDIRECT_EXEMPT = [r"^sehat/(hidup/|siap/)?$", r"^(healthz|readyz)$"]
SECURE_HSTS_SECONDS = env_int(
    "SECURE_HSTS_SECONDS", 31_536_000 if ADUAN_HTTPS else 0, minimum=0, maximum=63_072_000
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", ADUAN_HTTPS)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", ADUAN_HTTPS)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", ADUAN_HTTPS or not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", SESSION_COOKIE_SECURE)
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content-Security-Policy on every response (django-csp): scripts and styles only from Aduan's
# own static files, never inline; nothing may frame a page. A response that sets its own policy
# (an inline download: core.files.file_response) keeps it. docs/decisions/0014-hardening.md.
INSTALLED_APPS.append("csp")
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "csp.middleware.CSPMiddleware",
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}

# --- Operations: logs, request ids, metrics (docs/decisions/0025-operations.md) ----------
# LOG_FORMAT=json writes one JSON object a line (python-json-logger) for a log shipper; plain is
# for people. Every line carries the request's id (X-Request-ID, aduan.core.logs), or the task's
# in the worker. Logs name cases and people by reference and id, never by personal data.
_log_level = env_choice("LOG_LEVEL", "INFO", ["DEBUG", "INFO", "WARNING", "ERROR"])
LOG_FORMAT = env_choice("LOG_FORMAT", "plain", ["plain", "json"])
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "aduan.core.logs.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "aduan.core.logs.json_formatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": _log_level},
    # One handler for Django's own messages too (its default adds a second one).
    "loggers": {
        "django": {"handlers": ["console"], "level": _log_level, "propagate": False},
        # django-axes tells every sign-in at INFO; its warnings (lock-outs) are what matter
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}
# Each request's id: first, so every other middleware's lines carry it.
MIDDLEWARE.insert(0, "aduan.core.logs.RequestIdMiddleware")

# Prometheus (django-prometheus): request counts and latencies by view, and database queries by
# its engine wrappers (the same Django backends, counted). /metrics answers a bearer token
# (ADUAN_METRICS_TOKEN) or direct requests from ADUAN_METRICS_ALLOW's addresses, else 403; with
# neither set it is off (404), and nothing is counted: the middleware and the engine wrappers
# are installed only when someone can read what they count (they cost every request and query;
# decision 0025). Aduan's own gauges: aduan.core.metrics.
ADUAN_METRICS_TOKEN = env_str("ADUAN_METRICS_TOKEN", "") or ""
ADUAN_METRICS_ALLOW = []
for _network in env_list("ADUAN_METRICS_ALLOW"):
    try:
        ADUAN_METRICS_ALLOW.append(ipaddress.ip_network(_network, strict=False))
    except ValueError as _exc:
        raise SettingError(
            "ADUAN_METRICS_ALLOW",
            f"{_network!r} is not an address or network.",
            "List addresses or networks, comma-separated, e.g. 127.0.0.1,10.0.0.0/8.",
        ) from _exc
if ADUAN_METRICS_TOKEN and len(ADUAN_METRICS_TOKEN) < 20:
    raise SettingError(
        "ADUAN_METRICS_TOKEN",
        f"is only {len(ADUAN_METRICS_TOKEN)} characters long.",
        "Use 20 or more.",
    )
ADUAN_METRICS = bool(ADUAN_METRICS_TOKEN or ADUAN_METRICS_ALLOW)
INSTALLED_APPS.append("django_prometheus")
if ADUAN_METRICS:
    MIDDLEWARE.insert(0, "django_prometheus.middleware.PrometheusBeforeMiddleware")
    MIDDLEWARE.append("django_prometheus.middleware.PrometheusAfterMiddleware")
    _PROMETHEUS_ENGINES = {
        "django.db.backends.postgresql": "django_prometheus.db.backends.postgresql",
        "django.db.backends.sqlite3": "django_prometheus.db.backends.sqlite3",
    }
    for _db in DATABASES.values():
        _db["ENGINE"] = _PROMETHEUS_ENGINES.get(_db["ENGINE"], _db["ENGINE"])
# Health probes first of all: they answer any Host header (aduan.core.middleware).
MIDDLEWARE.insert(0, "aduan.core.middleware.HealthProbeMiddleware")
PROMETHEUS_EXPORT_MIGRATIONS = False  # would query the database at every start
# Backups: the folder of pg_dump and pg_restore, when those on PATH (or in
# /usr/lib/postgresql/*/bin) are older than the server (aduan.core.backup).
ADUAN_PG_BIN = env_str("ADUAN_PG_BIN", "") or ""

# --- Aduan --------------------------------------------------------------------------------
# Where ``aduan load-regions`` reads by default: the shipped Kepmendagri 2025 list.
ADUAN_REGIONS_FILE = PACKAGE_DIR / "regions" / "data" / "wilayah-kemendagri-2025.csv.gz"
ADUAN_DEMO_PASSWORD = "aduan-demo"  # noqa: S105 - documented demo password, demo data only
ADUAN_MAX_UPLOAD_MB = env_int("ADUAN_MAX_UPLOAD_MB", 10, minimum=1, maximum=200)
# An uploaded DOCX, XLSX or ODT (a zip) may unpack to at most this much (a zip bomb is refused).
ADUAN_MAX_UNZIPPED_MB = env_int("ADUAN_MAX_UNZIPPED_MB", 100, minimum=1, maximum=2000)
# Intake: the office (its code) that receives reports whose place is unknown (SMS, e-mail …);
# empty: the central office.
ADUAN_INTAKE_OFFICE = env_str("ADUAN_INTAKE_OFFICE", "") or ""
# Triage (routing suggestions): model files, when a model is stale, how much an office needs
# to train one, and how often the worker retrains (aduan.triage.store).
# Triage after every receipt (suggestions, probable duplicates, mass-complaint groups); off,
# staff see none of them. The test suite turns it off except for the tests that need it.
ADUAN_TRIAGE_ON_RECEIPT = env_bool("ADUAN_TRIAGE_ON_RECEIPT", True)
ADUAN_TRIAGE_DIR = Path(env_str("ADUAN_TRIAGE_DIR") or DATA_DIR / "triage")
ADUAN_TRIAGE_STALE_DAYS = env_int("ADUAN_TRIAGE_STALE_DAYS", 30, minimum=1, maximum=3650)
ADUAN_TRIAGE_MIN_EXAMPLES = env_int("ADUAN_TRIAGE_MIN_EXAMPLES", 30, minimum=2, maximum=100_000)
ADUAN_TRIAGE_MIN_LABELS = env_int("ADUAN_TRIAGE_MIN_LABELS", 2, minimum=2, maximum=1000)
ADUAN_TRIAGE_RETRAIN_DAYS = env_int("ADUAN_TRIAGE_RETRAIN_DAYS", 7, minimum=1, maximum=365)

# Letters: PDF by LibreOffice (a path to soffice; empty: found on PATH; "off": never), else by
# the built-in renderer; a conversion taking longer than the timeout (seconds) is killed.
ADUAN_SOFFICE = env_str("ADUAN_SOFFICE", "") or ""
ADUAN_SOFFICE_TIMEOUT = env_int("ADUAN_SOFFICE_TIMEOUT", 60, minimum=5, maximum=600)

# E-mail in by IMAP (off while ADUAN_IMAP_HOST is empty): the worker fetches unseen mail from the
# folder every ADUAN_IMAP_INTERVAL seconds. ADUAN_IMAP_PORT 0: 993 with SSL, else 143.
ADUAN_IMAP_HOST = env_str("ADUAN_IMAP_HOST", "") or ""
ADUAN_IMAP_PORT = env_int("ADUAN_IMAP_PORT", 0, minimum=0, maximum=65535)
ADUAN_IMAP_USER = env_str("ADUAN_IMAP_USER", "") or ""
ADUAN_IMAP_PASSWORD = env_str("ADUAN_IMAP_PASSWORD", "") or ""
ADUAN_IMAP_FOLDER = env_str("ADUAN_IMAP_FOLDER", "INBOX") or "INBOX"
ADUAN_IMAP_SSL = env_bool("ADUAN_IMAP_SSL", True)
ADUAN_IMAP_INTERVAL = env_int("ADUAN_IMAP_INTERVAL", 60, minimum=10, maximum=3600)

# Mass complaints (aduan.triage.groups): a new report is compared with the office's reports
# received this many days before or after it that share its agency, event or place; it joins
# (or, with enough similar ones, starts) a group when its text similarity (character n-gram
# TF-IDF cosine, percent) with one of them reaches the threshold; a group starts with this many
# similar reports.
ADUAN_MASS_WINDOW_DAYS = env_int("ADUAN_MASS_WINDOW_DAYS", 14, minimum=1, maximum=365)
ADUAN_MASS_SIMILARITY_PERCENT = env_int("ADUAN_MASS_SIMILARITY_PERCENT", 30, minimum=1, maximum=100)
ADUAN_MASS_MIN_REPORTS = env_int("ADUAN_MASS_MIN_REPORTS", 3, minimum=2, maximum=1000)

# SMS and WhatsApp (each channel is off, not broken, while its settings are empty).
# SMS in: the shared secret of the gateway's webhook (/masuk/sms/); SMS out: a generic HTTP API
# (POST JSON {to, text} with a bearer token).
ADUAN_SMS_WEBHOOK_SECRET = env_str("ADUAN_SMS_WEBHOOK_SECRET", "") or ""
ADUAN_SMS_SEND_URL = env_str("ADUAN_SMS_SEND_URL", "") or ""
ADUAN_SMS_SEND_TOKEN = env_str("ADUAN_SMS_SEND_TOKEN", "") or ""
# WhatsApp Business Cloud API: webhook verification token and app secret (in, /masuk/whatsapp/),
# access token and the sending phone number's id (out, and fetching media).
ADUAN_WHATSAPP_VERIFY_TOKEN = env_str("ADUAN_WHATSAPP_VERIFY_TOKEN", "") or ""
ADUAN_WHATSAPP_APP_SECRET = env_str("ADUAN_WHATSAPP_APP_SECRET", "") or ""
ADUAN_WHATSAPP_TOKEN = env_str("ADUAN_WHATSAPP_TOKEN", "") or ""
ADUAN_WHATSAPP_PHONE_NUMBER_ID = env_str("ADUAN_WHATSAPP_PHONE_NUMBER_ID", "") or ""

# Public portal tracking: failed attempts allowed per client address within the window (minutes)
# before that address must wait; each further failure doubles the wait (up to the window). A
# report number is never locked: failures on it are only counted and logged.
ADUAN_TRACK_MAX_FAILURES = env_int("ADUAN_TRACK_MAX_FAILURES", 10, minimum=1, maximum=1000)
ADUAN_TRACK_WINDOW_MINUTES = env_int("ADUAN_TRACK_WINDOW_MINUTES", 15, minimum=1, maximum=1440)
# Probable duplicates (aduan.triage.duplicates): earlier reports of the same office received
# within this many days are compared; text similarity (percent) needed with the same reporter
# (phone, e-mail or NIK) and with only the same agency. Defaults measured by
# `python -m bench.triage_duplicates`.
ADUAN_DUPLICATE_WINDOW_DAYS = env_int("ADUAN_DUPLICATE_WINDOW_DAYS", 90, minimum=1, maximum=3660)
ADUAN_DUPLICATE_SAME_REPORTER_PERCENT = env_int(
    "ADUAN_DUPLICATE_SAME_REPORTER_PERCENT", 35, minimum=1, maximum=100
)
ADUAN_DUPLICATE_SAME_AGENCY_PERCENT = env_int(
    "ADUAN_DUPLICATE_SAME_AGENCY_PERCENT", 50, minimum=1, maximum=100
)
# API tokens: days a new token lives unless told otherwise (aduan create-token --days N).
ADUAN_API_TOKEN_DAYS = env_int("ADUAN_API_TOKEN_DAYS", 90, minimum=1, maximum=3660)
# Wrong API tokens allowed per client address within the login cool-off before 429.
ADUAN_API_AUTH_FAILURE_LIMIT = env_int("ADUAN_API_AUTH_FAILURE_LIMIT", 10, minimum=1, maximum=1000)
