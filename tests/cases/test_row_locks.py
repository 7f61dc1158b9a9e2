"""Row locks take the row they guard and nothing more (PostgreSQL). A lock taken through a join
without ``OF`` also locks the joined office, rule or user row, and two services that each hold
a case and wait for the office deadlock (two verifications side by side did, on two hosts)."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from aduan.cases import examination as ex
from aduan.cases import services as sv
from aduan.cases.sweeper import sweep
from tests.cases.conftest import FORMAL_OK
from tests.conftest import receive_deliveries

pytestmark = pytest.mark.django_db

LOCK = re.compile(r"\bFOR (NO KEY )?UPDATE\b")


def _locking(queries) -> list[str]:
    return [q["sql"] for q in queries if LOCK.search(q["sql"])]


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("row locks are taken on PostgreSQL (SQLite locks the whole database)")


def test_no_lock_through_a_join_takes_the_joined_rows(
    postgresql, walk, receive, pvl_assistant, examiner
):
    with CaptureQueriesContext(connection) as queries:
        sv.case_verify_formal(
            case=receive(), actor=pvl_assistant, items={**FORMAL_OK, "kontak": False}
        )
        case = walk(receive(), "examination")
        ex.clarification_request(case=case, actor=examiner, questions="Dasar hukumnya?")
        receive_deliveries(case)
        sweep()
    locking = _locking(queries.captured_queries)
    assert locking, "the walk took no row lock: the test no longer sees what it checks"
    joined = [sql for sql in locking if " JOIN " in sql and " OF " not in sql]
    assert joined == []


def test_a_locked_case_still_takes_new_rows_that_point_to_it(postgresql, receive, pvl_assistant):
    """A case is locked FOR NO KEY UPDATE: rows referring to it (a worker's suggestion, a
    grouping) are not held up by the key-share check of their foreign key."""
    with CaptureQueriesContext(connection) as queries:
        sv.case_verify_formal(case=receive(), actor=pvl_assistant, items=FORMAL_OK)
    case_locks = [sql for sql in _locking(queries.captured_queries) if '"cases_case"' in sql]
    assert case_locks
    assert all("FOR NO KEY UPDATE" in sql for sql in case_locks), case_locks
