from __future__ import annotations

from typing import Any

from django import template

from aduan.referrals.selectors import referrals_for_case

register = template.Library()


@register.simple_tag
def case_referrals(case: Any) -> list[dict[str, Any]]:
    """The case's referrals, out and in, with their follow-up clocks (the page is scoped)."""
    return referrals_for_case(case)
