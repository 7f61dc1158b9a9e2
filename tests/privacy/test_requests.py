"""Data-subject requests (UU 27/2022 Ps.30–33): received on a 3×24-hour clock with its legal
basis, verified, answered or refused; a correction changes the reporter through an audited
service whose events hold no personal values."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from aduan.core.models import AuditEvent
from aduan.deadlines.models import Deadline
from aduan.privacy import services as sv
from aduan.privacy.models import DataRequest
from aduan.privacy.permissions import NotAllowed, PrivacyError, WrongState
from aduan.privacy.selectors import clocks

from .conftest import noon

pytestmark = pytest.mark.django_db


def test_a_request_starts_a_3_day_clock_with_its_legal_basis(receive_request, siti):
    received = noon(dt.date(2026, 3, 2))  # a Monday
    request = receive_request(
        channel="langsung", requester_name="Siti Aminah", received_at=received, reporters=[siti]
    )
    clock = Deadline.objects.for_subject(request).get()
    assert clock.rule.code == "pdp-akses-subjek-data"
    assert clock.legal_source == "UU 27/2022 Ps.32(2)"
    assert (clock.start_date, clock.due_date) == (dt.date(2026, 3, 2), dt.date(2026, 3, 5))
    assert request.due_at == received + dt.timedelta(hours=72)
    assert request.status == DataRequest.Status.RECEIVED


def test_the_clock_explains_how_its_due_date_was_computed(receive_request, siti):
    request = receive_request(
        kind="perbaikan", channel="surat", received_at=noon(dt.date(2026, 3, 2))
    )
    (row,) = clocks(request, today=dt.date(2026, 3, 3))
    assert row["legal_source"] == "UU 27/2022 Ps.30(2)"
    assert row["colour"] == "yellow"
    assert row["explanation"][0] == (
        "3 calendar days counted from Monday, 2 March 2026: due Thursday, 5 March 2026."
    )


def test_the_request_audit_names_no_one(access_request):
    event = AuditEvent.objects.get(action="privacy.request_received")
    assert event.target_label == f"PDP-{access_request.pk}"
    text = f"{event.old} {event.new} {event.reason} {event.target_label}"
    assert "Siti" not in text and "siti@" not in text


def test_it_refuses_staff_who_are_not_head_or_dpo(receive_request, pvl_assistant, siti):
    with pytest.raises(NotAllowed):
        receive_request(actor=pvl_assistant)


def test_the_dpo_may_record_a_request(receive_request, dpo):
    request = receive_request(actor=dpo)
    assert request.created_by == dpo


def test_it_refuses_the_head_of_another_office(receive_request, other_office, siti):
    with pytest.raises(NotAllowed):
        receive_request(office=other_office)


def test_it_refuses_to_link_another_offices_reporter(
    receive_request, other_office, receive, agency_tree
):
    stranger = receive(office=other_office).reporters.get()
    with pytest.raises(PrivacyError):
        receive_request(reporters=[stranger])


def test_it_refuses_to_answer_before_the_identity_is_verified(access_request, head_of_office):
    with pytest.raises(WrongState):
        sv.data_request_answer(request=access_request, actor=head_of_office, answer="Dikirim.")


def test_an_answer_stops_the_clock_as_met(verified, head_of_office):
    answered = sv.data_request_answer(request=verified, actor=head_of_office, answer="Dikirim.")
    assert answered.status == DataRequest.Status.ANSWERED
    clock = Deadline.objects.for_subject(answered).get()
    assert clock.state == Deadline.State.MET


def test_an_answer_after_the_due_date_is_recorded_as_missed(
    receive_request, head_of_office, siti, time_machine
):
    time_machine.move_to(noon(dt.date(2026, 3, 2)), tick=False)
    request = receive_request(requester_name="S")
    sv.data_request_verify(request=request, actor=head_of_office, method="ktp")
    time_machine.move_to(noon(dt.date(2026, 3, 9)), tick=False)
    sv.data_request_answer(request=request, actor=head_of_office, answer="Terlambat.")
    assert Deadline.objects.for_subject(request).get().state == Deadline.State.MISSED


def test_a_refusal_needs_a_reason(access_request, head_of_office):
    with pytest.raises(PrivacyError):
        sv.data_request_refuse(request=access_request, actor=head_of_office, reason=" ")


def test_a_refusal_stops_the_clock_and_keeps_the_reason(access_request, head_of_office):
    refused = sv.data_request_refuse(
        request=access_request,
        actor=head_of_office,
        reason="Identitas pemohon tidak dapat diverifikasi.",
    )
    assert refused.status == DataRequest.Status.REFUSED
    assert Deadline.objects.for_subject(refused).get().state == Deadline.State.MET
    with pytest.raises(WrongState):
        sv.data_request_refuse(request=refused, actor=head_of_office, reason="lagi")


def test_verification_other_needs_a_description(access_request, head_of_office):
    with pytest.raises(PrivacyError):
        sv.data_request_verify(request=access_request, actor=head_of_office, method="lain")


def test_it_refuses_to_verify_twice(verified, head_of_office):
    with pytest.raises(WrongState):
        sv.data_request_verify(request=verified, actor=head_of_office, method="ktp")


def test_a_correction_changes_the_reporter_and_audits_field_names_only(
    correction, head_of_office, siti
):
    sv.data_request_correct(
        request=correction,
        actor=head_of_office,
        reporter=siti,
        changes={
            "phone": "0877-1111-2222",
            "address": "Jl. Melati 5, Pangkalpinang",
            "name": siti.name,
        },
    )
    siti.refresh_from_db()
    assert siti.phone == "0877-1111-2222"
    event = AuditEvent.objects.get(action="privacy.reporter_corrected")
    assert event.new == {"reporter": siti.pk, "case": siti.case_id, "fields": ["address", "phone"]}
    assert event.old is None
    assert "0877" not in str(event.new) and "Melati" not in event.target_label


def test_a_correction_refuses_an_invalid_email(correction, head_of_office, siti):
    with pytest.raises(PrivacyError):
        sv.data_request_correct(
            request=correction, actor=head_of_office, reporter=siti, changes={"email": "bukan"}
        )
    siti.refresh_from_db()
    assert siti.email == "siti@example.com"


def test_a_correction_refuses_unknown_fields(correction, head_of_office, siti):
    with pytest.raises(PrivacyError):
        sv.data_request_correct(
            request=correction, actor=head_of_office, reporter=siti, changes={"case_id": 1}
        )


def test_a_correction_refuses_a_record_not_linked(correction, head_of_office, shared_case):
    budi = shared_case.reporters.get(name="Budi Hartono")
    with pytest.raises(PrivacyError):
        sv.data_request_correct(
            request=correction, actor=head_of_office, reporter=budi, changes={"phone": "1"}
        )


def test_an_access_request_changes_nothing(verified, head_of_office, siti):
    with pytest.raises(WrongState):
        sv.data_request_correct(
            request=verified, actor=head_of_office, reporter=siti, changes={"phone": "1"}
        )


def test_it_refuses_a_request_received_in_the_future(receive_request):
    with pytest.raises(PrivacyError):
        receive_request(received_at=timezone.now() + dt.timedelta(days=1))


def test_the_sweeper_reminds_the_head_and_the_dpo(
    access_request, head_of_office, dpo, mailoutbox, django_capture_on_commit_callbacks
):
    from aduan.cases.sweeper import sweep

    head_of_office.email = "kepala@babel.example"
    head_of_office.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep().reminders == 1
        assert sweep().reminders == 0
    (mail,) = mailoutbox
    assert sorted(mail.to) == ["dpo@babel.example", "kepala@babel.example"]
    assert f"PDP-{access_request.pk}" in mail.subject
    assert f"/kantor/privasi/permintaan/{access_request.pk}/" in mail.body
    assert "Siti" not in mail.body
