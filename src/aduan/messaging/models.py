"""Messages to reporters: what was sent, to whom, through which channel, in which language,
and whether it arrived at the gateway. Canned replies an administrator edits."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from aduan.cases.models import Reporter


class ReplyTemplate(models.Model):
    """A canned reply staff pick on the case page; written once in each language."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("title (for staff)"), max_length=120)
    body_id = models.TextField(_("text (Bahasa Indonesia)"))
    body_en = models.TextField(_("text (English)"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("reply template")
        verbose_name_plural = _("reply templates")
        ordering = ["order", "title"]

    def __str__(self) -> str:
        return self.title

    def text_in(self, language: str | None = None) -> str:
        """The text in ``language`` (Indonesian when it has no English version)."""
        language = language or get_language() or "id"
        return self.body_en if language.startswith("en") and self.body_en else self.body_id


class OutgoingMessage(models.Model):
    """One message to one reporter through one channel."""

    class Status(models.TextChoices):
        QUEUED = "antre", _("queued")
        SENT = "terkirim", _("sent")
        FAILED = "gagal", _("failed")
        NO_ADDRESS = "tanpa_alamat", _("no address to send to")
        CHANNEL_NOT_READY = "saluran_belum_ada", _("channel not connected yet: contact by hand")
        BY_HAND = "manual", _("to be sent by post or phone by staff")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="messages")
    reporter = models.ForeignKey(
        Reporter, null=True, on_delete=models.SET_NULL, related_name="messages"
    )
    note = models.ForeignKey(
        "cases.Note", null=True, blank=True, on_delete=models.SET_NULL, related_name="messages"
    )
    channel = models.CharField(_("channel"), max_length=12, choices=Reporter.ContactChannel.choices)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    gateway_id = models.CharField(
        _("gateway's message id"), max_length=100, blank=True, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("message to a reporter")
        verbose_name_plural = _("messages to reporters")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.case}: {self.get_channel_display()} ({self.get_status_display()})"
