from __future__ import annotations

from typing import Any

from django import template

from aduan import access

register = template.Library()


@register.simple_tag
def may_receive(user: Any) -> bool:
    """True if ``user`` may record reports in their office (the desk and referrals received):
    the back office shows those links only to whom the pages let in."""
    office = getattr(user, "office", None)
    return office is not None and access.can(user, "receive", office=office)
