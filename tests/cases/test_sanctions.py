"""UU 37/2008 Ps.39: administrative sanctions recommended to the superior after a recommendation
was escalated (Ps.38(4)) or its implementation report was missed (Ps.38(2)), and the outcome."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from aduan.cases import examination as ex
from aduan.cases.errors import CaseError, NotAllowed, WrongState
from aduan.cases.models import SanctionRecommendation
from aduan.cases.sweeper import sweep
from aduan.core.models import AuditEvent


@pytest.fixture
def recommended(walk, receive, head_of_office, agency_tree):
    case = walk(receive(), "resmon")
    rec = ex.recommendation_issue(
        case=case, actor=head_of_office, addressee=agency_tree["city"], content="Tertibkan."
    )
    ex.recommendation_sent(recommendation=rec, actor=head_of_office)
    return rec


def test_sanctions_are_refused_before_escalation_or_a_missed_report(recommended, head_of_office):
    with pytest.raises(WrongState, match=r"UU 37/2008 Ps\.39.*Ps\.38\(4\).*Ps\.38\(2\)"):
        ex.sanction_recommend(
            recommendation=recommended, actor=head_of_office, content="Teguran tertulis."
        )


def test_after_escalation_sanctions_are_recommended_and_their_outcome_recorded(
    recommended, head_of_office, resmon_assistant, agency_tree
):
    ex.recommendation_outcome(
        recommendation=recommended, actor=resmon_assistant, outcome="tidak_dilaksanakan"
    )
    ex.recommendation_escalate(recommendation=recommended, actor=head_of_office, kind="publikasi")
    sanction = ex.sanction_recommend(
        recommendation=recommended,
        actor=head_of_office,
        content="Teguran tertulis kepada Kepala Dinas.",
        addressee=agency_tree["city"],
    )
    assert sanction.outcome == SanctionRecommendation.Outcome.PENDING
    event = AuditEvent.objects.get(action="case.sanction_recommended")
    assert event.new["after"] == "escalation"
    day = sanction.sent_on
    sanction = ex.sanction_outcome(
        sanction=sanction, actor=head_of_office, outcome="dijatuhkan", on=day
    )
    assert (sanction.outcome, sanction.outcome_on) == ("dijatuhkan", day)
    with pytest.raises(WrongState, match="already recorded"):
        ex.sanction_outcome(
            sanction=sanction, actor=head_of_office, outcome="tidak_dijatuhkan", note="Batal."
        )


def test_a_missed_60_day_report_opens_the_sanction(recommended, head_of_office):
    sweep(now=timezone.now() + dt.timedelta(days=75), reminders=False)
    sanction = ex.sanction_recommend(
        recommendation=recommended, actor=head_of_office, content="Hukuman disiplin."
    )
    assert sanction.addressee == recommended.addressee
    assert AuditEvent.objects.get(action="case.sanction_recommended").new["after"] == (
        "report_missed"
    )


def test_sanction_refusals(recommended, head_of_office, examiner):
    ex.recommendation_outcome(
        recommendation=recommended, actor=head_of_office, outcome="tidak_dilaksanakan"
    )
    ex.recommendation_escalate(recommendation=recommended, actor=head_of_office, kind="dpr")
    with pytest.raises(NotAllowed):
        ex.sanction_recommend(recommendation=recommended, actor=examiner, content="x")
    with pytest.raises(CaseError, match="Write the sanction"):
        ex.sanction_recommend(recommendation=recommended, actor=head_of_office, content=" ")
    sanction = ex.sanction_recommend(
        recommendation=recommended, actor=head_of_office, content="Teguran."
    )
    with pytest.raises(CaseError, match="Choose imposed"):
        ex.sanction_outcome(sanction=sanction, actor=head_of_office, outcome="entah")
    with pytest.raises(CaseError, match="note"):
        ex.sanction_outcome(sanction=sanction, actor=head_of_office, outcome="tidak_dijatuhkan")
    with pytest.raises(CaseError, match="between the sending and today"):
        ex.sanction_outcome(
            sanction=sanction,
            actor=head_of_office,
            outcome="dijatuhkan",
            on=sanction.sent_on - dt.timedelta(days=1),
        )
    pending = ex.sanction_outcome(
        sanction=sanction, actor=head_of_office, outcome="menunggu", note="Masih diproses."
    )
    assert pending.outcome_note == "Masih diproses."


def test_an_implemented_recommendation_has_no_sanction(
    recommended, head_of_office, resmon_assistant
):
    ex.recommendation_outcome(
        recommendation=recommended, actor=resmon_assistant, outcome="dilaksanakan"
    )
    with pytest.raises(WrongState, match="implemented"):
        ex.sanction_recommend(recommendation=recommended, actor=head_of_office, content="x")


def test_the_case_page_records_and_shows_the_sanction(client, recommended, head_of_office):
    ex.recommendation_outcome(
        recommendation=recommended, actor=head_of_office, outcome="tidak_dilaksanakan"
    )
    ex.recommendation_escalate(recommendation=recommended, actor=head_of_office, kind="presiden")
    client.force_login(head_of_office)
    case = recommended.case
    response = client.post(
        f"/kantor/laporan/{case.pk}/aksi/sanction/",
        {"recommendation": recommended.pk, "content": "Pemberhentian sementara."},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 302
    page = client.get(f"/kantor/laporan/{case.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Administrative sanctions (UU 37/2008 Ps.39)" in page
    assert "Pemberhentian sementara." in page
    assert "/aksi/sanction-outcome/" in page
