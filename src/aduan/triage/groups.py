"""Mass-complaint grouping of a new case (filled in by the triage work; see decision 0026)."""

from __future__ import annotations

from typing import Any


def place_case(case: Any) -> None:
    """Put ``case`` into the open mass-complaint group it belongs to, or start one."""
