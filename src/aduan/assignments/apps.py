from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssignmentsConfig(AppConfig):
    name = "aduan.assignments"
    label = "assignments"
    verbose_name = _("Staff assigned to agencies")

    def ready(self) -> None:
        from aduan.assignments.services import AUDIT_ACTIONS
        from aduan.core import audit

        audit.register(AUDIT_ACTIONS)
