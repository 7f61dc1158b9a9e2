from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PreventionConfig(AppConfig):
    name = "aduan.prevention"
    label = "prevention"
    verbose_name = _("Prevention and networking")

    def ready(self) -> None:
        from aduan.core import audit
        from aduan.prevention.guidelines import AUDIT_ACTIONS as GUIDELINE_ACTIONS
        from aduan.prevention.services import AUDIT_ACTIONS

        audit.register(AUDIT_ACTIONS)
        audit.register(GUIDELINE_ACTIONS)

        # The sweeper's reminder before an improvement suggestion's follow-up is due and its
        # consequence when it runs out (the clock has no case, so cases' reminders skip it).
        from aduan.cases.sweeper import CONSEQUENCES, REMINDERS
        from aduan.prevention import sweeper
        from aduan.prevention.seed import RULE_CODE

        audit.register(sweeper.AUDIT_ACTIONS)
        CONSEQUENCES[RULE_CODE] = sweeper.follow_up_missed
        REMINDERS[RULE_CODE] = sweeper.remind
