"""Mail to reporters is written in the language each reporter chose; staff mail stays Indonesian."""

from __future__ import annotations

import pytest

from aduan.cases.tasks import notify_reporter_task, send_receipt_task

pytestmark = pytest.mark.django_db

SITI = {"name": "Siti Aminah", "email": "siti@example.com", "phone": "0812"}
JOHN = {"name": "John Doe", "email": "john@example.com", "language": "en"}


def test_an_indonesian_reporter_gets_the_receipt_in_indonesian(receive, mailoutbox):
    case = receive(reporters=[SITI])
    mailoutbox.clear()
    send_receipt_task.call(case_id=case.pk)
    [mail] = mailoutbox
    assert mail.subject == f"Tanda terima laporan {case.reference}"
    assert "Kode akses" in mail.body and case.access_code in mail.body
    assert "WIB" in mail.body  # the office's time, named


def test_a_reporter_who_chose_english_gets_the_receipt_in_english(receive, mailoutbox):
    case = receive(reporters=[JOHN])
    mailoutbox.clear()
    send_receipt_task.call(case_id=case.pk)
    [mail] = mailoutbox
    assert mail.subject == f"Receipt for report {case.reference}"
    assert "Access code" in mail.body and case.access_code in mail.body
    assert "Legal basis: Law 25/2009" in mail.body


def test_reporters_of_two_languages_each_get_theirs(receive, mailoutbox):
    case = receive(reporters=[SITI, JOHN])
    mailoutbox.clear()
    assert send_receipt_task.call(case_id=case.pk) == 2
    by_address = {tuple(m.to): m.subject for m in mailoutbox}
    assert by_address == {
        ("john@example.com",): f"Receipt for report {case.reference}",
        ("siti@example.com",): f"Tanda terima laporan {case.reference}",
    }


def test_a_progress_mail_follows_the_reporters_language(receive, mailoutbox):
    case = receive(reporters=[JOHN])
    mailoutbox.clear()
    notify_reporter_task.call(case_id=case.pk, event="lahp_draft")
    [mail] = mailoutbox
    assert mail.subject == f"Progress of report {case.reference}"
    assert "within 14 days" in mail.body


def test_co_reporters_do_not_see_each_others_addresses(receive, mailoutbox):
    case = receive(reporters=[SITI, {**SITI, "name": "Rina", "email": "rina@example.com"}])
    mailoutbox.clear()
    assert send_receipt_task.call(case_id=case.pk) == 2
    assert sorted(m.to for m in mailoutbox) == [["rina@example.com"], ["siti@example.com"]]
