"""The case page asks ``permissions.can`` once per action button; the offices a person may see
are read once per request (``scoping.office_ids_for``), not once per question."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from aduan.cases import permissions
from aduan.directory.scoping import sees_office

# Before the offices were memoised the examiner's case page ran 70 queries, 26 of them the
# same "SELECT 1 FROM directory_office".
BEFORE = 70


def test_the_case_page_reads_the_offices_once(
    client, receive, walk, examiner, django_assert_max_num_queries
):
    case = walk(receive(confidential=True), "examination")
    client.force_login(examiner)
    client.get(f"/kantor/laporan/{case.pk}/")
    with django_assert_max_num_queries(BEFORE - 20):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/kantor/laporan/{case.pk}/").status_code == 200
    office_reads = [q for q in captured.captured_queries if 'FROM "directory_office"' in q["sql"]]
    assert len([q for q in office_reads if q["sql"].startswith("SELECT 1")]) == 0
    assert len(office_reads) <= 3


def test_the_memo_follows_a_change_of_office(receive, examiner, other_office):
    case = receive()
    assert permissions.can(examiner, "receive", case)
    examiner.office = other_office
    assert not sees_office(examiner, case.office)
    assert not permissions.can(examiner, "receive", case)


def test_repeated_checks_read_the_offices_once(receive, examiner, django_assert_num_queries):
    case = receive()
    examiner.refresh_from_db()
    with django_assert_num_queries(1):
        for _ in range(10):
            sees_office(examiner, case.office)
