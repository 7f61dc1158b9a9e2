from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "aduan.stats"
    label = "stats"
    verbose_name = _("Statistics and reports")

    def ready(self) -> None:
        # The audit actions of spike alerts (aduan.stats.spikes).
        from aduan.core import audit

        audit.register(
            {
                "spike.raised": _("Spike alert raised"),
                "spike.acknowledged": _("Spike alert acknowledged"),
                "spike.iaps_opened": _("Own-initiative investigation opened from a spike alert"),
                "spike.grouped": _("Spike alert's reports grouped as a mass complaint"),
                "spike.dismissed": _("Spike alert dismissed"),
                "mass_complaint.created": _("Mass complaint created"),
            }
        )
