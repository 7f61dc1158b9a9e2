"""The referral letter (*pelimpahan*): goes to the institution of the case's latest referral
out, names what is referred and the follow-up clock's due date, and its number becomes the
referral's letter reference. A confidential reporter stays masked (see test_confidentiality)."""

from __future__ import annotations

import pytest

from aduan.cases import identity
from aduan.cases.errors import NotAllowed
from aduan.deadlines.models import Deadline
from aduan.letters.context import MASKED_REPORTER, LetterError, tanggal
from aduan.letters.kinds import Addressee, Kind
from aduan.letters.services import available_letters, generate_letter, not_ready
from aduan.referrals import services as rs
from aduan.referrals.models import Institution, Referral
from tests.letters.helpers import squash, texts

pytestmark = pytest.mark.django_db


@pytest.fixture
def police(db):
    return Institution.objects.create(
        name="Polda Kepulauan Bangka Belitung",
        kind=Institution.Kind.POLICE,
        address="Jl. Pangkalan Baru\nBangka Tengah",
    )


def _send(case, police, actor, **extra):
    return rs.referral_send(
        case=case,
        institution=police,
        part="Dugaan pungutan liar oleh oknum (bagian pidana).",
        actor=actor,
        **extra,
    )


def test_the_referral_letter_names_the_institution_and_the_due_date(receive, head_of_unit, police):
    case = receive(reporters=[{"name": "Budi Santoso", "phone": "08123456789"}])
    referral = _send(case, police, head_of_unit)
    due = tanggal(Deadline.objects.for_subject(referral).get().due_date)
    letter = generate_letter(case, Kind.PELIMPAHAN, actor=head_of_unit)
    docx, pdf = texts(letter)
    assert letter.addressee_kind == Addressee.INSTITUTION
    assert letter.addressee_name == police.name
    assert (letter.about_kind, letter.about_id) == ("referral", referral.pk)
    for text in (docx, pdf):
        assert squash(f"Yth. Pimpinan {police.name}") in squash(text)
        assert squash(due) in squash(text)
        assert squash("bagian pidana") in squash(text)
        assert squash(case.reference) in squash(text)
        assert squash("Pasal 7") in squash(text)
    assert "Bangka Tengah" in docx
    assert "Budi Santoso" in docx  # not confidential: the name may appear
    assert "08123456789" not in docx  # but never the contact details
    assert "{{" not in docx and "{%" not in docx
    referral.refresh_from_db()
    assert referral.letter_reference == letter.number


def test_the_letter_goes_to_the_latest_referral_out(receive, head_of_unit, police):
    case = receive(confidential=True)
    identity.case_set_agency_summary(
        case=case, actor=head_of_unit, title="Pungutan di loket", summary="Dugaan pungutan liar."
    )
    _send(case, police, head_of_unit)
    other = Institution.objects.create(name="Inspektorat Provinsi", kind=Institution.Kind.OTHER)
    latest = _send(case, other, head_of_unit)
    letter = generate_letter(case, Kind.PELIMPAHAN, actor=head_of_unit)
    docx, _pdf = texts(letter)
    assert letter.addressee_name == "Inspektorat Provinsi"
    assert MASKED_REPORTER in docx
    latest.refresh_from_db()
    assert latest.letter_reference == letter.number


def test_no_referral_out_no_letter(receive, head_of_unit, police):
    case = receive()
    assert not_ready(case, Kind.PELIMPAHAN)
    assert Kind.PELIMPAHAN not in {kind for kind, _a, _l in available_letters(case, head_of_unit)}
    with pytest.raises(LetterError, match="not been referred"):
        generate_letter(case, Kind.PELIMPAHAN, actor=head_of_unit)
    incoming = Referral.objects.create(
        case=case,
        institution=police,
        direction=Referral.Direction.IN,
        part="Semua.",
        sent_at=case.received_at,
    )
    assert not_ready(case, Kind.PELIMPAHAN)  # a referral received is no referral out
    with pytest.raises(LetterError, match="only for a referral we send"):
        generate_letter(case, Kind.PELIMPAHAN, actor=head_of_unit, about=incoming)
    _send(case, police, head_of_unit)
    assert not not_ready(case, Kind.PELIMPAHAN)
    assert (Kind.PELIMPAHAN, Addressee.INSTITUTION) in {
        (kind, addressee) for kind, addressee, _label in available_letters(case, head_of_unit)
    }


def test_an_assistant_may_not_make_the_referral_letter(
    receive, head_of_unit, pvl_assistant, police
):
    case = receive()
    _send(case, police, head_of_unit)
    assert Kind.PELIMPAHAN not in {kind for kind, _a, _l in available_letters(case, pvl_assistant)}
    with pytest.raises(NotAllowed):
        generate_letter(case, Kind.PELIMPAHAN, actor=pvl_assistant)
