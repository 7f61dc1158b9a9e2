"""Template filters of the liaison portal."""

from __future__ import annotations

from typing import Any

from django import template

from aduan.cases.identity import redact as redact_text

register = template.Library()


@register.filter
def redact(text: Any, case: Any) -> str:
    """``text`` with a confidential reporter's identity replaced (``identity.redact``)."""
    return redact_text(case, str(text or ""))
