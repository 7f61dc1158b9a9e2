from django.apps import AppConfig
from django.db.models.signals import post_migrate
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
        post_migrate.connect(_sync_holiday_data, sender=self)


def _sync_holiday_data(sender: AppConfig, using: str = "default", **kwargs: object) -> None:
    """``aduan migrate`` after an upgrade also takes in upgraded holiday data: the open clocks
    that count through a day that changed are recomputed at once (``aduan holidays sync``)."""
    from django.db import connections
    from django.utils import timezone

    from aduan.deadlines.models import HolidayData
    from aduan.deadlines.services import holiday_data_sync

    if HolidayData._meta.db_table not in connections[using].introspection.table_names():
        return
    year = timezone.now().year
    holiday_data_sync(years=range(year - 1, year + 2))
