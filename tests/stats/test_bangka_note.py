"""A quarterly note like the one Ombudsman RI's Bangka Belitung office published for Q1 2022
(DOMAIN.md §6): 480 complaints received January–March, 294 of them in March driven by a
power-outage posko; reports handled in examination with their closure rate; reports from the
previous year still open. The reports are entered through the REST API, as a desk application
would; the examination steps go through the services under a simulated clock."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from aduan.cases import services as sv
from aduan.cases.models import Case
from aduan.demo.cases import _Clock, _simulated_time
from aduan.stats import report
from tests.api.conftest import FORMAL_OK, MATERIAL_OK, api  # noqa: F401

WIB = ZoneInfo("Asia/Jakarta")
# Month → (reports, of which through the power-outage posko about electricity)
MONTHS = {1: (92, 0), 2: (94, 0), 3: (294, 240)}
HANDLED_NEW, CLOSED_NEW = 71, 60  # registered in Q1, of which closed in Q1
CARRIED, CARRIED_CLOSED = 11, 7  # registered in 2021 and still open on 1 January


def _moment(month: int, number: int) -> dt.datetime:
    day = 1 + number % 28
    return dt.datetime(2022, month, day, 8 + number % 9, number % 60, tzinfo=WIB)


def test_a_quarterly_note_like_bangka_belitung_q1_2022(
    api,  # noqa: F811
    office,
    pvl_assistant,
    head_of_office,
    head_of_unit,
    examiner,
):
    client = api(pvl_assistant)
    exam_unit = office.units.get(code="pemeriksaan")

    def post(received_at: dt.datetime, **fields) -> int:
        body = {
            "title": "Pengaduan",
            "channel": "datang-langsung",
            "substance": "adminduk",
            "received_at": received_at.isoformat(),
            "reporters": [{"name": "Warga"}],
            **fields,
        }
        response = client.post("/cases", body)
        assert response.status_code == 201, response.content
        return response.json()["id"]

    def register(case_id: int, when: dt.datetime) -> Case:
        case = Case.objects.get(pk=case_id)
        with _simulated_time(_Clock(when)):
            case = sv.case_verify_formal(case=case, actor=pvl_assistant, items=FORMAL_OK)
            case = sv.case_verify_material(case=case, actor=pvl_assistant, items=MATERIAL_OK)
            return sv.case_register(
                case=case, actor=head_of_office, unit=exam_unit, assignee=examiner
            )

    def close(case: Case, when: dt.datetime) -> None:
        with _simulated_time(_Clock(when)):
            sv.case_close(
                case=case,
                actor=head_of_unit,
                closure_mode="klarifikasi-tertulis",
                closure_reason="hak-pelapor-dipulihkan",
            )

    # From 2021: registered in December, still open on 1 January 2022.
    carried = [
        register(
            post(dt.datetime(2021, 11, 1 + n, 9, tzinfo=WIB)),
            dt.datetime(2021, 12, 6, 9, n, tzinfo=WIB),
        )
        for n in range(CARRIED)
    ]
    ids: dict[int, list[int]] = {}
    for month, (count, posko) in MONTHS.items():
        ids[month] = []
        for number in range(count):
            extra = (
                {"channel": "posko", "substance": "energi-kelistrikan"} if number < posko else {}
            )
            ids[month].append(post(_moment(month, number), **extra))
    # Registered in Q1 (from January and February), most closed by the end of March.
    new = [
        register(case_id, dt.datetime(2022, 2, 25, 9, n % 60, tzinfo=WIB))
        for n, case_id in enumerate((ids[1] + ids[2])[:HANDLED_NEW])
    ]
    for case in new[:CLOSED_NEW]:
        close(case, dt.datetime(2022, 3, 25, 10, tzinfo=WIB))
    for case in carried[:CARRIED_CLOSED]:
        close(case, dt.datetime(2022, 2, 15, 10, tzinfo=WIB))

    data = report.build(kind="quarterly", year=2022, quarter=1, office=office)

    assert data["received"]["reports"] == 480
    assert [m["reports"] for m in data["received"]["by_month"]] == [92, 94, 294]
    assert data["peak_month"]["substance"]["code"] == "energi-kelistrikan"
    assert data["peak_month"]["channel"]["code"] == "posko"
    exam = data["examination"]
    assert exam["handled"] == HANDLED_NEW + CARRIED == 82
    assert exam["closed"] == CLOSED_NEW + CARRIED_CLOSED == 67
    assert exam["closure_rate"] == 81.71
    assert data["carried_over"]["open_at_end"] == CARRIED - CARRIED_CLOSED
    text = data["narrative"]
    assert text.startswith(
        "Selama Januari–Maret 2022, Ombudsman RI Perwakilan Kepulauan Bangka Belitung "
        "menerima 480 laporan pengaduan; terbanyak pada Maret (294), terutama substansi "
        "energi dan kelistrikan melalui posko pengaduan."
    )
    assert (
        "Sebanyak 82 laporan ditangani dalam tahap pemeriksaan dan 67 di antaranya selesai, "
        "dengan tingkat penyelesaian 81,71%." in text
    )
    assert "Sebanyak 4 laporan dari tahun sebelumnya masih dalam proses." in text
