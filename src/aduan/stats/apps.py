from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _cache_table(using: str = "default", **_kwargs: Any) -> None:
    """``aduan migrate`` also makes the database cache's table (settings.CACHES), so nobody has
    to remember ``createcachetable``."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


class StatsConfig(AppConfig):
    name = "aduan.stats"
    label = "stats"
    verbose_name = _("Statistics and reports")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        post_migrate.connect(_cache_table, sender=self)
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
