"""The ``aduan`` command: Django's manage.py with Aduan's own subcommands.

Subcommands may be typed with hyphens (``aduan load-regions``) or underscores.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run an ``aduan`` subcommand (``aduan help`` lists them)."""
    args = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aduan.settings")
    if len(args) > 1 and not args[1].startswith("-"):
        args[1] = args[1].replace("-", "_")
        os.environ["ADUAN_CLI_COMMAND"] = args[1]
    args[0] = "aduan"
    from django.core.management import execute_from_command_line

    execute_from_command_line(args)


if __name__ == "__main__":
    main()
