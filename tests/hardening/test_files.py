"""Stored files are served sandboxed: a PDF shown inline runs in an opaque origin, no script."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from aduan.cases.documents import document_add
from aduan.core.files import FILE_POLICY

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 20


def _document(receive, pvl_assistant, name, data):
    case = receive()
    document = document_add(
        case=case, kind="bukti", upload=SimpleUploadedFile(name, data), actor=pvl_assistant
    )
    return f"/kantor/laporan/{case.pk}/dokumen/{document.pk}/"


def test_a_pdf_shown_inline_is_sandboxed_and_never_sniffed(client, receive, pvl_assistant, media):
    url = _document(receive, pvl_assistant, "kuitansi.pdf", b"%PDF-1.4 bukti")
    client.force_login(pvl_assistant)
    shown = client.get(url + "?lihat=1")
    assert shown["Content-Disposition"].startswith("inline")
    policy = shown["Content-Security-Policy"]
    assert policy == FILE_POLICY  # the site-wide policy did not replace it
    assert policy.startswith("sandbox;") and "script-src" not in policy
    assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy
    assert shown["X-Content-Type-Options"] == "nosniff"


def test_a_download_and_an_image_are_sandboxed_too(client, receive, pvl_assistant, media):
    client.force_login(pvl_assistant)
    pdf = _document(receive, pvl_assistant, "kuitansi.pdf", b"%PDF-1.4 bukti")
    png = _document(receive, pvl_assistant, "foto.png", PNG)
    for response in (client.get(pdf), client.get(png + "?lihat=1")):
        assert response.status_code == 200
        assert response["Content-Security-Policy"].startswith("sandbox;")
        assert response["X-Content-Type-Options"] == "nosniff"


def test_a_page_keeps_the_site_policy(client, pvl_assistant):
    client.force_login(pvl_assistant)
    policy = client.get("/kantor/")["Content-Security-Policy"]
    assert "sandbox" not in policy and "script-src 'self'" in policy
