from __future__ import annotations

import datetime as dt
import logging
import os
import secrets
import socket

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from aduan.core.selectors import home_figures


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"figures": home_figures()})


log = logging.getLogger("aduan.health")


@require_GET
@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """For load balancers and monitoring: the database answers (kept as it was; /readyz checks
    more)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})


@require_GET
@never_cache
def alive(request: HttpRequest) -> JsonResponse:
    """Liveness (/healthz, /sehat/hidup/): the process answers. No database, no storage, so a
    database outage never makes a supervisor restart every app server."""
    return JsonResponse({"status": "ok"})


@require_GET
@never_cache
def ready(request: HttpRequest) -> JsonResponse:
    """Readiness (/readyz, /sehat/siap/): this server can do its work. 200 when the database
    answers, every migration is applied, the default storage takes, gives back and deletes a
    small file, and a worker was heard from within ``ADUAN_WORKER_STALE_SECONDS`` (skipped when
    tasks run in the request, TASKS_BACKEND=ImmediateBackend); else 503, naming what failed.
    ``?exclude=worker`` leaves a check out (as Kubernetes' /readyz does): a load balancer polls
    that, so workers being down never takes the web servers out; monitoring polls the whole.
    The body names checks and error classes only: no data, no paths, no addresses."""
    checks = {
        "database": _check_database,
        "migrations": _check_migrations,
        "storage": _check_storage,
        "worker": _check_worker,
    }
    excluded = set(request.GET.getlist("exclude"))
    results: dict[str, str] = {}
    for name, check in checks.items():
        if name in excluded:
            results[name] = "excluded"
            continue
        try:
            results[name] = check()
        except Exception as exc:
            log.warning("readiness check %s failed: %s", name, type(exc).__name__)
            results[name] = f"error: {type(exc).__name__}"
    passed = {"ok", "not used", "excluded"}
    failed = [name for name, result in results.items() if result not in passed]
    body = {"status": "unavailable" if failed else "ok", "failed": failed, "checks": results}
    return JsonResponse(body, status=503 if failed else 200)


def _check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


_MIGRATED = False  # once every migration was seen applied, this process stops reading them


def _check_migrations() -> str:
    global _MIGRATED
    if _MIGRATED:
        return "ok"
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        return f"{len(plan)} not applied"
    _MIGRATED = True
    return "ok"


def _check_storage() -> str:
    """Write, read back and delete a small file (works for disk and object storage)."""
    name = f"sehat/{socket.gethostname()}-{os.getpid()}-{secrets.token_hex(4)}.txt"
    content = secrets.token_hex(8).encode()
    saved = default_storage.save(name, ContentFile(content))
    try:
        with default_storage.open(saved, "rb") as stored:
            if stored.read() != content:
                return "read back differs"
    finally:
        default_storage.delete(saved)
    return "ok"


def _check_worker() -> str:
    from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
    from django_tasks_db.backend import DatabaseBackend

    if not isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend):
        return "not used"
    from aduan.core.workers import last_heartbeat

    seen = last_heartbeat()
    window = settings.ADUAN_WORKER_STALE_SECONDS
    if seen is None or timezone.now() - seen > dt.timedelta(seconds=window):
        return f"no heartbeat within {window} s"
    return "ok"
