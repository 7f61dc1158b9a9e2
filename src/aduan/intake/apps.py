from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "aduan.intake"
    verbose_name = _("Intake channels")

    def ready(self) -> None:
        from aduan.intake.channels import HANDLER_MODULES

        for module in HANDLER_MODULES:
            import_module(module)
        from aduan.intake import lookups

        lookups.watch()
