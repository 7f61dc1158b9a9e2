from __future__ import annotations

from typing import Any

from django import template

from aduan.triage.selectors import case_panel

register = template.Library()


@register.simple_tag
def case_suggestions(case: Any, user: Any) -> dict[str, Any] | None:
    """The routing suggestions panel of ``case`` for ``user`` (a fixed number of queries;
    None when the case is not theirs to decide). A failure never costs the case page."""
    try:
        return case_panel(case, user)
    except Exception:  # the panel is advice: the case page is drawn without it
        import logging

        logging.getLogger(__name__).exception("triage panel failed for case %s", case.pk)
        return None


@register.filter
def percent(score: float) -> str:
    """A confidence as a whole percentage."""
    return f"{round((score or 0) * 100)}%"


@register.simple_tag
def may_see_triage(user: Any) -> bool:
    """True if the back-office menu offers ``user`` the Triage page (its head of office, its
    PVL staff, national administrators): no query beyond what the request already read."""
    from aduan.triage.selectors import may_see_acceptance

    office = getattr(user, "office", None)
    return office is not None and may_see_acceptance(user, office)
