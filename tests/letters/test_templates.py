"""Templates an administrator uploads: they override the default, a broken one is refused with
its reason (never a 500), and the admin shows the placeholders and the defaults."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from aduan.cases.errors import NotAllowed
from aduan.core.models import AuditEvent
from aduan.letters.context import LetterError
from aduan.letters.models import LetterTemplate
from aduan.letters.services import generate_letter, template_retire, template_upload
from tests.letters.helpers import make_docx, texts

pytestmark = pytest.mark.django_db
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_an_office_template_overrides_the_default(receive, pvl_assistant, administrator, office):
    template_upload(
        actor=administrator,
        kind="tanda_terima",
        office=office,
        data=make_docx("TANDA TERIMA KANTOR BABEL {{ letter.number }} {{ case.reference }}"),
        note="Kop baru",
    )
    case = receive()
    letter = generate_letter(case, "tanda_terima", actor=pvl_assistant)
    docx, pdf = texts(letter)
    assert f"TANDA TERIMA KANTOR BABEL {letter.number} {case.reference}" in docx
    assert "TANDA TERIMA KANTOR BABEL" in pdf
    assert letter.template_label.startswith("template ")
    assert AuditEvent.objects.filter(action="letter.template_uploaded").exists()


def test_a_new_upload_retires_the_old_and_retiring_falls_back(
    receive, pvl_assistant, administrator, office
):
    first = template_upload(
        actor=administrator, kind="tanda_terima", office=office, data=make_docx("PERTAMA")
    )
    second = template_upload(
        actor=administrator, kind="tanda_terima", office=office, data=make_docx("KEDUA")
    )
    first.refresh_from_db()
    assert not first.active and second.active
    case = receive()
    assert "KEDUA" in texts(generate_letter(case, "tanda_terima", actor=pvl_assistant))[0]
    template_retire(actor=administrator, template=second)
    letter = generate_letter(case, "tanda_terima", actor=pvl_assistant)
    assert letter.template_label == "default"


def test_the_national_template_is_used_by_offices_without_their_own(
    receive, pvl_assistant, django_user_model
):
    root = django_user_model.objects.create_superuser("root", password="x-secret-123")
    template_upload(actor=root, kind="tanda_terima", office=None, data=make_docx("NASIONAL"))
    letter = generate_letter(receive(), "tanda_terima", actor=pvl_assistant)
    assert "NASIONAL" in texts(letter)[0]


def test_only_administrators_of_the_office_change_templates(
    administrator, pvl_assistant, other_office, office
):
    data = make_docx("X")
    with pytest.raises(NotAllowed):
        template_upload(actor=pvl_assistant, kind="tanda_terima", office=office, data=data)
    with pytest.raises(NotAllowed):
        template_upload(actor=administrator, kind="tanda_terima", office=other_office, data=data)
    with pytest.raises(NotAllowed):  # the national default is for national administrators
        template_upload(actor=administrator, kind="tanda_terima", office=None, data=data)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (make_docx("{{ letter.number "), "cannot be used"),
        (make_docx("{% if case.title %}no end"), "cannot be used"),
        (b"PK\x03\x04 this is not a document", "cannot be used"),
        (b"%PDF-1.4 a PDF, not a DOCX", "cannot be used"),
    ],
)
def test_a_broken_template_is_refused_with_its_reason(administrator, office, data, message):
    with pytest.raises(LetterError, match=message):
        template_upload(actor=administrator, kind="tanda_terima", office=office, data=data)
    assert not LetterTemplate.objects.exists()


def test_a_template_that_breaks_later_gives_a_clear_error_on_the_page(
    client, receive, pvl_assistant, office
):
    """A file replaced behind the admin's back: the page says why, and nothing is stored."""
    template = LetterTemplate(kind="tanda_terima", office=office)
    template.file.save("rusak.docx", ContentFile(make_docx("{{ letter.number ")), save=True)
    case = receive()
    client.force_login(pvl_assistant)
    response = client.post(
        f"/kantor/laporan/{case.pk}/surat/",
        {"letter": "tanda_terima:pelapor"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "The letter template cannot be used" in response.content.decode()
    assert not case.letters.exists()


# --- the admin --------------------------------------------------------------------------
def test_the_admin_shows_placeholders_and_default_templates(admin_client):
    page = admin_client.get("/admin/letters/lettertemplate/add/").content.decode()
    assert "reporter.label" in page
    assert "detail.questions" in page
    assert "/admin/letters/lettertemplate/default/lahp/" in page
    response = admin_client.get("/admin/letters/lettertemplate/default/lahp/")
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    assert b"".join(response.streaming_content).startswith(b"PK")
    assert admin_client.get("/admin/letters/lettertemplate/default/nope/").status_code == 404


def test_the_admin_refuses_a_broken_upload_with_the_reason(admin_client, office):
    response = admin_client.post(
        "/admin/letters/lettertemplate/add/",
        {
            "kind": "tanda_terima",
            "office": office.pk,
            "note": "",
            "file": SimpleUploadedFile("rusak.docx", make_docx("{{ oops "), content_type=DOCX),
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "The letter template cannot be used" in response.content.decode()
    assert not LetterTemplate.objects.exists()


def test_the_admin_puts_an_upload_in_use_and_offers_it_for_download(admin_client, office):
    response = admin_client.post(
        "/admin/letters/lettertemplate/add/",
        {
            "kind": "tanda_terima",
            "office": office.pk,
            "note": "Kop baru",
            "file": SimpleUploadedFile("baru.docx", make_docx("BARU {{ letter.number }}"), DOCX),
        },
    )
    assert response.status_code == 302
    template = LetterTemplate.objects.get()
    assert template.active and template.note == "Kop baru"
    download = admin_client.get(f"/admin/letters/lettertemplate/{template.pk}/file/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"PK")
    assert (
        admin_client.get(f"/admin/letters/lettertemplate/{template.pk}/change/").status_code == 200
    )


def test_the_admin_keeps_letter_settings_valid(admin_client, office):
    response = admin_client.post(
        "/admin/letters/lettersettings/add/",
        {"office": office.pk, "number_format": "{year}/{nope}", "letterhead": "", "city": ""},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "must contain {seq}" in response.content.decode()
