"""The public portal: the report form at /lapor/, the receipt, and tracking at /lacak/."""

from __future__ import annotations

import io
import re

import pytest
from django.conf import settings as django_settings
from django.contrib.staticfiles import finders
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from aduan.cases import examination as ex
from aduan.cases import services as sv
from aduan.cases.models import Case, Note
from aduan.cases.states import State
from aduan.intake.models import Rating
from aduan.regions.loader import read_rows
from aduan.regions.models import Region
from tests.conftest import FORMAL_OK

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    """Pages in English, so the assertions read the English texts."""
    return Client(headers={"accept-language": "en"})


def _data(**overrides):
    data = {
        "token": "0f0e8a3c5b7d4e1f9a2b3c4d5e6f7a8b",
        "emergency": "tidak",
        "question_only": "tidak",
        "name": "Siti Aminah",
        "birth_place": "Pangkalpinang",
        "birth_date": "1980-05-17",
        "marital_status": "kawin",
        "occupation": "Pedagang",
        "address": "Jl. Merdeka 1, Pangkalpinang",
        "phone": "081200011122",
        "email": "siti@example.com",
        "id_type": "ktp",
        "id_number": "1971010101010001",
        "contact_channel": "email",
        "language": "id",
        "agency_name": "Dinas Kependudukan dan Pencatatan Sipil Kota Pangkalpinang",
        "official": "Kepala Seksi Pelayanan",
        "place": "19.71",
        "event_date": "2026-01-10",
        "title": "Diminta membayar untuk pembuatan KTP",
        "chronology": "10 Januari 2026: petugas meminta Rp 200.000 untuk KTP.",
        "remedy_sought": "Uang dikembalikan dan KTP diterbitkan.",
        "raised_before": "ya",
        "prior_complaint": "12 Januari 2026 lewat surat ke kepala dinas, tidak dijawab.",
        "prior_complaint_date": "2026-01-12",
        "consent": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def _jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (40, 30), "red")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "S", (2.0, 7.0, 30.0)  # GPSLatitudeRef, GPSLatitude
    gps[3], gps[4] = "E", (106.0, 6.0, 0.0)
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def _send(client, **overrides):
    return client.post("/lapor/", _data(**overrides))


# --- the form -----------------------------------------------------------------------------
def test_the_form_page_with_its_css_stays_under_100_kb_with_every_regency(client, db):
    rows = [
        Region(code=r.code, name=r.name, level=r.level, parent_id=r.parent)
        for r in read_rows(django_settings.ADUAN_REGIONS_FILE)
        if r.level in {"provinsi", "kabupaten_kota"}
    ]
    Region.objects.bulk_create(sorted(rows, key=lambda r: r.code.count(".")))
    response = client.get("/lapor/")
    assert response.status_code == 200
    css = open(finders.find("aduan/aduan.css"), "rb").read()
    total = len(response.content) + len(css)
    assert Region.objects.filter(level="kabupaten_kota").count() > 500
    print(f"form page {len(response.content)} B + CSS {len(css)} B = {total} B")
    assert total < 100 * 1024, total
    html = response.content.decode()
    assert "<script" not in html
    assert 'value="19.71"' in html and 'name="token"' in html


def test_every_error_sits_next_to_its_field_and_is_tied_to_it(client, office):
    response = client.post("/lapor/", {"token": "x"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_name-error"' in html
    tag = re.search(r"<input[^>]*name=\"name\"[^>]*>", html).group(0)
    assert 'aria-invalid="true"' in tag and "id_name-error" in tag
    assert 'id="id_consent-error"' in html and 'id="id_chronology-error"' in html
    assert 'href="#id_name"' in html  # the summary at the top links to the field
    assert not Case.objects.exists()


def test_a_report_without_the_prior_complaint_answer_is_refused(client, office):
    response = _send(client, raised_before=None)
    assert response.status_code == 400
    assert 'id="id_raised_before-error"' in response.content.decode()


def test_the_contact_channel_needs_its_address(client, office):
    response = _send(client, contact_channel="whatsapp", phone="")
    assert 'id="id_phone-error"' in response.content.decode()


def test_a_report_becomes_a_case_in_the_office_covering_the_place(client, office):
    response = _send(client)
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.office == office and case.channel.code == "web"
    assert case.intake_type.code == "lm" and case.event_region.code == "19.71"
    first_line, _blank, rest = case.chronology.partition("\n\n")
    assert first_line.endswith(": Dinas Kependudukan dan Pencatatan Sipil Kota Pangkalpinang")
    assert rest.startswith("10 Januari 2026")
    assert case.official_name == "Kepala Seksi Pelayanan"
    assert case.prior_complaint.startswith("12 Januari") and not case.confidential
    reporter = case.reporters.get()
    assert reporter.id_number == "1971010101010001" and reporter.contact_channel == "email"


def test_the_confidential_choice_sets_the_case_confidential(client, office):
    _send(client, confidential="on")
    assert Case.objects.get().confidential


def test_an_emergency_goes_to_rapid_response(client, office):
    _send(client, emergency="ya", address="", raised_before=None)
    case = Case.objects.get()
    assert case.intake_type.code == "rco" and case.state == State.RAPID_RESPONSE


def test_a_question_becomes_a_consultation(client, office):
    _send(client, question_only="ya", raised_before=None, address="")
    assert Case.objects.get().intake_type.code == "knl"


def test_a_double_submit_makes_one_case(client, office):
    first = _send(client)
    second = _send(client)
    assert Case.objects.count() == 1
    assert first.status_code == second.status_code == 302
    assert client.get(second["Location"]).status_code == 200


def test_photos_lose_their_location_before_they_are_stored(client, office):
    original = _jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)
    upload = SimpleUploadedFile("foto.jpg", original, content_type="image/jpeg")
    response = client.post("/lapor/", {**_data(), "evidence": [upload]})
    assert response.status_code == 302
    document = Case.objects.get().documents.get()
    stored = document.file.read()
    image = Image.open(io.BytesIO(stored))
    assert not image.getexif() and not image.getexif().get_ifd(0x8825)
    assert b"PhoneMaker" not in stored and image.size == (40, 30)
    assert document.content_type == "image/jpeg"


def test_a_file_of_another_type_is_refused_at_its_field(client, office):
    upload = SimpleUploadedFile("x.pdf", b"MZ\x90\x00 not a pdf")
    response = client.post("/lapor/", {**_data(), "id_file": upload})
    assert response.status_code == 400
    assert 'id="id_id_file-error"' in response.content.decode()
    assert not Case.objects.exists()


def test_a_file_over_the_limit_is_refused(client, office, settings):
    settings.ADUAN_MAX_UPLOAD_MB = 1
    upload = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (1024 * 1024 + 1))
    response = client.post("/lapor/", {**_data(), "evidence": [upload]})
    assert 'id="id_evidence-error"' in response.content.decode()


# --- the receipt --------------------------------------------------------------------------
def test_the_receipt_shows_the_reference_and_access_code_to_the_sender_only(client, office):
    response = _send(client)
    case = Case.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert case.reference in page and case.access_code in page
    from django.test import Client

    stranger = Client()
    assert stranger.get(response["Location"]).status_code == 404
    assert client.get("/lapor/terima/forged:token/").status_code == 404


def test_the_receipt_warns_when_the_agency_was_not_asked_first(client, office):
    response = _send(client, raised_before="tidak", prior_complaint="")
    page = client.get(response["Location"]).content.decode()
    assert "Ps.24(1)c" in page


# --- tracking -----------------------------------------------------------------------------
@pytest.fixture
def case(receive):
    return receive()


def _track(client, case, code=None, reference=None):
    return client.post(
        "/lacak/",
        {"reference": reference or case.reference, "code": code or case.access_code},
    )


def test_tracking_with_the_right_code_keeps_the_case_in_the_session(client, case):
    response = _track(client, case, code=case.access_code.lower())
    assert response.status_code == 302 and response["Location"] == "/lacak/laporan/"
    page = client.get("/lacak/laporan/").content.decode()
    assert case.reference in page and case.access_code not in page


def test_a_wrong_code_and_an_unknown_reference_look_the_same(client, case):
    wrong = _track(client, case, code="WRONGCODE2")
    unknown = _track(client, case, reference="NOPE/1/2026")
    assert wrong.status_code == unknown.status_code == 400

    def message(response):
        return re.search(r'<div class="error-summary".*?</div>', response.content.decode(), re.S)

    assert message(wrong).group(0) == message(unknown).group(0)
    assert client.get("/lacak/laporan/").status_code == 302


def test_tracking_is_refused_after_too_many_failures(client, case, settings):
    settings.ADUAN_TRACK_MAX_FAILURES = 3
    for _ in range(3):
        assert _track(client, case, code="WRONGCODE2").status_code == 400
    blocked = _track(client, case)  # even the right code, from this address, for a while
    assert blocked.status_code == 429
    assert "Wait 1 minute " in blocked.content.decode()


def test_failures_from_other_addresses_never_lock_the_reference(client, case, settings):
    settings.ADUAN_TRACK_MAX_FAILURES = 2
    for address in ("10.0.0.1", "10.0.0.2"):
        for _ in range(2):
            client.post(
                "/lacak/",
                {"reference": case.reference, "code": "WRONGCODE2"},
                REMOTE_ADDR=address,
            )
    assert _track(client, case).status_code == 302


@pytest.fixture
def tracking(client, case):
    assert _track(client, case).status_code == 302
    return client


def test_the_page_shows_messages_to_the_reporter_but_never_internal_notes(
    tracking, case, pvl_assistant
):
    sv.case_add_note(case=case, actor=pvl_assistant, kind=Note.Kind.INTERNAL, text="RAHASIA-INT")
    sv.case_add_note(
        case=case, actor=pvl_assistant, kind=Note.Kind.TO_REPORTER, text="Mohon tunggu kabar."
    )
    page = tracking.get("/lacak/laporan/").content.decode()
    assert "Mohon tunggu kabar." in page and "RAHASIA-INT" not in page
    assert "pvl" not in re.sub(r"<[^>]+>", " ", page).split()  # no staff names
    assert "Your report has been received." in page
    assert 'id="next-due"' in page  # the 14-day clock of UU 25/2009 Ps.44(3)


def test_the_reporter_adds_a_document(tracking, case):
    png = SimpleUploadedFile("surat.png", _png())
    response = tracking.post("/lacak/laporan/dokumen/", {"doc-kind": "bukti", "doc-files": [png]})
    assert response.status_code == 302
    assert case.documents.get().kind == "bukti"


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (5, 5), "blue").save(out, format="PNG")
    return out.getvalue()


def test_the_reporter_completes_a_report_only_when_asked(tracking, case, pvl_assistant):
    refused = tracking.post("/lacak/laporan/lengkapi/", {"complete-text": "KTP terlampir."})
    assert refused.status_code == 302
    case.refresh_from_db()
    assert case.state == State.RECEIVED
    sv.case_verify_formal(
        case=case, actor=pvl_assistant, items={**FORMAL_OK, "dokumen_identitas": False}
    )
    page = tracking.get("/lacak/laporan/").content.decode()
    assert "identity document (KTP, KITAS/KITAP)" in page
    ktp = SimpleUploadedFile("ktp.pdf", b"%PDF-1.4 ktp")
    response = tracking.post(
        "/lacak/laporan/lengkapi/", {"complete-text": "KTP terlampir.", "complete-files": [ktp]}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == State.RECEIVED and case.documents.count() == 1
    assert case.reporter_completions.get().message.text.endswith("\nKTP terlampir.")


def test_the_reporter_responds_to_the_lahp_draft(tracking, case, walk):
    case = walk(case, "lahp")
    page = tracking.get("/lacak/laporan/").content.decode()
    assert "Pungutan tanpa dasar hukum terbukti." in page
    response = tracking.post(
        "/lacak/laporan/tanggapan/",
        {"lahp-response": "Ada bukti baru.", "lahp-new_evidence": "on"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == State.EXAMINATION
    assert case.lahps.get().reporter_response == "Ada bukti baru."


def test_the_lahp_response_is_refused_after_its_14_days(tracking, case, walk):
    case = walk(case, "lahp")
    lahp = case.lahps.get()
    from aduan.deadlines.models import Deadline

    Deadline.objects.for_subject(lahp).update(state=Deadline.State.MISSED)
    response = tracking.post("/lacak/laporan/tanggapan/", {"lahp-response": "Terlambat."})
    assert response.status_code == 302
    assert not case.lahps.get().reporter_response


def test_the_reporter_rates_a_closed_case_once(tracking, case):
    assert tracking.post("/lacak/laporan/nilai/", {"rating-score": "5"}).status_code == 302
    assert not Rating.objects.exists()  # still open: refused
    sv.case_withdraw(case=case, reason="Sudah selesai.")
    response = tracking.post("/lacak/laporan/nilai/", {"rating-score": "4", "rating-comment": "Ok"})
    assert response.status_code == 302
    assert Rating.objects.get().score == 4
    tracking.post("/lacak/laporan/nilai/", {"rating-score": "1"})
    assert Rating.objects.get().score == 4


def test_the_rating_service_refuses_an_open_case_and_a_second_rating(case):
    from aduan.cases.errors import WrongState
    from aduan.intake.channels.portal.services import rating_record

    with pytest.raises(WrongState):
        rating_record(case=case, score=3)
    sv.case_withdraw(case=case)
    rating_record(case=case, score=3)
    with pytest.raises(WrongState):
        rating_record(case=case, score=2)


def test_the_reporter_withdraws(tracking, case):
    unconfirmed = tracking.post("/lacak/laporan/cabut/", {"withdraw-reason": "x"})
    assert unconfirmed.status_code == 400
    response = tracking.post(
        "/lacak/laporan/cabut/", {"withdraw-reason": "Sudah beres.", "withdraw-confirm": "on"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == State.CLOSED and case.closure_reason.code == "dicabut-pelapor"
    again = tracking.post(
        "/lacak/laporan/cabut/", {"withdraw-reason": "lagi", "withdraw-confirm": "on"}
    )
    assert again.status_code == 302  # refused: the case is closed, nothing offered


def test_leaving_forgets_the_case(tracking, case):
    tracking.post("/lacak/keluar/")
    assert tracking.get("/lacak/laporan/").status_code == 302


def test_the_home_page_links_to_the_portal(client, db):
    html = client.get("/").content.decode()
    assert 'href="/lapor/"' in html and 'href="/lacak/"' in html


def test_the_response_of_lahp_service_accepts_the_reporter(case, walk):
    case = walk(case, "lahp")
    ex.lahp_record_response(lahp=case.lahps.get(), actor=None, response="Setuju.")
    assert case.lahps.get().reporter_response == "Setuju."


def test_behind_the_proxy_the_address_the_proxy_saw_is_counted(client, case, settings):
    settings.ADUAN_TRACK_MAX_FAILURES = 2
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    for _ in range(2):
        client.post(
            "/lacak/",
            {"reference": "OTHER/1", "code": "WRONGCODE2"},
            HTTP_X_FORWARDED_FOR="1.2.3.4, 10.0.0.9",
        )
    other_person = client.post(
        "/lacak/",
        {"reference": case.reference, "code": case.access_code},
        HTTP_X_FORWARDED_FOR="10.0.0.10",
    )
    assert other_person.status_code == 302  # the proxy's own address is not blocked
    blocked = client.post(
        "/lacak/",
        {"reference": case.reference, "code": case.access_code},
        HTTP_X_FORWARDED_FOR="spoofed, 10.0.0.9",
    )
    assert blocked.status_code == 429


def test_the_receipt_is_also_mailed(client, office, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _send(client)
    case = Case.objects.get()
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["siti@example.com"]
    assert case.access_code in mailoutbox[0].body
