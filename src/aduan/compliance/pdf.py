"""The results letter and report to an agency's head, as PDF (fpdf2, with the letters' fonts:
DejaVu or Liberation when installed, else Times with Latin-1 text)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.utils import formats
from django.utils.translation import gettext as _
from fpdf import FontFace

from aduan.compliance.models import Assessment, Campaign, Zone
from aduan.directory.models import Agency
from aduan.letters.pdf import new_pdf, to_latin1


class _Document:
    def __init__(self) -> None:
        pdf, self.family, self.unicode = new_pdf("A4", left=25, top=20, right=20, bottom=20)
        self.pdf = pdf

    def clean(self, text: str) -> str:
        return text if self.unicode else to_latin1(text)

    def text(self, text: str, *, size: float = 11, style: str = "", align: str = "L") -> None:
        self.pdf.set_font(self.family, style, size)
        self.pdf.multi_cell(
            0, size * 0.5, self.clean(text), align=align, new_x="LMARGIN", new_y="NEXT"
        )

    def gap(self, mm: float = 4) -> None:
        self.pdf.ln(mm)

    def table(
        self, header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[int]
    ) -> None:
        self.pdf.set_font(self.family, "", 10)
        with self.pdf.table(
            col_widths=widths, headings_style=FontFace(emphasis="BOLD"), line_height=6
        ) as table:
            row = table.row()
            for cell in header:
                row.cell(self.clean(cell))
            for values in rows:
                row = table.row()
                for cell in values:
                    row.cell(self.clean(cell))


def _zone(code: str) -> str:
    return str(Zone(code).label) if code in Zone.values else code


def results_letter(
    *,
    campaign: Campaign,
    agency: Agency,
    results: Sequence[Assessment],
    recipient_name: str,
    recipient_position: str,
    delivered_on: dt.date,
) -> bytes:
    doc = _Document()
    pdf = doc.pdf
    pdf.add_page()
    office = campaign.office
    doc.text(office.name, size=13, style="B", align="C")
    if office.address:
        doc.text(office.address, size=9, align="C")
    pdf.line(25, pdf.get_y() + 1, 190, pdf.get_y() + 1)
    doc.gap(6)
    doc.text(formats.date_format(delivered_on, "j F Y"), align="R")
    doc.gap()
    doc.text(_("To: %(position)s") % {"position": recipient_position})
    doc.text(recipient_name, style="B")
    doc.text(agency.name)
    doc.gap()
    doc.text(
        _("Subject: results of the %(year)s compliance assessment of public service standards")
        % {"year": campaign.year},
        style="B",
    )
    doc.gap()
    doc.text(
        _(
            "Under Law 37/2008 on the Ombudsman of the Republic of Indonesia and Law 25/2009 on "
            "Public Services, %(office)s assessed in %(year)s how the service units of "
            "%(agency)s comply with public service standards, with the instrument "
            "“%(instrument)s”. "
            "The results approved for your units are below; the report that follows gives the "
            "score of each dimension. We ask you to improve what scored low and to tell us what "
            "you changed."
        )
        % {
            "office": office.name,
            "year": campaign.year,
            "agency": agency.name,
            "instrument": str(campaign.instrument),
        },
        align="J",
    )
    doc.gap()
    doc.table(
        [_("Service unit"), _("Score"), _("Category"), _("Zone")],
        [[a.agency.name, f"{a.score:.2f}", a.category, _zone(a.zone)] for a in results],
        [90, 22, 22, 36],
    )
    doc.gap(10)
    doc.text(office.name, align="R")

    pdf.add_page()
    doc.text(
        _("Compliance assessment report %(year)s: %(agency)s")
        % {"year": campaign.year, "agency": agency.name},
        size=13,
        style="B",
    )
    doc.text(str(campaign.instrument), size=9)
    bands = ", ".join(
        f"{b.code} {b.min_score}–{b.max_score} ({_zone(b.zone)})"
        for b in campaign.instrument.bands.all()
    )
    doc.text(_("Score bands: %(bands)s") % {"bands": bands}, size=9)
    for assessment in results:
        doc.gap(6)
        doc.text(assessment.agency.name, style="B")
        doc.text(
            _("Assessed on %(date)s. Score %(score)s, category %(category)s, %(zone)s.")
            % {
                "date": formats.date_format(assessment.scheduled_on, "j F Y"),
                "score": f"{assessment.score:.2f}",
                "category": assessment.category,
                "zone": _zone(assessment.zone),
            },
            size=10,
        )
        rows = [
            [part.get("name", code), str(part.get("weight", "")), _part_score(part)]
            for code, part in (assessment.breakdown or {}).items()
        ]
        if rows:
            doc.gap(2)
            doc.table([_("Dimension"), _("Weight"), _("Score")], rows, [110, 30, 30])
        left_out = [
            [answer.indicator.text, answer.note]
            for answer in assessment.answers.filter(not_applicable=True)
            .select_related("indicator__dimension")
            .order_by("indicator__dimension__order", "indicator__order", "indicator__pk")
        ]
        if left_out:
            doc.gap(2)
            doc.text(_("Not applicable, left out of the score:"), size=10)
            doc.table([_("Indicator"), _("Why")], left_out, [80, 90])
    return bytes(pdf.output())


def _part_score(part: dict) -> str:
    """A dimension's score in the report; "not applicable" when all its indicators were."""
    score = part.get("score", "")
    if score is None:
        return _("not applicable")
    if part.get("not_applicable"):
        return _("%(score)s (%(count)s not applicable)") % {
            "score": score,
            "count": part["not_applicable"],
        }
    return str(score)
