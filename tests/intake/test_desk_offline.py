"""Offline field devices: a laptop at an On The Spot desk or a posko queues reports and sends
them later through POST /api/v1/cases with an Idempotency-Key. A replayed queue (twice, out of
order) gives each report once, and ``received_at`` is the time the person reported."""

from __future__ import annotations

import datetime as dt
import json
import random

import pytest
from django.test import Client

from aduan.api.services import token_create
from aduan.cases.models import Case, Reporter

pytestmark = pytest.mark.django_db
WIB = dt.timezone(dt.timedelta(hours=7))


@pytest.fixture
def device(pvl_assistant):
    """The posko laptop: a client with the PVL desk's token."""
    _token, secret = token_create(user=pvl_assistant, name="Laptop posko")
    client = Client(headers={"authorization": f"Bearer {secret}", "accept-language": "en"})

    def send(report, key=None):
        headers = {"Idempotency-Key": key} if key else {}
        return client.post(
            "/api/v1/cases", json.dumps(report), content_type="application/json", headers=headers
        )

    return send


def _queued(n: int, *, start: dt.datetime):
    """What the laptop stored while offline: one report every ten minutes, each with its key."""
    return [
        (
            f"posko-laptop-1:{i:04d}",
            {
                "intake_type": "lm",
                "channel": "posko",
                "event_tag": "Posko pemadaman listrik",
                "title": f"Listrik padam di rumah pelapor {i}",
                "reporters": [{"name": f"Warga {i}", "phone": f"0812{i:06d}"}],
                "received_at": (start + dt.timedelta(minutes=10 * i)).isoformat(),
            },
        )
        for i in range(n)
    ]


def test_a_queue_replayed_twice_out_of_order_gives_each_report_once(device, office):
    start = dt.datetime(2026, 3, 12, 8, 0, tzinfo=WIB)
    queue = _queued(12, start=start)
    replay = queue + queue  # the sync was cut off and started again from the beginning
    random.Random(7).shuffle(replay)
    answers = {}
    for key, report in replay:
        response = device(report, key)
        assert response.status_code == 201, response.json()
        answers.setdefault(key, set()).add(response.json()["id"])
    assert all(len(ids) == 1 for ids in answers.values())  # a retry answers the first case
    assert Case.objects.count() == 12 and Reporter.objects.count() == 12
    sequences = sorted(Case.objects.values_list("sequence", flat=True))
    assert sequences == list(range(1, 13))  # gapless references, whatever the order
    for key, report in queue:
        case = Case.objects.get(pk=next(iter(answers[key])))
        assert case.title == report["title"] and case.event_tag == "Posko pemadaman listrik"
        # the time the person reported, not the time of the sync
        assert case.received_at == dt.datetime.fromisoformat(report["received_at"])


def test_the_completeness_clock_starts_when_the_person_reported(device, office):
    from aduan.deadlines.models import Deadline

    reported = dt.datetime(2026, 3, 12, 9, 0, tzinfo=WIB)
    key, report = _queued(1, start=reported)[0]
    case_id = device(report, key).json()["id"]
    clock = Deadline.objects.get(case_id=case_id, rule__code="pemberitahuan-kelengkapan")
    assert clock.due_date <= dt.date(2026, 3, 12) + dt.timedelta(days=15)


def test_a_received_at_in_the_future_is_refused(device, office):
    tomorrow = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    key, report = _queued(1, start=tomorrow)[0]
    response = device(report, key)
    assert response.status_code == 422
    assert response.json()["fields"] == ["body.received_at"]
    assert not Case.objects.exists()


def test_a_device_clock_a_little_fast_is_read_as_now(device, office):
    ahead = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=2)
    key, report = _queued(1, start=ahead)[0]
    response = device(report, key)
    assert response.status_code == 201
    assert Case.objects.get().received_at <= dt.datetime.now(dt.UTC)


def test_a_received_at_without_a_time_zone_is_refused(device, office):
    key, report = _queued(1, start=dt.datetime(2026, 3, 12, 9, 0, tzinfo=WIB))[0]
    report["received_at"] = "2026-03-12T09:00:00"
    response = device(report, key)
    assert response.status_code == 422
    assert response.json()["fields"] == ["body.received_at"]


def test_the_openapi_document_describes_received_at(device, office):
    schema = Client().get("/api/v1/openapi.json").json()
    field = schema["components"]["schemas"]["ReportIn"]["properties"]["received_at"]
    assert "not in the future" in field["description"]
