from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "aduan.core"
    label = "core"
    verbose_name = _("Audit and system")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from aduan.core import changes  # noqa: F401  (registers the admin.* action codes)
        from aduan.core.chain import install_sqlite_function

        # SQLite's audit triggers read a per-connection flag (see aduan.core.chain.maintenance).
        connection_created.connect(install_sqlite_function, dispatch_uid="aduan-audit-sqlite")
        # Log lines carry the id of their request or worker task (aduan.core.logs).
        from aduan.core.logs import connect_signals

        connect_signals()
