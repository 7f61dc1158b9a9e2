"""What arrived from a machine channel, stored before anything is acknowledged."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Inbound(models.Model):
    """One raw inbound message (an e-mail, an SMS, a WhatsApp message, a webhook call), kept
    durably and deduplicated by the sender's id before the sender gets an acknowledgement."""

    class Status(models.TextChoices):
        NEW = "baru", _("waiting to be processed")
        PROCESSED = "diproses", _("processed")
        IGNORED = "diabaikan", _("ignored (auto-reply, bounce, empty)")
        FAILED = "gagal", _("failed; to be retried")
        GAVE_UP = "menyerah", _("failed too often; look at it")

    channel = models.CharField(_("channel"), max_length=20)
    external_id = models.CharField(_("sender's message id"), max_length=255)
    received_at = models.DateTimeField(_("received at"), default=timezone.now, db_index=True)
    payload = models.JSONField(_("payload"), default=dict, blank=True)
    raw = models.BinaryField(_("raw message"), blank=True, default=b"")
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NEW, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(_("error"), blank=True)
    note = models.CharField(_("what happened"), max_length=255, blank=True)
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="inbound"
    )
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("inbound message")
        verbose_name_plural = _("inbound messages")
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["channel", "external_id"], name="inbound_once")
        ]

    def __str__(self) -> str:
        return f"{self.channel}:{self.external_id} ({self.get_status_display()})"


class Rating(models.Model):
    """The reporter's rating of how their closed case was handled (the public portal), once."""

    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, related_name="rating", verbose_name=_("case")
    )
    score = models.PositiveSmallIntegerField(_("score (1–5)"))
    comment = models.TextField(_("comment"), blank=True)
    at = models.DateTimeField(_("rated at"), default=timezone.now)

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="rating_score_1_to_5"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.score}"


class DraftFile(models.Model):
    """A file the citizen attached to the public report form that came back with an error: kept
    (after the same checks as a report's files) so they need not attach it again, until the
    report is sent or the draft expires (``intake.channels.portal.drafts``)."""

    key = models.CharField(_("draft key"), max_length=64, db_index=True)
    kind = models.CharField(_("kind"), max_length=20)
    name = models.CharField(_("file name"), max_length=255)
    data = models.BinaryField(_("content"))
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(_("attached at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("file of an unsent report")
        verbose_name_plural = _("files of unsent reports")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["key", "kind", "sha256"], name="draft_file_once")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def kind_label(self) -> str:
        from aduan.cases.models import Document

        return str(dict(Document.Kind.choices).get(self.kind, self.kind))
