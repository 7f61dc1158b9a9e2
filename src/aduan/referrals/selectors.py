"""Scoped reads of referrals."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from aduan.cases.models import Case
from aduan.deadlines.models import Deadline
from aduan.directory.scoping import limit_to_offices
from aduan.referrals.models import Institution, Referral


def referrals_for(user: Any) -> QuerySet[Referral]:
    """The referrals of the cases this person may see."""
    return limit_to_offices(Referral.objects.all(), user, "case__office").select_related(
        "case", "institution"
    )


def referrals_for_case(case: Case) -> list[dict[str, Any]]:
    """The case's referrals with their follow-up clock (the caller has scoped the case);
    ``overdue``: a referral we sent, still open, whose follow-up clock ran out."""
    rows = []
    for referral in case.referrals.select_related("institution").order_by("sent_at", "id"):
        clock = Deadline.objects.for_subject(referral).order_by("-id").first()
        overdue = (
            referral.direction == Referral.Direction.OUT
            and referral.status == Referral.Status.OPEN
            and clock is not None
            and clock.state == Deadline.State.MISSED
        )
        rows.append({"referral": referral, "clock": clock, "overdue": overdue})
    return rows


def open_referrals(case: Case) -> QuerySet[Referral]:
    return case.referrals.filter(status=Referral.Status.OPEN).select_related("institution")


def active_institutions() -> QuerySet[Institution]:
    return Institution.objects.filter(active=True)
