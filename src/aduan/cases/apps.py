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

        from aduan.cases.identity import AUDIT_ACTIONS

        audit.register(AUDIT_ACTIONS)

        # The identity guard's case-page actions join the back office's table, as referrals'.
        from aduan.backoffice.actions import ACTIONS
        from aduan.cases.identity_actions import actions

        ACTIONS.update(actions())
