"""The endpoints. Each handler fetches the case with ``selectors.case_for_user`` (which refuses a
case the caller may not see), turns codes and ids into objects (``lookups``) and calls exactly
one service or selector; the services check roles, states and every rule.

``{case_id}`` is the case's numeric id; a client that knows only the reference finds the case
with ``GET /cases/by-reference?reference=...`` or filters ``GET /cases?reference=...``.
"""

from typing import Any, Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Header, Query, Router
from ninja.pagination import paginate

from aduan.access import is_office_staff
from aduan.api import lookups
from aduan.api.bounds import Pagination, PathId
from aduan.api.schemas import (
    AdviceIn,
    AnswerIn,
    AssignIn,
    CaseCreatedOut,
    CaseDetailOut,
    CaseFieldsIn,
    CaseFilter,
    CaseOut,
    CaseUpdateIn,
    ChecklistIn,
    ClarificationIn,
    ClarificationOut,
    CloseIn,
    ConflictIn,
    ConflictOut,
    CorrectiveActionOut,
    CorrectiveActionReportIn,
    EscalateRcoIn,
    EscalationIn,
    EscalationOut,
    FieldInvestigationIn,
    FieldInvestigationOut,
    IapsIn,
    IncomingReferralIn,
    IncomingReferralOut,
    InstitutionOut,
    LahpDraftIn,
    LahpFinaliseIn,
    LahpOut,
    LahpResponseIn,
    MediationIn,
    MediationOut,
    NoteAddIn,
    NoteIn,
    NoteOut,
    NoticeIn,
    NotWithinAuthorityIn,
    ReasonIn,
    RecommendationIn,
    RecommendationOut,
    RecommendationOutcomeIn,
    RecommendationSentIn,
    Reference,
    RegisterIn,
    RejectIn,
    ReporterIn,
    ReportIn,
    SummonsIn,
    SummonsOut,
    SummonsOutcomeIn,
    TransferIn,
)
from aduan.cases import examination as ex
from aduan.cases import selectors
from aduan.cases import services as sv
from aduan.cases.errors import NotAllowed
from aduan.cases.models import Case
from aduan.cases.models import Lahp as LahpModel
from aduan.referrals import selectors as referral_selectors
from aduan.referrals import services as referrals
from aduan.referrals.models import Institution, Referral

router = Router()

PAGE_SIZE = 50
IDEMPOTENCY_KEY_MAX = 64
REVEAL_REASON_MAX = 1000


def _case(request: HttpRequest, case_id: int) -> Case:
    """Fetch and authorize: NotAllowed (403) for a case that is missing or out of sight."""
    return selectors.case_for_user(request.auth, case_id)


def _detail(
    request: HttpRequest, case: Case, reveal: str | None, reason: str | None = None
) -> dict[str, Any]:
    viewer = request.auth
    return {
        "case": case,
        "reporters": selectors.reporters_view(
            case, viewer, reveal=reveal == "identity", reason=reason or ""
        ),
        "clocks": selectors.clocks(case),
        "timeline": selectors.timeline(case),
    }


def _reporters(reporters: list[ReporterIn]) -> list[dict[str, Any]]:
    """The reporters as ``case_receive`` takes them: only the fields sent, region looked up."""
    return [
        {
            **reporter.model_dump(exclude={"region"}, exclude_unset=True, exclude_none=True),
            **({"region": lookups.region(reporter.region)} if reporter.region else {}),
        }
        for reporter in reporters
    ]


# --- receipt and reading
@router.post("/cases", response={201: CaseCreatedOut}, tags=["cases"])
def create_case(
    request: HttpRequest,
    payload: ReportIn,
    idempotency_key: str | None = Header(
        None, alias="Idempotency-Key", max_length=IDEMPOTENCY_KEY_MAX
    ),
) -> Case:
    """Receive a report (``case_receive``). Send an ``Idempotency-Key`` header (up to 64
    characters, unique per report) so that a retry returns the same case instead of a second
    one; keys are kept per token user."""
    user = request.auth
    key = (idempotency_key or "").strip()
    office = lookups.office_of(user, payload.office)
    reporters = _reporters(payload.reporters)
    return sv.case_receive(
        office=office,
        intake_type=payload.intake_type,
        channel=payload.channel,
        title=payload.title,
        reporters=reporters,
        actor=user,
        received_at=payload.received_at,
        confidential=payload.confidential,
        maladministration_forms=lookups.forms(payload.maladministration_forms),
        intake_key=f"api:{user.pk}:{key}" if key else None,
        **lookups.case_fields(payload, CaseFieldsIn.model_fields),
    )


# --- referrals received from other institutions
@router.get(
    "/referrals/institutions",
    response=list[InstitutionOut],
    tags=["referrals"],
    summary="List the active institutions",
)
def institutions(request: HttpRequest) -> QuerySet[Institution]:
    """The active institutions a referral may come from, by name: pick the ``id`` to send as
    ``institution_id`` to ``POST /referrals/incoming``. Any office staff account may list
    them (an account without an office role, such as an agency's liaison, may not)."""
    user = request.auth
    if not is_office_staff(user):
        raise NotAllowed(_("Your role does not allow this."))
    return referral_selectors.active_institutions()


@router.post(
    "/referrals/incoming",
    response={201: IncomingReferralOut},
    tags=["referrals"],
    by_alias=True,
    summary="Record a referral received from another institution",
)
def referral_incoming(
    request: HttpRequest,
    payload: IncomingReferralIn,
    idempotency_key: str | None = Header(
        None, alias="Idempotency-Key", max_length=IDEMPOTENCY_KEY_MAX
    ),
) -> Referral:
    """A referral (*limpahan*) another institution sent to the office becomes a case of the
    office through the same door as every report (channel ``limpahan``), with the institution
    and its letter recorded on it (``referral_receive``). With ``copy`` (a *tembusan*) the
    case is filed at receipt (state ``selesai``) and not counted as a report.

    Recording one needs the same role as receiving a report (PVL desk, heads). The office is
    the token user's own unless ``office`` names another one the user works in. Send an
    ``Idempotency-Key`` header (up to 64 characters, e.g. the institution's letter number) so
    that a retry returns the same referral and case instead of a second one; keys are kept
    per token user. An unknown or inactive ``institution_id`` is refused with 404.

    The answer names the referral and its case; it never echoes the reporters."""
    user = request.auth
    key = (idempotency_key or "").strip()
    office = lookups.office_of(user, payload.office)
    return referrals.referral_receive(
        office=office,
        institution=lookups.institution(payload.institution_id),
        title=payload.title,
        chronology=payload.chronology,
        reporters=_reporters(payload.reporters),
        actor=user,
        part=payload.part,
        letter_reference=payload.letter_reference,
        copy=payload.is_copy,
        confidential=payload.confidential,
        received_at=payload.received_at,
        key=f"api:{user.pk}:{key}" if key else None,
    )


@router.post("/iaps", response={201: CaseOut}, tags=["cases"])
def open_iaps(request: HttpRequest, payload: IapsIn) -> Case:
    """Open an own-initiative investigation (``case_open_iaps``)."""
    user = request.auth
    office = lookups.office_of(user, payload.office)
    return sv.case_open_iaps(
        office=office,
        actor=user,
        title=payload.title,
        unit=lookups.unit(office, payload.unit),
        agency=lookups.agency(payload.agency_id),
        chronology=payload.chronology,
        linked_reports=lookups.cases(user, payload.linked_reports),
        substance=lookups.substance(payload.substance),
    )


@router.get("/cases", response=list[CaseOut], tags=["cases"])
@paginate(Pagination, page_size=PAGE_SIZE)
def list_cases(request: HttpRequest, filters: Query[CaseFilter]) -> QuerySet[Case]:
    """The cases the caller may see (``selectors.cases_for``), newest first, 50 a page."""
    queryset = selectors.cases_for(request.auth).select_related(
        "office",
        "unit",
        "assignee",
        "intake_type",
        "channel",
        "agency",
        "substance",
        "closure_mode",
        "closure_reason",
        "rejection_reason",
    )
    return filters.filter(queryset)


@router.get("/cases/by-reference", response=CaseDetailOut, tags=["cases"])
def case_by_reference(
    request: HttpRequest,
    reference: Reference,
    reveal: Literal["identity"] | None = None,
    reason: str | None = Query(None, max_length=REVEAL_REASON_MAX),
) -> dict[str, Any]:
    """The same as ``GET /cases/{case_id}``, for a client that knows the reference."""
    return _detail(request, selectors.case_for_user(request.auth, reference), reveal, reason)


@router.get("/cases/{case_id}", response=CaseDetailOut, tags=["cases"])
def case_detail(
    request: HttpRequest,
    case_id: PathId,
    reveal: Literal["identity"] | None = None,
    reason: str | None = Query(None, max_length=REVEAL_REASON_MAX),
) -> dict[str, Any]:
    """The case, its reporters (``selectors.reporters_view``), clocks and timeline.
    ``?reveal=identity`` asks to see a confidential reporter's identity: shown only to a role
    allowed to see it, and every such view is written to the audit log. The case's holder, the
    head of its unit and the head of office (and PVL while it verifies an unassigned case) need
    nothing more; anyone else adds ``&reason=...`` (at least 10 characters): the reveal is
    logged with the reason and the holder is told. Without it: 403 ``reason_required``."""
    return _detail(request, _case(request, case_id), reveal, reason)


@router.patch("/cases/{case_id}", response=CaseOut, tags=["cases"])
def update_case(request: HttpRequest, case_id: PathId, payload: CaseUpdateIn) -> Case:
    """Correct or complete the case file (``case_update``): only the fields sent change, each
    change is audited old → new, and a confidential case cannot be made public."""
    return sv.case_update(
        case=_case(request, case_id),
        actor=request.auth,
        reason=payload.reason,
        **lookups.case_fields(payload, {*CaseFieldsIn.model_fields, "title", "confidential"}),
    )


# --- consultations, verification, decision
@router.post("/cases/{case_id}/knl-answer", response=CaseOut, tags=["intake"])
def knl_answer(request: HttpRequest, case_id: PathId, payload: AdviceIn) -> Case:
    """Answer a consultation with advice (``knl_answer``)."""
    return sv.knl_answer(case=_case(request, case_id), actor=request.auth, advice=payload.advice)


@router.post("/cases/{case_id}/knl-convert", response=CaseOut, tags=["intake"])
def knl_convert(request: HttpRequest, case_id: PathId, payload: ReasonIn) -> Case:
    """Turn a consultation into a regular report (``knl_convert``)."""
    return sv.knl_convert(case=_case(request, case_id), actor=request.auth, reason=payload.reason)


@router.post("/cases/{case_id}/verify-formal", response=CaseOut, tags=["verification"])
def verify_formal(request: HttpRequest, case_id: PathId, payload: ChecklistIn) -> Case:
    """Record the formal checklist (``case_verify_formal``)."""
    return sv.case_verify_formal(
        case=_case(request, case_id), actor=request.auth, items=payload.items, notes=payload.notes
    )


@router.post("/cases/{case_id}/complete", response=CaseOut, tags=["verification"])
def complete(request: HttpRequest, case_id: PathId, payload: NoteIn) -> Case:
    """The reporter sent what was missing (``case_complete``)."""
    return sv.case_complete(case=_case(request, case_id), actor=request.auth, note=payload.note)


@router.post("/cases/{case_id}/verify-material", response=CaseOut, tags=["verification"])
def verify_material(request: HttpRequest, case_id: PathId, payload: ChecklistIn) -> Case:
    """Record the material checklist (``case_verify_material``)."""
    return sv.case_verify_material(
        case=_case(request, case_id), actor=request.auth, items=payload.items, notes=payload.notes
    )


@router.post("/cases/{case_id}/register", response=CaseOut, tags=["decision"])
def register(request: HttpRequest, case_id: PathId, payload: RegisterIn) -> Case:
    """Register the report for examination (``case_register``)."""
    case = _case(request, case_id)
    return sv.case_register(
        case=case,
        actor=request.auth,
        unit=lookups.unit(case.office, payload.unit),
        assignee=lookups.staff(request.auth, payload.assignee),
        reason=payload.reason,
    )


@router.post("/cases/{case_id}/reject", response=CaseOut, tags=["decision"])
def reject(request: HttpRequest, case_id: PathId, payload: RejectIn) -> Case:
    """Reject with a Ps.36(1) reason (``case_reject``)."""
    return sv.case_reject(
        case=_case(request, case_id), actor=request.auth, reason=payload.reason, note=payload.note
    )


@router.post("/cases/{case_id}/not-within-authority", response=CaseOut, tags=["decision"])
def not_within_authority(
    request: HttpRequest, case_id: PathId, payload: NotWithinAuthorityIn
) -> Case:
    """Not within the Ombudsman's authority (``case_not_within_authority``)."""
    return sv.case_not_within_authority(
        case=_case(request, case_id),
        actor=request.auth,
        note=payload.note,
        competent_body=payload.referred_to,  # the body named in the Ps.27 notice
    )


@router.post("/cases/{case_id}/record-notice", response=CaseOut, tags=["decision"])
def record_notice(request: HttpRequest, case_id: PathId, payload: NoticeIn) -> Case:
    """The reporter was told of the decision (``case_record_notice``)."""
    return sv.case_record_notice(
        case=_case(request, case_id), actor=request.auth, rule=payload.rule, note=payload.note
    )


@router.post("/cases/{case_id}/escalate-rco", response=CaseOut, tags=["decision"])
def escalate_rco(request: HttpRequest, case_id: PathId, payload: EscalateRcoIn) -> Case:
    """Rapid response could not resolve it (``case_escalate_rco``)."""
    case = _case(request, case_id)
    return sv.case_escalate_rco(
        case=case,
        actor=request.auth,
        unit=lookups.unit(case.office, payload.unit),
        reason=payload.reason,
    )


# --- assignment, transfer, closure
@router.post("/cases/{case_id}/assign", response=CaseOut, tags=["cases"])
def assign(request: HttpRequest, case_id: PathId, payload: AssignIn) -> Case:
    """Give the case to a member of its unit, or take it back (``case_assign``)."""
    return sv.case_assign(
        case=_case(request, case_id),
        actor=request.auth,
        assignee=lookups.staff(request.auth, payload.assignee),
        reason=payload.reason,
    )


@router.post("/cases/{case_id}/transfer", response=CaseOut, tags=["cases"])
def transfer(request: HttpRequest, case_id: PathId, payload: TransferIn) -> Case:
    """Move the case to another unit or office (``case_transfer``)."""
    case = _case(request, case_id)
    to_office = lookups.any_office(payload.to_office)
    return sv.case_transfer(
        case=case,
        actor=request.auth,
        reason=payload.reason,
        to_unit=lookups.unit(to_office or case.office, payload.to_unit),
        to_office=to_office,
    )


@router.post("/cases/{case_id}/close", response=CaseOut, tags=["closure"])
def close(request: HttpRequest, case_id: PathId, payload: CloseIn) -> Case:
    """Close with a closure mode and reason (``case_close``)."""
    return sv.case_close(
        case=_case(request, case_id),
        actor=request.auth,
        closure_mode=payload.closure_mode,
        closure_reason=payload.closure_reason,
        note=payload.note,
    )


@router.post("/cases/{case_id}/withdraw", response=CaseOut, tags=["closure"])
def withdraw(request: HttpRequest, case_id: PathId, payload: ReasonIn) -> Case:
    """Record the reporter's withdrawal (``case_withdraw``)."""
    return sv.case_withdraw(case=_case(request, case_id), actor=request.auth, reason=payload.reason)


@router.post("/cases/{case_id}/reopen", response=CaseOut, tags=["closure"])
def reopen(request: HttpRequest, case_id: PathId, payload: ReasonIn) -> Case:
    """Reopen a closed case (``case_reopen``)."""
    return sv.case_reopen(case=_case(request, case_id), actor=request.auth, reason=payload.reason)


# --- examination
@router.post(
    "/cases/{case_id}/clarifications",
    response={201: ClarificationOut},
    tags=["examination"],
)
def clarification_request(request: HttpRequest, case_id: PathId, payload: ClarificationIn) -> Any:
    """Send a clarification request to the reported party (``clarification_request``)."""
    return ex.clarification_request(
        case=_case(request, case_id),
        actor=request.auth,
        questions=payload.questions,
        agency=lookups.agency(payload.agency_id),
    )


@router.post(
    "/cases/{case_id}/clarifications/{request_id}/answer",
    response=ClarificationOut,
    tags=["examination"],
)
def clarification_answer(
    request: HttpRequest, case_id: PathId, request_id: PathId, payload: AnswerIn
) -> Any:
    """Record the reported party's answer (``clarification_answer``)."""
    case = _case(request, case_id)
    return ex.clarification_answer(
        request=lookups.clarification(case, request_id),
        actor=request.auth,
        answer=payload.answer,
    )


@router.post("/cases/{case_id}/summonses", response={201: SummonsOut}, tags=["examination"])
def summons_schedule(request: HttpRequest, case_id: PathId, payload: SummonsIn) -> Any:
    """Schedule a summons (``summons_schedule``)."""
    return ex.summons_schedule(
        case=_case(request, case_id),
        actor=request.auth,
        person=payload.person,
        scheduled_for=payload.scheduled_for,
    )


@router.post(
    "/cases/{case_id}/summonses/{summons_id}/outcome",
    response=SummonsOut,
    tags=["examination"],
)
def summons_outcome(
    request: HttpRequest, case_id: PathId, summons_id: PathId, payload: SummonsOutcomeIn
) -> Any:
    """Record whether the person came (``summons_record``)."""
    case = _case(request, case_id)
    return ex.summons_record(
        summons=lookups.summons(case, summons_id),
        actor=request.auth,
        outcome=payload.outcome,
        notes=payload.notes,
    )


@router.post(
    "/cases/{case_id}/field-investigations",
    response={201: FieldInvestigationOut},
    tags=["examination"],
)
def field_investigation(
    request: HttpRequest, case_id: PathId, payload: FieldInvestigationIn
) -> Any:
    """Record a field investigation (``field_investigation_record``)."""
    return ex.field_investigation_record(
        case=_case(request, case_id),
        actor=request.auth,
        held_on=payload.held_on,
        place=payload.place,
        findings=payload.findings,
        unannounced=payload.unannounced,
    )


@router.post("/cases/{case_id}/mediations", response={201: MediationOut}, tags=["examination"])
def mediation(request: HttpRequest, case_id: PathId, payload: MediationIn) -> Any:
    """Record a mediation or conciliation session (``mediation_record``)."""
    return ex.mediation_record(
        case=_case(request, case_id),
        actor=request.auth,
        kind=payload.kind,
        held_on=payload.held_on,
        parties=payload.parties,
        outcome=payload.outcome,
        agreement_reached=payload.agreement_reached,
    )


@router.post("/cases/{case_id}/notes", response={201: NoteOut}, tags=["cases"])
def note_add(request: HttpRequest, case_id: PathId, payload: NoteAddIn) -> Any:
    """An internal note, or a message to the reporters: each gets it through the channel they
    chose and in their language (``case_add_note``)."""
    return sv.case_add_note(
        case=_case(request, case_id),
        actor=request.auth,
        kind=payload.kind,
        text=payload.text,
        reply_template=lookups.reply_template(payload.reply_template),
    )


@router.post("/cases/{case_id}/conflicts", response={201: ConflictOut}, tags=["examination"])
def conflict(request: HttpRequest, case_id: PathId, payload: ConflictIn) -> Any:
    """Declare the caller's own conflict of interest in the case (``conflict_declare``)."""
    return ex.conflict_declare(
        case=_case(request, case_id), user=request.auth, reason=payload.reason
    )


@router.post("/cases/{case_id}/lahp/draft", response={201: LahpOut}, tags=["lahp"])
def lahp_draft(request: HttpRequest, case_id: PathId, payload: LahpDraftIn) -> Any:
    """Send the draft LAHP to the reporter (``lahp_send_draft``)."""
    return ex.lahp_send_draft(
        case=_case(request, case_id),
        actor=request.auth,
        conclusion=payload.conclusion,
        findings=payload.findings,
    )


@router.post("/cases/{case_id}/lahp/response", response=LahpOut, tags=["lahp"])
def lahp_response(request: HttpRequest, case_id: PathId, payload: LahpResponseIn) -> Any:
    """Record the reporter's response to the latest draft (``lahp_record_response``)."""
    case = _case(request, case_id)
    return ex.lahp_record_response(
        lahp=lookups.latest_lahp(case),
        actor=request.auth,
        response=payload.response,
        new_evidence=payload.new_evidence,
    )


@router.post("/cases/{case_id}/lahp/finalise", response=LahpOut, tags=["lahp"])
def lahp_finalise(request: HttpRequest, case_id: PathId, payload: LahpFinaliseIn) -> LahpModel:
    """Make the LAHP final (``lahp_finalise``); corrective actions name their addressee by
    agency id."""
    return ex.lahp_finalise(
        case=_case(request, case_id),
        actor=request.auth,
        corrective_actions=[
            {"addressee": lookups.agency(item.addressee_id), "description": item.description}
            for item in payload.corrective_actions
        ],
        closure_mode=payload.closure_mode,
        note=payload.note,
    )


# --- monitoring and recommendations
@router.post(
    "/cases/{case_id}/corrective-actions/{action_id}/report",
    response=CorrectiveActionOut,
    tags=["monitoring"],
)
def corrective_action_report(
    request: HttpRequest, case_id: PathId, action_id: PathId, payload: CorrectiveActionReportIn
) -> Any:
    """Record what the addressee did (``corrective_action_report``)."""
    case = _case(request, case_id)
    return ex.corrective_action_report(
        action=lookups.corrective_action(case, action_id),
        actor=request.auth,
        status=payload.status,
        evidence=payload.evidence,
    )


@router.post(
    "/cases/{case_id}/recommendations",
    response={201: RecommendationOut},
    tags=["monitoring"],
)
def recommendation_issue(request: HttpRequest, case_id: PathId, payload: RecommendationIn) -> Any:
    """Issue a recommendation (``recommendation_issue``)."""
    return ex.recommendation_issue(
        case=_case(request, case_id),
        actor=request.auth,
        addressee=lookups.agency(payload.addressee_id),
        content=payload.content,
        signed_at=payload.signed_at,
    )


@router.post(
    "/cases/{case_id}/recommendations/{recommendation_id}/sent",
    response=RecommendationOut,
    tags=["monitoring"],
)
def recommendation_sent(
    request: HttpRequest, case_id: PathId, recommendation_id: PathId, payload: RecommendationSentIn
) -> Any:
    """The recommendation was sent (``recommendation_sent``)."""
    case = _case(request, case_id)
    return ex.recommendation_sent(
        recommendation=lookups.recommendation(case, recommendation_id),
        actor=request.auth,
        sent_at=payload.sent_at,
    )


@router.post(
    "/cases/{case_id}/recommendations/{recommendation_id}/outcome",
    response=RecommendationOut,
    tags=["monitoring"],
)
def recommendation_outcome(
    request: HttpRequest,
    case_id: PathId,
    recommendation_id: PathId,
    payload: RecommendationOutcomeIn,
) -> Any:
    """Record the implementation report (``recommendation_outcome``)."""
    case = _case(request, case_id)
    return ex.recommendation_outcome(
        recommendation=lookups.recommendation(case, recommendation_id),
        actor=request.auth,
        outcome=payload.outcome,
        report=payload.report,
    )


@router.post(
    "/cases/{case_id}/recommendations/{recommendation_id}/escalate",
    response={201: EscalationOut},
    tags=["monitoring"],
)
def recommendation_escalate(
    request: HttpRequest, case_id: PathId, recommendation_id: PathId, payload: EscalationIn
) -> Any:
    """Publish, or report to the DPR or the President (``recommendation_escalate``)."""
    case = _case(request, case_id)
    return ex.recommendation_escalate(
        recommendation=lookups.recommendation(case, recommendation_id),
        actor=request.auth,
        kind=payload.kind,
        note=payload.note,
    )
