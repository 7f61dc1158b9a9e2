"""Template filters of the liaison portal."""

from __future__ import annotations

from typing import Any

from django import template

from aduan.cases.selectors import redact_identity

register = template.Library()


@register.filter
def redact(text: Any, case: Any) -> str:
    """``text`` with a confidential reporter's identity replaced (``redact_identity``)."""
    return redact_identity(case, str(text or ""))
