"""The states of a case (DOMAIN.md §4).

The moves between them are in ``aduan.cases.workflows``: one table of ``(from, to, action)``
moves, and per office kind which of them exist. ``engine.move`` refuses any other.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    RECEIVED = "diterima", _("received, awaiting formal verification")
    AWAITING_COMPLETION = "menunggu_kelengkapan", _("waiting for the reporter to complete it")
    MATERIAL_VERIFICATION = "verifikasi_materiil", _("material verification")
    AWAITING_DECISION = "menunggu_pleno", _("waiting for the registration decision")
    RAPID_RESPONSE = "respons_cepat", _("rapid response (RCO)")
    EXAMINATION = "pemeriksaan", _("examination")
    LAHP_RESPONSE = "tanggapan_lahp", _("draft LAHP with the reporter")
    MONITORING = "monitoring", _("monitoring corrective action")
    RESOLUTION = "resolusi_monitoring", _("with Resolution and Monitoring")
    RECOMMENDATION = "rekomendasi", _("recommendation")
    CLOSED = "selesai", _("closed")


OPEN_STATES = frozenset(State) - {State.CLOSED}


def allowed(from_state: str, to_state: str, kind: str | None = None) -> bool:
    """True if some move goes from ``from_state`` to ``to_state`` (for an office of ``kind``,
    when given)."""
    from aduan.cases import workflows

    moves = workflows.for_kind(kind).moves if kind else workflows.MOVES
    return any(move[:2] == (from_state, to_state) for move in moves)


def __getattr__(name: str) -> Any:
    # ``MOVES`` as (from, to) -> service, for readers of the old table.
    if name == "MOVES":
        from aduan.cases import workflows

        return {move[:2]: service for move, service in workflows.MOVES.items()}
    raise AttributeError(name)
