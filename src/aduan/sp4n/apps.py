from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Sp4nConfig(AppConfig):
    name = "aduan.sp4n"
    label = "sp4n"
    verbose_name = _("Agency complaint units (SP4N-LAPOR!)")

    def ready(self) -> None:
        # The complaint unit's case-page actions join the back office's action table here.
        from aduan.backoffice.actions import ACTIONS
        from aduan.cases import permissions
        from aduan.core import audit
        from aduan.sp4n.forms import ACTIONS as SP4N_ACTIONS
        from aduan.sp4n.services import identity_locked

        ACTIONS.update(SP4N_ACTIONS)
        audit.register({"case.sp4n_privacy_changed": _("Report privacy changed (SP4N-LAPOR!)")})
        # An anonymous report's identity is hidden from everyone (no "view_identity").
        if identity_locked not in permissions.IDENTITY_LOCKS:
            permissions.IDENTITY_LOCKS.append(identity_locked)
