"""Reads for compliance pages, always scoped to the offices the user may see."""

from __future__ import annotations

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from aduan.compliance import scoring
from aduan.compliance.errors import NotAllowed
from aduan.compliance.models import Assessment, Campaign, Delivery, Evidence, Zone
from aduan.directory.models import Agency
from aduan.directory.scoping import limit_to_offices


def campaigns_for(user: Any) -> QuerySet[Campaign]:
    return limit_to_offices(Campaign.objects.select_related("office", "instrument"), user)


def campaign_for_user(user: Any, pk: int) -> Campaign:
    campaign = campaigns_for(user).filter(pk=pk).first()
    if campaign is None:
        raise NotAllowed(_("No such campaign in your offices."))
    return campaign


def assessments_for(user: Any) -> QuerySet[Assessment]:
    return limit_to_offices(
        Assessment.objects.select_related("campaign", "agency", "assessor", "instrument"), user
    )


def assessment_for_user(user: Any, pk: int) -> Assessment:
    assessment = assessments_for(user).filter(pk=pk).first()
    if assessment is None:
        raise NotAllowed(_("No such assessment in your offices."))
    return assessment


def evidence_for_user(user: Any, pk: int) -> Evidence:
    evidence = (
        Evidence.objects.select_related("answer__assessment")
        .filter(answer__assessment__in=assessments_for(user), pk=pk)
        .first()
    )
    if evidence is None:
        raise NotAllowed(_("No such evidence in your offices."))
    return evidence


def delivery_for_user(user: Any, pk: int) -> Delivery:
    delivery = (
        limit_to_offices(Delivery.objects.select_related("campaign"), user, "campaign__office")
        .filter(pk=pk)
        .first()
    )
    if delivery is None:
        raise NotAllowed(_("No such delivery in your offices."))
    return delivery


def my_assessments(user: Any) -> QuerySet[Assessment]:
    """What the user has to assess: assigned to them, not yet submitted (or sent back)."""
    return assessments_for(user).filter(assessor=user, state__in=Assessment.EDITABLE)


def review_queue(user: Any) -> QuerySet[Assessment]:
    return assessments_for(user).filter(state=Assessment.State.SUBMITTED).exclude(assessor=user)


def ranking(campaign: Campaign) -> list[Assessment]:
    """Approved results of the campaign, best first (equal scores by name)."""
    return list(
        campaign.assessments.filter(state=Assessment.State.APPROVED)
        .select_related("agency")
        .order_by("-score", "agency__name")
    )


def approved_under(campaign: Campaign, agency: Agency) -> list[Assessment]:
    """Approved results of the campaign for the agency and its sub-units."""
    return list(
        campaign.assessments.filter(
            state=Assessment.State.APPROVED,
            agency__path__startswith=agency.path,
            agency__depth__gte=agency.depth,
        )
        .select_related("agency")
        .order_by("-score", "agency__name")
    )


def agency_results(campaign: Campaign) -> list[dict[str, Any]]:
    """Per agency (the top of each unit's tree): how many units, the mean of their approved
    scores and the band and zone the campaign's instrument gives that mean."""
    results = ranking(campaign)
    roots = {
        a.path: a
        for a in Agency.objects.filter(path__in={r.agency.path[: Agency.steplen] for r in results})
    }
    grouped: dict[str, list[Assessment]] = defaultdict(list)
    for result in results:
        grouped[result.agency.path[: Agency.steplen]].append(result)
    rows = []
    for path, items in grouped.items():
        mean = (sum(i.score for i in items) / len(items)).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )
        band = scoring.band_for(campaign.instrument, mean)
        rows.append(
            {
                "agency": roots[path],
                "units": len(items),
                "score": mean,
                "category": band.code,
                "zone": band.zone,
                "zone_label": Zone(band.zone).label,
            }
        )
    rows.sort(key=lambda row: (-row["score"], row["agency"].name))
    return rows


def history(user: Any, agency: Agency) -> list[Assessment]:
    """Year over year: the approved results of a unit and its sub-units in the user's
    offices, newest year first."""
    return list(
        assessments_for(user)
        .filter(
            Q(agency=agency)
            | Q(agency__path__startswith=agency.path, agency__depth__gt=agency.depth),
            state=Assessment.State.APPROVED,
        )
        .order_by("agency__name", "-campaign__year")
    )
