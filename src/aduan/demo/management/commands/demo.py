from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand

from aduan.demo.builder import build_demo


class Command(BaseCommand):
    help = (
        "Create the demo office 'babel' (Ombudsman RI Perwakilan Kepulauan Bangka Belitung) with "
        "staff in every role, agencies and liaison officers. Safe to run again: existing data "
        "is kept. Prints the demo logins."
    )

    def handle(self, *args: object, **options: object) -> None:
        result = build_demo(progress=lambda line: self.stdout.write(line))
        added = ", ".join(f"{n} {what}" for what, n in result.created.items() if n)
        self.stdout.write(
            self.style.SUCCESS(f"Demo data: added {added}.")
            if added
            else "Demo data was already there; nothing changed."
        )
        width = max(len(u) for u, _, _ in result.logins)
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {settings.ADUAN_DEMO_PASSWORD})")
        for username, role, office in result.logins:
            self.stdout.write(f"  {username.ljust(width)}  {role} — {office}")
        if settings.ADUAN_MFA_REQUIRED:
            self.stdout.write(
                "Office staff and administrators set up a second factor (an authenticator app: "
                "scan the QR code shown) at their first sign-in; agency liaisons do not. "
                "ADUAN_MFA_REQUIRED=0 turns this off for a local trial."
            )
