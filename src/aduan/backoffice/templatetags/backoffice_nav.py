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


@register.simple_tag
def may_take(user: Any, case: Any) -> bool:
    """True if the list offers ``user`` "take this case" on ``case``: open, held by nobody, in
    the user's own unit and office, and the user an assistant or head of unit. Read from the
    row's own columns (no query per row); cases.services.case_take decides."""
    from aduan.directory.models import User

    return bool(
        case.assignee_id is None
        and case.is_open
        and getattr(user, "role", "") in {User.Role.ASISTEN, User.Role.KEPALA_KEASISTENAN}
        and case.unit_id is not None
        and case.unit_id == getattr(user, "unit_id", None)
        and case.office_id == getattr(user, "office_id", None)
    )


@register.simple_tag(takes_context=True)
def current(context: Any, *names: str) -> str:
    """' aria-current="page"' when the current page's URL name is one of ``names`` (or, for a
    name ending in ":", in that namespace): the menu marks the section the user is in."""
    from django.utils.safestring import mark_safe

    match = getattr(context.get("request"), "resolver_match", None)
    if match is None:
        return ""
    here = match.view_name
    for name in names:
        if here == name or (name.endswith(":") and here.startswith(name)):
            return mark_safe(' aria-current="page"')
    return ""
