"""Every kind renders: a DOCX python-docx opens and a PDF with the letter's text, by the
built-in renderer always and by LibreOffice when it is installed."""

from __future__ import annotations

import io

import pytest
from docx import Document

from aduan.deadlines.workdays import local_date
from aduan.letters import pdf as builtin
from aduan.letters.context import tanggal
from aduan.letters.kinds import SPECS
from aduan.letters.models import Letter, LetterSettings
from aduan.letters.render import convert_with_soffice, soffice_binary, to_pdf
from aduan.letters.services import available_letters, generate_letter
from tests.letters.helpers import SECRET, pdf_text, read, squash, texts

pytestmark = pytest.mark.django_db

# A 1x1 PNG: enough to check the logo travels into the DOCX and the built-in PDF.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63f8cfc0f01f0005000201d0a2f2ab0000000049454e44ae426082"
)


@pytest.mark.parametrize("kind", list(SPECS))
def test_each_kind_renders_to_docx_and_pdf(open_case, head_of_office, kind):
    letter = generate_letter(open_case, kind, actor=head_of_office)
    docx, pdf = texts(letter)
    assert letter.pdf_engine == Letter.Engine.BUILTIN
    assert letter.template_label == "default"
    for text in (docx, pdf):
        assert squash(open_case.reference) in squash(text)
        assert squash(letter.number) in squash(text)
        assert squash(SPECS[kind].subject.split()[0]) in squash(text)
    assert "{{" not in docx and "{%" not in docx


def test_a_letter_has_the_shape_of_an_official_letter(open_case, head_of_office, office):
    LetterSettings.objects.create(
        office=office,
        letterhead="OMBUDSMAN REPUBLIK INDONESIA\nPERWAKILAN KEPULAUAN BANGKA BELITUNG",
        city="Pangkalpinang",
        signatory_name="Shulby Yozar Ariadhy",
        signatory_position="Kepala Perwakilan Ombudsman RI Provinsi Kepulauan Bangka Belitung",
    )
    letter = generate_letter(open_case, "permintaan_klarifikasi", actor=head_of_office)
    docx, _pdf = texts(letter)
    today = tanggal(local_date(letter.created_at, office))
    for expected in (
        "OMBUDSMAN REPUBLIK INDONESIA",
        f"Pangkalpinang, {today}",
        "Nomor",
        "Sifat",
        "Lampiran",
        "Hal",
        "Permintaan Klarifikasi",
        "Yth. Kepala Dinas Kesehatan",
        "Undang-Undang Nomor 37 Tahun 2008",
        "Mengapa ada pungutan?",
        "Shulby Yozar Ariadhy",
    ):
        assert expected in docx, expected


def test_dates_are_written_the_indonesian_way():
    import datetime as dt

    assert tanggal(dt.date(2026, 11, 25)) == "25 November 2026"
    assert tanggal(dt.date(2027, 2, 1)) == "1 Februari 2027"


def test_the_office_logo_goes_into_the_letter(open_case, head_of_office, office):
    from django.core.files.base import ContentFile

    settings = LetterSettings(office=office)
    settings.logo.save("logo.png", ContentFile(PNG), save=True)
    letter = generate_letter(open_case, "tanda_terima", actor=head_of_office)
    document = Document(io.BytesIO(read(letter.docx)))
    assert document.inline_shapes
    assert read(letter.pdf).startswith(b"%PDF")


def test_values_with_markup_characters_stay_text(receive, pvl_assistant):
    case = receive(title='Pungutan <b>"liar"</b> & biaya </w:t>')
    letter = generate_letter(case, "tanda_terima", actor=pvl_assistant)
    docx, pdf = texts(letter)
    assert 'Pungutan <b>"liar"</b> & biaya </w:t>' in docx
    assert squash('Pungutan <b>"liar"</b> & biaya </w:t>') in squash(pdf)


def test_the_built_in_renderer_works_without_any_truetype_font(monkeypatch, receive, pvl_assistant):
    monkeypatch.setattr(builtin, "FONT_SETS", [])
    case = receive(title="Biaya KTP – “pungutan” … naik")
    letter = generate_letter(case, "tanda_terima", actor=pvl_assistant)
    pdf = pdf_text(read(letter.pdf))
    assert squash('Biaya KTP - "pungutan" ... naik') in squash(pdf)


def test_a_missing_libreoffice_falls_back_to_the_built_in_renderer(
    settings, receive, pvl_assistant
):
    settings.ADUAN_SOFFICE = "/nonexistent/soffice"
    letter = generate_letter(receive(), "tanda_terima", actor=pvl_assistant)
    assert letter.pdf_engine == Letter.Engine.BUILTIN
    assert read(letter.pdf).startswith(b"%PDF")


def test_a_failing_libreoffice_falls_back_too(settings, tmp_path):
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\necho broken >&2\nexit 3\n")
    fake.chmod(0o755)
    settings.ADUAN_SOFFICE = str(fake)
    from tests.letters.helpers import make_docx

    pdf, engine = to_pdf(make_docx("Halo"))
    assert engine == "builtin" and pdf.startswith(b"%PDF")


def test_a_hanging_libreoffice_is_killed_after_the_timeout(tmp_path):
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nsleep 30\n")
    fake.chmod(0o755)
    from tests.letters.helpers import make_docx

    with pytest.raises(RuntimeError, match="longer than 1 s"):
        convert_with_soffice(make_docx("Halo"), str(fake), timeout=1)


def test_only_letters_the_case_is_ready_for_are_offered(receive, pvl_assistant, examiner):
    case = receive()
    offered = {
        (kind, addressee) for kind, addressee, _label in available_letters(case, pvl_assistant)
    }
    assert offered == {("tanda_terima", "pelapor")}
    assert available_letters(case, examiner) == [
        ("tanda_terima", "pelapor", "receipt slip → reporter")
    ]


def test_a_letter_the_case_is_not_ready_for_is_refused(receive, pvl_assistant):
    from aduan.letters.context import LetterError

    with pytest.raises(LetterError, match="not closed"):
        generate_letter(receive(), "penutupan", actor=pvl_assistant)


def test_the_role_must_allow_the_letter(open_case, pvl_assistant):
    from aduan.cases.errors import NotAllowed

    with pytest.raises(NotAllowed):
        generate_letter(open_case, "rekomendasi", actor=pvl_assistant)
    with pytest.raises(NotAllowed):
        generate_letter(open_case, "permintaan_klarifikasi", actor=pvl_assistant)


def test_a_letter_is_on_the_timeline(receive, pvl_assistant):
    from aduan.cases.selectors import timeline

    case = receive()
    letter = generate_letter(case, "tanda_terima", actor=pvl_assistant)
    event = [e for e in timeline(case) if e["action"] == "case.letter_generated"]
    assert len(event) == 1
    assert event[0]["new"]["number"] == letter.number
    assert event[0]["description"] == "Letter generated"


@pytest.fixture
def libreoffice(settings):
    settings.ADUAN_SOFFICE = ""
    binary = soffice_binary()
    if binary is None:
        pytest.skip(
            "LibreOffice (soffice) is not installed: the DOCX→PDF conversion by LibreOffice is "
            "NOT tested here (apt-get install libreoffice-writer-nogui, or set ADUAN_SOFFICE)"
        )
    return binary


def test_libreoffice_opens_the_docx_and_makes_the_pdf(
    libreoffice, secret_case, head_of_office, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        letter = generate_letter(secret_case, "permintaan_klarifikasi", actor=head_of_office)
    assert letter.pdf_engine == Letter.Engine.BUILTIN  # at once; LibreOffice's follows
    letter.refresh_from_db()
    assert letter.pdf_engine == Letter.Engine.LIBREOFFICE
    pdf = read(letter.pdf)
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    assert squash(letter.number) in squash(text)
    assert squash("Pelapor (identitas dirahasiakan)") in squash(text)
    for value in SECRET.values():
        assert squash(value) not in squash(text)
    again = convert_with_soffice(read(letter.docx), libreoffice)
    assert again.startswith(b"%PDF")


def test_letters_from_the_real_workflow_carry_its_items_and_due_dates(
    receive, walk, pvl_assistant, examiner
):
    from aduan.cases import examination as ex
    from aduan.cases import services as sv
    from aduan.deadlines.models import Deadline
    from tests.conftest import FORMAL_OK, receive_deliveries

    case = receive()
    sv.case_verify_formal(
        case=case, actor=pvl_assistant, items={**FORMAL_OK, "dokumen_identitas": False}
    )
    # The 30 days run from the reporter's receipt (decision 0018): no date before it is known.
    docx = texts(generate_letter(case, "permintaan_kelengkapan", actor=pvl_assistant))[0]
    assert "sampai dengan tanggal" not in docx
    receive_deliveries(case)
    docx = texts(generate_letter(case, "permintaan_kelengkapan", actor=pvl_assistant))[0]
    clock = Deadline.objects.get(case=case, rule__code="melengkapi-laporan")
    assert f"sampai dengan tanggal {tanggal(clock.due_date)}" in docx
    assert "KTP" in docx

    examined = walk(receive(), "examination")
    ex.clarification_request(case=examined, actor=examiner, questions="Apa dasar pungutan?")
    receive_deliveries(examined)
    docx = texts(generate_letter(examined, "permintaan_klarifikasi", actor=examiner))[0]
    clock = Deadline.objects.for_subject(examined.clarifications.get()).get()
    assert f"yaitu tanggal {tanggal(clock.due_date)}" in docx
    assert "1. Apa dasar pungutan?" in docx
