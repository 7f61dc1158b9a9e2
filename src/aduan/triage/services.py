"""What happens to a committed case before anyone reads it: suggestions, probable duplicates,
mass-complaint grouping. Each part is independent: one failing is logged and never costs the
others, the receipt or the case."""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)


def after_receipt(case_id: int) -> None:
    """Triage one new case (from ``aduan.intake.tasks.case_received_task``, after commit)."""
    from django.conf import settings

    from aduan.cases.models import Case
    from aduan.triage import duplicates, groups, suggest

    if not getattr(settings, "ADUAN_TRIAGE_ON_RECEIPT", True):
        return

    case = Case.objects.filter(pk=case_id).select_related("office").first()
    if case is None:
        return
    for step in (suggest.suggest_for_case, duplicates.find_for_case, groups.place_case):
        try:
            step(case)
        except Exception:  # one part failing must not cost the others
            log.exception("triage step %s failed for case %s", step.__qualname__, case_id)
