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
        audit.register(
            {
                "case.sp4n_privacy_changed": _("Report privacy changed (SP4N-LAPOR!)"),
                "case.uu25_decided": _("Complaint decided (UU 25/2009 Ps.50)"),
                "case.uu25_completion_requested": _(
                    "Complainant asked to complete the file (UU 25/2009 Ps.44)"
                ),
            }
        )
        # An anonymous report's identity is hidden from everyone (no "view_identity").
        if identity_locked not in permissions.IDENTITY_LOCKS:
            permissions.IDENTITY_LOCKS.append(identity_locked)

        # The case engine's registries, so that ``cases`` imports nothing of this app: the
        # intake track of the office kinds under these rules, the sweeper's consequences of
        # the reporter's silence and of the complainant's completion period, and the clocks'
        # explanation of which clock of a UU 25 / SP4N pair binds.
        from aduan.cases import engine, selectors, sweeper
        from aduan.sp4n import binding, rules
        from aduan.sp4n import sweeper as sp4n_sweeper
        from aduan.sp4n.services import intake_track

        for kind in rules.OFFICE_KINDS:
            engine.INTAKE_TRACKS[kind] = intake_track
        sweeper.CONSEQUENCES[rules.REPORTER_REPLY] = sp4n_sweeper.reporter_silent
        sweeper.CONSEQUENCES[rules.UU25_COMPLETION] = sp4n_sweeper.complaint_not_completed
        if binding.notes not in selectors.CLOCK_NOTES:
            selectors.CLOCK_NOTES.append(binding.notes)
