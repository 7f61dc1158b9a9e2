from __future__ import annotations

from typing import Any

from django import template

from aduan.sp4n.models import Sp4nCase

register = template.Library()


@register.simple_tag
def sp4n_record(case: Any) -> Sp4nCase | None:
    """The SP4N-LAPOR! record of a complaint unit's case, or None (an Ombudsman case)."""
    if getattr(case, "pk", None) is None:
        return None
    return Sp4nCase.objects.filter(case_id=case.pk).select_related("handling_agency").first()
