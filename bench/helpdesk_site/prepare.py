"""Run by the helpdesk virtualenv's Python in a fresh database: migrate, then make the one
queue that accepts public submissions. Prints ``{"queue": <id>}``."""

from __future__ import annotations

import json
import os


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.helpdesk_site.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from helpdesk.models import Queue

    call_command("migrate", verbosity=0)
    queue, _ = Queue.objects.get_or_create(
        slug=settings.QUEUE_SLUG,
        defaults={
            "title": "Pengaduan masyarakat",
            "allow_public_submission": True,
            "email_address": "pengaduan@localhost",
        },
    )
    print(json.dumps({"queue": queue.pk}))


if __name__ == "__main__":
    main()
