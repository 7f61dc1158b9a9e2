from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LettersConfig(AppConfig):
    name = "aduan.letters"
    label = "letters"
    verbose_name = _("Letters")

    def ready(self) -> None:
        from aduan.core import audit
        from aduan.letters.kinds import AUDIT_ACTIONS

        audit.register(AUDIT_ACTIONS)
