"""Systemic reviews and improvement suggestions: draft, publish, follow-up."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.base import ContentFile

from aduan.core.models import AuditEvent
from aduan.prevention import services as sv
from aduan.prevention.models import Suggestion, SystemicReview
from aduan.prevention.permissions import NotAllowed, PreventionError, WrongState


@pytest.fixture
def draft(office, pvl_assistant, agency_tree):
    review = sv.review_create(
        office=office,
        actor=pvl_assistant,
        fields={
            "title": "Kajian PPDB",
            "topic": "Pendidikan",
            "period_start": dt.date(2025, 1, 1),
            "period_end": dt.date(2025, 6, 30),
            "findings": "Kuota tidak diumumkan.",
        },
        agencies=[agency_tree["city"]],
    )
    return review


@pytest.fixture
def suggestion(draft, pvl_assistant, agency_tree):
    return sv.suggestion_add(
        review=draft,
        actor=pvl_assistant,
        agency=agency_tree["health"],
        text="Umumkan kuota.",
    )


@pytest.fixture
def published(draft, suggestion, head_of_office):
    return sv.review_publish(review=draft, actor=head_of_office)


def test_a_review_is_drafted_with_audit(draft):
    assert draft.status == SystemicReview.Status.DRAFT
    assert AuditEvent.objects.filter(action="prevention.review_created").exists()


def test_draft_refused_to_another_office(office, outsider):
    with pytest.raises(NotAllowed):
        sv.review_create(
            office=office,
            actor=outsider,
            fields={
                "title": "X",
                "topic": "Y",
                "period_start": dt.date(2025, 1, 1),
                "period_end": dt.date(2025, 2, 1),
            },
        )


def test_a_period_ending_before_it_begins_is_refused(office, pvl_assistant):
    with pytest.raises(PreventionError):
        sv.review_create(
            office=office,
            actor=pvl_assistant,
            fields={
                "title": "X",
                "topic": "Y",
                "period_start": dt.date(2025, 2, 1),
                "period_end": dt.date(2025, 1, 1),
            },
        )


def test_a_draft_is_updated(draft, pvl_assistant):
    sv.review_update(review=draft, actor=pvl_assistant, fields={"topic": "PPDB"})
    draft.refresh_from_db()
    assert draft.topic == "PPDB"


def test_publishing_needs_a_suggestion(draft, head_of_office):
    with pytest.raises(PreventionError):
        sv.review_publish(review=draft, actor=head_of_office)


def test_publishing_needs_findings(draft, suggestion, head_of_office, pvl_assistant):
    sv.review_update(review=draft, actor=pvl_assistant, fields={"findings": " "})
    with pytest.raises(PreventionError):
        sv.review_publish(review=draft, actor=head_of_office)


def test_an_assistant_may_not_publish(draft, suggestion, pvl_assistant):
    with pytest.raises(NotAllowed):
        sv.review_publish(review=draft, actor=pvl_assistant)


def test_another_offices_staff_may_not_publish(draft, suggestion, outsider):
    with pytest.raises(NotAllowed):
        sv.review_publish(review=draft, actor=outsider)


def test_the_head_publishes(published, head_of_office):
    assert published.status == SystemicReview.Status.PUBLISHED
    assert published.published_by == head_of_office
    event = AuditEvent.objects.get(action="prevention.review_published")
    assert event.new["suggestions"] == 1


def test_a_member_publishes_in_any_office(draft, suggestion, member):
    assert sv.review_publish(review=draft, actor=member).status == "published"


def test_published_is_not_published_again(published, head_of_office):
    with pytest.raises(WrongState):
        sv.review_publish(review=published, actor=head_of_office)


def test_published_is_not_rewritten(published, pvl_assistant, agency_tree):
    with pytest.raises(WrongState):
        sv.review_update(review=published, actor=pvl_assistant, fields={"title": "Baru"})
    with pytest.raises(WrongState):
        sv.suggestion_add(
            review=published,
            actor=pvl_assistant,
            agency=agency_tree["city"],
            text="Lagi",
        )


def test_no_response_before_publishing(suggestion, pvl_assistant):
    with pytest.raises(WrongState):
        sv.suggestion_respond(
            suggestion=suggestion, actor=pvl_assistant, status="implemented", response="Done"
        )


def test_the_response_is_recorded_with_evidence(
    published, suggestion, pvl_assistant, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    sv.suggestion_respond(
        suggestion=suggestion,
        actor=pvl_assistant,
        status=Suggestion.Status.PARTLY,
        response="Sebagian sekolah.",
        evidence=ContentFile(b"%PDF-1.4 bukti", name="bukti.pdf"),
    )
    suggestion.refresh_from_db()
    assert suggestion.status == "partly"
    assert suggestion.evidence_name == "bukti.pdf"
    # partly implemented may be answered again; then it is settled
    sv.suggestion_respond(
        suggestion=suggestion, actor=pvl_assistant, status="implemented", response="Semua."
    )
    with pytest.raises(WrongState):
        sv.suggestion_respond(
            suggestion=suggestion, actor=pvl_assistant, status="partly", response="Lagi."
        )
    assert AuditEvent.objects.filter(action="prevention.suggestion_responded").count() == 2


def test_response_refused_to_another_office(published, suggestion, outsider):
    with pytest.raises(NotAllowed):
        sv.suggestion_respond(
            suggestion=suggestion, actor=outsider, status="implemented", response="x"
        )


def test_response_must_say_what_was_done(published, suggestion, pvl_assistant):
    with pytest.raises(PreventionError):
        sv.suggestion_respond(
            suggestion=suggestion, actor=pvl_assistant, status="open", response="x"
        )


def test_overdue(published, suggestion):
    suggestion.refresh_from_db()
    due = suggestion.due_date
    assert suggestion.is_overdue(due + dt.timedelta(days=1))
    assert not suggestion.is_overdue(due)


def test_a_draft_suggestion_has_no_due_date_and_is_not_overdue(suggestion):
    assert suggestion.due_date is None
    assert not suggestion.is_overdue(dt.date(2099, 1, 1))
