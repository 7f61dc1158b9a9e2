"""An improvement suggestion's follow-up is chased like a corrective action's: the agency's
liaison officers and the office are reminded before it is due and told once when it runs out;
a settled suggestion is left alone."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from aduan.cases.sweeper import sweep
from aduan.core.models import AuditEvent
from aduan.deadlines.models import Deadline
from aduan.directory.models import Liaison
from aduan.prevention import services as sv
from aduan.prevention.models import Suggestion
from aduan.prevention.tasks import agency_addresses, office_addresses, suggestion_mail_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(office, pvl_assistant, head_of_office, agency_tree):
    pvl_assistant.email = "pvl@babel.example"
    pvl_assistant.save()
    head_of_office.email = "kepala@babel.example"
    head_of_office.save()
    Liaison.objects.create(
        agency=agency_tree["health"], name="Narahubung Dinkes", email="dinkes@pkp.example"
    )
    Liaison.objects.create(
        agency=agency_tree["city"], name="Narahubung Pemkot", email="pemkot@pkp.example"
    )
    review = sv.review_create(
        office=office,
        actor=pvl_assistant,
        fields={
            "title": "Kajian layanan puskesmas",
            "topic": "Kesehatan",
            "period_start": dt.date(2025, 1, 1),
            "period_end": dt.date(2025, 6, 30),
            "findings": "Antrean tidak tertib.",
        },
    )
    sv.suggestion_add(
        review=review, actor=pvl_assistant, agency=agency_tree["health"], text="Tertibkan antrean."
    )
    return sv.review_publish(review=review, actor=head_of_office)


def _suggestion(review) -> Suggestion:
    return review.suggestions.get()


def _at(suggestion: Suggestion, days_from_due: int) -> dt.datetime:
    """Noon in the office's zone, ``days_from_due`` days after the suggestion's due date."""
    day = suggestion.due_date + dt.timedelta(days=days_from_due)
    return dt.datetime.combine(day, dt.time(12), tzinfo=timezone.get_current_timezone())


def test_the_agency_and_the_office_are_reminded_once_before_the_due_date(
    published, mailoutbox, django_capture_on_commit_callbacks
):
    suggestion = _suggestion(published)
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep(now=_at(suggestion, -10)).reminders == 0
        assert sweep(now=_at(suggestion, -2)).reminders == 1
        assert sweep(now=_at(suggestion, -1)).reminders == 0
    assert [m.to for m in mailoutbox] == [
        ["dinkes@pkp.example"],
        ["pvl@babel.example", "kepala@babel.example"],
    ]
    agency_mail, office_mail = mailoutbox
    assert agency_mail.subject.startswith("Pengingat: tindak lanjut saran perbaikan")
    assert "Tertibkan antrean." in agency_mail.body
    assert "/instansi/" in agency_mail.body
    assert "60 hari kalender" in agency_mail.body
    assert "UU 37/2008 Ps.7 huruf c" in agency_mail.body
    assert f"/kantor/pencegahan/kajian/{published.pk}/" in office_mail.body


def test_an_overdue_suggestion_is_noted_and_told_once(
    published, mailoutbox, django_capture_on_commit_callbacks
):
    suggestion = _suggestion(published)
    with django_capture_on_commit_callbacks(execute=True):
        result = sweep(now=_at(suggestion, 1), reminders=False)
        assert result.consequences["suggestion_overdue"] == 1
        again = sweep(now=_at(suggestion, 2), reminders=False)
    assert again.expired == 0 and not again.consequences
    clock = sv.follow_up_clocks(suggestion).get()
    assert clock.state == Deadline.State.MISSED
    event = AuditEvent.objects.get(action="prevention.suggestion_overdue")
    assert event.target_id == str(published.pk)
    assert event.new["suggestion"] == suggestion.pk
    assert [m.subject.split(" ")[0] for m in mailoutbox] == ["Terlambat:", "Saran"]
    assert "belum ditindaklanjuti" in mailoutbox[1].subject
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.OPEN  # late is not "not implemented"


def test_a_partly_implemented_suggestion_is_still_chased(
    published, pvl_assistant, mailoutbox, django_capture_on_commit_callbacks
):
    suggestion = _suggestion(published)
    sv.suggestion_respond(
        suggestion=suggestion, actor=pvl_assistant, status="partly", response="Sebagian."
    )
    with django_capture_on_commit_callbacks(execute=True):
        result = sweep(now=_at(suggestion, 1), reminders=False)
    assert result.consequences["suggestion_overdue"] == 1
    assert len(mailoutbox) == 2


def test_a_settled_suggestion_gets_no_reminder_nor_overdue_mail(
    published, pvl_assistant, mailoutbox, django_capture_on_commit_callbacks
):
    suggestion = _suggestion(published)
    sv.suggestion_respond(
        suggestion=suggestion, actor=pvl_assistant, status="implemented", response="Sudah."
    )
    with django_capture_on_commit_callbacks(execute=True):
        result = sweep(now=_at(suggestion, 5))
    assert result.expired == 0 and result.reminders == 0
    assert mailoutbox == []
    # A mail queued before the response was recorded finds the suggestion settled: nothing sent.
    assert suggestion_mail_task.call(suggestion_id=suggestion.pk, kind="overdue") == 0


def test_a_sub_unit_without_a_focal_point_reaches_its_parents(published, agency_tree):
    suggestion = _suggestion(published)
    suggestion.agency = agency_tree["clinic"]
    assert agency_addresses(suggestion) == ["dinkes@pkp.example"]
    Liaison.objects.filter(agency=agency_tree["health"]).update(active=False)
    assert agency_addresses(suggestion) == ["pemkot@pkp.example"]


def test_an_inactive_head_of_office_is_not_mailed(published, head_of_office):
    head_of_office.is_active = False
    head_of_office.save()
    assert office_addresses(_suggestion(published)) == ["pvl@babel.example"]


def test_an_unknown_kind_of_mail_is_refused(published):
    with pytest.raises(ValueError):
        suggestion_mail_task.call(suggestion_id=_suggestion(published).pk, kind="other")


def test_a_clock_of_no_case_and_no_reminder_rule_is_not_claimed(published, office):
    """Other clocks without a case (none yet besides suggestions) are left to their apps."""
    suggestion = _suggestion(published)
    clock = sv.follow_up_clocks(suggestion).get()
    Deadline.objects.filter(pk=clock.pk).update(rule=_other_rule())
    assert sweep(now=_at(suggestion, -2)).reminders == 0


def _other_rule():
    from aduan.deadlines.models import DeadlineRule

    return DeadlineRule.objects.create(
        code="aturan-lain", name="Lain", days=5, basis="calendar", legal_source="-"
    )
