"""What probable duplicates show, and to whom: the case-page panel and its buttons for staff of
the office, nothing to the public form, "your own earlier report" only on tracking."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from aduan.cases.models import Case
from aduan.directory.models import User
from aduan.triage import duplicates
from aduan.triage.models import CaseRelation, DuplicateCandidate
from tests.intake.test_portal import _data
from tests.triage.test_duplicates import LAMPU, LAMPU_LAGI, SIMA

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(receive):
    def make(text=LAMPU, reporter=None, **fields):
        fields.setdefault("title", text[:60])
        case = receive(
            chronology=text,
            reporters=[reporter or {"name": "Budi", "email": "b@example.com"}],
            **fields,
        )
        duplicates.find_for_case(case)
        return case

    return make


@pytest.fixture
def pair(report):
    first = report(LAMPU, reporter=SIMA)
    again = report(LAMPU_LAGI, reporter={"name": "Siti", "phone": "081234567890"})
    return first, again, DuplicateCandidate.objects.get(case=again, earlier=first)


def page(client, user, case):
    client.force_login(user)
    return client.get(f"/kantor/laporan/{case.pk}/", HTTP_ACCEPT_LANGUAGE="en")


# --- the case page -----------------------------------------------------------------------------


def test_the_panel_lists_the_earlier_report_with_why_and_the_buttons(client, pair, pvl_assistant):
    first, again, candidate = pair
    html = page(client, pvl_assistant, again).content.decode()
    assert "Probably repeats" in html
    assert first.reference in html and f"{round(candidate.similarity * 100)}%" in html
    assert "same phone" in html and "same agency" in html
    for name in ("gabung", "tautkan", "bukan"):
        assert f"/kantor/triase/duplikat/{candidate.pk}/{name}/" in html
    assert "csrfmiddlewaretoken" in html


def test_the_earlier_reports_page_shows_the_later_repeat_too(client, pair, pvl_assistant):
    first, again, _candidate = pair
    html = page(client, pvl_assistant, first).content.decode()
    assert again.reference in html


def test_a_confidential_reporters_match_is_withheld_from_staff_without_need_to_know(
    client, report, examiner
):
    first = report(LAMPU, reporter=SIMA, confidential=True)
    again = report(LAMPU_LAGI, reporter=SIMA, confidential=True)
    Case.objects.filter(pk__in=[first.pk, again.pk]).update(state="pemeriksaan")
    html = page(client, examiner, again).content.decode()
    assert first.reference in html
    assert "same phone" not in html and "same reporter" not in html
    assert "similar text" in html or "same agency" in html


def test_a_staff_member_who_may_not_decide_sees_no_buttons(client, pair, resmon_assistant):
    _first, again, candidate = pair
    html = page(client, resmon_assistant, again).content.decode()
    assert f"/kantor/triase/duplikat/{candidate.pk}/gabung/" not in html


def test_merge_through_the_page_and_both_pages_show_it(client, pair, pvl_assistant):
    first, again, candidate = pair
    client.force_login(pvl_assistant)
    response = client.post(
        f"/kantor/triase/duplikat/{candidate.pk}/gabung/",
        {"back": again.pk, "keep": "earlier"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 302 and response["Location"].endswith(f"/{again.pk}/")
    assert CaseRelation.objects.get().kind == "merged"
    assert f"Merged into {first.reference}" in page(client, pvl_assistant, again).content.decode()
    html = page(client, pvl_assistant, first).content.decode()
    assert f"Report {again.reference} is merged into this one" in html


def test_link_and_dismiss_through_the_page(client, report, pvl_assistant):
    first = report(LAMPU, reporter=SIMA)
    second = report(LAMPU_LAGI, reporter=SIMA)
    third = report(LAMPU_LAGI, reporter=SIMA)
    client.force_login(pvl_assistant)
    linked = DuplicateCandidate.objects.get(case=second, earlier=first)
    client.post(f"/kantor/triase/duplikat/{linked.pk}/tautkan/", {"back": second.pk})
    dismissed = DuplicateCandidate.objects.get(case=third, earlier=first)
    client.post(f"/kantor/triase/duplikat/{dismissed.pk}/bukan/", {"reason": "Beda RT."})
    linked.refresh_from_db()
    dismissed.refresh_from_db()
    assert (linked.status, dismissed.status) == ("linked", "dismissed")
    assert (
        f"Related report {second.reference}" in page(client, pvl_assistant, first).content.decode()
    )


def test_a_refusal_is_shown_as_a_message(client, pair, pvl_assistant):
    _first, _again, candidate = pair
    duplicates.duplicate_link(candidate=candidate, actor=pvl_assistant)
    client.force_login(pvl_assistant)
    response = client.post(
        f"/kantor/triase/duplikat/{candidate.pk}/gabung/",
        {},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )
    assert "already decided" in response.content.decode()


def test_another_office_gets_404(client, pair, outsider):
    _first, _again, candidate = pair
    client.force_login(outsider)
    response = client.post(f"/kantor/triase/duplikat/{candidate.pk}/gabung/")
    assert response.status_code == 404
    candidate.refresh_from_db()
    assert candidate.status == "open"


def test_a_liaison_is_refused(client, pair):
    _first, _again, candidate = pair
    liaison = User.objects.create_user("narahubung", password="x")
    client.force_login(liaison)
    response = client.post(f"/kantor/triase/duplikat/{candidate.pk}/tautkan/")
    assert response.status_code in {302, 403}
    candidate.refresh_from_db()
    assert candidate.status == "open"


def test_a_get_changes_nothing(client, pair, pvl_assistant):
    _first, _again, candidate = pair
    client.force_login(pvl_assistant)
    assert client.get(f"/kantor/triase/duplikat/{candidate.pk}/gabung/").status_code == 405


def _panel_queries(client, user, case):
    client.force_login(user)
    client.get(f"/kantor/laporan/{case.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    with CaptureQueriesContext(connection) as captured:
        client.get(f"/kantor/laporan/{case.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    return len(captured.captured_queries)


def test_the_panel_costs_the_same_for_one_or_many_repeats(client, report, pvl_assistant):
    one_first = report(LAMPU, reporter=SIMA)
    one = report(LAMPU_LAGI, reporter=SIMA)
    for _ in range(4):
        report(LAMPU, reporter=SIMA)
    many = report(LAMPU_LAGI, reporter=SIMA)
    assert DuplicateCandidate.objects.filter(case=many).count() >= 5
    duplicates.duplicate_link(
        candidate=DuplicateCandidate.objects.get(case=one, earlier=one_first), actor=pvl_assistant
    )
    assert _panel_queries(client, pvl_assistant, one) == _panel_queries(client, pvl_assistant, many)
    assert _panel_queries(client, pvl_assistant, many) <= 50


# --- the public form and tracking -------------------------------------------------------------


def _send(identity_token, **overrides):
    client = Client(headers={"accept-language": "en"})
    response = client.post("/lapor/", _data(token=identity_token, **overrides))
    return client, response


def test_the_public_form_answers_the_same_whether_the_identity_reported_before(office):
    first_client, first = _send("0f0e8a3c5b7d4e1f9a2b3c4d5e6f7a81")
    for case in Case.objects.all():
        duplicates.find_for_case(case)
    again_client, again = _send("0f0e8a3c5b7d4e1f9a2b3c4d5e6f7a82")
    assert first.status_code == again.status_code == 302
    one = first_client.get(first["Location"]).content.decode()
    two = again_client.get(again["Location"]).content.decode()
    earlier, later = Case.objects.order_by("pk")
    duplicates.find_for_case(later)
    assert DuplicateCandidate.objects.filter(case=later, earlier=earlier).exists()
    assert earlier.reference not in two
    for word in ("earlier", "before", "together", "repeat"):
        assert word not in two.lower() or word in one.lower()
    # The same page apart from the case's own reference, code and dates.
    strip = lambda html, c: html.replace(c.reference, "").replace(c.access_code, "")  # noqa: E731
    assert len(strip(one, earlier).split()) == len(strip(two, later).split())


def _track(case):
    client = Client(headers={"accept-language": "en"})
    client.post("/lacak/", {"reference": case.reference, "code": case.access_code})
    return client.get("/lacak/laporan/").content.decode()


def test_tracking_names_the_reporters_own_earlier_report(pair, pvl_assistant):
    first, again, candidate = pair
    duplicates.duplicate_merge(candidate=candidate, actor=pvl_assistant)
    html = _track(again)
    assert f"handled together with your earlier report {first.reference}" in html


def test_tracking_never_names_another_persons_report(report, pvl_assistant):
    first = report(LAMPU)
    again = report(LAMPU, reporter={"name": "Joko", "email": "joko@example.com"})
    candidate = DuplicateCandidate.objects.get(case=again, earlier=first)
    duplicates.duplicate_link(candidate=candidate, actor=pvl_assistant)
    for mine, theirs in ((again, first), (first, again)):
        html = _track(mine)
        assert "handled together with another report" in html
        assert theirs.reference not in html


def test_tracking_says_nothing_of_an_open_probable_repeat(pair):
    first, again, _candidate = pair
    html = _track(again)
    assert first.reference not in html and "together" not in html
