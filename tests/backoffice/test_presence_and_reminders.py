"""Who is on a case right now, and reminders sent in bulk to whoever holds cases."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from aduan.backoffice.models import CasePresence
from aduan.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_a_colleague_on_the_same_case_is_shown(client, receive, pvl_assistant, head_of_office):
    case = receive()
    client.force_login(head_of_office)
    client.get(f"/kantor/laporan/{case.pk}/")
    client.force_login(pvl_assistant)
    page = client.get(f"/kantor/laporan/{case.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Also on this case now" in page and "kepala" in page


def test_nobody_else_is_shown_when_alone(client, receive, pvl_assistant):
    case = receive()
    client.force_login(pvl_assistant)
    page = client.get(f"/kantor/laporan/{case.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Also on this case now" not in page
    assert f'hx-get="/kantor/laporan/{case.pk}/hadir/"' in page


def test_someone_who_left_long_ago_is_not_shown(client, receive, pvl_assistant, head_of_office):
    case = receive()
    CasePresence.objects.create(
        case=case, user=head_of_office, seen_at=timezone.now() - dt.timedelta(minutes=30)
    )
    client.force_login(pvl_assistant)
    response = client.get(f"/kantor/laporan/{case.pk}/hadir/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "kepala" not in response.content.decode()


def test_the_presence_poll_is_scoped_like_the_case(client, receive, outsider):
    case = receive()
    client.force_login(outsider)
    assert client.get(f"/kantor/laporan/{case.pk}/hadir/").status_code == 404
    assert not CasePresence.objects.filter(user=outsider).exists()


def test_a_head_reminds_the_holders_of_many_cases(
    client, receive, walk, head_of_office, examiner, django_capture_on_commit_callbacks
):
    examiner.email = "pemeriksa@example.org"
    examiner.save()
    cases = [walk(receive(title=f"Kasus {i}"), "examination") for i in range(2)]
    client.force_login(head_of_office)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/kantor/laporan/massal/",
            {
                "bulk_action": "remind",
                "case": [c.pk for c in cases],
                "text": "Mohon segera",
                "next": "/kantor/laporan/",
            },
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="case.reminder_sent").count() == 2
    sent = [m for m in mail.outbox if "pemeriksa@example.org" in m.to]
    assert len(sent) == 2 and "Mohon segera" in sent[0].body
    assert "Siti" not in sent[0].body


def test_an_assistant_may_not_send_reminders(client, receive, walk, examiner):
    case = walk(receive(), "examination")
    client.force_login(examiner)
    response = client.post(
        "/kantor/laporan/massal/",
        {"bulk_action": "remind", "case": [case.pk], "next": "/kantor/laporan/"},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )
    assert "Your role does not allow this" in response.content.decode()
    assert not AuditEvent.objects.filter(action="case.reminder_sent").exists()
