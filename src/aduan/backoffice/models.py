"""What the back office keeps for itself: who has a case open right now."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CasePresence(models.Model):
    """Someone had the case page open at ``seen_at`` (refreshed while the page stays open), so
    colleagues see that someone is working on it before they start the same work."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    since = models.DateTimeField(_("on the case since"), default=timezone.now)
    seen_at = models.DateTimeField(_("last seen"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("presence on a case")
        verbose_name_plural = _("presences on cases")
        constraints = [
            models.UniqueConstraint(fields=["case", "user"], name="presence_once_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.case}"
