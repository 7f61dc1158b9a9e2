"""``flush`` with the audit tables' append-only triggers lifted for its own connection.

Django's ``flush`` empties every table (the test suite runs it between transactional tests). The
audit tables refuse DELETE and TRUNCATE (``aduan.core.chain``); emptying a whole database is the
one maintenance task allowed to pass, and only for the statements of this command.
"""

from __future__ import annotations

from typing import Any

from django.core.management.commands.flush import Command as FlushCommand

from aduan.core.chain import maintenance


class Command(FlushCommand):
    help = FlushCommand.help + " The audit log's append-only triggers let this command through."

    def handle(self, **options: Any) -> None:
        with maintenance(using=options["database"]):
            super().handle(**options)
