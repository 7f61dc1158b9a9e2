"""Routing suggestions for a case (filled in by the triage work; see decision 0026)."""

from __future__ import annotations

from typing import Any


def suggest_for_case(case: Any) -> None:
    """Store the top-3 suggestions per target for ``case`` (no model: nothing, and the case
    page says so)."""
