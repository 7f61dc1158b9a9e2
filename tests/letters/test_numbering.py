"""Letter numbers: gapless per office and year, in the office's format."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from aduan.letters.context import LetterError
from aduan.letters.models import Letter, LetterSettings, LetterTemplate
from aduan.letters.numbering import format_number
from aduan.letters.services import generate_letter, next_letter_sequence
from tests.letters.helpers import make_docx

pytestmark = pytest.mark.django_db


def roman_month() -> str:
    from aduan.cases.references import ROMAN

    return ROMAN[timezone.localdate().month - 1]


def test_numbers_follow_each_other_in_the_default_format(receive, pvl_assistant):
    case = receive()
    letters = [generate_letter(case, "tanda_terima", actor=pvl_assistant) for _ in range(3)]
    year = timezone.localdate().year
    assert [letter.sequence for letter in letters] == [1, 2, 3]
    assert letters[0].number == f"0001/TT/BABEL/{roman_month()}/{year}"
    assert letters[2].number.startswith("0003/TT/")


def test_each_office_counts_on_its_own(receive, pvl_assistant, other_office, outsider):
    mine = receive()
    theirs = receive(office=other_office)
    generate_letter(mine, "tanda_terima", actor=pvl_assistant)
    generate_letter(mine, "tanda_terima", actor=pvl_assistant)
    letter = generate_letter(theirs, "tanda_terima", actor=outsider)
    assert letter.sequence == 1
    assert "/SULSEL/" in letter.number


def test_each_year_starts_again_at_one(office):
    with transaction.atomic():
        assert next_letter_sequence(office, 2026) == 1
        assert next_letter_sequence(office, 2026) == 2
        assert next_letter_sequence(office, 2027) == 1


def test_the_office_format_and_letter_code_are_used(receive, pvl_assistant, office):
    office.letter_code = "PKP"
    office.save()
    LetterSettings.objects.create(
        office=office, number_format="B-{seq:03d}/{kind_code}/{office}/{year}"
    )
    letter = generate_letter(receive(), "tanda_terima", actor=pvl_assistant)
    assert letter.number == f"B-001/TT/PKP/{timezone.localdate().year}"


def test_a_failed_letter_gives_its_number_back_and_leaves_no_file(
    receive, pvl_assistant, office, media
):
    case = receive()
    broken = LetterTemplate(kind="tanda_terima", office=office)
    broken.file.save("rusak.docx", ContentFile(make_docx("{{ letter.number ")), save=True)
    with pytest.raises(LetterError, match="cannot be used"):
        generate_letter(case, "tanda_terima", actor=pvl_assistant)
    assert not Letter.objects.exists()
    stored = [p for p in media.rglob("*.*") if "templates" not in p.parts]
    assert stored == []
    broken.active = False
    broken.save()
    letter = generate_letter(case, "tanda_terima", actor=pvl_assistant)
    assert letter.sequence == 1


@pytest.mark.parametrize(
    ("fmt", "message"),
    [
        ("{year}/{kind_code}", "{seq}"),
        ("{seq}/{nope}", "unknown field"),
        ("{seq}/{office.__class__}", "unknown field"),
        ("{seq:xyz}", "cannot be used"),
        ("{seq", "cannot be used"),
    ],
)
def test_an_unusable_format_is_refused_when_saved(office, fmt, message):
    settings = LetterSettings(office=office, number_format=fmt)
    with pytest.raises(ValidationError, match="format") as error:
        settings.full_clean()
    assert message in str(error.value)


def test_the_format_fields_fill_as_documented(office):
    office.letter_code = "pkp"
    number = format_number(
        "{seq:04d}|{kind_code}|{office}|{month_roman}|{month}|{year}|{case}",
        seq=7,
        kind_code="KLR",
        day=dt.date(2026, 11, 25),
        office=office,
        case_reference="0012/LM/XI/2026/PKP",
    )
    assert number == "0007|KLR|PKP|XI|11|2026|0012/LM/XI/2026/PKP"
