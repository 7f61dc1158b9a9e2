"""Every feature has demo data: referrals out and in, a complaint unit's forward, letters,
documents, a summons and an implementation report, all made through the services."""

from __future__ import annotations

import pytest

from aduan.cases.models import Document, Summons
from aduan.letters.models import Letter
from aduan.liaison.models import AgencyReport
from aduan.referrals.models import Referral
from aduan.sp4n.models import Sp4nCase


@pytest.fixture
def babel(demo, db):
    return demo["office"]


def test_the_demo_has_referrals_out_answered_and_waiting(babel):
    out = Referral.objects.filter(case__office=babel, direction=Referral.Direction.OUT)
    answered = out.get(status=Referral.Status.ANSWERED)
    assert answered.receipt_received_at and answered.answer and answered.letter_reference
    assert answered.case.documents.filter(kind=Document.Kind.LETTER).exists()
    assert out.filter(status=Referral.Status.OPEN).exists()  # its follow-up clock runs


def test_the_demo_has_referrals_in_a_report_and_a_copy(babel):
    incoming = Referral.objects.filter(case__office=babel, direction=Referral.Direction.IN)
    assert incoming.filter(case__intake_type__code="lm", case__channel__code="limpahan").exists()
    assert incoming.filter(case__intake_type__code="tembusan").exists()


def test_the_demo_has_a_complaint_units_forward(demo, db):
    assert Sp4nCase.objects.filter(forwarded_at__isnull=False).exists()


def test_the_demo_has_letters_with_their_files(babel):
    kinds = set(Letter.objects.filter(case__office=babel).values_list("kind", flat=True))
    assert {"pelimpahan", "tanda_terima", "permintaan_klarifikasi", "panggilan"} <= kinds
    letter = Letter.objects.filter(case__office=babel).first()
    assert letter.pdf.read(4) == b"%PDF"


def test_the_demo_has_documents_from_reporters(babel):
    documents = Document.objects.filter(case__office=babel)
    assert documents.filter(kind=Document.Kind.EVIDENCE).exists()
    assert documents.filter(kind=Document.Kind.PRIOR_COMPLAINT).exists()


def test_the_demo_has_summonses_and_a_scheduled_one(babel):
    summonses = Summons.objects.filter(case__office=babel)
    assert summonses.exclude(outcome=Summons.Outcome.SCHEDULED).exists()
    assert summonses.filter(outcome=Summons.Outcome.SCHEDULED).exists()


def test_the_demo_has_an_implementation_report_on_a_recommendation(babel):
    assert AgencyReport.objects.filter(
        recommendation__case__office=babel, recommendation__isnull=False
    ).exists()
