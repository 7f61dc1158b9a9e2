"""The reporter's withdrawal after the final LAHP: the terlapor's duties stay, the office decides
whether to continue as its own matter (UU 37/2008 Ps.7; Ps.38; Peraturan Ombudsman 58/2023)."""

from __future__ import annotations

import pytest

from aduan.cases import examination as ex
from aduan.cases import services as sv
from aduan.cases.errors import CaseError, NotAllowed, WrongState
from aduan.cases.models import Case
from aduan.cases.tasks import notify_reporter_task
from aduan.core.models import AuditEvent
from aduan.deadlines.models import Deadline


@pytest.fixture
def monitored(walk, receive):
    return walk(receive(), "monitoring")


def _open_rules(case):
    return sorted(Deadline.objects.open().filter(case=case).values_list("rule__code", flat=True))


def test_a_withdrawal_after_the_final_lahp_keeps_the_clocks_and_waits_for_the_office(monitored):
    before = _open_rules(monitored)
    case = sv.case_withdraw(case=monitored, reason="Pelapor sudah tidak berminat.")
    assert case.state == Case.State.MONITORING
    assert case.awaits_withdrawal_decision
    assert _open_rules(case) == before == ["monitoring-tindakan-korektif"]
    assert case.closure_mode is None
    event = AuditEvent.objects.get(action="case.withdrawn_after_lahp")
    assert event.reason == "Pelapor sudah tidak berminat."
    assert case.transitions.last().action == "withdrawn_after_lahp"


def test_the_withdrawal_explains_that_the_duties_do_not_depend_on_the_reporter(monitored):
    sv.case_withdraw(case=monitored)
    reason = AuditEvent.objects.get(action="case.withdrawn_after_lahp").reason
    assert "Peraturan Ombudsman 58/2023" in reason
    assert "UU 37/2008 Ps.38" in reason
    assert "UU 37/2008 Ps.7" in reason


def test_a_second_withdrawal_is_refused(monitored):
    sv.case_withdraw(case=monitored)
    with pytest.raises(WrongState, match="already recorded"):
        sv.case_withdraw(case=monitored)


def test_before_the_final_lahp_a_withdrawal_still_closes_the_case(walk, receive):
    case = sv.case_withdraw(case=walk(receive(), "lahp"))
    assert case.state == Case.State.CLOSED
    assert case.closure_mode.code == "dicabut"
    assert _open_rules(case) == []


def test_the_office_continues_as_its_own_matter(monitored, head_of_office, mailoutbox):
    sv.case_withdraw(case=monitored)
    case = sv.case_decide_after_withdrawal(
        case=monitored,
        actor=head_of_office,
        continue_as_own_matter=True,
        reason="Pungutan menyangkut banyak warga.",
    )
    assert case.state == Case.State.MONITORING
    assert not case.awaits_withdrawal_decision
    assert case.withdrawal_decision == "lanjut"
    assert _open_rules(case) == ["monitoring-tindakan-korektif"]
    event = AuditEvent.objects.get(action="case.continued_as_own_matter")
    assert event.new["basis"] == "UU 37/2008 Ps.7"
    mailoutbox.clear()
    assert notify_reporter_task.call(case_id=case.pk, event="lahp_draft") == 0
    assert mailoutbox == []


def test_the_office_stops_and_the_clocks_are_cancelled_with_the_reason(monitored, head_of_office):
    sv.case_withdraw(case=monitored)
    case = sv.case_decide_after_withdrawal(
        case=monitored,
        actor=head_of_office,
        continue_as_own_matter=False,
        reason="Tindakan korektif bersifat perorangan.",
    )
    assert case.state == Case.State.CLOSED
    assert case.closure_reason.code == "dicabut-pelapor"
    clock = Deadline.objects.get(case=case, rule__code="monitoring-tindakan-korektif")
    assert clock.state == Deadline.State.CANCELLED
    closed = AuditEvent.objects.filter(action="deadline.closed").latest("id")
    assert "Tindakan korektif bersifat perorangan." in closed.reason


def test_a_decision_without_a_withdrawal_is_refused(monitored, head_of_office):
    with pytest.raises(WrongState, match="No withdrawal"):
        sv.case_decide_after_withdrawal(
            case=monitored, actor=head_of_office, continue_as_own_matter=True, reason="x"
        )


def test_a_decision_needs_a_reason_and_the_right_role(monitored, head_of_office, examiner):
    sv.case_withdraw(case=monitored)
    with pytest.raises(CaseError, match="reason"):
        sv.case_decide_after_withdrawal(
            case=monitored, actor=head_of_office, continue_as_own_matter=True, reason=" "
        )
    with pytest.raises(NotAllowed):
        sv.case_decide_after_withdrawal(
            case=monitored, actor=examiner, continue_as_own_matter=True, reason="x"
        )


def test_a_decision_is_taken_once(monitored, head_of_office):
    sv.case_withdraw(case=monitored)
    sv.case_decide_after_withdrawal(
        case=monitored, actor=head_of_office, continue_as_own_matter=True, reason="Lanjut."
    )
    with pytest.raises(WrongState, match="No withdrawal"):
        sv.case_decide_after_withdrawal(
            case=monitored, actor=head_of_office, continue_as_own_matter=False, reason="Henti."
        )


def test_no_recommendation_until_the_office_has_decided(walk, receive, head_of_office, agency_tree):
    case = walk(receive(), "resmon")
    sv.case_withdraw(case=case)
    with pytest.raises(WrongState, match=r"UU 37/2008 Ps\.7"):
        ex.recommendation_issue(
            case=case, actor=head_of_office, addressee=agency_tree["city"], content="x"
        )
    sv.case_decide_after_withdrawal(
        case=case, actor=head_of_office, continue_as_own_matter=True, reason="Lanjut."
    )
    rec = ex.recommendation_issue(
        case=case, actor=head_of_office, addressee=agency_tree["city"], content="Tertibkan."
    )
    assert rec.case.state == Case.State.RECOMMENDATION


def test_the_case_page_shows_the_office_must_decide(client, monitored, head_of_office):
    sv.case_withdraw(case=monitored)
    client.force_login(head_of_office)
    page = client.get(f"/kantor/laporan/{monitored.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert "withdrawn by the reporter — office to decide" in text
    assert "/aksi/withdrawal-decision/" in text
    response = client.post(
        f"/kantor/laporan/{monitored.pk}/aksi/withdrawal-decision/",
        {"decision": "lanjut", "reason": "Kepentingan umum."},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 302
    monitored.refresh_from_db()
    assert monitored.withdrawal_decision == "lanjut"
