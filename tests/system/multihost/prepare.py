"""The shared database's first state, as an operator would make it before starting the hosts.

Run once per module against the fresh PostgreSQL database (``DATABASE_URL``):
``python -m tests.system.multihost.prepare``. Migrates, then makes one office (Asia/Jakarta,
with its units) and two PVL assistants with a password: ``petugas``, with an API token and a
confirmed authenticator (its recovery codes are printed, a sign-in uses one), and ``korban``,
whose password the sign-in throttle test gets wrong. Prints one JSON line.
"""

from __future__ import annotations

import json
import os

OFFICE_CODE = "multihost"
PASSWORD = "multihost-password-9b1f"


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aduan.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django_otp.oath import totp

    from aduan.api.services import token_create
    from aduan.backoffice import mfa
    from aduan.directory.models import Office, Unit, User

    call_command("migrate", verbosity=0)
    office = Office.objects.create(
        code=OFFICE_CODE,
        name="Ombudsman RI Perwakilan Multihost",
        kind=Office.Kind.PERWAKILAN,
        time_zone="Asia/Jakarta",
    )
    for kind in Unit.Kind.values:
        Unit.objects.create(office=office, kind=kind, code=kind, name=f"Keasistenan {kind}")
    pvl = office.units.get(kind=Unit.Kind.PVL)
    users = {}
    for username in ("petugas", "korban"):
        user = User(
            username=username,
            role=User.Role.ASISTEN,
            office=office,
            unit=pvl,
            email=f"{username}@multihost.example",
        )
        user.set_password(PASSWORD)
        user.save()
        users[username] = user
    device = mfa.totp_start(user=users["petugas"])
    _device, codes = mfa.totp_confirm(user=users["petugas"], code=f"{totp(device.bin_key):06d}")
    _token, secret = token_create(user=users["petugas"], name="multihost test")
    print(json.dumps({"token": secret, "password": PASSWORD, "recovery_codes": codes}))


if __name__ == "__main__":
    main()
