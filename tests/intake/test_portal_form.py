"""The public report form (/lapor/): files kept across a form error, the contact channel that
follows what the citizen gave, and the reporter's details the receiving office's law asks for."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from aduan.cases.models import Case
from aduan.cases.sweeper import sweep
from aduan.directory.models import Office
from aduan.intake.channels.portal import drafts
from aduan.intake.models import DraftFile
from tests.intake.test_portal import _data

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    """Pages in English, so the assertions read the English texts."""
    return Client(headers={"accept-language": "en"})


def _png(colour: str = "red") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (20, 10), colour).save(out, format="PNG")
    return out.getvalue()


def _pdf(text: bytes = b"evidence") -> bytes:
    return b"%PDF-1.4\n" + text + b"\n%%EOF\n"


def _files():
    return {
        "id_file": SimpleUploadedFile("ktp.png", _png(), content_type="image/png"),
        "evidence": [SimpleUploadedFile("kwitansi.pdf", _pdf(), content_type="application/pdf")],
    }


def _draft_token(html: str) -> str:
    return re.search(r'name="draft" value="([^"]+)"', html).group(1)


def _fail_with_files(client):
    """The reproduction's first POST: an ID photo and evidence, the e-mail missing for the
    channel chosen."""
    data = _data(email="", contact_channel="email")
    response = client.post("/lapor/", {**data, **_files()})
    assert response.status_code == 400
    return response


# --- 1. attachments survive a form error --------------------------------------------------
def test_files_attached_before_an_error_are_stored_with_the_report(client, office):
    first = _fail_with_files(client)
    html = first.content.decode()
    assert 'id="id_email-error"' in html
    assert "ktp.png" in html and "kwitansi.pdf" in html and "Already attached" in html
    token = _draft_token(html)

    second = client.post("/lapor/", {**_data(contact_channel="email"), "draft": token})

    assert second.status_code == 302
    case = Case.objects.get()
    assert sorted(case.documents.values_list("kind", "original_name")) == [
        ("bukti", "kwitansi.pdf"),
        ("identitas", "ktp.png"),
    ]
    receipt = client.get(second["Location"]).content.decode()
    assert "Send a copy of your identity document" not in receipt
    assert not DraftFile.objects.exists()


def test_a_retried_send_never_duplicates_the_documents(client, office):
    token = _draft_token(_fail_with_files(client).content.decode())
    data = {**_data(), "draft": token}
    # The citizen also attached the same files again, and the send was retried.
    assert client.post("/lapor/", {**data, **_files()}).status_code == 302
    assert client.post("/lapor/", {**data, **_files()}).status_code == 302
    case = Case.objects.get()
    assert case.documents.count() == 2


def test_a_second_error_keeps_the_files_and_adds_new_ones(client, office):
    token = _draft_token(_fail_with_files(client).content.decode())
    more = SimpleUploadedFile("foto.png", _png("blue"), content_type="image/png")
    response = client.post("/lapor/", {**_data(email=""), "draft": token, "evidence": [more]})
    assert response.status_code == 400
    assert DraftFile.objects.count() == 3
    assert client.post("/lapor/", {**_data(), "draft": _draft_token(response.content.decode())})
    assert Case.objects.get().documents.count() == 3


def test_a_ticked_file_is_removed(client, office):
    token = _draft_token(_fail_with_files(client).content.decode())
    evidence = DraftFile.objects.get(kind="bukti")
    response = client.post(
        "/lapor/", {**_data(), "draft": token, "remove_draft": [str(evidence.pk)]}
    )
    assert response.status_code == 302
    assert list(Case.objects.get().documents.values_list("original_name", flat=True)) == ["ktp.png"]


def test_a_ticked_file_is_gone_from_the_form_shown_again(client, office):
    token = _draft_token(_fail_with_files(client).content.decode())
    evidence = DraftFile.objects.get(kind="bukti")
    response = client.post(
        "/lapor/", {**_data(email=""), "draft": token, "remove_draft": [str(evidence.pk)]}
    )
    html = response.content.decode()
    assert response.status_code == 400 and "kwitansi.pdf" not in html and "ktp.png" in html


def test_a_tampered_token_attaches_nothing_and_says_so(client, office):
    token = _draft_token(_fail_with_files(client).content.decode())
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    response = client.post("/lapor/", {**_data(), "draft": forged})
    assert response.status_code == 400
    assert "could not be found" in response.content.decode()
    assert not Case.objects.exists()


def test_another_browsers_token_attaches_nothing(client, office):
    token = _draft_token(_fail_with_files(client).content.decode())
    stranger = Client(headers={"accept-language": "en"})
    response = stranger.post("/lapor/", {**_data(), "draft": token})
    assert response.status_code == 400 and "could not be found" in response.content.decode()
    assert not Case.objects.exists()
    assert DraftFile.objects.count() == 2  # still the owner's


def test_an_expired_token_attaches_nothing(client, office, monkeypatch):
    token = _draft_token(_fail_with_files(client).content.decode())
    monkeypatch.setattr(drafts, "DRAFT_MAX_AGE", -1)
    response = client.post("/lapor/", {**_data(), "draft": token})
    assert response.status_code == 400 and "could not be found" in response.content.decode()
    assert not Case.objects.exists()


def test_the_sweeper_deletes_expired_drafts(client, office):
    _fail_with_files(client)
    DraftFile.objects.update(created_at=timezone.now() - dt.timedelta(days=2))
    result = sweep()
    assert result.drafts_expired == 2 and not DraftFile.objects.exists()


def test_a_refused_file_is_not_kept(client, office):
    bad = SimpleUploadedFile("x.pdf", b"MZ\x90\x00 not a pdf")
    response = client.post("/lapor/", {**_data(email=""), "id_file": bad})
    assert 'id="id_id_file-error"' in response.content.decode()
    assert not DraftFile.objects.exists()


# --- 2. the contact channel follows what the citizen gives --------------------------------
@pytest.mark.parametrize(
    ("phone", "email", "expected"),
    [
        ("081200011122", "", "whatsapp"),
        ("+62 812-0001-1122", "", "whatsapp"),
        ("0717 421234", "", "telepon"),
        ("", "siti@example.com", "email"),
        ("081200011122", "siti@example.com", "email"),
    ],
)
def test_left_open_the_channel_follows_what_was_given(client, office, phone, email, expected):
    response = client.post("/lapor/", _data(phone=phone, email=email, contact_channel=""))
    assert response.status_code == 302
    assert Case.objects.get().reporters.get().contact_channel == expected


def test_only_a_whatsapp_number_is_never_told_the_email_is_needed(client, office):
    response = client.post("/lapor/", _data(phone="081200011122", email="", contact_channel=""))
    assert response.status_code == 302


def test_neither_phone_nor_email_is_refused(client, office):
    response = client.post("/lapor/", _data(phone="", email="", contact_channel=""))
    assert response.status_code == 400
    assert "Give a phone number or an e-mail address." in response.content.decode()


@pytest.mark.parametrize(
    ("channel", "overrides", "field", "words"),
    [
        ("email", {"email": ""}, "email", "You chose e-mail: give your e-mail address"),
        ("whatsapp", {"phone": ""}, "phone", "You chose WhatsApp: give your WhatsApp number"),
        ("sms", {"phone": ""}, "phone", "You chose SMS: give your mobile number"),
        ("telepon", {"phone": ""}, "phone", "You chose a phone call: give your phone number"),
    ],
)
def test_a_chosen_channel_without_its_address_says_what_to_do(
    client, office, channel, overrides, field, words
):
    response = client.post("/lapor/", _data(contact_channel=channel, **overrides))
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="id_{field}-error"' in html and words in html


@pytest.mark.parametrize(
    ("channel", "overrides"),
    [
        ("email", {"phone": ""}),
        ("whatsapp", {"email": ""}),
        ("pos", {"phone": "", "email": "a@b.id"}),
    ],
)
def test_a_chosen_channel_with_its_address_is_kept(client, office, channel, overrides):
    assert client.post("/lapor/", _data(contact_channel=channel, **overrides)).status_code == 302
    assert Case.objects.get().reporters.get().contact_channel == channel


# --- 3. the error summary comes first ------------------------------------------------------
def test_the_error_summary_is_the_first_thing_in_main_and_a_focus_target(client, office):
    html = client.post("/lapor/", _data(email="", contact_channel="email")).content.decode()
    main = html[html.index("<main>") + len("<main>") :].lstrip()
    assert main.startswith('<div class="error-summary" id="error-summary"')
    assert 'tabindex="-1"' in main[:120] and "autofocus" not in html
    assert 'action="#error-summary"' in html  # the browser scrolls to it, no script needed
    assert 'href="#id_email"' in main[: main.index("</div>")]


# --- 5. the reporter's details the office's law asks for ---------------------------------
def test_an_ombudsman_form_asks_for_the_marital_status(client, office):
    html = client.get("/lapor/").content.decode()
    assert 'name="marital_status"' in html
    for value in ("belum_kawin", "kawin", "cerai_hidup", "cerai_mati"):
        assert f'value="{value}"' in html


def test_an_ombudsman_report_requires_the_marital_status(client, office):
    response = client.post("/lapor/", _data(marital_status=""))
    assert response.status_code == 400
    assert 'id="id_marital_status-error"' in response.content.decode()


def test_an_ombudsman_report_keeps_the_marital_status(client, office):
    assert client.post("/lapor/", _data(marital_status="cerai_mati")).status_code == 302
    reporter = Case.objects.get().reporters.get()
    assert (reporter.marital_status, reporter.occupation) == ("cerai_mati", "Pedagang")


def test_an_unknown_marital_status_is_refused(client, office):
    response = client.post("/lapor/", _data(marital_status="janda"))
    assert 'id="id_marital_status-error"' in response.content.decode()


@pytest.fixture
def unit(office, agency_tree):
    agency = agency_tree["city"]
    unit = Office.objects.create(
        code="upkp2",
        name="UPKP2 Kota Pangkalpinang",
        kind=Office.Kind.UNIT_PENGADUAN,
        agency=agency,
        parent=office,
        time_zone="Asia/Jakarta",
    )
    return unit


HIDDEN = ("birth_place", "birth_date", "marital_status", "occupation", "id_type", "id_number")


def test_a_complaint_units_form_does_not_ask_what_its_law_does_not_need(client, unit):
    html = client.get("/lapor/kantor/upkp2/").content.decode()
    assert 'name="name"' in html and 'name="address"' in html and 'name="phone"' in html
    for name in (*HIDDEN, "id_file"):
        assert f'name="{name}"' not in html


def test_a_complaint_unit_does_not_accept_those_details(client, unit):
    response = client.post(
        "/lapor/kantor/upkp2/",
        _data(id_number="1971010101010001", id_type="ktp"),
    )
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.office == unit
    reporter = case.reporters.get()
    assert (reporter.name, reporter.address) == ("Siti Aminah", "Jl. Merdeka 1, Pangkalpinang")
    for name in HIDDEN:
        assert getattr(reporter, name) in ("", None), name


def test_a_complaint_units_report_needs_no_birth_or_marital_status(client, unit):
    data = _data(birth_place=None, birth_date=None, marital_status=None, occupation=None)
    assert client.post("/lapor/kantor/upkp2/", data).status_code == 302


def test_an_unknown_office_has_no_form(client, office):
    assert client.get("/lapor/kantor/nowhere/").status_code == 404
