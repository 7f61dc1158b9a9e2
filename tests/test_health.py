"""Health endpoints: alive without the database, ready naming what failed (decision 0024)."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import override_settings
from django.utils import timezone

from aduan.core import views
from aduan.core.models import WorkerHeartbeat

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
READY = ("/readyz", "/sehat/siap/")


@pytest.fixture(autouse=True)
def migrations_read_again(monkeypatch):
    monkeypatch.setattr(views, "_MIGRATED", False)


@pytest.mark.parametrize("url", ["/healthz", "/sehat/hidup/"])
def test_alive_answers_without_touching_the_database(client, url):
    # No db fixture: pytest-django fails any query, so this proves none is made.
    response = client.get(url)
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("url", READY)
def test_ready_when_database_migrations_and_storage_answer(client, db, media, url):
    response = client.get(url)
    assert response.status_code == 200, response.content
    assert response.json() == {
        "status": "ok",
        "failed": [],
        "checks": {
            "database": "ok",
            "migrations": "ok",
            "storage": "ok",
            "worker": "not used",  # tasks run in the request (the test settings)
        },
    }
    assert not list((media / "sehat").iterdir())  # the probe file is deleted again


def test_the_old_health_check_is_unchanged(client, db):
    body = client.get("/sehat/").json()
    assert body["status"] == "ok" and body["database"] in {"sqlite", "postgresql"}


def test_a_database_that_does_not_answer_is_named(client, db, media):
    with mock.patch.object(views, "connection") as broken:
        broken.cursor.side_effect = OperationalError("connection refused to 10.0.0.5")
        response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable" and "database" in body["failed"]
    assert body["checks"]["database"] == "error: OperationalError"
    assert "10.0.0.5" not in response.content.decode()  # error classes only, never messages


def test_a_migration_not_applied_is_named(client, db, media):
    plan = [(mock.Mock(), False)]
    with mock.patch("aduan.core.views.MigrationExecutor") as executor:
        executor.return_value.migration_plan.return_value = plan
        response = client.get("/sehat/siap/")
    assert response.status_code == 503
    assert response.json()["failed"] == ["migrations"]
    assert response.json()["checks"]["migrations"] == "1 not applied"


def test_failing_storage_is_named(client, db, media):
    with mock.patch("aduan.core.views.default_storage") as storage:
        storage.save.side_effect = PermissionError("/srv/aduan/media")
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failed"] == ["storage"]
    assert "/srv" not in response.content.decode()


def test_storage_that_gives_back_something_else_is_named(client, db, media):
    with mock.patch("aduan.core.views.default_storage") as storage:
        storage.save.return_value = "x"
        storage.open.return_value.__enter__.return_value.read.return_value = b"other"
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["storage"] == "read back differs"
    storage.delete.assert_called_once_with("x")


@override_settings(TASKS=DATABASE_TASKS, ADUAN_WORKER_STALE_SECONDS=60)
def test_with_background_workers_ready_needs_a_recent_heartbeat(client, db, media):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failed"] == ["worker"]
    assert response.json()["checks"]["worker"] == "no heartbeat within 60 s"

    beat = WorkerHeartbeat.objects.create(
        worker_id="w1", host="app1", pid=1, last_seen=timezone.now() - dt.timedelta(seconds=61)
    )
    assert client.get("/readyz").status_code == 503  # too old

    beat.last_seen = timezone.now()
    beat.save()
    response = client.get("/readyz")
    assert response.status_code == 200 and response.json()["checks"]["worker"] == "ok"
    assert "app1" not in response.content.decode()


@override_settings(TASKS=DATABASE_TASKS)
def test_the_load_balancer_may_leave_the_worker_out(client, db, media):
    response = client.get("/readyz?exclude=worker")
    assert response.status_code == 200
    assert response.json()["checks"]["worker"] == "excluded"
    assert client.get("/readyz?exclude=nonsense").status_code == 503


@pytest.mark.parametrize("url", ["/healthz", "/readyz", "/sehat/hidup/", "/sehat/siap/", "/sehat/"])
def test_health_endpoints_answer_over_plain_http(client, db, media, settings, url):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get(url).status_code == 200
    assert client.get("/lapor/").status_code == 301


@pytest.mark.parametrize("url", ["/healthz", "/sehat/hidup/", "/readyz?exclude=worker"])
def test_a_probe_by_the_host_s_own_address_is_answered(client, db, media, settings, url):
    # A container's HEALTHCHECK or a balancer polls 127.0.0.1 or the host's address, which
    # ALLOWED_HOSTS (the public names) refuses for every page.
    settings.ALLOWED_HOSTS = ["aduan.example.go.id"]
    assert client.get(url, HTTP_HOST="10.0.0.7:8000").status_code == 200
    assert client.get("/sehat/", HTTP_HOST="10.0.0.7:8000").status_code == 400
