from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeadlinesConfig(AppConfig):
    name = "aduan.deadlines"
    label = "deadlines"
    verbose_name = _("Calendar and deadlines")

    def ready(self) -> None:
        from aduan.core import audit

        audit.register(
            {
                "closure.shifted": _("Non-working day moved"),
                "holiday.cancelled": _("National holiday cancelled"),
                "holiday.shifted": _("National holiday moved"),
                "holiday.change_withdrawn": _("Change to a national holiday withdrawn"),
                "holiday.data_loaded": _("Holiday data updated"),
                "case.due_date_moved": _("Due date moved"),
            }
        )
        from aduan.deadlines.deliveries import AUDIT_ACTIONS

        audit.register(AUDIT_ACTIONS)
