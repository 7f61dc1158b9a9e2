"""Service guidelines and SOPs (pedoman pelayanan, issue 18 §5): every change is one function
here, guarded, in one transaction, audited. Staff of the office draft; a head (of unit or
office) or a member reviews, approves and publishes; a published version is seen by the
liaisons of the agencies it is for, who acknowledge it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aduan.core import audit
from aduan.prevention.models import (
    Guideline,
    GuidelineAcknowledgement,
    GuidelineVersion,
    Suggestion,
    SystemicReview,
)
from aduan.prevention.permissions import NotAllowed, PreventionError, WrongState, require

V = GuidelineVersion.Status
AUDIT_ACTIONS = {
    "prevention.guideline_created": gettext_lazy("Guideline drafted"),
    "prevention.guideline_version": gettext_lazy("New version of a guideline drafted"),
    "prevention.guideline_submitted": gettext_lazy("Guideline sent for review"),
    "prevention.guideline_returned": gettext_lazy("Guideline returned to its drafter"),
    "prevention.guideline_approved": gettext_lazy("Guideline approved"),
    "prevention.guideline_published": gettext_lazy("Guideline published"),
    "prevention.guideline_superseded": gettext_lazy("Guideline version superseded"),
    "prevention.guideline_acknowledged": gettext_lazy("Guideline acknowledged by an agency"),
}


def _actor(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


def _links(office: Any, reviews: Iterable[Any], suggestions: Iterable[Any]) -> None:
    if any(review.office_id != office.pk for review in reviews):
        raise PreventionError(_("Only the office's own systemic reviews can be linked."))
    if any(s.review.office_id != office.pk for s in suggestions):
        raise PreventionError(_("Only the office's own improvement suggestions can be linked."))


def guideline_create(
    *,
    office: Any,
    actor: Any,
    title: str,
    text: str,
    kind: str = Guideline.Kind.GUIDELINE,
    agencies: Iterable[Any] = (),
    reviews: Iterable[SystemicReview] = (),
    suggestions: Iterable[Suggestion] = (),
) -> Guideline:
    """A new guideline and its first version, as a draft."""
    require(actor, "work", office)
    title, text = (title or "").strip(), (text or "").strip()
    if not title or not text:
        raise PreventionError(_("Give the guideline a title and its text."))
    if kind not in Guideline.Kind.values:
        raise PreventionError(_("Unknown kind of guideline."))
    reviews, suggestions, agencies = list(reviews), list(suggestions), list(agencies)
    _links(office, reviews, suggestions)
    with transaction.atomic():
        guideline = Guideline.objects.create(
            office=office, kind=kind, title=title[:200], created_by=_actor(actor)
        )
        guideline.agencies.set(agencies)
        guideline.reviews.set(reviews)
        guideline.suggestions.set(suggestions)
        GuidelineVersion.objects.create(
            guideline=guideline, number=1, text=text, drafted_by=_actor(actor)
        )
        audit.record(
            "prevention.guideline_created",
            actor=actor,
            target=guideline,
            office=office,
            new={
                "title": guideline.title,
                "agencies": [a.pk for a in agencies],
                "reviews": [r.pk for r in reviews],
                "suggestions": [s.pk for s in suggestions],
            },
        )
    return guideline


def _locked(version: GuidelineVersion) -> GuidelineVersion:
    return (
        GuidelineVersion.objects.select_for_update(of=("self",))
        .select_related("guideline__office")
        .get(pk=version.pk)
    )


def version_new(
    *, guideline: Guideline, actor: Any, text: str, change_note: str = ""
) -> GuidelineVersion:
    """Draft the next version (the published one stays in force until this one is
    published). Refused while another version is still being drafted or reviewed."""
    require(actor, "work", guideline.office)
    text = (text or "").strip()
    if not text:
        raise PreventionError(_("Give the new version's text."))
    with transaction.atomic():
        Guideline.objects.select_for_update().filter(pk=guideline.pk).first()
        if guideline.versions.filter(status__in=[V.DRAFT, V.REVIEW, V.APPROVED]).exists():
            raise WrongState(
                _("Version %(n)s is not published yet: finish it before drafting another.")
                % {
                    "n": guideline.versions.filter(status__in=[V.DRAFT, V.REVIEW, V.APPROVED])
                    .values_list("number", flat=True)
                    .first()
                }
            )
        number = (guideline.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        version = GuidelineVersion.objects.create(
            guideline=guideline,
            number=number,
            text=text,
            change_note=(change_note or "").strip(),
            drafted_by=_actor(actor),
        )
        audit.record(
            "prevention.guideline_version",
            actor=actor,
            target=guideline,
            office=guideline.office,
            new={"version": number},
            reason=version.change_note,
        )
    return version


def _move(version: GuidelineVersion, actor: Any, *, to: str, action: str, note: str = "") -> None:
    old = version.status
    version.status = to
    version.save()
    audit.record(
        f"prevention.guideline_{action}",
        actor=actor,
        target=version.guideline,
        office=version.guideline.office,
        old={"version": version.number, "status": old},
        new={"version": version.number, "status": to},
        reason=note,
    )


def version_submit(*, version: GuidelineVersion, actor: Any) -> GuidelineVersion:
    """The drafter sends the draft for review."""
    require(actor, "work", version.guideline.office)
    with transaction.atomic():
        version = _locked(version)
        if version.status != V.DRAFT:
            raise WrongState(_("Only a draft is sent for review."))
        _move(version, actor, to=V.REVIEW, action="submitted")
    return version


def version_review(
    *, version: GuidelineVersion, actor: Any, approve: bool, note: str = ""
) -> GuidelineVersion:
    """A head approves the version in review, or returns it to draft with a note."""
    require(actor, "publish", version.guideline.office)
    note = (note or "").strip()
    if not approve and not note:
        raise PreventionError(_("Say what to change before returning the draft."))
    with transaction.atomic():
        version = _locked(version)
        if version.status != V.REVIEW:
            raise WrongState(_("Only a version in review is approved or returned."))
        version.review_note = note
        version.reviewed_by = _actor(actor)
        if approve:
            version.approved_by, version.approved_at = _actor(actor), timezone.now()
            _move(version, actor, to=V.APPROVED, action="approved", note=note)
        else:
            _move(version, actor, to=V.DRAFT, action="returned", note=note)
    return version


def version_publish(*, version: GuidelineVersion, actor: Any) -> GuidelineVersion:
    """Publish an approved version: the agencies it is for see it from now, and the version
    published before is superseded (kept)."""
    require(actor, "publish", version.guideline.office)
    with transaction.atomic():
        version = _locked(version)
        if version.status != V.APPROVED:
            raise WrongState(_("Only an approved version is published."))
        for earlier in version.guideline.versions.select_for_update().filter(status=V.PUBLISHED):
            _move(earlier, actor, to=V.SUPERSEDED, action="superseded")
        version.published_at = timezone.now()
        _move(version, actor, to=V.PUBLISHED, action="published")
    return version


def acknowledge(*, version: GuidelineVersion, actor: Any) -> GuidelineAcknowledgement:
    """The liaison acknowledges, for their agency, a published version meant for it. Twice
    is once."""
    from aduan.liaison.selectors import liaison_for
    from aduan.prevention.selectors import guidelines_for_liaison

    liaison = liaison_for(actor)
    if (
        liaison is None
        or not guidelines_for_liaison(actor).filter(pk=version.guideline_id).exists()
    ):
        raise NotAllowed(_("This guideline is not published for your agency."))
    with transaction.atomic():
        version = _locked(version)
        if version.status != V.PUBLISHED:
            raise WrongState(_("Only the version in force is acknowledged."))
        row, created = GuidelineAcknowledgement.objects.get_or_create(
            version=version, agency=liaison.agency, defaults={"user": actor}
        )
        if created:
            audit.record(
                "prevention.guideline_acknowledged",
                actor=actor,
                target=version.guideline,
                office=version.guideline.office,
                new={"version": version.number, "agency": liaison.agency_id},
            )
    return row
