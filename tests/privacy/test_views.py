"""The pages at /kantor/privasi/ as each persona sees them: the head of office and the DPO work
there; an assistant of another office gets a 404 for a request; anonymous users sign in first;
a liaison account and other staff get nothing."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from aduan.core.models import AuditEvent
from aduan.privacy import services as sv
from aduan.privacy.models import Breach, DataRequest

pytestmark = pytest.mark.django_db


def test_the_head_of_office_sees_the_list_with_clock_colours(
    client, head_of_office, access_request
):
    client.force_login(head_of_office)
    response = client.get(reverse("privacy:index"))
    assert response.status_code == 200
    page = response.content.decode()
    assert f"PDP-{access_request.pk}" in page
    assert 'class="green"' in page  # received today: 3 days left


def test_anonymous_users_are_sent_to_sign_in(client, access_request):
    response = client.get(reverse("privacy:request_detail", args=[access_request.pk]))
    assert response.status_code == 302
    assert "/masuk/" in response["Location"]


def test_an_assistant_of_another_office_gets_a_404(client, outsider, access_request):
    client.force_login(outsider)
    response = client.get(reverse("privacy:request_detail", args=[access_request.pk]))
    assert response.status_code == 404


def test_the_head_of_another_office_gets_a_404(client, other_office, access_request):
    from aduan.directory.models import User

    head = User.objects.create(
        username="kepala-lain", role=User.Role.KEPALA_PERWAKILAN, office=other_office
    )
    client.force_login(head)
    response = client.get(reverse("privacy:request_export", args=[access_request.pk, "json"]))
    assert response.status_code == 404


def test_an_assistant_of_the_office_is_refused_the_list(client, pvl_assistant, access_request):
    client.force_login(pvl_assistant)
    response = client.get(reverse("privacy:index"))
    assert response.status_code == 403
    assert f"PDP-{access_request.pk}" not in response.content.decode()
    detail = reverse("privacy:request_detail", args=[access_request.pk])
    assert client.get(detail).status_code == 404


def test_a_liaison_account_gets_nothing(client, liaison_account, access_request):
    client.force_login(liaison_account)
    for url in (
        reverse("privacy:index"),
        reverse("privacy:request_detail", args=[access_request.pk]),
        reverse("privacy:breach_list"),
    ):
        assert client.get(url).status_code == 403


def test_the_dpo_works_through_a_request(client, dpo, office, siti):
    client.force_login(dpo)
    response = client.post(
        reverse("privacy:request_create"),
        {
            "kind": "akses",
            "channel": "langsung",
            "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "requester_name": "Siti Aminah",
        },
    )
    request = DataRequest.objects.get()
    assert response.status_code == 302
    detail = reverse("privacy:request_detail", args=[request.pk])
    found = client.get(detail, {"q": "0812 3456 7890"})
    assert "Siti Aminah" in found.content.decode()
    assert AuditEvent.objects.get(action="privacy.reporters_searched").new == {"found": 1}
    client.post(reverse("privacy:request_link", args=[request.pk]), {"reporters": [siti.pk]})
    client.post(reverse("privacy:request_verify", args=[request.pk]), {"method": "ktp"})
    export = client.get(reverse("privacy:request_export", args=[request.pk, "json"]))
    assert export.status_code == 200
    assert json.loads(export.content)["records"][0]["reporter"]["name"] == "Siti Aminah"
    assert export["Cache-Control"] == "no-store, private"
    pdf = client.get(reverse("privacy:request_export", args=[request.pk, "pdf"]))
    assert pdf.content.startswith(b"%PDF")
    client.post(reverse("privacy:request_answer", args=[request.pk]), {"answer": "Diserahkan."})
    request.refresh_from_db()
    assert request.status == DataRequest.Status.ANSWERED
    assert AuditEvent.objects.filter(action="privacy.export_downloaded").count() == 2


def test_the_export_is_refused_before_verification(client, head_of_office, access_request):
    client.force_login(head_of_office)
    response = client.get(reverse("privacy:request_export", args=[access_request.pk, "json"]))
    assert response.status_code == 400


def test_a_refusal_without_reason_says_what_to_do(client, head_of_office, access_request):
    client.force_login(head_of_office)
    response = client.post(reverse("privacy:request_refuse", args=[access_request.pk]), {})
    assert response.status_code == 400
    assert "reason" in response.content.decode().lower() or "alasan" in response.content.decode()


def test_the_request_page_shows_the_clock_and_its_explanation(
    client, head_of_office, access_request
):
    client.force_login(head_of_office)
    page = client.get(reverse("privacy:request_detail", args=[access_request.pk])).content.decode()
    assert "UU 27/2022 Ps.32(2)" in page
    assert "3×24" in page


def test_the_head_records_and_notifies_a_breach(client, head_of_office):
    client.force_login(head_of_office)
    response = client.post(
        reverse("privacy:breach_create"),
        {
            "discovered_at": (timezone.localtime() - dt.timedelta(hours=1)).strftime(
                "%Y-%m-%dT%H:%M"
            ),
            "description": "Surel berisi data pelapor salah kirim.",
            "categories": ["kontak", "laporan"],
            "subjects_affected": "4",
        },
    )
    breach = Breach.objects.get()
    assert response.status_code == 302
    now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    for step in ("breach_subjects", "breach_authority"):
        client.post(reverse(f"privacy:{step}", args=[breach.pk]), {"at": now, "notice": "Surat."})
    client.post(reverse("privacy:breach_close", args=[breach.pk]), {"note": "Ditutup."})
    breach.refresh_from_db()
    assert breach.status == Breach.Status.CLOSED
    assert client.get(reverse("privacy:breach_list")).status_code == 200
    assert client.get(reverse("privacy:breach_detail", args=[breach.pk])).status_code == 200


def test_the_head_sets_the_retention_period(client, head_of_office, office):
    client.force_login(head_of_office)
    client.post(reverse("privacy:policy_set"), {"archive_years": "7", "source": "JRA kantor"})
    assert office.retention_policy.archive_years == 7


def test_a_correction_through_the_page(client, head_of_office, correction, siti):
    request = correction
    client.force_login(head_of_office)
    page = client.get(reverse("privacy:request_detail", args=[request.pk]))
    assert "Correct the record" in page.content.decode() or "Perbaiki" in page.content.decode()
    prefix = f"r{siti.pk}-"
    data = {
        prefix + k: v
        for k, v in {"name": "Siti Aminah", "phone": "0899", "email": "s@x.id"}.items()
    }
    response = client.post(reverse("privacy:request_correct", args=[request.pk, siti.pk]), data)
    assert response.status_code == 302
    siti.refresh_from_db()
    assert (siti.phone, siti.email) == ("0899", "s@x.id")


def test_linking_refuses_ids_that_are_not_numbers(client, head_of_office, access_request):
    client.force_login(head_of_office)
    url = reverse("privacy:request_link", args=[access_request.pk])
    for value in ("x", "9" * 40, "²"):
        assert client.post(url, {"reporters": [value]}).status_code == 400


def test_a_request_dated_years_ago_is_refused(client, head_of_office):
    client.force_login(head_of_office)
    response = client.post(
        reverse("privacy:request_create"),
        {
            "kind": "akses",
            "channel": "surat",
            "received_at": "0001-01-01T00:00",
            "requester_name": "X",
        },
    )
    assert response.status_code == 400
    assert not DataRequest.objects.exists()


def test_it_refuses_nul_characters_in_an_answer_refusal_or_closing_note(
    client, head_of_office, verified, record_breach
):
    """Text POSTed outside a form (answer, reason, closing note) with a NUL character gets a
    message, not a 500 on PostgreSQL, and nothing changes."""
    client.force_login(head_of_office)
    for name, field in (("request_answer", "answer"), ("request_refuse", "reason")):
        response = client.post(
            reverse(f"privacy:{name}", args=[verified.pk]), {field: "Data\x00diberikan."}
        )
        assert response.status_code == 400
        assert "null" in response.content.decode().lower()
    verified.refresh_from_db()
    assert verified.status == DataRequest.Status.VERIFIED
    breach = record_breach()
    sv.breach_notify_subjects(breach=breach, actor=head_of_office, notice="Surat.")
    sv.breach_notify_authority(breach=breach, actor=head_of_office, notice="Surat.")
    response = client.post(reverse("privacy:breach_close", args=[breach.pk]), {"note": "a\x00"})
    assert response.status_code == 400
    breach.refresh_from_db()
    assert breach.status == Breach.Status.OPEN
