"""Request ids on every log line, and the two log formats (LOG_FORMAT=plain or json).

``RequestIdMiddleware`` gives each request an id: the caller's ``X-Request-ID`` when it looks
like an id (a proxy's or load balancer's, so one request can be followed across hosts), else a
new one. The id is returned in the ``X-Request-ID`` response header and kept in a context
variable, which ``RequestIdFilter`` (on the console handler, settings.LOGGING) copies onto every
record logged while the request runs. In the worker each task's id does the same
(``task_started``/``task_finished``).

Logs carry no personal data: Aduan's own messages name cases by reference and people by id, and
the request log (``django.request``) gives the path, never the body (tests/test_logs.py).
"""

from __future__ import annotations

import contextvars
import logging
import re
import uuid
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
_SANE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:@+=-]{0,127}")

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("aduan_request_id", default="")
task_id: contextvars.ContextVar[str] = contextvars.ContextVar("aduan_task_id", default="")


def new_id() -> str:
    return uuid.uuid4().hex


def sane_id(value: str | None) -> str | None:
    """The caller's id if it is short printable token characters (no spaces, no control
    characters that could forge log lines), else None."""
    if value and _SANE.fullmatch(value):
        return value
    return None


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` (the request's, else the task's, else "-") and ``task_id``."""

    def filter(self, record: logging.LogRecord) -> bool:
        task = task_id.get()
        record.request_id = request_id.get() or task or "-"
        record.task_id = task or "-"
        return True


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        rid = sane_id(request.headers.get(HEADER)) or new_id()
        request.request_id = rid
        # Kept until the response is closed (request_finished), not only while the middleware
        # runs: Django logs "Not Found", "Bad Request" and errors after the middleware returns.
        request_id.set(rid)
        response = self.get_response(request)
        response[HEADER] = rid
        return response


def request_finished(**kwargs: Any) -> None:
    request_id.set("")


def task_started(sender: Any, task_result: Any, **kwargs: Any) -> None:
    """In the worker: the task's id on every line it logs (a task run inside a request by the
    immediate backend keeps the request's id as request_id)."""
    task_id.set(str(task_result.id))


def task_finished(sender: Any, task_result: Any, **kwargs: Any) -> None:
    task_id.set("")


def connect_signals() -> None:
    from django.core.signals import request_finished as finished_request
    from django_tasks.signals import task_finished as finished
    from django_tasks.signals import task_started as started

    finished_request.connect(request_finished, dispatch_uid="aduan-log-request-finished")
    started.connect(task_started, dispatch_uid="aduan-log-task-started")
    finished.connect(task_finished, dispatch_uid="aduan-log-task-finished")


def json_formatter(**kwargs: Any) -> logging.Formatter:
    """python-json-logger's formatter with Aduan's field names (one JSON object a line)."""
    from pythonjsonlogger.json import JsonFormatter

    return JsonFormatter(
        "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s %(task_id)s",
        rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
        timestamp=False,
        **kwargs,
    )
