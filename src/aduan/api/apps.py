from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "aduan.api"
    label = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        from aduan.core import audit

        audit.register(
            {
                "api.token_created": _("API token created"),
                "api.token_revoked": _("API token revoked"),
            }
        )
