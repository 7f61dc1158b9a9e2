"""Deliveries and waiting clocks on the case page, the API and the liaison portal; the tanda
terima form (decision 0018)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from aduan.api.services import token_create
from aduan.cases import services as sv
from aduan.deadlines.models import Deadline
from tests.api.conftest import ApiClient
from tests.conftest import FORMAL_OK

pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Jakarta")


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(10), tzinfo=WIB)


@pytest.fixture
def posted(time_machine, receive, pvl_assistant):
    """A request to complete posted on 2 February 2026; today is 10 February."""
    time_machine.move_to(_at(dt.date(2026, 2, 2)), tick=False)
    case = receive(
        reporters=[{"name": "Siti Aminah", "address": "Jl. Merdeka 1", "contact_channel": "pos"}]
    )
    case = sv.case_verify_formal(
        case=case, actor=pvl_assistant, items={**FORMAL_OK, "kontak": False}
    )
    time_machine.move_to(_at(dt.date(2026, 2, 10)), tick=False)
    return case


def _page(client, case):
    return client.get(f"/kantor/laporan/{case.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def _receipt(client, case, **data):
    return client.post(
        f"/kantor/laporan/{case.pk}/aksi/receipt/",
        {
            "delivery": case.deliveries.get().pk,
            "received_on": "2026-02-04",
            "basis": "tanda_terima",
            **data,
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )


def test_the_case_page_lists_deliveries_and_waiting_clocks(client, posted, pvl_assistant):
    client.force_login(pvl_assistant)
    page = _page(client, posted)
    assert 'id="deliveries"' in page
    assert "request to complete the report" in page
    assert "waiting for receipt — presumed on 9 February 2026" in page
    assert "Waiting for receipt: the clock starts when the reporter receives" in page
    assert "/aksi/receipt/" in page


def test_staff_record_the_tanda_terima_on_the_case_page(client, posted, pvl_assistant):
    client.force_login(pvl_assistant)
    assert _receipt(client, posted, note="TT 7/II").status_code == 302
    clock = Deadline.objects.get(case=posted, rule__code="melengkapi-laporan")
    assert (clock.state, clock.start_date, clock.due_date) == (
        "open",
        dt.date(2026, 2, 4),
        dt.date(2026, 3, 6),
    )
    page = _page(client, posted)
    assert "4 February 2026 (tanda terima (receipt slip)) — TT 7/II" in page
    assert "Started by the receipt of the request to complete the report" in page
    assert "/aksi/receipt/" not in page  # nothing left to enter


def test_a_receipt_before_sending_is_refused_on_the_page(client, posted, pvl_assistant):
    client.force_login(pvl_assistant)
    response = _receipt(client, posted, received_on="2026-01-30")
    assert response.status_code == 400
    assert "is before the document was sent (2026-02-02)" in response.content.decode()
    assert Deadline.objects.get(case=posted, rule__code="melengkapi-laporan").state == "waiting"


def test_a_role_without_case_work_is_refused_the_form(client, posted, administrator):
    client.force_login(administrator)
    assert "/aksi/receipt/" not in _page(client, posted)
    assert _receipt(client, posted).status_code in {400, 403, 404}
    assert Deadline.objects.get(case=posted, rule__code="melengkapi-laporan").state == "waiting"


def test_the_api_shows_a_waiting_clock_with_null_dates(posted, pvl_assistant):
    _token, secret = token_create(user=pvl_assistant, name="tests")
    data = ApiClient(secret, language="en").get(f"/cases/{posted.pk}").json()
    waiting = next(c for c in data["clocks"] if c["rule"] == "melengkapi-laporan")
    assert (waiting["state"], waiting["waiting"], waiting["start"], waiting["due"]) == (
        "waiting",
        True,
        None,
        None,
    )
    assert "Waiting for receipt" in waiting["explanation"][0]
