"""Documents, letters and evidence in a private bucket of S3-compatible object storage: stored
there by every path that stores a file, served only by the scoped views (streamed, or by a
short-lived signed URL after the same check), never readable by the bucket's plain URL."""

from __future__ import annotations

import datetime as dt
import urllib.error
import urllib.request
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from aduan.cases.documents import document_add
from aduan.cases.models import Case
from aduan.cases.sweeper import sweep
from aduan.core.files import is_object_storage
from aduan.intake.models import DraftFile
from aduan.letters import services as letters
from aduan.letters.models import Letter
from tests.intake.test_portal import _data
from tests.intake.test_portal_form import _draft_token, _fail_with_files, _files, _pdf, _png

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def content(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def fetch(url: str) -> tuple[int, bytes, dict]:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, answer.read(), dict(answer.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, b"", dict(exc.headers)


def test_a_portal_report_stores_its_files_in_the_bucket_and_staff_download_them(
    bucket, objects, office, pvl_assistant, s3_server, tmp_path
):
    assert is_object_storage(default_storage)
    citizen = Client(headers={"accept-language": "en"})
    response = citizen.post("/lapor/", {**_data(), **_files()})
    assert response.status_code == 302
    case = Case.objects.get()
    stored = objects()
    documents = {d.kind: d for d in case.documents.all()}
    assert set(documents) == {"bukti", "identitas"}
    assert {d.file.name for d in documents.values()} == set(stored)
    assert not (tmp_path / "media").exists()  # nothing went to disk

    staff = Client()
    staff.force_login(pvl_assistant)
    evidence = documents["bukti"]
    url = f"/kantor/laporan/{case.pk}/dokumen/{evidence.pk}/"
    download = staff.get(url)
    assert download.status_code == 200
    body = content(download)
    assert body == stored[evidence.file.name] and body.startswith(b"%PDF")
    assert download["Content-Length"] == str(len(stored[evidence.file.name]))
    assert download["Cache-Control"] == "private, no-store"
    assert download["Content-Disposition"].startswith("attachment")
    shown = staff.get(url + "?lihat=1")
    assert shown["Content-Disposition"].startswith("inline")
    assert shown["Content-Security-Policy"].startswith("sandbox;")

    # The bucket is private: the object's plain URL is refused by the object store; the
    # storage's own URLs are signed and expire.
    plain = f"{s3_server.endpoint}/{bucket}/{evidence.file.name}"
    assert fetch(plain)[0] == 403
    signed = evidence.file.url
    assert "X-Amz-Signature=" in signed and "X-Amz-Expires=300" in signed
    assert fetch(signed)[:2] == (200, stored[evidence.file.name])
    grants = s3_server.client().get_object_acl(Bucket=bucket, Key=evidence.file.name)["Grants"]
    assert [g["Permission"] for g in grants] == ["FULL_CONTROL"]
    assert all(g["Grantee"]["Type"] == "CanonicalUser" for g in grants)


def test_files_kept_across_a_form_error_reach_the_bucket_and_expired_drafts_go(
    bucket, objects, office
):
    citizen = Client(headers={"accept-language": "en"})
    token = _draft_token(_fail_with_files(citizen).content.decode())
    assert DraftFile.objects.count() == 2 and objects() == {}  # drafts wait in the database
    assert citizen.post("/lapor/", {**_data(), "draft": token}).status_code == 302
    stored = objects()
    assert len(stored) == 2 and _pdf() in stored.values()
    assert set(stored) == {d.file.name for d in Case.objects.get().documents.all()}
    assert not DraftFile.objects.exists()

    _fail_with_files(Client(headers={"accept-language": "en"}))
    DraftFile.objects.update(created_at=timezone.now() - dt.timedelta(days=2))
    assert sweep().drafts_expired == 2 and not DraftFile.objects.exists()
    assert len(objects()) == 2  # the report's files stay


def test_another_offices_staff_and_anonymous_visitors_get_nothing(
    bucket, receive, outsider, pvl_assistant
):
    case = receive()
    document = document_add(case=case, kind="bukti", upload=SimpleUploadedFile("k.pdf", PDF))
    url = f"/kantor/laporan/{case.pk}/dokumen/{document.pk}/"
    assert Client().get(url).status_code == 302  # to sign in
    stranger = Client()
    stranger.force_login(outsider)
    assert stranger.get(url).status_code == 404


def test_the_liaison_download_is_scoped_to_the_agency(
    bucket, objects, asked, portal, portal_user, make_liaison, other_agency
):
    case, request = asked()
    answer = {"answer": "Sudah dihentikan.", "files": [SimpleUploadedFile("j.pdf", PDF)]}
    assert portal.post(f"/instansi/klarifikasi/{request.pk}/jawab/", answer).status_code == 302
    document = case.documents.get(kind="jawaban")
    assert objects() == {document.file.name: PDF}
    url = f"/instansi/laporan/{case.pk}/dokumen/{document.pk}/"
    assert content(portal.get(url)) == PDF

    other = Client()
    other.force_login(portal_user(make_liaison(other_agency, name="Fajar", email="f@x.example")))
    assert other.get(url).status_code == 404
    # Nor may the liaison open a document the reporter sent on their own case.
    reporter_doc = document_add(case=case, upload=SimpleUploadedFile("ktp.pdf", PDF), kind="bukti")
    assert portal.get(f"/instansi/laporan/{case.pk}/dokumen/{reporter_doc.pk}/").status_code == 404


def test_letters_are_made_into_the_bucket_and_downloaded(
    bucket, objects, receive, pvl_assistant, settings
):
    settings.ADUAN_SOFFICE = "off"
    case = receive()
    letter = letters.generate_letter(case, "tanda_terima", actor=pvl_assistant)
    stored = objects()
    assert set(stored) == {letter.docx.name, letter.pdf.name}
    staff = Client()
    staff.force_login(pvl_assistant)
    pdf = staff.get(f"/kantor/laporan/{case.pk}/surat/{letter.pk}/pdf/")
    assert pdf.status_code == 200 and content(pdf) == stored[letter.pdf.name]
    assert pdf["Content-Security-Policy"].startswith("sandbox;")


def test_libreoffices_pdf_replaces_the_built_in_one_in_the_bucket(
    bucket, objects, receive, pvl_assistant, monkeypatch, django_capture_on_commit_callbacks
):
    from aduan.letters import services

    monkeypatch.setattr(services, "soffice_binary", lambda: "/usr/bin/soffice")
    monkeypatch.setattr(services, "convert_with_soffice", lambda docx, binary: b"%PDF-1.7 lo")
    letter = letters.generate_letter(receive(), "tanda_terima", actor=pvl_assistant)
    old = letter.pdf.name
    with django_capture_on_commit_callbacks(execute=True):
        assert letters.refine_pdf(letter.pk) == "libreoffice"
    letter.refresh_from_db()
    stored = objects()
    assert stored[letter.pdf.name] == b"%PDF-1.7 lo"
    assert set(stored) == {letter.docx.name, letter.pdf.name}
    assert letter.pdf_engine == Letter.Engine.LIBREOFFICE and (old == letter.pdf.name) is False


def test_a_file_missing_from_the_bucket_is_a_404_that_says_whom_to_tell(
    bucket, s3_server, receive, pvl_assistant
):
    case = receive()
    document = document_add(case=case, kind="bukti", upload=SimpleUploadedFile("k.pdf", PDF))
    s3_server.client().delete_object(Bucket=bucket, Key=document.file.name)
    staff = Client(headers={"accept-language": "en"})
    staff.force_login(pvl_assistant)
    response = staff.get(f"/kantor/laporan/{case.pk}/dokumen/{document.pk}/")
    assert response.status_code == 404


def test_signed_downloads_redirect_only_after_the_permission_check(
    bucket, receive, pvl_assistant, outsider, settings
):
    settings.ADUAN_S3_SIGNED_DOWNLOADS = True
    case = receive()
    document = document_add(
        case=case, kind="bukti", upload=SimpleUploadedFile("kuitansi.pdf", PDF), actor=None
    )
    url = f"/kantor/laporan/{case.pk}/dokumen/{document.pk}/"
    stranger = Client()
    stranger.force_login(outsider)
    assert stranger.get(url).status_code == 404

    staff = Client()
    staff.force_login(pvl_assistant)
    response = staff.get(url)
    assert response.status_code == 302
    assert response["Cache-Control"] == "private, no-store"
    assert response["Referrer-Policy"] == "no-referrer"
    location = response["Location"]
    assert "X-Amz-Signature=" in location and "X-Amz-Expires=300" in location
    assert fetch(location)[:2] == (200, PDF)
    # The object store is told to serve it as a download named as uploaded, never cached (the
    # response-* overrides of a signed GET; moto ignores them, Amazon S3 and MinIO honour them).
    query = parse_qs(urlsplit(location).query)
    assert query["response-content-disposition"] == ['attachment; filename="kuitansi.pdf"']
    assert query["response-content-type"] == ["application/pdf"]
    assert query["response-cache-control"] == ["private, no-store"]
    # A file shown in the browser keeps Aduan's origin and sandbox: streamed, not redirected.
    shown = staff.get(url + "?lihat=1")
    assert shown.status_code == 200 and content(shown) == PDF


def test_retention_deletes_the_identifying_document_from_the_bucket(
    bucket, objects, receive, django_capture_on_commit_callbacks
):
    from aduan.privacy.retention import retention_run
    from tests.privacy.conftest import noon, pdf_document

    today = dt.date(2026, 6, 1)
    case = receive(reporters=[{"name": "Rahmat Hidayat", "phone": "0812 7777 1234"}])
    Case.objects.filter(pk=case.pk).update(
        state="selesai", closed_at=noon(today.replace(year=2020))
    )
    identity = pdf_document(case, "ktp.pdf", kind="identitas", identifies=True)
    kept = pdf_document(case, "bukti.pdf")
    assert set(objects()) == {identity.file.name, kept.file.name}
    with django_capture_on_commit_callbacks(execute=True):
        assert retention_run(today=today).documents == 1
    assert set(objects()) == {kept.file.name}


def test_an_image_is_shown_inline_from_the_bucket(bucket, objects, receive, pvl_assistant):
    case = receive()
    png = _png()
    document = document_add(case=case, kind="bukti", upload=SimpleUploadedFile("foto.png", png))
    staff = Client()
    staff.force_login(pvl_assistant)
    shown = staff.get(f"/kantor/laporan/{case.pk}/dokumen/{document.pk}/?lihat=1")
    assert shown.status_code == 200 and shown["Content-Type"] == "image/png"
    assert shown["Content-Disposition"].startswith("inline")
    assert content(shown) == objects()[document.file.name]
