"""State changes of compliance assessment. Each: permission, lock the row, guard the state, one
transaction, an audit event; nothing is mailed.

Who may do what: the heads (of unit, of office) and the administrator of the campaign's office
manage campaigns and review; the assessor of an assessment (staff of the same office) records
and submits it; nobody approves an assessment they assessed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from aduan.compliance import scoring
from aduan.compliance.errors import ComplianceError, NotAllowed, WrongState
from aduan.compliance.models import (
    NOT_APPLICABLE,
    Answer,
    Assessment,
    Band,
    Campaign,
    Delivery,
    Dimension,
    Evidence,
    Indicator,
    Instrument,
)
from aduan.core import audit
from aduan.directory.models import Agency, Office, User
from aduan.directory.scoping import offices_for

MANAGER_ROLES = frozenset(
    {User.Role.KEPALA_KEASISTENAN, User.Role.KEPALA_PERWAKILAN, User.Role.ADMINISTRATOR}
)
ASSESSOR_ROLES = frozenset(
    {
        User.Role.ASISTEN,
        User.Role.KEPALA_KEASISTENAN,
        User.Role.KEPALA_PERWAKILAN,
        User.Role.ADMINISTRATOR,
    }
)
MAX_NOTE = 4000


# --- permissions ---------------------------------------------------------------------------


def in_scope(user: Any, office: Office) -> bool:
    return offices_for(user).filter(pk=office.pk).exists()


def can_manage(user: Any, office: Office) -> bool:
    """Heads and administrators of the office (or of every office) manage its campaigns."""
    if not getattr(user, "is_authenticated", False) or not in_scope(user, office):
        return False
    return bool(user.is_superuser or user.role in MANAGER_ROLES)


def can_review(user: Any, assessment: Assessment) -> bool:
    return can_manage(user, assessment.office) and user.pk != assessment.assessor_id


def _require_manager(actor: Any, office: Office) -> None:
    if not can_manage(actor, office):
        raise NotAllowed(_("Only the heads and administrators of this office may do this."))


def _require_assessor(actor: Any, assessment: Assessment) -> None:
    if not getattr(actor, "is_authenticated", False) or actor.pk != assessment.assessor_id:
        raise NotAllowed(_("Only the assessor assigned to this unit may record it."))
    if not in_scope(actor, assessment.office):
        raise NotAllowed(_("You are not staff of the office that runs this assessment."))


def _require_admin(actor: Any) -> None:
    if not getattr(actor, "is_authenticated", False) or not (
        actor.is_superuser or actor.role == User.Role.ADMINISTRATOR
    ):
        raise NotAllowed(_("Only administrators define assessment instruments."))


# --- instruments ---------------------------------------------------------------------------


def instrument_new_version(*, instrument: Instrument, actor: Any) -> Instrument:
    """Copy a version (its dimensions, indicators and bands) into a new, editable version. This
    is how a used, frozen instrument is changed."""
    _require_admin(actor)
    with transaction.atomic():
        source = Instrument.objects.select_for_update().get(pk=instrument.pk)
        number = (
            Instrument.objects.filter(code=source.code).aggregate(top=Max("version"))["top"] or 0
        ) + 1
        copy = Instrument.objects.create(
            code=source.code,
            version=number,
            name=source.name,
            description=source.description,
            legal_source=source.legal_source,
            first_year=source.first_year,
            last_year=source.last_year,
            based_on=source,
        )
        for dimension in source.dimensions.prefetch_related("indicators"):
            new_dimension = Dimension.objects.create(
                instrument=copy,
                code=dimension.code,
                name=dimension.name,
                weight=dimension.weight,
                order=dimension.order,
            )
            Indicator.objects.bulk_create(
                Indicator(
                    dimension=new_dimension,
                    code=i.code,
                    text=i.text,
                    guidance=i.guidance,
                    kind=i.kind,
                    max_points=i.max_points,
                    weight=i.weight,
                    evidence_required=i.evidence_required,
                    allows_not_applicable=i.allows_not_applicable,
                    order=i.order,
                )
                for i in dimension.indicators.all()
            )
        Band.objects.bulk_create(
            Band(
                instrument=copy,
                code=b.code,
                label=b.label,
                min_score=b.min_score,
                max_score=b.max_score,
                zone=b.zone,
            )
            for b in source.bands.all()
        )
        audit.record(
            "compliance.instrument_versioned",
            actor=actor,
            target=copy,
            old={"version": source.version},
            new={"version": copy.version},
        )
    return copy


def _freeze(instrument: Instrument, actor: Any) -> Instrument:
    """Freeze a version at its first use (inside the caller's transaction)."""
    locked = Instrument.objects.select_for_update().get(pk=instrument.pk)
    if locked.frozen_at is None:
        if (
            not locked.bands.exists()
            or not Indicator.objects.filter(dimension__instrument=locked).exists()
        ):
            raise ComplianceError(_("This instrument has no indicators or no score bands yet."))
        locked.frozen_at = timezone.now()
        locked.save(update_fields=["frozen_at"])
        audit.record("compliance.instrument_frozen", actor=actor, target=locked)
    return locked


# --- campaigns -----------------------------------------------------------------------------


def campaign_create(
    *, office: Office, year: int, title: str, instrument: Instrument, actor: Any
) -> Campaign:
    """A year's campaign of the office with one instrument version, which is frozen from now."""
    _require_manager(actor, office)
    title = (title or "").strip()
    if not title:
        raise ComplianceError(_("Give the campaign a title."))
    if not 2000 <= int(year) <= 2100:
        raise ComplianceError(_("Give a year between 2000 and 2100."))
    with transaction.atomic():
        instrument = _freeze(instrument, actor)
        if Campaign.objects.filter(office=office, year=year, title=title).exists():
            raise ComplianceError(
                _("This office already has a campaign with that title that year.")
            )
        campaign = Campaign.objects.create(
            office=office, year=year, title=title, instrument=instrument, created_by=actor
        )
        audit.record(
            "compliance.campaign_created",
            actor=actor,
            target=campaign,
            office=office,
            new={"year": year, "instrument": str(instrument)},
        )
    return campaign


def assessment_schedule(
    *,
    campaign: Campaign,
    agency: Agency,
    assessor: User,
    scheduled_on: dt.date,
    actor: Any,
) -> Assessment:
    """Add a service unit to the campaign, with its date and its assessor (office staff)."""
    _require_manager(actor, campaign.office)
    if not (
        assessor.is_active
        and assessor.role in ASSESSOR_ROLES
        and assessor.office_id == campaign.office_id
    ):
        raise NotAllowed(_("The assessor must be active staff of the campaign's office."))
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if campaign.assessments.filter(agency=agency).exists():
            raise ComplianceError(_("This service unit is already in the campaign."))
        try:
            with transaction.atomic():
                assessment = Assessment.objects.create(
                    campaign=campaign,
                    office=campaign.office,
                    agency=agency,
                    instrument=campaign.instrument,
                    assessor=assessor,
                    scheduled_on=scheduled_on,
                )
        except IntegrityError as exc:  # a concurrent request added it first
            raise ComplianceError(_("This service unit is already in the campaign.")) from exc
        audit.record(
            "compliance.assessment_scheduled",
            actor=actor,
            target=assessment,
            office=campaign.office,
            new={"assessor": assessor, "date": scheduled_on},
        )
    return assessment


def assessment_reschedule(
    *, assessment: Assessment, scheduled_on: dt.date, assessor: User, actor: Any
) -> Assessment:
    """Move a unit's date or give it another assessor, before its result is submitted."""
    _require_manager(actor, assessment.office)
    if not (
        assessor.is_active
        and assessor.role in ASSESSOR_ROLES
        and assessor.office_id == assessment.office_id
    ):
        raise NotAllowed(_("The assessor must be active staff of the campaign's office."))
    with transaction.atomic():
        assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if not assessment.is_editable:
            raise WrongState(_("A submitted or approved assessment cannot be rescheduled."))
        old = {"assessor": assessment.assessor, "date": assessment.scheduled_on}
        assessment.scheduled_on = scheduled_on
        assessment.assessor = assessor
        assessment.save(update_fields=["scheduled_on", "assessor"])
        audit.record(
            "compliance.assessment_rescheduled",
            actor=actor,
            target=assessment,
            office=assessment.office,
            old=old,
            new={"assessor": assessor, "date": scheduled_on},
        )
    return assessment


# --- the assessor --------------------------------------------------------------------------


def _check_upload(upload: UploadedFile) -> tuple[str, str, str]:
    """(content type, extension, sha256) of an accepted evidence file, by the case documents'
    rules (``aduan.cases.documents.check_upload``)."""
    from aduan.cases.documents import check_upload
    from aduan.core.errors import DomainError

    try:
        return check_upload(upload)
    except DomainError as exc:
        raise ComplianceError(str(exc)) from exc


def _check_not_applicable(indicator: Indicator, note: str) -> None:
    if not indicator.allows_not_applicable:
        raise ComplianceError(
            _("“%(indicator)s” cannot be answered “not applicable” in this instrument.")
            % {"indicator": indicator.text}
        )
    if not note:
        raise ComplianceError(
            _("“%(indicator)s” is “not applicable”: say in its note why it does not apply.")
            % {"indicator": indicator.text}
        )


def assessment_record(
    *,
    assessment: Assessment,
    actor: Any,
    answers: Mapping[int, tuple[int | str | None, str]],
    files: Mapping[int, Iterable[UploadedFile]] | None = None,
) -> Assessment:
    """Record answers (indicator id → (points, ``NOT_APPLICABLE`` or None, note)) and evidence
    files (indicator id → uploads). Only the assigned assessor, and only before submission or
    after a send-back. "Not applicable" only where the indicator allows it, and with a note
    saying why."""
    _require_assessor(actor, assessment)
    files = files or {}
    checked = {
        indicator_id: [(upload, *_check_upload(upload)) for upload in uploads]
        for indicator_id, uploads in files.items()
    }
    with transaction.atomic():
        assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if not assessment.is_editable:
            raise WrongState(
                _("This assessment is %(state)s and can no longer be changed.")
                % {"state": assessment.get_state_display()}
            )
        indicators = {
            i.pk: i
            for i in Indicator.objects.filter(dimension__instrument_id=assessment.instrument_id)
        }
        unknown = (set(answers) | set(checked)) - set(indicators)
        if unknown:
            raise ComplianceError(_("An answer is for an indicator of another instrument."))
        changed = 0
        for indicator_id in sorted(set(answers) | set(checked)):
            indicator = indicators[indicator_id]
            answer, _created = Answer.objects.get_or_create(
                assessment=assessment, indicator=indicator
            )
            if indicator_id in answers:
                value, note = answers[indicator_id]
                note = (note or "").strip()[:MAX_NOTE]
                not_applicable = value == NOT_APPLICABLE
                if not_applicable:
                    _check_not_applicable(indicator, note)
                    value = None
                elif value is not None and not (
                    isinstance(value, int) and 0 <= value <= indicator.max_points
                ):
                    raise ComplianceError(
                        _("The answer to “%(indicator)s” is outside its scale.")
                        % {"indicator": indicator.text}
                    )
                if (answer.value, answer.not_applicable, answer.note) != (
                    value,
                    not_applicable,
                    note,
                ):
                    answer.value, answer.not_applicable = value, not_applicable
                    answer.note, answer.answered_by = note, actor
                    answer.save()
                    changed += 1
            for upload, content_type, extension, digest in checked.get(indicator_id, []):
                evidence = Evidence(
                    answer=answer,
                    original_name=(upload.name or "")[-255:],
                    content_type=content_type,
                    size=upload.size,
                    sha256=digest,
                    uploaded_by=actor,
                )
                evidence.file.save(f"{digest[:16]}.{extension}", upload, save=False)
                evidence.save()
                changed += 1
        if changed and assessment.state != Assessment.State.IN_PROGRESS:
            assessment.state = Assessment.State.IN_PROGRESS
            assessment.save(update_fields=["state"])
        if changed:
            audit.record(
                "compliance.assessment_recorded",
                actor=actor,
                target=assessment,
                office=assessment.office,
                new={"changes": changed},
            )
    return assessment


def assessment_submit(*, assessment: Assessment, actor: Any) -> Assessment:
    """Compute the score, category and zone with the assessment's instrument version and store
    them, for review."""
    _require_assessor(actor, assessment)
    with transaction.atomic():
        assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if assessment.state not in (Assessment.State.IN_PROGRESS, Assessment.State.RETURNED):
            raise WrongState(
                _("This assessment is %(state)s and cannot be submitted.")
                % {"state": assessment.get_state_display()}
            )
        answers = list(assessment.answers.select_related("indicator").prefetch_related("evidence"))
        for answer in answers:
            indicator = answer.indicator
            if answer.not_applicable:  # no evidence needed; allowed and explained
                _check_not_applicable(indicator, answer.note.strip())
                continue
            if indicator.evidence_required and answer.value and not answer.evidence.all():
                raise ComplianceError(
                    _("“%(indicator)s” needs a photo or document as evidence.")
                    % {"indicator": indicator.text}
                )
        result = scoring.compute(
            assessment.instrument,
            {a.indicator_id: a.value for a in answers if not a.not_applicable},
            not_applicable={a.indicator_id for a in answers if a.not_applicable},
        )
        assessment.score = result.score
        assessment.category = result.category
        assessment.zone = result.zone
        assessment.breakdown = result.breakdown
        assessment.state = Assessment.State.SUBMITTED
        assessment.submitted_at = timezone.now()
        assessment.save(
            update_fields=["score", "category", "zone", "breakdown", "state", "submitted_at"]
        )
        audit.record(
            "compliance.assessment_submitted",
            actor=actor,
            target=assessment,
            office=assessment.office,
            new={"score": result.score, "category": result.category, "zone": result.zone},
        )
    return assessment


# --- the reviewer --------------------------------------------------------------------------


def _lock_for_review(assessment: Assessment, actor: Any) -> Assessment:
    _require_manager(actor, assessment.office)
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.assessor_id == actor.pk:
        raise NotAllowed(_("You assessed this unit; another head must review it."))
    if locked.state != Assessment.State.SUBMITTED:
        raise WrongState(
            _("This assessment is %(state)s, not waiting for review.")
            % {"state": locked.get_state_display()}
        )
    return locked


def assessment_approve(*, assessment: Assessment, actor: Any) -> Assessment:
    """Approve the submitted result as it was computed; it is final."""
    with transaction.atomic():
        assessment = _lock_for_review(assessment, actor)
        assessment.state = Assessment.State.APPROVED
        assessment.reviewer = actor
        assessment.reviewed_at = timezone.now()
        assessment.return_reason = ""
        assessment.save(update_fields=["state", "reviewer", "reviewed_at", "return_reason"])
        audit.record(
            "compliance.assessment_approved",
            actor=actor,
            target=assessment,
            office=assessment.office,
            new={"score": assessment.score, "zone": assessment.zone},
        )
    return assessment


def assessment_return(*, assessment: Assessment, actor: Any, reason: str) -> Assessment:
    """Send a submitted assessment back to its assessor, saying why."""
    reason = (reason or "").strip()
    if not reason:
        raise ComplianceError(_("Say why the assessment is sent back."))
    with transaction.atomic():
        assessment = _lock_for_review(assessment, actor)
        old = {"score": assessment.score, "zone": assessment.zone}
        assessment.state = Assessment.State.RETURNED
        assessment.reviewer = actor
        assessment.reviewed_at = timezone.now()
        assessment.return_reason = reason[:MAX_NOTE]
        assessment.score = None
        assessment.category = assessment.zone = ""
        assessment.breakdown = {}
        assessment.save(
            update_fields=[
                "state",
                "reviewer",
                "reviewed_at",
                "return_reason",
                "score",
                "category",
                "zone",
                "breakdown",
            ]
        )
        audit.record(
            "compliance.assessment_returned",
            actor=actor,
            target=assessment,
            office=assessment.office,
            old=old,
            reason=reason,
        )
    return assessment


# --- results -------------------------------------------------------------------------------


def delivery_record(
    *,
    campaign: Campaign,
    agency: Agency,
    recipient_name: str,
    recipient_position: str,
    delivered_on: dt.date,
    actor: Any,
) -> Delivery:
    """Make the results letter and report (PDF) for an agency's units in the campaign and
    record its delivery to the agency's head."""
    from aduan.compliance import pdf, selectors

    _require_manager(actor, campaign.office)
    recipient_name, recipient_position = (
        (recipient_name or "").strip(),
        (recipient_position or "").strip(),
    )
    if not recipient_name or not recipient_position:
        raise ComplianceError(_("Name the recipient and their position."))
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        results = selectors.approved_under(campaign, agency)
        if not results:
            raise WrongState(_("This agency has no approved result in the campaign yet."))
        rows = [
            {
                "unit": a.agency.name,
                "score": str(a.score),
                "category": a.category,
                "zone": a.zone,
                "date": a.scheduled_on.isoformat(),
            }
            for a in results
        ]
        delivery = Delivery(
            campaign=campaign,
            agency=agency,
            recipient_name=recipient_name,
            recipient_position=recipient_position,
            delivered_on=delivered_on,
            results=rows,
            created_by=actor,
        )
        content = pdf.results_letter(
            campaign=campaign,
            agency=agency,
            results=results,
            recipient_name=recipient_name,
            recipient_position=recipient_position,
            delivered_on=delivered_on,
        )
        delivery.pdf.save(
            f"hasil-{campaign.pk}-{agency.pk}-{delivered_on:%Y%m%d}.pdf",
            ContentFile(content),
            save=False,
        )
        delivery.save()
        audit.record(
            "compliance.results_delivered",
            actor=actor,
            target=delivery,
            office=campaign.office,
            new={"recipient": recipient_name, "date": delivered_on, "units": len(rows)},
        )
    return delivery
