from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplianceConfig(AppConfig):
    name = "aduan.compliance"
    label = "compliance"
    verbose_name = _("Compliance assessment")

    def ready(self) -> None:
        from aduan.core import audit

        audit.register(
            {
                "compliance.instrument_versioned": _("New version of an assessment instrument"),
                "compliance.instrument_frozen": _("Assessment instrument frozen at first use"),
                "compliance.campaign_created": _("Compliance campaign created"),
                "compliance.assessment_scheduled": _("Service unit scheduled for assessment"),
                "compliance.assessment_rescheduled": _("Compliance assessment rescheduled"),
                "compliance.assessment_recorded": _("Compliance assessment answers recorded"),
                "compliance.assessment_submitted": _("Compliance assessment submitted"),
                "compliance.assessment_approved": _("Compliance assessment approved"),
                "compliance.assessment_returned": _("Compliance assessment sent back"),
                "compliance.results_delivered": _("Compliance results delivered to the agency"),
            }
        )
