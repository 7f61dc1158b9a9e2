"""``aduan create-token USERNAME NAME [--scope S] [--days N | --no-expiry]``: make an API token
and print its secret once."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from aduan.api.models import ApiToken
from aduan.api.services import token_create
from aduan.core.errors import DomainError
from aduan.directory.models import User


class Command(BaseCommand):
    help = "Create an API token for a user and print its secret (shown only once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="the account the token acts as")
        parser.add_argument("name", help="what the token is for, e.g. 'WhatsApp gateway'")
        parser.add_argument(
            "--scope",
            choices=ApiToken.Scope.values,
            default=ApiToken.Scope.FULL,
            help="read: GET only; intake: submit reports and referrals only; full (default)",
        )
        expiry = parser.add_mutually_exclusive_group()
        expiry.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"days until it expires (default {settings.ADUAN_API_TOKEN_DAYS}, "
            "ADUAN_API_TOKEN_DAYS)",
        )
        expiry.add_argument(
            "--no-expiry", action="store_true", help="a token that never expires (avoid)"
        )

    def handle(
        self,
        *args: Any,
        username: str,
        name: str,
        scope: str,
        days: int | None,
        no_expiry: bool,
        **options: Any,
    ) -> None:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("No user named %(username)s.") % {"username": username})
        try:
            token, secret = token_create(
                user=user, name=name, scope=scope, days=days, never_expires=no_expiry
            )
        except DomainError as refusal:
            raise CommandError(str(refusal)) from refusal
        self.stderr.write(
            _(
                "Token %(prefix)s… created for %(username)s, scope %(scope)s, expires "
                "%(expires)s. Copy the secret now: it is not stored and cannot be shown again."
            )
            % {
                "prefix": token.prefix,
                "username": user.get_username(),
                "scope": token.scope,
                "expires": token.expires_at.date().isoformat() if token.expires_at else _("never"),
            }
        )
        self.stdout.write(secret)
