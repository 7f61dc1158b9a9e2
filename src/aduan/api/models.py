"""API tokens: a secret shown once, stored only as its SHA-256 hash."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    """A bearer token for a staff member or an integration (a service account).

    The secret is never stored: ``key_hash`` is its SHA-256 hex digest and ``prefix`` its first
    characters, enough to recognise a token in a list. A token acts with its user's role and
    office, within its scope (``read``: GET only; ``intake``: submitting reports and referrals
    only; ``full``: everything the user may do); past ``expires_at`` (empty only when made
    explicitly without an expiry) or once revoked it is refused.
    """

    class Scope(models.TextChoices):
        READ = "read", _("read only")
        INTAKE = "intake", _("intake only (submit reports)")
        FULL = "full", _("full")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("What the token is for, e.g. WhatsApp gateway.")
    )
    key_hash = models.CharField(_("key hash (SHA-256)"), max_length=64, unique=True)
    prefix = models.CharField(_("prefix"), max_length=16)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    expires_at = models.DateTimeField(
        _("expires at"), null=True, blank=True, help_text=_("Empty: never (made so explicitly).")
    )
    scope = models.CharField(_("scope"), max_length=8, choices=Scope.choices, default=Scope.FULL)
    revoked = models.BooleanField(_("revoked"), default=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_expired(self, now: Any = None) -> bool:
        return self.expires_at is not None and self.expires_at <= (now or timezone.now())
