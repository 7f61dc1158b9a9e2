from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiaisonConfig(AppConfig):
    name = "aduan.liaison"
    label = "liaison"
    verbose_name = _("Agency liaison portal")

    def ready(self) -> None:
        from aduan.core import audit

        audit.register(
            {
                "liaison.invited": _("Liaison officer invited to the portal"),
                "liaison.activated": _("Liaison officer activated the portal account"),
                "liaison.deactivated": _("Liaison officer's portal account deactivated"),
            }
        )
