from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from aduan.guide.shots import MAX_BYTES, TARGET_DIR, WIDTH, copy_shots, missing


class Command(BaseCommand):
    help = (
        "Copy the browser journeys' screenshots (var/screenshots/journeys/<journey>/*.png) into "
        "the user guide's static folder, shrunk (at most 800 pixels wide, under about 150 KB), "
        "and list the screenshots the guide names that are still missing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--source",
            type=Path,
            default=Path(settings.DATA_DIR) / "screenshots" / "journeys",
            help="where the journeys wrote them (default: var/screenshots/journeys)",
        )
        parser.add_argument(
            "--target",
            type=Path,
            default=TARGET_DIR,
            help="the guide's static folder (default: src/aduan/guide/static/guide/shots)",
        )
        parser.add_argument("--width", type=int, default=WIDTH)
        parser.add_argument("--max-bytes", type=int, default=MAX_BYTES)

    def handle(self, *args: object, **options: object) -> None:
        source, target = Path(options["source"]), Path(options["target"])
        if not source.is_dir():
            raise CommandError(
                f"{source} does not exist: run the browser journeys first (make test)."
            )
        copied = copy_shots(source, target, width=options["width"], max_bytes=options["max_bytes"])
        for item in copied:
            self.stdout.write(f"{item.name}: {item.width} px wide, {item.size // 1024} KB")
        self.stdout.write(f"{len(copied)} screenshots copied to {target}")
        for name in missing(target):
            self.stderr.write(f"missing: {name} (the guide shows nothing in its place)")
