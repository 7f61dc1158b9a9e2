"""Staff decide: accept one of a case's suggestions, or choose another value. The field is set
through the service that edits the case file (``aduan.cases.services.case_update``, with its
permission, state guard and audit); the channel, which that service does not edit, is set here
with the same shape. Each decision on a field that had suggestions is one ``Decision`` row
(the latest per case and field) and a ``triage.decided`` audit event, so acceptance can be
measured per office."""

from __future__ import annotations

from collections.abc import Iterable
from contextvars import ContextVar
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from aduan.cases import permissions
from aduan.cases.errors import CaseError, WrongState
from aduan.core import audit
from aduan.triage.models import Decision, Suggestion, Target

_DECIDING: ContextVar[bool] = ContextVar("triage_deciding", default=False)
# case_update's fields -> the targets they decide
FIELD_TARGETS = {
    "agency": Target.AGENCY,
    "substance": Target.SUBSTANCE,
    "maladministration_forms": Target.FORM,
    "event_region": Target.REGION,
}


def current_values(case: Any, target: str) -> list[str]:
    """The case's value(s) for ``target`` as suggestion values."""
    if target == Target.AGENCY:
        return [str(case.agency_id)] if case.agency_id else []
    if target == Target.SUBSTANCE:
        return [case.substance.code] if case.substance_id else []
    if target == Target.REGION:
        return [case.event_region_id] if case.event_region_id else []
    if target == Target.CHANNEL:
        return [case.channel.code] if case.channel_id else []
    if target == Target.FORM:
        return list(case.maladministration_forms.values_list("code", flat=True))
    raise ValueError(target)


def record(case: Any, target: str, value: str | Iterable[str], actor: Any) -> Decision | None:
    """Record staff's decision on ``target`` of ``case`` if the case had suggestions for it
    (else nothing): the rank of the suggestion chosen, or none for another value. Called inside
    the transaction that set the field. One row per case and field: a later decision replaces
    the earlier one (the audit log keeps both)."""
    suggestions = list(
        Suggestion.objects.filter(case=case, target=target).order_by("rank").select_related("model")
    )
    if not suggestions:
        return None
    values = [value] if isinstance(value, str) else [str(v) for v in value]
    if not values:
        return None
    by_value = {s.value: s for s in suggestions}
    chosen = [by_value[v] for v in values if v in by_value]
    accepted = min(chosen, key=lambda s: s.rank) if chosen else None
    decided = accepted.value if accepted else values[0]
    label = accepted.label if accepted else _label(target, decided)
    model_id = suggestions[0].model_id
    office_id = case.office_id
    Decision.objects.filter(case=case, target=target).delete()
    decision = Decision.objects.create(
        case=case,
        office_id=office_id,
        target=target,
        value=decided,
        label=label[:255],
        accepted_rank=accepted.rank if accepted else None,
        model_id=model_id,
        actor=actor if getattr(actor, "pk", None) else None,
    )
    audit.record(
        "triage.decided",
        actor=actor,
        target=case,
        office=case.office,
        new={
            "target": target,
            "value": decided,
            "accepted_rank": decision.accepted_rank,
            "model": model_id,
        },
    )
    return decision


def record_changes(*, case: Any, fields: Iterable[str], actor: Any) -> None:
    """The hook in ``case_update``: a decision for each edited field that had suggestions."""
    if _DECIDING.get():
        return  # a suggestion being decided records itself
    for field in fields:
        target = FIELD_TARGETS.get(field)
        if target is not None:
            record(case, target, current_values(case, target), actor)


def _label(target: str, value: str) -> str:
    from aduan.triage.suggest import object_labels

    return object_labels(target, [value]).get(value, value)


def _resolve(target: str, value: str) -> Any:
    """The object ``value`` names for ``target``; CaseError if there is none."""
    from aduan.directory.models import Agency
    from aduan.reference.models import Channel, MaladministrationForm, Substance
    from aduan.regions.models import Region

    value = str(value or "").strip()
    found = None
    if target == Target.AGENCY and value.isdigit():
        found = Agency.objects.filter(pk=int(value)).first()
    elif target == Target.REGION:
        found = Region.objects.filter(code=value).first()
    elif target in {Target.SUBSTANCE, Target.FORM, Target.CHANNEL}:
        model = {
            Target.SUBSTANCE: Substance,
            Target.FORM: MaladministrationForm,
            Target.CHANNEL: Channel,
        }[target]
        found = model.objects.filter(code=value, active=True).first()
    if found is None:
        raise CaseError(_("Choose one of the listed values."))
    return found


def _apply(*, case: Any, target: str, obj: Any, actor: Any) -> Any:
    """Set the field through case_update (the channel: ``_set_channel``) and record the
    decision once (case_update's own hook stands aside meanwhile)."""
    from aduan.cases import services as sv

    if target == Target.CHANNEL:
        return _set_channel(case=case, channel=obj, actor=actor)
    if target == Target.FORM:
        codes = sorted(set(current_values(case, target)) | {obj.code})
        changes: dict[str, Any] = {"maladministration_forms": codes}
        value = obj.code
    else:
        field = {
            Target.AGENCY: "agency",
            Target.SUBSTANCE: "substance",
            Target.REGION: "event_region",
        }[target]
        changes = {field: obj}
        value = str(obj.pk)
    token = _DECIDING.set(True)
    try:
        case = sv.case_update(case=case, actor=actor, **changes)
    finally:
        _DECIDING.reset(token)
    record(case, target, value, actor)
    return case


def _set_channel(*, case: Any, channel: Any, actor: Any) -> Any:
    """Correct the channel a report came in through (staff-entered reports), with audit."""
    from aduan.cases import engine

    with transaction.atomic():
        case = engine.lock(case)
        if not case.is_open:
            raise WrongState(_("A closed case is not edited; reopen it first."))
        if case.channel_id != channel.pk:
            old = case.channel.code
            case.channel = channel
            case.save(update_fields=["channel"])
            audit.record(
                "case.edited",
                actor=actor,
                target=case,
                office=case.office,
                old={"channel": old},
                new={"channel": channel.code},
            )
        record(case, Target.CHANNEL, channel.code, actor)
    return case


def _check(case: Any, target: str, actor: Any) -> None:
    permissions.require(actor, "receive", case)
    if target not in Target.values:
        raise CaseError(_("Nothing is suggested for this field."))


def suggestion_accept(*, case: Any, target: str, rank: int, actor: Any) -> Decision | None:
    """Use the suggestion of ``rank`` for ``target``."""
    _check(case, target, actor)
    suggestion = Suggestion.objects.filter(case=case, target=target, rank=rank).first()
    if suggestion is None:
        raise CaseError(_("This suggestion is no longer offered; reload the page."))
    obj = _resolve(target, suggestion.value)
    with transaction.atomic():
        case = _apply(case=case, target=target, obj=obj, actor=actor)
    return Decision.objects.filter(case=case, target=target).first()


def suggestion_choose(*, case: Any, target: str, value: str, actor: Any) -> Decision | None:
    """Use another value than the suggestions for ``target`` (or one of them, chosen from the
    list: it counts as accepted)."""
    _check(case, target, actor)
    obj = _resolve(target, value)
    with transaction.atomic():
        case = _apply(case=case, target=target, obj=obj, actor=actor)
    return Decision.objects.filter(case=case, target=target).first()
