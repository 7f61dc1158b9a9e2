"""The case engine: the steps every state change of a case is made of (DOMAIN.md §4).

A service function anywhere in Aduan (``cases.services``, ``cases.examination``, ``liaison``,
``referrals``, ``sp4n`` …) changes a case only through these: ``lock`` the row, ``guard`` its
state, ``move`` it (a transition row and an audit event, refused unless the office kind's
workflow has that move), ``start_clock`` / ``stop_clocks`` for its legal clocks, ``set_closure``
before a move to closed, ``require_power`` before a statutory power (UU 37/2008 Ps.31, 38, 39).
Other apps use this module, never the private parts of ``cases.services``.

Which moves, powers and clock rules an office has is the table of its kind
(``aduan.cases.workflows``). Apps plug in through registries filled in their ``ready``:
``INTAKE_TRACKS`` (office kind -> the track a received report enters, e.g. the ``sp4n`` app),
and the sweeper's ``CONSEQUENCES`` and ``REMINDERS`` (``aduan.cases.sweeper``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aduan.cases import workflows
from aduan.cases.errors import CaseError, NotInWorkflow, WrongState
from aduan.cases.models import Case, Transition
from aduan.cases.states import State
from aduan.core import audit
from aduan.deadlines.models import Deadline, DeadlineRule
from aduan.deadlines.services import deadline_close, deadline_start
from aduan.reference.models import ClosureMode, ClosureReason


def lock(case: Case) -> Case:
    return (
        Case.objects.select_for_update(of=("self",), no_key=True)
        .select_related("office", "unit", "intake_type")
        .get(pk=case.pk)
    )


def guard(case: Case, *states: str) -> None:
    if case.state not in states:
        raise WrongState(
            _("This cannot be done while the case is %(state)s.")
            % {"state": case.get_state_display()}
        )


def move(
    case: Case,
    to_state: str,
    *,
    actor: Any,
    action: str,
    reason: str = "",
    actor_label: str = "",
    **extra: Any,
) -> None:
    """Record a move (the caller holds the lock and is inside the transaction). Refused,
    citing the basis, unless the office kind's workflow has ``(state, to_state, action)``.
    ``actor_label``: who the timeline names when the mover is no staff account (the reporter,
    by a channel)."""
    refusal = workflows.move_refusal(case.office.kind, case.state, to_state, action)
    if refusal is not None:
        raise NotInWorkflow(refusal)
    old = case.state
    now = timezone.now()
    user = actor if getattr(actor, "is_authenticated", False) else None
    Transition.objects.create(
        case=case,
        from_state=old,
        to_state=to_state,
        at=now,
        actor=user,
        action=action,
        reason=reason,
        seconds_in_state=max(0, int((now - case.state_since).total_seconds())),
    )
    case.state = to_state
    case.state_since = now
    if to_state == State.EXAMINATION and case.examined_at is None:
        case.examined_at = now
    case.save()
    audit.record(
        f"case.{action}",
        actor=actor,
        target=case,
        office=case.office,
        old={"state": old},
        new={"state": to_state, **extra},
        reason=reason,
        actor_label=actor_label,
    )
    if to_state == State.CLOSED:
        for hook in ON_CLOSED:
            hook(case, actor=actor, action=action)


# Called inside the transaction of every move to CLOSED as ``hook(case, actor=..., action=...)``
# (``action``: the move's, e.g. ``closed`` or ``withdrawn``): other apps act on a case's closure
# (``triage`` closes the reports merged into it, or frees them when its reporter withdrew).
ON_CLOSED: list[Callable[..., None]] = []


def set_closure(case: Case, mode: str | ClosureMode, reason: str | ClosureReason) -> None:
    """Record how and why the case closes (the caller then moves it to CLOSED)."""
    case.closure_mode = ref_item(ClosureMode, mode)
    case.closure_reason = ref_item(ClosureReason, reason)
    case.closed_at = timezone.now()


def require_power(case: Case, power: str) -> None:
    """Refuse, citing the basis, unless the case's office holds ``power``
    (``workflows.Power``: police assistance Ps.31, binding recommendation Ps.38, escalation
    Ps.38(4), sanctions Ps.39)."""
    if not workflows.has_power(case.office.kind, power):
        raise NotInWorkflow(workflows.power_refusal(case.office.kind, power))


def rule_for(case: Case, step: str) -> str:
    """The rule code the case's office kind uses for the clock ``step`` (an Ombudsman code such
    as ``klarifikasi-pertama``): ``daerah-klarifikasi-pertama`` for a regional ombudsman."""
    return workflows.rule_code(
        case.office.kind,
        step,
        exists=lambda code: DeadlineRule.objects.filter(code=code, active=True).exists(),
    )


def start_clock(
    case: Case,
    rule: str,
    *,
    actor: Any,
    subject: Any = None,
    start: dt.datetime | dt.date | None = None,
    delivery: Any = None,
) -> Deadline:
    """Start a legal clock that belongs to ``case`` (on the case itself, or on ``subject``:
    a clarification request, the LAHP, a corrective action, a recommendation). ``rule`` names
    the step; the office kind's workflow says which rule it uses (``rule_for``). ``delivery``:
    the clock starts on that delivery's receipt, and waits until it is known (decision 0018)."""
    return deadline_start(
        subject=subject or case,
        rule=rule_for(case, rule),
        office=case.office,
        start=start,
        case=case,
        actor=actor,
        delivery=delivery,
    )


def rule_codes(*steps: str) -> set[str]:
    """The rule codes that stand for ``steps`` in any office kind's workflow."""
    return {code for step in steps for code in workflows.rule_codes(step)}


def clocks(case: Case, *rule_codes_or_steps: str) -> Iterable[Deadline]:
    """The case's clocks still to be met: running, or waiting for their receipt (of these
    steps, whatever rule the office kind uses)."""
    clocks = Deadline.objects.live().filter(case=case)
    if rule_codes_or_steps:
        clocks = clocks.filter(rule__code__in=rule_codes(*rule_codes_or_steps))
    return list(clocks)


# Office kind -> the track a received report enters instead of the Ombudsman's: called inside
# ``case_receive``'s transaction as ``track(case, actor=..., received_at=...)``; returns True if
# it took the report, False to leave it to the Ombudsman's tracks. Registered by apps' ready
# (the ``sp4n`` app for agency complaint units), so ``cases`` imports none of them.
INTAKE_TRACKS: dict[str, Callable[..., bool]] = {}


def stop_clocks(
    case: Case, state: str, *rule_codes: str, actor: Any = None, reason: str = ""
) -> None:
    for clock in clocks(case, *rule_codes):
        deadline_close(deadline=clock, state=state, actor=actor, reason=reason)


def after_commit(task: Any, **kwargs: Any) -> None:
    transaction.on_commit(lambda: task.enqueue(**kwargs))


def ref_item(model: Any, code: str | Any) -> Any:
    if not isinstance(code, str):
        return code
    item = model.objects.filter(code=code, active=True).first()
    if item is None:
        raise CaseError(
            _("Unknown %(list)s: %(code)s.") % {"list": model._meta.verbose_name, "code": code}
        )
    return item
