"""The retention schedule: reporters' identities of cases closed longer ago than the office's
archive period are anonymised once; open and recent cases are untouched; a dry run changes
nothing; the audit log gets one event per case and is never rewritten."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command

from aduan.cases.models import Case, Reporter
from aduan.core.models import AuditEvent
from aduan.privacy import services as sv
from aduan.privacy.retention import ANONYMOUS_NAME, retention_run
from aduan.search.selectors import search_cases

from .conftest import noon, pdf_document

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]
TODAY = dt.date(2026, 6, 1)


def _closed(receive, years_ago: int, name: str, **fields):
    case = receive(
        reporters=[{"name": name, "phone": "0812 7777 1234", "email": "x@example.com"}], **fields
    )
    closed = noon(TODAY.replace(year=TODAY.year - years_ago))
    Case.objects.filter(pk=case.pk).update(state="selesai", closed_at=closed)
    pdf_document(case, "ktp.pdf", kind="identitas", identifies=True)
    pdf_document(case, "bukti.pdf")
    case.refresh_from_db()
    return case


def test_a_case_closed_six_years_ago_is_anonymised(
    receive, media, django_capture_on_commit_callbacks
):
    case = _closed(receive, 6, "Rahmat Hidayat")
    identity_file = case.documents.get(identifies_reporter=True).file.name
    assert default_storage.exists(identity_file)  # on disk or in a bucket (stored_in)
    with django_capture_on_commit_callbacks(execute=True):
        result = retention_run(today=TODAY)
    reporter = case.reporters.get()
    assert reporter.name == ANONYMOUS_NAME
    assert (reporter.phone, reporter.email, reporter.id_number, reporter.address) == ("",) * 4
    assert reporter.anonymised_at is not None
    assert [d.original_name for d in case.documents.all()] == ["bukti.pdf"]
    assert not default_storage.exists(identity_file)
    assert result.cases == 1 and result.reporters == 1 and result.documents == 1
    event = AuditEvent.objects.get(action="privacy.anonymised")
    assert event.target_label == case.reference
    assert event.new == {"reporters": 1, "documents": 1, "texts": 0, "archive_years": 5}


def test_the_duplicate_finders_keys_of_the_reporter_go_with_the_identity(receive):
    from aduan.triage.duplicates import find_for_case
    from aduan.triage.models import ReporterKey

    case = _closed(receive, 6, "Rahmat Hidayat")
    find_for_case(case)  # as after receipt: the phone and e-mail keys, hashed
    assert ReporterKey.objects.filter(case=case).exists()
    retention_run(today=TODAY)
    assert not ReporterKey.objects.filter(case=case).exists()


def test_the_reporter_is_taken_out_of_what_was_written_in_any_spelling(receive):
    case = _closed(
        receive,
        6,
        "Rahmat Hidayat",
        title="Pak Rahmat dipungut biaya KTP",
        chronology="Saya, R. Hidayat (HP +62 812-7777-1234), diminta bayar.",
    )
    retention_run(today=TODAY)
    case.refresh_from_db()
    for text in (case.title, case.chronology):
        folded = text.lower().replace("-", "").replace(" ", "")
        for trace in ("rahmat", "hidayat", "81277771234"):
            assert trace not in folded, text
    assert "biaya KTP" in case.title and "diminta bayar" in case.chronology
    event = AuditEvent.objects.get(action="privacy.anonymised")
    assert event.new["texts"] == 2


def test_a_case_closed_four_years_ago_is_untouched(receive):
    case = _closed(receive, 4, "Rahmat Hidayat")
    assert retention_run(today=TODAY).cases == 0
    assert case.reporters.get().name == "Rahmat Hidayat"
    assert case.documents.count() == 2


def test_an_open_case_is_untouched(receive):
    case = receive(reporters=[{"name": "Rahmat Hidayat"}])
    Case.objects.filter(pk=case.pk).update(received_at=noon(dt.date(2010, 1, 4)))
    retention_run(today=TODAY)
    assert case.reporters.get().anonymised_at is None


def test_a_dry_run_changes_nothing(receive):
    case = _closed(receive, 6, "Rahmat Hidayat")
    result = retention_run(today=TODAY, dry_run=True)
    assert result.offices[0].cases == [case.reference]
    assert (result.reporters, result.documents) == (1, 1)
    assert case.reporters.get().name == "Rahmat Hidayat"
    assert case.documents.count() == 2
    assert not AuditEvent.objects.filter(action="privacy.anonymised").exists()


def test_each_office_keeps_its_own_period(receive, office, other_office, head_of_office):
    sv.retention_policy_set(office=office, actor=head_of_office, archive_years=10, source="JRA")
    ours = _closed(receive, 6, "Rahmat Hidayat")
    theirs = _closed(receive, 6, "Wayan Sudarta", office=other_office)
    result = retention_run(today=TODAY)
    assert ours.reporters.get().anonymised_at is None
    assert theirs.reporters.get().anonymised_at is not None
    assert {o.office: o.archive_years for o in result.offices}[office.code] == 10


def test_a_second_run_does_nothing(receive):
    _closed(receive, 6, "Rahmat Hidayat")
    retention_run(today=TODAY)
    again = retention_run(today=TODAY)
    assert again.cases == 0
    assert AuditEvent.objects.filter(action="privacy.anonymised").count() == 1


def test_the_audit_log_is_not_rewritten(receive):
    case = _closed(receive, 6, "Rahmat Hidayat")
    before = list(AuditEvent.objects.order_by("pk").values_list("pk", "old", "new", "reason"))
    retention_run(today=TODAY)
    after = list(AuditEvent.objects.order_by("pk").values_list("pk", "old", "new", "reason"))
    assert after[: len(before)] == before
    assert len(after) == len(before) + 1
    assert case.pk


def test_the_search_no_longer_finds_the_name(receive, head_of_office):
    case = _closed(receive, 6, "Rahmat Hidayat", confidential=False)
    from aduan.cases.selectors import cases_for
    from aduan.search.services import index_case

    index_case(case.pk)
    assert case in search_cases(cases_for(head_of_office), "Hidayat", user=head_of_office)
    retention_run(today=TODAY)
    assert case not in search_cases(cases_for(head_of_office), "Hidayat", user=head_of_office)


def test_a_case_closed_without_closed_at_counts_from_its_last_closure(receive):
    case = _closed(receive, 6, "Rahmat Hidayat")
    Case.objects.filter(pk=case.pk).update(closed_at=None)
    case.transitions.create(
        from_state="pemeriksaan", to_state="selesai", at=noon(dt.date(2019, 1, 7)), action="x"
    )
    retention_run(today=TODAY)
    assert case.reporters.get().anonymised_at is not None


def test_the_command_prints_what_it_would_do(receive, office):
    case = _closed(receive, 6, "Rahmat Hidayat")
    out = StringIO()
    call_command("retention", "--dry-run", "--office", office.code, stdout=out)
    assert case.reference in out.getvalue()
    assert "would anonymise 1 reporters" in out.getvalue()
    assert Reporter.objects.filter(anonymised_at__isnull=False).count() == 0


def test_the_command_refuses_an_unknown_office(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("retention", "--office", "nope", stdout=StringIO())


def test_the_policy_refuses_a_period_out_of_range(office, head_of_office, pvl_assistant):
    from aduan.privacy.permissions import NotAllowed, PrivacyError

    with pytest.raises(PrivacyError):
        sv.retention_policy_set(office=office, actor=head_of_office, archive_years=0)
    with pytest.raises(NotAllowed):
        sv.retention_policy_set(office=office, actor=pvl_assistant, archive_years=5)


def test_the_worker_runs_the_schedule_once_a_day(receive, monkeypatch):
    from aduan.core.management.commands import worker

    calls = []
    monkeypatch.setattr(
        "aduan.privacy.retention.retention_run", lambda: calls.append(1) or retention_run()
    )
    day = worker._retention_daily(None)
    assert worker._retention_daily(day) == day
    assert calls == [1]


def test_a_case_closed_again_since_it_was_listed_is_left_alone(receive, office):
    from aduan.privacy.retention import _anonymise_case, _years_before

    case = _closed(receive, 6, "Rahmat Hidayat")
    cutoff = _years_before(TODAY, 5)
    # reopened and closed again last month, between the listing and the anonymising
    Case.objects.filter(pk=case.pk).update(closed_at=noon(TODAY.replace(month=5)))
    assert _anonymise_case(case.pk, 5, noon(TODAY), office, cutoff) is None
    assert case.reporters.get().name == "Rahmat Hidayat"
