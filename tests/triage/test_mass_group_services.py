"""Mass-complaint groups: the automatic rule (keys, similarity, window, office), the services
(by hand, lead case, answering every reporter, IAPS), spike alerts, pages and refusals."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from aduan.cases.errors import NotAllowed
from aduan.cases.models import Case, Note
from aduan.core.models import AuditEvent
from aduan.messaging.models import OutgoingMessage
from aduan.reference.models import Substance
from aduan.stats import spikes
from aduan.stats.models import MassComplaint, SpikeAlert
from aduan.triage import group_services as gs
from aduan.triage import groups
from tests.liaison.conftest import health_liaison, make_liaison, portal_user  # noqa: F401

WIB = ZoneInfo("Asia/Jakarta")
START = dt.datetime(2022, 3, 1, 9, tzinfo=WIB)
OUTAGES = [
    ("Listrik padam terus", "Listrik di rumah kami padam sejak pagi, pemadaman bergilir PLN."),
    ("Pemadaman listrik bergilir", "Pemadaman listrik bergilir tiap malam tanpa jadwal dr PLN."),
    ("listrik mati lg", "listrik padam lagi, pemadaman PLN gk ada pemberitahuan, kulkas rusak"),
    ("Lampu mati berjam-jam", "Pemadaman listrik PLN berjam-jam, listrik padam tiap hari."),
]
UNRELATED = ("KTP elektronik belum jadi", "Sudah rekam e-KTP enam bulan lalu, blangko habis.")


@pytest.fixture
def report(receive, office):
    """report(i, **fields) → a report received at the posko (event tag) on day i, placed."""

    def make(i: int = 0, text: tuple[str, str] | None = None, place: bool = True, **fields):
        title, chronology = text or OUTAGES[i % len(OUTAGES)]
        data = {
            "title": title,
            "chronology": chronology,
            "channel": "posko",
            "event_tag": "Posko Pengaduan Pemadaman Listrik",
            "received_at": START + dt.timedelta(days=i),
            "agency": None,
            "reporters": [{"name": f"Warga {i}", "email": f"warga{i}@example.com"}],
        }
        data.update(fields)
        case = receive(**data)
        if place:
            groups.place_case(case)
        return case

    return make


@pytest.fixture
def group(report):
    cases = [report(i) for i in range(3)]
    (group,) = MassComplaint.objects.all()
    assert set(group.cases.all()) == set(cases)
    return group


# --- the automatic rule


def test_three_similar_reports_at_one_event_start_a_group(report):
    first, second = report(0), report(1)
    assert not MassComplaint.objects.exists()  # two are not yet a mass complaint
    third = report(2)
    (group,) = MassComplaint.objects.all()
    assert set(group.cases.all()) == {first, second, third}
    assert (group.origin, group.status, group.basis) == ("automatic", "open", "event")
    assert group.basis_key == "tag:posko pengaduan pemadaman listrik"
    created = AuditEvent.objects.get(action="mass_complaint.created")
    assert created.new["similarity"] and created.new["words"]  # explained


def test_a_later_similar_report_joins_and_an_unrelated_one_stays_out(group, report):
    fourth = report(3)
    other = report(4, text=UNRELATED)
    assert group.cases.filter(pk=fourth.pk).exists()
    assert not other.mass_complaints.exists()
    joined = AuditEvent.objects.get(action="mass_complaint.grouped")
    assert joined.new["case"] == fourth.reference
    assert joined.new["similarity"] >= 0.30 and "pemadaman" in joined.new["words"]


def test_similar_reports_without_a_shared_key_are_not_grouped(report):
    for i in range(4):
        report(i, channel="web", event_tag="")
    assert not MassComplaint.objects.exists()


def test_the_same_agency_is_a_shared_key(report, agency_tree):
    for i in range(3):
        report(i, channel="web", event_tag="", agency=agency_tree["clinic"])
    (group,) = MassComplaint.objects.all()
    assert (group.basis, group.basis_key) == ("agency", str(agency_tree["health"].pk))


def test_the_similarity_threshold_is_a_setting(report, settings):
    settings.ADUAN_MASS_SIMILARITY_PERCENT = 95
    for i in range(4):
        report(i)
    assert not MassComplaint.objects.exists()


def test_the_number_that_starts_a_group_is_a_setting(report, settings):
    settings.ADUAN_MASS_MIN_REPORTS = 4
    for i in range(3):
        report(i)
    assert not MassComplaint.objects.exists()
    report(3)
    assert MassComplaint.objects.get().cases.count() == 4


def test_reports_outside_the_window_are_not_grouped(report, settings):
    settings.ADUAN_MASS_WINDOW_DAYS = 14
    report(0)
    report(15)
    report(30)
    assert not MassComplaint.objects.exists()


def test_a_report_of_another_office_is_never_grouped(group, receive, other_office):
    title, chronology = OUTAGES[3]
    elsewhere = receive(
        office=other_office,
        title=title,
        chronology=chronology,
        channel="posko",
        event_tag="Posko Pengaduan Pemadaman Listrik",
        received_at=START,
        agency=None,
    )
    groups.place_case(elsewhere)
    assert not elsewhere.mass_complaints.exists()
    assert MassComplaint.objects.filter(office=other_office).count() == 0


def test_consultations_are_not_grouped(report):
    for i in range(3):
        report(i, intake_type="knl")
    assert not MassComplaint.objects.exists()


# --- by hand


def test_staff_add_and_remove_a_report_by_hand_with_audit(group, report, pvl_assistant):
    other = report(5, text=UNRELATED)
    gs.group_add_case(group=group, case=other, actor=pvl_assistant, reason="same street")
    assert group.cases.filter(pk=other.pk).exists()
    added = AuditEvent.objects.get(action="mass_complaint.grouped", actor=pvl_assistant)
    assert added.new == {"case": other.reference, "by_hand": True}
    gs.group_remove_case(group=group, case=other, actor=pvl_assistant, reason="not the outage")
    assert not group.cases.filter(pk=other.pk).exists()
    removed = AuditEvent.objects.get(action="mass_complaint.removed")
    assert removed.old == {"case": other.reference} and removed.reason == "not the outage"


def test_a_report_removed_by_hand_is_not_put_back_automatically(group, pvl_assistant):
    member = group.cases.first()
    gs.group_remove_case(group=group, case=member, actor=pvl_assistant)
    MassComplaint.objects.filter(pk=group.pk).update()
    groups.place_case(member)
    assert not group.cases.filter(pk=member.pk).exists()


def test_a_report_of_another_office_cannot_be_added(group, receive, other_office, pvl_assistant):
    elsewhere = receive(office=other_office, agency=None)
    with pytest.raises(gs.GroupError):
        gs.group_add_case(group=group, case=elsewhere, actor=pvl_assistant)


def test_rename_and_close(group, pvl_assistant, report):
    gs.group_rename(group=group, actor=pvl_assistant, title="Pemadaman Maret 2022")
    gs.group_close(group=group, actor=pvl_assistant, reason="handled")
    group.refresh_from_db()
    assert (group.title, group.status) == ("Pemadaman Maret 2022", "closed")
    assert AuditEvent.objects.filter(action="mass_complaint.renamed").exists()
    late = report(3)  # a closed group takes no report
    assert not group.cases.filter(pk=late.pk).exists()
    with pytest.raises(gs.GroupError, match="closed"):
        gs.group_add_case(group=group, case=late, actor=pvl_assistant)


def test_outsiders_may_not_change_a_group(group, outsider, report):
    with pytest.raises(NotAllowed):
        gs.group_rename(group=group, actor=outsider, title="x")
    with pytest.raises(NotAllowed):
        gs.group_answer_reporters(group=group, actor=outsider, text="x")


# --- one examination, individual answers


def test_the_lead_case_is_examined_for_the_group(group, pvl_assistant, receive):
    lead = group.cases.order_by("received_at").first()
    gs.group_set_lead(group=group, actor=pvl_assistant, case=lead)
    group.refresh_from_db()
    assert (group.lead_case, group.status) == (lead, "examined")
    stranger = receive(agency=None)
    with pytest.raises(gs.GroupError):
        gs.group_set_lead(group=group, actor=pvl_assistant, case=stranger)


def test_every_reporter_gets_their_own_reply_and_keeps_their_own_clock(group, pvl_assistant):
    members = list(group.cases.order_by("pk"))
    clocks = {c.pk: c.next_due for c in members}
    assert all(clocks.values())
    done = gs.group_answer_reporters(
        group=group, actor=pvl_assistant, text="PLN telah memperbaiki gardu; jadwal diumumkan."
    )
    assert sorted(done["answered"]) == sorted(c.reference for c in members)
    for case in members:
        note = Note.objects.get(case=case, kind=Note.Kind.TO_REPORTER)
        assert "gardu" in note.text
        message = OutgoingMessage.objects.get(case=case)
        assert message.reporter.case_id == case.pk  # their own reporter, on their own case
        assert (
            AuditEvent.objects.filter(action="case.message_sent", target_id=str(case.pk)).exists()
            or AuditEvent.objects.filter(action="case.message_sent").count() == 3
        )
        case.refresh_from_db()
        assert case.next_due == clocks[case.pk]  # no shared clock
    assert AuditEvent.objects.filter(action="case.message_sent").count() == len(members)
    group.refresh_from_db()
    assert group.outcome.startswith("PLN") and group.answered_at


def test_answering_needs_words(group, pvl_assistant):
    with pytest.raises(gs.GroupError):
        gs.group_answer_reporters(group=group, actor=pvl_assistant, text="  ")


# --- IAPS and spike alerts


def test_a_group_becomes_an_iaps_in_one_step(group, head_of_office):
    case = gs.group_open_iaps(group=group, actor=head_of_office, title="Pemadaman bergilir")
    assert case.intake_type.code == "iaps" and case.state == "pemeriksaan"
    assert set(case.linked_reports.all()) == set(group.cases.all())
    group.refresh_from_db()
    assert group.iaps_case == case and group.lead_case == case and group.status == "examined"
    assert AuditEvent.objects.get(action="mass_complaint.iaps_opened").new["reports"] == 3
    with pytest.raises(gs.GroupError):
        gs.group_open_iaps(group=group, actor=head_of_office)


def test_the_iaps_title_never_names_a_members_reporter(group, head_of_office):
    reporter = group.cases.first().reporters.first()
    case = gs.group_open_iaps(
        group=group, actor=head_of_office, title=f"Pemadaman dilaporkan {reporter.name}"
    )
    assert reporter.name not in case.title
    assert case.title.startswith("Pemadaman dilaporkan")


def test_an_assistant_may_not_open_an_iaps_from_a_group(group, pvl_assistant):
    with pytest.raises(NotAllowed):
        gs.group_open_iaps(group=group, actor=pvl_assistant)


@pytest.fixture
def alert(office, group):
    electricity = Substance.objects.get(code="energi-kelistrikan")
    group.cases.update(substance=electricity)
    return SpikeAlert.objects.create(
        office=office,
        dimension=SpikeAlert.Dimension.SUBSTANCE,
        key=str(electricity.pk),
        label=electricity.name,
        window_start=dt.date(2022, 3, 1),
        window_end=dt.date(2022, 3, 7),
        count=3,
        baseline_mean=0,
        baseline_sd=0,
        threshold=10,
    )


def test_a_spike_alert_proposes_the_automatic_group(alert, group):
    (proposed,) = gs.groups_for_alert(alert)
    assert proposed == group and proposed.shared == 3


def test_a_later_alert_window_proposes_nothing(alert, group):
    alert.window_start, alert.window_end = dt.date(2022, 5, 1), dt.date(2022, 5, 7)
    alert.save()
    assert list(gs.groups_for_alert(alert)) == []


def test_grouping_an_alert_reuses_the_automatic_group(alert, group, head_of_office):
    reused = spikes.alert_group(alert=alert, actor=head_of_office)
    assert reused == group and MassComplaint.objects.count() == 1
    alert.refresh_from_db()
    group.refresh_from_db()
    assert (alert.status, alert.action) == ("acted", "grouped")
    assert group.alert == alert


def test_use_this_group_on_the_alert_page(alert, group, head_of_office):
    client = Client()
    client.force_login(head_of_office)
    page = client.get(reverse("alerts:detail", args=[alert.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert "Use this group" in page.content.decode()
    response = client.post(
        reverse("alerts:act", args=[alert.pk]),
        {"action": "use_group", "group": group.pk},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.alert == alert and MassComplaint.objects.count() == 1


# --- pages


def test_the_group_pages_show_each_report_with_its_own_state_and_clock(group, pvl_assistant):
    client = Client()
    client.force_login(pvl_assistant)
    listing = client.get(reverse("alerts:groups"), HTTP_ACCEPT_LANGUAGE="en")
    assert listing.status_code == 200 and group.title in listing.content.decode()
    page = client.get(reverse("alerts:group", args=[group.pk]), HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    for case in group.cases.all():
        assert case.reference in text
        assert case.next_due.strftime("%d-%m-%Y") in text
    assert "Answer every reporter" in text and "reachable" in text


def test_the_page_actions_call_the_services(group, pvl_assistant):
    client = Client()
    client.force_login(pvl_assistant)
    url = reverse("alerts:group_act", args=[group.pk])
    lead = group.cases.first()
    client.post(url, {"action": "lead", "case": lead.pk}, HTTP_ACCEPT_LANGUAGE="en")
    client.post(url, {"action": "answer", "text": "Sudah ditangani."}, HTTP_ACCEPT_LANGUAGE="en")
    group.refresh_from_db()
    assert group.lead_case == lead and group.outcome == "Sudah ditangani."
    assert Note.objects.filter(kind=Note.Kind.TO_REPORTER).count() == 3


def test_the_case_page_links_to_its_group(group, pvl_assistant):
    client = Client()
    client.force_login(pvl_assistant)
    case = group.cases.first()
    page = client.get(reverse("backoffice:case_detail", args=[case.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert reverse("alerts:group", args=[group.pk]) in page.content.decode()


def test_an_outsider_sees_no_group(group, outsider):
    client = Client()
    client.force_login(outsider)
    assert client.get(reverse("alerts:group", args=[group.pk])).status_code == 404
    response = client.post(reverse("alerts:group_act", args=[group.pk]), {"action": "close"})
    assert response.status_code == 404
    assert group.title not in client.get(reverse("alerts:groups")).content.decode()
    group.refresh_from_db()
    assert group.status == "open"


def test_an_agency_liaison_is_refused(group, portal_user, health_liaison):  # noqa: F811
    user = portal_user(health_liaison)
    client = Client()
    client.force_login(user)
    assert client.get(reverse("alerts:group", args=[group.pk])).status_code == 403
    assert client.get(reverse("alerts:groups")).status_code == 403


def test_after_commit_the_intake_places_the_report(report, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(3):
            report(i, place=False)
    assert MassComplaint.objects.get().cases.count() == 3
    assert Case.objects.count() == 3
