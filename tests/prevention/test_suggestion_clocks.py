"""The follow-up clock of an improvement suggestion: started when the review is published, its
due date the suggestion's, stopped by a settling response, shown with how it was computed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from django.utils import dateformat

from aduan.deadlines.models import Deadline, DeadlineRule
from aduan.deadlines.workdays import explain, local_date
from aduan.prevention import services as sv
from aduan.prevention.models import Suggestion
from aduan.prevention.permissions import NotAllowed, WrongState
from aduan.prevention.seed import RULE, RULE_CODE, load_rule

pytestmark = pytest.mark.django_db

LEGAL_SOURCE = "UU 37/2008 Ps.7 huruf c (saran perbaikan); jangka waktu: praktik kantor"


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
    )
    for agency, text in ((agency_tree["health"], "Umumkan kuota."), (agency_tree["city"], "Lagi.")):
        sv.suggestion_add(review=review, actor=pvl_assistant, agency=agency, text=text)
    return review


@pytest.fixture
def published(draft, head_of_office):
    return sv.review_publish(review=draft, actor=head_of_office)


def sv_explain(clock: Deadline) -> list[str]:
    from django.utils.html import escape

    return [escape(line) for line in explain(clock.explanation)]


def _clock(suggestion: Suggestion) -> Deadline:
    return sv.follow_up_clocks(suggestion).get()


def test_the_rule_is_seeded_once():
    rule = DeadlineRule.objects.get(code=RULE_CODE)
    assert (rule.days, rule.basis, rule.legal_source) == (60, "calendar", LEGAL_SOURCE)
    assert rule.rule_set == "ombudsman"
    load_rule(django_apps)  # idempotent: run again, nothing added or changed
    assert DeadlineRule.objects.filter(code=RULE_CODE).count() == 1
    assert RULE["legal_source"] == LEGAL_SOURCE


def test_an_administrators_change_to_the_rule_is_kept():
    DeadlineRule.objects.filter(code=RULE_CODE).update(days=90)
    load_rule(django_apps)
    assert DeadlineRule.objects.get(code=RULE_CODE).days == 90


def test_no_clock_while_the_review_is_a_draft(draft):
    for suggestion in draft.suggestions.all():
        assert suggestion.due_date is None
        assert not sv.follow_up_clocks(suggestion).exists()


def test_publishing_starts_a_clock_per_suggestion(published, office):
    start = local_date(published.published_at, office)
    for suggestion in published.suggestions.all():
        clock = _clock(suggestion)
        assert clock.rule.code == RULE_CODE
        assert clock.state == Deadline.State.OPEN
        assert (clock.days, clock.basis, clock.legal_source) == (60, "calendar", LEGAL_SOURCE)
        assert clock.office == office
        assert clock.case is None
        assert clock.start_date == start
        assert clock.due_date == start + dt.timedelta(days=60)
        assert clock.explanation["rule_days"] == 60
        assert suggestion.due_date == clock.due_date


def test_the_clock_keeps_its_days_when_the_rule_changes_later(published):
    DeadlineRule.objects.filter(code=RULE_CODE).update(days=10)
    suggestion = published.suggestions.first()
    assert _clock(suggestion).days == 60


def test_implemented_closes_the_clock_as_met(published, pvl_assistant):
    suggestion = published.suggestions.first()
    sv.suggestion_respond(
        suggestion=suggestion, actor=pvl_assistant, status="implemented", response="Sudah."
    )
    clock = _clock(suggestion)
    assert clock.state == Deadline.State.MET
    assert clock.closed_at is not None


def test_not_implemented_is_an_answer_too(published, pvl_assistant):
    suggestion = published.suggestions.first()
    sv.suggestion_respond(
        suggestion=suggestion,
        actor=pvl_assistant,
        status="not_implemented",
        response="Belum ada anggaran.",
    )
    assert _clock(suggestion).state == Deadline.State.MET


def test_partly_keeps_the_clock_running_until_settled(published, pvl_assistant):
    suggestion = published.suggestions.first()
    sv.suggestion_respond(
        suggestion=suggestion, actor=pvl_assistant, status="partly", response="Sebagian."
    )
    assert _clock(suggestion).state == Deadline.State.OPEN
    sv.suggestion_respond(
        suggestion=suggestion, actor=pvl_assistant, status="implemented", response="Semua."
    )
    assert _clock(suggestion).state == Deadline.State.MET


def test_a_missed_clock_stays_missed_when_the_answer_comes_late(published, pvl_assistant):
    suggestion = published.suggestions.first()
    Deadline.objects.filter(pk=_clock(suggestion).pk).update(state=Deadline.State.MISSED)
    sv.suggestion_respond(
        suggestion=suggestion, actor=pvl_assistant, status="implemented", response="Terlambat."
    )
    suggestion.refresh_from_db()
    assert suggestion.status == "implemented"
    assert _clock(suggestion).state == Deadline.State.MISSED


def test_refused_responses_leave_the_clock_alone(published, pvl_assistant, outsider):
    suggestion = published.suggestions.first()
    with pytest.raises(NotAllowed):
        sv.suggestion_respond(
            suggestion=suggestion, actor=outsider, status="implemented", response="x"
        )
    sv.suggestion_respond(
        suggestion=suggestion, actor=pvl_assistant, status="implemented", response="Sudah."
    )
    with pytest.raises(WrongState):
        sv.suggestion_respond(
            suggestion=suggestion, actor=pvl_assistant, status="partly", response="Lagi."
        )
    assert _clock(suggestion).state == Deadline.State.MET
    assert sv.follow_up_clocks(suggestion).count() == 1


def test_an_extension_moves_the_suggestions_due_date(published, pvl_assistant, outsider):
    suggestion = published.suggestions.first()
    before = suggestion.due_date
    with pytest.raises(NotAllowed):
        sv.suggestion_extend(suggestion=suggestion, actor=outsider, days=5, reason="x")
    suggestion = sv.suggestion_extend(
        suggestion=suggestion, actor=pvl_assistant, days=14, reason="Menunggu APBD perubahan."
    )
    clock = _clock(suggestion)
    assert clock.due_date == before + dt.timedelta(days=14)
    assert suggestion.due_date == clock.due_date
    assert Suggestion.objects.get(pk=suggestion.pk).due_date == clock.due_date


def test_no_extension_without_a_running_clock(draft, pvl_assistant):
    with pytest.raises(WrongState):
        sv.suggestion_extend(
            suggestion=draft.suggestions.first(), actor=pvl_assistant, days=5, reason="x"
        )


def test_the_review_page_shows_the_clock_and_how_it_was_computed(client, published, pvl_assistant):
    client.force_login(pvl_assistant)
    page = client.get(reverse("prevention:review_detail", args=[published.pk])).content.decode()
    clock = _clock(published.suggestions.first())
    assert clock.rule.name in page
    assert LEGAL_SOURCE in page
    assert page.count('class="clock ') == 2
    assert page.count("<details>") >= 2
    # the explanation: 60 calendar days from the day of publishing, in the active language
    for line in sv_explain(clock):
        assert line in page


def test_the_draft_page_says_the_clock_will_set_the_due_date(client, draft, pvl_assistant):
    client.force_login(pvl_assistant)
    page = client.get(reverse("prevention:review_detail", args=[draft.pk])).content.decode()
    assert 'class="clock ' not in page


def test_the_suggestion_form_asks_no_due_date(client, draft, pvl_assistant):
    client.force_login(pvl_assistant)
    page = client.get(reverse("prevention:suggestion_add", args=[draft.pk])).content.decode()
    assert 'name="due_date"' not in page


def test_overdue_suggestions_are_shown_first_on_the_index(
    client, published, pvl_assistant, head_of_office
):
    late = published.suggestions.first()
    Suggestion.objects.filter(pk=late.pk).update(due_date=dt.date(2000, 1, 1))
    client.force_login(pvl_assistant)
    page = client.get(reverse("prevention:index"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'class="overdue"' in page
    on_time = published.suggestions.exclude(pk=late.pk).get()
    assert page.index("1 January 2000") < page.index(dateformat.format(on_time.due_date, "j F Y"))
    sv.suggestion_respond(
        suggestion=late, actor=pvl_assistant, status="implemented", response="Sudah."
    )
    page = client.get(reverse("prevention:index")).content.decode()
    assert 'class="overdue"' not in page
