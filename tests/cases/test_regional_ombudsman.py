"""A regional ombudsman (office kind ombudsman_daerah, e.g. Lembaga Ombudsman DIY): set up by a
regional regulation, not by UU 37/2008. Its clocks are its own rule set ("daerah-" rules an
administrator confirms), and it holds none of UU 37's powers: police assistance (Ps.31), binding
recommendation (Ps.38), escalation (Ps.38(4)), sanctions (Ps.39). Decision 0018."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from aduan.cases import engine, selectors, workflows
from aduan.cases import examination as ex
from aduan.cases import services as sv
from aduan.cases.errors import NotInWorkflow
from aduan.cases.sweeper import sweep
from aduan.cases.workflows import Power
from aduan.core.models import AuditEvent
from aduan.deadlines.models import Deadline
from aduan.directory.models import Office
from tests.conftest import FORMAL_OK, receive_deliveries

pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Jakarta")


@pytest.fixture
def regional(office):
    """The Bangka Belitung fixture office and its staff, as a regional ombudsman."""
    office.kind = Office.Kind.OMBUDSMAN_DAERAH
    office.name = "Lembaga Ombudsman Daerah (contoh)"
    office.parent = None
    office.save()
    return office


@pytest.fixture
def examined(regional, walk, receive):
    return walk(receive(), "examination")


def _clock(case, code):
    receive_deliveries(case)  # the addressee opens what was sent: its clock starts
    return Deadline.objects.get(case=case, rule__code=code, state=Deadline.State.OPEN)


def _day_after(day: dt.date, days: int = 1) -> dt.datetime:
    moment = dt.datetime.combine(day + dt.timedelta(days=days), dt.time(10), tzinfo=WIB)
    return moment


def test_a_report_starts_the_regional_rule_not_the_ombudsmans(regional, receive):
    case = receive()
    clock = _clock(case, "daerah-pemberitahuan-kelengkapan")
    assert clock.rule.rule_set == "ombudsman_daerah"
    assert clock.legal_source == "Peraturan Gubernur (diisi administrator)"
    assert not Deadline.objects.filter(case=case, rule__code="pemberitahuan-kelengkapan").exists()


def test_the_clock_says_its_rule_is_to_be_confirmed_by_the_administrator(regional, receive):
    case = receive()
    row = next(r for r in selectors.clocks(case) if r["rule"] == "daerah-pemberitahuan-kelengkapan")
    assert row["to_confirm"] is True
    assert any("to be confirmed by the administrator" in line for line in row["explanation"])


def test_an_ombudsman_ri_clock_says_nothing_of_confirmation(receive):
    case = receive()
    row = next(r for r in selectors.clocks(case) if r["rule"] == "pemberitahuan-kelengkapan")
    assert row["to_confirm"] is False
    assert not any("to be confirmed" in line for line in row["explanation"])


def test_start_clock_picks_the_kinds_rule_for_a_step(examined, examiner):
    assert engine.rule_for(examined, "klarifikasi-pertama") == "daerah-klarifikasi-pertama"
    request = ex.clarification_request(case=examined, actor=examiner, questions="Dasar pungutan?")
    clock = Deadline.objects.for_subject(request).get()
    assert (clock.rule.code, clock.days) == ("daerah-klarifikasi-pertama", 14)


def test_the_regional_completion_period_runs_out_into_deemed_withdrawn(
    regional, receive, pvl_assistant
):
    case = receive()
    items = dict(FORMAL_OK, dokumen_identitas=False)
    case = sv.case_verify_formal(case=case, actor=pvl_assistant, items=items)
    clock = _clock(case, "daerah-melengkapi-laporan")
    assert clock.rule.party == "pelapor"
    result = sweep(now=_day_after(clock.due_date), reminders=False)
    assert result.consequences["deemed_withdrawn"] == 1
    case.refresh_from_db()
    assert case.state == "selesai"
    reason = case.transitions.get(action="deemed_withdrawn").reason
    assert "Peraturan Gubernur (diisi administrator)" in reason
    assert "UU 37/2008" not in reason


def test_the_reporters_completion_stops_the_regional_clock(regional, receive, pvl_assistant):
    case = receive()
    case = sv.case_verify_formal(
        case=case, actor=pvl_assistant, items=dict(FORMAL_OK, dokumen_identitas=False)
    )
    sv.case_complete(case=case, actor=pvl_assistant, note="KTP dikirim.")
    assert Deadline.objects.get(case=case, rule__code="daerah-melengkapi-laporan").state == "met"


def test_an_unanswered_clarification_is_swept_under_the_regional_rule(examined, examiner):
    request = ex.clarification_request(case=examined, actor=examiner, questions="Dasar?")
    receive_deliveries(examined)
    clock = Deadline.objects.for_subject(request).get()
    result = sweep(now=_day_after(clock.due_date), reminders=False)
    assert result.consequences["clarification_unanswered"] == 1
    request.refresh_from_db()
    assert request.status == "tidak_dijawab"


def test_three_ignored_summonses_do_not_open_police_assistance(examined, examiner):
    for day in (1, 2, 3):
        summons = ex.summons_schedule(
            case=examined,
            actor=examiner,
            person="Kepala Dinas",
            scheduled_for=timezone.now() + dt.timedelta(days=day),
        )
        ex.summons_record(summons=summons, actor=examiner, outcome="tidak_hadir")
    examined.refresh_from_db()
    assert not examined.police_assistance_option
    assert not AuditEvent.objects.filter(action="case.police_assistance_option").exists()


def test_police_assistance_is_refused_citing_ps31(examined):
    with pytest.raises(NotInWorkflow) as refused:
        engine.require_power(examined, Power.POLICE)
    assert str(refused.value) == (
        "A regional ombudsman has no power to ask the police to bring a person (UU 37/2008 "
        "Ps.31 binds Ombudsman RI only; the regional ombudsman's own regulation applies)."
    )


def test_sanctions_are_refused_citing_ps39(examined):
    with pytest.raises(NotInWorkflow, match=r"UU 37/2008 Ps\.39"):
        engine.require_power(examined, Power.SANCTIONS)


def test_the_ombudsman_ri_holds_every_power(walk, receive):
    case = walk(receive(), "examination")
    for power in Power.ALL:
        engine.require_power(case, power)  # no refusal


@pytest.fixture
def monitored(regional, walk, receive):
    return walk(receive(), "monitoring")


def test_corrective_action_runs_the_regional_clock_and_has_no_resmon_stage(monitored):
    clock = Deadline.objects.get(case=monitored, rule__code="daerah-monitoring-tindakan-korektif")
    assert clock.basis == "working"
    sweep(now=_day_after(clock.due_date), reminders=False)
    monitored.refresh_from_db()
    assert monitored.state == "monitoring"  # missed; staff decide (no Resolusi dan Monitoring)
    with pytest.raises(NotInWorkflow) as refused:
        sv.case_handover_to_resmon(case=monitored, reason="30 hari kerja lewat.")
    assert "A regional ombudsman has no step from" in str(refused.value)
    assert "bind Ombudsman RI only" in str(refused.value)


def test_its_recommendation_has_no_ps38_clock_escalation_or_sanction(
    monitored, head_of_office, examiner, agency_tree
):
    rec = ex.recommendation_issue(
        case=monitored,
        actor=head_of_office,
        addressee=agency_tree["city"],
        content="Wali Kota agar mengembalikan pungutan.",
    )
    issued = AuditEvent.objects.get(action="case.recommendation_issued")
    assert issued.new["binding"] is False
    sending = Deadline.objects.for_subject(rec).get(state="open")
    assert sending.rule.code == "daerah-penyampaian-rekomendasi"
    ex.recommendation_sent(recommendation=rec, actor=head_of_office)
    assert (
        Deadline.objects.for_subject(rec).get(rule__code="daerah-penyampaian-rekomendasi").state
        == "met"
    )
    receive_deliveries(monitored)  # the superior receives the recommendation
    follow_up = Deadline.objects.for_subject(rec).get(state="open")
    assert follow_up.rule.code == "daerah-pelaksanaan-rekomendasi"
    assert follow_up.legal_source == "Peraturan Gubernur (diisi administrator)"
    assert not Deadline.objects.filter(
        case=monitored, rule__code="pelaksanaan-rekomendasi"
    ).exists()

    ex.recommendation_outcome(recommendation=rec, actor=examiner, outcome="tidak_dilaksanakan")
    for kind in ("dpr", "presiden", "publikasi"):
        with pytest.raises(NotInWorkflow) as refused:
            ex.recommendation_escalate(recommendation=rec, actor=head_of_office, kind=kind)
        assert "UU 37/2008 Ps.38(4)" in str(refused.value)
        assert "regional ombudsman" in str(refused.value)
    assert not rec.escalations.exists()
    with pytest.raises(NotInWorkflow, match=r"Ps\.39"):
        engine.require_power(monitored, Power.SANCTIONS)


def test_the_ombudsman_ri_recommendation_is_binding(walk, receive, head_of_office, agency_tree):
    case = walk(receive(), "resmon")
    ex.recommendation_issue(
        case=case, actor=head_of_office, addressee=agency_tree["city"], content="Kembalikan."
    )
    assert AuditEvent.objects.get(action="case.recommendation_issued").new["binding"] is True


def test_the_regional_table_names_a_daerah_rule_for_every_ombudsman_step(regional):
    from aduan.deadlines.models import DeadlineRule

    for step in workflows.OMBUDSMAN_STEPS:
        code = workflows.rule_code("ombudsman_daerah", step)
        rule = DeadlineRule.objects.get(code=code)
        assert rule.rule_set == "ombudsman_daerah"
        assert workflows.needs_confirmation(rule.legal_source)


def test_the_case_page_offers_no_escalation_or_sanction_to_a_regional_ombudsman(
    monitored, head_of_office, examiner, agency_tree
):
    from aduan.backoffice.actions import available

    rec = ex.recommendation_issue(
        case=monitored, actor=head_of_office, addressee=agency_tree["city"], content="Kembalikan."
    )
    ex.recommendation_sent(recommendation=rec, actor=head_of_office)
    ex.recommendation_outcome(recommendation=rec, actor=examiner, outcome="tidak_dilaksanakan")
    monitored.refresh_from_db()
    offered = {name for name, _action in available(monitored, head_of_office)}
    assert "recommendation-escalate" not in offered and "sanction" not in offered
