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


@register.simple_tag
def handles_personal_data(user: Any) -> bool:
    """True if ``user`` handles personal-data requests and breaches (the head of office, the
    office's data protection officers): only they see the link, as only they get the pages."""
    from aduan.privacy.permissions import is_handler

    return is_handler(user)
