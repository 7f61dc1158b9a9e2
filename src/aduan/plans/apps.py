from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "aduan.plans"
    label = "plans"
    verbose_name = _("Targets and work programme")

    def ready(self) -> None:
        from aduan.core import audit
        from aduan.plans.services import AUDIT_ACTIONS

        audit.register(AUDIT_ACTIONS)
