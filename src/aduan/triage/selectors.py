"""Reads for triage's pages: the suggestions panel of a case (a fixed number of queries) and
acceptance per office (/kantor/triase/)."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from aduan.cases import permissions
from aduan.triage import store
from aduan.triage.models import Decision, Suggestion, Target, TriageModel

# The case's fields are decided at intake and verification, until registration.
DECIDING_STATES = store.UNDECIDED_STATES | {"menunggu_pleno"}
PANEL_TARGETS = (Target.AGENCY, Target.SUBSTANCE, Target.FORM, Target.REGION, Target.CHANNEL)


@dataclass
class ModelState:
    model: TriageModel | None
    shared: bool = False
    stale: bool = False
    usable: bool = True


@dataclass
class PanelRow:
    target: str
    title: str
    suggestions: list[Suggestion] = field(default_factory=list)
    current: list[str] = field(default_factory=list)  # labels of the field's value(s)
    used: int | None = None  # the rank of the suggestion the field holds
    state: ModelState | None = None  # None: no model needed (the region)


def model_states(office: Any) -> dict[str, ModelState]:
    """The model each target of ``office`` uses, stale or not, its file usable or not."""
    in_use = store.models_in_use(office)
    decided_now = store.decided_cases(office).count() if in_use else None
    states = {}
    for target, (model, shared) in in_use.items():
        states[target] = ModelState(
            model=model,
            shared=shared,
            stale=store.is_stale(model, decided_now=None if shared else decided_now),
            usable=store.usable(model),
        )
    return states


def _options(target: str) -> list[tuple[str, str]]:
    from aduan.directory.models import Agency
    from aduan.reference.models import Channel, MaladministrationForm, Substance

    if target == Target.AGENCY:
        return [
            (str(pk), name)
            for pk, name in Agency.objects.order_by("path").values_list("pk", "name")
        ]
    model = {
        Target.SUBSTANCE: Substance,
        Target.FORM: MaladministrationForm,
        Target.CHANNEL: Channel,
    }[target]
    return [(item.code, str(item)) for item in model.objects.active()]


def case_panel(case: Any, user: Any) -> dict[str, Any] | None:
    """The suggestions panel of ``case`` for ``user`` while its fields are decided (intake and
    verification, until registration; None otherwise or when it is not theirs to decide). At
    most three queries: the suggestions, the models in use and the office's count of decided
    cases (staleness, only with a model of its own). The lists to choose another value from are
    on their own page (``views_suggestions.choose``)."""
    if not permissions.can(user, "receive", case):
        return None
    deciding = case.is_open and case.state in DECIDING_STATES
    if not deciding:
        return None  # decided: the audit log keeps what was suggested and chosen
    suggestions = list(Suggestion.objects.filter(case=case).order_by("target", "rank"))
    states = model_states(case.office)
    channel_certain = case.channel.code in store.CERTAIN_CHANNELS
    current_values = {
        Target.AGENCY: [str(case.agency_id)] if case.agency_id else [],
        Target.SUBSTANCE: [case.substance.code] if case.substance_id else [],
        Target.FORM: [f.code for f in case.maladministration_forms.all()],
        Target.REGION: [case.event_region_id] if case.event_region_id else [],
        Target.CHANNEL: [case.channel.code],
    }
    current = {
        Target.AGENCY: [str(case.agency)] if case.agency_id else [],
        Target.SUBSTANCE: [str(case.substance)] if case.substance_id else [],
        Target.FORM: [str(f) for f in case.maladministration_forms.all()],
        Target.REGION: [case.event_region.name] if case.event_region_id else [],
        Target.CHANNEL: [str(case.channel)],
    }
    rows = []
    for target in PANEL_TARGETS:
        if target == Target.CHANNEL and channel_certain:
            continue
        rows.append(
            PanelRow(
                target=target,
                title=Target(target).label,
                suggestions=[s for s in suggestions if s.target == target],
                current=current[target],
                used=_used_rank(suggestions, target, current_values[target]),
                state=None if target == Target.REGION else states.get(target, ModelState(None)),
            )
        )
    missing = [r.title for r in rows if r.state is not None and r.state.model is None]
    unusable = [r.title for r in rows if r.state and r.state.model and not r.state.usable]
    return {"rows": rows, "missing": missing, "unusable": unusable}


def _used_rank(suggestions: list[Suggestion], target: str, values: list[str]) -> int | None:
    """The rank of the suggestion the field now holds (read from the case, no query)."""
    ranks = [s.rank for s in suggestions if s.target == target and s.value in values]
    return min(ranks) if ranks else None


def choice_options(target: str) -> list[tuple[str, str]]:
    """The values staff may choose for ``target`` ("or choose another"); the region is typed."""
    return [] if target == Target.REGION else _options(target)


# --- acceptance per office


def may_see_acceptance(user: Any, office: Any) -> bool:
    """The head of ``office`` and its PVL staff; national administrators for every office."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if store.may_choose_shared(user):
        return True
    from aduan.directory.models import Unit, User

    who = permissions.person(user)
    if who is None or user.office_id != getattr(office, "pk", None):
        return False
    if user.role == User.Role.KEPALA_PERWAKILAN:
        return True
    return user.role in {User.Role.ASISTEN, User.Role.KEPALA_KEASISTENAN} and (
        who.unit_kind == Unit.Kind.PVL
    )


def _bounds(start: dt.date, end: dt.date, office: Any) -> tuple[dt.datetime, dt.datetime]:
    zone = zoneinfo.ZoneInfo(office.time_zone)
    return (
        dt.datetime.combine(start, dt.time.min, tzinfo=zone),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=zone),
    )


def _pct(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


def acceptance(office: Any, start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    """Per target: the model in use and the decisions of ``start``..``end`` (the office's
    days): how many, accepted as the first suggestion, within the top three, another chosen."""
    since, until = _bounds(start, end, office)
    counts = {
        row["target"]: row
        for row in Decision.objects.filter(office=office, at__gte=since, at__lt=until)
        .values("target")
        .annotate(
            total=Count("id"),
            first=Count("id", filter=Q(accepted_rank=1)),
            top3=Count("id", filter=Q(accepted_rank__isnull=False, accepted_rank__lte=3)),
        )
    }
    states = model_states(office)
    rows = []
    for target in PANEL_TARGETS:
        c = counts.get(target, {"total": 0, "first": 0, "top3": 0})
        total = c["total"]
        rows.append(
            {
                "target": target,
                "title": Target(target).label,
                "trainable": target in store.MODEL_TARGETS,
                "state": states.get(target),
                "total": total,
                "first": _pct(c["first"], total),
                "top3": _pct(c["top3"], total),
                "other": _pct(total - c["top3"], total),
            }
        )
    return rows


def offices_for_admin() -> Any:
    from aduan.directory.models import Office

    return Office.objects.filter(active=True).order_by("code")


def describe(state: ModelState | None) -> str:
    if state is None or state.model is None:
        return _("no model")
    return _("shared") if state.shared else _("own")
