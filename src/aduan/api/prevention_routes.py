"""Read-only endpoints for prevention work (activities, systemic reviews) and compliance
assessment (campaigns and their approved results).

Every read starts from the scoped selectors of ``aduan.prevention.selectors`` and
``aduan.compliance.selectors`` (the token user's office; national roles see every office); what
this module adds (prefetches, counts, the draft rule) narrows those querysets, never widens
them. As on the pages, an account without an office role (an agency's liaison) is refused with
403; a record outside the caller's scope is a 404, the same as one that does not exist.
"""

import datetime as dt
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import ValidationError
from ninja.pagination import paginate

from aduan.access import is_office_staff
from aduan.api.bounds import Pagination, PathId
from aduan.api.errors import NotFound
from aduan.api.routes import PAGE_SIZE
from aduan.api.schemas import (
    ActivityDetailOut,
    ActivityFilter,
    ActivityKindOut,
    ActivityOut,
    CampaignOut,
    CampaignResultsOut,
    ReviewDetailOut,
    ReviewOut,
    choice,
)
from aduan.cases import selectors as case_selectors
from aduan.cases.errors import NotAllowed
from aduan.compliance import selectors as compliance
from aduan.compliance.models import Assessment, Campaign, Zone
from aduan.directory.models import Agency
from aduan.prevention import selectors as prevention
from aduan.prevention.models import Activity, Suggestion, SystemicReview, kinds

router = Router()


def _staff(request: HttpRequest) -> Any:
    """The token's user, if they are office staff (or a superuser); else 403, as the pages."""
    user = request.auth
    if not is_office_staff(user):
        raise NotAllowed(_("Your role does not allow this."))
    return user


# --- activities


@router.get(
    "/prevention/activities",
    response=list[ActivityOut],
    tags=["prevention"],
    summary="List the prevention activities",
)
@paginate(Pagination, page_size=PAGE_SIZE)
def activity_list(request: HttpRequest, filters: Query[ActivityFilter]) -> QuerySet[Activity]:
    """Field and outreach activities of the caller's offices (``selectors.activities_for``),
    latest first, 50 a page. ``kind``, ``year``, ``date_from`` and ``date_to`` filter on the
    activity's first day (both dates included)."""
    if filters.kind and filters.kind not in kinds():
        raise ValidationError(
            [{"loc": ("query", "kind"), "msg": "unknown kind of activity", "type": "value_error"}]
        )
    queryset = prevention.activities_for(
        _staff(request),
        kind=filters.kind or "",
        start=filters.date_from,
        end=filters.date_to,
    )
    if filters.year is not None:
        queryset = queryset.filter(start_date__year=filters.year)
    return queryset.order_by("-start_date", "-id")


@router.get(
    "/prevention/activity-kinds",
    response=list[ActivityKindOut],
    tags=["prevention"],
    summary="List the kinds of prevention activity",
)
def activity_kinds(request: HttpRequest) -> list[Any]:
    """Every kind of activity, in the order the quarterly report counts them (inactive ones
    too: older activities may still be of such a kind)."""
    _staff(request)
    return list(kinds().values())


@router.get(
    "/prevention/activities/{activity_id}",
    response=ActivityDetailOut,
    tags=["prevention"],
    summary="Read a prevention activity",
)
def activity_detail(request: HttpRequest, activity_id: PathId) -> Activity:
    """The activity with its staff, attendance counts, outcome and the references of the
    linked reports the caller may see (never a reporter's data)."""
    user = _staff(request)
    linked = case_selectors.cases_for(user).only("id", "reference").order_by("received_at", "id")
    activity = (
        prevention.activities_for(user)
        .prefetch_related(
            "staff",
            "agencies",
            "partners",
            "findings__agencies",
            Prefetch("cases", queryset=linked),
        )
        .filter(pk=activity_id)
        .first()
    )
    if activity is None:
        raise NotFound(_("No such activity in your offices."))
    return activity


# --- systemic reviews


def _reviews(user: Any) -> QuerySet[SystemicReview]:
    """``selectors.reviews_for``: what the prevention pages show the same user (a national role
    sees every office's reviews, drafts included, as on the pages)."""
    return prevention.reviews_for(user)


@router.get(
    "/prevention/reviews",
    response=list[ReviewOut],
    tags=["prevention"],
    summary="List the systemic reviews",
)
@paginate(Pagination, page_size=PAGE_SIZE)
def review_list(
    request: HttpRequest, status: choice(SystemicReview.Status) | None = None
) -> QuerySet[SystemicReview]:
    """Systemic reviews of the caller's offices, latest period first, 50 a page, drafts
    included. ``status`` filters (draft, published)."""
    queryset = _reviews(_staff(request))
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("-period_end", "-id")


@router.get(
    "/prevention/reviews/{review_id}",
    response=ReviewDetailOut,
    tags=["prevention"],
    summary="Read a systemic review with its suggestions",
)
def review_detail(request: HttpRequest, review_id: PathId) -> SystemicReview:
    """The review, its findings and its improvement suggestions (agency, text, status, due
    date, the agency's response). A draft of another office is a 404."""
    suggestions = Suggestion.objects.select_related("agency").order_by("due_date", "id")
    review = (
        _reviews(_staff(request))
        .prefetch_related("agencies", Prefetch("suggestions", queryset=suggestions))
        .filter(pk=review_id)
        .first()
    )
    if review is None:
        raise NotFound(_("No such systemic review in your offices."))
    return review


# --- compliance


def _campaigns(user: Any) -> QuerySet[Campaign]:
    return compliance.campaigns_for(user).annotate(
        n_units=Count("assessments", distinct=True),
        n_approved=Count(
            "assessments",
            filter=Q(assessments__state=Assessment.State.APPROVED),
            distinct=True,
        ),
    )


@router.get(
    "/compliance/campaigns",
    response=list[CampaignOut],
    tags=["compliance"],
    summary="List the compliance campaigns",
)
@paginate(Pagination, page_size=PAGE_SIZE)
def campaign_list(
    request: HttpRequest, year: int | None = Query(None, ge=1900, le=9999)
) -> QuerySet[Campaign]:
    """Compliance assessment campaigns of the caller's offices (``selectors.campaigns_for``),
    latest year first, 50 a page; ``year`` filters."""
    queryset = _campaigns(_staff(request))
    if year is not None:
        queryset = queryset.filter(year=year)
    return queryset.order_by("-year", "title", "id")


@router.get(
    "/compliance/campaigns/{campaign_id}/results",
    response=CampaignResultsOut,
    tags=["compliance"],
    summary="Read a campaign's approved results",
)
def campaign_results(request: HttpRequest, campaign_id: PathId) -> dict[str, Any]:
    """Per assessed service unit: its agency (the top of its agency tree), the unit, the
    instrument version it was scored with, score, category and zone, best score first. Only
    approved assessments: a result still being filled in, waiting for review or sent back is
    never shown."""
    user = _staff(request)
    campaign = _campaigns(user).filter(pk=campaign_id).first()
    if campaign is None:
        raise NotFound(_("No such campaign in your offices."))
    approved = list(
        compliance.assessments_for(user)
        .filter(campaign=campaign, state=Assessment.State.APPROVED)
        .order_by("-score", "agency__name", "id")
    )
    tops = {assessment.agency.path[: Agency.steplen] for assessment in approved}
    roots = {agency.path: agency for agency in Agency.objects.filter(path__in=tops)}
    return {
        "campaign": campaign,
        "results": [_result(assessment, roots) for assessment in approved],
    }


def _result(assessment: Assessment, roots: dict[str, Agency]) -> dict[str, Any]:
    unit = assessment.agency
    root = roots.get(unit.path[: Agency.steplen], unit)
    return {
        "assessment_id": assessment.pk,
        "agency_id": root.pk,
        "agency_name": root.name,
        "unit_id": unit.pk,
        "unit_name": unit.name,
        "instrument_code": assessment.instrument.code,
        "instrument_version": assessment.instrument.version,
        "score": float(assessment.score) if assessment.score is not None else None,
        "category": assessment.category,
        "zone": assessment.zone,
        "zone_label": str(Zone(assessment.zone).label) if assessment.zone else "",
    }


# --- guidelines (pedoman pelayanan)


class GuidelineVersionOut(Schema):
    number: int
    status: str = Field(description="draf, ditinjau, disetujui, terbit or diganti.")
    text: str
    change_note: str
    published_at: dt.datetime | None
    acknowledged_by: list[int] = Field(description="Ids of the agencies that acknowledged it.")

    @staticmethod
    def resolve_acknowledged_by(obj: Any) -> list[int]:
        return [ack.agency_id for ack in obj.acknowledgements.all()]


class GuidelineOut(Schema):
    """A service guideline or SOP with every version (none is overwritten)."""

    id: int
    office: str
    kind: str = Field(description="pedoman or sop.")
    title: str
    agencies: list[int] = Field(description="Ids of the agencies it is for.")
    reviews: list[int] = Field(description="Ids of the systemic reviews it follows from.")
    suggestions: list[int] = Field(description="Ids of the improvement suggestions it answers.")
    versions: list[GuidelineVersionOut]

    @staticmethod
    def resolve_office(obj: Any) -> str:
        return obj.office.code

    @staticmethod
    def resolve_agencies(obj: Any) -> list[int]:
        return [agency.pk for agency in obj.agencies.all()]

    @staticmethod
    def resolve_reviews(obj: Any) -> list[int]:
        return [review.pk for review in obj.reviews.all()]

    @staticmethod
    def resolve_suggestions(obj: Any) -> list[int]:
        return [suggestion.pk for suggestion in obj.suggestions.all()]

    @staticmethod
    def resolve_versions(obj: Any) -> list[Any]:
        return list(obj.versions.all())


@router.get(
    "/prevention/guidelines",
    response=list[GuidelineOut],
    tags=["prevention"],
    summary="List the service guidelines and SOPs",
)
@paginate(Pagination, page_size=PAGE_SIZE)
def guideline_list(request: HttpRequest) -> QuerySet[Any]:
    """The guidelines of the caller's offices with every version, newest first."""
    return (
        prevention.guidelines_for(_staff(request))
        .prefetch_related("agencies", "reviews", "suggestions", "versions__acknowledgements")
        .order_by("-created_at", "-id")
    )
