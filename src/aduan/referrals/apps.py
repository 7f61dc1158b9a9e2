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
