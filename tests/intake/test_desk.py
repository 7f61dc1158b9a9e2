"""The desk (/kantor/terima/): the fast form, the receipt, the remembered event tag, the batch
of paper forms, and who may record into which office."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from aduan.cases.models import Case

pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Jakarta")
FORM = reverse("backoffice:desk:form")
BATCH = reverse("backoffice:desk:batch")


def _client(user):
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client


def _local(moment: dt.datetime) -> str:
    return moment.astimezone(WIB).strftime("%Y-%m-%dT%H:%M")


def _walk_in(**overrides):
    data = {
        "token": "t" * 32,
        "channel": "datang-langsung",
        "intake_type": "lm",
        "event_tag": "",
        "received_at": _local(dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)),
        "name": "Siti Aminah",
        "kind": "perorangan",
        "phone": "081234567890",
        "title": "Pungutan biaya pembuatan KTP",
        "chronology": "Diminta membayar Rp100.000 di loket kecamatan.",
        "region": "19.71",
    }
    data.update(overrides)
    return data


def test_a_pvl_assistant_records_a_walk_in_and_gets_the_receipt(pvl_assistant, office, agency_tree):
    client = _client(pvl_assistant)
    assert client.get(FORM).status_code == 200
    response = client.post(FORM, _walk_in(agency=agency_tree["health"].pk))
    case = Case.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("backoffice:desk:receipt", args=[case.pk])
    assert (case.office, case.channel.code, case.intake_type.code) == (
        office,
        "datang-langsung",
        "lm",
    )
    assert case.created_by == pvl_assistant and case.agency == agency_tree["health"]
    assert case.event_region_id == "19.71"
    reporter = case.reporters.get()
    assert (reporter.name, reporter.contact_channel) == ("Siti Aminah", "sms")
    receipt = client.get(response.url)
    text = receipt.content.decode()
    assert receipt.status_code == 200
    assert case.reference in text and case.access_code in text and office.name in text
    assert "14 days" in text and "intake/desk.css" in text
    assert (
        "data-print" in text and "aduan/aduan.js" in text
    )  # printing needs no inline script and "/lacak/" in text
    assert reverse("backoffice:desk:form") in text  # the "next form" button


def test_a_double_click_makes_one_case(pvl_assistant, office):
    client = _client(pvl_assistant)
    first = client.post(FORM, _walk_in())
    again = client.post(FORM, _walk_in())
    assert first.url == again.url and Case.objects.count() == 1


def test_the_receipt_of_a_case_not_recorded_here_is_not_shown(pvl_assistant, receive):
    case = receive()
    assert (
        _client(pvl_assistant).get(reverse("backoffice:desk:receipt", args=[case.pk])).status_code
        == 404
    )


def test_the_event_tag_is_remembered_for_the_next_form(pvl_assistant, office):
    client = _client(pvl_assistant)
    client.post(
        FORM, _walk_in(channel="posko", event_tag="Posko pemadaman listrik", intake_type="rco")
    )
    case = Case.objects.get()
    assert (case.event_tag, case.channel.code, case.intake_type.code) == (
        "Posko pemadaman listrik",
        "posko",
        "rco",
    )
    form = client.get(FORM).context["form"]
    assert form.initial["event_tag"] == "Posko pemadaman listrik"
    assert (form.initial["channel"], form.initial["intake_type"]) == ("posko", "rco")
    assert form.initial["token"] != "t" * 32  # a new form, a new key


def test_a_paper_form_keeps_the_date_written_on_it_and_the_future_is_refused(pvl_assistant, office):
    client = _client(pvl_assistant)
    client.post(FORM, _walk_in(channel="surat", received_at="2026-03-12T09:30"))
    case = Case.objects.get()
    assert case.received_at == dt.datetime(2026, 3, 12, 9, 30, tzinfo=WIB)
    tomorrow = _local(dt.datetime.now(dt.UTC) + dt.timedelta(days=1))
    response = client.post(FORM, _walk_in(token="u" * 32, received_at=tomorrow))
    assert response.status_code == 400 and Case.objects.count() == 1
    assert "in the future" in response.content.decode()


def test_a_refusal_by_the_rules_shows_the_form_again_with_what_was_typed(pvl_assistant, office):
    response = _client(pvl_assistant).post(FORM, _walk_in(region="99.99"))
    assert response.status_code == 400 and not Case.objects.exists()
    text = response.content.decode()
    assert "No region has the code 99.99" in text and "Siti Aminah" in text


def test_uploads_are_stored_with_the_case(pvl_assistant, office, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    scan = SimpleUploadedFile("ktp.png", b"\x89PNG\r\n\x1a\n" + b"0" * 32)
    _client(pvl_assistant).post(FORM, {**_walk_in(), "uploads": [scan]})
    assert Case.objects.get().documents.get().content_type == "image/png"


# --- the batch of paper forms -------------------------------------------------------------
def _batch(rows, *, token="b" * 32, **shared):
    data = {
        "batch-token": token,
        "batch-channel": "on-the-spot",
        "batch-intake_type": "lm",
        "batch-event_tag": "OTS Pasar Pangkalpinang 12 Mar",
        "batch-received_at": "2026-03-12T10:00",
        "form-TOTAL_FORMS": "10",
        "form-INITIAL_FORMS": "0",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "50",
    }
    data.update({f"batch-{k}": v for k, v in shared.items()})
    for index, row in enumerate(rows):
        data.update({f"form-{index}-{name}": value for name, value in row.items()})
    return data


GOOD = [
    {"name": "Budi", "phone": "0812", "title": "Listrik padam tiga hari", "region": "19.71"},
    {"name": "Ani", "title": "Tagihan listrik naik", "chronology": "Sejak Januari."},
    {},  # an empty row is skipped
    {"name": "Joko", "phone": "0813", "title": "Meteran tidak dipasang"},
]
BAD = {"name": "", "phone": "0814", "title": "Tanpa nama", "chronology": "Dari kotak."}


def test_a_batch_saves_the_good_rows_and_shows_the_bad_one_again(pvl_assistant, office):
    client = _client(pvl_assistant)
    response = client.post(BATCH, _batch([*GOOD, BAD]))
    assert response.status_code == 400
    cases = Case.objects.order_by("sequence")
    assert [c.reporters.get().name for c in cases] == ["Budi", "Ani", "Joko"]
    assert {(c.channel.code, c.event_tag) for c in cases} == {
        ("on-the-spot", "OTS Pasar Pangkalpinang 12 Mar")
    }
    assert {c.received_at for c in cases} == {dt.datetime(2026, 3, 12, 10, tzinfo=WIB)}
    text = response.content.decode()
    assert "This field is required." in text  # the bad row's message
    assert "Tanpa nama" in text and "Dari kotak." in text  # nothing typed is lost
    for case in cases:
        assert case.reference in text


def test_a_row_with_a_bad_field_is_shown_with_its_message(pvl_assistant, office):
    bad = {"name": "Rina", "phone": "x" * 41, "title": "Nomor terlalu panjang"}
    response = _client(pvl_assistant).post(BATCH, _batch([GOOD[0], bad]))
    assert response.status_code == 400 and Case.objects.count() == 1
    assert "at most 40 characters" in response.content.decode()


def test_resubmitting_the_same_batch_creates_nothing_new(pvl_assistant, office):
    client = _client(pvl_assistant)
    client.post(BATCH, _batch([*GOOD, BAD]))
    client.post(BATCH, _batch([*GOOD, BAD]))
    assert Case.objects.count() == 3
    fixed = {**BAD, "name": "Dewi"}
    response = client.post(BATCH, _batch([*GOOD, fixed]))  # the bad row corrected
    assert response.status_code == 200 and Case.objects.count() == 4
    client.post(BATCH, _batch([*GOOD, fixed]))
    assert Case.objects.count() == 4
    token = response.context["shared"].initial["token"]
    assert token != "b" * 32  # the next stack gets a new key
    assert client.get(BATCH).context["shared"].initial["event_tag"] == (
        "OTS Pasar Pangkalpinang 12 Mar"
    )
    receipts = client.get(reverse("backoffice:desk:batch_receipts", args=["b" * 32]))
    assert receipts.content.decode().count('class="receipt"') == 4


def test_an_empty_batch_is_refused(pvl_assistant, office):
    response = _client(pvl_assistant).post(BATCH, _batch([]))
    assert response.status_code == 400 and "at least one row" in response.content.decode()


# --- who may record where -----------------------------------------------------------------
def test_an_outsider_records_into_their_own_office_never_into_this_one(
    outsider, office, other_office
):
    """The office is the user's own: a Makassar region does not send it to us, and ours does
    not send the outsider's report here either."""
    _client(outsider).post(FORM, _walk_in(region="19.71"))
    case = Case.objects.get()
    assert case.office == other_office
    assert not Case.objects.filter(office=office).exists()


def test_a_pvl_assistants_case_lands_in_their_own_office(pvl_assistant, office, regions):
    _client(pvl_assistant).post(FORM, _walk_in(region="73.71"))  # an event in Makassar
    assert Case.objects.get().office == office


def test_an_examiner_may_receive_as_the_permission_table_says(examiner, office):
    from aduan.cases import permissions

    assert permissions.can(examiner, "receive", office=office)
    response = _client(examiner).post(FORM, _walk_in())
    assert response.status_code == 302 and Case.objects.get().office == office


def test_roles_that_may_not_receive_are_turned_away(administrator, member, office):
    for user in (administrator, member):
        client = _client(user)
        assert client.get(FORM).status_code == 403
        assert client.post(FORM, _walk_in()).status_code == 403
        assert client.post(BATCH, _batch(GOOD)).status_code == 403
    assert not Case.objects.exists()


def test_signed_out_visitors_are_sent_to_sign_in(office):
    response = Client().get(FORM)
    assert response.status_code == 302 and "/kantor/masuk/" in response.url
