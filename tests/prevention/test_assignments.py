# ruff: noqa: F811  (the api fixture is imported)
"""Staff assigned to provider agencies (issue 18 §1): the assignment with its period, purpose,
plan and approval; visits with findings and evidence, logged from a phone without JavaScript;
monitoring reports reviewed by the head of unit; what arose from it; the agency's view."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from aduan.assignments import selectors as sel
from aduan.assignments import services as sv
from aduan.assignments.models import Visit
from aduan.core.models import AuditEvent
from aduan.prevention.permissions import NotAllowed, PreventionError, WrongState
from aduan.stats import render, report
from tests.api.conftest import api  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db
START = dt.date(2025, 4, 7)
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92"
    b"\xef\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def proposed(office, examiner, agency_tree):
    return sv.assignment_propose(
        office=office,
        actor=examiner,
        staff=examiner,
        agency=agency_tree["health"],
        start_date=START,
        end_date=START + dt.timedelta(days=90),
        purpose="Mengamati layanan rujukan.",
        plan="Kunjungan dua pekan sekali.",
    )


@pytest.fixture
def running(proposed, head_of_unit):
    return sv.assignment_approve(assignment=proposed, actor=head_of_unit)


def test_an_assignment_is_proposed_then_approved_by_a_head(proposed, head_of_unit):
    assert proposed.status == "usulan"
    approved = sv.assignment_approve(assignment=proposed, actor=head_of_unit)
    assert (approved.status, approved.approved_by) == ("disetujui", head_of_unit)
    assert AuditEvent.objects.filter(action="assignments.approved").count() == 1


def test_an_assistant_cannot_approve(proposed, examiner):
    with pytest.raises(NotAllowed):
        sv.assignment_approve(assignment=proposed, actor=examiner)


def test_a_staff_member_of_another_office_cannot_be_assigned(
    office, examiner, outsider, agency_tree
):
    with pytest.raises(PreventionError, match="staff member of this office"):
        sv.assignment_propose(
            office=office,
            actor=examiner,
            staff=outsider,
            agency=agency_tree["health"],
            start_date=START,
            end_date=START,
            purpose="x",
        )


def test_visits_wait_for_the_approval_and_stay_in_the_period(proposed, examiner, head_of_unit):
    with pytest.raises(WrongState):
        sv.visit_log(
            assignment=proposed, actor=examiner, visited_on=START, place="Loket", findings="x"
        )
    running = sv.assignment_approve(assignment=proposed, actor=head_of_unit)
    with pytest.raises(PreventionError, match="outside the assignment's period"):
        sv.visit_log(
            assignment=running,
            actor=examiner,
            visited_on=START - dt.timedelta(days=1),
            place="Loket",
            findings="x",
        )


def test_a_visit_keeps_its_evidence(running, examiner, media):
    visit = sv.visit_log(
        assignment=running,
        actor=examiner,
        visited_on=START + dt.timedelta(days=3),
        place="Loket rujukan",
        findings="Antrean tanpa nomor.",
        for_agency=True,
        evidence=SimpleUploadedFile("antrean.png", PNG, content_type="image/png"),
    )
    assert visit.evidence_name == "antrean.png" and visit.evidence_type == "image/png"
    assert AuditEvent.objects.filter(action="assignments.visit_logged").count() == 1


def test_a_monitoring_report_is_accepted_or_returned_with_a_note(running, examiner, head_of_unit):
    first = sv.report_submit(
        assignment=running, actor=examiner, period_start=START, period_end=START, text="Baik."
    )
    with pytest.raises(PreventionError, match="what to change"):
        sv.report_review(report=first, actor=head_of_unit, accept=False)
    returned = sv.report_review(report=first, actor=head_of_unit, accept=False, note="Rinci.")
    assert (returned.status, returned.review_note) == ("dikembalikan", "Rinci.")
    second = sv.report_submit(
        assignment=running, actor=examiner, period_start=START, period_end=START, text="Rinci."
    )
    assert sv.report_review(report=second, actor=head_of_unit, accept=True).status == "diterima"
    with pytest.raises(WrongState):
        sv.report_review(report=second, actor=head_of_unit, accept=True)


def test_reports_that_arose_are_linked(running, examiner, receive, other_office, outsider):
    case = receive()
    sv.link(assignment=running, actor=examiner, cases=[case])
    assert list(running.cases.all()) == [case]


def test_the_liaison_sees_the_assignment_and_only_findings_addressed_to_the_agency(
    make_liaison, running, examiner, pvl_assistant, agency_tree, client
):
    for findings, for_agency in (("Untuk instansi.", True), ("Catatan internal.", False)):
        sv.visit_log(
            assignment=running,
            actor=examiner,
            visited_on=START + dt.timedelta(days=2),
            place="Poli",
            findings=findings,
            for_agency=for_agency,
        )
    liaison = make_liaison(agency_tree["clinic"], pvl_assistant, "puskesmas")  # below the agency
    assert list(sel.assignments_for_liaison(liaison)) == [running]
    client.force_login(liaison)
    page = client.get("/instansi/penugasan/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Untuk instansi." in page and "Catatan internal." not in page


def test_a_proposed_assignment_is_not_shown_to_the_agency(
    make_liaison, proposed, pvl_assistant, agency_tree
):
    liaison = make_liaison(agency_tree["health"], pvl_assistant, "dinkes")
    assert not sel.assignments_for_liaison(liaison).exists()


def test_the_phone_form_logs_a_visit_and_a_refusal_keeps_what_was_written(
    client, running, examiner, media
):
    client.force_login(examiner)
    url = f"/kantor/penugasan/{running.pk}/kunjungan/"
    refused = client.post(
        url,
        {"visited_on": "2024-01-01", "place": "Loket", "findings": "Antrean panjang sekali."},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert refused.status_code == 400
    assert "Antrean panjang sekali." in refused.content.decode()
    done = client.post(
        url,
        {
            "visited_on": (START + dt.timedelta(days=1)).isoformat(),
            "place": "Loket",
            "findings": "Antrean panjang sekali.",
            "evidence": SimpleUploadedFile("bukti.png", PNG, content_type="image/png"),
        },
    )
    assert done.status_code == 302
    visit = Visit.objects.get()
    download = client.get(f"/kantor/penugasan/{running.pk}/kunjungan/{visit.pk}/bukti/")
    assert download.status_code == 200


def test_another_office_cannot_open_the_assignment(client, running, outsider):
    client.force_login(outsider)
    assert client.get(f"/kantor/penugasan/{running.pk}/").status_code == 404


def test_the_quarterly_report_counts_assignments_and_visits(office, running, examiner):
    sv.visit_log(
        assignment=running,
        actor=examiner,
        visited_on=START + dt.timedelta(days=2),
        place="Poli",
        findings="x",
        for_agency=True,
    )
    data = report.build(kind="quarterly", year=2025, quarter=2, office=office)
    assert data["prevention"]["assignments"] == {
        "assignments": 1,
        "agencies": 1,
        "visits": 1,
        "findings_to_agencies": 1,
        "monitoring_reports": 0,
    }
    assert ["Penugasan ke instansi", 1] in render.prevention_rows(data)
    assert "1 penugasan insan Ombudsman ke 1 instansi dengan 1 kunjungan" in data["narrative"]


def test_the_api_lists_assignments_with_their_visits(api, running, examiner):
    sv.visit_log(
        assignment=running, actor=examiner, visited_on=START, place="Poli", findings="Bersih."
    )
    (item,) = api(examiner).get("/assignments").json()
    assert item["status"] == "disetujui" and item["visits"][0]["place"] == "Poli"


def test_the_demo_assigns_the_examiner_to_the_hospital_once(office, examiner, head_of_unit):
    from aduan.assignments import demo
    from aduan.assignments.models import Assignment
    from aduan.demo.builder import DemoResult
    from aduan.directory.models import Agency
    from aduan.reference.models import AgencyGroup

    head_of_unit.username = "kepala-pemeriksaan"
    head_of_unit.save()
    Agency.objects.add_root(
        instance=Agency(
            name="RSUD Depati Hamzah",
            group=AgencyGroup.objects.get(code="kesehatan"),
            level="kabupaten_kota",
        )
    )
    demo.build(DemoResult(), print)
    demo.build(DemoResult(), print)
    (made,) = Assignment.objects.all()
    assert made.status == "disetujui" and made.visits.count() == 2
    assert made.reports.get().status == "diterima"


def test_the_page_links_reports_and_suggestions_that_arose(
    client, running, examiner, receive, pvl_assistant, agency_tree
):
    from aduan.prevention import services as prevention

    case = receive()
    review = prevention.review_create(
        office=running.office,
        actor=pvl_assistant,
        fields={
            "title": "Kajian rujukan",
            "topic": "Kesehatan",
            "period_start": START,
            "period_end": START,
            "findings": "-",
        },
    )
    suggestion = prevention.suggestion_add(
        review=review, actor=pvl_assistant, agency=agency_tree["health"], text="Antrean."
    )
    client.force_login(examiner)
    url = f"/kantor/penugasan/{running.pk}/tautkan/"
    refused = client.post(url, {"references": "X-0000"}, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 400 and "No such report of yours: X-0000." in (
        refused.content.decode()
    )
    done = client.post(url, {"references": case.reference, "suggestions": [suggestion.pk]})
    assert done.status_code == 302
    assert list(running.cases.all()) == [case]
    assert list(running.suggestions.all()) == [suggestion]
