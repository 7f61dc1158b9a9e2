from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeadlinesConfig(AppConfig):
    name = "aduan.deadlines"
    label = "deadlines"
    verbose_name = _("Calendar and deadlines")

    def ready(self) -> None:
        from aduan.core import audit
        from aduan.deadlines.deliveries import AUDIT_ACTIONS

        audit.register(AUDIT_ACTIONS)
