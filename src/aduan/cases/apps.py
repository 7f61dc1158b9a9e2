from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "aduan.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from aduan.cases.audit_actions import CASE_ACTIONS
        from aduan.core import audit

        audit.register(CASE_ACTIONS)
