"""``{% can "action" case as allowed %}``: the template's side of ``aduan.access.can``, so a
button is shown exactly when the view and the service would let it through."""

from __future__ import annotations

from typing import Any

from django import template

from aduan import access
from aduan.cases.reveal import needs_reason

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context: template.Context, action: str, case: Any = None, office: Any = None) -> bool:
    """True if the signed-in person (``request.user``) may do ``action`` (to ``case``, or in
    ``office``)."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return access.can(user, action, case, office=office)


@register.simple_tag(takes_context=True)
def reveal_needs_reason(context: template.Context, case: Any) -> bool:
    """True if the signed-in person may see ``case``'s confidential reporter only with a reason
    (break glass, ``aduan.cases.reveal``)."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return bool(case.confidential) and needs_reason(user, case)
