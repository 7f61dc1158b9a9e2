"""Rules carry their history (a clock keeps the version it started under) and say whether they
may be extended: a statutory period is refused with its article, office practice is not."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from aduan.core.models import AuditEvent
from aduan.deadlines.models import DeadlineExtension, DeadlineRule
from aduan.deadlines.seed import load_rules
from aduan.deadlines.services import (
    NotExtendable,
    deadline_extend,
    deadline_start,
    rule_in_force,
)
from aduan.deadlines.workdays import local_date

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def subject(office):
    return office.units.get(code="pemeriksaan")


def new_version(code: str, on: dt.date, **changes) -> DeadlineRule:
    rule = rule_in_force(code, on)
    rule.pk = None
    rule.effective_from = on
    for field, value in changes.items():
        setattr(rule, field, value)
    rule.save()
    return rule


def test_a_new_version_from_tomorrow_leaves_todays_clock_and_binds_later_ones(subject, office):
    today = local_date(timezone.now(), office)
    started = deadline_start(subject=subject, rule="klarifikasi-pertama", office=office)
    assert started.start_date == today
    newer = new_version(
        "klarifikasi-pertama",
        today + dt.timedelta(days=1),
        days=21,
        legal_source="Peraturan Ombudsman 58/2023 Ps.40",
    )
    started.refresh_from_db()
    assert (started.rule_id, started.days, started.legal_source) == (
        rule_in_force("klarifikasi-pertama", today).pk,
        14,
        "UU 37/2008 Ps.33",
    )
    assert started.due_date == today + dt.timedelta(days=14)
    later = deadline_start(
        subject=subject,
        rule="klarifikasi-pertama",
        office=office,
        start=today + dt.timedelta(days=1),
    )
    assert (later.rule, later.days, later.legal_source) == (
        newer,
        21,
        "Peraturan Ombudsman 58/2023 Ps.40",
    )
    assert later.due_date == today + dt.timedelta(days=22)


def test_the_lahp_response_clock_cites_po_58_2023_and_one_started_before_it_po_48_2020(
    subject, office
):
    old = deadline_start(subject=subject, rule="tanggapan-lahp", office=office, start=D(2023, 6, 1))
    new = deadline_start(subject=subject, rule="tanggapan-lahp", office=office, start=D(2026, 6, 1))
    assert old.legal_source == "Peraturan Ombudsman 48/2020 Ps.25"
    assert new.legal_source == "Peraturan Ombudsman 58/2023"
    assert old.rule != new.rule and old.rule.code == new.rule.code


def test_no_version_in_force_yet_is_refused_saying_so(subject, office):
    with pytest.raises(Exception, match="No version of the deadline rule .* is in force on 2020"):
        deadline_start(
            subject=subject, rule="monitoring-tindakan-korektif", office=office, start=D(2020, 1, 6)
        )


def test_an_inactive_version_is_skipped_for_the_one_before(office):
    today = local_date(timezone.now(), office)
    newer = new_version("rco-penanganan", today, days=3)
    assert rule_in_force("rco-penanganan", today) == newer
    DeadlineRule.objects.filter(pk=newer.pk).update(active=False)
    assert rule_in_force("rco-penanganan", today).days == 5


def test_loading_the_seeds_again_adds_missing_versions_and_keeps_an_administrators_change():
    DeadlineRule.objects.filter(code="melengkapi-laporan").update(
        days=45, consequence="diubah administrator"
    )
    DeadlineRule.objects.filter(code="tanggapan-lahp", effective_from=D(2023, 12, 31)).delete()
    assert load_rules() == 1
    kept = DeadlineRule.objects.get(code="melengkapi-laporan")
    assert (kept.days, kept.consequence) == (45, "diubah administrator")
    assert DeadlineRule.objects.filter(code="tanggapan-lahp").count() == 2


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (
            "melengkapi-laporan",
            "The 30-day period “Reporter completes the report” cannot be "
            "extended (UU 37/2008 Ps.25): UU 37/2008 Ps.25 sets the reporter's own period",
        ),
        (
            "klarifikasi-pertama",
            "cannot be extended (UU 37/2008 Ps.33): UU 37/2008 Ps.33 "
            "answers silence with a second request, not with more time: send a second request.",
        ),
        (
            "klarifikasi-kedua",
            "cannot be extended (UU 37/2008 Ps.33): UU 37/2008 Ps.33 ends "
            "the right to answer after the second request: record the waiver.",
        ),
        (
            "pelaksanaan-rekomendasi",
            "The 60-day period “Superior reports implementation of the "
            "recommendation” cannot be extended (UU 37/2008 Ps.38(2)): UU 37/2008 Ps.38(2): the "
            "law answers silence with escalation (Ps.38(4))",
        ),
        (
            "monitoring-tindakan-korektif",
            "The 30-day period “Carrying out corrective action” "
            "cannot be extended (Peraturan Ombudsman 58/2023 Ps.54): Peraturan Ombudsman 58/2023 "
            "Ps.54(1) answers no follow-up with the Resolution and Monitoring stage",
        ),
    ],
)
def test_a_statutory_clock_is_not_extended_and_the_refusal_cites_its_article(
    subject, office, examiner, code, message
):
    clock = deadline_start(subject=subject, rule=code, office=office)
    due = clock.due_date
    with pytest.raises(NotExtendable) as refused:
        deadline_extend(deadline=clock, days=7, reason="Instansi meminta waktu", actor=examiner)
    assert message in refused.value.message
    clock.refresh_from_db()
    assert (clock.due_date, clock.extended_days) == (due, 0)
    assert not DeadlineExtension.objects.exists()
    assert not AuditEvent.objects.filter(action="deadline.extended").exists()


@pytest.mark.parametrize(
    "code", ["rco-penanganan", "tindak-lanjut-limpahan", "tindak-lanjut-saran-perbaikan"]
)
def test_a_clock_of_office_practice_may_be_extended(subject, office, examiner, code):
    clock = deadline_start(subject=subject, rule=code, office=office, start=D(2026, 6, 1))
    due = clock.due_date
    clock = deadline_extend(deadline=clock, days=5, reason="Instansi meminta waktu", actor=examiner)
    assert clock.extended_days == 5 and clock.due_date > due
    assert AuditEvent.objects.filter(action="deadline.extended").count() == 1
