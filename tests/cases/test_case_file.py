"""The case file: edits audited old → new, documents checked by content, identities protected."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from aduan.cases import services as sv
from aduan.cases.documents import document_add
from aduan.cases.errors import CaseError, NotAllowed, WrongState
from aduan.cases.selectors import case_for_user, cases_for, reporter_view
from aduan.core.models import AuditEvent

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def test_an_edit_is_audited_old_to_new(receive, pvl_assistant):
    case = sv.case_update(
        case=receive(),
        actor=pvl_assistant,
        title="Pungutan KTP di Kecamatan",
        reason="Ringkasan diperjelas",
    )
    event = AuditEvent.objects.get(action="case.edited")
    assert event.old == {}  # free text: that it changed, never the text (it may name people)
    assert event.new == {"title": {"changed": True, "chars": 25}}
    assert case.title == "Pungutan KTP di Kecamatan"


def test_an_edit_of_structured_fields_is_audited_old_to_new(receive, pvl_assistant, agency_tree):
    case = receive()
    before = case.agency_id
    sv.case_update(case=case, actor=pvl_assistant, agency=agency_tree["clinic"])
    event = AuditEvent.objects.get(action="case.edited")
    assert before != agency_tree["clinic"].pk
    assert event.old["agency"]["id"] == before
    assert event.new["agency"]["id"] == agency_tree["clinic"].pk


def test_an_edit_that_changes_nothing_writes_nothing(receive, pvl_assistant):
    case = receive()
    sv.case_update(case=case, actor=pvl_assistant, title=case.title)
    assert not AuditEvent.objects.filter(action="case.edited").exists()


def test_confidentiality_once_promised_is_not_lifted(receive, pvl_assistant):
    case = receive(confidential=True)
    with pytest.raises(CaseError, match="stays secret"):
        sv.case_update(case=case, actor=pvl_assistant, confidential=False)


def test_only_some_fields_are_editable_and_only_while_open(receive, pvl_assistant):
    case = receive()
    with pytest.raises(CaseError, match="cannot be edited: state"):
        sv.case_update(case=case, actor=pvl_assistant, state="selesai")
    closed = sv.case_withdraw(case=case)
    with pytest.raises(WrongState):
        sv.case_update(case=closed, actor=pvl_assistant, title="x")


def test_a_pdf_is_stored_with_its_hash_and_sniffed_type(receive, pvl_assistant, tmp_path):
    with override_settings(MEDIA_ROOT=tmp_path):
        upload = SimpleUploadedFile("surat.pdf", PDF, content_type="image/png")
        document = document_add(case=receive(), upload=upload, kind="bukti", actor=pvl_assistant)
    assert document.content_type == "application/pdf"
    assert len(document.sha256) == 64
    assert document.original_name == "surat.pdf"


def test_an_identity_document_is_flagged(receive, tmp_path):
    with override_settings(MEDIA_ROOT=tmp_path):
        document = document_add(
            case=receive(), kind="identitas", upload=SimpleUploadedFile("ktp.png", PNG)
        )
    assert document.identifies_reporter


def test_a_disguised_file_is_refused(receive, tmp_path):
    with override_settings(MEDIA_ROOT=tmp_path), pytest.raises(CaseError, match="not accepted"):
        document_add(
            case=receive(),
            kind="bukti",
            upload=SimpleUploadedFile("foto.jpg", b"MZ\x90\x00 this is an exe"),
        )


def test_a_file_over_the_limit_is_refused(receive, tmp_path):
    with (
        override_settings(MEDIA_ROOT=tmp_path, ADUAN_MAX_UPLOAD_MB=1),
        pytest.raises(CaseError, match="larger than 1 MB"),
    ):
        document_add(
            case=receive(),
            kind="bukti",
            upload=SimpleUploadedFile("besar.pdf", PDF + b"0" * 1_100_000),
        )


def test_a_confidential_identity_is_masked_by_default(receive, examiner):
    case = receive(confidential=True)
    view = reporter_view(case.reporters.get(), examiner)
    assert view["identity_hidden"] is True
    assert "Siti" not in str(view)
    assert not AuditEvent.objects.filter(action="case.identity_viewed").exists()


def test_revealing_a_confidential_identity_is_audited(receive, pvl_assistant):
    case = receive(confidential=True)
    view = reporter_view(case.reporters.get(), pvl_assistant, reveal=True)
    assert view["name"] == "Siti Aminah"
    event = AuditEvent.objects.get(action="case.identity_viewed")
    assert event.actor == pvl_assistant


def test_someone_without_the_right_cannot_reveal(receive, administrator, outsider):
    case = receive(confidential=True)
    for person in (administrator, outsider):
        assert reporter_view(case.reporters.get(), person, reveal=True)["identity_hidden"]


def test_an_ordinary_reporter_is_shown_without_an_audit_entry(receive, examiner):
    view = reporter_view(receive().reporters.get(), examiner)
    assert view["name"] == "Siti Aminah"
    assert not AuditEvent.objects.filter(action="case.identity_viewed").exists()


def test_staff_see_only_their_offices_cases(receive, pvl_assistant, outsider, member):
    case = receive()
    assert list(cases_for(pvl_assistant)) == [case]
    assert list(cases_for(outsider)) == []
    assert list(cases_for(member)) == [case]
    with pytest.raises(NotAllowed, match="No such case"):
        case_for_user(outsider, case.reference)
    assert case_for_user(pvl_assistant, case.pk) == case


def test_the_admin_lists_only_the_offices_cases_and_changes_nothing(
    receive, client, administrator, outsider
):
    case = receive()
    outsider.is_superuser = False
    outsider.save()
    from django.contrib.auth.models import Permission

    view = Permission.objects.get(codename="view_case")
    for person in (administrator, outsider):
        person.user_permissions.add(view)
    client.force_login(administrator)
    assert case.reference in client.get("/admin/cases/case/").content.decode()
    assert client.get(f"/admin/cases/case/{case.pk}/change/").status_code == 200
    assert "Siti" not in client.get(f"/admin/cases/case/{case.pk}/change/").content.decode()
    client.force_login(outsider)
    assert case.reference not in client.get("/admin/cases/case/").content.decode()
