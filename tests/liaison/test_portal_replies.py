"""The liaison portal's replies: the implementation report of a recommendation (UU 37/2008
Ps.38(1)), the reply to a summons (Ps.31), and the follow-up of a complaint unit's report
forwarded to the agency (SP4N-LAPOR!)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from aduan.cases import examination as ex
from aduan.cases.errors import CaseError, NotAllowed, WrongState
from aduan.cases.models import Recommendation, Summons
from aduan.cases.selectors import timeline
from aduan.deadlines.models import Deadline
from aduan.liaison import selectors, services
from aduan.liaison.models import Decision, SummonsReply
from aduan.liaison.services import LiaisonError
from aduan.sp4n.services import sp4n_forward
from tests.conftest import receive_deliveries
from tests.liaison.test_portal import pdf
from tests.sp4n.test_sp4n import central_admin, report, unit_office  # noqa: F401


@pytest.fixture
def city_portal(portal_user, make_liaison, agency_tree):
    """The city government's liaison (the superior a recommendation is addressed to)."""
    user = portal_user(make_liaison(agency_tree["city"], name="Andi", email="andi@kota.example"))
    client = Client()
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def recommended(walk, receive, head_of_office, agency_tree):
    """A case with a recommendation to the city government, signed and sent."""

    def make(sent=True):
        case = walk(receive(), "resmon")
        recommendation = ex.recommendation_issue(
            case=case,
            actor=head_of_office,
            addressee=agency_tree["city"],
            content="Wali Kota agar menertibkan pungutan di puskesmas.",
        )
        if sent:
            ex.recommendation_sent(recommendation=recommendation, actor=head_of_office)
            receive_deliveries(case)  # the superior receives it at once (decision 0018)
        return case, recommendation

    return make


# --- the implementation report of a recommendation
def test_recommendation_report_accepted_records_the_outcome_and_stops_the_clock(
    recommended, city_portal, resmon_assistant, client
):
    case, recommendation = recommended()
    clock = Deadline.objects.open().for_subject(recommendation).get()
    assert clock.rule.code == "pelaksanaan-rekomendasi"
    item = next(
        i for i in selectors.liaison_inbox(city_portal.user) if i["kind"] == "recommendation"
    )
    assert item["clock"] == clock and item["legal_source"]
    page = city_portal.get(f"/instansi/laporan/{case.pk}/").content.decode()
    assert f"/instansi/rekomendasi/{recommendation.pk}/lapor/" in page  # the report form
    response = city_portal.post(
        f"/instansi/rekomendasi/{recommendation.pk}/lapor/",
        {
            "outcome": "dilaksanakan",
            "text": "Sanksi diberikan; SK terlampir.",
            "files": [pdf("sk.pdf")],
        },
    )
    assert response.status_code == 302
    filed = recommendation.agency_reports.get()
    assert filed.decision == Decision.PENDING and filed.outcome == "dilaksanakan"
    clock.refresh_from_db()
    assert clock.state == Deadline.State.OPEN  # runs until the office accepts
    assert (
        "Laporan pelaksanaan Anda sedang menunggu"
        in city_portal.get(f"/instansi/laporan/{case.pk}/").content.decode()
    )
    client.force_login(resmon_assistant)
    review = client.get("/instansi/kantor/tinjau/").content.decode()
    assert "SK terlampir" in review
    client.post(f"/instansi/kantor/tinjau/laporan/{filed.pk}/", {"decision": "accept"})
    filed.refresh_from_db()
    recommendation.refresh_from_db()
    clock.refresh_from_db()
    assert filed.decision == Decision.ACCEPTED
    assert recommendation.outcome == Recommendation.Outcome.IMPLEMENTED
    assert recommendation.implementation_report == "Sanksi diberikan; SK terlampir."
    assert clock.state == Deadline.State.MET
    actions = [row["action"] for row in timeline(case)]
    assert "case.liaison_recommendation_reported" in actions
    assert "case.recommendation_outcome" in actions
    assert not any(i["kind"] == "recommendation" for i in selectors.liaison_inbox(city_portal.user))


def test_recommendation_report_sent_back_keeps_it_waiting(
    recommended, city_portal, resmon_assistant
):
    _case, recommendation = recommended()
    filed = services.liaison_report_recommendation(
        recommendation=recommendation, user=city_portal.user, outcome="sebagian", text="Sebagian."
    )
    services.agency_report_decide(
        report=filed, actor=resmon_assistant, accept=False, reason="Lampirkan SK sanksi."
    )
    recommendation.refresh_from_db()
    assert recommendation.outcome == Recommendation.Outcome.PENDING
    assert Deadline.objects.open().for_subject(recommendation).exists()
    again = services.liaison_report_recommendation(
        recommendation=recommendation, user=city_portal.user, outcome="dilaksanakan", text="Ini SK."
    )
    assert again.decision == Decision.PENDING


def test_recommendation_report_refusals(
    recommended, city_portal, portal, resmon_assistant, portal_user, make_liaison, other_agency
):
    _case, recommendation = recommended()
    with pytest.raises(LiaisonError):  # an outcome must be chosen
        services.liaison_report_recommendation(
            recommendation=recommendation, user=city_portal.user, outcome="menunggu", text="x"
        )
    with pytest.raises(CaseError):  # and the text written
        services.liaison_report_recommendation(
            recommendation=recommendation, user=city_portal.user, outcome="sebagian", text=" "
        )
    # The health office's liaison is below the city: a recommendation to the city is not theirs.
    with pytest.raises(NotAllowed):
        services.liaison_report_recommendation(
            recommendation=recommendation, user=portal.user, outcome="sebagian", text="x"
        )
    assert portal.post(f"/instansi/rekomendasi/{recommendation.pk}/lapor/").status_code == 404
    filed = services.liaison_report_recommendation(
        recommendation=recommendation, user=city_portal.user, outcome="sebagian", text="x"
    )
    with pytest.raises(WrongState):  # one report waits at a time
        services.liaison_report_recommendation(
            recommendation=recommendation, user=city_portal.user, outcome="sebagian", text="y"
        )
    with pytest.raises(NotAllowed):  # a liaison cannot decide
        services.agency_report_decide(report=filed, actor=city_portal.user, accept=True)
    services.agency_report_decide(report=filed, actor=resmon_assistant, accept=True)
    with pytest.raises(WrongState):  # recorded: nothing more to report
        services.liaison_report_recommendation(
            recommendation=recommendation, user=city_portal.user, outcome="dilaksanakan", text="z"
        )


def test_a_recommendation_not_yet_sent_is_not_shown_nor_reportable(recommended, city_portal):
    case, recommendation = recommended(sent=False)
    # The case is the city's (a corrective action is addressed to it), the draft is not.
    page = city_portal.get(f"/instansi/laporan/{case.pk}/").content.decode()
    assert "menertibkan pungutan" not in page
    assert not any(i["kind"] == "recommendation" for i in selectors.liaison_inbox(city_portal.user))
    assert city_portal.post(f"/instansi/rekomendasi/{recommendation.pk}/lapor/").status_code == 404


# --- the reply to a summons
@pytest.fixture
def summoned(asked, examiner):
    def make(**overrides):
        case, _request = asked(**overrides)
        summons = ex.summons_schedule(
            case=case,
            actor=examiner,
            person="Kepala Dinas Kesehatan",
            scheduled_for=timezone.now() + dt.timedelta(days=7),
        )
        return case, summons

    return make


def test_summons_reply_lands_on_the_case_and_the_office_sees_it(summoned, portal, examiner, client):
    case, summons = summoned()
    item = next(i for i in selectors.liaison_inbox(portal.user) if i["kind"] == "summons")
    assert item["reply"] is None
    response = portal.post(
        f"/instansi/panggilan/{summons.pk}/jawab/",
        {
            "attending": "yes",
            "attendee": "dr. Sari, Sekretaris Dinas",
            "text": "Kepala Dinas bertugas ke luar kota; diwakili Sekretaris.",
            "files": [pdf("surat-tugas.pdf")],
        },
    )
    assert response.status_code == 302
    reply = SummonsReply.objects.get(summons=summons)
    assert reply.attending and reply.attendee == "dr. Sari, Sekretaris Dinas"
    assert "case.liaison_summons_replied" in [row["action"] for row in timeline(case)]
    page = portal.get(f"/instansi/laporan/{case.pk}/").content.decode()
    assert "dr. Sari, Sekretaris Dinas akan hadir" in page
    client.force_login(examiner)
    assert "dr. Sari, Sekretaris Dinas" in client.get("/instansi/kantor/tinjau/").content.decode()
    # The office still records whether the person came; then the summons is closed to replies.
    ex.summons_record(summons=summons, actor=examiner, outcome=Summons.Outcome.ATTENDED)
    with pytest.raises(WrongState):
        services.liaison_reply_summons(summons=summons, user=portal.user, attending=False, text="x")
    assert not any(i["kind"] == "summons" for i in selectors.liaison_inbox(portal.user))


def test_summons_reply_refusals(
    summoned, portal, portal_user, make_liaison, other_agency, agency_tree
):
    _case, summons = summoned()
    with pytest.raises(LiaisonError, match="Name who will attend"):
        services.liaison_reply_summons(summons=summons, user=portal.user, attending=True)
    with pytest.raises(LiaisonError, match="why nobody can attend"):
        services.liaison_reply_summons(summons=summons, user=portal.user, attending=False)
    stranger = portal_user(make_liaison(other_agency, name="Lain", email="lain@bangka.example"))
    with pytest.raises(NotAllowed):
        services.liaison_reply_summons(
            summons=summons, user=stranger, attending=True, attendee="Saya"
        )
    other = Client()
    other.force_login(stranger)
    response = other.post(
        f"/instansi/panggilan/{summons.pk}/jawab/", {"attending": "yes", "attendee": "Saya"}
    )
    assert response.status_code == 404
    assert not SummonsReply.objects.exists()
    # Not attending, with a reason and another date: accepted.
    services.liaison_reply_summons(
        summons=summons, user=portal.user, attending=False, text="Mohon dijadwalkan 3 Desember."
    )
    assert SummonsReply.objects.get().attending is False


# --- a complaint unit's report forwarded to the agency (SP4N-LAPOR!)
def test_a_forwarded_complaint_unit_report_is_followed_up_in_the_portal(
    report,  # noqa: F811
    central_admin,  # noqa: F811
    portal,
    agency_tree,
):
    case = report(reporters=[{"name": "Budi Rahasia", "email": "budi@example.com"}])
    assert portal.get(f"/instansi/laporan/{case.pk}/").status_code == 404  # not yet forwarded
    sp4n_forward(
        case=case,
        actor=central_admin,
        report_class="pengaduan",
        handling_agency=agency_tree["health"],
    )
    item = next(i for i in selectors.liaison_inbox(portal.user) if i["kind"] == "sp4n")
    assert item["clock"].rule.code == "sp4n-pengaduan"
    page = portal.get(f"/instansi/laporan/{case.pk}/").content.decode()
    assert "Budi Rahasia" not in page and "budi@example.com" not in page  # confidential
    assert f"/instansi/laporan/{case.pk}/tindak-lanjut/" in page  # the follow-up form
    response = portal.post(
        f"/instansi/laporan/{case.pk}/tindak-lanjut/",
        {"answer": "Antrean ditata dengan nomor urut sejak 1 September."},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.sp4n.answered_at is not None
    assert Deadline.objects.get(case=case, rule__code="sp4n-pengaduan").state == "met"
    assert Deadline.objects.open().filter(case=case, rule__code="sp4n-konfirmasi-pelapor").exists()
    assert not any(i["kind"] == "sp4n" for i in selectors.liaison_inbox(portal.user))
    # Given once: a second follow-up is refused with a message, nothing changes.
    portal.post(f"/instansi/laporan/{case.pk}/tindak-lanjut/", {"answer": "Lagi."})
    case.sp4n.refresh_from_db()
    assert case.sp4n.answer.startswith("Antrean ditata")


def test_a_report_forwarded_elsewhere_is_not_shown(
    report,  # noqa: F811
    central_admin,  # noqa: F811
    portal_user,
    make_liaison,
    other_agency,
    agency_tree,
):
    case = report()
    sp4n_forward(
        case=case,
        actor=central_admin,
        report_class="permintaan-informasi",
        handling_agency=agency_tree["clinic"],
    )
    stranger = Client()
    stranger.force_login(portal_user(make_liaison(other_agency, email="x@bangka.example")))
    assert stranger.get(f"/instansi/laporan/{case.pk}/").status_code == 404
    response = stranger.post(f"/instansi/laporan/{case.pk}/tindak-lanjut/", {"answer": "Saya."})
    assert response.status_code == 404
    case.sp4n.refresh_from_db()
    assert case.sp4n.answered_at is None
