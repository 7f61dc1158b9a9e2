"""A referral's follow-up clock runs out: the sweeper reminds the institution and the holder."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from aduan.cases import identity
from aduan.cases import services as sv
from aduan.cases.selectors import timeline
from aduan.cases.sweeper import sweep
from aduan.core.models import AuditEvent
from aduan.deadlines.models import Deadline
from aduan.directory.models import User
from aduan.referrals import services as rs
from aduan.referrals.models import Institution

WIB = ZoneInfo("Asia/Jakarta")
SENT = dt.datetime(2026, 3, 16, 9, 0, tzinfo=WIB)  # follow-up due Monday 13 April 2026
AFTER_DUE = dt.datetime(2026, 4, 14, 9, 0, tzinfo=WIB)
INSTITUTION_MAIL = "dumas@polda-babel.example"


@pytest.fixture
def police(db):
    return Institution.objects.create(
        name="Polda Kepulauan Bangka Belitung",
        kind=Institution.Kind.POLICE,
        email=INSTITUTION_MAIL,
    )


@pytest.fixture
def referred(receive, head_of_unit, pvl_assistant, police):
    """referred(**case_overrides) → an open referral of a case held by the PVL assistant."""

    def make(**overrides):
        case = receive(received_at=SENT - dt.timedelta(hours=1), **overrides)
        pvl_assistant.email = "pvl@babel.example"
        pvl_assistant.save()
        head = User.objects.create(
            username="kakeas-pvl", role="kepala_keasistenan", office=case.office, unit=case.unit
        )
        sv.case_assign(case=case, actor=head, assignee=pvl_assistant)
        if case.confidential:  # the identity guard: the institution reads the agency summary
            identity.case_set_agency_summary(
                case=case, actor=head, title="Pungutan di loket", summary="Dugaan pungutan liar."
            )
        return rs.referral_send(
            case=case,
            institution=police,
            part="Dugaan pungutan liar oleh oknum (bagian pidana).",
            actor=head_of_unit,
            letter_reference="B/123/LM.01/III/2026",
            sent_at=SENT,
        )

    return make


def _clock(referral):
    return Deadline.objects.for_subject(referral).get()


def _mails_to(outbox, address):
    return [message for message in outbox if address in message.to]


def test_the_institution_and_the_holder_are_reminded_when_the_clock_runs_out(
    referred, mailoutbox, django_capture_on_commit_callbacks
):
    referral = referred()
    case = referral.case
    with django_capture_on_commit_callbacks(execute=True):
        result = sweep(now=AFTER_DUE, reminders=False)
    assert result.consequences["referral_reminded"] == 1

    assert _clock(referral).state == Deadline.State.MISSED
    referral.refresh_from_db()
    assert referral.reminded_at == AFTER_DUE
    event = next(e for e in timeline(case) if e["action"] == "case.referral_overdue")
    assert event["actor"] == "sistem"
    assert event["new"]["referral"] == referral.pk
    assert event["description"] == "Referral not followed up in time; reminder sent"

    [to_institution] = _mails_to(mailoutbox, INSTITUTION_MAIL)
    assert case.reference in to_institution.subject
    assert "B/123/LM.01/III/2026" in to_institution.body
    assert "16 Maret 2026" in to_institution.body  # the letter's date, in Bahasa Indonesia
    assert "bagian pidana" in to_institution.body
    assert "tindak lanjut" in to_institution.body
    [to_holder] = _mails_to(mailoutbox, "pvl@babel.example")
    assert case.reference in to_holder.body and "Polda" in to_holder.subject


def test_nothing_of_the_reporter_or_the_complaint_goes_to_the_institution(
    referred, mailoutbox, django_capture_on_commit_callbacks
):
    referral = referred(
        confidential=True,
        reporters=[{"name": "Siti Aminah", "email": "siti@example.com", "phone": "0812345"}],
        chronology="Diminta membayar Rp100.000 di loket.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        sweep(now=AFTER_DUE, reminders=False)
    assert len(mailoutbox) == 2
    for message in mailoutbox:
        text = f"{message.subject}\n{message.body}"
        for secret in ("Siti", "Aminah", "siti@example.com", "0812345", "Rp100.000"):
            assert secret not in text
    [to_institution] = _mails_to(mailoutbox, INSTITUTION_MAIL)
    assert referral.case.title not in to_institution.body


def test_a_second_sweep_sends_nothing_more(
    referred, mailoutbox, django_capture_on_commit_callbacks
):
    referral = referred()
    with django_capture_on_commit_callbacks(execute=True):
        sweep(now=AFTER_DUE, reminders=False)
    sent = len(mailoutbox)
    with django_capture_on_commit_callbacks(execute=True):
        result = sweep(now=AFTER_DUE + dt.timedelta(days=1), reminders=False)
    assert "referral_reminded" not in result.consequences
    assert len(mailoutbox) == sent == 2
    assert AuditEvent.objects.filter(action="case.referral_overdue").count() == 1
    referral.refresh_from_db()
    assert referral.reminded_at == AFTER_DUE


def test_an_answered_referral_gets_no_reminder(
    referred, pvl_assistant, mailoutbox, django_capture_on_commit_callbacks
):
    referral = referred()
    rs.referral_answer(referral=referral, actor=pvl_assistant, answer="Sedang diselidiki.")
    with django_capture_on_commit_callbacks(execute=True):
        sweep(now=AFTER_DUE, reminders=False)
    referral.refresh_from_db()
    assert referral.reminded_at is None
    assert _clock(referral).state == Deadline.State.MET
    assert not _mails_to(mailoutbox, INSTITUTION_MAIL)
    assert not AuditEvent.objects.filter(action="case.referral_overdue").exists()


def test_a_referral_answered_after_the_clock_was_claimed_is_left_alone(referred, pvl_assistant):
    """The consequence itself says "nothing" for a referral no longer open."""
    from aduan.referrals.sweeper import follow_up_missed

    referral = referred()
    rs.referral_answer(referral=referral, actor=pvl_assistant, answer="Sudah ditangani.")
    assert follow_up_missed(_clock(referral)) == "nothing"
    with pytest.raises(rs.WrongState):
        rs.referral_overdue(referral=referral)


def test_without_an_institution_address_only_the_holder_is_told(
    referred, police, mailoutbox, django_capture_on_commit_callbacks
):
    police.email = ""
    police.save()
    referred()
    with django_capture_on_commit_callbacks(execute=True):
        sweep(now=AFTER_DUE, reminders=False)
    [message] = mailoutbox
    assert message.to == ["pvl@babel.example"]
    assert "tidak memiliki alamat e-mail" in message.body


def test_the_case_page_shows_the_referral_overdue_and_reminded(
    client, referred, pvl_assistant, django_capture_on_commit_callbacks
):
    referral = referred()
    with django_capture_on_commit_callbacks(execute=True):
        sweep(now=AFTER_DUE, reminders=False)
    client.force_login(pvl_assistant)
    page = client.get(
        f"/kantor/laporan/{referral.case_id}/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Overdue" in page
    assert "Institution reminded on 14 April 2026" in page
