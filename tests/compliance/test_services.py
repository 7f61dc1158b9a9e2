"""Every compliance service: what it does, and what it refuses."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from aduan.compliance import services
from aduan.compliance.errors import ComplianceError, NotAllowed, WrongState
from aduan.compliance.models import Assessment, Evidence, Indicator
from aduan.core.audit import events_for

from .conftest import answers_for, png


@pytest.fixture
def campaign(standard_2013, make_campaign):
    return make_campaign(standard_2013)


@pytest.fixture
def assessment(campaign, schedule, agency_tree):
    return schedule(campaign, agency_tree["clinic"])


@pytest.fixture
def submitted(assessment, fill_and_submit):
    return fill_and_submit(assessment, scale=0, yes=True)


# --- campaigns --------------------------------------------------------------------------


def test_a_head_creates_a_campaign_and_freezes_its_instrument(campaign, standard_2013, office):
    standard_2013.refresh_from_db()
    assert standard_2013.is_frozen
    assert campaign.office == office and campaign.instrument == standard_2013
    assert events_for(campaign).get().action == "compliance.campaign_created"


def test_an_assistant_cannot_create_a_campaign(standard_2013, office, assessor):
    with pytest.raises(NotAllowed):
        services.campaign_create(
            office=office, year=2021, title="X", instrument=standard_2013, actor=assessor
        )


def test_a_head_of_another_office_cannot_create_a_campaign_here(standard_2013, office, outsider):
    outsider.role = "kepala_perwakilan"
    outsider.save()
    with pytest.raises(NotAllowed):
        services.campaign_create(
            office=office, year=2021, title="X", instrument=standard_2013, actor=outsider
        )


def test_a_campaign_title_is_unique_in_its_office_and_year(campaign, make_campaign, standard_2013):
    with pytest.raises(ComplianceError, match="already has a campaign"):
        make_campaign(standard_2013)


def test_scheduling_adds_a_unit_with_date_and_assessor(assessment, assessor, agency_tree):
    assert assessment.state == Assessment.State.SCHEDULED
    assert (assessment.assessor, assessment.agency) == (assessor, agency_tree["clinic"])
    assert assessment.scheduled_on == dt.date(2021, 8, 1)


def test_an_assessor_of_another_office_cannot_be_assigned(
    campaign, schedule, agency_tree, outsider
):
    with pytest.raises(NotAllowed, match="staff of the campaign's office"):
        schedule(campaign, agency_tree["health"], who=outsider)


def test_a_unit_is_scheduled_once_per_campaign(assessment, campaign, schedule, agency_tree):
    with pytest.raises(ComplianceError, match="already in the campaign"):
        schedule(campaign, agency_tree["clinic"])


def test_an_assistant_cannot_schedule(campaign, agency_tree, assessor):
    with pytest.raises(NotAllowed):
        services.assessment_schedule(
            campaign=campaign,
            agency=agency_tree["health"],
            assessor=assessor,
            scheduled_on=dt.date(2021, 9, 1),
            actor=assessor,
        )


def test_rescheduling_moves_the_date_until_submission(
    assessment, submitted, head_of_office, examiner, campaign, schedule, agency_tree
):
    other = schedule(campaign, agency_tree["health"])
    moved = services.assessment_reschedule(
        assessment=other, scheduled_on=dt.date(2021, 9, 9), assessor=examiner, actor=head_of_office
    )
    assert (moved.scheduled_on, moved.assessor) == (dt.date(2021, 9, 9), examiner)
    with pytest.raises(WrongState):
        services.assessment_reschedule(
            assessment=submitted,
            scheduled_on=dt.date(2021, 9, 9),
            assessor=examiner,
            actor=head_of_office,
        )


# --- recording ---------------------------------------------------------------------------


def test_the_assessor_records_answers_notes_and_evidence(assessment, assessor):
    indicator = Indicator.objects.filter(dimension__instrument=assessment.instrument).first()
    services.assessment_record(
        assessment=assessment,
        actor=assessor,
        answers={indicator.pk: (1, "Terpampang di ruang tunggu.")},
        files={indicator.pk: [png()]},
    )
    assessment.refresh_from_db()
    assert assessment.state == Assessment.State.IN_PROGRESS
    answer = assessment.answers.get()
    assert (answer.value, answer.note) == (1, "Terpampang di ruang tunggu.")
    evidence = answer.evidence.get()
    assert (evidence.content_type, evidence.original_name) == ("image/png", "maklumat.png")
    assert events_for(assessment).first().action == "compliance.assessment_recorded"


def test_an_assessor_of_another_office_cannot_record(assessment, outsider):
    with pytest.raises(NotAllowed):
        services.assessment_record(assessment=assessment, actor=outsider, answers={})


def test_a_colleague_not_assigned_cannot_record(assessment, examiner, head_of_office):
    for person in (examiner, head_of_office):
        with pytest.raises(NotAllowed, match="assessor assigned"):
            services.assessment_record(assessment=assessment, actor=person, answers={})


def test_an_assessor_moved_to_another_office_cannot_record(assessment, assessor, other_office):
    assessor.office = other_office
    assessor.unit = None
    assessor.save()
    with pytest.raises(NotAllowed, match="not staff of the office"):
        services.assessment_record(assessment=assessment, actor=assessor, answers={})


def test_an_answer_outside_the_scale_is_refused(assessment, assessor):
    indicator = Indicator.objects.filter(dimension__instrument=assessment.instrument).first()
    with pytest.raises(ComplianceError, match="outside its scale"):
        services.assessment_record(
            assessment=assessment, actor=assessor, answers={indicator.pk: (3, "")}
        )


def test_an_answer_to_another_instruments_indicator_is_refused(
    assessment, assessor, dimensions_2022
):
    foreign = Indicator.objects.filter(dimension__instrument=dimensions_2022).first()
    with pytest.raises(ComplianceError, match="another instrument"):
        services.assessment_record(
            assessment=assessment, actor=assessor, answers={foreign.pk: (1, "")}
        )


def test_evidence_of_a_refused_type_or_size_is_refused(assessment, assessor, settings):
    indicator = Indicator.objects.filter(dimension__instrument=assessment.instrument).first()
    script = SimpleUploadedFile("x.png", b"<script>alert(1)</script>", content_type="image/png")
    with pytest.raises(ComplianceError, match="not accepted"):
        services.assessment_record(
            assessment=assessment, actor=assessor, answers={}, files={indicator.pk: [script]}
        )
    settings.ADUAN_MAX_UPLOAD_MB = 1
    big = SimpleUploadedFile("big.png", b"\x89PNG\r\n\x1a\n" + b"0" * 1024 * 1024)
    with pytest.raises(ComplianceError, match="larger than 1 MB"):
        services.assessment_record(
            assessment=assessment, actor=assessor, answers={}, files={indicator.pk: [big]}
        )
    assert not Evidence.objects.exists()


def test_editing_after_approval_is_refused(submitted, assessor, head_of_office):
    services.assessment_approve(assessment=submitted, actor=head_of_office)
    indicator = Indicator.objects.filter(dimension__instrument=submitted.instrument).first()
    with pytest.raises(WrongState, match="approved"):
        services.assessment_record(
            assessment=submitted, actor=assessor, answers={indicator.pk: (0, "")}
        )
    submitted.refresh_from_db()
    assert submitted.answers.get(indicator=indicator).value == 1


def test_editing_while_waiting_for_review_is_refused(submitted, assessor):
    with pytest.raises(WrongState, match="waiting for review"):
        services.assessment_record(assessment=submitted, actor=assessor, answers={})


# --- submission --------------------------------------------------------------------------


def test_submitting_stores_the_computed_result(submitted):
    assert submitted.state == Assessment.State.SUBMITTED
    assert (submitted.score, submitted.zone) == (Decimal("100.00"), "hijau")
    assert submitted.submitted_at is not None
    assert events_for(submitted).first().action == "compliance.assessment_submitted"


def test_submitting_an_untouched_assessment_is_refused(assessment, assessor):
    with pytest.raises(WrongState):
        services.assessment_submit(assessment=assessment, actor=assessor)


def test_submitting_with_an_unanswered_indicator_is_refused(assessment, assessor):
    answers, files = answers_for(assessment.instrument, scale=0, yes=True)
    answers.pop(next(iter(answers)))
    services.assessment_record(assessment=assessment, actor=assessor, answers=answers, files=files)
    with pytest.raises(ComplianceError, match="Answer every indicator"):
        services.assessment_submit(assessment=assessment, actor=assessor)
    assessment.refresh_from_db()
    assert assessment.state == Assessment.State.IN_PROGRESS and assessment.score is None


def test_a_positive_answer_without_required_evidence_is_refused(assessment, assessor):
    answers, _files = answers_for(assessment.instrument, scale=0, yes=True)
    services.assessment_record(assessment=assessment, actor=assessor, answers=answers)
    with pytest.raises(ComplianceError, match="needs a photo or document"):
        services.assessment_submit(assessment=assessment, actor=assessor)


def test_only_the_assessor_submits(submitted, assessment, head_of_office):
    with pytest.raises(NotAllowed):
        services.assessment_submit(assessment=assessment, actor=head_of_office)


def test_submitting_twice_is_refused(submitted, assessor):
    with pytest.raises(WrongState):
        services.assessment_submit(assessment=submitted, actor=assessor)


# --- review ------------------------------------------------------------------------------


def test_a_head_approves_a_submitted_assessment(submitted, head_of_office):
    approved = services.assessment_approve(assessment=submitted, actor=head_of_office)
    assert approved.state == Assessment.State.APPROVED
    assert approved.reviewer == head_of_office and approved.reviewed_at is not None
    assert approved.score == Decimal("100.00")


def test_approving_your_own_assessment_is_refused(campaign, schedule, agency_tree, head_of_unit):
    own = schedule(campaign, agency_tree["health"], who=head_of_unit)
    answers, files = answers_for(own.instrument, scale=0, yes=True)
    services.assessment_record(assessment=own, actor=head_of_unit, answers=answers, files=files)
    services.assessment_submit(assessment=own, actor=head_of_unit)
    with pytest.raises(NotAllowed, match="another head must review"):
        services.assessment_approve(assessment=own, actor=head_of_unit)
    with pytest.raises(NotAllowed):
        services.assessment_return(assessment=own, actor=head_of_unit, reason="x")


def test_an_assistant_cannot_approve(submitted, examiner):
    with pytest.raises(NotAllowed):
        services.assessment_approve(assessment=submitted, actor=examiner)


def test_a_head_of_another_office_cannot_approve(submitted, outsider):
    outsider.role = "kepala_perwakilan"
    outsider.unit = None
    outsider.save()
    with pytest.raises(NotAllowed):
        services.assessment_approve(assessment=submitted, actor=outsider)


def test_approving_what_is_not_submitted_is_refused(assessment, submitted, head_of_office):
    services.assessment_approve(assessment=submitted, actor=head_of_office)
    with pytest.raises(WrongState, match="not waiting for review"):
        services.assessment_approve(assessment=submitted, actor=head_of_office)
    with pytest.raises(WrongState):
        services.assessment_return(assessment=submitted, actor=head_of_office, reason="x")


def test_sending_back_needs_a_reason_and_reopens_for_the_assessor(
    submitted, head_of_unit, assessor
):
    with pytest.raises(ComplianceError, match="Say why"):
        services.assessment_return(assessment=submitted, actor=head_of_unit, reason=" ")
    returned = services.assessment_return(
        assessment=submitted, actor=head_of_unit, reason="Foto maklumat tidak terbaca."
    )
    assert returned.state == Assessment.State.RETURNED
    assert returned.score is None and returned.zone == ""
    assert returned.return_reason == "Foto maklumat tidak terbaca."
    indicator = Indicator.objects.get(
        dimension__instrument=returned.instrument, code="maklumat-pelayanan"
    )
    services.assessment_record(
        assessment=returned, actor=assessor, answers={}, files={indicator.pk: [png("baru.png")]}
    )
    again = services.assessment_submit(assessment=returned, actor=assessor)
    assert again.state == Assessment.State.SUBMITTED and again.score == Decimal("100.00")


# --- delivery ----------------------------------------------------------------------------


def test_the_results_letter_is_made_and_its_delivery_recorded(
    submitted, campaign, head_of_office, agency_tree
):
    services.assessment_approve(assessment=submitted, actor=head_of_office)
    delivery = services.delivery_record(
        campaign=campaign,
        agency=agency_tree["city"],
        recipient_name="Dr. Maulan Aklil",
        recipient_position="Wali Kota Pangkalpinang",
        delivered_on=dt.date(2021, 12, 10),
        actor=head_of_office,
    )
    assert delivery.pdf.read(5) == b"%PDF-"
    assert delivery.recipient_name == "Dr. Maulan Aklil"
    assert delivery.delivered_on == dt.date(2021, 12, 10)
    assert delivery.results[0]["unit"] == "Puskesmas Taman Sari"
    assert events_for(delivery).get().action == "compliance.results_delivered"


def test_a_letter_without_an_approved_result_is_refused(
    submitted, campaign, head_of_office, agency_tree
):
    with pytest.raises(WrongState, match="no approved result"):
        services.delivery_record(
            campaign=campaign,
            agency=agency_tree["city"],
            recipient_name="A",
            recipient_position="B",
            delivered_on=dt.date(2021, 12, 10),
            actor=head_of_office,
        )


def test_an_assistant_cannot_record_a_delivery(campaign, assessor, agency_tree):
    with pytest.raises(NotAllowed):
        services.delivery_record(
            campaign=campaign,
            agency=agency_tree["city"],
            recipient_name="A",
            recipient_position="B",
            delivered_on=dt.date(2021, 12, 10),
            actor=assessor,
        )
