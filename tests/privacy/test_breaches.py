"""The breach register (UU 27/2022 Ps.46): two 3×24-hour clocks from discovery, notices to the
people affected and to the authority recorded as separate steps, closed once both are given."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from aduan.core.models import AuditEvent
from aduan.deadlines.models import Deadline
from aduan.privacy import services as sv
from aduan.privacy.models import Breach
from aduan.privacy.permissions import NotAllowed, PrivacyError, WrongState
from aduan.privacy.selectors import clocks

pytestmark = pytest.mark.django_db


@pytest.fixture
def breach(record_breach):
    return record_breach(
        discovered_at=timezone.now() - dt.timedelta(hours=2),
        description="Laptop staf berisi ekspor daftar pelapor hilang.",
        categories=["identitas", "kontak"],
        subjects_affected=120,
        measures="Akun staf dinonaktifkan.",
    )


def test_a_breach_starts_two_clocks_from_its_discovery(breach):
    rows = {row["rule"]: row for row in clocks(breach)}
    assert set(rows) == {"pdp-pemberitahuan-subjek-data", "pdp-pemberitahuan-lembaga"}
    assert rows["pdp-pemberitahuan-lembaga"]["legal_source"] == "UU 27/2022 Ps.46(1) huruf b"
    assert all(row["state"] == "open" for row in rows.values())
    assert breach.due_at == breach.discovered_at + dt.timedelta(hours=72)


def test_each_notice_stops_its_own_clock(breach, head_of_office):
    sv.breach_notify_subjects(breach=breach, actor=head_of_office, notice="Surat elektronik.")
    states = {
        d.rule.code: d.state for d in Deadline.objects.for_subject(breach).select_related("rule")
    }
    assert states == {
        "pdp-pemberitahuan-subjek-data": Deadline.State.MET,
        "pdp-pemberitahuan-lembaga": Deadline.State.OPEN,
    }


def test_it_refuses_to_close_before_both_notices(breach, head_of_office):
    sv.breach_notify_subjects(breach=breach, actor=head_of_office, notice="Surat.")
    with pytest.raises(WrongState):
        sv.breach_close(breach=breach, actor=head_of_office)


def test_a_breach_closes_once_both_notices_are_given(breach, head_of_office):
    sv.breach_notify_subjects(breach=breach, actor=head_of_office, notice="Surat.")
    sv.breach_notify_authority(breach=breach, actor=head_of_office, notice="Surat ke lembaga.")
    closed = sv.breach_close(breach=breach, actor=head_of_office, note="Selesai.")
    assert closed.status == Breach.Status.CLOSED
    assert not Deadline.objects.for_subject(breach).open().exists()
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"privacy.breach_recorded", "privacy.breach_closed"} <= actions


def test_it_refuses_a_notice_twice(breach, head_of_office):
    sv.breach_notify_authority(breach=breach, actor=head_of_office, notice="Surat.")
    with pytest.raises(WrongState):
        sv.breach_notify_authority(breach=breach, actor=head_of_office, notice="Lagi.")


def test_it_refuses_a_notice_without_content(breach, head_of_office):
    with pytest.raises(PrivacyError):
        sv.breach_notify_subjects(breach=breach, actor=head_of_office, notice="")


def test_it_refuses_a_notice_before_the_discovery(breach, head_of_office):
    with pytest.raises(PrivacyError):
        sv.breach_notify_subjects(
            breach=breach,
            actor=head_of_office,
            notice="Surat.",
            at=breach.discovered_at - dt.timedelta(days=1),
        )


def test_a_late_notice_is_recorded_as_late(record_breach, head_of_office):
    late = record_breach(
        discovered_at=timezone.now() - dt.timedelta(days=6),
        description="Kebocoran.",
        categories=["nik"],
        subjects_affected=3,
    )
    sv.breach_notify_subjects(breach=late, actor=head_of_office, notice="Surat.")
    clock = Deadline.objects.for_subject(late).get(rule__code="pdp-pemberitahuan-subjek-data")
    assert clock.state == Deadline.State.MISSED
    assert AuditEvent.objects.get(action="privacy.breach_subjects_notified").new["late"] is True


def test_it_refuses_unknown_categories(record_breach):
    with pytest.raises(PrivacyError):
        record_breach(categories=["rahasia-negara"])


def test_it_refuses_a_breach_recorded_by_an_assistant(record_breach, pvl_assistant):
    with pytest.raises(NotAllowed):
        record_breach(actor=pvl_assistant)


def test_the_affected_offices_include_the_recording_office(breach, office):
    assert list(breach.offices.all()) == [office]
