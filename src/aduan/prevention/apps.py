from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PreventionConfig(AppConfig):
    name = "aduan.prevention"
    label = "prevention"
    verbose_name = _("Prevention and networking")

    def ready(self) -> None:
        from aduan.core import audit
        from aduan.prevention.services import AUDIT_ACTIONS

        audit.register(AUDIT_ACTIONS)
