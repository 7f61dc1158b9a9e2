"""Logs: every line of a request carries its id (X-Request-ID), in the plain and the JSON format,
and a report's personal data never appears in them."""

from __future__ import annotations

import io
import json
import logging

import pytest
from django.test import Client

from aduan.core import logs
from aduan.core.logs import RequestIdFilter, json_formatter
from aduan.intake.models import Inbound

pytestmark = pytest.mark.django_db

NAME = "Siti Rahmawati Kusumadewi"
PHONE = "081377788899"
NIK = "1971015505800003"
EMAIL = "siti.rahma.kd@contoh.example"
PERSONAL = [NAME, PHONE, "0813-7778-8899", NIK, EMAIL, "Kusumadewi", "Jl. Melati 7"]


def plain_formatter() -> logging.Formatter:
    from django.conf import settings

    return logging.Formatter(settings.LOGGING["formatters"]["plain"]["format"])


class Capture:
    """A handler on every logger Aduan's settings configure, at DEBUG, with the given format."""

    def __init__(self, formatter: logging.Formatter) -> None:
        self.stream = io.StringIO()
        self.handler = logging.StreamHandler(self.stream)
        self.handler.setFormatter(formatter)
        self.handler.addFilter(RequestIdFilter())
        self.loggers = [logging.getLogger(name) for name in ("", "django", "axes")]

    def __enter__(self) -> Capture:
        self.levels = [logger.level for logger in self.loggers]
        for logger in self.loggers:
            logger.addHandler(self.handler)
            logger.setLevel(logging.DEBUG)
        return self

    def __exit__(self, *exc: object) -> None:
        for logger, level in zip(self.loggers, self.levels, strict=True):
            logger.removeHandler(self.handler)
            logger.setLevel(level)

    @property
    def text(self) -> str:
        return self.stream.getvalue()


def report(**overrides):
    data = {
        "token": "0f0e8a3c5b7d4e1f9a2b3c4d5e6f7a8b",
        "emergency": "tidak",
        "question_only": "tidak",
        "name": NAME,
        "birth_place": "Pangkalpinang",
        "birth_date": "1980-05-15",
        "marital_status": "kawin",
        "occupation": "Pedagang",
        "address": "Jl. Melati 7, Pangkalpinang",
        "phone": PHONE,
        "email": EMAIL,
        "id_type": "ktp",
        "id_number": NIK,
        "contact_channel": "email",
        "language": "id",
        "agency_name": "Dinas Kependudukan dan Pencatatan Sipil Kota Pangkalpinang",
        "official": "Kepala Seksi Pelayanan",
        "place": "19.71",
        "event_date": "2026-01-10",
        "title": "Diminta membayar untuk pembuatan KTP",
        "chronology": f"Saya {NAME} ({PHONE}, {EMAIL}) diminta membayar Rp 200.000.",
        "remedy_sought": "Uang dikembalikan.",
        "raised_before": "ya",
        "prior_complaint": "12 Januari 2026 lewat surat, tidak dijawab.",
        "prior_complaint_date": "2026-01-12",
        "consent": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.mark.parametrize("formatter", [plain_formatter, json_formatter], ids=["plain", "json"])
def test_a_report_leaves_no_personal_data_in_the_logs(formatter, office, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = Client(headers={"accept-language": "en"})
    with Capture(formatter()) as capture:
        refused = client.post("/lapor/", report(consent=None))  # the form comes back
        assert refused.status_code == 400
        sent = client.post("/lapor/", report(), HTTP_X_REQUEST_ID="report-1")
        assert sent.status_code == 302
        client.get("/lacak/", {"ref": "X", "code": NIK})  # a wrong tracking attempt
        client.post("/kantor/masuk/", {"username": EMAIL, "password": NIK})
        logging.getLogger("aduan.test").info("a line the test is sure to see")
    text = capture.text
    assert "a line the test is sure to see" in text
    for value in PERSONAL:
        assert value not in text, f"{value!r} appears in the logs:\n{text}"


def test_each_request_gets_an_id_on_its_log_lines_and_in_its_response(client, settings):
    seen = []

    def view_logs(record):
        if record.name == "django.request":
            seen.append(record.request_id)
        return True

    with Capture(plain_formatter()) as capture:
        capture.handler.addFilter(view_logs)
        response = client.get("/no-such-page/", HTTP_X_REQUEST_ID="lb-abc-123")
    assert response.status_code == 404
    assert response["X-Request-ID"] == "lb-abc-123"
    assert seen == ["lb-abc-123"]
    assert "[lb-abc-123] Not Found: /no-such-page/" in capture.text


@pytest.mark.parametrize("header", ["bad id with spaces", "x" * 200, "a\nforged line", ""])
def test_an_unusable_request_id_is_replaced(client, db, header):
    response = client.get("/sehat/", HTTP_X_REQUEST_ID=header)
    rid = response["X-Request-ID"]
    assert rid != header and len(rid) == 32 and rid.isalnum()


def test_two_requests_get_two_ids(client, db):
    assert client.get("/sehat/")["X-Request-ID"] != client.get("/sehat/")["X-Request-ID"]


def test_json_lines_carry_level_logger_message_and_request_id():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(json_formatter())
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("aduan.test.json")
    logger.addHandler(handler)
    token = logs.request_id.set("req-42")
    try:
        logger.warning("inbox %s waiting", 3)
    finally:
        logs.request_id.reset(token)
        logger.removeHandler(handler)
    line = json.loads(stream.getvalue())
    assert line["level"] == "WARNING" and line["logger"] == "aduan.test.json"
    assert line["message"] == "inbox 3 waiting" and line["request_id"] == "req-42"
    assert "time" in line


def test_a_task_in_the_worker_logs_with_its_id():
    from types import SimpleNamespace

    record = logging.LogRecord("aduan.worker", logging.INFO, __file__, 1, "sent", (), None)
    logs.task_started(sender=None, task_result=SimpleNamespace(id="task-7"))
    try:
        RequestIdFilter().filter(record)
    finally:
        logs.task_finished(sender=None, task_result=None)
    assert record.request_id == "task-7" and record.task_id == "task-7"
    after = logging.LogRecord("aduan.worker", logging.INFO, __file__, 1, "idle", (), None)
    RequestIdFilter().filter(after)
    assert after.request_id == "-"


def test_settings_choose_the_format():
    from django.conf import settings

    assert settings.LOGGING["handlers"]["console"]["formatter"] in {"plain", "json"}
    assert "request_id" in settings.LOGGING["handlers"]["console"]["filters"]
    assert Inbound  # the intake models load with the logging configuration
