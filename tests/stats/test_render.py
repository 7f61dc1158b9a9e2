"""The report's charts (SVG), PDF and workbook, over cases received through the services."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.utils import timezone, translation
from openpyxl import load_workbook

from aduan.cases import services as sv
from aduan.reference.models import MaladministrationForm, Substance
from aduan.stats import charts, render, report

SHEETS = [
    "Ringkasan",
    "Per bulan",
    "Saluran",
    "Substansi",
    "Kelompok instansi",
    "Instansi",
    "Bentuk maladministrasi",
    "Wilayah",
    "Keputusan",
    "Pemeriksaan",
    "Tenggat",
    "Lama per tahap",
    "Tindak lanjut",
    "Pencegahan",
    "Target",
    "Program kerja",
    "Instansi menolak",
    "Definisi",
]


def this_quarter() -> tuple[int, int, list[dt.datetime]]:
    """The current quarter, and moments in it (none after now) to receive cases at."""
    now = timezone.now()
    year, quarter = report.today_quarter(timezone.localdate())
    first = dt.datetime(year, 3 * quarter - 2, 2, 9, tzinfo=dt.UTC)
    moments = [min(first + dt.timedelta(days=days), now) for days in (0, 12, 35, 40, 62, 70)]
    return year, quarter, moments


@pytest.fixture
def known_data(office, receive, walk, head_of_office, regions):
    """Six reports, a consultation and a copy this quarter; one registered and examined, one
    rejected, one outside the Ombudsman's authority; a formula-looking title."""
    year, quarter, at = this_quarter()
    city, regency = regions["19.71"], regions["19.01"]

    def sub(code):
        return Substance.objects.get(code=code)

    forms = list(MaladministrationForm.objects.filter(code__in=["penundaan-berlarut"]))
    cases = [
        receive(channel="web", received_at=at[0], substance=sub("adminduk"), event_region=city),
        receive(channel="whatsapp", received_at=at[1], substance=sub("adminduk")),
        receive(
            channel="web",
            received_at=at[2],
            substance=sub("kesehatan"),
            event_region=regency,
            maladministration_forms=forms,
        ),
        receive(channel="datang-langsung", received_at=at[3], substance=sub("pendidikan")),
        receive(
            channel="email",
            received_at=at[4],
            substance=sub("adminduk"),
            maladministration_forms=forms,
        ),
        receive(channel="web", received_at=at[5], title="=HYPERLINK(1)", substance=sub("agraria")),
    ]
    receive(intake_type="knl", channel="telepon", received_at=at[1])
    receive(intake_type="tembusan", channel="surat", received_at=at[2])
    walk(cases[0], "lahp")
    decided = walk(cases[1], "decision")
    sv.case_reject(case=decided, actor=head_of_office, reason="a-belum-disampaikan")
    other = walk(cases[2], "decision")
    sv.case_not_within_authority(case=other, actor=head_of_office, note="Urusan perdata.")
    return {"year": year, "quarter": quarter, "cases": cases}


def built(office, known_data) -> dict:
    with translation.override("id"):
        return report.build(
            kind="quarterly", year=known_data["year"], quarter=known_data["quarter"], office=office
        )


# --- charts -----------------------------------------------------------------------------
def test_bar_chart_is_accessible_escaped_and_sums_the_rest():
    rows = [{"code": f"c{i}", "label": f"Dinas <{i}>", "count": 20 - i} for i in range(12)]
    svg = charts.bar_chart(rows, "Per <instansi>", top=5)
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert "<title id=" in svg and "Per &lt;instansi&gt;" in svg
    assert "<desc" in svg and "Dinas &lt;0&gt;: 20" in svg
    assert "<0>" not in svg and "<instansi>" not in svg
    assert "20 (" in svg  # the numbers are printed, not only drawn
    rest = sum(20 - i for i in range(4, 12))
    assert f">{rest} (" in svg and "#8C8C8C" in svg


def test_column_chart_prints_every_month_total():
    months = [
        {"month": "2026-10", "reports": 12, "knl": 3, "tembusan": 1},
        {"month": "2026-11", "reports": 7, "knl": 0, "tembusan": 2},
        {"month": "2026-12", "reports": 0, "knl": 0, "tembusan": 0},
    ]
    svg = charts.column_chart(months, "Received per month")
    assert 'role="img"' in svg and ">16<" in svg and ">9<" in svg
    assert "Oct" in svg and "October: Reports 12, Consultations (KNL) 3" in svg


def test_charts_say_so_when_there_is_nothing():
    assert "No figures for this period." in charts.bar_chart([], "Channels")
    assert "No figures" in charts.column_chart([{"month": "2026-10", "reports": 0}], "Months")
    assert "No figures" in charts.share_bar([{"code": "x", "label": "x", "count": 0}], "Ends")


# --- names --------------------------------------------------------------------------------
def test_titles_and_file_names():
    quarterly = {
        "kind": "quarterly",
        "period": {"year": 2022, "quarter": 1},
        "office": {"code": "babel"},
    }
    annual = {"kind": "annual", "period": {"year": 2022, "quarter": None}, "office": {"code": None}}
    assert render.title(quarterly) == "Laporan Triwulan I 2022"
    assert render.title(annual) == "Laporan Tahunan 2022"
    assert render.filename(quarterly, "pdf") == "laporan-triwulan-1-2022-babel.pdf"
    assert render.filename(annual, "xlsx") == "laporan-tahunan-2022-nasional.xlsx"


# --- PDF ----------------------------------------------------------------------------------
@pytest.mark.django_db
def test_pdf_renders_and_page_one_is_not_blank(office, known_data, tmp_path):
    data = built(office, known_data)
    assert data["received"]["reports"] == 6
    pdf = render.to_pdf(data)
    assert pdf.startswith(b"%PDF-")
    (tmp_path / "laporan.pdf").write_bytes(pdf)
    if shutil.which("pdftoppm") is None:
        pytest.skip("SKIPPED LOUDLY: pdftoppm (poppler-utils) is not installed; PDF not rasterised")
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "laporan.pdf", "page"],
        cwd=tmp_path,
        check=True,
        timeout=60,
    )
    page = next(tmp_path.glob("page*.png"))
    if keep := os.environ.get("ADUAN_KEEP_REPORT"):  # a directory, to look at the output
        shutil.copy(page, Path(keep) / "report-page1.png")
        (Path(keep) / "report.pdf").write_bytes(pdf)
        (Path(keep) / "report.json").write_text(json.dumps(data, ensure_ascii=False, indent=1))
    try:
        from PIL import Image
    except ImportError:
        assert page.stat().st_size > 5000
        return
    image = Image.open(page).convert("L")
    histogram = image.histogram()
    dark = sum(histogram[:160])
    assert dark > image.width * image.height * 0.01, "page 1 is (almost) blank"


@pytest.mark.django_db
def test_pdf_text_is_in_bahasa_indonesia(office, known_data):
    pdf = render.to_pdf(built(office, known_data))
    if shutil.which("pdftotext") is None:
        pytest.skip("SKIPPED LOUDLY: pdftotext (poppler-utils) is not installed")
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
        timeout=60,
    ).stdout.decode()
    assert f"Laporan Triwulan {render.ROMAN[known_data['quarter']]}" in text
    assert "Ombudsman RI Perwakilan Kepulauan Bangka Belitung" in text
    assert "Angka utama" in text and "Tingkat penyelesaian" in text
    assert "Definisi" in text and "Halaman 1 dari" in text
    assert "menerima 6 laporan" in " ".join(text.split())


# --- XLSX ---------------------------------------------------------------------------------
@pytest.mark.django_db
def test_xlsx_has_every_sheet_bold_frozen_headers_and_values_only(office, known_data):
    data = built(office, known_data)
    data["received"]["by_agency"].append({"code": None, "label": "=SUM(A1:A9)", "count": 1})
    book = load_workbook(io.BytesIO(render.to_xlsx(data)))
    assert book.sheetnames == SHEETS
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert all(cell.font.bold for cell in sheet[1] if cell.value is not None), sheet.title
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
        assert sheet.column_dimensions["A"].width > 5
    summary = {row[0].value: row[1].value for row in book["Ringkasan"].iter_rows(min_row=2)}
    assert summary["Laporan diterima"] == 6
    assert isinstance(summary["Konsultasi non-laporan (KNL)"], int)
    labels = [row[1].value for row in book["Instansi"].iter_rows(min_row=2)]
    assert "=SUM(A1:A9)" in labels
    channels = {row[0].value: row[2].value for row in book["Saluran"].iter_rows(min_row=2)}
    assert channels["web"] == 3 and isinstance(channels["web"], int)
    substance = {row[0].value: row[3].value for row in book["Substansi"].iter_rows(min_row=2)}
    assert substance["adminduk"] == 50.0
