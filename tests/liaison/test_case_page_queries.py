"""The liaison's case page reads what waits on that case, not the agency's whole inbox: its
queries do not grow with the other cases addressed to the agency (decision 0021)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def _queries(portal, case):
    portal.get(f"/instansi/laporan/{case.pk}/")
    with CaptureQueriesContext(connection) as captured:
        assert portal.get(f"/instansi/laporan/{case.pk}/").status_code == 200
    return len(captured.captured_queries)


def test_the_case_page_costs_the_same_however_busy_the_inbox(asked, portal):
    case, _request = asked()
    alone = _queries(portal, case)
    for _ in range(4):
        asked()  # more cases with a request waiting for the same agency
    assert _queries(portal, case) == alone
    assert alone <= 40
