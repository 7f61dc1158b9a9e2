"""/metrics: django-prometheus's metrics and Aduan's gauges, only for the token or allowed
addresses (docs/decisions/0025-operations.md)."""

from __future__ import annotations

import datetime as dt
import ipaddress

import pytest
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from aduan.deadlines.models import Deadline
from aduan.intake.models import Inbound

pytestmark = pytest.mark.django_db

TOKEN = "metrics-token-0123456789abcdef"


@pytest.fixture
def with_token(settings):
    settings.ADUAN_METRICS_TOKEN = TOKEN
    settings.ADUAN_METRICS_ALLOW = []


def scrape(client) -> dict[str, list]:
    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    families = text_string_to_metric_families(response.content.decode())
    return {family.name: family.samples for family in families}


def value(samples, **labels) -> float:
    matches = [s.value for s in samples if all(s.labels.get(k) == v for k, v in labels.items())]
    assert len(matches) == 1, (labels, samples)
    return matches[0]


def test_metrics_are_off_when_neither_token_nor_addresses_are_set(client, settings):
    settings.ADUAN_METRICS_TOKEN = ""
    settings.ADUAN_METRICS_ALLOW = []
    assert client.get("/metrics").status_code == 404


def test_metrics_are_refused_without_the_token_or_with_a_wrong_one(client, with_token):
    assert client.get("/metrics").status_code == 403
    response = client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong-token-0123456789")
    assert response.status_code == 403
    assert "ADUAN_METRICS_TOKEN" in response.content.decode()
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_an_allowed_address_scrapes_without_token_but_not_through_a_proxy(client, settings):
    settings.ADUAN_METRICS_TOKEN = ""
    settings.ADUAN_METRICS_ALLOW = [ipaddress.ip_network("10.0.0.0/8")]
    assert client.get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="192.0.2.1").status_code == 403
    forwarded = client.get("/metrics", REMOTE_ADDR="10.1.2.3", HTTP_X_FORWARDED_FOR="192.0.2.1")
    assert forwarded.status_code == 403


def test_requests_and_database_metrics_of_django_prometheus(client, with_token):
    client.get("/sehat/")
    metrics = scrape(client)
    assert "django_http_requests_total_by_view_transport_method" in metrics
    assert "django_http_requests_latency_seconds_by_view_method" in metrics
    assert "django_db_execute" in metrics or "django_db_execute_total" in metrics


def test_aduan_gauges(client, with_token, receive, office):
    from django_tasks_db.models import DBTaskResult, get_date_max

    case = receive()  # an LM report from the web: its 14-day clock starts
    Deadline.objects.filter(case=case).update(due_date=timezone.localdate() - dt.timedelta(days=2))
    Inbound.objects.create(channel="sms", external_id="m1")
    Inbound.objects.create(channel="sms", external_id="m2", status=Inbound.Status.GAVE_UP)
    Inbound.objects.create(channel="sms", external_id="m3", status=Inbound.Status.PROCESSED)
    task = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="aduan.nothing",
        backend_name="default",
        run_after=get_date_max(),
    )
    DBTaskResult.objects.filter(pk=task.pk).update(
        enqueued_at=timezone.now() - dt.timedelta(minutes=2)
    )

    metrics = scrape(client)

    assert value(metrics["aduan_cases_received"], channel="web") == 1
    assert value(metrics["aduan_inbox_backlog"], channel="sms", status="baru") == 1
    assert value(metrics["aduan_inbox_backlog"], channel="sms", status="menyerah") == 1
    assert not [s for s in metrics["aduan_inbox_backlog"] if s.labels["status"] == "diproses"]
    assert value(metrics["aduan_clocks_overdue"], office="babel") >= 1
    assert value(metrics["aduan_clocks_overdue"], office="pusat") == 0
    assert value(metrics["aduan_task_queue_ready"], queue="default") == 1
    assert value(metrics["aduan_task_queue_oldest_ready_age_seconds"], queue="default") >= 119
    for name in ["task_queue", "inbox_backlog", "clocks_overdue", "cases_received"]:
        assert value(metrics["aduan_metrics_collector_up"], collector=name) == 1


def test_an_empty_queue_has_no_lag(client, with_token):
    metrics = scrape(client)
    assert value(metrics["aduan_task_queue_ready"], queue="default") == 0
    assert value(metrics["aduan_task_queue_oldest_ready_age_seconds"], queue="default") == 0


def test_a_failing_collector_is_reported_and_the_others_still_answer(
    client, with_token, monkeypatch
):
    from aduan.core import metrics as module

    def broken():
        raise RuntimeError("no table")

    monkeypatch.setitem(module.COLLECTORS, "inbox_backlog", broken)
    metrics = scrape(client)
    assert value(metrics["aduan_metrics_collector_up"], collector="inbox_backlog") == 0
    assert "aduan_cases_received" in metrics


def test_multiprocess_mode_adds_aduan_gauges_to_the_workers_files(
    client, with_token, monkeypatch, tmp_path
):
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    metrics = scrape(client)
    assert "aduan_task_queue_ready" in metrics
