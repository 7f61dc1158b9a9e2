"""UU 37/2008 Ps.31: the police may be asked to bring a person only after three consecutive
summonses of that person not attended without a lawful excuse (decision 0018: an absence with a
lawful excuse does not count and ends the run, like attendance)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from aduan.cases import examination as ex
from aduan.cases.errors import CaseError
from aduan.core.models import AuditEvent


@pytest.fixture
def examined(walk, receive):
    return walk(receive(), "examination")


@pytest.fixture
def summon(examined, examiner):
    state = {"day": 0}

    def go(person, outcome, notes=""):
        state["day"] += 7
        summons = ex.summons_schedule(
            case=examined,
            actor=examiner,
            person=person,
            scheduled_for=timezone.now() + dt.timedelta(days=state["day"]),
        )
        ex.summons_record(summons=summons, actor=examiner, outcome=outcome, notes=notes)
        examined.refresh_from_db()
        return examined

    return go


U, E, A = "tidak_hadir", "berhalangan_sah", "hadir"
EXCUSE = "Surat keterangan sakit dari dokter."


def test_three_consecutive_unexcused_absences_open_the_police_option(summon, examined):
    for _ in range(3):
        case = summon("Kepala Dinas", U)
    assert case.police_assistance_option
    assert ex.unexcused_run(case, "Kepala Dinas") == 3
    event = AuditEvent.objects.get(action="case.police_assistance_option")
    assert "UU 37/2008 Ps.31" in event.reason


def test_two_are_not_enough(summon):
    summon("Kepala Dinas", U)
    case = summon("Kepala Dinas", U)
    assert not case.police_assistance_option


def test_an_excused_absence_does_not_count_and_ends_the_run(summon):
    for outcome in (U, E, U, U):
        case = summon("Kepala Dinas", outcome, EXCUSE if outcome == E else "")
    assert ex.unexcused_run(case, "Kepala Dinas") == 2
    assert not case.police_assistance_option
    case = summon("Kepala Dinas", U)
    assert case.police_assistance_option


def test_attendance_resets_the_run(summon):
    for outcome in (U, U, A, U):
        case = summon("Kepala Dinas", outcome)
    assert ex.unexcused_run(case, "Kepala Dinas") == 1
    assert not case.police_assistance_option


def test_attendance_after_three_closes_the_option_again(summon):
    for _ in range(3):
        summon("Kepala Dinas", U)
    case = summon("Kepala Dinas", A)
    assert not case.police_assistance_option


def test_different_persons_are_kept_apart(summon):
    for person in ("Kepala Dinas", "Sekretaris Dinas", "Kepala Dinas", "Sekretaris Dinas"):
        case = summon(person, U)
    assert not case.police_assistance_option
    case = summon("kepala  dinas", U)  # the same person, typed differently
    assert ex.unexcused_run(case, "Kepala Dinas") == 3
    assert case.police_assistance_option
    assert ex.police_assistance_persons(case) == ["Kepala Dinas"]


def test_an_excused_absence_says_which_excuse(examined, examiner):
    summons = ex.summons_schedule(
        case=examined, actor=examiner, person="Kepala Dinas", scheduled_for=timezone.now()
    )
    with pytest.raises(CaseError, match=r"lawful excuse given \(UU 37/2008 Ps\.31\)"):
        ex.summons_record(summons=summons, actor=examiner, outcome=E)
