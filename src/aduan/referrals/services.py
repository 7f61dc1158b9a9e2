"""State changes of referrals ("no wrong door", *limpahan*).

Out: ``referral_send`` forwards a case, or a part of it, to another institution and starts the
follow-up clock (rule ``tindak-lanjut-limpahan``) on the referral; ``referral_receipt`` records
the institution's receipt; ``referral_answer`` records its answer, stops the clock and puts the
answer on the case's timeline; ``referral_close`` ends a referral (the clock, if still running,
is cancelled); ``referral_overdue`` (the sweeper, when the follow-up clock runs out) reminds
the institution and whoever holds the case. In: ``referral_receive`` makes a case through the
intake door with channel ``limpahan``; a copy (*tembusan*) is received with intake type
``tembusan`` and so filed at once by ``case_receive`` (not counted as a report).

Permissions (``aduan.cases.permissions``): sending and closing need ``transfer`` (heads of unit,
heads of office, members), because forwarding a case outside the office is a decision like a
transfer; recording a receipt or an answer is desk work and needs ``receive``. Every check is
scoped to the case's office. A referral does not move the case's state: whether the case goes on
(a part was referred) or is closed (the whole case belongs elsewhere) is decided through the
case's own services.

The referral letter is the letters app's kind ``pelimpahan`` (addressed to the institution);
generating it writes its number on the referral (``letter_reference``). A number typed when the
referral is sent (a letter made outside Aduan) is kept as given.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aduan.cases import engine, identity, permissions
from aduan.cases.errors import CaseError, WrongState
from aduan.cases.models import Case
from aduan.core import audit
from aduan.deadlines.models import Deadline
from aduan.deadlines.services import deadline_close
from aduan.referrals.models import Institution, Referral

FOLLOW_UP_RULE = "tindak-lanjut-limpahan"


def _lock_referral(referral: Referral) -> Referral:
    return (
        Referral.objects.select_for_update(of=("self",))
        .select_related("case", "institution")
        .get(pk=referral.pk)
    )


def _record(action: str, referral: Referral, *, actor: Any, reason: str = "", **new: Any) -> None:
    audit.record(
        f"case.{action}",
        actor=actor,
        target=referral.case,
        office=referral.case.office,
        new={
            "referral": referral.pk,
            "institution": referral.institution.name,
            "direction": referral.direction,
            **new,
        },
        reason=reason,
    )


def _open_clocks(referral: Referral) -> Iterable[Deadline]:
    return list(Deadline.objects.open().for_subject(referral))


def referral_send(
    *,
    case: Case,
    institution: Institution,
    part: str,
    actor: Any,
    note: str = "",
    letter_reference: str = "",
    sent_at: dt.datetime | None = None,
) -> Referral:
    """Forward ``case`` (or the ``part`` of it described) to ``institution``, start the
    follow-up clock and write the event on the case's timeline."""
    permissions.require(actor, "transfer", case)
    part = (part or "").strip()
    if not part:
        raise CaseError(_("Say what is referred: the whole case or which part of it."))
    if not institution.active:
        raise CaseError(_("This institution is no longer active."))
    letter_reference = (letter_reference or "").strip()
    note = (note or "").strip()
    if not letter_reference:
        pending = _("Referral letter still to be made and its number recorded.")
        note = f"{note}\n{pending}".strip()
    sent_at = sent_at or timezone.now()
    with transaction.atomic():
        case = engine.lock(case)
        if not case.is_open:
            raise WrongState(_("A closed case is not referred."))
        # The identity guard: a confidential case goes to the institution only with its
        # approved summary, and what is referred must not identify the reporter.
        identity.guard_outgoing(case, {_("what is referred"): part})
        referral = Referral.objects.create(
            case=case,
            institution=institution,
            direction=Referral.Direction.OUT,
            part=part,
            sent_at=sent_at,
            letter_reference=letter_reference,
            note=note,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        clock = engine.start_clock(
            case, FOLLOW_UP_RULE, actor=actor, subject=referral, start=sent_at
        )
        _record(
            "referral_sent",
            referral,
            actor=actor,
            reason=part,
            letter=letter_reference,
            due=clock.due_date,
        )
    return referral


def referral_receipt(*, referral: Referral, actor: Any, at: dt.datetime | None = None) -> Referral:
    """Record that the institution acknowledged receipt of the referral."""
    permissions.require(actor, "receive", referral.case)
    with transaction.atomic():
        engine.lock(referral.case)
        referral = _lock_referral(referral)
        if referral.direction != Referral.Direction.OUT:
            raise CaseError(_("A receipt is recorded only for a referral we sent."))
        if referral.status == Referral.Status.CLOSED:
            raise WrongState(_("This referral is closed."))
        if referral.receipt_received_at is not None:
            raise CaseError(_("The receipt of this referral is already recorded."))
        referral.receipt_received_at = at or timezone.now()
        referral.save(update_fields=["receipt_received_at"])
        _record("referral_receipt", referral, actor=actor, at=referral.receipt_received_at)
    return referral


def referral_answer(
    *,
    referral: Referral,
    actor: Any,
    answer: str,
    upload: Any = None,
    document_kind: str = "lain",
) -> Referral:
    """Record the institution's answer (or, for a referral received, ours): the follow-up
    clock stops as met and the answer lands on the case's timeline. ``upload``: the answer
    letter, stored on the case through ``cases.documents.document_add``."""
    permissions.require(actor, "receive", referral.case)
    answer = (answer or "").strip()
    if not answer:
        raise CaseError(_("Write the answer received."))
    with transaction.atomic():
        engine.lock(referral.case)
        referral = _lock_referral(referral)
        if referral.status != Referral.Status.OPEN:
            raise WrongState(_("This referral is already answered or closed."))
        referral.answer = answer
        referral.answered_at = timezone.now()
        referral.status = Referral.Status.ANSWERED
        referral.save(update_fields=["answer", "answered_at", "status"])
        for clock in _open_clocks(referral):
            deadline_close(
                deadline=clock, state=Deadline.State.MET, actor=actor, reason=_("Answer received.")
            )
        if upload is not None:
            from aduan.cases.documents import document_add

            document_add(case=referral.case, upload=upload, kind=document_kind, actor=actor)
        _record("referral_answered", referral, actor=actor, reason=answer)
    return referral


def referral_close(*, referral: Referral, actor: Any, reason: str = "") -> Referral:
    """End a referral (answered or not); a clock still running is cancelled."""
    permissions.require(actor, "transfer", referral.case)
    with transaction.atomic():
        engine.lock(referral.case)
        referral = _lock_referral(referral)
        if referral.status == Referral.Status.CLOSED:
            raise WrongState(_("This referral is already closed."))
        if referral.status == Referral.Status.OPEN and not (reason or "").strip():
            raise CaseError(_("Say why a referral without an answer is closed."))
        old = referral.status
        referral.status = Referral.Status.CLOSED
        referral.save(update_fields=["status"])
        for clock in _open_clocks(referral):
            deadline_close(
                deadline=clock, state=Deadline.State.CANCELLED, actor=actor, reason=reason
            )
        _record("referral_closed", referral, actor=actor, reason=reason, old_status=old)
    return referral


def referral_overdue(*, referral: Referral, now: dt.datetime | None = None) -> Referral:
    """The follow-up clock of a referral we sent ran out without an answer (called by the
    sweeper, so the system is the actor): note it on the case's timeline, mark the referral
    reminded and, after commit, remind the institution and whoever holds the case by e-mail
    (``tasks.referral_reminder_task``). A referral answered, closed or already reminded is
    refused with ``WrongState``."""
    with transaction.atomic():
        engine.lock(referral.case)
        referral = _lock_referral(referral)
        if referral.direction != Referral.Direction.OUT:
            raise CaseError(_("Only a referral we sent is followed up."))
        if referral.status != Referral.Status.OPEN:
            raise WrongState(_("This referral is already answered or closed."))
        if referral.reminded_at is not None:
            raise WrongState(_("The institution was already reminded of this referral."))
        referral.reminded_at = now or timezone.now()
        referral.save(update_fields=["reminded_at"])
        _record(
            "referral_overdue",
            referral,
            actor=None,
            reason=_("No follow-up received in time; the institution is reminded."),
            letter=referral.letter_reference,
            reminded_at=referral.reminded_at,
        )
        from aduan.referrals.tasks import referral_reminder_task

        pk = referral.pk
        transaction.on_commit(lambda: referral_reminder_task.enqueue(referral_id=pk))
    return referral


def referral_receive(
    *,
    office: Any,
    institution: Institution,
    title: str,
    chronology: str,
    reporters: list[dict[str, Any]],
    actor: Any = None,
    part: str = "",
    letter_reference: str = "",
    copy: bool = False,
    confidential: bool = False,
    received_at: dt.datetime | None = None,
    key: str | None = None,
    fields: dict[str, Any] | None = None,
) -> Referral:
    """A referral (or, with ``copy``, a *tembusan*) received from ``institution`` becomes a case
    through the intake door (channel ``limpahan``) with an incoming referral on it. A copy is
    filed at receipt (intake type ``tembusan``) and not counted as a report; its referral is
    closed at once."""
    from aduan.intake.services import Submission, submit

    if actor is not None:
        permissions.require(actor, "receive", office=office)
    if not institution.active:
        raise CaseError(_("This institution is no longer active."))
    received_at = received_at or timezone.now()
    with transaction.atomic():
        case = submit(
            Submission(
                channel="limpahan",
                intake_type="tembusan" if copy else "lm",
                title=title,
                reporters=reporters,
                key=key,
                office=office,
                confidential=confidential,
                received_at=received_at,
                fields={"chronology": chronology, **(fields or {})},
            ),
            actor=actor,
        )
        existing = case.referrals.filter(direction=Referral.Direction.IN).first()
        if existing is not None:  # a retry with the same key
            return existing
        referral = Referral.objects.create(
            case=case,
            institution=institution,
            direction=Referral.Direction.IN,
            part=(part or "").strip() or (_("Copy") if copy else _("Whole case")),
            sent_at=received_at,
            letter_reference=(letter_reference or "").strip(),
            receipt_received_at=received_at,
            status=Referral.Status.CLOSED if copy else Referral.Status.OPEN,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        _record("referral_received", referral, actor=actor, letter=referral.letter_reference)
    return referral
