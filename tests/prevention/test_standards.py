"""Service-standard mappings (dated snapshots) and assistance sessions."""

from __future__ import annotations

import datetime as dt

import pytest

from aduan.core.models import AuditEvent
from aduan.prevention import selectors
from aduan.prevention import services as sv
from aduan.prevention.models import COMPONENT_CODES as C
from aduan.prevention.models import StandardMapping
from aduan.prevention.permissions import NotAllowed, PreventionError
from aduan.prevention.standards import COMPONENTS


def test_the_components_are_the_fourteen_of_the_law():
    assert len(COMPONENTS) == 14 and C[0] == "dasar-hukum" and C[-1] == "evaluasi-kinerja"


def test_a_mapping_is_a_snapshot_never_overwritten(office, pvl_assistant, agency_tree):
    unit = agency_tree["clinic"]
    first = sv.mapping_record(
        office=office, agency=unit, as_of=dt.date(2025, 1, 10), met=C[:3], actor=pvl_assistant
    )
    with pytest.raises(PreventionError):
        sv.mapping_record(
            office=office, agency=unit, as_of=dt.date(2025, 1, 10), met=C, actor=pvl_assistant
        )
    first.refresh_from_db()
    assert first.met == list(C[:3])
    second = sv.mapping_record(
        office=office, agency=unit, as_of=dt.date(2025, 6, 10), met=C, actor=pvl_assistant
    )
    assert StandardMapping.objects.filter(agency=unit).count() == 2
    assert second.percent_met == 100.0
    assert AuditEvent.objects.filter(action="prevention.mapping_recorded").count() == 2


def test_unknown_components_are_refused(office, pvl_assistant, agency_tree):
    with pytest.raises(PreventionError):
        sv.mapping_record(
            office=office,
            agency=agency_tree["clinic"],
            as_of=dt.date(2025, 1, 1),
            met=["maklumat"],
            actor=pvl_assistant,
        )


def test_mapping_refused_to_another_office(office, outsider, agency_tree):
    with pytest.raises(NotAllowed):
        sv.mapping_record(
            office=office,
            agency=agency_tree["clinic"],
            as_of=dt.date(2025, 1, 1),
            met=[],
            actor=outsider,
        )


def test_the_comparison(office, pvl_assistant, agency_tree):
    unit = agency_tree["clinic"]
    for day, met in (
        (dt.date(2025, 1, 1), [C[0], C[1], C[2]]),
        (dt.date(2025, 4, 1), [C[0], C[2], C[3], C[4]]),
        (dt.date(2025, 7, 1), [C[4], C[3], C[0], C[2]]),  # order does not matter
    ):
        sv.mapping_record(office=office, agency=unit, as_of=day, met=met, actor=pvl_assistant)
    history = selectors.mapping_history(pvl_assistant, unit.pk)
    assert [h["mapping"].as_of.month for h in history] == [1, 4, 7]
    assert history[0]["first"] and history[0]["percent"] == round(300 / 14, 2)
    assert history[1]["gained"] == [C[3], C[4]]
    assert history[1]["lost"] == [C[1]]
    assert history[1]["percent"] == round(400 / 14, 2)
    assert history[1]["percent_before"] == history[0]["percent"]
    assert history[2]["gained"] == [] and history[2]["lost"] == []
    grid = selectors.component_grid(history)
    assert grid[1]["cells"] == [True, False, False]
    assert len(grid) == 14


def test_history_is_scoped(office, pvl_assistant, outsider, agency_tree):
    unit = agency_tree["clinic"]
    sv.mapping_record(
        office=office, agency=unit, as_of=dt.date(2025, 1, 1), met=[], actor=pvl_assistant
    )
    assert selectors.mapping_history(outsider, unit.pk) == []
    assert selectors.mapped_units(outsider) == []
    assert len(selectors.mapped_units(pvl_assistant)) == 1


def test_assistance_session(office, pvl_assistant, agency_tree):
    session = sv.assistance_record(
        office=office,
        agency=agency_tree["clinic"],
        date=dt.date(2025, 2, 1),
        topic="Maklumat pelayanan",
        components=[C[5], C[1]],
        staff=[pvl_assistant],
        actor=pvl_assistant,
    )
    assert session.components == [C[1], C[5]]
    assert AuditEvent.objects.filter(action="prevention.assistance_recorded").exists()


def test_assistance_refused_to_another_office(office, outsider, agency_tree):
    with pytest.raises(NotAllowed):
        sv.assistance_record(
            office=office,
            agency=agency_tree["clinic"],
            date=dt.date(2025, 2, 1),
            topic="x",
            actor=outsider,
        )
