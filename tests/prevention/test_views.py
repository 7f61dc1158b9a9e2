"""The pages under /kantor/pencegahan/: scoped lists, detail pages, forms through services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from aduan.deadlines.workdays import local_date
from aduan.directory.models import User
from aduan.prevention import services as sv
from aduan.prevention.models import Activity, Agreement, Partner, StandardMapping, SystemicReview


@pytest.fixture
def client(client):
    """Pages in English, so that assertions do not depend on the catalogue."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def theirs(other_office):
    staff = User.objects.create(username="sulsel", office=other_office, role="asisten")
    return {
        "activity": sv.activity_create(
            office=other_office,
            actor=staff,
            fields={"kind": "ots", "title": "OTS Makassar", "start_date": dt.date(2025, 1, 1)},
        ),
        "partner": sv.partner_create(
            office=other_office, actor=staff, fields={"name": "Unhas", "kind": "perguruan_tinggi"}
        ),
        "review": sv.review_create(
            office=other_office,
            actor=staff,
            fields={
                "title": "Kajian Makassar",
                "topic": "x",
                "period_start": dt.date(2025, 1, 1),
                "period_end": dt.date(2025, 2, 1),
            },
        ),
    }


@pytest.fixture
def ours(office, make_activity, pvl_assistant):
    return {
        "activity": make_activity(title="OTS Pangkalpinang"),
        "partner": sv.partner_create(
            office=office, actor=pvl_assistant, fields={"name": "UBB", "kind": "perguruan_tinggi"}
        ),
    }


@pytest.mark.parametrize(
    "name",
    [
        "prevention:index",
        "prevention:activity_list",
        "prevention:review_list",
        "prevention:standards",
        "prevention:partners",
        "prevention:activity_create",
        "prevention:review_create",
        "prevention:mapping_create",
        "prevention:assistance_create",
        "prevention:partner_create",
    ],
)
def test_pages_open(client, pvl_assistant, name):
    client.force_login(pvl_assistant)
    assert client.get(reverse(name)).status_code == 200


def test_lists_show_only_the_users_office(client, pvl_assistant, ours, theirs):
    client.force_login(pvl_assistant)
    page = client.get(reverse("prevention:activity_list")).content.decode()
    assert "OTS Pangkalpinang" in page and "OTS Makassar" not in page
    page = client.get(reverse("prevention:partners")).content.decode()
    assert "UBB" in page and "Unhas" not in page
    page = client.get(reverse("prevention:review_list")).content.decode()
    assert "Kajian Makassar" not in page


def test_national_role_sees_all(client, member, ours, theirs):
    client.force_login(member)
    page = client.get(reverse("prevention:activity_list")).content.decode()
    assert "OTS Pangkalpinang" in page and "OTS Makassar" in page


def test_another_offices_records_are_not_found(client, pvl_assistant, theirs):
    client.force_login(pvl_assistant)
    for name, obj in (
        ("prevention:activity_detail", theirs["activity"]),
        ("prevention:activity_edit", theirs["activity"]),
        ("prevention:partner_detail", theirs["partner"]),
        ("prevention:review_detail", theirs["review"]),
    ):
        assert client.get(reverse(name, args=[obj.pk])).status_code == 404


def test_a_non_staff_user_is_refused(client, db):
    user = User.objects.create_user(username="warga", password="x-123-secret")
    client.force_login(user)
    assert client.get(reverse("prevention:activity_list")).status_code == 403


def test_create_an_activity_through_the_form(client, pvl_assistant, ours):
    client.force_login(pvl_assistant)
    response = client.post(
        reverse("prevention:activity_create"),
        {
            "kind": "coaching",
            "title": "Klinik",
            "start_date": "2025-04-02",
            "participants_total": "10",
            "reports_taken": "0",
            "staff": [pvl_assistant.pk],
            "partners": [ours["partner"].pk],
        },
    )
    activity = Activity.objects.get(title="Klinik")
    assert response.status_code == 302
    assert list(activity.partners.all()) == [ours["partner"]]
    page = client.get(reverse("prevention:activity_detail", args=[activity.pk])).content.decode()
    assert "Klinik" in page and "UBB" in page


def test_a_refusal_shows_on_the_form(client, pvl_assistant):
    client.force_login(pvl_assistant)
    response = client.post(
        reverse("prevention:activity_create"),
        {
            "kind": "posko",
            "title": "P",
            "start_date": "2025-04-02",
            "participants_total": "1",
            "participants_women": "3",
            "reports_taken": "0",
        },
    )
    assert response.status_code == 400
    assert "exceed" in response.content.decode()


def test_link_offered_cases(client, pvl_assistant, make_activity, receive):
    case = receive(channel="on-the-spot")
    # the activity's day is the office's day of receipt (WIB), not the UTC date
    activity = make_activity(start=local_date(case.received_at, case.office))
    client.force_login(pvl_assistant)
    page = client.get(reverse("prevention:activity_detail", args=[activity.pk])).content.decode()
    assert case.reference in page
    client.post(reverse("prevention:activity_link", args=[activity.pk]), {"cases": [case.pk]})
    assert list(activity.cases.all()) == [case]


def test_upload_and_download_material(client, pvl_assistant, ours, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    activity = ours["activity"]
    client.force_login(pvl_assistant)
    client.post(
        reverse("prevention:activity_upload", args=[activity.pk]),
        {"title": "Materi", "file": SimpleUploadedFile("m.pdf", b"%PDF-1.4 isi")},
    )
    document = activity.documents.get()
    response = client.get(reverse("prevention:activity_document", args=[activity.pk, document.pk]))
    assert b"".join(response.streaming_content) == b"%PDF-1.4 isi"


def test_review_flow_through_pages(client, pvl_assistant, head_of_office, agency_tree):
    client.force_login(pvl_assistant)
    client.post(
        reverse("prevention:review_create"),
        {
            "title": "Kajian",
            "topic": "PPDB",
            "period_start": "2025-01-01",
            "period_end": "2025-03-31",
            "findings": "Temuan",
            "agencies": [agency_tree["city"].pk],
        },
    )
    review = SystemicReview.objects.get()
    client.post(
        reverse("prevention:suggestion_add", args=[review.pk]),
        {"agency": agency_tree["health"].pk, "text": "Perbaiki", "due_date": "2025-06-30"},
    )
    assert review.suggestions.count() == 1
    page = client.get(reverse("prevention:review_detail", args=[review.pk])).content.decode()
    assert "Publish" not in page  # an assistant does not publish
    response = client.post(reverse("prevention:review_publish", args=[review.pk]))
    assert response.status_code == 400
    client.force_login(head_of_office)
    client.post(reverse("prevention:review_publish", args=[review.pk]))
    review.refresh_from_db()
    assert review.status == "published"
    suggestion = review.suggestions.get()
    client.post(
        reverse("prevention:suggestion_respond", args=[suggestion.pk]),
        {"status": "implemented", "response": "Sudah"},
    )
    suggestion.refresh_from_db()
    assert suggestion.status == "implemented"


def test_mapping_pages(client, pvl_assistant, agency_tree):
    client.force_login(pvl_assistant)
    unit = agency_tree["clinic"]
    for day, met in (
        ("2025-01-01", ["dasar-hukum", "persyaratan"]),
        ("2025-06-01", ["dasar-hukum", "biaya-tarif"]),
    ):
        client.post(
            reverse("prevention:mapping_create"), {"agency": unit.pk, "as_of": day, "met": met}
        )
    again = client.post(
        reverse("prevention:mapping_create"), {"agency": unit.pk, "as_of": "2025-01-01", "met": []}
    )
    assert again.status_code == 400
    assert StandardMapping.objects.count() == 2
    page = client.get(reverse("prevention:unit_history", args=[unit.pk])).content.decode()
    assert "Biaya/tarif" in page and "Persyaratan" in page and "14.29%" in page


def test_partner_pages(client, pvl_assistant, ours, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(pvl_assistant)
    partner = ours["partner"]
    client.post(
        reverse("prevention:agreement_create", args=[partner.pk]),
        {
            "number": "9/MoU",
            "title": "Kerja sama",
            "signed_on": "2020-01-01",
            "valid_from": "2020-01-01",
            "valid_until": "2021-01-01",
            "upload": SimpleUploadedFile("mou.pdf", b"%PDF-1.4 mou"),
        },
    )
    agreement = Agreement.objects.get()
    assert agreement.document_name == "mou.pdf"
    client.post(reverse("prevention:contact_add", args=[partner.pk]), {"name": "Ratna"})
    page = client.get(reverse("prevention:partner_detail", args=[partner.pk])).content.decode()
    assert "expired" in page and "Ratna" in page
    response = client.get(reverse("prevention:agreement_document", args=[agreement.pk]))
    assert response.status_code == 200
    assert Partner.objects.get().contacts.count() == 1


def test_edit_pages_open_and_save(client, pvl_assistant, ours, agency_tree):
    client.force_login(pvl_assistant)
    activity, partner = ours["activity"], ours["partner"]
    assert client.get(reverse("prevention:activity_edit", args=[activity.pk])).status_code == 200
    response = client.post(
        reverse("prevention:activity_edit", args=[activity.pk]),
        {
            "kind": "ots",
            "title": "OTS Pasar",
            "start_date": "2025-03-10",
            "participants_total": "0",
            "reports_taken": "4",
            "place": "Pasar",
        },
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.title, activity.reports_taken) == ("OTS Pasar", 4)
    assert client.get(reverse("prevention:partner_edit", args=[partner.pk])).status_code == 200
    client.post(
        reverse("prevention:partner_edit", args=[partner.pk]),
        {"name": "Universitas Bangka Belitung", "kind": "perguruan_tinggi", "active": "on"},
    )
    partner.refresh_from_db()
    assert partner.name == "Universitas Bangka Belitung"


def test_the_admin_lists_prevention_records(client, db, ours):
    admin = User.objects.create_superuser(username="root", password="x-123-secret")
    client.force_login(admin)
    for model in (
        "activity",
        "systemicreview",
        "suggestion",
        "suggestionreport",
        "standardmapping",
        "assistancesession",
        "partner",
        "agreement",
    ):
        assert client.get(f"/admin/prevention/{model}/").status_code == 200
    url = f"/admin/prevention/activity/{ours['activity'].pk}/change/"
    assert client.get(url).status_code == 200


def test_a_non_ascii_digit_in_the_unit_parameter_is_ignored(client, pvl_assistant):
    client.force_login(pvl_assistant)
    for name in ("prevention:mapping_create", "prevention:assistance_create"):
        assert client.get(reverse(name), {"unit": "²"}).status_code == 200


def test_an_upload_of_an_unaccepted_kind_is_refused_with_a_message(
    client, pvl_assistant, ours, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    activity = ours["activity"]
    client.force_login(pvl_assistant)
    response = client.post(
        reverse("prevention:activity_upload", args=[activity.pk]),
        {"title": "Skrip", "file": SimpleUploadedFile("m.pdf", b"MZ\x90\x00 not a pdf")},
    )
    assert response.status_code == 400
    assert not activity.documents.exists()


@pytest.mark.parametrize(
    ("name", "field"),
    [
        ("prevention:activity_create", "staff"),
        ("prevention:activity_create", "agencies"),
        ("prevention:activity_create", "partners"),
        ("prevention:review_create", "agencies"),
        ("prevention:assistance_create", "staff"),
    ],
)
def test_an_id_beyond_the_keys_range_is_refused_on_the_form(client, pvl_assistant, name, field):
    """An id SQLite cannot bind (20 digits) is "not a valid value", not a server error."""
    client.force_login(pvl_assistant)
    response = client.post(reverse(name), {field: ["99999999999999999999"]})
    assert response.status_code == 400
    assert "“99999999999999999999” is not a valid value" in response.content.decode()
