"""The agency's liaison officer reports the follow-up of an improvement suggestion in the portal;
the office accepts it (recorded as the agency's response, the clock stops as for a response
recorded by staff) or sends it back with a reason."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import dateformat

from aduan.core.models import AuditEvent
from aduan.deadlines.models import Deadline
from aduan.directory.models import Agency, Liaison, User
from aduan.liaison import selectors as liaison_selectors
from aduan.liaison import services as liaison_services
from aduan.liaison.models import Decision
from aduan.prevention import services as sv
from aduan.prevention.models import Suggestion, SuggestionReport
from aduan.prevention.permissions import NotAllowed, PreventionError, WrongState
from aduan.reference.models import AgencyGroup
from tests.prevention.test_demo import babel  # noqa: F401

pytestmark = pytest.mark.django_db

PASSWORD = "Portal-pass-2026!"
OFFICE_MAILS = {"pvl@babel.example", "kepala@babel.example"}


def pdf(name: str = "bukti.pdf", content: bytes = b"%PDF-1.4 bukti") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def mailed_staff(pvl_assistant, head_of_office):
    """The review's author and the head of office (who publishes) have addresses."""
    for user, address in (
        (pvl_assistant, "pvl@babel.example"),
        (head_of_office, "kepala@babel.example"),
    ):
        user.email = address
        user.save(update_fields=["email"])


@pytest.fixture
def draft(office, pvl_assistant, agency_tree, mailed_staff):
    review = sv.review_create(
        office=office,
        actor=pvl_assistant,
        fields={
            "title": "Kajian Pelayanan Puskesmas",
            "topic": "Kesehatan",
            "period_start": dt.date(2025, 1, 1),
            "period_end": dt.date(2025, 6, 30),
            "findings": "Jadwal layanan tidak diumumkan.",
        },
    )
    sv.suggestion_add(
        review=review, actor=pvl_assistant, agency=agency_tree["health"], text="Umumkan jadwal."
    )
    return review


@pytest.fixture
def published(draft, head_of_office):
    return sv.review_publish(review=draft, actor=head_of_office)


@pytest.fixture
def suggestion(published):
    return published.suggestions.get()


@pytest.fixture
def portal_user(pvl_assistant):
    """portal_user(agency) → an activated portal account of a new liaison of ``agency``."""
    counter = iter(range(1000))

    def make(agency, email="narahubung@instansi.example"):
        liaison = Liaison.objects.create(agency=agency, name="Budi Santoso", email=email)
        result = liaison_services.liaison_invite(liaison=liaison, actor=pvl_assistant)
        return liaison_services.liaison_activate(
            token=result["token"], username=f"narahubung{next(counter)}", password=PASSWORD
        )

    return make


@pytest.fixture
def liaison(portal_user, agency_tree):
    """The health office's liaison, whom the suggestion is addressed to."""
    return portal_user(agency_tree["health"], email="budi@dinkes.example")


@pytest.fixture
def other_agency(regions):
    return Agency.objects.add_root(
        instance=Agency(
            name="Pemerintah Kabupaten Bangka",
            group=AgencyGroup.objects.get(code="pemerintah-daerah"),
            level=Agency.Level.KABUPATEN_KOTA,
            region=regions["19.01"],
        )
    )


@pytest.fixture
def stranger(portal_user, other_agency):
    """The liaison of another agency."""
    return portal_user(other_agency, email="andi@bangka.example")


def browser(user: User) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


@pytest.fixture
def staff(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def _report(suggestion, user, **overrides):
    data = {"status": "implemented", "text": "Jadwal diumumkan di papan dan laman.", **overrides}
    return sv.suggestion_report(suggestion=suggestion, actor=user, **data)


def _clock(suggestion) -> Deadline:
    return sv.follow_up_clocks(suggestion).get()


# --- reporting ----------------------------------------------------------------------


def test_a_report_waits_for_the_office_which_is_mailed(
    suggestion, liaison, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = _report(suggestion, liaison, evidence=pdf())
    assert report.decision == Decision.PENDING
    assert (report.status, report.by, report.evidence_name) == ("implemented", liaison, "bukti.pdf")
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.OPEN  # nothing recorded until accepted
    assert _clock(suggestion).state == Deadline.State.OPEN
    event = AuditEvent.objects.get(action="prevention.suggestion_reported")
    assert event.actor == liaison and event.new["report"] == report.pk
    [mail] = mailoutbox
    assert set(mail.to) == OFFICE_MAILS
    assert "Dinas Kesehatan Kota Pangkalpinang" in mail.subject
    assert "Jadwal diumumkan di papan dan laman." in mail.body
    assert "/instansi/kantor/tinjau/" in mail.body


def test_the_liaison_of_an_agency_above_may_report(suggestion, portal_user, agency_tree):
    city = portal_user(agency_tree["city"], email="kota@pangkalpinang.example")
    assert _report(suggestion, city).decision == Decision.PENDING


def test_accepting_records_the_response_stops_the_clock_and_mails_the_liaison(
    suggestion, liaison, head_of_unit, mailoutbox, django_capture_on_commit_callbacks
):
    report = _report(suggestion, liaison, evidence=pdf(content=b"%PDF-1.4 isi bukti"))
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sv.suggestion_report_decide(report=report, actor=head_of_unit, accept=True)
    report.refresh_from_db()
    assert report.decision == Decision.ACCEPTED and report.decided_by == head_of_unit
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.IMPLEMENTED
    assert suggestion.agency_response == "Jadwal diumumkan di papan dan laman."
    assert suggestion.evidence_name == "bukti.pdf"
    with suggestion.evidence.open("rb") as handle:
        assert handle.read() == b"%PDF-1.4 isi bukti"
    assert _clock(suggestion).state == Deadline.State.MET
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"prevention.suggestion_responded", "prevention.suggestion_report_accepted"} <= actions
    [mail] = mailoutbox
    assert mail.to == ["budi@dinkes.example"]
    assert "diterima" in mail.subject


def test_accepting_partly_keeps_the_clock_running_and_another_report_may_follow(
    suggestion, liaison, head_of_unit
):
    report = _report(suggestion, liaison, status="partly", text="Sebagian puskesmas.")
    sv.suggestion_report_decide(report=report, actor=head_of_unit, accept=True)
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.PARTLY
    assert _clock(suggestion).state == Deadline.State.OPEN
    assert _report(suggestion, liaison).decision == Decision.PENDING


def test_sending_back_needs_a_reason_and_the_liaison_may_report_again(
    suggestion, liaison, head_of_unit, mailoutbox, django_capture_on_commit_callbacks
):
    report = _report(suggestion, liaison)
    with pytest.raises(PreventionError, match="Say why"):
        sv.suggestion_report_decide(report=report, actor=head_of_unit, accept=False, reason=" ")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sv.suggestion_report_decide(
            report=report, actor=head_of_unit, accept=False, reason="Lampirkan foto papan."
        )
    report.refresh_from_db()
    assert (report.decision, report.reason) == (Decision.SENT_BACK, "Lampirkan foto papan.")
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.OPEN and suggestion.agency_response == ""
    assert _clock(suggestion).state == Deadline.State.OPEN
    assert AuditEvent.objects.filter(action="prevention.suggestion_report_sent_back").exists()
    [mail] = mailoutbox
    assert mail.to == ["budi@dinkes.example"]
    assert "dikembalikan" in mail.subject and "Lampirkan foto papan." in mail.body
    with pytest.raises(WrongState):
        sv.suggestion_report_decide(report=report, actor=head_of_unit, accept=True)
    again = _report(suggestion, liaison, text="Foto terlampir.")
    assert again.decision == Decision.PENDING


# --- refusals -----------------------------------------------------------------------


def test_the_liaison_of_another_agency_is_refused(suggestion, stranger):
    with pytest.raises(NotAllowed):
        _report(suggestion, stranger)
    response = browser(stranger).get(f"/instansi/saran/{suggestion.pk}/")
    assert response.status_code == 404
    response = browser(stranger).post(
        f"/instansi/saran/{suggestion.pk}/", {"status": "implemented", "text": "x"}
    )
    assert response.status_code == 404
    assert not SuggestionReport.objects.exists()


def test_a_sub_units_liaison_does_not_see_its_parents_suggestion(
    suggestion, portal_user, agency_tree
):
    clinic = portal_user(agency_tree["clinic"], email="puskesmas@example.org")
    with pytest.raises(NotAllowed):
        _report(suggestion, clinic)
    assert browser(clinic).get(f"/instansi/saran/{suggestion.pk}/").status_code == 404


@pytest.mark.parametrize("who", ["outsider", "pvl_assistant", "member"])
def test_staff_are_not_liaisons(suggestion, who, request):
    with pytest.raises(NotAllowed):
        _report(suggestion, request.getfixturevalue(who))


def test_nothing_is_reported_on_a_draft(draft, liaison):
    suggestion = draft.suggestions.get()
    with pytest.raises(WrongState, match="not published"):
        _report(suggestion, liaison)
    assert browser(liaison).get(f"/instansi/saran/{suggestion.pk}/").status_code == 404


def test_a_settled_suggestion_takes_no_report(suggestion, liaison, pvl_assistant):
    sv.suggestion_respond(
        suggestion=suggestion, actor=pvl_assistant, status="not_implemented", response="Tidak."
    )
    with pytest.raises(WrongState, match="settled"):
        _report(suggestion, liaison)


def test_a_second_report_waits_for_the_first(suggestion, liaison):
    _report(suggestion, liaison)
    with pytest.raises(WrongState, match="still waiting"):
        _report(suggestion, liaison)
    assert SuggestionReport.objects.count() == 1


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("status", "open", "Choose implemented"),
        ("text", "  ", "Describe"),
        ("evidence", SimpleUploadedFile("x.pdf", b"MZ\x90\x00 not a pdf"), "not accepted"),
        ("evidence", SimpleUploadedFile("x.pdf", b""), "empty"),
    ],
)
def test_bad_input_is_refused(suggestion, liaison, field, value, message):
    with pytest.raises(PreventionError, match=message):
        _report(suggestion, liaison, **{field: value})
    assert not SuggestionReport.objects.exists()


def test_office_staff_of_another_office_cannot_decide(suggestion, liaison, outsider):
    report = _report(suggestion, liaison)
    with pytest.raises(NotAllowed):
        sv.suggestion_report_decide(report=report, actor=outsider, accept=True)
    client = browser(outsider)
    assert "suggestion_reports" in client.get("/instansi/kantor/tinjau/").context
    assert client.get("/instansi/kantor/tinjau/").context["suggestion_reports"] == []
    response = client.post(f"/instansi/kantor/tinjau/saran/{report.pk}/", {"decision": "accept"})
    assert response.status_code == 404
    report.refresh_from_db()
    assert report.decision == Decision.PENDING


def test_a_liaison_cannot_decide(suggestion, liaison):
    report = _report(suggestion, liaison)
    with pytest.raises(NotAllowed):
        sv.suggestion_report_decide(report=report, actor=liaison, accept=True)
    response = browser(liaison).post(
        f"/instansi/kantor/tinjau/saran/{report.pk}/", {"decision": "accept"}
    )
    assert response.status_code == 403


# --- the portal ---------------------------------------------------------------------


def test_the_inbox_lists_open_suggestions_with_their_clock(suggestion, liaison, pvl_assistant):
    [item] = [i for i in liaison_selectors.liaison_inbox(liaison) if i["kind"] == "suggestion"]
    clock = _clock(suggestion)
    assert item["object"] == suggestion and item["case"] is None
    assert item["clock"] == clock and item["due"] == suggestion.due_date
    assert item["colour"] == "green"
    assert item["legal_source"].startswith("UU 37/2008 Ps.7")
    assert item["title"] == "Kajian Pelayanan Puskesmas" and not item["report_pending"]
    page = browser(liaison).get("/instansi/").content.decode()
    assert f"/instansi/saran/{suggestion.pk}/" in page
    assert "Umumkan jadwal." in page and "UU 37/2008 Ps.7" in page
    assert f"due {dateformat.format(suggestion.due_date, 'j F Y')}" in page
    # A running clock of the agency's inbox: it may ask for more time on it (its own page).
    assert liaison_selectors.deadline_for_liaison(liaison, clock.pk) == clock
    sv.suggestion_respond(
        suggestion=suggestion, actor=pvl_assistant, status="implemented", response="Sudah."
    )
    kinds = [i["kind"] for i in liaison_selectors.liaison_inbox(liaison)]
    assert "suggestion" not in kinds


def test_the_inbox_shows_no_draft_and_nothing_of_another_agency(draft, liaison, stranger):
    assert liaison_selectors.liaison_inbox(liaison) == []
    assert liaison_selectors.liaison_inbox(stranger) == []


def test_the_page_reports_without_javascript(suggestion, liaison):
    client = browser(liaison)
    page = client.get(f"/instansi/saran/{suggestion.pk}/").content.decode()
    for text in (
        "Kajian Pelayanan Puskesmas",
        "Kesehatan",
        "Jadwal layanan tidak diumumkan.",
        "Umumkan jadwal.",
        dateformat.format(suggestion.due_date, "j F Y"),
        'type="radio" name="status" value="implemented"',
        'type="radio" name="status" value="partly"',
        'type="radio" name="status" value="not_implemented"',
        'enctype="multipart/form-data"',
        'type="file" name="evidence"',
    ):
        assert text in page
    assert 'value="open"' not in page and "<script" not in page
    response = client.post(
        f"/instansi/saran/{suggestion.pk}/",
        {"status": "partly", "text": "Sebagian.", "evidence": pdf("papan.pdf")},
    )
    assert (
        response.status_code == 302 and response["Location"] == f"/instansi/saran/{suggestion.pk}/"
    )
    report = SuggestionReport.objects.get()
    assert (report.status, report.evidence_name) == ("partly", "papan.pdf")
    page = client.get(f"/instansi/saran/{suggestion.pk}/").content.decode()
    assert "Your report is waiting for the office." in page
    assert 'name="status"' not in page
    download = client.get(f"/instansi/saran/{suggestion.pk}/laporan/{report.pk}/bukti/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 bukti"


def test_a_refusal_shows_as_a_message(suggestion, liaison):
    client = browser(liaison)
    response = client.post(
        f"/instansi/saran/{suggestion.pk}/", {"status": "partly", "text": ""}, follow=True
    )
    assert "Describe what your agency did with the suggestion." in response.content.decode()
    assert not SuggestionReport.objects.exists()


def test_the_page_is_in_indonesian_by_default(suggestion, liaison):
    client = Client()
    client.force_login(liaison)
    page = client.get(f"/instansi/saran/{suggestion.pk}/")
    assert page.status_code == 200
    assert page.headers["Content-Language"] == "id"


def test_earlier_reports_show_with_their_decision_and_reason(suggestion, liaison, head_of_unit):
    report = _report(suggestion, liaison)
    sv.suggestion_report_decide(
        report=report, actor=head_of_unit, accept=False, reason="Lampirkan foto papan."
    )
    page = browser(liaison).get(f"/instansi/saran/{suggestion.pk}/").content.decode()
    assert "sent back" in page and "Lampirkan foto papan." in page
    assert 'name="status"' in page  # may report again


def test_evidence_is_only_for_the_agency_and_the_office(
    suggestion, liaison, stranger, outsider, head_of_unit
):
    report = _report(suggestion, liaison, evidence=pdf())
    url = f"/instansi/saran/{suggestion.pk}/laporan/{report.pk}/bukti/"
    assert browser(stranger).get(url).status_code == 404
    assert browser(outsider).get(url).status_code == 403  # staff are not liaisons
    office_url = f"/kantor/pencegahan/saran/laporan/{report.pk}/bukti/"
    response = browser(head_of_unit).get(office_url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 bukti"
    assert browser(outsider).get(office_url).status_code == 404
    assert browser(liaison).get(office_url).status_code == 403


# --- the office ---------------------------------------------------------------------


def test_the_office_decides_on_its_review_page(suggestion, liaison, head_of_unit, member):
    report = _report(suggestion, liaison, evidence=pdf())
    client = browser(head_of_unit)
    page = client.get("/instansi/kantor/tinjau/")
    assert page.context["suggestion_reports"] == [report]
    html = page.content.decode()
    assert f"/instansi/kantor/tinjau/saran/{report.pk}/" in html
    assert "Jadwal diumumkan di papan dan laman." in html
    assert browser(member).get("/instansi/kantor/tinjau/").context["suggestion_reports"] == [
        report
    ]  # national roles see every office's
    response = client.post(
        f"/instansi/kantor/tinjau/saran/{report.pk}/", {"decision": "send_back", "reason": ""}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.decision == Decision.PENDING  # a reason is required
    client.post(f"/instansi/kantor/tinjau/saran/{report.pk}/", {"decision": "accept"})
    report.refresh_from_db()
    assert report.decision == Decision.ACCEPTED
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.IMPLEMENTED
    assert client.get("/instansi/kantor/tinjau/").context["suggestion_reports"] == []


def test_the_review_page_shows_the_pending_report(suggestion, liaison, head_of_unit):
    report = _report(suggestion, liaison, evidence=pdf())
    page = browser(head_of_unit).get(f"/kantor/pencegahan/kajian/{suggestion.review_id}/")
    html = page.content.decode()
    assert "Report from the agency waiting for a decision" in html
    assert f"/instansi/kantor/tinjau/#saran-laporan-{report.pk}" in html
    assert f"/kantor/pencegahan/saran/laporan/{report.pk}/bukti/" in html


# --- the demo -----------------------------------------------------------------------


def test_the_demo_has_one_report_waiting(babel):  # noqa: F811
    from aduan.demo.builder import DemoResult
    from aduan.prevention import demo

    demo.build(DemoResult(), print)
    report = SuggestionReport.objects.get()
    assert report.decision == Decision.PENDING
    assert report.suggestion.agency.name == "Dinas Pendidikan Provinsi Kepulauan Bangka Belitung"
    head = User.objects.get(username="kepala", office=babel)
    assert liaison_selectors.pending_reviews(head)["suggestion_reports"] == [report]
    again = DemoResult()
    demo.build(again, print)
    assert SuggestionReport.objects.count() == 1 and again.created == {}


# --- found in review -----------------------------------------------------------------------


LONG_NAME = "Surat No. 123 tentang tindak lanjut saran perbaikan Dinas Kesehatan 26.11.2025.pdf"


def test_evidence_with_a_long_dotted_name_is_kept_under_its_hash(suggestion, liaison, head_of_unit):
    """The file is stored under its content's hash (the field's 100 characters cannot hold
    such a name); the original name is kept for the download, on the report and, once
    accepted, on the suggestion."""
    report = _report(suggestion, liaison, evidence=pdf(LONG_NAME, b"%PDF-1.4 surat"))
    assert report.evidence_name == LONG_NAME
    assert report.evidence.name.rsplit("/", 1)[-1].endswith(".pdf")
    assert len(report.evidence.name) < 100
    sv.suggestion_report_decide(report=report, actor=head_of_unit, accept=True)
    suggestion.refresh_from_db()
    assert suggestion.evidence_name == LONG_NAME
    with suggestion.evidence.open("rb") as handle:
        assert handle.read() == b"%PDF-1.4 surat"


def test_the_page_takes_evidence_with_a_long_name(suggestion, liaison):
    response = browser(liaison).post(
        f"/instansi/saran/{suggestion.pk}/",
        {"status": "implemented", "text": "Sudah.", "evidence": pdf(LONG_NAME)},
    )
    assert response.status_code == 302
    assert SuggestionReport.objects.get().evidence_name == LONG_NAME


def test_staff_cannot_record_a_response_beside_a_pending_report(suggestion, liaison, pvl_assistant):
    """Otherwise the liaison's report would wait for ever: the office decides on it instead."""
    _report(suggestion, liaison)
    with pytest.raises(WrongState, match="accept or send back their report first"):
        sv.suggestion_respond(
            suggestion=suggestion, actor=pvl_assistant, status="not_implemented", response="x"
        )
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.OPEN


@pytest.mark.parametrize("decision", ["GARBAGE", ""])
def test_a_decision_other_than_the_buttons_is_refused(suggestion, liaison, head_of_unit, decision):
    report = _report(suggestion, liaison)
    client = browser(head_of_unit)
    response = client.post(
        f"/instansi/kantor/tinjau/saran/{report.pk}/",
        {"decision": decision, "reason": "hmm"},
        follow=True,
    )
    assert "Choose one of the buttons to decide." in response.content.decode()
    report.refresh_from_db()
    assert report.decision == Decision.PENDING


def test_reminders_skip_a_liaison_who_left_and_reach_the_parents(
    suggestion, liaison, portal_user, agency_tree, pvl_assistant
):
    from aduan.prevention.tasks import agency_addresses

    portal_user(agency_tree["city"], email="kota@pangkalpinang.example")
    assert agency_addresses(suggestion) == ["budi@dinkes.example"]
    liaison_services.liaison_deactivate(liaison=liaison.liaison, actor=pvl_assistant)
    assert agency_addresses(suggestion) == ["kota@pangkalpinang.example"]
    Agency.objects.filter(pk=agency_tree["city"].pk).update(active=False)
    suggestion.agency.refresh_from_db()
    assert agency_addresses(suggestion) == []


def test_the_review_author_who_moved_office_is_not_mailed(suggestion, pvl_assistant, outsider):
    from aduan.prevention.tasks import office_addresses

    assert set(office_addresses(suggestion)) == OFFICE_MAILS
    pvl_assistant.office = outsider.office
    pvl_assistant.unit = outsider.unit
    pvl_assistant.save()
    suggestion.review.refresh_from_db()
    assert set(office_addresses(suggestion)) == {"kepala@babel.example"}
