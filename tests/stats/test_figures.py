"""Every figure of the quarterly report over known data, made through the services under a
simulated clock: receipts by month and dimension, decisions, handled in examination, the closure
rate, carry-over, clocks, time in state, and the period's edges in the office's time zone."""

from __future__ import annotations

import datetime as dt
import json
from contextlib import contextmanager
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from aduan.cases import services as sv
from aduan.demo.cases import _Clock, _simulated_time
from aduan.reference.models import Substance
from aduan.stats import report
from aduan.stats.selectors import Period, Scope, received
from tests.api.conftest import FORMAL_OK, MATERIAL_OK

WIB = ZoneInfo("Asia/Jakarta")


def at(day: str, hour: int = 10, minute: int = 0) -> dt.datetime:
    y, m, d = (int(p) for p in day.split("-"))
    return dt.datetime(y, m, d, hour, minute, tzinfo=WIB)


@contextmanager
def clock(moment: dt.datetime):
    with _simulated_time(_Clock(moment)):
        yield


@pytest.fixture
def q1(office, pvl_assistant, head_of_office, head_of_unit, examiner, agency_tree):
    """Known data around Q1 2022 of the test office (Asia/Jakarta)."""
    exam_unit = office.units.get(code="pemeriksaan")
    energy = Substance.objects.get(code="energi-kelistrikan")

    def receive(when, **extra):
        data = {
            "office": office,
            "intake_type": "lm",
            "channel": "web",
            "title": "Laporan",
            "reporters": [{"name": "Pelapor"}],
            "agency": agency_tree["health"],
            "received_at": when,
        }
        data.update(extra)
        with clock(when):
            return sv.case_receive(**data)

    def register(case, when):
        with clock(when):
            case = sv.case_verify_formal(case=case, actor=pvl_assistant, items=FORMAL_OK)
            case = sv.case_verify_material(case=case, actor=pvl_assistant, items=MATERIAL_OK)
            return sv.case_register(
                case=case, actor=head_of_office, unit=exam_unit, assignee=examiner
            )

    def close(case, when):
        with clock(when):
            return sv.case_close(
                case=case,
                actor=head_of_unit,
                closure_mode="klarifikasi-tertulis",
                closure_reason="hak-pelapor-dipulihkan",
            )

    # Carried over from 2021: two registered in December 2021, one closed in February 2022.
    old_a = register(receive(at("2021-11-02")), at("2021-12-01"))
    old_b = register(receive(at("2021-11-03")), at("2021-12-02"))
    close(old_a, at("2022-02-10"))
    # 2021, closed in 2021: neither carried over nor handled.
    close(register(receive(at("2021-10-01")), at("2021-10-05")), at("2021-12-20"))
    # Q1 2022 receipts: January 4 (web), February 2 (email), March 6 (posko, electricity).
    january = [receive(at("2022-01-10", 9 + i)) for i in range(4)]
    february = [receive(at("2022-02-14", 9 + i), channel="email") for i in range(2)]
    march = [receive(at("2022-03-20", 8 + i), channel="posko", substance=energy) for i in range(5)]
    # The last minute of March in Jakarta is Q1; the first minute of April is not.
    march.append(receive(at("2022-03-31", 23, 59), channel="posko", substance=energy))
    receive(at("2022-04-01", 0, 0))
    receive(at("2021-12-31", 23, 59))
    receive(at("2022-03-05"), intake_type="knl")
    receive(at("2022-03-06"), intake_type="knl")
    receive(at("2022-01-20"), intake_type="tembusan")
    # Decisions in Q1: three registered (two closed in March), one rejected, one not within
    # authority.
    registered = [register(case, at("2022-01-25", 9 + i)) for i, case in enumerate(january[:3])]
    close(registered[0], at("2022-03-01"))
    close(registered[1], at("2022-03-02"))
    with clock(at("2022-02-20")):
        case = sv.case_verify_formal(case=january[3], actor=pvl_assistant, items=FORMAL_OK)
        case = sv.case_verify_material(case=case, actor=pvl_assistant, items=MATERIAL_OK)
        sv.case_reject(case=case, actor=head_of_office, reason="a-belum-disampaikan")
        case = sv.case_verify_formal(case=february[0], actor=pvl_assistant, items=FORMAL_OK)
        case = sv.case_verify_material(case=case, actor=pvl_assistant, items=MATERIAL_OK)
        sv.case_not_within_authority(case=case, actor=head_of_office)
    return {"office": office, "old_b": old_b, "registered": registered}


def build(office):
    return report.build(kind="quarterly", year=2022, quarter=1, office=office)


def test_items_received_by_type_month_channel_and_substance(q1):
    data = build(q1["office"])["received"]
    assert data["reports"] == 12
    assert data["separate"] == {"knl": 2, "tembusan": 1}
    assert data["total_items"] == 15
    assert data["by_intake_type"]["lm"] == 12
    assert data["by_month"] == [
        {"month": "2022-01", "reports": 4, "knl": 0, "tembusan": 1},
        {"month": "2022-02", "reports": 2, "knl": 0, "tembusan": 0},
        {"month": "2022-03", "reports": 6, "knl": 2, "tembusan": 0},
    ]
    channels = {row["code"]: row["count"] for row in data["by_channel"]}
    assert channels == {"web": 4, "email": 2, "posko": 6}
    assert data["by_substance"][0]["code"] == "energi-kelistrikan"
    assert data["by_substance"][0]["count"] == 6
    assert {row["code"]: row["count"] for row in data["by_agency_group"]} == {
        "pemerintah-daerah": 12
    }


def test_decisions_examination_and_the_closure_rate(q1):
    data = build(q1["office"])
    decisions = data["decisions"]
    assert decisions["registered"] == 3
    assert decisions["rejected"] == 1
    assert decisions["rejected_by_reason"][0]["code"] == "a-belum-disampaikan"
    assert decisions["not_within_authority"] == 1
    exam = data["examination"]
    # Handled: the 2 carried in from 2021 + 3 registered in Q1; closed in Q1: 1 old + 2 new.
    assert exam["handled"] == 5
    assert exam["carried_in"] == 2 and exam["started"] == 3
    assert exam["closed"] == 3
    assert exam["open_at_end"] == 2
    assert exam["closure_rate"] == 60.0
    assert "Closure rate" in data["definitions"]["closure_rate"] or data["definitions"][
        "closure_rate"
    ].startswith("Tingkat")


def test_carry_over_from_previous_years(q1):
    carried = build(q1["office"])["carried_over"]
    # Received in 2021 and open on 1 January 2022: the two registered ones and the one received
    # on 31 December; one of the registered was closed in February.
    assert carried == {"at_start": 3, "closed_in_period": 1, "open_at_end": 2}


def test_clocks_and_time_in_state(q1):
    data = build(q1["office"])
    states = {row["state"]: row for row in data["time_in_state"]}
    # The examinations closed in Q1 lasted 71 (1 Dec → 10 Feb), 35 and 36 days: median 36.
    assert states["pemeriksaan"]["moves"] == 3
    assert states["pemeriksaan"]["median_days"] == 36
    assert all(row["median_days"] is not None for row in data["time_in_state"])
    for row in data["clocks"]:
        assert row["met"] + row["missed"] > 0
        assert 0 <= row["on_time_rate"] <= 100


def test_the_previous_quarter_and_the_narrative(q1):
    data = build(q1["office"])
    assert data["previous_period"]["label"] == "Oktober–Desember 2021"
    assert data["previous_period"]["reports"] == 4
    text = data["narrative"]
    assert text.startswith("Selama Januari–Maret 2022, ")
    assert "menerima 12 laporan pengaduan serta 2 konsultasi dan 1 tembusan" in text
    assert "terbanyak pada Maret (6), terutama substansi energi dan kelistrikan" in text
    assert "melalui posko pengaduan" in text
    assert "tingkat penyelesaian 60,00%" in text


def test_national_scope_adds_every_office(q1, other_office):
    sv.case_receive(
        office=other_office,
        intake_type="lm",
        channel="web",
        title="Lain",
        reporters=[{"name": "X"}],
        received_at=at("2022-02-01"),
    )
    national = report.build(kind="quarterly", year=2022, quarter=1)
    assert national["received"]["reports"] == 13
    assert national["office"]["code"] is None
    only = received(Scope.for_office(q1["office"], Period.quarter(2022, 1)))
    assert only["reports"] == 12


def test_the_annual_report_and_the_command_json(q1, tmp_path):
    annual = report.build(kind="annual", year=2022, office=q1["office"])
    assert annual["received"]["reports"] == 13  # April's one too
    assert len(annual["received"]["by_month"]) == 12
    out = tmp_path / "q1.json"
    call_command(
        "report",
        "quarterly",
        "--office",
        q1["office"].code,
        "--year",
        "2022",
        "--quarter",
        "1",
        "--output",
        str(out),
    )
    data = json.loads(out.read_text())
    assert data["examination"]["closure_rate"] == 60.0
    assert data["received"]["by_month"][2]["reports"] == 6


def test_the_command_refuses_bad_input_with_what_to_do(q1):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--quarter"):
        call_command("report", "quarterly", "--year", "2022")
    with pytest.raises(CommandError, match="No office has the code"):
        call_command("report", "annual", "--year", "2022", "--office", "nope")
    with pytest.raises(CommandError, match="out of range"):
        call_command("report", "annual", "--year", "0")
    with pytest.raises(CommandError, match="--output"):
        call_command("report", "annual", "--year", "2022", "--format", "pdf")


def test_periods():
    assert Period.quarter(2022, 1) == Period(dt.date(2022, 1, 1), dt.date(2022, 3, 31))
    assert Period.quarter(2024, 4).previous() == Period.quarter(2024, 3)
    assert Period.quarter(2024, 1).previous() == Period.quarter(2023, 4)
    assert Period.year(2024).previous() == Period.year(2023)
    with pytest.raises(ValueError):
        Period.quarter(2024, 5)


def test_prevention_activities_flow_into_the_report(q1, pvl_assistant):
    from aduan.prevention.services import activity_create

    for place in ("Pasar Pangkalpinang", "pasar  pangkalpinang", "Terminal Girimaya"):
        activity_create(
            office=q1["office"],
            actor=pvl_assistant,
            fields={
                "kind": "ots",
                "title": "On The Spot",
                "place": place,
                "start_date": dt.date(2022, 2, 3),
                "reports_taken": 4,
            },
        )
    activity_create(
        office=q1["office"],
        actor=pvl_assistant,
        fields={
            "kind": "coaching",
            "title": "Klinik pengaduan",
            "place": "Kantor",
            "start_date": dt.date(2022, 3, 9),
        },
    )
    activity_create(  # the next quarter: not counted
        office=q1["office"],
        actor=pvl_assistant,
        fields={
            "kind": "ots",
            "title": "OTS",
            "place": "Bandara",
            "start_date": dt.date(2022, 4, 1),
        },
    )
    data = build(q1["office"])
    activities = data["prevention"]["activities"]
    assert activities["by_kind"]["ots"] == 3 and activities["ots_locations"] == 2
    assert activities["by_kind"]["coaching"] == 1
    assert "On The Spot di 2 lokasi, 1 klinik pengaduan" in data["narrative"]
