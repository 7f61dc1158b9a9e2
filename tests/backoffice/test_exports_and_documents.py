"""Excel export of the list, and the case's documents: preview, download and their refusals."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from aduan.cases.documents import document_add
from aduan.core.models import AuditEvent
from tests.hardening.test_uploads import docx_bytes

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 20


def _workbook(response):
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(response.content)).active


def test_the_current_list_downloads_as_excel_with_typed_cells(client, receive, pvl_assistant):
    case = receive(confidential=True, title="Pungutan KTP")
    receive(intake_type="knl", title="Tanya")
    client.force_login(pvl_assistant)
    response = client.get("/kantor/laporan/?intake_type=lm&format=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(_workbook(response).iter_rows(values_only=True))
    assert rows[0][:3] == ("nomor_laporan", "diterima", "jenis")
    assert len(rows) == 2 and rows[1][0] == case.reference
    assert hasattr(rows[1][1], "year")  # a real date-time cell, not text
    assert "Siti" not in repr(rows)


def test_the_excel_export_keeps_formulas_as_text(client, receive, pvl_assistant):
    receive(title='=HYPERLINK("http://example.com")')
    client.force_login(pvl_assistant)
    sheet = _workbook(client.get("/kantor/laporan/?format=xlsx"))
    cell = next(c for row in sheet.iter_rows() for c in row if "HYPERLINK" in str(c.value))
    assert cell.data_type == "s"


def test_the_excel_export_is_scoped_to_the_office(client, receive, outsider):
    case = receive()
    client.force_login(outsider)
    rows = list(_workbook(client.get("/kantor/laporan/?format=xlsx")).iter_rows(values_only=True))
    assert case.reference not in repr(rows)


def test_a_pdf_is_previewed_in_the_browser_and_downloaded(client, receive, pvl_assistant, media):
    case = receive()
    document = document_add(
        case=case,
        kind="bukti",
        upload=SimpleUploadedFile("kuitansi.pdf", b"%PDF-1.4 bukti"),
        actor=pvl_assistant,
    )
    client.force_login(pvl_assistant)
    url = f"/kantor/laporan/{case.pk}/dokumen/{document.pk}/"
    assert url + "?lihat=1" in client.get(f"/kantor/laporan/{case.pk}/").content.decode()
    shown = client.get(url + "?lihat=1")
    assert shown.status_code == 200
    assert shown["Content-Disposition"].startswith("inline")
    assert b"".join(shown.streaming_content) == b"%PDF-1.4 bukti"
    assert shown["X-Content-Type-Options"] == "nosniff"
    downloaded = client.get(url)
    assert downloaded["Content-Disposition"].startswith("attachment")
    assert "kuitansi.pdf" in downloaded["Content-Disposition"]


def test_an_office_document_is_never_shown_inline(client, receive, pvl_assistant, media):
    case = receive()
    document = document_add(
        case=case,
        kind="bukti",
        upload=SimpleUploadedFile("surat.docx", docx_bytes()),
        actor=pvl_assistant,
    )
    client.force_login(pvl_assistant)
    response = client.get(f"/kantor/laporan/{case.pk}/dokumen/{document.pk}/?lihat=1")
    assert response["Content-Disposition"].startswith("attachment")


def test_another_offices_staff_get_404_for_a_document(client, receive, outsider, media):
    case = receive()
    document = document_add(case=case, kind="bukti", upload=SimpleUploadedFile("a.png", PNG))
    client.force_login(outsider)
    assert client.get(f"/kantor/laporan/{case.pk}/dokumen/{document.pk}/").status_code == 404


def test_a_document_of_another_case_is_not_reachable_through_this_case(
    client, receive, pvl_assistant, media
):
    case, other = receive(), receive(title="Lain")
    document = document_add(case=other, kind="bukti", upload=SimpleUploadedFile("a.png", PNG))
    client.force_login(pvl_assistant)
    assert client.get(f"/kantor/laporan/{case.pk}/dokumen/{document.pk}/").status_code == 404


def test_anonymous_visitors_cannot_fetch_documents_or_media(client, receive, media):
    case = receive()
    document = document_add(case=case, kind="bukti", upload=SimpleUploadedFile("a.png", PNG))
    response = client.get(f"/kantor/laporan/{case.pk}/dokumen/{document.pk}/")
    assert response.status_code == 302
    assert client.get(f"/media/{document.file.name}").status_code == 404


def test_a_confidential_identity_document_is_opened_under_a_neutral_name_and_logged(
    client, receive, pvl_assistant, media
):
    case = receive(confidential=True)
    document = document_add(
        case=case, kind="identitas", upload=SimpleUploadedFile("KTP_Siti_Aminah.png", PNG)
    )
    client.force_login(pvl_assistant)
    response = client.get(f"/kantor/laporan/{case.pk}/dokumen/{document.pk}/?lihat=1")
    assert response.status_code == 200
    assert "Siti" not in response["Content-Disposition"]
    assert AuditEvent.objects.filter(
        action="case.identity_document_opened", actor=pvl_assistant
    ).exists()
