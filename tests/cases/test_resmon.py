"""Resolusi dan Monitoring cannot be skipped (Peraturan Ombudsman 58/2023 Ps.54): a stage with
its own clock and steps; a recommendation only after a resolution attempt that failed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from aduan.cases import examination as ex
from aduan.cases import services as sv
from aduan.cases import workflows
from aduan.cases.errors import CaseError, NotAllowed, WrongState
from aduan.cases.models import Case
from aduan.cases.states import MOVES, State
from aduan.deadlines.models import Deadline
from aduan.deadlines.workdays import local_date


@pytest.fixture
def in_resmon(walk, receive):
    case = walk(receive(), "monitoring")
    return sv.case_handover_to_resmon(case=case, reason="30 hari kerja terlewati.")


def _today(case):
    return local_date(timezone.now(), case.office)


def _step(case, actor, kind, outcome="", **extra):
    return ex.resmon_record_step(
        case=case,
        actor=actor,
        kind=kind,
        held_on=_today(case),
        note="Catatan langkah.",
        outcome=outcome,
        **extra,
    )


def test_the_move_from_monitoring_to_recommendation_does_not_exist():
    # Ombudsman RI: no recommendation straight from monitoring (a regional ombudsman, which has
    # no Resolusi dan Monitoring stage, issues its own from monitoring).
    for kind in ("pusat", "perwakilan"):
        assert not workflows.has_move(
            kind, State.MONITORING, State.RECOMMENDATION, "recommendation_issued"
        )
    assert (State.RESOLUTION, State.RECOMMENDATION) in MOVES


def test_a_recommendation_from_monitoring_is_refused_citing_ps54(
    walk, receive, head_of_office, agency_tree
):
    case = walk(receive(), "monitoring")
    with pytest.raises(WrongState, match=r"cannot be skipped .*58/2023 Ps\.54"):
        ex.recommendation_issue(
            case=case, actor=head_of_office, addressee=agency_tree["city"], content="x"
        )
    assert not case.recommendations.exists()


def test_the_handover_starts_the_resmon_clock(in_resmon):
    clock = Deadline.objects.open().get(case=in_resmon, rule__code="resolusi-monitoring")
    assert (clock.days, clock.basis) == (30, "working")
    assert "Peraturan Ombudsman 58/2023 Ps.54" in clock.legal_source
    assert clock.rule.extendable
    assert in_resmon.unit.kind == "resmon"


def test_a_recommendation_needs_a_failed_resolution_attempt(in_resmon, head_of_office, agency_tree):
    with pytest.raises(WrongState, match=r"resolution attempt .*58/2023 Ps\.54"):
        ex.recommendation_issue(
            case=in_resmon, actor=head_of_office, addressee=agency_tree["city"], content="x"
        )


def test_an_attempt_comes_after_the_review_of_the_lhp_file(in_resmon, resmon_assistant):
    with pytest.raises(WrongState, match=r"review of the LHP file .*Ps\.54\(2\)"):
        _step(in_resmon, resmon_assistant, "upaya_resolusi", "tidak_selesai")


def test_a_failed_attempt_stops_the_clock_and_opens_the_recommendation(
    in_resmon, resmon_assistant, head_of_office, agency_tree
):
    _step(in_resmon, resmon_assistant, "telaah")
    _step(in_resmon, resmon_assistant, "rapat_koordinasi")
    assert Deadline.objects.open().filter(case=in_resmon, rule__code="resolusi-monitoring")
    _step(in_resmon, resmon_assistant, "upaya_resolusi", "tidak_selesai")
    clock = Deadline.objects.get(case=in_resmon, rule__code="resolusi-monitoring")
    assert clock.state == Deadline.State.MET
    rec = ex.recommendation_issue(
        case=in_resmon, actor=head_of_office, addressee=agency_tree["city"], content="Tertibkan."
    )
    assert rec.case.state == State.RECOMMENDATION


def test_a_resolved_attempt_closes_the_case(in_resmon, resmon_assistant):
    _step(in_resmon, resmon_assistant, "telaah")
    _step(
        in_resmon,
        resmon_assistant,
        "upaya_resolusi",
        "selesai",
        closure_mode="mediasi-konsiliasi",
    )
    in_resmon.refresh_from_db()
    assert in_resmon.state == Case.State.CLOSED
    assert in_resmon.closure_mode.code == "mediasi-konsiliasi"
    assert not Deadline.objects.open().filter(case=in_resmon).exists()
    resmon = Deadline.objects.get(case=in_resmon, rule__code="resolusi-monitoring")
    assert resmon.state == Deadline.State.MET


def test_step_refusals(in_resmon, resmon_assistant, examiner):
    with pytest.raises(CaseError, match="Say whether"):
        _step(in_resmon, resmon_assistant, "upaya_resolusi")
    with pytest.raises(CaseError, match="Only a resolution attempt"):
        _step(in_resmon, resmon_assistant, "telaah", "selesai")
    with pytest.raises(CaseError, match="closure mode"):
        _step(in_resmon, resmon_assistant, "upaya_resolusi", "selesai")
    with pytest.raises(CaseError, match="Choose a review"):
        _step(in_resmon, resmon_assistant, "sidang")
    with pytest.raises(CaseError, match="taken place"):
        ex.resmon_record_step(
            case=in_resmon,
            actor=resmon_assistant,
            kind="telaah",
            held_on=_today(in_resmon) + dt.timedelta(days=2),
            note="x",
        )
    with pytest.raises(NotAllowed):  # the case is with Resmon now
        _step(in_resmon, examiner, "telaah")


def test_steps_only_in_the_resmon_stage(walk, receive, head_of_office):
    case = walk(receive(), "monitoring")
    with pytest.raises(WrongState):
        _step(case, head_of_office, "telaah")


def test_the_case_page_offers_the_steps_then_the_recommendation(
    client, in_resmon, resmon_assistant, head_of_office
):
    client.force_login(resmon_assistant)
    page = client.get(f"/kantor/laporan/{in_resmon.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert "/aksi/resmon-step/" in page.content.decode()
    for data in (
        {"kind": "telaah", "held_on": _today(in_resmon).isoformat(), "note": "Lengkap."},
        {
            "kind": "upaya_resolusi",
            "held_on": _today(in_resmon).isoformat(),
            "note": "Tidak berhasil.",
            "outcome": "tidak_selesai",
        },
    ):
        response = client.post(
            f"/kantor/laporan/{in_resmon.pk}/aksi/resmon-step/", data, HTTP_ACCEPT_LANGUAGE="en"
        )
        assert response.status_code == 302
    client.force_login(head_of_office)
    page = client.get(f"/kantor/laporan/{in_resmon.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert "/aksi/recommendation/" in text
    assert "Tidak berhasil." in text
