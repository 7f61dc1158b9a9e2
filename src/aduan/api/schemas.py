"""What the API reads and writes. Codes (intake type, channel, substance, reasons, modes) are the
stable ``code`` of the reference lists; agencies are referred to by id, units by their code in
the case's office, staff by username. Lengths follow the database columns."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Annotated, Any, Literal

from ninja import Field, FilterLookup, FilterSchema, Schema
from pydantic import AfterValidator, StrictBool, WithJsonSchema

from aduan.api.bounds import MAX_ID, MAX_IDS, Id
from aduan.cases.models import (
    Case,
    ClarificationRequest,
    ConflictDeclaration,
    CorrectiveAction,
    Escalation,
    Lahp,
    Mediation,
    Note,
    Recommendation,
    Reporter,
    Summons,
)
from aduan.cases.reporter_fields import MaritalStatus
from aduan.cases.states import State
from aduan.prevention.models import Activity, Suggestion, SystemicReview

Text = Annotated[str, Field(max_length=10_000)]


def _not_an_id(value: str) -> str:
    # Digits alone are how the API names a case by id; keep references and ids apart here.
    if value.isdigit():
        raise ValueError("a case reference, not a numeric id: use GET /cases/{case_id}")
    return value


Reference = Annotated[str, Field(min_length=1, max_length=80), AfterValidator(_not_an_id)]
CLOCK_SKEW = dt.timedelta(minutes=5)


def _a_past_moment(value: dt.datetime | None) -> dt.datetime | None:
    # A device that queued reports offline sends when the person reported; a device clock a
    # few minutes fast is forgiven (read as now), a later time is refused.
    if value is None:
        return None
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("give the time zone offset, e.g. 2026-03-12T10:00:00+07:00")
    now = dt.datetime.now(dt.UTC)
    if value > now + CLOCK_SKEW:
        raise ValueError("is in the future: give the time the person reported")
    return min(value, now)


PastMoment = Annotated[dt.datetime | None, AfterValidator(_a_past_moment)]


def choice(choices: type[enum.Enum]) -> Any:
    """The type of a field holding one of ``choices`` (a model's TextChoices), described inline
    in the OpenAPI document under its own title (``ReporterKind``). Left to django-ninja, every
    ``Kind`` (reporter, note, activity ...) became one ``Kind`` component, the last one
    generated, and a reporter's kind was documented as an activity's."""
    owner = choices.__qualname__.split(".")[0]
    title = owner + choices.__name__ if owner != choices.__name__ else owner
    described = {"title": title, "type": "string", "enum": [item.value for item in choices]}
    return Annotated[choices, WithJsonSchema(described)]


def _code(item: Any) -> str | None:
    return item.code if item is not None else None


# --- errors
class ErrorOut(Schema):
    code: str = Field(description="Stable code for programs, e.g. wrong_state, not_allowed.")
    message: str = Field(description="For people, in the language of Accept-Language.")
    fields: list[str] | None = Field(None, description="Only for invalid_request (422).")


# --- cases
class CaseOut(Schema):
    id: int
    reference: str
    state: State
    state_label: str
    office: str
    unit: str | None
    assignee: str | None
    intake_type: str
    channel: str
    title: str
    confidential: bool
    received_at: dt.datetime
    state_since: dt.datetime
    closed_at: dt.datetime | None
    agency_id: int | None
    agency_name: str | None
    substance: str | None
    conclusion: str
    closure_mode: str | None
    closure_reason: str | None
    rejection_reason: str | None
    referred_to: str
    police_assistance_option: bool

    @staticmethod
    def resolve_state_label(obj: Case) -> str:
        return str(obj.get_state_display())

    @staticmethod
    def resolve_office(obj: Case) -> str:
        return obj.office.code

    @staticmethod
    def resolve_unit(obj: Case) -> str | None:
        return _code(obj.unit)

    @staticmethod
    def resolve_assignee(obj: Case) -> str | None:
        return obj.assignee.get_username() if obj.assignee else None

    @staticmethod
    def resolve_intake_type(obj: Case) -> str:
        return obj.intake_type.code

    @staticmethod
    def resolve_channel(obj: Case) -> str:
        return obj.channel.code

    @staticmethod
    def resolve_agency_name(obj: Case) -> str | None:
        return obj.agency.name if obj.agency else None

    @staticmethod
    def resolve_substance(obj: Case) -> str | None:
        return _code(obj.substance)

    @staticmethod
    def resolve_closure_mode(obj: Case) -> str | None:
        return _code(obj.closure_mode)

    @staticmethod
    def resolve_closure_reason(obj: Case) -> str | None:
        return _code(obj.closure_reason)

    @staticmethod
    def resolve_rejection_reason(obj: Case) -> str | None:
        return _code(obj.rejection_reason)


class CaseCreatedOut(CaseOut):
    access_code: str = Field(
        description="The reporter's tracking code; returned only when the report is received."
    )


class ClarificationOut(Schema):
    id: int
    round: int
    agency_id: int
    questions: str
    sent_at: dt.datetime
    status: choice(ClarificationRequest.Status)
    answer: str
    answered_at: dt.datetime | None


class SummonsOut(Schema):
    id: int
    person: str
    scheduled_for: dt.datetime
    outcome: choice(Summons.Outcome)
    notes: str


class FieldInvestigationOut(Schema):
    id: int
    held_on: dt.date
    place: str
    unannounced: bool
    findings: str


class MediationOut(Schema):
    id: int
    kind: choice(Mediation.Kind)
    held_on: dt.date
    parties: str
    agreement_reached: bool
    outcome: str


class MessageOut(Schema):
    """A message to one reporter: its channel, language and delivery status (never the
    reporter's address)."""

    id: int
    channel: choice(Reporter.ContactChannel)
    language: str
    status: str
    error: str


class NoteOut(Schema):
    id: int
    kind: choice(Note.Kind)
    text: str
    author: str | None
    at: dt.datetime
    messages: list[MessageOut]

    @staticmethod
    def resolve_author(obj: Note) -> str | None:
        return obj.author.get_username() if obj.author else None

    @staticmethod
    def resolve_messages(obj: Note) -> list:
        return list(obj.messages.all())


class NoteAddIn(Schema):
    kind: choice(Note.Kind) = Note.Kind.INTERNAL
    text: Text = ""
    reply_template: str | None = Field(
        None, description="Code of a standard reply to open a message to the reporter with."
    )


class ConflictOut(Schema):
    id: int
    user: str
    reason: str
    at: dt.datetime

    @staticmethod
    def resolve_user(obj: ConflictDeclaration) -> str:
        return obj.user.get_username()


class LahpOut(Schema):
    id: int
    version: int
    conclusion: choice(Case.Conclusion)
    findings: str
    status: choice(Lahp.Status)
    draft_sent_at: dt.datetime
    responded_at: dt.datetime | None
    finalised_at: dt.datetime | None


class CorrectiveActionOut(Schema):
    id: int
    addressee_id: int
    description: str
    status: choice(CorrectiveAction.Status)
    evidence: str
    status_at: dt.datetime | None


class RecommendationOut(Schema):
    id: int
    addressee_id: int
    content: str
    signed_at: dt.datetime
    sent_at: dt.datetime | None
    outcome: choice(Recommendation.Outcome)
    implementation_report: str
    reported_at: dt.datetime | None


class EscalationOut(Schema):
    id: int
    recommendation_id: int
    kind: choice(Escalation.Kind)
    at: dt.datetime
    note: str


class CaseFileOut(CaseOut):
    """The case with its details and its records (no reporter data: see ``reporters``)."""

    official_name: str
    official_position: str
    superior_agency_id: int | None
    superior_name: str
    event_region: str | None
    event_date: dt.date | None
    event_tag: str
    chronology: str
    remedy_sought: str
    prior_complaint: str
    prior_complaint_date: dt.date | None
    maladministration_forms: list[str]
    clarifications: list[ClarificationOut]
    summonses: list[SummonsOut]
    lahps: list[LahpOut]
    corrective_actions: list[CorrectiveActionOut]
    recommendations: list[RecommendationOut]

    @staticmethod
    def resolve_event_region(obj: Case) -> str | None:
        return obj.event_region_id

    @staticmethod
    def resolve_maladministration_forms(obj: Case) -> list[str]:
        return [form.code for form in obj.maladministration_forms.all()]


class ReporterOut(Schema):
    """A reporter as ``selectors.reporter_view`` shows them: a confidential reporter's identity
    is null (and ``name`` a placeholder) unless revealed by someone allowed."""

    id: int
    kind: choice(Reporter.Kind)
    identity_hidden: bool
    name: str | None
    birth_place: str | None = None
    birth_date: dt.date | None = None
    marital_status: str | None = None
    occupation: str | None = None
    address: str | None = None
    region: str | None = Field(None, description='The region, as "name (code)".')
    id_type: str | None = None
    id_number: str | None = None
    phone: str | None = None
    email: str | None = None
    represents: str | None = None
    members: str | None = None
    deed_number: str | None = None
    contact_channel: choice(Reporter.ContactChannel)
    language: str


class ClockOut(Schema):
    id: int
    rule: str
    name: str
    basis: str
    days: int
    legal_source: str
    start: dt.date | None = Field(
        description="The day it counts from; null while it waits for a receipt (state waiting)."
    )
    due: dt.date | None = Field(description="Null while it waits for a receipt.")
    state: str = Field(description="open, waiting (for receipt), met, missed or cancelled.")
    waiting: bool = Field(False, description="True while it waits for the receipt that starts it.")
    colour: str
    explanation: list[str] = Field(
        description="How the due date was computed; for a waiting clock, which receipt it waits "
        "for; for a started one, which receipt started it."
    )


class EventOut(Schema):
    at: dt.datetime
    action: str
    description: str
    actor: str
    old: Any = None
    new: Any = None
    reason: str


class CaseDetailOut(Schema):
    case: CaseFileOut
    reporters: list[ReporterOut]
    clocks: list[ClockOut]
    timeline: list[EventOut]


class CaseFilter(FilterSchema):
    reference: Annotated[str | None, FilterLookup("reference")] = Field(
        None, max_length=80, description="Exact case reference."
    )
    state: Annotated[State | None, FilterLookup("state")] = None
    intake_type: Annotated[str | None, FilterLookup("intake_type__code")] = Field(
        None, max_length=40, description="Intake type code."
    )
    channel: Annotated[str | None, FilterLookup("channel__code")] = Field(
        None, max_length=40, description="Channel code."
    )
    agency: Annotated[int | None, FilterLookup("agency_id")] = Field(
        None, ge=1, le=MAX_ID, description="Agency id (the reported party)."
    )
    received_from: Annotated[dt.date | None, FilterLookup("received_at__date__gte")] = Field(
        None, description="First day received, in the office's time zone."
    )
    received_to: Annotated[dt.date | None, FilterLookup("received_at__date__lte")] = Field(
        None, description="Last day received, in the office's time zone."
    )


# --- input: receipt
class ReporterIn(Schema):
    kind: choice(Reporter.Kind) = Reporter.Kind.INDIVIDUAL
    name: str = Field(max_length=200)
    birth_place: str = Field("", max_length=100)
    birth_date: dt.date | None = None
    marital_status: choice(MaritalStatus) | None = Field(
        None,
        description="As on the KTP. Asked by an Ombudsman office (UU 37/2008 Ps.24(1)a); an "
        "agency's complaint unit does not keep it, nor birth, occupation or identity numbers "
        "(aduan.cases.reporter_fields).",
    )
    occupation: str = Field("", max_length=100)
    address: Text = ""
    region: str | None = Field(None, max_length=13, description="Region code, e.g. 19.71.")
    id_type: choice(Reporter.IdType) | None = None
    id_number: str = Field("", max_length=40)
    phone: str = Field("", max_length=40)
    email: str = Field("", max_length=254)
    represents: str = Field("", max_length=200)
    members: Text = ""
    deed_number: str = Field("", max_length=100)
    contact_channel: choice(Reporter.ContactChannel) = Reporter.ContactChannel.EMAIL
    language: Literal["id", "en"] = "id"


class CaseFieldsIn(Schema):
    """The case file's own fields; only those sent are used (null clears a reference)."""

    agency_id: Id | None = Field(None, description="Agency id of the reported party.")
    official_name: str = Field("", max_length=150)
    official_position: str = Field("", max_length=150)
    superior_agency_id: Id | None = Field(None, description="Agency id.")
    superior_name: str = Field("", max_length=150)
    substance: str | None = Field(None, description="Substance code.")
    event_region: str | None = Field(None, max_length=13, description="Region code.")
    event_date: dt.date | None = None
    chronology: Text = ""
    remedy_sought: Text = ""
    prior_complaint: Text = ""
    prior_complaint_date: dt.date | None = None
    event_tag: str = Field("", max_length=120)


class ReportIn(CaseFieldsIn):
    office: str | None = Field(None, description="Office code; default: the token user's office.")
    intake_type: str = Field("lm", description="lm, rco, knl or tembusan.")
    channel: str = Field("api", description="Channel code, e.g. web, whatsapp, api.")
    title: str = Field(max_length=255, description="A short summary of the report.")
    confidential: bool = Field(False, description="The reporter asked for secrecy (Ps.24(2)).")
    received_at: PastMoment = Field(
        None,
        description="When the person reported (a device that queued it offline sends it); "
        "with a time zone offset; not in the future. Default: now.",
    )
    reporters: list[ReporterIn] = Field(default_factory=list, max_length=MAX_IDS)
    maladministration_forms: list[Annotated[str, Field(max_length=40)]] = Field(
        default_factory=list, max_length=MAX_IDS, description="Maladministration form codes."
    )


class CaseUpdateIn(CaseFieldsIn):
    """Only the fields sent change; each change is audited old → new."""

    title: str = Field(None, max_length=255)  # type: ignore[assignment]
    confidential: bool = Field(None, description="Only false → true; secrecy is not lifted.")  # type: ignore[assignment]
    reason: Text = ""


class IapsIn(Schema):
    office: str | None = Field(None, description="Office code; default: the token user's office.")
    unit: str = Field(description="Code of an examination unit of the office.")
    title: str = Field(max_length=255)
    agency_id: Id | None = None
    chronology: Text = ""
    substance: str | None = None
    linked_reports: list[Id] = Field(
        default_factory=list, max_length=MAX_IDS, description="Case ids."
    )


# --- input: verification and decision
class ChecklistIn(Schema):
    items: dict[Annotated[str, Field(max_length=40)], StrictBool | None] = Field(
        max_length=MAX_IDS,
        description="Checklist code → true (met), false (not met) or null (not applicable).",
    )
    notes: Text = ""


class NoteIn(Schema):
    note: Text = ""


class ReasonIn(Schema):
    reason: Text = ""


class AdviceIn(Schema):
    advice: Text


class RegisterIn(Schema):
    unit: str = Field(description="Code of an examination unit of the case's office.")
    assignee: str | None = Field(None, description="Username.")
    reason: Text = ""


class RejectIn(Schema):
    reason: str = Field(description="Rejection reason code (UU 37/2008 Ps.36(1)).")
    note: Text = ""


class NotWithinAuthorityIn(Schema):
    note: Text = ""
    referred_to: str = Field("", max_length=200)


class NoticeIn(Schema):
    rule: str = Field(description="pemberitahuan-penolakan or pemberitahuan-bukan-kewenangan.")
    note: Text = ""


class EscalateRcoIn(Schema):
    unit: str = Field(description="Code of an examination unit of the case's office.")
    reason: Text


class AssignIn(Schema):
    assignee: str | None = Field(description="Username; null takes the case from its holder.")
    reason: Text = ""


class TransferIn(Schema):
    reason: Text
    to_office: str | None = Field(None, description="Office code; default: the same office.")
    to_unit: str | None = Field(None, description="Unit code in the destination office.")


class CloseIn(Schema):
    closure_mode: str
    closure_reason: str
    note: Text = ""


# --- input: examination
class ClarificationIn(Schema):
    questions: Text
    agency_id: Id | None = Field(None, description="Default: the case's reported party.")


class AnswerIn(Schema):
    answer: Text


class SummonsIn(Schema):
    person: str = Field(max_length=200)
    scheduled_for: dt.datetime


class SummonsOutcomeIn(Schema):
    outcome: str = Field(
        description="hadir, tidak_hadir (without a lawful excuse) or berhalangan_sah (with one)."
    )
    notes: Text = ""


class FieldInvestigationIn(Schema):
    held_on: dt.date
    place: str = Field(max_length=200)
    findings: Text
    unannounced: bool = False


class MediationIn(Schema):
    kind: str = Field(description="mediasi or konsiliasi.")
    held_on: dt.date
    parties: Text
    outcome: Text
    agreement_reached: bool


class ConflictIn(Schema):
    reason: Text


class LahpDraftIn(Schema):
    conclusion: str = Field(description="ditemukan, tidak_ditemukan or dihentikan.")
    findings: Text


class LahpResponseIn(Schema):
    response: Text
    new_evidence: bool = False


class CorrectiveActionIn(Schema):
    addressee_id: Id = Field(description="Agency id.")
    description: Text


class LahpFinaliseIn(Schema):
    corrective_actions: list[CorrectiveActionIn] = Field(default_factory=list, max_length=MAX_IDS)
    closure_mode: str = ""
    note: Text = ""


class CorrectiveActionReportIn(Schema):
    status: str = Field(description="dilaksanakan, sebagian or tidak_dilaksanakan.")
    evidence: Text = ""


class RecommendationIn(Schema):
    addressee_id: Id = Field(description="Agency id.")
    content: Text
    signed_at: dt.datetime | None = None


class RecommendationSentIn(Schema):
    sent_at: dt.datetime | None = None


class RecommendationOutcomeIn(Schema):
    outcome: str = Field(description="dilaksanakan, sebagian or tidak_dilaksanakan.")
    report: Text = ""


class EscalationIn(Schema):
    kind: str = Field(description="publikasi, dpr or presiden.")
    note: Text = ""


# --- referrals from other institutions
class InstitutionOut(Schema):
    """An institution a referral may come from (or go to)."""

    id: int
    name: str
    kind: str = Field(description="unit_pengaduan, sp4n_lapor, kepolisian, ombudsman_lain or lain.")
    kind_label: str

    @staticmethod
    def resolve_kind_label(obj: Any) -> str:
        return str(obj.get_kind_display())


class IncomingReferralIn(Schema):
    """A referral (or, with ``copy``, a *tembusan*) another institution sent to the office."""

    office: str | None = Field(None, description="Office code; default: the token user's office.")
    institution_id: Id = Field(
        description="Id of the active institution that referred it (GET /referrals/institutions)."
    )
    title: str = Field(max_length=255, description="A short summary of the report.")
    chronology: Text = Field(description="What happened, as the institution's letter tells it.")
    reporters: list[ReporterIn] = Field(default_factory=list, max_length=MAX_IDS)
    part: Text = Field("", description="What is referred; empty: the whole case.")
    letter_reference: str = Field("", max_length=120, description="Number of their letter.")
    is_copy: bool = Field(
        False,
        alias="copy",
        description="Only a copy (tembusan): the case is filed at receipt and not counted "
        "as a report.",
    )
    confidential: bool = Field(False, description="The reporter asked for secrecy (Ps.24(2)).")
    received_at: PastMoment = Field(
        None,
        description="When the referral reached the office; with a time zone offset; not in "
        "the future. Default: now.",
    )


class IncomingReferralOut(Schema):
    """The referral recorded and the case it made (never the reporters' identity)."""

    id: int = Field(description="The referral's id.")
    case_id: int
    case_reference: str
    case_state: State
    status: str = Field(description="The referral's status: terbuka, dijawab or ditutup.")
    is_copy: bool = Field(
        serialization_alias="copy", description="True if it was filed as a copy (tembusan)."
    )
    institution_id: int

    @staticmethod
    def resolve_case_reference(obj: Any) -> str:
        return obj.case.reference

    @staticmethod
    def resolve_case_state(obj: Any) -> str:
        return obj.case.state

    @staticmethod
    def resolve_is_copy(obj: Any) -> bool:
        return obj.case.intake_type.code == "tembusan"


# --- prevention (read only): activities, systemic reviews
class AgencyRefOut(Schema):
    id: int
    name: str


class ActivityOut(Schema):
    """A field or outreach activity of an office, as listed."""

    id: int
    office: str = Field(description="Office code.")
    kind: str = Field(
        description="Code of the kind of activity (GET /prevention/activity-kinds lists them)."
    )
    kind_label: str
    title: str
    topic: str
    place: str
    start_date: dt.date = Field(description="The date, or the first day.")
    end_date: dt.date | None = Field(description="The last day of an activity over days.")
    participants_total: int
    reports_taken: int = Field(description="Reports and consultations received there.")
    linked_cases: int = Field(description="How many reports are linked to the activity.")

    @staticmethod
    def resolve_office(obj: Activity) -> str:
        return obj.office.code

    @staticmethod
    def resolve_kind_label(obj: Activity) -> str:
        return obj.kind_label

    @staticmethod
    def resolve_linked_cases(obj: Activity) -> int:
        return getattr(obj, "linked", 0)


class ActivityKindOut(Schema):
    """A kind of prevention activity (reference data an administrator keeps)."""

    code: str
    name: str = Field(description="Indonesian name, as the quarterly report counts it.")
    name_en: str
    category: str = Field(
        description="penerimaan, klinik, sosialisasi, koordinasi, monitoring or studi."
    )
    records_findings: bool = Field(description="Findings per place are recorded (monitoring).")
    needs_counterpart: bool = Field(description="Names the institution visited (a study).")
    active: bool


class FindingOut(Schema):
    """What a monitoring activity found at one place, with the agencies involved."""

    id: int
    place: str
    region: str | None = Field(description="Region code, when given.")
    finding: str
    agencies: list[AgencyRefOut]
    follow_up: str

    @staticmethod
    def resolve_region(obj: Any) -> str | None:
        return obj.region_id

    @staticmethod
    def resolve_agencies(obj: Any) -> list[Any]:
        return list(obj.agencies.all())


class ActivityDetailOut(ActivityOut):
    """The activity with its staff, attendance and outcome. Linked reports are given by their
    reference only: never a reporter's data."""

    description: str
    staff: list[str] = Field(description="Names of the office's staff who took part.")
    agencies: list[AgencyRefOut] = Field(description="Agencies taking part.")
    participants_women: int | None
    participants_men: int | None
    outcome: str
    case_references: list[str] = Field(
        description="References of the linked reports the caller may see, oldest first."
    )
    partners: list[str] = Field(
        description="Partner institutions of a joint activity (a study's counterpart)."
    )
    findings: list[FindingOut] = Field(description="Findings per place (monitoring).")

    @staticmethod
    def resolve_staff(obj: Activity) -> list[str]:
        return [person.get_full_name() or person.get_username() for person in obj.staff.all()]

    @staticmethod
    def resolve_agencies(obj: Activity) -> list[Any]:
        return list(obj.agencies.all())

    @staticmethod
    def resolve_case_references(obj: Activity) -> list[str]:
        return [case.reference for case in obj.cases.all()]

    @staticmethod
    def resolve_partners(obj: Activity) -> list[str]:
        return [partner.name for partner in obj.partners.all()]

    @staticmethod
    def resolve_findings(obj: Activity) -> list[Any]:
        return list(obj.findings.all())


class ActivityFilter(Schema):
    kind: str | None = Field(None, description="Code of the kind of activity.")
    year: int | None = Field(None, ge=1900, le=9999, description="Year of the first day.")
    date_from: dt.date | None = Field(None, description="First day on or after this date.")
    date_to: dt.date | None = Field(None, description="First day on or before this date.")


class SuggestionOut(Schema):
    """An improvement suggestion to one agency and what the agency did with it."""

    id: int
    agency_id: int
    agency_name: str
    text: str
    status: choice(Suggestion.Status)
    status_label: str
    due_date: dt.date | None = Field(description="Set when the review is published.")
    response: str = Field(description="The agency's response as recorded by the office.")
    responded_at: dt.datetime | None

    @staticmethod
    def resolve_agency_name(obj: Suggestion) -> str:
        return obj.agency.name

    @staticmethod
    def resolve_status_label(obj: Suggestion) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_response(obj: Suggestion) -> str:
        return obj.agency_response


class ReviewOut(Schema):
    """A systemic review (*kajian sistemik*), as listed."""

    id: int
    office: str = Field(description="Office code.")
    title: str
    topic: str
    status: choice(SystemicReview.Status)
    status_label: str
    period_start: dt.date
    period_end: dt.date
    published_at: dt.datetime | None
    suggestion_count: int = Field(description="How many improvement suggestions it makes.")
    open_suggestion_count: int = Field(description="Of which still open or partly implemented.")

    @staticmethod
    def resolve_office(obj: SystemicReview) -> str:
        return obj.office.code

    @staticmethod
    def resolve_status_label(obj: SystemicReview) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_suggestion_count(obj: SystemicReview) -> int:
        return getattr(obj, "n_suggestions", 0)

    @staticmethod
    def resolve_open_suggestion_count(obj: SystemicReview) -> int:
        return getattr(obj, "n_open", 0)


class ReviewDetailOut(ReviewOut):
    """The review with its findings and its improvement suggestions."""

    findings: str
    agencies: list[AgencyRefOut] = Field(description="Agencies reviewed.")
    suggestions: list[SuggestionOut]

    @staticmethod
    def resolve_agencies(obj: SystemicReview) -> list[Any]:
        return list(obj.agencies.all())

    @staticmethod
    def resolve_suggestions(obj: SystemicReview) -> list[Any]:
        return list(obj.suggestions.all())


# --- compliance (read only): campaigns and their approved results
class CampaignOut(Schema):
    """A year's compliance assessment campaign of an office."""

    id: int
    office: str = Field(description="Office code.")
    year: int
    title: str
    instrument_code: str
    instrument_version: int
    instrument_name: str
    units: int = Field(description="Service units scheduled for assessment.")
    approved: int = Field(description="Of which with an approved result.")

    @staticmethod
    def resolve_office(obj: Any) -> str:
        return obj.office.code

    @staticmethod
    def resolve_instrument_code(obj: Any) -> str:
        return obj.instrument.code

    @staticmethod
    def resolve_instrument_version(obj: Any) -> int:
        return obj.instrument.version

    @staticmethod
    def resolve_instrument_name(obj: Any) -> str:
        return obj.instrument.name

    @staticmethod
    def resolve_units(obj: Any) -> int:
        return getattr(obj, "n_units", 0)

    @staticmethod
    def resolve_approved(obj: Any) -> int:
        return getattr(obj, "n_approved", 0)


class ResultOut(Schema):
    """The approved result of one assessed service unit, with the instrument version it was
    scored with."""

    assessment_id: int
    agency_id: int = Field(description="The agency: the top of the unit's agency tree.")
    agency_name: str
    unit_id: int = Field(description="The service unit assessed.")
    unit_name: str
    instrument_code: str
    instrument_version: int
    score: float | None
    category: str
    zone: str = Field(description="hijau, kuning or merah.")
    zone_label: str


class CampaignResultsOut(Schema):
    campaign: CampaignOut
    results: list[ResultOut] = Field(description="Approved results only, best score first.")
