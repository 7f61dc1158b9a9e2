"""activity_counts: what the quarterly report says about prevention activities."""

from __future__ import annotations

import datetime as dt

import pytest

from aduan.directory.models import User
from aduan.prevention import services as sv
from aduan.prevention.selectors import activity_counts

Q1 = (dt.date(2025, 1, 1), dt.date(2025, 3, 31))


@pytest.fixture
def known(office, other_office, make_activity, receive, pvl_assistant):
    """In Q1 2025 at babel: 3 OTS at 2 places (one on the first, one on the last day), a
    coaching clinic, a posko that began in Q1 and ends in Q2; outside: one OTS the day before
    and one the day after the quarter, and an OTS of the other office."""
    ots1 = make_activity(start=dt.date(2025, 1, 1), place="Pasar Pagi", reports_taken=5)
    make_activity(start=dt.date(2025, 2, 1), place="  pasar   PAGI ", reports_taken=3)
    make_activity(start=dt.date(2025, 3, 31), place="Pelabuhan", reports_taken=2)
    make_activity(kind="coaching", start=dt.date(2025, 2, 2), participants_total=30)
    make_activity(
        kind="posko", start=dt.date(2025, 3, 30), end_date=dt.date(2025, 4, 10), reports_taken=7
    )
    make_activity(start=dt.date(2024, 12, 31), place="Luar", reports_taken=100)
    make_activity(start=dt.date(2025, 4, 1), place="Luar 2", reports_taken=100)
    outsider_staff = User.objects.create(
        username="sulsel-staff", office=other_office, role="asisten"
    )
    sv.activity_create(
        office=other_office,
        actor=outsider_staff,
        fields={
            "kind": "ots",
            "title": "OTS Makassar",
            "start_date": dt.date(2025, 2, 1),
            "place": "Makassar",
            "reports_taken": 50,
        },
    )
    case = receive()
    sv.activity_link_cases(activity=ots1, actor=pvl_assistant, cases=[case])
    return office, other_office


def test_counts_in_one_office_include_both_edges(known):
    office, _other = known
    counts = activity_counts((office.pk,), *Q1)
    kinds = {kind["code"]: kind for kind in counts.pop("kinds")}
    assert counts == {
        "by_kind": {
            "ots": 3,
            "coaching": 1,
            "klinik-internal": 0,
            "klinik-instansi": 0,
            "nampel": 0,
            "posko": 1,
            "sosialisasi": 0,
            "koordinasi": 0,
            "monitoring": 0,
            "studi-banding": 0,
        },
        "total": 5,
        "reports_taken": 17,
        "linked_cases": 1,
        "ots_locations": 2,
        "participants": 30,
        "findings": 0,
        "counterparts": [],
    }
    assert kinds["coaching"] == {
        "code": "coaching",
        "name": "Klinik pengaduan masyarakat",
        "category": "klinik",
        "count": 1,
    }
    assert list(kinds) == list(counts["by_kind"])  # the kinds' order


def test_counts_of_every_office(known):
    counts = activity_counts(None, *Q1)
    assert counts["by_kind"]["ots"] == 4
    assert counts["ots_locations"] == 3
    assert counts["reports_taken"] == 67


def test_counts_of_an_empty_period(known):
    office, _other = known
    counts = activity_counts((office.pk,), dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    assert counts["total"] == 0 and counts["ots_locations"] == 0
    assert set(counts["by_kind"].values()) == {0}


def test_one_day_period(known):
    office, _other = known
    counts = activity_counts((office.pk,), dt.date(2025, 3, 31), dt.date(2025, 3, 31))
    assert counts["total"] == 1 and counts["reports_taken"] == 2
