from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TriageConfig(AppConfig):
    name = "aduan.triage"
    label = "triage"
    verbose_name = _("Triage")

    def ready(self) -> None:
        from aduan.cases import engine
        from aduan.core import audit

        if _merged_reporters_on_close not in engine.ON_CLOSED:
            engine.ON_CLOSED.append(_merged_reporters_on_close)

        audit.register(
            {
                "triage.model_trained": _("Triage model trained"),
                "triage.model_shared": _("Shared triage model chosen"),
                "triage.decided": _("Triage suggestion decided"),
                "case.duplicate_merged": _("Duplicate report merged"),
                "case.duplicate_linked": _("Related report linked"),
                "case.duplicate_dismissed": _("Probable duplicate dismissed"),
                "case.merge_released": _("Merged report handled on its own again"),
                "mass_complaint.grouped": _("Report added to a mass complaint"),
                "mass_complaint.removed": _("Report removed from a mass complaint"),
                "mass_complaint.iaps_opened": _(
                    "Mass complaint made an own-initiative investigation"
                ),
                "mass_complaint.renamed": _("Mass complaint renamed"),
                "mass_complaint.lead_chosen": _("Lead case of a mass complaint chosen"),
                "mass_complaint.answered": _("Every reporter of a mass complaint answered"),
                "mass_complaint.closed": _("Mass complaint closed"),
            }
        )


def _merged_reporters_on_close(case: Any, *, actor: Any = None, action: str = "") -> None:
    """A closed case's merged reports close with it and tell their reporters (imported when
    needed: the finder loads scikit-learn)."""
    from aduan.triage.duplicates import notify_merged_on_close

    notify_merged_on_close(case, actor=actor, action=action)
