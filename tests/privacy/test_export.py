"""The export of everything held about a requester (UU 27/2022 Ps.32): their own data, and
never another person's (Ps.33): no co-reporter, no internal note, no reported official."""

from __future__ import annotations

import json

import pytest

from aduan.intake.models import Rating
from aduan.privacy.export import subject_export, to_pdf

from .conftest import pdf_document


@pytest.fixture(autouse=True)
def english_pages(client):
    """Pages are read in English here (a request without Accept-Language gets Indonesian)."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


pytestmark = pytest.mark.django_db


@pytest.fixture
def exported(verified, shared_case, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    pdf_document(shared_case, "kwitansi.pdf")
    pdf_document(shared_case, "ktp-budi.pdf", identifies=True, kind="identitas")
    pdf_document(shared_case, "jawaban-dinas.pdf", kind="jawaban")
    Rating.objects.create(case=shared_case, score=4, comment="Cepat, terima kasih Budi Hartono.")
    return subject_export(verified)


def test_the_export_holds_the_requesters_own_data(exported, shared_case):
    (record,) = exported["records"]
    assert record["reporter"]["name"] == "Siti Aminah"
    assert record["reporter"]["id_number"] == "1971010101010001"
    assert record["reporter"]["phone"] == "0812-3456-7890"
    assert record["case"]["reference"] == shared_case.reference
    assert record["case"]["title"] == shared_case.title
    assert record["tracking"][0]["state"]
    assert [n["text"] for n in record["notes_to_reporter"]] == ["Laporan Anda kami terima."]
    assert record["messages"] and "Laporan Anda kami terima." in record["messages"][0]["text"]
    assert record["rating"]["score"] == 4
    assert [d["name"] for d in record["documents"]] == ["kwitansi.pdf"]
    assert exported["request"]["legal_basis"] == "UU 27/2022 Ps.32"


def test_the_export_leaves_out_the_co_reporter_everywhere(exported):
    text = json.dumps(exported, ensure_ascii=False)
    assert "Budi" not in text
    assert "budi@example.com" not in text
    assert "9876" not in text  # the co-reporter's phone, written with spaces in the chronology
    assert "Saya dan […] ([…]) dimintai pungutan" in exported["records"][0]["case"]["chronology"]


def test_the_export_leaves_out_internal_notes_and_the_reported_official(exported):
    text = json.dumps(exported, ensure_ascii=False)
    assert "Catatan internal: cek" not in text
    assert "Darto" not in text
    assert "jawaban-dinas.pdf" not in text
    assert "ktp-budi.pdf" not in text
    assert exported["left_out"]


def test_an_export_with_no_linked_record_is_empty(receive_request):
    request = receive_request(requester_name="X")
    assert subject_export(request)["records"] == []


def test_the_pdf_is_a_pdf_with_the_reference(exported):
    data = to_pdf(exported)
    assert data.startswith(b"%PDF")
    assert len(data) > 1000


def test_the_export_leaves_out_the_co_reporter_in_any_spelling(verified, shared_case):
    """The co-reporter written otherwise than in their record (first name with an honorific,
    capitals, an obfuscated e-mail, a member of the group) is found by the identity guard."""
    shared_case.reporters.filter(name="Budi Hartono").update(members="Wahyu Prasetyo")
    shared_case.chronology = (
        "Saya dan Pak BUDI (budi [at] example [dot] com) serta Sdr. Wahyu dimintai pungutan."
    )
    shared_case.save(update_fields=["chronology"])
    (record,) = subject_export(verified)["records"]
    chronology = record["case"]["chronology"]
    assert "BUDI" not in chronology
    assert "budi" not in chronology
    assert "Wahyu" not in chronology
    assert chronology.startswith("Saya dan ")
    assert "dimintai pungutan" in chronology
