"""DOCX, XLSX and ODT uploads are checked as real Office files; a zip bomb is refused."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from aduan.cases.documents import check_upload, document_add
from aduan.cases.errors import CaseError
from aduan.cases.models import Case


@pytest.fixture(autouse=True)
def english_pages(client):
    """Pages are read in English here (a request without Accept-Language gets Indonesian)."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def docx_bytes() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("Kronologi kejadian.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_bytes() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active["A1"] = "Jumlah"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def odt_bytes(mimetype: bytes = b"application/vnd.oasis.opendocument.text") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        archive.writestr(
            "content.xml",
            '<?xml version="1.0"?><office:document-content '
            'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>',
            compress_type=zipfile.ZIP_DEFLATED,
        )
        archive.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0"?><manifest:manifest '
            'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>',
        )
    return out.getvalue()


def rezip(data: bytes, *, add: dict[str, bytes] | None = None, edit=None) -> bytes:
    """A copy of the zip ``data`` with members added, or each member's bytes passed to edit."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            body = source.read(info)
            target.writestr(info, edit(info.filename, body) if edit else body)
        for name, body in (add or {}).items():
            target.writestr(name, body, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def refusal(name: str, data: bytes) -> str:
    with pytest.raises(CaseError) as caught:
        check_upload(upload(name, data))
    return str(caught.value)


def test_a_real_docx_xlsx_and_odt_are_accepted():
    assert check_upload(upload("surat.docx", docx_bytes()))[:2] == (DOCX, "docx")
    assert check_upload(upload("tabel.xlsx", xlsx_bytes()))[1] == "xlsx"
    assert check_upload(upload("surat.odt", odt_bytes()))[:2] == (
        "application/vnd.oasis.opendocument.text",
        "odt",
    )


def test_it_refuses_a_renamed_zip():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("catatan.txt", "bukan dokumen")
    assert "not a real DOCX file" in refusal("surat.docx", out.getvalue())


def test_it_refuses_a_docx_renamed_as_a_spreadsheet():
    assert "not a real XLSX file" in refusal("tabel.xlsx", docx_bytes())


def test_it_refuses_an_odt_of_another_kind():
    spreadsheet = odt_bytes(b"application/vnd.oasis.opendocument.spreadsheet")
    assert "not a real ODT file" in refusal("surat.odt", spreadsheet)


def test_it_refuses_a_damaged_zip():
    data = docx_bytes()
    assert "damaged" in refusal("surat.docx", data[: len(data) // 2])
    assert "damaged" in refusal("surat.docx", b"PK\x03\x04" + b"0" * 30)


def test_it_refuses_a_member_whose_content_does_not_match_its_checksum():
    data = bytearray(odt_bytes())
    at = data.index(b"application/vnd.oasis")  # the stored mimetype member, not compressed
    data[at] = ord("b")
    assert "damaged" in refusal("surat.odt", bytes(data))


def test_it_refuses_an_encrypted_zip():
    data = bytearray(docx_bytes())
    # Set the "encrypted" bit of every member, in the local headers and in the directory.
    for signature, flags_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(signature)
        while at != -1:
            data[at + flags_at] |= 0x1
            at = data.find(signature, at + 4)
    assert "protected with a password" in refusal("surat.docx", bytes(data))


def test_it_refuses_a_docx_with_macros():
    with_macros = rezip(docx_bytes(), add={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0" * 10})
    assert "macros" in refusal("surat.docx", with_macros)


def test_it_refuses_a_docx_declaring_macro_content():
    def declare(name, body):
        if name == "[Content_Types].xml":
            return body.replace(
                b"wordprocessingml.document.main+xml",
                b"application/vnd.ms-word.document.macroEnabled.main+xml",
            )
        return body

    assert "macros" in refusal("surat.docx", rezip(docx_bytes(), edit=declare))


def test_it_refuses_a_macro_enabled_name():
    assert "not accepted" in refusal("surat.docm", docx_bytes())


def test_it_refuses_an_odt_with_basic_macros():
    with_macros = rezip(odt_bytes(), add={"Basic/Standard/Module1.xml": b"<script/>"})
    assert "macros" in refusal("surat.odt", with_macros)


def zeros_member(archive: zipfile.ZipFile, name: str, megabytes: int) -> None:
    """A member of ``megabytes`` MB of zeros, written in a stream (never all in memory)."""
    block = b"\x00" * (1024 * 1024)
    info = zipfile.ZipInfo(name)
    info.compress_type = zipfile.ZIP_DEFLATED
    with archive.open(info, "w", force_zip64=True) as member:
        for _ in range(megabytes):
            member.write(block)


@pytest.fixture(scope="module")
def bomb_200mb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        zeros_member(archive, "word/document.xml", 200)
    return out.getvalue()


def test_it_refuses_a_zip_bomb_of_200_mb_of_zeros(bomb_200mb):
    assert len(bomb_200mb) < 1024 * 1024  # small enough to pass the upload limit
    message = refusal("surat.docx", bomb_200mb)
    assert "zip bomb" in message and "100 MB" in message


def test_it_refuses_a_small_member_of_a_suspicious_ratio():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        zeros_member(archive, "word/document.xml", 5)  # 5 MB packed into about 5 KB
    assert "zip bomb" in refusal("surat.docx", out.getvalue())


def test_it_refuses_many_members_over_the_total_limit(settings):
    settings.ADUAN_MAX_UNZIPPED_MB = 1
    import random

    noise = random.Random(13).randbytes(300 * 1024)  # incompressible: the ratio is 1
    data = rezip(docx_bytes(), add={f"word/media/image{i}.png": noise for i in range(4)})
    assert "more than 1 MB" in refusal("surat.docx", data)


def test_a_directory_that_understates_the_sizes_is_caught_while_reading(settings):
    import random

    settings.ADUAN_MAX_UNZIPPED_MB = 1
    noise = random.Random(7).randbytes(1536 * 1024)
    data = bytearray(rezip(docx_bytes(), add={"word/big.bin": noise}))
    # Both the local header and the directory claim 10 bytes: reading stops there and the
    # checksum fails. The real size is never trusted from the directory alone.
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("word/big.bin")
    ten = (10).to_bytes(4, "little")
    data[info.header_offset + 22 : info.header_offset + 26] = ten
    entry = data.rindex(b"PK\x01\x02", 0, data.rindex(b"word/big.bin"))
    data[entry + 24 : entry + 28] = ten
    assert "damaged" in refusal("surat.docx", bytes(data))


@pytest.mark.django_db
def test_a_bomb_is_refused_on_a_case_and_nothing_is_stored(
    receive, pvl_assistant, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    case = receive()
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        zeros_member(archive, "word/document.xml", 101)
    with pytest.raises(CaseError, match="zip bomb"):
        document_add(
            case=case,
            kind="bukti",
            upload=upload("bukti.docx", bomb.getvalue()),
            actor=pvl_assistant,
        )
    assert not case.documents.exists()
    good = document_add(
        case=case, kind="bukti", upload=upload("bukti.docx", docx_bytes()), actor=pvl_assistant
    )
    assert good.content_type == DOCX


def test_the_public_form_refuses_a_bomb_at_its_field(client, office):
    from tests.intake.test_portal import _data

    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        zeros_member(archive, "word/document.xml", 5)
    response = client.post(
        "/lapor/", {**_data(), "evidence": [upload("bukti.docx", bomb.getvalue())]}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_evidence-error"' in page and "zip bomb" in page
    assert not Case.objects.exists()


def test_a_refused_file_is_named_and_not_kept_after_an_error(client, office):
    from aduan.intake.models import DraftFile
    from tests.intake.test_portal import _data

    response = client.post(
        "/lapor/",
        {**_data(), "evidence": [upload("bukti.docx", b"not a zip at all, only text")]},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_evidence-error"' in page
    assert "Already attached" not in page  # a refused file is never shown as kept
    assert not DraftFile.objects.exists()
    assert not Case.objects.exists()


def test_the_public_form_says_nothing_of_files_when_none_were_chosen(client, office):
    from tests.intake.test_portal import _data

    response = client.post("/lapor/", {**_data(), "title": ""})
    assert response.status_code == 400
    assert "Attach them again" not in response.content.decode()
