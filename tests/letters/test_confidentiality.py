"""A confidential reporter's identity is never printed in a letter to anyone but the reporter
(UU 37/2008 Ps.24(2)): not in the DOCX, not in the PDF, not in the file names, not in the
letter's addressee. Every kind, every addressee it may go to."""

from __future__ import annotations

import pytest

from aduan.letters.context import MASKED_REPORTER, build_context
from aduan.letters.kinds import SPECS, Addressee
from aduan.letters.services import generate_letter
from tests.letters.helpers import SECRET, squash, texts

pytestmark = pytest.mark.django_db

PAIRS = [(kind, addressee) for kind, spec in SPECS.items() for addressee in spec.addressees]
IDENTITY = ["name", "phone", "email", "id_number", "address", "birth_place", "occupation"]


@pytest.mark.parametrize(("kind", "addressee"), PAIRS)
def test_no_letter_but_the_reporters_own_shows_a_confidential_identity(
    secret_case, head_of_office, kind, addressee
):
    letter = generate_letter(
        secret_case, kind, actor=head_of_office, addressee=addressee, other_name="Saksi Ahli"
    )
    docx, pdf = texts(letter)
    assert letter.number in docx
    assert squash(letter.number) in squash(pdf)
    if addressee == Addressee.REPORTER:
        # The control: the reporter's own letter names them, so the extraction does see names.
        assert SECRET["name"] in docx
        assert squash(SECRET["name"]) in squash(pdf)
        assert letter.addressee_name == MASKED_REPORTER  # lists never show it either
    else:
        for field in IDENTITY:
            value = SECRET[field]
            assert value not in docx, f"{field} in the DOCX of {kind} to {addressee}"
            assert squash(value) not in squash(docx), f"{field} in the DOCX of {kind}"
            assert squash(value) not in squash(pdf), f"{field} in the PDF of {kind}"
    for field in IDENTITY:
        for name in (letter.docx.name, letter.pdf.name, letter.addressee_name):
            assert squash(SECRET[field]) not in squash(name)


@pytest.mark.parametrize(("kind", "addressee"), PAIRS)
def test_the_context_for_anyone_but_the_reporter_holds_no_identity(secret_case, kind, addressee):
    context = build_context(
        secret_case,
        kind=kind,
        addressee=addressee,
        number="1",
        day=secret_case.received_at.date(),
        other_name="Saksi Ahli",
    )
    if addressee == Addressee.REPORTER:
        assert context["reporter"]["name"] == SECRET["name"]
        return
    assert context["reporter"] == {"label": MASKED_REPORTER}
    flat = squash(repr(context))
    for field in IDENTITY:
        assert squash(SECRET[field]) not in flat


def test_a_letter_to_the_terlapor_names_the_reporter_as_kept_secret(secret_case, examiner):
    secret_case.unit = examiner.unit
    secret_case.save()
    letter = generate_letter(secret_case, "permintaan_klarifikasi", actor=examiner)
    docx, pdf = texts(letter)
    assert MASKED_REPORTER in docx
    assert squash(MASKED_REPORTER) in squash(pdf)


def test_a_case_that_is_not_confidential_may_name_the_reporter(open_case, head_of_office):
    letter = generate_letter(open_case, "permintaan_klarifikasi", actor=head_of_office)
    docx, _pdf = texts(letter)
    assert "Budi Santoso" in docx
    assert "08123456789" not in docx  # the name only: the terlapor gets no contact details


def test_a_typed_text_holding_the_identity_stops_the_letter(secret_case, head_of_office):
    """The second line of defence: staff typed the reporter's name into the questions."""
    from aduan.cases.identity import IdentityExposed
    from aduan.letters.models import Letter

    request = secret_case.clarifications.get()
    request.questions = f"Apakah Saudara mengenal {SECRET['name']}?"
    request.save()
    with pytest.raises(IdentityExposed, match="confidential reporter's identity") as refused:
        generate_letter(secret_case, "permintaan_klarifikasi", actor=head_of_office)
    assert "Name word 'Ratna' (name) in the letter" in refused.value.message
    assert not Letter.objects.exists()


def test_an_uploaded_template_asking_for_the_identity_gets_nothing(
    secret_case, head_of_office, administrator
):
    from aduan.letters.services import template_upload
    from tests.letters.helpers import make_docx

    template_upload(
        actor=administrator,
        kind="permintaan_klarifikasi",
        office=secret_case.office,
        data=make_docx(
            "{{ letter.number }} [{{ reporter.name }}|{{ reporter.phone }}|{{ reporter.email }}]",
            "{{ case.reporters }} {{ case.chronology }}",
        ),
    )
    letter = generate_letter(secret_case, "permintaan_klarifikasi", actor=head_of_office)
    docx, _pdf = texts(letter)
    assert f"{letter.number} [||]" in docx
    for field in IDENTITY:
        assert squash(SECRET[field]) not in squash(docx)
