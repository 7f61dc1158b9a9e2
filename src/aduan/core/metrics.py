"""Prometheus metrics at ``/metrics``: django-prometheus's (requests, latency, database) and
Aduan's own, computed from the database when scraped (one query each).

Aduan's gauges:

- ``aduan_task_queue_ready{queue}``: background tasks ready to run (django-tasks-db);
- ``aduan_task_queue_oldest_ready_age_seconds{queue}``: how long the oldest of them has been
  ready: the queue's lag (0 when empty);
- ``aduan_inbox_backlog{channel,status}``: inbound messages (e-mail, SMS, WhatsApp …) not handled
  yet: ``baru`` (waiting), ``gagal`` (failed, to be retried), ``menyerah`` (gave up: look at it);
- ``aduan_clocks_overdue{office}``: running legal clocks past their due date, per office (the
  sweeper closes them every few minutes, so a lasting value means the sweeper is not running);
- ``aduan_cases_received{channel}``: cases received per channel since the start (a total that only
  grows: use ``increase()`` or ``rate()`` on it as on a counter);
- ``aduan_metrics_collector_up{collector}``: 1, or 0 when that collector's query failed.

Every value comes from the database, so it is the same whichever web process answers the scrape.
django-prometheus's request metrics are kept per process: under gunicorn with several workers set
``PROMETHEUS_MULTIPROC_DIR`` (an empty folder, emptied at each start) and load
deploy/gunicorn.conf.py, and this view aggregates every worker's files (docs/deployment.md).

Access (decision 0025): ``/metrics`` answers only a request carrying
``Authorization: Bearer <ADUAN_METRICS_TOKEN>``, or one made directly (no ``X-Forwarded-For``)
from an address in ``ADUAN_METRICS_ALLOW``; with neither set it answers 404 (metrics off).
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
import os
from collections.abc import Iterator
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Case, Count, F, Min, Q, When
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

log = logging.getLogger("aduan.metrics")

BACKLOG_STATES = ("baru", "gagal", "menyerah")


def task_queue() -> tuple[GaugeMetricFamily, GaugeMetricFamily]:
    from django_tasks_db.models import DBTaskResult, get_date_max

    now = timezone.now()
    ready = GaugeMetricFamily(
        "aduan_task_queue_ready", "Background tasks ready to run, per queue.", labels=["queue"]
    )
    lag = GaugeMetricFamily(
        "aduan_task_queue_oldest_ready_age_seconds",
        "Seconds since the oldest ready task became ready, per queue (0: none waiting).",
        labels=["queue"],
    )
    rows = (
        DBTaskResult.objects.ready()
        .order_by()
        .values("queue_name")
        .annotate(
            n=Count("id"),
            since=Min(
                Case(When(run_after=get_date_max(), then=F("enqueued_at")), default=F("run_after"))
            ),
        )
    )
    queues = {name: (0, 0.0) for name in settings.TASKS["default"].get("QUEUES", ["default"])}
    for row in rows:
        queues[row["queue_name"]] = (row["n"], max(0.0, (now - row["since"]).total_seconds()))
    for name, (count, age) in sorted(queues.items()):
        ready.add_metric([name], count)
        lag.add_metric([name], age)
    return ready, lag


def inbox_backlog() -> GaugeMetricFamily:
    from aduan.intake.models import Inbound

    family = GaugeMetricFamily(
        "aduan_inbox_backlog",
        "Inbound messages not handled yet, per channel and status "
        "(baru: waiting, gagal: to be retried, menyerah: gave up).",
        labels=["channel", "status"],
    )
    rows = (
        Inbound.objects.filter(status__in=BACKLOG_STATES)
        .order_by()
        .values_list("channel", "status")
        .annotate(n=Count("id"))
    )
    for channel, status, count in sorted(rows):
        family.add_metric([channel, status], count)
    return family


def clocks_overdue() -> GaugeMetricFamily:
    from aduan.deadlines.models import Deadline
    from aduan.directory.models import Office

    now = timezone.now()
    zones = {settings.TIME_ZONE, "Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura", "UTC"}
    past_due = Q()
    for zone in sorted(zones):
        today = now.astimezone(ZoneInfo(zone)).date()
        past_due |= Q(office__time_zone=zone, due_date__lt=today)
    other_zones = ~Q(office__time_zone__in=sorted(zones))
    past_due |= other_zones & Q(due_date__lt=now.date())
    family = GaugeMetricFamily(
        "aduan_clocks_overdue",
        "Running legal clocks past their due date, per office.",
        labels=["office"],
    )
    rows = (
        Deadline.objects.filter(state=Deadline.State.OPEN, paused_since__isnull=True)
        .filter(past_due)
        .order_by()
        .values_list("office__code")
        .annotate(n=Count("id"))
    )
    counts = dict(rows)
    for code in Office.objects.order_by("code").values_list("code", flat=True):
        family.add_metric([code], counts.get(code, 0))
    return family


def cases_received() -> GaugeMetricFamily:
    from aduan.cases.models import Case as CaseModel

    family = GaugeMetricFamily(
        "aduan_cases_received",
        "Cases received since the start, per channel (only grows; use increase() on it).",
        labels=["channel"],
    )
    rows = (
        CaseModel.objects.order_by()
        .values_list("channel__code")
        .annotate(n=Count("id"))
        .values_list("channel__code", "n")
    )
    for channel, count in sorted(rows):
        family.add_metric([channel], count)
    return family


COLLECTORS = {
    "task_queue": task_queue,
    "inbox_backlog": inbox_backlog,
    "clocks_overdue": clocks_overdue,
    "cases_received": cases_received,
}


class AduanCollector(Collector):
    """Aduan's gauges, read from the database at each scrape."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        up = GaugeMetricFamily(
            "aduan_metrics_collector_up",
            "1 when the collector's query succeeded at this scrape, else 0.",
            labels=["collector"],
        )
        for name, function in COLLECTORS.items():
            try:
                result = function()
            except Exception:  # a scrape never fails as a whole because one query did
                log.exception("metrics collector %s failed", name)
                up.add_metric([name], 0)
                continue
            up.add_metric([name], 1)
            yield from result if isinstance(result, tuple) else (result,)
        yield up

    def describe(self) -> list:
        return []  # computed at each scrape: never collected at registration


_collector = AduanCollector()
_registered = False


def registry() -> CollectorRegistry:
    """The registry to export: every gunicorn worker's files in multiprocess mode, else this
    process's registry; Aduan's collector in both."""
    global _registered
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        combined = CollectorRegistry()
        multiprocess.MultiProcessCollector(combined)
        combined.register(_collector)
        return combined
    if not _registered:
        REGISTRY.register(_collector)
        _registered = True
    return REGISTRY


def _allowed_by_address(request: HttpRequest) -> bool:
    networks = settings.ADUAN_METRICS_ALLOW
    if not networks or request.META.get("HTTP_X_FORWARDED_FOR"):
        return False  # through a proxy, the peer's address says nothing about the client
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(address in network for network in networks)


def _allowed_by_token(request: HttpRequest) -> bool:
    token = settings.ADUAN_METRICS_TOKEN
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if not token or not header.startswith("Bearer "):
        return False
    return hmac.compare_digest(header[len("Bearer ") :].strip().encode(), token.encode())


@never_cache
def metrics_view(request: HttpRequest) -> HttpResponse:
    if not settings.ADUAN_METRICS_TOKEN and not settings.ADUAN_METRICS_ALLOW:
        raise Http404("metrics are off")
    if not (_allowed_by_token(request) or _allowed_by_address(request)):
        response = HttpResponse(
            "Forbidden: send Authorization: Bearer <ADUAN_METRICS_TOKEN>, or scrape from an "
            "address in ADUAN_METRICS_ALLOW.\n",
            status=403,
            content_type="text/plain; charset=utf-8",
        )
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    return HttpResponse(generate_latest(registry()), content_type=CONTENT_TYPE_LATEST)
