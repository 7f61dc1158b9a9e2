"""``aduan create-token USERNAME NAME``: make an API token and print its secret once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from aduan.api.services import token_create
from aduan.core.errors import DomainError
from aduan.directory.models import User


class Command(BaseCommand):
    help = "Create an API token for a user and print its secret (shown only once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="the account the token acts as")
        parser.add_argument("name", help="what the token is for, e.g. 'WhatsApp gateway'")

    def handle(self, *args: Any, username: str, name: str, **options: Any) -> None:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("No user named %(username)s.") % {"username": username})
        try:
            token, secret = token_create(user=user, name=name)
        except DomainError as refusal:
            raise CommandError(str(refusal)) from refusal
        self.stderr.write(
            _(
                "Token %(prefix)s… created for %(username)s. Copy the secret now: "
                "it is not stored and cannot be shown again."
            )
            % {"prefix": token.prefix, "username": user.get_username()}
        )
        self.stdout.write(secret)
