"""Examination to recommendation (DOMAIN.md §4.4–4.7): clarification requests, summons, field
investigations, mediation, conflicts of interest, the LAHP, corrective action, recommendations.

Same shape as ``services``: permission, lock, guard, one transaction, transition or audit,
side effects after commit.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aduan.cases import engine, identity, permissions, workflows
from aduan.cases.errors import CaseError, NotAllowed, WrongState
from aduan.cases.models import (
    Case,
    ClarificationRequest,
    ConflictDeclaration,
    CorrectiveAction,
    Escalation,
    FieldInvestigation,
    Lahp,
    Mediation,
    Recommendation,
    ResmonStep,
    SanctionRecommendation,
    Summons,
)
from aduan.cases.states import State
from aduan.core import audit
from aduan.deadlines import deliveries
from aduan.deadlines.models import Deadline, Delivery
from aduan.deadlines.services import deadline_close
from aduan.deadlines.workdays import local_date

# UU 37/2008 Ps.31: three consecutive summonses of the same person not attended without a
# lawful excuse (see ``unexcused_run`` and decision 0018).
IGNORED_SUMMONSES_FOR_POLICE = 3


def _clock_of(subject: Any) -> Deadline | None:
    """The clock of ``subject`` still to be met: running, or waiting for its receipt."""
    return Deadline.objects.live().for_subject(subject).first()


def _text(value: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise CaseError(message)
    return value


# --- clarification requests (Ps.33)
def clarification_request(
    *, case: Case, actor: Any, questions: str, agency: Any = None
) -> ClarificationRequest:
    """Send a written clarification request to the terlapor: 14 days to answer; a second
    request gives 14 more; after that the terlapor is deemed to waive the right to answer."""
    permissions.require(actor, "examine", case)
    questions = _text(questions, _("Write the questions for the reported party."))
    with transaction.atomic():
        case = engine.lock(case)
        engine.guard(case, State.EXAMINATION)
        agency = agency or case.agency
        if agency is None:
            raise CaseError(_("The case names no reported party to ask."))
        # The identity guard: a confidential case goes to the agency only with its approved
        # summary, and the questions must not identify the reporter.
        identity.guard_outgoing(case, {_("the questions"): questions})
        previous = list(case.clarifications.all())
        if len(previous) >= 2:
            raise CaseError(_("Two clarification requests were already sent (UU 37/2008 Ps.33)."))
        if previous and previous[-1].status == ClarificationRequest.Status.ANSWERED:
            raise CaseError(_("The first request was answered; no second request is needed."))
        if previous:
            first = previous[-1]
            clock = _clock_of(first)
            if clock is not None and clock.state == Deadline.State.WAITING:
                raise CaseError(
                    _(
                        "The first request has not reached the reported party yet; its 14 days "
                        "start on receipt (UU 37/2008 Ps.33)."
                    )
                )
            if clock is not None:
                raise CaseError(
                    _("The first request is still within its 14 days (until %(due)s).")
                    % {"due": clock.due_date.isoformat()}
                )
        request = ClarificationRequest.objects.create(
            case=case, round=len(previous) + 1, agency=agency, questions=questions, actor=actor
        )
        rule = "klarifikasi-pertama" if request.round == 1 else "klarifikasi-kedua"
        # The 14 days run from the reported party's receipt of the request (decision 0018).
        sent = deliveries.send_to_agency(
            case=case,
            subject=request,
            document="permintaan-klarifikasi",
            agency=agency,
            addressee=Delivery.Addressee.TERLAPOR,
            actor=actor,
            sent_at=request.sent_at,
        )
        engine.start_clock(case, rule, actor=actor, subject=request, delivery=sent)
        audit.record(
            "case.clarification_requested",
            actor=actor,
            target=case,
            office=case.office,
            new={"round": request.round, "agency": agency.name},
        )
    return request


def clarification_answer(
    *, request: ClarificationRequest, actor: Any, answer: str
) -> ClarificationRequest:
    """Record the terlapor's answer; its clock stops."""
    permissions.require(actor, "examine", request.case)
    answer = _text(answer, _("Write the answer received."))
    with transaction.atomic():
        case = engine.lock(request.case)
        engine.guard(case, State.EXAMINATION)
        request = ClarificationRequest.objects.select_for_update().get(pk=request.pk)
        if request.status in {
            ClarificationRequest.Status.ANSWERED,
            ClarificationRequest.Status.WAIVED,
        }:
            raise WrongState(_("This request is already closed."))
        request.status = ClarificationRequest.Status.ANSWERED
        request.answer, request.answered_at = answer, timezone.now()
        request.save()
        clock = _clock_of(request)
        if clock is not None:
            deadline_close(deadline=clock, state=Deadline.State.MET, actor=actor)
        audit.record(
            "case.clarification_answered",
            actor=actor,
            target=request.case,
            office=request.case.office,
            new={"round": request.round},
        )
    return request


def clarification_expired(*, request: ClarificationRequest) -> None:
    """System: the request's clock ran out. The first becomes unanswered (a second may be
    sent); the second means the terlapor waived the right to answer (Ps.33)."""
    with transaction.atomic():
        request = ClarificationRequest.objects.select_for_update().get(pk=request.pk)
        if request.status != ClarificationRequest.Status.WAITING:
            return
        request.status = (
            ClarificationRequest.Status.UNANSWERED
            if request.round == 1
            else ClarificationRequest.Status.WAIVED
        )
        request.save(update_fields=["status"])
        audit.record(
            "case.clarification_expired",
            target=request.case,
            office=request.case.office,
            new={"round": request.round, "status": request.status},
        )


# --- summons, field investigation, mediation
def summons_schedule(*, case: Case, actor: Any, person: str, scheduled_for: dt.datetime) -> Summons:
    permissions.require(actor, "examine", case)
    person = _text(person, _("Name the person summoned."))
    with transaction.atomic():
        case = engine.lock(case)
        engine.guard(case, State.EXAMINATION)
        summons = Summons.objects.create(
            case=case, person=person, scheduled_for=scheduled_for, actor=actor
        )
        audit.record(
            "case.summons_scheduled",
            actor=actor,
            target=case,
            office=case.office,
            new={"person": person, "at": scheduled_for},
        )
    return summons


def _person_key(name: str) -> str:
    return " ".join((name or "").split()).casefold()


def unexcused_run(case: Case, person: str) -> int:
    """How many of the latest summonses of ``person`` in a row were not attended without a
    lawful excuse (UU 37/2008 Ps.31: "dipanggil 3 (tiga) kali berturut-turut tidak memenuhi
    panggilan tanpa alasan yang sah").

    Counted back from the latest recorded summons of that person: an unexcused absence counts;
    attendance ends the run; an absence with a lawful excuse also ends it, because the three
    summonses must follow one another and each be missed without a lawful excuse (decision
    0018). A summons not yet recorded is left out; other persons' summonses do not interrupt."""
    key = _person_key(person)
    run = 0
    recorded = case.summonses.exclude(outcome=Summons.Outcome.SCHEDULED).order_by(
        "-scheduled_for", "-id"
    )
    for summons in recorded:
        if _person_key(summons.person) != key:
            continue
        if summons.outcome != Summons.Outcome.IGNORED:
            break
        run += 1
    return run


def police_assistance_persons(case: Case) -> list[str]:
    """The persons the police may be asked to bring (Ps.31): a run of three or more."""
    persons: dict[str, str] = {}
    for name in case.summonses.values_list("person", flat=True):
        persons.setdefault(_person_key(name), name)
    return [
        name
        for name in persons.values()
        if unexcused_run(case, name) >= IGNORED_SUMMONSES_FOR_POLICE
    ]


def summons_record(*, summons: Summons, actor: Any, outcome: str, notes: str = "") -> Summons:
    """Record whether the person came: attended, absent with a lawful excuse, or not attended
    without one. Three consecutive summonses of the same person not attended without a lawful
    excuse open the police-assistance option (UU 37/2008 Ps.31); a later attendance closes
    it again."""
    permissions.require(actor, "examine", summons.case)
    if outcome not in {
        Summons.Outcome.ATTENDED,
        Summons.Outcome.IGNORED,
        Summons.Outcome.EXCUSED,
    }:
        raise CaseError(
            _(
                "Record whether the person attended, was absent with a lawful excuse, or did "
                "not attend without one."
            )
        )
    if outcome == Summons.Outcome.EXCUSED and not (notes or "").strip():
        raise CaseError(_("Describe the lawful excuse given (UU 37/2008 Ps.31)."))
    with transaction.atomic():
        case = engine.lock(summons.case)
        engine.guard(case, State.EXAMINATION)
        summons = Summons.objects.select_for_update().get(pk=summons.pk)
        if summons.outcome != Summons.Outcome.SCHEDULED:
            raise WrongState(_("The outcome of this summons is already recorded."))
        summons.outcome, summons.notes = outcome, notes
        summons.save()
        audit.record(
            "case.summons_recorded",
            actor=actor,
            target=case,
            office=case.office,
            new={"person": summons.person, "outcome": outcome},
        )
        run = unexcused_run(case, summons.person)
        option = bool(police_assistance_persons(case)) and workflows.has_power(
            case.office.kind, workflows.Power.POLICE
        )
        if option != case.police_assistance_option:
            case.police_assistance_option = option
            case.save(update_fields=["police_assistance_option", "updated_at"])
            audit.record(
                "case.police_assistance_option",
                actor=actor,
                target=case,
                office=case.office,
                old={"option": not option},
                new={"option": option, "person": summons.person, "in_a_row": run},
                reason=_(
                    "Three consecutive summonses not attended without a lawful excuse "
                    "(UU 37/2008 Ps.31)."
                )
                if option
                else _("The person attended; the run of unexcused absences ended."),
            )
    return summons


def field_investigation_record(
    *,
    case: Case,
    actor: Any,
    held_on: dt.date,
    place: str,
    findings: str,
    unannounced: bool = False,
) -> FieldInvestigation:
    permissions.require(actor, "examine", case)
    findings = _text(findings, _("Write what the investigation found."))
    with transaction.atomic():
        case = engine.lock(case)
        engine.guard(case, State.EXAMINATION, State.RAPID_RESPONSE)
        record = FieldInvestigation.objects.create(
            case=case,
            held_on=held_on,
            place=place,
            unannounced=unannounced,
            findings=findings,
            actor=actor,
        )
        audit.record(
            "case.field_investigation",
            actor=actor,
            target=case,
            office=case.office,
            new={"held_on": held_on, "place": place, "unannounced": unannounced},
        )
    return record


def mediation_record(
    *,
    case: Case,
    actor: Any,
    kind: str,
    held_on: dt.date,
    parties: str,
    outcome: str,
    agreement_reached: bool,
) -> Mediation:
    permissions.require(actor, "examine", case)
    if kind not in Mediation.Kind.values:
        raise CaseError(_("Choose mediation or conciliation."))
    outcome = _text(outcome, _("Write the outcome of the session."))
    with transaction.atomic():
        case = engine.lock(case)
        engine.guard(case, State.EXAMINATION)
        record = Mediation.objects.create(
            case=case,
            kind=kind,
            held_on=held_on,
            parties=parties,
            outcome=outcome,
            agreement_reached=agreement_reached,
            actor=actor,
        )
        audit.record(
            "case.mediation",
            actor=actor,
            target=case,
            office=case.office,
            new={"kind": kind, "agreement": agreement_reached},
        )
    return record


def conflict_declare(*, case: Case, user: Any, reason: str) -> ConflictDeclaration:
    """A staff member declares a conflict of interest (UU 37/2008 Ps.40): they can no longer
    examine or decide the case, and it is taken from them if they hold it."""
    reason = _text(reason, _("Describe the conflict of interest."))
    if not permissions.can(user, "view_identity", case) and not permissions.can(
        user, "examine", case
    ):
        raise NotAllowed(_("Your role does not allow this for this case."))
    permissions.forget(case)  # the caller's object must not remember "no conflict"
    with transaction.atomic():
        case = engine.lock(case)
        if case.conflicts.filter(user=user).exists():
            raise CaseError(_("You already declared a conflict of interest in this case."))
        declaration = ConflictDeclaration.objects.create(case=case, user=user, reason=reason)
        if case.assignee_id == user.pk:
            case.assignee, case.assigned_at = None, None
            case.save(update_fields=["assignee", "assigned_at", "updated_at"])
        audit.record(
            "case.conflict_declared", actor=user, target=case, office=case.office, reason=reason
        )
    permissions.forget(case)
    return declaration


# --- LAHP
def lahp_send_draft(*, case: Case, actor: Any, conclusion: str, findings: str) -> Lahp:
    """Send the draft LAHP to the reporter, who has 14 days to respond (Peraturan Ombudsman
    58/2023; before it PO 48/2020 Ps.25). A case without a reporter (IAPS) skips the window."""
    permissions.require(actor, "examine", case)
    if conclusion not in Case.Conclusion.values:
        raise CaseError(_("Choose a conclusion: found, not found, or stopped."))
    findings = _text(findings, _("Write the findings of the examination."))
    with transaction.atomic():
        case = engine.lock(case)
        engine.guard(case, State.EXAMINATION)
        version = case.lahps.count() + 1
        lahp = Lahp.objects.create(
            case=case, version=version, conclusion=conclusion, findings=findings, actor=actor
        )
        case.conclusion = conclusion
        engine.move(
            case,
            State.LAHP_RESPONSE,
            actor=actor,
            action="lahp_draft_sent",
            conclusion=conclusion,
            version=version,
        )
        if case.reporters.exists():
            # 14 days from the reporter's receipt of the draft (decision 0018).
            sent = deliveries.send_to_reporter(
                case=case, subject=lahp, document="rancangan-lahp", actor=actor
            )
            engine.start_clock(case, "tanggapan-lahp", actor=actor, subject=lahp, delivery=sent)
    from aduan.cases.tasks import notify_reporter_task

    transaction.on_commit(lambda: notify_reporter_task.enqueue(case_id=case.pk, event="lahp_draft"))
    return lahp


def lahp_record_response(
    *, lahp: Lahp, actor: Any = None, response: str, new_evidence: bool = False
) -> Lahp:
    """The reporter's response to the draft. New argument or evidence reopens the examination.
    ``actor`` None: the reporter through the tracking page."""
    if actor is not None:
        permissions.require(actor, "examine", lahp.case)
    response = _text(response, _("Write the reporter's response."))
    with transaction.atomic():
        case = engine.lock(lahp.case)
        lahp = Lahp.objects.select_for_update().get(pk=lahp.pk)
        engine.guard(case, State.LAHP_RESPONSE)
        if lahp.status != Lahp.Status.DRAFT:
            raise WrongState(_("This draft is no longer open for a response."))
        lahp.reporter_response, lahp.responded_at = response, timezone.now()
        clock = _clock_of(lahp)
        if clock is not None:
            deadline_close(deadline=clock, state=Deadline.State.MET, actor=actor)
        if new_evidence:
            lahp.status = Lahp.Status.WITHDRAWN
            case.conclusion = ""
            engine.move(
                case,
                State.EXAMINATION,
                actor=actor,
                action="examination_reopened",
                reason=_("New argument or evidence in the reporter's response."),
            )
        lahp.save()
        audit.record(
            "case.lahp_response",
            actor=actor,
            target=case,
            office=case.office,
            new={"version": lahp.version, "new_evidence": new_evidence},
        )
    return lahp


def lahp_finalise(
    *,
    case: Case,
    actor: Any,
    corrective_actions: list[dict[str, Any]] | None = None,
    closure_mode: str = "",
    note: str = "",
    signed_at: dt.datetime | None = None,
) -> Lahp:
    """Make the LAHP final once the reporter responded or the 14 days ran out.

    No maladministration found, or the examination stopped because a mediation settled the
    matter: reporter and reported party are told in writing within 14 days of the signing
    (``signed_at``, default now; UU 37/2008 Ps.36(2)), clock ``pemberitahuan-penolakan``.

    Maladministration found: the corrective actions (each with an addressee) start their own
    30-working-day clocks and the case is monitored. Not found, or examination stopped: the case
    closes (``closure_mode`` says how; defaults to 'no maladministration found')."""
    permissions.require(actor, "approve", case)
    corrective_actions = corrective_actions or []
    signed_at = signed_at or timezone.now()
    if signed_at > timezone.now() + dt.timedelta(minutes=5):
        raise CaseError(_("The decision cannot be signed on a date still to come."))
    with transaction.atomic():
        case = engine.lock(case)
        engine.guard(case, State.LAHP_RESPONSE)
        lahp = case.lahps.select_for_update().filter(status=Lahp.Status.DRAFT).last()
        if lahp is None:
            raise WrongState(_("There is no draft LAHP to finalise."))
        clock = _clock_of(lahp)
        if clock is not None and clock.state == Deadline.State.WAITING and not lahp.responded_at:
            raise WrongState(
                _(
                    "The reporter has not received the draft yet; the 14 days to respond start "
                    "on receipt (Peraturan Ombudsman 58/2023)."
                )
            )
        if clock is not None and not lahp.responded_at:
            raise WrongState(
                _("The reporter may respond to the draft until %(due)s.")
                % {"due": clock.due_date.isoformat()}
            )
        found = lahp.conclusion == Case.Conclusion.FOUND
        if found and not corrective_actions:
            raise CaseError(_("Maladministration was found: list the corrective actions."))
        if not found and corrective_actions:
            raise CaseError(_("Corrective actions follow only from maladministration found."))
        for item in corrective_actions:
            if item.get("addressee") is None or not (item.get("description") or "").strip():
                raise CaseError(_("Every corrective action needs an addressee and a description."))
        lahp.status, lahp.finalised_at = Lahp.Status.FINAL, timezone.now()
        lahp.save()
        if case.reporters.exists():
            deliveries.send_to_reporter(case=case, subject=lahp, document="lhp", actor=actor)
        if not found and case.agency is not None:
            _send_lhp(case, lahp, case.agency, actor)
        if found:
            sent: dict[int, Any] = {}
            for item in corrective_actions:
                action = CorrectiveAction.objects.create(
                    case=case,
                    lahp=lahp,
                    addressee=item["addressee"],
                    description=item["description"].strip(),
                )
                # 30 working days from the addressee's receipt of the LHP (Peraturan
                # Ombudsman 58/2023 Ps.54(1)): one delivery per agency addressed.
                agency = item["addressee"]
                if agency.pk not in sent:
                    sent[agency.pk] = _send_lhp(case, lahp, agency, actor)
                engine.start_clock(
                    case,
                    "monitoring-tindakan-korektif",
                    actor=actor,
                    subject=action,
                    delivery=sent[agency.pk],
                )
            engine.move(
                case,
                State.MONITORING,
                actor=actor,
                action="lahp_final",
                reason=note,
                conclusion=lahp.conclusion,
                corrective_actions=len(corrective_actions),
            )
        else:
            if lahp.conclusion == Case.Conclusion.NOT_FOUND:
                mode = closure_mode or "tidak-ditemukan-maladministrasi"
                why = "tidak-ditemukan-maladministrasi"
            else:
                if not closure_mode:
                    raise CaseError(_("Say how the stopped examination ended (closure mode)."))
                mode, why = closure_mode, "pemeriksaan-dihentikan"
            engine.set_closure(case, mode, why)
            engine.stop_clocks(case, Deadline.State.CANCELLED, actor=actor)
            engine.move(
                case,
                State.CLOSED,
                actor=actor,
                action="lahp_final",
                reason=note,
                conclusion=lahp.conclusion,
            )
            if lahp.conclusion == Case.Conclusion.NOT_FOUND or mode == "mediasi-konsiliasi":
                engine.start_clock(case, "pemberitahuan-penolakan", actor=actor, start=signed_at)
        if case.deliveries.filter(document="lhp", subject_id=str(lahp.pk)).exists():
            # No regulation sets a period for getting the final LHP to its addressees (decision
            # 0018); the office's own clock runs from the signing and is met once every
            # addressee has received it (``deliveries.MET_ON_RECEIPT``).
            engine.start_clock(case, "penyampaian-lhp", actor=actor, subject=lahp, start=signed_at)
    return lahp


def _send_lhp(case: Case, lahp: Lahp, agency: Any, actor: Any) -> Any:
    """The final LHP to an agency: through the liaison portal when it has a liaison (opening
    it there is the receipt), else by e-mail or post."""
    return deliveries.send_to_agency(
        case=case,
        subject=lahp,
        document="lhp",
        agency=agency,
        addressee=Delivery.Addressee.TERLAPOR,
        actor=actor,
    )


# --- corrective action
def corrective_action_report(
    *, action: CorrectiveAction, actor: Any, status: str, evidence: str = ""
) -> CorrectiveAction:
    """Record what the addressee did: done (its clock stops), partly done or not done."""
    permissions.require(actor, "monitor", action.case)
    if status not in {
        CorrectiveAction.Status.DONE,
        CorrectiveAction.Status.PARTLY_DONE,
        CorrectiveAction.Status.NOT_DONE,
    }:
        raise CaseError(_("Choose done, partly done or not done."))
    if status == CorrectiveAction.Status.DONE and not (evidence or "").strip():
        raise CaseError(_("Describe the evidence that the action was carried out."))
    with transaction.atomic():
        case = engine.lock(action.case)
        engine.guard(case, State.MONITORING, State.RESOLUTION, State.RECOMMENDATION)
        action = CorrectiveAction.objects.select_for_update().get(pk=action.pk)
        old = action.status
        action.status, action.evidence, action.status_at = status, evidence, timezone.now()
        action.save()
        clock = _clock_of(action)
        if clock is not None and status == CorrectiveAction.Status.DONE:
            deadline_close(deadline=clock, state=Deadline.State.MET, actor=actor)
        audit.record(
            "case.corrective_action",
            actor=actor,
            target=case,
            office=case.office,
            old={"status": old},
            new={"status": status, "action": action.pk},
        )
    return action


# --- recommendation (Ps.37–39)
def recommendation_issue(
    *, case: Case, actor: Any, addressee: Any, content: str, signed_at: dt.datetime | None = None
) -> Recommendation:
    """Issue a recommendation: it must be sent within 14 days of signing (Ps.37(3)). Only from
    Resolusi dan Monitoring, after a resolution attempt that did not resolve the matter: the
    stage is not skipped (Peraturan Ombudsman 58/2023 Ps.54)."""
    permissions.require(actor, "recommend", case)
    content = _text(content, _("Write the recommendation."))
    with transaction.atomic():
        case = engine.lock(case)
        has_resmon = workflows.has_move(
            case.office.kind, State.RESOLUTION, State.RECOMMENDATION, "recommendation_issued"
        )
        if has_resmon and case.state == State.MONITORING:
            raise WrongState(
                _(
                    "A recommendation follows the Resolution and Monitoring stage, which cannot "
                    "be skipped (Peraturan Ombudsman 58/2023 Ps.54)."
                )
            )
        if has_resmon:
            engine.guard(case, State.RESOLUTION)
            if not case.resmon_steps.filter(outcome=ResmonStep.Outcome.NOT_RESOLVED).exists():
                raise WrongState(
                    _(
                        "Record first a resolution attempt that did not resolve the matter "
                        "(Peraturan Ombudsman 58/2023 Ps.54)."
                    )
                )
        else:
            # A regional ombudsman has no Resolusi dan Monitoring stage (its own regulation).
            engine.guard(case, State.MONITORING)
        if case.awaits_withdrawal_decision:
            raise WrongState(
                _(
                    "The reporter withdrew: decide first whether the office continues as its "
                    "own matter (UU 37/2008 Ps.7)."
                )
            )
        recommendation = Recommendation.objects.create(
            case=case,
            signed_at=signed_at or timezone.now(),
            addressee=addressee,
            content=content,
            actor=actor,
        )
        engine.move(
            case,
            State.RECOMMENDATION,
            actor=actor,
            action="recommendation_issued",
            # Binding under UU 37/2008 Ps.38 only where the office holds the power; a regional
            # ombudsman's recommendation (saran) runs on its own rules (workflows).
            binding=workflows.has_power(case.office.kind, workflows.Power.BINDING_RECOMMENDATION),
        )
        engine.start_clock(
            case,
            "penyampaian-rekomendasi",
            actor=actor,
            subject=recommendation,
            start=recommendation.signed_at,
        )
    return recommendation


def recommendation_sent(
    *, recommendation: Recommendation, actor: Any, sent_at: dt.datetime | None = None
) -> Recommendation:
    """Sent to reporter, terlapor and superior; the superior has 60 days to report (Ps.38(2))."""
    permissions.require(actor, "recommend", recommendation.case)
    with transaction.atomic():
        case = engine.lock(recommendation.case)
        recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        if recommendation.sent_at:
            raise WrongState(_("The recommendation was already sent."))
        recommendation.sent_at = sent_at or timezone.now()
        recommendation.save(update_fields=["sent_at"])
        for clock in (
            Deadline.objects.open()
            .for_subject(recommendation)
            .filter(rule__code__in=engine.rule_codes("penyampaian-rekomendasi"))
        ):
            deadline_close(deadline=clock, state=Deadline.State.MET, actor=actor)
        # To the reporter, the terlapor and the superior (Ps.37(3)); the superior's 60 days run
        # from the superior's receipt (Ps.38(2), decision 0018).
        when = recommendation.sent_at
        if case.reporters.exists():
            deliveries.send_to_reporter(
                case=case,
                subject=recommendation,
                document="rekomendasi",
                actor=actor,
                sent_at=when,
            )
        if case.agency is not None and case.agency_id != recommendation.addressee_id:
            # The terlapor's liaison sees in the portal only what is addressed to its agency:
            # its copy goes by e-mail or post.
            deliveries.send_to_agency(
                case=case,
                subject=recommendation,
                document="rekomendasi",
                agency=case.agency,
                addressee=Delivery.Addressee.TERLAPOR,
                actor=actor,
                sent_at=when,
                method=Delivery.Method.EMAIL if case.agency.email else Delivery.Method.POST,
            )
        superior = deliveries.send_to_agency(
            case=case,
            subject=recommendation,
            document="rekomendasi",
            agency=recommendation.addressee,
            addressee=Delivery.Addressee.SUPERIOR,
            actor=actor,
            sent_at=when,
        )
        engine.start_clock(
            case,
            "pelaksanaan-rekomendasi",
            actor=actor,
            subject=recommendation,
            delivery=superior,
        )
        audit.record("case.recommendation_sent", actor=actor, target=case, office=case.office)
    return recommendation


def recommendation_outcome(
    *, recommendation: Recommendation, actor: Any, outcome: str, report: str = ""
) -> Recommendation:
    """Record the superior's implementation report: implemented, partly, or not."""
    permissions.require(actor, "monitor", recommendation.case)
    if outcome not in {
        Recommendation.Outcome.IMPLEMENTED,
        Recommendation.Outcome.PARTLY,
        Recommendation.Outcome.NOT_IMPLEMENTED,
    }:
        raise CaseError(_("Choose implemented, partly implemented or not implemented."))
    with transaction.atomic():
        case = engine.lock(recommendation.case)
        engine.guard(case, State.RECOMMENDATION)
        recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        if not recommendation.sent_at:
            raise WrongState(_("Record first that the recommendation was sent."))
        recommendation.outcome, recommendation.implementation_report = outcome, report
        recommendation.reported_at = timezone.now()
        recommendation.save()
        for clock in Deadline.objects.live().for_subject(recommendation):
            deadline_close(deadline=clock, state=Deadline.State.MET, actor=actor)
        audit.record(
            "case.recommendation_outcome",
            actor=actor,
            target=case,
            office=case.office,
            new={"outcome": outcome},
        )
    return recommendation


def recommendation_escalate(
    *, recommendation: Recommendation, actor: Any, kind: str, note: str = ""
) -> Escalation:
    """Record publication, or a report to the DPR or the President (Ps.38(4))."""
    permissions.require(actor, "recommend", recommendation.case)
    if kind not in Escalation.Kind.values:
        raise CaseError(_("Choose publication, DPR or President."))
    with transaction.atomic():
        case = engine.lock(recommendation.case)
        engine.require_power(case, workflows.Power.ESCALATION)
        engine.guard(case, State.RECOMMENDATION)
        recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        if recommendation.outcome == Recommendation.Outcome.IMPLEMENTED:
            raise WrongState(_("The recommendation was implemented; there is nothing to escalate."))
        overdue = (
            Deadline.objects.for_subject(recommendation)
            .filter(
                rule__code__in=engine.rule_codes("pelaksanaan-rekomendasi"),
                state=Deadline.State.MISSED,
            )
            .exists()
        )
        if recommendation.outcome == Recommendation.Outcome.PENDING and not overdue:
            raise WrongState(
                _(
                    "Escalate only once the recommendation is reported not (fully) implemented, "
                    "or its 60 days ran out."
                )
            )
        escalation = Escalation.objects.create(
            recommendation=recommendation, kind=kind, note=note, actor=actor
        )
        audit.record(
            "case.recommendation_escalated",
            actor=actor,
            target=case,
            office=case.office,
            new={"kind": kind},
            reason=note,
        )
    return escalation


# --- Resolusi dan Monitoring (Peraturan Ombudsman 58/2023 Ps.54)
RESMON_RULE = "resolusi-monitoring"


def resmon_record_step(
    *,
    case: Case,
    actor: Any,
    kind: str,
    held_on: dt.date,
    note: str,
    outcome: str = "",
    closure_mode: str = "",
    closure_reason: str = "tindakan-korektif-dilaksanakan",
) -> ResmonStep:
    """Record a step of the Resolusi dan Monitoring stage: the review of the LHP file (Ps.54(2)),
    a coordination meeting, or a resolution attempt with its outcome. The stage starts with the
    review (Ps.54(2)–(3)); an attempt that resolves the matter closes the case (``closure_mode``
    says how); one that does not opens the way to a recommendation. Either outcome stops the
    stage's clock."""
    permissions.require(actor, "monitor", case)
    if kind not in ResmonStep.Kind.values:
        raise CaseError(_("Choose a review, a coordination meeting or a resolution attempt."))
    note = _text(note, _("Write what happened."))
    attempt = kind == ResmonStep.Kind.ATTEMPT
    if attempt and outcome not in {ResmonStep.Outcome.RESOLVED, ResmonStep.Outcome.NOT_RESOLVED}:
        raise CaseError(_("Say whether the resolution attempt resolved the matter."))
    if not attempt and outcome:
        raise CaseError(_("Only a resolution attempt has an outcome."))
    if outcome == ResmonStep.Outcome.RESOLVED and not closure_mode:
        raise CaseError(_("Say how the matter was resolved (closure mode)."))
    with transaction.atomic():
        case = engine.lock(case)
        engine.guard(case, State.RESOLUTION)
        if held_on > local_date(timezone.now(), case.office):
            raise CaseError(_("A step is recorded once it has taken place."))
        if attempt and not case.resmon_steps.filter(kind=ResmonStep.Kind.REVIEW).exists():
            raise WrongState(
                _(
                    "Resolution and Monitoring starts with the review of the LHP file "
                    "(Peraturan Ombudsman 58/2023 Ps.54(2)–(3)); record it first."
                )
            )
        step = ResmonStep.objects.create(
            case=case, kind=kind, held_on=held_on, note=note, outcome=outcome, actor=actor
        )
        audit.record(
            "case.resmon_step",
            actor=actor,
            target=case,
            office=case.office,
            new={"kind": kind, "held_on": held_on, "outcome": outcome},
            reason=note,
        )
        if outcome:
            engine.stop_clocks(case, Deadline.State.MET, RESMON_RULE, actor=actor)
        if outcome == ResmonStep.Outcome.RESOLVED:
            engine.set_closure(case, closure_mode, closure_reason)
            engine.stop_clocks(
                case,
                Deadline.State.CANCELLED,
                actor=actor,
                reason=_("Resolved in Resolution and Monitoring."),
            )
            engine.move(case, State.CLOSED, actor=actor, action="resmon_resolved", reason=note)
    return step


# --- administrative sanctions (Ps.39)
def sanction_recommend(
    *,
    recommendation: Recommendation,
    actor: Any,
    content: str,
    addressee: Any = None,
    sent_on: dt.date | None = None,
) -> SanctionRecommendation:
    """Record the recommendation to impose administrative sanctions, sent to the superior
    (UU 37/2008 Ps.39): only once the recommendation was escalated under Ps.38(4) or its
    implementation report was not given within the 60 days of Ps.38(2)."""
    permissions.require(actor, "recommend", recommendation.case)
    content = _text(content, _("Write the sanction recommended."))
    with transaction.atomic():
        case = engine.lock(recommendation.case)
        engine.require_power(case, workflows.Power.SANCTIONS)
        engine.guard(case, State.RECOMMENDATION)
        recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        if recommendation.outcome == Recommendation.Outcome.IMPLEMENTED:
            raise WrongState(
                _("The recommendation was implemented; no sanction follows (UU 37/2008 Ps.39).")
            )
        escalated = recommendation.escalations.exists()
        missed = (
            Deadline.objects.for_subject(recommendation)
            .filter(
                rule__code__in=engine.rule_codes("pelaksanaan-rekomendasi"),
                state=Deadline.State.MISSED,
            )
            .exists()
        )
        if not (escalated or missed):
            raise WrongState(
                _(
                    "Administrative sanctions (UU 37/2008 Ps.39) are recommended only after the "
                    "recommendation was escalated (Ps.38(4)) or its implementation report was "
                    "not given within 60 days (Ps.38(2))."
                )
            )
        today = local_date(timezone.now(), case.office)
        sent_on = sent_on or today
        if sent_on > today:
            raise CaseError(_("Record the sanction recommendation once it was sent."))
        addressee = addressee or case.superior_agency or recommendation.addressee
        sanction = SanctionRecommendation.objects.create(
            recommendation=recommendation,
            addressee=addressee,
            sent_on=sent_on,
            content=content,
            actor=actor,
        )
        audit.record(
            "case.sanction_recommended",
            actor=actor,
            target=case,
            office=case.office,
            new={
                "sanction": sanction.pk,
                "addressee": addressee.name,
                "sent_on": sent_on,
                "after": "escalation" if escalated else "report_missed",
            },
            reason=content,
        )
    return sanction


def sanction_outcome(
    *,
    sanction: SanctionRecommendation,
    actor: Any,
    outcome: str,
    on: dt.date | None = None,
    note: str = "",
) -> SanctionRecommendation:
    """Record what the superior did with the sanction recommended: imposed, not imposed, or
    still pending (with a date and a note). An outcome once imposed or not imposed is final."""
    case = sanction.recommendation.case
    permissions.require(actor, "recommend", case)
    if outcome not in SanctionRecommendation.Outcome.values:
        raise CaseError(_("Choose imposed, not imposed or pending."))
    note = (note or "").strip()
    if outcome != SanctionRecommendation.Outcome.IMPOSED and not note:
        raise CaseError(_("Write a note on the outcome."))
    with transaction.atomic():
        case = engine.lock(case)
        engine.guard(case, State.RECOMMENDATION, State.CLOSED)
        sanction = SanctionRecommendation.objects.select_for_update().get(pk=sanction.pk)
        if sanction.outcome != SanctionRecommendation.Outcome.PENDING:
            raise WrongState(_("The outcome of this sanction recommendation is already recorded."))
        today = local_date(timezone.now(), case.office)
        on = on or today
        if on > today or on < sanction.sent_on:
            raise CaseError(_("The outcome's date falls between the sending and today."))
        old = sanction.outcome
        sanction.outcome, sanction.outcome_on, sanction.outcome_note = outcome, on, note
        sanction.save(update_fields=["outcome", "outcome_on", "outcome_note"])
        audit.record(
            "case.sanction_outcome",
            actor=actor,
            target=case,
            office=case.office,
            old={"outcome": old},
            new={"sanction": sanction.pk, "outcome": outcome, "on": on},
            reason=note,
        )
    return sanction
