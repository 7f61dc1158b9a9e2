"""The campaign's results as an XLSX workbook: values only, bold headers."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from aduan.compliance import selectors
from aduan.compliance.models import Answer, Assessment, Campaign, Zone


def _sheet(workbook: Workbook, title: str, header: list[str], rows: list[list]) -> None:
    sheet = workbook.create_sheet(title[:31])
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=number, column=column, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # text, never a formula, even when it starts with "="
    sheet.freeze_panes = "A2"


def campaign_xlsx(campaign: Campaign) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    assessments = campaign.assessments.select_related("agency", "assessor", "reviewer").order_by(
        "agency__name"
    )
    _sheet(
        workbook,
        _("Units"),
        [
            _("Service unit"),
            _("Scheduled for"),
            _("Assessor"),
            _("State"),
            _("Score"),
            _("Category"),
            _("Zone"),
            _("Reviewer"),
        ],
        [
            [
                a.agency.name,
                a.scheduled_on,
                str(a.assessor),
                str(a.get_state_display()),
                float(a.score) if a.score is not None and a.state == a.State.APPROVED else None,
                a.category if a.state == a.State.APPROVED else "",
                str(a.get_zone_display()) if a.state == a.State.APPROVED else "",
                str(a.reviewer or ""),
            ]
            for a in assessments
        ],
    )
    _sheet(
        workbook,
        _("Ranking"),
        [_("Rank"), _("Service unit"), _("Score"), _("Category"), _("Zone")],
        [
            [n, a.agency.name, float(a.score), a.category, str(a.get_zone_display())]
            for n, a in enumerate(selectors.ranking(campaign), start=1)
        ],
    )
    _sheet(
        workbook,
        _("Agencies"),
        [_("Agency"), _("Units"), _("Mean score"), _("Category"), _("Zone")],
        [
            [
                row["agency"].name,
                row["units"],
                float(row["score"]),
                row["category"],
                str(Zone(row["zone"]).label),
            ]
            for row in selectors.agency_results(campaign)
        ],
    )
    _sheet(
        workbook,
        _("Not applicable"),
        [_("Service unit"), _("Dimension"), _("Indicator"), _("Answer"), _("Why")],
        [
            [
                answer.assessment.agency.name,
                answer.indicator.dimension.name,
                answer.indicator.text,
                _("not applicable"),
                answer.note,
            ]
            for answer in Answer.objects.filter(
                assessment__campaign=campaign,
                assessment__state=Assessment.State.APPROVED,
                not_applicable=True,
            )
            .select_related("assessment__agency", "indicator__dimension")
            .order_by(
                "assessment__agency__name",
                "indicator__dimension__order",
                "indicator__order",
                "indicator__pk",
            )
        ],
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
