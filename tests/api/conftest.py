"""An API client per persona: ``api(persona).post("/cases", {...})`` with a real bearer token."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from aduan.api.services import token_create
from aduan.cases.checklists import FORMAL_ITEMS, MATERIAL_ITEMS

BASE = "/api/v1"
FORMAL_OK = {code: (None if opt else True) for code, (_l, _b, opt) in FORMAL_ITEMS.items()}
MATERIAL_OK = dict.fromkeys(MATERIAL_ITEMS, True)


class ApiClient:
    """JSON in, JSON out, with ``Authorization: Bearer <secret>`` (or none)."""

    def __init__(self, secret: str | None = None, language: str | None = None):
        self.client = Client()
        self.headers = {}
        if secret is not None:
            self.headers["Authorization"] = f"Bearer {secret}"
        if language is not None:
            self.headers["Accept-Language"] = language

    def get(self, path, params=None, **headers):
        return self.client.get(BASE + path, params or {}, headers={**self.headers, **headers})

    def post(self, path, data=None, **headers):
        return self._send(self.client.post, path, data, headers)

    def patch(self, path, data=None, **headers):
        return self._send(self.client.patch, path, data, headers)

    def _send(self, method, path, data, headers):
        return method(
            BASE + path,
            json.dumps(data if data is not None else {}),
            content_type="application/json",
            headers={**self.headers, **headers},
        )


@pytest.fixture
def api():
    """api(user) → a client acting as ``user`` with a new token; api() → no token."""

    def make(user=None, language="en", **kwargs):
        secret = None
        if user is not None:
            _token, secret = token_create(user=user, name=f"tests {user.username}")
        return ApiClient(secret, language=language)

    return make


@pytest.fixture
def report(agency_tree):
    """The body of a regular report (LM) against the health office."""

    def make(**overrides):
        data = {
            "intake_type": "lm",
            "channel": "web",
            "title": "Pungutan biaya pembuatan KTP",
            "reporters": [
                {"name": "Siti Aminah", "email": "siti@example.com", "phone": "081234567890"}
            ],
            "agency_id": agency_tree["health"].pk,
            "substance": "adminduk",
            "chronology": "Diminta membayar Rp100.000 di loket.",
        }
        data.update(overrides)
        return data

    return make


@pytest.fixture
def received(api, pvl_assistant, report):
    """receive(**overrides) → the id of a report received through the API by the PVL desk."""

    def make(**overrides):
        response = api(pvl_assistant).post("/cases", report(**overrides))
        assert response.status_code == 201, response.json()
        return response.json()["id"]

    return make


@pytest.fixture
def walk(api, pvl_assistant, head_of_office, examiner):
    """walk(case_id, "examination") moves a case there through the API."""
    order = ["material", "decision", "examination"]

    def go(case_id, target):
        steps = order[: order.index(target) + 1]
        calls = {
            "material": (pvl_assistant, "verify-formal", {"items": FORMAL_OK}),
            "decision": (pvl_assistant, "verify-material", {"items": MATERIAL_OK}),
            "examination": (
                head_of_office,
                "register",
                {"unit": "pemeriksaan", "assignee": examiner.username},
            ),
        }
        for step in steps:
            user, path, body = calls[step]
            response = api(user).post(f"/cases/{case_id}/{path}", body)
            assert response.status_code == 200, response.json()
        return case_id

    return go
