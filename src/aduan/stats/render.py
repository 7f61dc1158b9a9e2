"""The quarterly and annual report as official documents: a PDF (fpdf2) and an Excel workbook
(openpyxl), both in Bahasa Indonesia, both from the dict ``report.build`` returns.

The documents are official texts in Bahasa Indonesia, like the narrative ``report.build``
writes, so their headings are written here in Indonesian; labels that come with the figures
(reference lists, states, "other agencies") are whatever language the report was built in, so
build it under ``translation.override("id")`` (the report view does). Both renderers also run
under ``translation.override("id")`` so the few gettext strings they use (chart fallbacks) are
Indonesian.

Charts in the PDF are drawn with fpdf2's own lines and rectangles, not embedded SVG: the text
then uses the document's TrueType font (any character), and bars stay vector-crisp at any zoom.
They follow ``charts`` (palette, top rows, "the rest" in grey) so the page and the PDF agree.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from django.utils import translation
from fpdf import FPDF, FontFace
from fpdf.enums import TableCellFillMode
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from aduan.letters.pdf import font_files, to_latin1
from aduan.stats import charts
from aduan.stats.report import MONTHS_ID, activity_kinds, number

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
SANS_FONTS = [
    (
        "/usr/share/fonts/truetype/dejavu",
        "DejaVuSans.ttf",
        "DejaVuSans-Bold.ttf",
        "DejaVuSans-Oblique.ttf",
        "DejaVuSans-BoldOblique.ttf",
    ),
    (
        "/usr/share/fonts/truetype/liberation2",
        "LiberationSans-Regular.ttf",
        "LiberationSans-Bold.ttf",
        "LiberationSans-Italic.ttf",
        "LiberationSans-BoldItalic.ttf",
    ),
    (
        "/usr/share/fonts/truetype/liberation",
        "LiberationSans-Regular.ttf",
        "LiberationSans-Bold.ttf",
        "LiberationSans-Italic.ttf",
        "LiberationSans-BoldItalic.ttf",
    ),
]
ACCENT = (11, 92, 173)
INK = (27, 31, 35)
MUTED = (87, 96, 106)
RULE = (208, 215, 222)
SHADE = (230, 236, 242)
ZEBRA = (247, 249, 251)


# --- names shared by the page, the documents and their file names
def title(report: dict[str, Any]) -> str:
    """``Laporan Triwulan I 2022`` or ``Laporan Tahunan 2022``."""
    period = report["period"]
    if report["kind"] == "annual":
        return f"Laporan Tahunan {period['year']}"
    return f"Laporan Triwulan {ROMAN[period['quarter']]} {period['year']}"


def filename(report: dict[str, Any], extension: str) -> str:
    """``laporan-triwulan-1-2026-babel.pdf``, ``laporan-tahunan-2026-nasional.xlsx``."""
    period = report["period"]
    office = report["office"]["code"] or "nasional"
    if report["kind"] == "annual":
        stem = f"laporan-tahunan-{period['year']}"
    else:
        stem = f"laporan-triwulan-{period['quarter']}-{period['year']}"
    return f"{stem}-{office}.{extension}"


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{number(value, 2)}%"


def _share(count: int, total: int) -> str:
    return f"{number(count / total * 100, 1)}%" if total else "–"


def _date_id(iso: str) -> str:
    day = dt.datetime.fromisoformat(iso).date() if "T" in iso else dt.date.fromisoformat(iso)
    return f"{day.day} {MONTHS_ID[day.month - 1]} {day.year}"


def _month_id(month: str, short: bool = False) -> str:
    year, index = (int(part) for part in month.split("-"))
    name = MONTHS_ID[index - 1]
    return name[:3] if short else f"{name} {year}"


# --- the tables both documents print: (sheet name, heading, headers, rows, numeric columns)
def key_figures(report: dict[str, Any]) -> list[tuple[str, Any, str]]:
    """(indicator, value, definition) for the key figures."""
    received, decisions = report["received"], report["decisions"]
    exam, carried, definitions = (
        report["examination"],
        report["carried_over"],
        report["definitions"],
    )
    return [
        ("Laporan diterima", received["reports"], definitions.get("reports", "")),
        ("Konsultasi non-laporan (KNL)", received["separate"].get("knl", 0), ""),
        ("Tembusan", received["separate"].get("tembusan", 0), ""),
        ("Seluruh penerimaan", received["total_items"], ""),
        ("Diregistrasi untuk pemeriksaan", decisions["registered"], ""),
        ("Ditolak (UU 37/2008 Ps.36 ayat 1)", decisions["rejected"], ""),
        ("Bukan kewenangan Ombudsman", decisions["not_within_authority"], ""),
        ("Ditangani dalam pemeriksaan", exam["handled"], definitions.get("handled", "")),
        ("Selesai dalam pemeriksaan", exam["closed"], ""),
        ("Tingkat penyelesaian (%)", exam["closure_rate"], definitions.get("closure_rate", "")),
        (
            "Laporan tahun sebelumnya, berproses di awal periode",
            carried["at_start"],
            definitions.get("carried_over", ""),
        ),
        ("Laporan tahun sebelumnya, masih berproses di akhir periode", carried["open_at_end"], ""),
    ]


def _dimension(rows: list[dict[str, Any]]) -> list[list[Any]]:
    total = sum(r["count"] for r in rows)
    return [[r["label"], r["count"], _share(r["count"], total)] for r in rows]


DIMENSIONS = [
    ("Saluran", "Laporan per saluran", "by_channel", "Saluran"),
    ("Substansi", "Laporan per substansi", "by_substance", "Substansi"),
    ("Kelompok instansi", "Laporan per kelompok instansi terlapor", "by_agency_group", "Kelompok"),
    ("Instansi", "Laporan per instansi terlapor", "by_agency", "Instansi"),
    (
        "Bentuk maladministrasi",
        "Laporan per dugaan bentuk maladministrasi",
        "by_maladministration_form",
        "Bentuk maladministrasi",
    ),
    ("Wilayah", "Laporan per wilayah kejadian", "by_region", "Kabupaten/kota"),
    ("Pelapor", "Laporan per jenis pelapor", "by_reporter_kind", "Jenis pelapor"),
]


def decisions_rows(report: dict[str, Any]) -> list[list[Any]]:
    decisions = report["decisions"]
    rows: list[list[Any]] = [
        ["Diregistrasi untuk pemeriksaan", decisions["registered"]],
        ["Respons cepat (RCO) dilanjutkan ke pemeriksaan", decisions["rco_escalated"]],
        ["Ditolak (UU 37/2008 Ps.36 ayat 1)", decisions["rejected"]],
    ]
    rows += [[f"   – {r['label']}", r["count"]] for r in decisions["rejected_by_reason"]]
    rows += [
        ["Bukan kewenangan Ombudsman", decisions["not_within_authority"]],
        ["Dianggap dicabut (data tidak lengkap)", decisions["deemed_withdrawn"]],
        ["Dicabut oleh pelapor", decisions["withdrawn"]],
    ]
    return rows


def examination_rows(report: dict[str, Any]) -> list[list[Any]]:
    exam = report["examination"]
    conclusions = exam["conclusions"]
    rows: list[list[Any]] = [
        ["Ditangani dalam pemeriksaan", exam["handled"]],
        ["   – lanjutan dari periode sebelumnya", exam["carried_in"]],
        ["   – mulai diperiksa dalam periode", exam["started"]],
        ["Selesai dalam pemeriksaan", exam["closed"]],
        ["Masih dalam pemeriksaan di akhir periode", exam["open_at_end"]],
        ["Tingkat penyelesaian (%)", exam["closure_rate"]],
        ["Seluruh laporan yang ditutup dalam periode", exam["closed_total"]],
    ]
    rows += [[f"   – {r['label']}", r["count"]] for r in exam["closed_by_mode"]]
    rows += [
        ["Kesimpulan: ditemukan maladministrasi", conclusions["found"]],
        ["Kesimpulan: tidak ditemukan maladministrasi", conclusions["not_found"]],
        ["Kesimpulan: pemeriksaan dihentikan", conclusions["stopped"]],
    ]
    return rows


def follow_up_rows(report: dict[str, Any]) -> list[list[Any]]:
    actions = report["follow_up"]["corrective_actions"]
    recs = report["follow_up"]["recommendations"]
    return [
        ["Tindakan korektif dilaksanakan", actions["done"]],
        ["Tindakan korektif dilaksanakan sebagian", actions["partly_done"]],
        ["Tindakan korektif tidak dilaksanakan", actions["not_done"]],
        ["Tingkat pelaksanaan tindakan korektif (%)", actions["implemented_rate"]],
        ["Tindakan korektif masih terbuka saat ini", actions["open_now"]],
        ["Rekomendasi diterbitkan", recs["issued"]],
        ["Rekomendasi dilaksanakan", recs["implemented"]],
        ["Rekomendasi dilaksanakan sebagian", recs["partly"]],
        ["Rekomendasi tidak dilaksanakan", recs["not_implemented"]],
        ["Tingkat pelaksanaan rekomendasi (%)", recs["implemented_rate"]],
    ]


def target_rows(report: dict[str, Any]) -> list[list[Any]]:
    """Each target of the period with its realisation (``plans.selectors.report_section``)."""
    return [
        [row["label"], row["value"], row["realised"], row["achieved"]]
        for row in (report.get("plans") or {}).get("targets", [])
    ]


def programme_rows(report: dict[str, Any]) -> list[list[Any]]:
    """The next quarter's work programme."""
    programme = (report.get("plans") or {}).get("next_programme") or {}
    return [
        [item["title"], item["unit"] or "Kantor", item["due_date"]]
        for item in programme.get("items", [])
    ]


def prevention_rows(report: dict[str, Any]) -> list[list[Any]]:
    prevention = report.get("prevention") or {}
    activities = prevention.get("activities") or {}
    assignments = prevention.get("assignments") or {}
    assessments = prevention.get("assessments") or {}
    zones = assessments.get("by_zone") or {}
    kinds = []
    for kind in activity_kinds(activities):
        if kind["code"] == "ots":
            kinds.append(["On The Spot (kegiatan)", kind["count"]])
            kinds.append(["On The Spot (lokasi)", activities.get("ots_locations", 0)])
        else:
            kinds.append([kind["name"], kind["count"]])
    return [
        *kinds,
        ["Temuan monitoring", activities.get("findings", 0)],
        ["Pedoman pelayanan dan SOP diterbitkan", prevention.get("guidelines_published", 0)],
        ["Penugasan ke instansi", assignments.get("assignments", 0)],
        ["  kunjungan", assignments.get("visits", 0)],
        ["  temuan disampaikan kepada instansi", assignments.get("findings_to_agencies", 0)],
        ["  laporan monitoring", assignments.get("monitoring_reports", 0)],
        ["Laporan diterima dalam kegiatan", activities.get("reports_taken", 0)],
        ["Peserta kegiatan", activities.get("participants", 0)],
        ["Penilaian kepatuhan selesai", assessments.get("approved", 0)],
        ["  zona hijau", zones.get("hijau", 0)],
        ["  zona kuning", zones.get("kuning", 0)],
        ["  zona merah", zones.get("merah", 0)],
        ["Instansi menerima hasil penilaian", assessments.get("agencies_delivered", 0)],
    ]


DEFINITION_NAMES = {
    "reports": "Laporan",
    "handled": "Ditangani dalam pemeriksaan",
    "closure_rate": "Tingkat penyelesaian",
    "carried_over": "Laporan tahun sebelumnya",
    "on_time": "Tepat waktu",
    "median_days": "Median hari per tahap",
}


# --- PDF
class _Document(FPDF):
    def __init__(self, report: dict[str, Any]) -> None:
        super().__init__(unit="mm", format="A4")
        self.report = report
        self.running_title = f"{report['office']['name']} · {title(report)}"
        self.set_margins(18, 18, 18)
        self.set_auto_page_break(True, margin=18)
        self.set_creator("Aduan")
        self.set_title(self.clean(f"{title(report)} – {report['office']['name']}"))
        self.set_lang("id")
        fonts = _sans_fonts() or font_files()
        if fonts:
            for style, path in fonts.items():
                self.add_font("body", style, str(path))
            self.family, self.unicode = "body", True
        else:
            self.family, self.unicode = "helvetica", False

    def clean(self, text: Any) -> str:
        text = str(text)
        if getattr(self, "unicode", True):
            return text
        return to_latin1(text)

    def header(self) -> None:
        if self.page_no() == 1:
            return
        self.set_font(self.family, "", 8)
        self.set_text_color(*MUTED)
        self.cell(0, 5, self.clean(self.running_title), new_x="LMARGIN", new_y="NEXT")
        self.set_draw_color(*RULE)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(4)
        self.set_text_color(*INK)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(self.family, "", 8)
        self.set_text_color(*MUTED)
        self.cell(0, 5, f"Halaman {self.page_no()} dari {{nb}}", align="C")
        self.set_text_color(*INK)

    # --- building blocks
    @property
    def width(self) -> float:
        return self.w - self.l_margin - self.r_margin

    def need(self, height: float) -> None:
        """Start a new page unless ``height`` mm still fit on this one."""
        if self.get_y() + height > self.h - self.b_margin:
            self.add_page()

    def heading(self, text: str, level: int = 1, keep: float = 24) -> None:
        """A heading, kept on one page with the ``keep`` mm that follow it."""
        self.need(keep + (12 if level == 1 else 8))
        self.ln(4 if level == 1 else 2)
        self.set_font(self.family, "B", 13 if level == 1 else 11)
        self.set_text_color(*(ACCENT if level == 1 else INK))
        self.multi_cell(0, 6, self.clean(text), new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(*INK)
        self.ln(1)

    def paragraph(self, text: str, size: float = 10, style: str = "", height: float = 5) -> None:
        self.set_font(self.family, style, size)
        self.multi_cell(0, height, self.clean(text), new_x="LMARGIN", new_y="NEXT")

    def note(self, text: str) -> None:
        self.set_text_color(*MUTED)
        self.paragraph(text, size=8.5, style="I", height=4.2)
        self.set_text_color(*INK)

    def grid(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[Any]],
        widths: Sequence[float],
        *,
        numeric: Sequence[int] = (),
        empty: str = "Tidak ada data untuk periode ini.",
        formats: dict[int, Callable[[Any], str]] | None = None,
    ) -> None:
        """A table with a shaded bold header (repeated on every page it spans)."""
        if not rows:
            self.note(empty)
            return
        formats = formats or {}
        self.need(14)
        self.set_font(self.family, "", 8.5)
        self.set_draw_color(*RULE)
        self.set_fill_color(*ZEBRA)  # fpdf2 fills a cell's text box with the current colour
        align = tuple("RIGHT" if i in numeric else "LEFT" for i in range(len(headers)))
        with self.table(
            col_widths=tuple(widths),
            width=self.width,
            text_align=align,
            line_height=4.6,
            padding=(1.2, 1.6),
            headings_style=FontFace(emphasis="BOLD", fill_color=SHADE, color=INK),
            cell_fill_color=ZEBRA,
            cell_fill_mode=TableCellFillMode.EVEN_ROWS,
            borders_layout="HORIZONTAL_LINES",
            repeat_headings=1,
        ) as table:
            head = table.row()
            for text in headers:
                head.cell(self.clean(text))
            for row in rows:
                line = table.row()
                for i, value in enumerate(row):
                    if i in formats:
                        text = formats[i](value)
                    elif isinstance(value, float):
                        text = number(value, 2)
                    elif isinstance(value, int):
                        text = number(value)
                    elif value is None:
                        text = "–"
                    else:
                        text = str(value)
                    line.cell(self.clean(text))
        self.ln(2)

    def bars(self, rows: list[dict[str, Any]], caption: str, *, top: int = 10) -> None:
        """Horizontal bars, as ``charts.bar_chart`` draws them on the page."""
        rows = charts.top_rows(rows, top, rest_label=f"lainnya ({max(0, len(rows) - top + 1)})")
        self.need(12 + 6 * max(1, len(rows)))
        self.set_font(self.family, "B", 9.5)
        self.cell(0, 6, self.clean(caption), new_x="LMARGIN", new_y="NEXT")
        if not rows:
            self.note("Tidak ada data untuk periode ini.")
            return
        total = sum(r["count"] for r in rows)
        biggest = max(r["count"] for r in rows)
        label_w, value_w = 62.0, 24.0
        bar_space = self.width - label_w - value_w
        x0, y = self.l_margin, self.get_y() + 1
        y_start = y
        self.set_font(self.family, "", 8)
        for row in rows:
            label = self.clean(row["label"])
            while self.get_string_width(label) > label_w - 3 and len(label) > 4:
                label = label[:-2].rstrip() + "…" if self.unicode else label[:-4] + "..."
            self.set_xy(x0, y)
            self.cell(label_w - 2, 4.6, label, align="R")
            length = max(0.4, bar_space * row["count"] / biggest)
            colour = charts.REST_COLOUR if row.get("rest") else charts.PALETTE[0]
            self.set_fill_color(*_rgb(colour))
            self.rect(x0 + label_w, y + 0.5, length, 3.6, style="F")
            self.set_xy(x0 + label_w + length + 1.5, y)
            self.cell(value_w, 4.6, f"{number(row['count'])} ({_share(row['count'], total)})")
            y += 5.6
        self.set_draw_color(*MUTED)
        self.line(x0 + label_w, y_start, x0 + label_w, y - 1)
        self.set_y(y + 3)

    def columns(self, months: list[dict[str, Any]], caption: str) -> None:
        """Stacked columns per month: reports, KNL, copies; totals above."""
        series = [("reports", "Laporan"), ("knl", "KNL"), ("tembusan", "Tembusan")]
        plot_h = 48.0
        self.need(plot_h + 26)
        self.set_font(self.family, "B", 9.5)
        self.cell(0, 6, self.clean(caption), new_x="LMARGIN", new_y="NEXT")
        totals = [sum(m.get(k, 0) for k, _l in series) for m in months]
        if not months or not any(totals):
            self.note("Tidak ada data untuk periode ini.")
            return
        # legend
        self.set_font(self.family, "", 8)
        x, y = self.l_margin, self.get_y() + 1
        for i, (_key, label) in enumerate(series):
            self.set_fill_color(*_rgb(charts.PALETTE[i]))
            self.rect(x, y + 0.8, 3, 3, style="F")
            self.set_xy(x + 4, y)
            self.cell(self.get_string_width(label) + 2, 4.6, label)
            x += self.get_string_width(label) + 12
        top = y + 10
        bottom = top + plot_h
        slot = self.width / len(months)
        col_w = min(16.0, slot * 0.6)
        biggest = max(totals)
        for i, month in enumerate(months):
            cx = self.l_margin + slot * i + slot / 2
            yy = bottom
            for j, (key, _label) in enumerate(series):
                value = month.get(key, 0) or 0
                if not value:
                    continue
                h = plot_h * value / biggest
                yy -= h
                self.set_fill_color(*_rgb(charts.PALETTE[j]))
                self.rect(cx - col_w / 2, yy, col_w, h, style="F")
                text = number(value)
                if h >= 4.2 and self.get_string_width(text) < col_w - 1:
                    self.set_text_color(*((255, 255, 255) if j == 0 else INK))
                    self.set_xy(cx - col_w / 2, yy + h / 2 - 2.3)
                    self.cell(col_w, 4.6, text, align="C")
                    self.set_text_color(*INK)
            self.set_font(self.family, "B", 8)
            self.set_xy(cx - slot / 2, yy - 5)
            self.cell(slot, 4.6, number(totals[i]), align="C")
            self.set_font(self.family, "", 8)
            self.set_text_color(*MUTED)
            self.set_xy(cx - slot / 2, bottom + 1)
            self.cell(slot, 4.6, _month_id(month["month"], short=len(months) > 4), align="C")
            self.set_text_color(*INK)
        self.set_draw_color(*MUTED)
        self.line(self.l_margin, bottom, self.l_margin + self.width, bottom)
        self.set_y(bottom + 8)


def _rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)


def _sans_fonts() -> dict[str, Path] | None:
    for directory, *names in SANS_FONTS:
        paths = [Path(directory) / name for name in names]
        if all(path.is_file() for path in paths):
            return dict(zip(["", "B", "I", "BI"], paths, strict=True))
    return None


def _value(value: Any) -> str:
    if isinstance(value, float):
        return number(value, 2)
    return number(value) if isinstance(value, int) else ("–" if value is None else str(value))


def to_pdf(report: dict[str, Any]) -> bytes:
    """The report as an A4 PDF in Bahasa Indonesia."""
    with translation.override("id"):
        return _pdf(report)


def _pdf(report: dict[str, Any]) -> bytes:
    pdf = _Document(report)
    pdf.add_page()
    received = report["received"]

    # title block
    pdf.set_fill_color(*ACCENT)
    pdf.rect(pdf.l_margin, pdf.t_margin, pdf.width, 1.6, style="F")
    pdf.ln(5)
    pdf.set_font(pdf.family, "B", 9)
    pdf.set_text_color(*MUTED)
    pdf.cell(0, 5, "OMBUDSMAN REPUBLIK INDONESIA", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*INK)
    if report["office"]["code"]:
        pdf.paragraph(report["office"]["name"], size=12, style="B", height=6)
    pdf.ln(1)
    pdf.set_font(pdf.family, "B", 22)
    pdf.set_text_color(*ACCENT)
    pdf.cell(0, 11, pdf.clean(title(report)), new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*INK)
    pdf.paragraph(f"Periode {report['period']['label']}", size=11, height=6)
    generated = report.get("generated_at")
    pdf.note(
        "Laporan berkala berdasarkan Undang-Undang Nomor 37 Tahun 2008 tentang Ombudsman "
        "Republik Indonesia, Pasal 42." + (f" Disusun {_date_id(generated)}." if generated else "")
    )
    pdf.ln(2)
    pdf.set_draw_color(*RULE)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + pdf.width, pdf.get_y())

    pdf.heading("Ringkasan")
    pdf.paragraph(report.get("narrative") or "Tidak ada data untuk periode ini.", height=5.2)

    pdf.heading("Angka utama")
    figures = key_figures(report)
    pdf.grid(
        ["Indikator", "Jumlah", "Keterangan"],
        [
            [name, _percent(value) if "(%)" in name else value, definition]
            for name, value, definition in figures
        ],
        [58, 20, 96],
        numeric=[1],
    )
    previous = report["previous_period"]
    pdf.note(
        f"Periode sebelumnya ({previous['label']}): {number(previous['reports'])} laporan, "
        f"{number(previous['total_items'])} seluruh penerimaan."
    )

    pdf.heading("Grafik", keep=80)
    pdf.columns(received["by_month"], "Penerimaan per bulan")
    pdf.bars(received["by_channel"], "Laporan per saluran")
    pdf.bars(received["by_substance"], "Laporan per substansi")
    pdf.bars(received["by_agency_group"], "Laporan per kelompok instansi terlapor")
    pdf.bars(received["by_maladministration_form"], "Laporan per dugaan bentuk maladministrasi")
    pdf.bars(report["examination"]["closed_by_mode"], "Laporan ditutup per cara penyelesaian")

    pdf.heading("Penerimaan")
    pdf.heading("Per bulan", 2)
    pdf.grid(
        ["Bulan", "Laporan", "KNL", "Tembusan", "Jumlah"],
        [
            [
                _month_id(m["month"]),
                m["reports"],
                m["knl"],
                m["tembusan"],
                m["reports"] + m["knl"] + m["tembusan"],
            ]
            for m in received["by_month"]
        ],
        [62, 28, 28, 28, 28],
        numeric=[1, 2, 3, 4],
    )
    pdf.heading("Per jenis penerimaan", 2)
    pdf.grid(
        ["Jenis", "Jumlah"],
        [[code.upper(), count] for code, count in received["by_intake_type"].items()],
        [134, 40],
        numeric=[1],
    )
    for _sheet, heading, key, column in DIMENSIONS:
        pdf.heading(heading, 2)
        pdf.grid([column, "Jumlah", "%"], _dimension(received[key]), [122, 26, 26], numeric=[1, 2])

    pdf.heading("Keputusan atas laporan")
    pdf.grid(["Uraian", "Jumlah"], decisions_rows(report), [134, 40], numeric=[1])

    pdf.heading("Pemeriksaan dan penyelesaian")
    pdf.grid(
        ["Uraian", "Jumlah"],
        examination_rows(report),
        [134, 40],
        numeric=[1],
        formats={1: lambda v: _value(v) if not isinstance(v, float) else _percent(v)},
    )
    pdf.note(report["definitions"].get("closure_rate", ""))

    pdf.heading("Ketepatan waktu (tenggat)")
    pdf.grid(
        ["Tenggat", "Dasar hukum", "Tepat waktu", "Terlambat", "% tepat waktu"],
        [
            [c["label"], c["legal_source"], c["met"], c["missed"], _percent(c["on_time_rate"])]
            for c in report["clocks"]
        ],
        [56, 48, 22, 22, 26],
        numeric=[2, 3, 4],
        empty="Tidak ada tenggat yang berakhir dalam periode ini.",
    )
    pdf.note(report["definitions"].get("on_time", ""))

    pdf.heading("Lama per tahap")
    pdf.grid(
        ["Tahap", "Perpindahan", "Median hari"],
        [[t["label"], t["moves"], t["median_days"]] for t in report["time_in_state"]],
        [110, 32, 32],
        numeric=[1, 2],
        formats={2: lambda v: "–" if v is None else number(v, 1)},
    )
    pdf.note(report["definitions"].get("median_days", ""))

    pdf.heading("Tindak lanjut: tindakan korektif dan rekomendasi")
    pdf.grid(
        ["Uraian", "Jumlah"],
        follow_up_rows(report),
        [134, 40],
        numeric=[1],
        formats={1: lambda v: _value(v) if not isinstance(v, float) else _percent(v)},
    )

    pdf.heading("Pencegahan maladministrasi")
    pdf.grid(["Uraian", "Jumlah"], prevention_rows(report), [134, 40], numeric=[1])

    if report.get("plans"):
        pdf.heading("Target dan realisasi")
        pdf.grid(
            ["Target", "Target", "Realisasi", "Capaian (%)"],
            target_rows(report),
            [94, 26, 26, 28],
            numeric=[1, 2, 3],
            empty="Tidak ada target untuk periode ini.",
        )
        programme = report["plans"]["next_programme"]
        pdf.heading(f"Program kerja triwulan {programme['quarter']} tahun {programme['year']}")
        pdf.grid(
            ["Program kerja", "Unit", "Tenggat"],
            programme_rows(report),
            [104, 40, 30],
            empty="Belum ada program kerja.",
        )

    pdf.heading("Instansi yang tidak memenuhi permintaan atau rekomendasi (UU 37/2008 Ps.42)")
    pdf.grid(
        ["Instansi", "Permintaan klarifikasi tidak dipenuhi", "Rekomendasi tidak dilaksanakan"],
        [[r["agency"], r["requests"], r["recommendations"]] for r in report["refusals"]],
        [94, 40, 40],
        numeric=[1, 2],
        empty="Tidak ada instansi yang menolak dalam periode ini.",
    )

    pdf.heading("Definisi")
    for key, text in report["definitions"].items():
        pdf.need(12)
        pdf.set_font(pdf.family, "B", 9)
        pdf.cell(0, 5, pdf.clean(DEFINITION_NAMES.get(key, key)), new_x="LMARGIN", new_y="NEXT")
        pdf.paragraph(text, size=9, height=4.6)
        pdf.ln(1)
    return bytes(pdf.output())


# --- XLSX
def _sheets(report: dict[str, Any]) -> list[tuple[str, list[str], list[list[Any]], list[int]]]:
    """(sheet name, headers, rows, column widths) for every sheet of the workbook."""
    received = report["received"]
    summary: list[list[Any]] = [
        ["Kantor", report["office"]["name"], ""],
        ["Laporan", title(report), ""],
        ["Periode", report["period"]["label"], ""],
        ["Disusun", report.get("generated_at", ""), ""],
    ]
    summary += [[name, value, definition] for name, value, definition in key_figures(report)]
    summary += [
        ["Laporan periode sebelumnya", report["previous_period"]["reports"], ""],
        ["Ringkasan", report.get("narrative", ""), ""],
    ]
    sheets = [
        ("Ringkasan", ["Indikator", "Nilai", "Keterangan"], summary, [52, 40, 90]),
        (
            "Per bulan",
            ["Bulan", "Laporan", "KNL", "Tembusan", "Jumlah"],
            [
                [
                    m["month"],
                    m["reports"],
                    m["knl"],
                    m["tembusan"],
                    m["reports"] + m["knl"] + m["tembusan"],
                ]
                for m in received["by_month"]
            ],
            [12, 12, 12, 12, 12],
        ),
    ]
    for sheet, _heading, key, column in DIMENSIONS:
        if sheet == "Pelapor":
            continue
        total = sum(r["count"] for r in received[key])
        sheets.append(
            (
                sheet,
                ["Kode", column, "Jumlah", "%"],
                [
                    [
                        r["code"] or "",
                        r["label"],
                        r["count"],
                        round(r["count"] / total * 100, 2) if total else None,
                    ]
                    for r in received[key]
                ],
                [18, 56, 12, 10],
            )
        )
    sheets += [
        ("Keputusan", ["Uraian", "Jumlah"], decisions_rows(report), [56, 12]),
        ("Pemeriksaan", ["Uraian", "Jumlah"], examination_rows(report), [56, 12]),
        (
            "Tenggat",
            ["Kode", "Tenggat", "Dasar hukum", "Tepat waktu", "Terlambat", "% tepat waktu"],
            [
                [c["code"], c["label"], c["legal_source"], c["met"], c["missed"], c["on_time_rate"]]
                for c in report["clocks"]
            ],
            [22, 44, 32, 12, 12, 14],
        ),
        (
            "Lama per tahap",
            ["Kode", "Tahap", "Perpindahan", "Median hari"],
            [
                [t["state"], t["label"], t["moves"], t["median_days"]]
                for t in report["time_in_state"]
            ],
            [22, 36, 14, 14],
        ),
        ("Tindak lanjut", ["Uraian", "Jumlah"], follow_up_rows(report), [48, 12]),
        ("Pencegahan", ["Uraian", "Jumlah"], prevention_rows(report), [48, 12]),
        *(
            [
                (
                    "Target",
                    ["Target", "Target", "Realisasi", "Capaian (%)"],
                    target_rows(report),
                    [48, 12, 12, 12],
                ),
                (
                    "Program kerja",
                    ["Program kerja", "Unit", "Tenggat"],
                    programme_rows(report),
                    [60, 30, 14],
                ),
            ]
            if report.get("plans")
            else []
        ),
        (
            "Instansi menolak",
            ["Instansi", "Permintaan klarifikasi tidak dipenuhi", "Rekomendasi tidak dilaksanakan"],
            [[r["agency"], r["requests"], r["recommendations"]] for r in report["refusals"]],
            [52, 22, 22],
        ),
        (
            "Definisi",
            ["Istilah", "Definisi"],
            [[DEFINITION_NAMES.get(k, k), v] for k, v in report["definitions"].items()],
            [30, 100],
        ),
    ]
    return sheets


def to_xlsx(report: dict[str, Any]) -> bytes:
    """The report as a workbook, one sheet per table: values only (no formulas; text stays
    text even when it begins with "="), bold frozen header rows, set column widths."""
    with translation.override("id"):
        workbook = Workbook()
        workbook.remove(workbook.active)
        bold = Font(bold=True)
        wrap = Alignment(wrap_text=True, vertical="top")
        for name, headers, rows, widths in _sheets(report):
            sheet = workbook.create_sheet(name)
            for col, text in enumerate(headers, start=1):
                cell = sheet.cell(row=1, column=col)
                _put(cell, text)
                cell.font = bold
            for r, row in enumerate(rows, start=2):
                for col, value in enumerate(row, start=1):
                    cell = sheet.cell(row=r, column=col)
                    _put(cell, value)
                    if isinstance(value, str) and len(value) > 60:
                        cell.alignment = wrap
                    elif isinstance(value, float):
                        cell.number_format = "0.00"
            for col, width in enumerate(widths, start=1):
                sheet.column_dimensions[get_column_letter(col)].width = width
            sheet.freeze_panes = "A2"
        workbook.properties.title = f"{title(report)} – {report['office']['name']}"
        workbook.properties.creator = "Aduan"
        out = io.BytesIO()
        workbook.save(out)
        return out.getvalue()


def _put(cell: Any, value: Any) -> None:
    """A value, never a formula: strings are stored as strings whatever they begin with."""
    if value is None or isinstance(value, bool):
        cell.value = None if value is None else str(value)
    elif isinstance(value, int | float):
        cell.value = value
    else:
        cell.value = str(value)
        cell.data_type = "s"
