from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "aduan.referrals"
    label = "referrals"
    verbose_name = _("Referrals")

    def ready(self) -> None:
        # The case page's actions for referrals live in this app (forms.py) and join the
        # back office's action table here, so backoffice/actions.py needs no import of ours.
        from aduan.backoffice.actions import ACTIONS
        from aduan.referrals.forms import REFERRAL_ACTIONS

        ACTIONS.update(REFERRAL_ACTIONS)

        # Likewise the sweeper's consequence of a referral's follow-up clock running out, and
        # the audit action it writes on the case's timeline.
        from aduan.cases.sweeper import CONSEQUENCES
        from aduan.core import audit
        from aduan.referrals.services import FOLLOW_UP_RULE
        from aduan.referrals.sweeper import follow_up_missed

        CONSEQUENCES[FOLLOW_UP_RULE] = follow_up_missed
        audit.register(
            {"case.referral_overdue": _("Referral not followed up in time; reminder sent")}
        )
