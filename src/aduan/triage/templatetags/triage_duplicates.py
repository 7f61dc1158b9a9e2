"""The case page's "probably repeats" panel and the tracking page's line about reports handled
together: a fixed number of queries whatever the number of rows."""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import OuterRef, Q, Subquery

from aduan.cases import permissions
from aduan.triage.duplicates import may_decide
from aduan.triage.models import CaseRelation, DuplicateCandidate, ReporterKey

register = template.Library()

IDENTITY_LABELS = {
    "same_phone": "phone",
    "same_email": "email",
    "same_nik": "nik",
}


def _sees_identity(user: Any, case: Any, other: Any) -> bool:
    """Whether the page may say which identity the two reports share. Only to staff who may
    see this case's reporter (need to know when it is confidential); never when the other
    report is confidential (saying "the same phone" would tell who its reporter is), nor when
    either is anonymous (``IDENTITY_LOCKS``: such reports are confidential too). Decided
    without a query per row: ``can`` and ``needs_to_know`` read this case's facts once."""
    if other.confidential:
        return False
    if not permissions.can(user, "view_identity", case):
        return False
    return not case.confidential or permissions.needs_to_know(user, case)


@register.simple_tag(takes_context=True)
def case_duplicates(context: Any, case: Any) -> dict[str, Any]:
    """Open probable repeats of ``case`` (earlier reports it repeats and later ones repeating
    it), and the reports merged or linked with it. One query."""
    user = context["request"].user
    # One query: the open candidates and the decided ones that joined the reports (every
    # merge or link is made from a candidate), with the report kept by a merge.
    kept = CaseRelation.objects.filter(
        candidate=OuterRef("pk"), kind=CaseRelation.Kind.MERGED
    ).values("other_id")[:1]
    candidates = (
        DuplicateCandidate.objects.filter(
            Q(case=case) | Q(earlier=case),
            status__in=[
                DuplicateCandidate.Status.OPEN,
                DuplicateCandidate.Status.MERGED,
                DuplicateCandidate.Status.LINKED,
            ],
        )
        .select_related("case", "earlier")
        .annotate(kept_id=Subquery(kept))
        .order_by("-similarity", "-id")[:50]
    )
    decide = may_decide(user, case)
    rows, joined = [], []
    for candidate in candidates:
        other = candidate.earlier if candidate.case_id == case.pk else candidate.case
        if other.office_id != case.office_id:  # never across offices
            continue
        if candidate.status == DuplicateCandidate.Status.LINKED:
            joined.append({"kind": "linked", "other": other})
            continue
        if candidate.status == DuplicateCandidate.Status.MERGED:
            kind = "merged_here" if candidate.kept_id == case.pk else "merged_into"
            joined.append({"kind": kind, "other": other})
            continue
        if len(rows) >= 20:
            continue
        identity = _sees_identity(user, case, other)
        rows.append(
            {
                "candidate": candidate,
                "other": other,
                "percent": round(candidate.similarity * 100),
                "reasons": [
                    r
                    for r in candidate.reasons
                    if r == "same_agency" or (identity and r in IDENTITY_LABELS)
                ],
                "can_join": decide and case.is_open and other.is_open,
            }
        )
    return {"rows": rows, "joined": joined, "decide": decide}


@register.simple_tag
def tracking_together(case: Any) -> list[dict[str, Any]]:
    """For the reporter on the tracking page (who proved access with the code): the reports
    theirs is handled together with. The other report's reference only when it is the same
    reporter's own (the same phone, e-mail or NIK); otherwise "another report". Two queries."""
    relations = list(
        CaseRelation.objects.filter(Q(case=case) | Q(other=case)).select_related("case", "other")
    )
    if not relations:
        return []
    others = {r.other_id if r.case_id == case.pk else r.case_id for r in relations}
    keys = ReporterKey.objects.filter(case_id__in=[case.pk, *others]).values_list("case_id", "key")
    by_case: dict[int, set[str]] = {}
    for case_id, key in keys:
        by_case.setdefault(case_id, set()).add(key)
    mine = by_case.get(case.pk, set())
    lines = []
    for relation in relations:
        other = relation.other if relation.case_id == case.pk else relation.case
        own = bool(mine & by_case.get(other.pk, set()))
        lines.append(
            {
                "reference": other.reference if own else "",
                "merged_here": relation.kind == CaseRelation.Kind.MERGED
                and relation.case_id == case.pk,
            }
        )
    return lines
