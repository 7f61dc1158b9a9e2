"""The stricter clock binds (issue 14 §5, decision 0018).

A complaint unit runs the statutory period of UU 25/2009 beside the SP4N-LAPOR! clock that counts
the same thing (``rules.PAIRS``): Ps.44(3)'s 14 days beside the 3 working days to verify,
Ps.50(1)'s 60 days beside the follow-up clock of the report class (5, 14 or 60 working days).
Both clocks run and both are shown; the earlier due date binds, and each clock of the pair says
which one binds and why. This is worked out when the clocks are read, so a holiday added or moved
later (which moves only the working-day clock) is reflected at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _

from aduan.deadlines.models import Basis, Deadline
from aduan.sp4n import rules


def _day(value: dt.date) -> str:
    return formats.date_format(value, "l, j F Y")


def _period(clock: Deadline) -> str:
    if clock.basis == Basis.WORKING:
        return _("%(days)s working days") % {"days": clock.total_days}
    return _("%(days)s days") % {"days": clock.total_days}


def _label(clock: Deadline) -> str:
    return rules.SP4N_LABEL if clock.rule.rule_set == "sp4n" else clock.legal_source


def partner(clock: Deadline, clocks: Iterable[Deadline]) -> Deadline | None:
    """The running clock paired with ``clock`` (UU 25 with SP4N, or SP4N with UU 25)."""
    code = clock.rule.code
    if code in rules.PAIRS:
        wanted = set(rules.PAIRS[code])
    else:
        wanted = {uu25 for uu25, sp4n in rules.PAIRS.items() if code in sp4n}
    if not wanted:
        return None
    for other in clocks:
        if (
            other.pk != clock.pk
            and other.rule.code in wanted
            and other.state == Deadline.State.OPEN
            and other.due_date is not None
        ):
            return other
    return None


def binding(clock: Deadline, clocks: Iterable[Deadline]) -> Deadline | None:
    """Of ``clock`` and its running partner, the one whose due date binds (the earlier; the UU 25
    clock on a tie); None when ``clock`` has no running partner."""
    if clock.state != Deadline.State.OPEN or clock.due_date is None:
        return None
    other = partner(clock, clocks)
    if other is None:
        return None
    statute, sp4n = (clock, other) if clock.rule.code in rules.PAIRS else (other, clock)
    return sp4n if sp4n.due_date < statute.due_date else statute


def notes(clock: Deadline, clocks: Iterable[Deadline]) -> list[str]:
    """The explanation's line saying which clock of the pair binds (registered in
    ``aduan.cases.selectors.CLOCK_NOTES``)."""
    clocks = list(clocks)
    winner = binding(clock, clocks)
    if winner is None:
        return []
    loser = partner(clock, clocks) if winner.pk == clock.pk else clock
    params: dict[str, Any] = {
        "first": _label(winner),
        "first_period": _period(winner),
        "first_due": _day(winner.due_date),
        "second": _label(loser),
        "second_period": _period(loser),
        "second_due": _day(loser.due_date),
    }
    if winner.due_date == loser.due_date:
        return [
            _(
                "%(first)s: %(first_period)s and %(second)s: %(second_period)s both end "
                "%(first_due)s."
            )
            % params
        ]
    return [
        _(
            "%(first)s: %(first_period)s end %(first_due)s, before %(second)s: "
            "%(second_period)s end %(second_due)s; %(first_due)s binds (the stricter clock)."
        )
        % params
    ]
