"""schemathesis against /api/v1/openapi.json: generated requests, bounded, repeatable.

Every operation of the published document gets a fixed number of generated requests (a fixed
seed, so a run is repeatable) with a full-scope token of the head of office. Each response must
not be a server error and must match the document (status code and body). The API's own data
only: the personas of tests/conftest.py and one report received through the API.
"""

from __future__ import annotations

import contextlib
import os
import time

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from aduan.api.services import token_create
from aduan.wsgi import application

EXAMPLES = int(os.environ.get("ADUAN_SCHEMATHESIS_EXAMPLES", "8"))  # per operation
ONLY = os.environ.get("ADUAN_SCHEMATHESIS_ONLY", "")  # e.g. "get /api/v1/cases", to debug
CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance]


@contextlib.contextmanager
def connection_kept_open():
    """Requests through the real WSGI application inside the test's transaction: as Django's
    test client does, the start and end of a request must not close the database connection."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.mark.django_db
def test_generated_requests_get_no_server_error_and_match_the_document(head_of_office, received):
    case_id = received()  # one real case: half the requests on a case name it
    _token, secret = token_create(user=head_of_office, name="schemathesis")
    headers = {"Authorization": f"Bearer {secret}", "Accept-Language": "en"}
    with connection_kept_open():
        failures, operations, elapsed = run_every_operation(headers, {"case_id": case_id})
    assert operations > 40
    assert not failures, "\n\n".join(failures)
    assert elapsed < 240


def run_every_operation(
    headers: dict[str, str], real_ids: dict[str, int]
) -> tuple[list[str], int, float]:
    """Each operation with generated requests; an operation on a case also with the real
    case's id (the rest of the request still generated)."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    failures: list[str] = []
    started = time.monotonic()
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        if ONLY and ONLY not in f"{operation.method} {operation.path}":
            continue

        fixed = {name: value for name, value in real_ids.items() if f"{{{name}}}" in operation.path}
        runs = [
            (operation.as_strategy(), CHECKS),
            # Out of the document's bounds on purpose: refused with a 4xx, never a 500.
            (operation.as_strategy(GenerationMode.NEGATIVE), [not_a_server_error]),
        ]
        if fixed:
            runs.append((operation.as_strategy(path_parameters=fixed), CHECKS))
        for strategy, checks in runs:
            check = make_check(headers, checks)
            try:
                given(case=strategy)(
                    settings(
                        max_examples=EXAMPLES,
                        deadline=None,
                        derandomize=True,
                        database=None,
                        phases=[Phase.explicit, Phase.generate],
                        suppress_health_check=list(HealthCheck),
                    )(check)
                )()
            except (Exception, BaseExceptionGroup) as exc:
                failures.append(f"{operation.method.upper()} {operation.path}: {exc}")
    return failures, operations, time.monotonic() - started


def make_check(headers, checks):
    def check(case):
        response = case.call(headers=headers)
        case.validate_response(response, checks=checks)

    return check
