"""Demo step: portal accounts for some of the demo liaisons (every other one, in order); the
rest stay without an account so the focal-point page shows both."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from aduan.directory.models import Liaison, User

DEMO_INVITER = "pvl"


def portal_accounts(result: Any, say: Callable[[str], None]) -> None:
    from aduan.liaison import services

    inviter = User.objects.filter(username=DEMO_INVITER).first()
    if inviter is None:
        return
    active = 0
    for number, liaison in enumerate(
        Liaison.objects.select_related("agency", "user").order_by("pk"), start=1
    ):
        if number % 2 == 0:
            continue
        username = f"narahubung{number}"
        if liaison.user is None:
            if User.objects.filter(username=username).exists():
                continue
            token = services.liaison_invite(liaison=liaison, actor=inviter, notify=False)["token"]
            services.liaison_activate(
                token=token, username=username, password=settings.ADUAN_DEMO_PASSWORD
            )
            result.add("liaison accounts", 1)
            liaison.refresh_from_db()
        if liaison.user and liaison.user.is_active:
            active += 1
            result.logins.append((liaison.user.username, _("liaison officer"), liaison.agency.name))
    say(f"Liaison portal: {active} active accounts of {Liaison.objects.count()} liaisons")
