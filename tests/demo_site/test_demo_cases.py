"""aduan demo: about 300 reports for the babel office, in every state, made through the services.

The demo is built once for the package (``conftest.demo``: it takes several seconds) inside a
transaction that is rolled back at the end; each test runs in its own savepoint on top of it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

import pytest
from django.db.models import Q
from django.utils import timezone

from aduan.cases.models import (
    Case,
    ClarificationRequest,
    CorrectiveAction,
    Lahp,
    Recommendation,
    Reporter,
    Transition,
)
from aduan.cases.states import State
from aduan.cases.sweeper import sweep
from aduan.core.models import AuditEvent
from aduan.deadlines.models import Deadline
from aduan.demo import cases as demo_cases
from aduan.demo.builder import build_demo
from aduan.directory.models import User
from aduan.reference.models import RejectionReason


@pytest.fixture
def babel(demo, db):
    return demo["office"]


def test_the_demo_has_a_few_hundred_reports_in_every_state(demo, babel):
    cases = Case.objects.filter(office=babel)
    assert 250 <= cases.count() <= 350
    assert demo["result"].created["reports"] == cases.count()
    states = Counter(cases.values_list("state", flat=True))
    assert set(states) == set(State.values)
    assert states[State.CLOSED] < cases.count()  # most open ones are recent, some closed


def test_closed_reports_end_in_every_way_the_workflow_knows(babel):
    closed = Case.objects.filter(office=babel, state=State.CLOSED)
    modes = set(closed.values_list("closure_mode__code", flat=True))
    assert {
        "klarifikasi-tertulis",
        "klarifikasi-lisan",
        "investigasi-lapangan",
        "mediasi-konsiliasi",
        "rekomendasi",
        "dicabut",
        "bukan-kewenangan",
        "data-tidak-lengkap",
        "saran-diberikan",
        "tidak-ditemukan-maladministrasi",
        "ditolak",
    } <= modes
    reasons = set(closed.values_list("closure_reason__code", flat=True))
    assert {"dianggap-dicabut", "tindakan-korektif-dilaksanakan", "pemeriksaan-dihentikan"} <= (
        reasons
    )
    # Every Ps.36(1) reason is used for a rejection, and each rejected report was noticed.
    rejected = closed.filter(closure_mode__code="ditolak")
    assert set(rejected.values_list("rejection_reason__code", flat=True)) == set(
        RejectionReason.objects.values_list("code", flat=True)
    )
    assert closed.filter(closure_mode__code="bukan-kewenangan").exclude(referred_to="").exists()
    # Deemed withdrawn by the sweeper after the 30 days, not by a person.
    withdrawn = closed.filter(closure_reason__code="dianggap-dicabut")
    assert not Transition.objects.filter(
        case__in=withdrawn, action="deemed_withdrawn", actor__isnull=False
    ).exists()


def test_every_intake_type_is_there_knl_answered_copies_filed_iaps_linked(babel):
    cases = Case.objects.filter(office=babel)
    assert set(cases.values_list("intake_type__code", flat=True)) == {
        "lm",
        "rco",
        "iaps",
        "knl",
        "tembusan",
    }
    assert cases.filter(intake_type__code="knl", state=State.CLOSED).count() >= 10
    assert cases.filter(intake_type__code="knl", state=State.RECEIVED).exists()
    assert Transition.objects.filter(case__office=babel, action="converted_to_lm").exists()
    copies = cases.filter(intake_type__code="tembusan")
    assert copies.exists()
    assert set(copies.values_list("state", flat=True)) == {State.CLOSED}
    investigations = cases.filter(intake_type__code="iaps")
    assert investigations.exists()
    for iaps in investigations:
        linked = list(iaps.linked_reports.all())
        assert linked, iaps.title
        assert all(report.received_at < iaps.received_at for report in linked)


def test_references_are_gapless_per_year_and_follow_the_receipt_dates(babel):
    by_year = defaultdict(list)
    for case in Case.objects.filter(office=babel).order_by("received_at", "id"):
        by_year[case.year].append(case)
    assert len(by_year) >= 2  # 15 months always span two years
    for year, cases in by_year.items():
        assert [c.sequence for c in cases] == list(range(1, len(cases) + 1)), year
        for case in cases:
            assert case.received_at.astimezone(dt.timezone(dt.timedelta(hours=7))).year == year
            assert f"/{year}/" in case.reference


def test_everything_happened_in_the_past_in_order_over_15_months(demo, babel):
    started = demo["started"]
    cases = Case.objects.filter(office=babel)
    oldest = min(cases.values_list("received_at", flat=True))
    assert started - oldest > dt.timedelta(days=365)
    assert started - oldest < dt.timedelta(days=470)
    assert all(at < started for at in cases.values_list("received_at", flat=True))
    for case in cases.prefetch_related("transitions"):
        moments = [t.at for t in case.transitions.all()]
        assert moments == sorted(moments), case.reference
        assert moments[0] == case.received_at
        assert moments[-1] < started
        assert case.state_since == moments[-1]
    # The audit trail and the records carry the simulated moments, not the time of the build.
    events = AuditEvent.objects.filter(office=babel).filter(
        Q(action__startswith="case.") | Q(action__startswith="deadline.")
    )
    assert events.filter(at__lt=started - dt.timedelta(days=300)).exists()
    assert not events.filter(at__gte=started).exists()
    assert not ClarificationRequest.objects.filter(sent_at__gte=started).exists()
    assert not Lahp.objects.filter(draft_sent_at__gte=started).exists()
    assert not Deadline.objects.filter(office=babel, started_at__gte=started).exists()


def test_open_clocks_are_current_and_the_sweeper_has_nothing_left_to_do(babel):
    assert (
        not Deadline.objects.open()
        .filter(office=babel, due_date__lt=timezone.localdate() - dt.timedelta(days=1))
        .exists()
    )
    assert sweep(reminders=False).expired == 0
    # The sweeper's consequences happened during the simulation.
    assert ClarificationRequest.objects.filter(
        status=ClarificationRequest.Status.WAIVED, case__office=babel
    ).exists()
    assert Transition.objects.filter(case__office=babel, action="handed_to_resmon").exists()
    assert CorrectiveAction.objects.filter(
        case__office=babel, status=CorrectiveAction.Status.DONE
    ).exists()
    assert Recommendation.objects.filter(case__office=babel, sent_at__isnull=False).exists()


def test_reporters_are_invented_some_confidential_some_with_e_mail(babel):
    reporters = Reporter.objects.filter(case__office=babel)
    assert reporters.filter(case__confidential=True).count() >= 10
    assert reporters.exclude(email="").count() >= 30
    emails = reporters.exclude(email="").values_list("email", flat=True)
    assert all(email.endswith(".example") for email in emails)


def test_no_confidential_reporter_is_named_in_what_reaches_the_agency_or_the_log(babel):
    names = set(
        Reporter.objects.filter(case__office=babel, case__confidential=True).values_list(
            "name", flat=True
        )
    )
    assert names
    texts = []
    for case in Case.objects.filter(office=babel):
        texts += [case.title, case.chronology, case.remedy_sought, case.prior_complaint]
    texts += ClarificationRequest.objects.values_list("questions", flat=True)
    texts += Lahp.objects.values_list("findings", flat=True)
    texts += CorrectiveAction.objects.values_list("description", flat=True)
    texts += Recommendation.objects.values_list("content", flat=True)
    texts += Transition.objects.values_list("reason", flat=True)
    for event in AuditEvent.objects.all():
        texts += [event.target_label, event.reason, str(event.old), str(event.new)]
    blob = "\n".join(texts)
    assert not [name for name in names if name in blob]


def test_a_second_run_adds_nothing(demo, babel):
    counts = (Case.objects.count(), Transition.objects.count(), AuditEvent.objects.count())
    again = build_demo()
    assert again.created.get("reports", 0) == 0
    assert (Case.objects.count(), Transition.objects.count(), AuditEvent.objects.count()) == counts
    assert demo_cases.has_demo_cases(babel)


def test_the_mail_tasks_are_stored_by_the_default_task_backend(demo, babel):
    from django_tasks_db.models import DBTaskResult

    assert demo["callbacks"]  # receipts and notices, scheduled after commit
    # A receipt goes out by its own task, or inside the follow-up of a plain report
    # (intake.tasks.case_received_task: seal, index, receipt; decision 0020).
    receipts = DBTaskResult.objects.filter(task_path__endswith="send_receipt_task").count()
    followed = DBTaskResult.objects.filter(task_path__endswith="case_received_task").count()
    assert receipts + followed == Case.objects.exclude(intake_type__code="iaps").count()


def test_agencies_replied_through_the_portal_for_the_office_to_review(demo, babel):
    from aduan.liaison.models import AgencyReport, ExtensionRequest, SummonsReply
    from aduan.liaison.selectors import liaison_inbox

    assert SummonsReply.objects.exists()
    assert AgencyReport.objects.filter(action__isnull=False, decision="menunggu").exists()
    assert AgencyReport.objects.filter(recommendation__isnull=False, decision="menunggu").exists()
    assert ExtensionRequest.objects.filter(status="menunggu").exists()
    # The complaint unit forwarded a report to RSUD Depati Bahrin, whose liaison has an account.
    rsud = User.objects.get(liaison__agency__name="RSUD Depati Bahrin")
    assert any(item["kind"] == "sp4n" for item in liaison_inbox(rsud))


def test_the_demo_raised_spike_alerts(demo, babel):
    from aduan.stats.models import SpikeAlert

    assert SpikeAlert.objects.filter(office=babel).exists()
