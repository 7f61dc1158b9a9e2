"""Probable duplicates of a new case (filled in by the triage work; see decision 0026)."""

from __future__ import annotations

from typing import Any


def find_for_case(case: Any) -> None:
    """Store the earlier reports ``case`` probably repeats."""
