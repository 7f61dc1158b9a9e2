"""State changes of the liaison portal: invitation and activation of focal points, and what an
agency sends (answers, reports of corrective action done, requests for more time) and the
office decides. Each: permission, lock, guard, one transaction, audit, mail after commit."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from aduan.cases import engine, examination, permissions
from aduan.cases.documents import document_add
from aduan.cases.errors import CaseError, NotAllowed, WrongState
from aduan.cases.models import (
    ClarificationRequest,
    CorrectiveAction,
    Document,
    Recommendation,
    Summons,
)
from aduan.cases.states import State
from aduan.core import audit
from aduan.core.errors import DomainError
from aduan.deadlines.models import Deadline
from aduan.deadlines.services import (
    deadline_close,
    deadline_extend,
    extension_refusal_for_addressee,
)
from aduan.directory.models import Liaison, User
from aduan.liaison import selectors
from aduan.liaison.models import (
    AgencyReport,
    Decision,
    ExtensionRequest,
    Invitation,
    PortalDocument,
    SummonsReply,
)

TOKEN_SALT = "aduan.liaison.activate"  # noqa: S105 - a signing salt, not a secret
TOKEN_MAX_AGE = 7 * 24 * 3600
MAX_EXTENSION_DAYS = 30
RECOMMENDATION_OUTCOMES = frozenset(
    {
        Recommendation.Outcome.IMPLEMENTED,
        Recommendation.Outcome.PARTLY,
        Recommendation.Outcome.NOT_IMPLEMENTED,
    }
)


class LiaisonError(DomainError):
    code = "liaison_invalid"


def _text(value: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise CaseError(message)
    return value


def _require_staff(actor: Any, liaison: Liaison) -> None:
    """Office staff, and only for the agencies their office works with
    (``selectors.manageable_agencies``): an office cannot take over another's focal points."""
    office = getattr(actor, "office", None)
    if not (getattr(actor, "is_superuser", False) and getattr(actor, "is_active", False)):
        if office is None or not permissions.can(actor, "receive", office=office):
            raise NotAllowed(_("Only office staff may manage liaison officers."))
    if not selectors.manageable_agencies(actor).filter(pk=liaison.agency_id).exists():
        raise NotAllowed(_("This agency's focal points are managed by another office."))


def _liaison_of(user: Any) -> Liaison:
    liaison = selectors.liaison_for(user)
    if liaison is None:
        raise NotAllowed(_("This account is not an active liaison officer's."))
    return liaison


# --- invitation and activation
def activation_link(token: str) -> str:
    path = reverse("liaison:activate", args=[token])
    return f"{(settings.SITE_URL or '').rstrip('/')}{path}"


def liaison_invite(*, liaison: Liaison, actor: Any, notify: bool = True) -> dict[str, str]:
    """Invite a liaison officer to the portal: a signed link valid for 7 days, mailed to the
    liaison when they have an e-mail; the WhatsApp text is returned for staff to send."""
    liaison = Liaison.objects.select_related("agency", "user").get(pk=liaison.pk)
    _require_staff(actor, liaison)
    if not liaison.active:
        raise LiaisonError(_("This liaison officer is no longer active."))
    if liaison.user_id and liaison.user.is_active:
        raise LiaisonError(_("This liaison officer already has an active portal account."))
    with transaction.atomic():
        invitation = Invitation.objects.create(
            liaison=liaison, nonce=secrets.token_hex(8), created_by=actor
        )
        token = signing.dumps({"i": invitation.pk, "n": invitation.nonce}, salt=TOKEN_SALT)
        link = activation_link(token)
        message = _(
            "Ombudsman RI invites you, as liaison officer of %(agency)s, to its portal for "
            "agencies. Activate your account within 7 days: %(link)s"
        ) % {"agency": liaison.agency.name, "link": link}
        audit.record(
            "liaison.invited",
            actor=actor,
            target=liaison,
            office=getattr(actor, "office", None),
            new={"agency": liaison.agency.name, "email": bool(liaison.email)},
        )
        if liaison.email and notify:
            email = liaison.email
            transaction.on_commit(
                lambda: send_mail(
                    _("Your Ombudsman liaison portal account"),
                    message,
                    None,
                    [email],
                    fail_silently=True,
                )
            )
    whatsapp = ""
    number = "".join(ch for ch in (liaison.whatsapp or liaison.phone) if ch.isdigit())
    if number:
        if number.startswith("0"):
            number = "62" + number[1:]
        from urllib.parse import quote

        whatsapp = f"https://wa.me/{number}?text={quote(message)}"
    return {"token": token, "link": link, "message": message, "whatsapp": whatsapp}


def invitation_for(token: str) -> Invitation:
    """The invitation behind a token, or LiaisonError when expired, used or superseded."""
    try:
        data = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise LiaisonError(_("This invitation has expired; ask the office for a new one.")) from exc
    except signing.BadSignature as exc:
        raise LiaisonError(_("This invitation link is not valid.")) from exc
    invitation = (
        Invitation.objects.select_related("liaison__agency", "liaison__user")
        .filter(pk=data.get("i"), nonce=data.get("n"))
        .first()
    )
    if invitation is None or invitation.used_at is not None:
        raise LiaisonError(_("This invitation was already used."))
    latest = Invitation.objects.filter(liaison=invitation.liaison).first()
    if latest is None or latest.pk != invitation.pk or not invitation.liaison.active:
        raise LiaisonError(_("This invitation was replaced by a newer one."))
    return invitation


def liaison_activate(*, token: str, username: str, password: str) -> User:
    """The liaison sets a username and password: a portal account with no office role."""
    username = (username or "").strip()
    if not username:
        raise LiaisonError(_("Choose a username."))
    with transaction.atomic():
        invitation = invitation_for(token)
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.used_at is not None:
            raise LiaisonError(_("This invitation was already used."))
        liaison = Liaison.objects.select_for_update().get(pk=invitation.liaison_id)
        user = liaison.user
        taken = User.objects.filter(username__iexact=username)
        if user is not None:
            taken = taken.exclude(pk=user.pk)
        if taken.exists():
            raise LiaisonError(_("This username is taken; choose another."))
        if user is None:
            first, _sep, last = liaison.name.partition(" ")
            user = User(first_name=first[:150], last_name=last[:150], email=liaison.email)
        user.username = username
        user.role, user.office, user.unit = "", None, None
        user.is_staff = user.is_superuser = False
        user.is_active = True
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise LiaisonError(" ".join(exc.messages)) from exc
        user.set_password(password)
        user.save()
        liaison.user = user
        liaison.save(update_fields=["user"])
        invitation.used_at = timezone.now()
        invitation.save(update_fields=["used_at"])
        audit.record(
            "liaison.activated",
            actor=user,
            target=liaison,
            new={"agency": liaison.agency.name, "username": username},
        )
    return user


def liaison_deactivate(*, liaison: Liaison, actor: Any, reason: str = "") -> Liaison:
    """Close a liaison's portal account (the person left, or the agency asked)."""
    _require_staff(actor, liaison)
    with transaction.atomic():
        liaison = Liaison.objects.select_for_update().get(pk=liaison.pk)
        if liaison.user is None or not liaison.user.is_active:
            raise LiaisonError(_("This liaison officer has no active portal account."))
        liaison.user.is_active = False
        liaison.user.save(update_fields=["is_active"])
        Invitation.objects.filter(liaison=liaison, used_at__isnull=True).delete()
        audit.record(
            "liaison.deactivated",
            actor=actor,
            target=liaison,
            office=getattr(actor, "office", None),
            reason=reason,
        )
    return liaison


# --- what the agency sends
def _attach(case: Any, liaison: Liaison, files: Iterable[Any]) -> list[Document]:
    documents = []
    for upload in files:
        document = document_add(case=case, upload=upload, kind=Document.Kind.ANSWER, actor=None)
        PortalDocument.objects.create(document=document, liaison=liaison)
        documents.append(document)
    return documents


def liaison_answer(
    *, request: ClarificationRequest, user: Any, answer: str, files: Iterable[Any] = ()
) -> ClarificationRequest:
    """The agency answers a clarification request: recorded as the answer, its clock stops,
    the answer and its documents land on the case."""
    liaison = _liaison_of(user)
    if request.agency_id not in selectors.agency_ids_for(user):
        raise NotAllowed(_("This request is not addressed to your agency."))
    answer = _text(answer, _("Write your answer."))
    with transaction.atomic():
        case = engine.lock(request.case)
        engine.guard(case, State.EXAMINATION)
        request = ClarificationRequest.objects.select_for_update().get(pk=request.pk)
        if request.status not in selectors.OPEN_CLARIFICATION:
            raise WrongState(_("This request is already closed."))
        request.status = ClarificationRequest.Status.ANSWERED
        request.answer, request.answered_at = answer, timezone.now()
        request.save(update_fields=["status", "answer", "answered_at"])
        clock = Deadline.objects.live().for_subject(request).first()
        if clock is not None:
            deadline_close(deadline=clock, state=Deadline.State.MET, actor=user)
        documents = _attach(case, liaison, files)
        audit.record(
            "case.liaison_answered",
            actor=user,
            target=case,
            office=case.office,
            new={
                "round": request.round,
                "agency": request.agency.name,
                "liaison": liaison.name,
                "documents": len(documents),
            },
        )
    return request


def liaison_report_action(
    *, action: CorrectiveAction, user: Any, text: str, files: Iterable[Any] = ()
) -> AgencyReport:
    """The agency reports a corrective action done, with its evidence, for the office to
    accept or send back. Its clock keeps running until the office accepts."""
    liaison = _liaison_of(user)
    if action.addressee_id not in selectors.agency_ids_for(user):
        raise NotAllowed(_("This corrective action is not addressed to your agency."))
    text = _text(text, _("Describe what was done and the evidence."))
    with transaction.atomic():
        case = engine.lock(action.case)
        engine.guard(case, State.MONITORING, State.RESOLUTION, State.RECOMMENDATION)
        action = CorrectiveAction.objects.select_for_update().get(pk=action.pk)
        if action.status not in selectors.OPEN_ACTION:
            raise WrongState(_("This corrective action is already recorded as done."))
        if action.agency_reports.filter(decision=Decision.PENDING).exists():
            raise WrongState(_("Your earlier report is still waiting for the office."))
        report = AgencyReport.objects.create(action=action, text=text, by=user)
        documents = _attach(case, liaison, files)
        audit.record(
            "case.liaison_action_reported",
            actor=user,
            target=case,
            office=case.office,
            new={"action": action.pk, "report": report.pk, "documents": len(documents)},
        )
    return report


def liaison_report_recommendation(
    *,
    recommendation: Recommendation,
    user: Any,
    outcome: str,
    text: str,
    files: Iterable[Any] = (),
) -> AgencyReport:
    """The agency's superior reports how a recommendation was implemented (UU 37/2008
    Ps.38(1)), with evidence, for the office to accept or send back. Its 60-day clock keeps
    running until the office accepts the report."""
    liaison = _liaison_of(user)
    if recommendation.addressee_id not in selectors.agency_ids_for(user):
        raise NotAllowed(_("This recommendation is not addressed to your agency."))
    if outcome not in RECOMMENDATION_OUTCOMES:
        raise LiaisonError(_("Say whether it was implemented, partly implemented or not."))
    text = _text(text, _("Describe how the recommendation was implemented, with the evidence."))
    with transaction.atomic():
        case = engine.lock(recommendation.case)
        engine.guard(case, State.RECOMMENDATION)
        recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        if recommendation.sent_at is None:
            raise NotAllowed(_("This recommendation is not addressed to your agency."))
        if recommendation.outcome != Recommendation.Outcome.PENDING:
            raise WrongState(_("The implementation of this recommendation is already recorded."))
        if recommendation.agency_reports.filter(decision=Decision.PENDING).exists():
            raise WrongState(_("Your earlier report is still waiting for the office."))
        report = AgencyReport.objects.create(
            recommendation=recommendation, outcome=outcome, text=text, by=user
        )
        documents = _attach(case, liaison, files)
        audit.record(
            "case.liaison_recommendation_reported",
            actor=user,
            target=case,
            office=case.office,
            new={
                "recommendation": recommendation.pk,
                "report": report.pk,
                "outcome": outcome,
                "documents": len(documents),
            },
        )
    return report


def liaison_reply_summons(
    *,
    summons: Summons,
    user: Any,
    attending: bool,
    attendee: str = "",
    text: str = "",
    files: Iterable[Any] = (),
) -> SummonsReply:
    """The agency answers a summons: who will attend, or why nobody can (with a reason). The
    office still records afterwards whether the person came (``summons_record``)."""
    liaison = _liaison_of(user)
    if summons.case.agency_id not in selectors.agency_ids_for(user):
        raise NotAllowed(_("This summons is not addressed to your agency."))
    attendee, text = (attendee or "").strip(), (text or "").strip()
    if attending and not attendee:
        raise LiaisonError(_("Name who will attend."))
    if not attending and not text:
        raise LiaisonError(_("Say why nobody can attend, and propose another date."))
    with transaction.atomic():
        case = engine.lock(summons.case)
        engine.guard(case, State.EXAMINATION)
        summons = Summons.objects.select_for_update().get(pk=summons.pk)
        if summons.outcome != Summons.Outcome.SCHEDULED:
            raise WrongState(_("This summons has already taken place."))
        reply = SummonsReply.objects.create(
            summons=summons,
            attending=attending,
            attendee=attendee[:200],
            text=text,
            by=user,
        )
        documents = _attach(case, liaison, files)
        audit.record(
            "case.liaison_summons_replied",
            actor=user,
            target=case,
            office=case.office,
            new={
                "summons": summons.pk,
                "person": summons.person,
                "attending": attending,
                "attendee": attendee,
                "documents": len(documents),
            },
            reason=text,
        )
    return reply


def agency_report_decide(
    *, report: AgencyReport, actor: Any, accept: bool, reason: str = ""
) -> AgencyReport:
    """The office accepts the agency's report or sends it back with a reason. Accepted: a
    corrective action is done (its clock stops); a recommendation's implementation is
    recorded as reported (its clock stops)."""
    case = report.case
    permissions.require(actor, "monitor", case)
    if not accept:
        reason = _text(reason, _("Say why the report is sent back."))
    with transaction.atomic():
        locked = engine.lock(case)
        report = AgencyReport.objects.select_for_update().get(pk=report.pk)
        if report.decision != Decision.PENDING:
            raise WrongState(_("This report was already decided."))
        if accept and report.action_id:
            examination.corrective_action_report(
                action=report.action,
                actor=actor,
                status=CorrectiveAction.Status.DONE,
                evidence=report.text,
            )
        elif accept:
            examination.recommendation_outcome(
                recommendation=report.recommendation,
                actor=actor,
                outcome=report.outcome,
                report=report.text,
            )
        else:
            audit.record(
                "case.liaison_report_sent_back",
                actor=actor,
                target=locked,
                office=locked.office,
                new={
                    "action": report.action_id,
                    "recommendation": report.recommendation_id,
                    "report": report.pk,
                },
                reason=reason,
            )
        report.decision = Decision.ACCEPTED if accept else Decision.SENT_BACK
        report.decided_by, report.decided_at, report.reason = actor, timezone.now(), reason
        report.save(update_fields=["decision", "decided_by", "decided_at", "reason"])
    return report


def _suggestion_of(deadline: Deadline) -> Any:
    """The improvement suggestion a clock without a case waits on, locked."""
    from aduan.prevention.models import Suggestion

    return (
        Suggestion.objects.select_for_update()
        .select_related("review__office")
        .get(pk=deadline.subject_id)
    )


def liaison_request_extension(
    *, deadline: Deadline, user: Any, days: int, reason: str
) -> ExtensionRequest:
    """The agency asks for more time on one of its running clocks (a case's, or an improvement
    suggestion's follow-up), with a reason. Refused for a clock the law fixes (its rule is not
    extendable): the message says the period's source and what happens when it runs out."""
    liaison = _liaison_of(user)
    deadline = selectors.deadline_for_liaison(user, deadline.pk)
    refusal = extension_refusal_for_addressee(deadline)
    if refusal:  # a statutory period (UU 37/2008 Ps.33, Ps.38(2); PO 58/2023 Ps.54(1))
        raise LiaisonError(refusal)
    reason = _text(reason, _("Say why you need more time."))
    if not isinstance(days, int) or not 1 <= days <= MAX_EXTENSION_DAYS:
        raise LiaisonError(_("Ask for between 1 and %(max)s days.") % {"max": MAX_EXTENSION_DAYS})
    with transaction.atomic():
        if deadline.case_id is not None:
            case = engine.lock(deadline.case)
            target, office = case, case.office
        else:
            case = None
            target = _suggestion_of(deadline).review
            office = target.office
        if ExtensionRequest.objects.filter(deadline=deadline, status=Decision.PENDING).exists():
            raise WrongState(_("An earlier request for this deadline is still waiting."))
        request = ExtensionRequest.objects.create(
            deadline=deadline, case=case, days=days, reason=reason, by=user
        )
        audit.record(
            "case.liaison_extension_requested",
            actor=user,
            target=target,
            office=office,
            new={"deadline": deadline.pk, "days": days, "liaison": liaison.name},
            reason=reason,
        )
    return request


def extension_decide(
    *, request: ExtensionRequest, actor: Any, grant: bool, reason: str = ""
) -> ExtensionRequest:
    """The office grants (the clock moves by the days asked) or refuses a request for time. For
    an improvement suggestion's clock, whoever does the office's prevention work decides, and
    the suggestion's due date follows the clock (``prevention.services.suggestion_extend``)."""
    case = request.case
    if case is not None:
        if not any(permissions.can(actor, a, case) for a in ("examine", "monitor", "approve")):
            raise NotAllowed(_("Your role does not allow this for this case."))
    else:
        from aduan.prevention.permissions import require as prevention_require

        prevention_require(actor, "work", request.deadline.office)
    if not grant:
        reason = _text(reason, _("Say why the request is refused."))
    with transaction.atomic():
        if case is not None:
            locked = engine.lock(case)
            target, office = locked, locked.office
        else:
            suggestion = _suggestion_of(request.deadline)
            target, office = suggestion.review, suggestion.review.office
        request = ExtensionRequest.objects.select_for_update().get(pk=request.pk)
        if request.status != Decision.PENDING:
            raise WrongState(_("This request was already decided."))
        if grant:
            why = _("Asked by the agency: %(reason)s") % {"reason": request.reason}
            if case is not None:
                deadline_extend(
                    deadline=request.deadline, days=request.days, reason=why, actor=actor
                )
            else:
                from aduan.prevention.services import suggestion_extend

                suggestion_extend(suggestion=suggestion, actor=actor, days=request.days, reason=why)
        request.status = Decision.ACCEPTED if grant else Decision.SENT_BACK
        request.decided_by, request.decided_at = actor, timezone.now()
        request.decision_reason = reason
        request.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
        audit.record(
            "case.liaison_extension_decided",
            actor=actor,
            target=target,
            office=office,
            new={"deadline": request.deadline_id, "granted": grant, "days": request.days},
            reason=reason,
        )
    return request
