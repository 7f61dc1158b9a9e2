from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "aduan.privacy"
    label = "privacy"
    verbose_name = _("Personal data")

    def ready(self) -> None:
        from aduan.cases.sweeper import REMINDERS
        from aduan.core import audit
        from aduan.privacy import seed, sweeper
        from aduan.privacy.retention import AUDIT_ACTIONS as RETENTION_ACTIONS
        from aduan.privacy.services import AUDIT_ACTIONS

        audit.register(AUDIT_ACTIONS)
        audit.register(RETENTION_ACTIONS)
        # The clocks have no case: the sweeper reminds the head of office and the data
        # protection officers through these entries before they run out.
        for code in seed.RULE_CODES:
            REMINDERS[code] = sweeper.remind
