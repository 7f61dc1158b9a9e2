from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Sp4nConfig(AppConfig):
    name = "aduan.sp4n"
    label = "sp4n"
    verbose_name = _("Agency complaint units (SP4N-LAPOR!)")

    def ready(self) -> None:
        # The complaint unit's case-page actions join the back office's action table here.
        from aduan.backoffice.actions import ACTIONS
        from aduan.sp4n.forms import ACTIONS as SP4N_ACTIONS

        ACTIONS.update(SP4N_ACTIONS)
