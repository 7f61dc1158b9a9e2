"""case_receive: the one door every channel ends in."""

from __future__ import annotations

import datetime as dt

import pytest

from aduan.cases import services as sv
from aduan.cases.errors import CaseError, IntakeError, NotAllowed
from aduan.cases.models import Case, Transition
from aduan.core.models import AuditEvent
from aduan.deadlines.models import Deadline

pytestmark = pytest.mark.django_db


def test_a_report_gets_a_reference_a_receipt_clock_and_a_transition(receive):
    case = receive(received_at=dt.datetime(2026, 3, 16, 2, 0, tzinfo=dt.UTC))
    assert case.reference == "0001/LM/III/2026/BABEL"
    assert case.state == Case.State.RECEIVED
    assert case.unit.kind == "pvl"
    clock = Deadline.objects.get(case=case)
    assert (clock.rule.code, clock.due_date) == ("pemberitahuan-kelengkapan", dt.date(2026, 3, 30))
    assert Transition.objects.get(case=case).action == "received"
    assert AuditEvent.objects.filter(action="case.received").count() == 1


def test_references_count_per_office_and_year_without_gaps(receive, office):
    office.letter_code = "PKP"
    office.save()
    refs = [receive().reference for _ in range(3)]
    assert refs == [
        f"000{n}/LM/{refs[0].split('/')[2]}/{refs[0].split('/')[3]}/PKP" for n in (1, 2, 3)
    ]
    new_year = receive(received_at=dt.datetime(2027, 1, 2, 3, 0, tzinfo=dt.UTC))
    assert new_year.reference.startswith("0001/LM/I/2027")


def test_the_office_configures_the_format(receive, office):
    office.reference_format = "{office}-{year}-{seq:05d}"
    office.letter_code = "PKP"
    office.save()
    assert receive(received_at=dt.datetime(2026, 5, 1, 3, tzinfo=dt.UTC)).reference == (
        "PKP-2026-00001"
    )


def test_a_retry_with_the_same_intake_key_returns_the_same_case(receive):
    first = receive(intake_key="wa:msg-123")
    again = receive(intake_key="wa:msg-123")
    assert first.pk == again.pk
    assert Case.objects.count() == 1


def test_a_failed_intake_gives_back_its_number(receive):
    with pytest.raises(IntakeError):
        receive(reporters=[{"name": "Siti", "shoe_size": 40}])
    assert receive().sequence == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": "  "}, "short summary"),
        ({"reporters": []}, "at least one reporter"),
        ({"reporters": [{"name": ""}]}, "needs a name"),
        ({"colour": "red"}, "Unknown fields: colour"),
        ({"intake_type": "iaps"}, "case_open_iaps"),
        ({"channel": "carrier-pigeon"}, "Unknown channel"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_is_stored(
    receive, overrides, message
):
    with pytest.raises(CaseError, match=message):
        receive(**overrides)
    assert not Case.objects.exists()


def test_staff_receive_only_for_their_own_office(receive, outsider, pvl_assistant):
    assert receive(actor=pvl_assistant).created_by == pvl_assistant
    with pytest.raises(NotAllowed):
        receive(actor=outsider)


def test_a_rapid_response_report_enters_its_own_track_with_its_clock(receive):
    case = receive(intake_type="rco")
    assert case.state == Case.State.RAPID_RESPONSE
    assert Deadline.objects.get(case=case).rule.code == "rco-penanganan"


def test_a_copy_is_filed_at_receipt(receive):
    case = receive(intake_type="tembusan")
    assert case.state == Case.State.CLOSED
    assert list(case.transitions.values_list("action", flat=True)) == ["received", "filed"]
    assert not Deadline.objects.filter(case=case).exists()


def test_a_consultation_is_answered_with_advice(receive, pvl_assistant):
    case = sv.knl_answer(
        case=receive(intake_type="knl"),
        actor=pvl_assistant,
        advice="Silakan ajukan keberatan ke Disdukcapil terlebih dahulu.",
    )
    assert case.state == Case.State.CLOSED
    assert case.closure_mode.code == "saran-diberikan"


def test_a_consultation_is_converted_into_a_report_keeping_its_number(receive, pvl_assistant):
    knl = receive(intake_type="knl")
    case = sv.knl_convert(case=knl, actor=pvl_assistant)
    assert case.intake_type.code == "lm"
    assert case.reference.replace("/LM/", "/KNL/") == knl.reference
    assert case.state == Case.State.RECEIVED
    assert Deadline.objects.get(case=case).rule.code == "pemberitahuan-kelengkapan"


def test_only_a_consultation_gets_advice(receive, pvl_assistant):
    with pytest.raises(Exception, match="Only a consultation"):
        sv.knl_answer(case=receive(), actor=pvl_assistant, advice="x")


def test_an_iaps_opens_in_examination_linked_to_reports(receive, office, head_of_office):
    reports = [receive(), receive()]
    iaps = sv.case_open_iaps(
        office=office,
        actor=head_of_office,
        title="Pemadaman listrik",
        unit=office.units.get(code="pemeriksaan"),
        linked_reports=reports,
    )
    assert iaps.state == Case.State.EXAMINATION
    assert iaps.intake_type.code == "iaps"
    assert set(iaps.linked_reports.all()) == set(reports)
    assert "/IAPS/" in iaps.reference


def test_an_assistant_cannot_open_an_iaps(office, pvl_assistant):
    with pytest.raises(NotAllowed):
        sv.case_open_iaps(
            office=office, actor=pvl_assistant, title="x", unit=office.units.get(code="pemeriksaan")
        )
