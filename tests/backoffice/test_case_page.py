"""The case page: everything the citizen gave, the verification checklist beside its evidence,
the two columns, and dates in the reader's language."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from aduan.cases.documents import document_add

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 20
FULL_REPORTER = {
    "name": "Siti Aminah",
    "birth_place": "Kupang",
    "birth_date": dt.date(1980, 5, 17),
    "marital_status": "kawin",
    "occupation": "pedagang",
    "address": "Jl. Timor Raya 5",
    "email": "siti@example.com",
    "phone": "0812",
    "contact_channel": "whatsapp",
}


def _page(client, case, language="en"):
    return client.get(f"/kantor/laporan/{case.pk}/", HTTP_ACCEPT_LANGUAGE=language).content.decode()


def _row(page, code):
    match = re.search(rf'<tr id="item-{code}"[^>]*>(.*?)</tr>', page, re.S)
    assert match, code
    return match.group(0)


def test_the_page_shows_everything_the_reporter_gave(client, receive, pvl_assistant):
    case = receive(
        reporters=[FULL_REPORTER],
        remedy_sought="Uang dikembalikan.",
        prior_complaint="Mengadu ke loket; dijawab tidak ada pungutan.",
        prior_complaint_date=dt.date(2026, 10, 1),
    )
    client.force_login(pvl_assistant)
    page = _page(client, case)
    for text in (
        "Uang dikembalikan.",
        "Mengadu ke loket; dijawab tidak ada pungutan.",
        "1 October 2026",
        "Kupang, 17 May 1980",
        "kawin",
        "pedagang",
        "Jl. Timor Raya 5",
        '<dd class="contact-channel">WhatsApp</dd>',
    ):
        assert text in page, text


def test_the_facts_sit_beside_the_actions(client, receive, pvl_assistant):
    case = receive()
    client.force_login(pvl_assistant)
    page = _page(client, case)
    split = page.index('<div class="split case-page">')
    assert split < page.index('id="case-facts"') < page.index('<aside class="case-actions"')
    assert page.index('id="clocks"') < page.index('<aside class="case-actions"')
    assert page.index('<aside class="case-actions"') < page.index('id="action-note"')


def test_a_confidential_reporters_identity_stays_hidden_in_the_checklist(
    client, receive, pvl_assistant
):
    case = receive(reporters=[FULL_REPORTER], confidential=True)
    client.force_login(pvl_assistant)
    page = _page(client, case)
    assert "Kupang" not in page and "pedagang" not in page and "Siti" not in page
    assert "given (identity kept secret)" in _row(page, "identitas_lengkap")


def test_each_formal_item_shows_its_evidence_and_choice(
    client, receive, pvl_assistant, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    case = receive(
        reporters=[FULL_REPORTER],
        chronology="1 Oktober: diminta bayar.",
        prior_complaint="Mengadu ke loket.",
    )
    document = document_add(case=case, kind="identitas", upload=SimpleUploadedFile("ktp.png", PNG))
    proof = document_add(
        case=case, kind="bukti_pengaduan", upload=SimpleUploadedFile("surat.pdf", b"%PDF-1.4 x")
    )
    client.force_login(pvl_assistant)
    page = _page(client, case)
    identity = _row(page, "identitas_lengkap")
    assert "Kupang" in identity and "kawin" in identity and "pedagang" in identity
    assert 'badge green">given' in identity
    id_document = _row(page, "dokumen_identitas")
    assert f"/dokumen/{document.pk}/?lihat=1" in id_document and 'class="thumb"' in id_document
    assert 'badge green">given' in id_document
    prior = _row(page, "sudah_menyampaikan")
    assert "Mengadu ke loket." in prior and f"/dokumen/{proof.pk}/" in prior
    assert "1 Oktober: diminta bayar." in _row(page, "kronologi")
    contact = _row(page, "kontak")
    assert "siti@example.com" in contact and "WhatsApp" in contact
    assert 'badge grey">not applicable' in _row(page, "surat_kuasa")
    # The verify action's choices sit on each row, and the form posts to the action.
    assert 'name="identitas_lengkap" value="1"' in identity
    assert "/aksi/verify-formal/" in page


def test_a_missing_item_is_shown_as_missing(client, receive, pvl_assistant):
    case = receive(reporters=[{"name": "Budi", "email": "budi@example.com"}])
    client.force_login(pvl_assistant)
    page = _page(client, case)
    identity = _row(page, "identitas_lengkap")
    assert 'class="item missing"' in identity and 'badge red">missing' in identity
    assert "not given" in identity
    assert 'badge red">missing' in _row(page, "dokumen_identitas")
    assert 'badge red">missing' in _row(page, "sudah_menyampaikan")


def test_the_checklist_shows_what_was_recorded_after_the_verification(
    client, receive, pvl_assistant
):
    from tests.conftest import FORMAL_OK

    case = receive()
    client.force_login(pvl_assistant)
    data = {code: ("1" if value else "") for code, value in FORMAL_OK.items()}
    data["dokumen_identitas"] = "0"
    response = client.post(
        f"/kantor/laporan/{case.pk}/aksi/verify-formal/", data, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 302
    page = _page(client, case)
    assert "/aksi/verify-formal/" not in page
    assert "<td>not met</td>" in _row(page, "dokumen_identitas")


def test_the_material_checklist_judges_the_two_years_from_the_file(
    client, receive, pvl_assistant, walk
):
    case = receive(event_date=dt.date(2020, 1, 1))
    walk(case, "material")
    client.force_login(pvl_assistant)
    page = _page(client, case)
    assert 'badge red">missing' in _row(page, "belum_dua_tahun")
    assert "/aksi/verify-material/" in page


@pytest.mark.parametrize(
    ("language", "month"), [("en", "23 December 2026"), ("id", "23 Desember 2026")]
)
def test_dates_are_in_the_readers_language(client, receive, pvl_assistant, language, month):
    case = receive(prior_complaint="Sudah.", prior_complaint_date=dt.date(2026, 12, 23))
    client.force_login(pvl_assistant)
    page = _page(client, case, language)
    assert month in page
    assert "2026-12-23" not in page


def test_the_checklists_words_are_marked_for_translation():
    from django.utils.functional import Promise

    from aduan.cases.checklists import FORMAL_ITEMS

    # "(Ombudsman's published requirements)" showed in English in the Indonesian interface.
    assert isinstance(FORMAL_ITEMS["kontak"][1], Promise)
    assert isinstance(FORMAL_ITEMS["akta_pendirian"][1], Promise)
