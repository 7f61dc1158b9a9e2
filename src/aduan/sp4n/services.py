"""State changes of a report in an agency complaint unit (SP4N-LAPOR!, DOMAIN.md §7).

They reuse the case engine's steps (lock, guard, move, clocks); only the rules differ
(``aduan.sp4n.rules``). Receipt: confidential by default, 3 working days to verify and forward.
Forwarding: the report class decides the follow-up clock (5 / 14 / 60 working days). Follow-up
given: the reporter has 10 working days to reply, else the sweeper closes the case.
Privacy: confidential (rahasia) may become anonymous (anonim), never the other way.

The statutory periods of UU 25/2009 run beside the SP4N clocks (``rules``: Ps.44(3) answer,
Ps.44(4)-(5) the complainant's completion, Ps.50(1) decision, Ps.50(2) delivery); the earlier
due date of a pair binds (``aduan.sp4n.binding``). The app plugs into the case engine through
its registries (``apps.ready``): ``intake_track`` for received reports, the sweeper's
consequences for the reporter's silence and the complainant's completion period.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aduan.cases import engine, permissions
from aduan.cases.errors import CaseError, NotAllowed, WrongState
from aduan.cases.models import Case
from aduan.cases.states import OPEN_STATES, State
from aduan.core import audit
from aduan.deadlines.models import Deadline
from aduan.directory.models import Agency, Liaison
from aduan.search.services import refresh_index
from aduan.sp4n import rules
from aduan.sp4n.models import Sp4nCase
from aduan.sp4n.rules import Level, Privacy, ReportClass


def sp4n_receive(case: Case, *, actor: Any, received_at: dt.datetime) -> Sp4nCase:
    """Called by ``case_receive`` for a complaint unit's report (inside its transaction):
    confidential by default; the 3-working-day verification clock starts, and beside it the
    provider's 14 days to answer the complaint (UU 25/2009 Ps.44(3))."""
    if not case.confidential:
        case.confidential = True
        case.save(update_fields=["confidential"])
    record = Sp4nCase.objects.create(case=case)
    engine.start_clock(case, rules.VERIFICATION, actor=actor, start=received_at)
    engine.start_clock(case, rules.UU25_RESPONSE, actor=actor, start=received_at)
    return record


def intake_track(case: Case, *, actor: Any, received_at: dt.datetime) -> bool:
    """The complaint unit's intake track (``engine.INTAKE_TRACKS``): a regular report (LM) enters
    the SP4N-LAPOR! track; anything else is left to the case engine's tracks."""
    if case.intake_type.code != "lm":
        return False
    sp4n_receive(case, actor=actor, received_at=received_at)
    return True


def sp4n_request_completion(
    *,
    case: Case,
    actor: Any,
    missing: str,
    tanda_terima_received: dt.datetime | dt.date | None = None,
) -> Case:
    """The complaint is incomplete: the unit tells the complainant what is missing (its answer
    under UU 25/2009 Ps.44(3)) and the complainant's 30 days to complete run from the day they
    received the tanda terima (Ps.44(4); default: the day the complaint was received, when the
    unit issues it). Not completed in time: deemed withdrawn (Ps.44(5), by the sweeper)."""
    permissions.require(actor, "verify", case)
    missing = (missing or "").strip()
    if not missing:
        raise CaseError(_("Say what the complainant must complete."))
    with transaction.atomic():
        case = engine.lock(case)
        _record(case)
        engine.guard(case, State.RECEIVED)
        engine.stop_clocks(
            case, Deadline.State.MET, rules.VERIFICATION, rules.UU25_RESPONSE, actor=actor
        )
        engine.move(
            case,
            State.AWAITING_COMPLETION,
            actor=actor,
            action="uu25_completion_requested",
            reason=missing,
        )
        engine.start_clock(
            case,
            "melengkapi-laporan",  # the workflow names the rule: uu25-melengkapi-pengaduan
            actor=actor,
            start=tanda_terima_received or case.received_at,
        )
    return case


def _record(case: Case) -> Sp4nCase:
    if not rules.applies_to(case.office):
        raise WrongState(_("Only an agency complaint unit works under the SP4N-LAPOR! rules."))
    record, _created = Sp4nCase.objects.get_or_create(case=case)
    return record


def _within_agency(office: Any, agency: Agency) -> bool:
    root = office.agency
    return root is not None and (agency.pk == root.pk or agency.is_descendant_of(root))


def sp4n_forward(
    *,
    case: Case,
    actor: Any,
    report_class: str,
    handling_agency: Agency | None = None,
    liaison: Liaison | None = None,
    note: str = "",
    forwarded_at: dt.datetime | None = None,
) -> Case:
    """Verify and forward the report to the handling unit (central admin → coordinating admin
    → liaison admin), with its class; the class's follow-up clock starts (at ``forwarded_at``
    when a forwarding made on paper is entered later)."""
    permissions.require(actor, "verify", case)
    if report_class not in ReportClass.values:
        raise CaseError(_("Choose the report class: aspiration, complaint or information request."))
    if liaison is not None:
        handling_agency = handling_agency or liaison.agency
        if liaison.agency_id != handling_agency.pk or not liaison.active:
            raise CaseError(_("Choose an active liaison officer of the handling unit."))
    handling_agency = handling_agency or case.agency or case.office.agency
    if handling_agency is None or not _within_agency(case.office, handling_agency):
        raise CaseError(_("Forward the report to a unit of this office's agency."))
    with transaction.atomic():
        case = engine.lock(case)
        record = _record(case)
        engine.guard(case, State.RECEIVED)
        engine.stop_clocks(
            case, Deadline.State.MET, rules.VERIFICATION, rules.UU25_RESPONSE, actor=actor
        )
        record.report_class = report_class
        record.handling_agency = handling_agency
        record.liaison = liaison
        record.level = Level.PENGHUBUNG if liaison is not None else Level.KOORDINATOR
        record.forwarded_at = forwarded_at or timezone.now()
        record.save()
        if case.agency_id is None:
            case.agency = handling_agency
        engine.move(
            case,
            State.EXAMINATION,
            actor=actor,
            action="sp4n_forwarded",
            reason=note,
            report_class=report_class,
            handling_agency=handling_agency.name,
            level=record.level,
        )
        follow_up = rules.FOLLOW_UP[report_class]
        if follow_up:
            engine.start_clock(case, follow_up, actor=actor, start=record.forwarded_at)
        if report_class in rules.UU25_COMPLAINT_CLASSES:
            # Verified and forwarded: the file is complete; the provider's 60 days to decide
            # (UU 25/2009 Ps.50(1)) run beside the SP4N follow-up clock.
            engine.start_clock(case, rules.UU25_DECISION, actor=actor, start=record.forwarded_at)
    refresh_index(case)
    return case


def sp4n_decision_recorded(
    *, case: Case, actor: Any, decision: str, decided_at: dt.datetime | None = None
) -> Case:
    """The provider decided the complaint (UU 25/2009 Ps.50(1)); the 14 days to deliver the
    decision to the complainant start (Ps.50(2)). Delivering it is recording the follow-up
    (``sp4n_followup_answered``)."""
    permissions.require(actor, "verify", case)
    decision = (decision or "").strip()
    if not decision:
        raise CaseError(_("Write the decision on the complaint."))
    with transaction.atomic():
        case = engine.lock(case)
        record = _record(case)
        engine.guard(case, State.EXAMINATION)
        if record.answered_at is not None:
            raise WrongState(_("The follow-up has already been given."))
        if engine.clocks(case, rules.UU25_DELIVERY):
            raise WrongState(_("The decision is already recorded; deliver it to the complainant."))
        decided_at = decided_at or timezone.now()
        engine.stop_clocks(case, Deadline.State.MET, rules.UU25_DECISION, actor=actor)
        engine.start_clock(case, rules.UU25_DELIVERY, actor=actor, start=decided_at)
        audit.record(
            "case.uu25_decided",
            actor=actor,
            target=case,
            office=case.office,
            new={"decision": decision, "decided_at": decided_at},
        )
    return case


def _may_answer(actor: Any, case: Case, record: Sp4nCase) -> bool:
    """The unit's verifiers, or an active portal liaison of the handling unit (or of an agency
    above it: the coordinating admin)."""
    if permissions.can(actor, "verify", case):
        return True
    if record.handling_agency is None or not getattr(actor, "is_active", False):
        return False
    from aduan.liaison.selectors import agency_ids_for

    return record.handling_agency_id in agency_ids_for(actor)


def sp4n_followup_answered(
    *, case: Case, actor: Any, answer: str, answered_at: dt.datetime | None = None
) -> Case:
    """The handling unit gave its follow-up (at ``answered_at``, default now): its clock stops
    and the reporter has 10 working days to reply."""
    if not (answer or "").strip():
        raise CaseError(_("Write the follow-up given to the reporter."))
    with transaction.atomic():
        case = engine.lock(case)
        record = _record(case)
        if not _may_answer(actor, case, record):
            raise NotAllowed(_("Your role does not allow this for this case."))
        engine.guard(case, State.EXAMINATION)
        if record.answered_at is not None:
            raise WrongState(_("The follow-up has already been given."))
        # Given to the reporter: the follow-up is done, and the decision is made and delivered
        # (UU 25/2009 Ps.50(1)-(2)).
        engine.stop_clocks(
            case,
            Deadline.State.MET,
            *rules.FOLLOW_UP_CODES,
            rules.UU25_DECISION,
            rules.UU25_DELIVERY,
            actor=actor,
        )
        record.answer = answer.strip()
        record.answered_at = answered_at or timezone.now()
        record.save(update_fields=["answer", "answered_at"])
        engine.start_clock(case, rules.REPORTER_REPLY, actor=actor, start=record.answered_at)
        audit.record(
            "case.sp4n_followup_answered",
            actor=actor,
            target=case,
            office=case.office,
            new={"answer": record.answer},
        )
    return case


def sp4n_close_without_reply(*, case: Case) -> Case:
    """The reporter did not reply within 10 working days of the follow-up: the case closes.
    System only (the sweeper)."""
    with transaction.atomic():
        case = engine.lock(case)
        _record(case)
        engine.guard(case, State.EXAMINATION)
        engine.set_closure(case, rules.NO_REPLY_CLOSURE_MODE, rules.NO_REPLY_CLOSURE_REASON)
        engine.move(
            case,
            State.CLOSED,
            actor=None,
            action="sp4n_closed_no_reply",
            reason=_("The reporter did not reply within 10 working days of the follow-up."),
        )
    refresh_index(case)
    return case


def identity_locked(case: Any) -> bool:
    """True if the reporter of ``case`` is anonymous under SP4N-LAPOR!: nobody may see their
    identity, not even the complaint unit's own staff (registered in
    ``aduan.cases.permissions.IDENTITY_LOCKS`` by the app's ready)."""
    if getattr(case, "pk", None) is None:
        return False
    # Always asked of the database: a related row cached on ``case`` may be out of date.
    return Sp4nCase.objects.filter(case_id=case.pk, privacy=Privacy.ANONIM).exists()


def sp4n_set_privacy(*, case: Case, actor: Any, privacy: str, reason: str) -> Case:
    """Change the report's privacy: confidential → anonymous (the identity is then hidden from
    everyone, the unit's own staff included). A reporter's anonymity is never undone by staff,
    so anonymous → confidential is refused. The case stays confidential either way."""
    permissions.require(actor, "verify", case)
    if privacy not in Privacy.values:
        raise CaseError(_("Choose the privacy: confidential or anonymous."))
    reason = (reason or "").strip()
    if not reason:
        raise CaseError(_("Give the reason for changing the privacy."))
    permissions.forget(case)  # the caller's object must not remember the old lock
    with transaction.atomic():
        case = engine.lock(case)
        record = _record(case)
        engine.guard(case, *OPEN_STATES)
        old = record.privacy
        if old == privacy:
            raise WrongState(
                _("The report is already %(privacy)s.") % {"privacy": record.get_privacy_display()}
            )
        if old == Privacy.ANONIM:
            raise WrongState(
                _(
                    "An anonymous report cannot be made confidential again: a reporter's "
                    "anonymity is never undone by staff."
                )
            )
        record.privacy = privacy
        record.save(update_fields=["privacy"])
        permissions.forget(case)  # the identity lock may have changed
        if not case.confidential:
            case.confidential = True
            case.save(update_fields=["confidential", "updated_at"])
        audit.record(
            "case.sp4n_privacy_changed",
            actor=actor,
            target=case,
            office=case.office,
            old={"privacy": old},
            new={"privacy": privacy},
            reason=reason,
        )
    return case
