"""Data-subject requests, the retention schedule per office and the breach register."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

HOURS_3X24 = dt.timedelta(hours=72)
DEFAULT_ARCHIVE_YEARS = 5


class DataRequest(models.Model):
    """A person's request about the personal data the office holds on them (UU 27/2022
    Ps.30–32): received, the requester's identity verified, then answered or refused."""

    class Kind(models.TextChoices):
        ACCESS = "akses", _("access to their data (Ps.32)")
        CORRECTION = "perbaikan", _("correction of their data (Ps.30)")

    class Status(models.TextChoices):
        RECEIVED = "diterima", _("received")
        VERIFIED = "terverifikasi", _("identity verified")
        ANSWERED = "dijawab", _("answered")
        REFUSED = "ditolak", _("refused")

    class Channel(models.TextChoices):
        DESK = "langsung", _("in person at the office")
        LETTER = "surat", _("letter")
        EMAIL = "email", _("e-mail")
        PHONE = "telepon", _("phone call")
        OTHER = "lain", _("other")

    class Verification(models.TextChoices):
        ID_CARD = "ktp", _("identity card checked in person")
        ID_COPY_AND_CONTACT = (
            "salinan_kontak",
            _("copy of the identity card, confirmed through the contact on file"),
        )
        TRACKING_CODE = "kode_lacak", _("report reference and tracking code")
        OTHER = "lain", _("other (described)")

    FINAL = frozenset({Status.ANSWERED, Status.REFUSED})

    office = models.ForeignKey(
        "directory.Office", verbose_name=_("office"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    channel = models.CharField(_("arrived by"), max_length=12, choices=Channel.choices)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    requester_name = models.CharField(_("requester's name"), max_length=200)
    details = models.TextField(_("what is asked"), blank=True)
    reporters = models.ManyToManyField(
        "cases.Reporter",
        verbose_name=_("the requester's reporter records"),
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=14, choices=Status.choices, default=Status.RECEIVED
    )
    verification = models.CharField(
        _("identity verified by"), max_length=16, choices=Verification.choices, blank=True
    )
    verification_note = models.TextField(_("verification note"), blank=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    refusal_reason = models.TextField(_("reason for refusal"), blank=True)
    closed_at = models.DateTimeField(_("answered or refused at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("data subject request")
        verbose_name_plural = _("data subject requests")
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["office", "status", "received_at"])]

    def __str__(self) -> str:
        # No personal data: the audit log labels its events with this.
        return f"PDP-{self.pk}"

    @property
    def due_at(self) -> dt.datetime:
        """The end of the 3×24 hours."""
        return self.received_at + HOURS_3X24


class RetentionPolicy(models.Model):
    """How long an office keeps reporters' identities after a case is closed (UU 27/2022
    Ps.43–44: destruction or anonymisation at the end of the retention period)."""

    office = models.OneToOneField(
        "directory.Office",
        verbose_name=_("office"),
        on_delete=models.CASCADE,
        related_name="retention_policy",
    )
    archive_years = models.PositiveSmallIntegerField(
        _("years kept after closure"), default=DEFAULT_ARCHIVE_YEARS
    )
    source = models.CharField(_("basis (records retention schedule)"), max_length=255, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("retention policy")
        verbose_name_plural = _("retention policies")

    def __str__(self) -> str:
        return f"{self.office_id}: {self.archive_years}"


class Breach(models.Model):
    """A failure of personal data protection (UU 27/2022 Ps.46) and the notices it requires."""

    class Status(models.TextChoices):
        OPEN = "terbuka", _("open")
        CLOSED = "ditutup", _("closed")

    class Category(models.TextChoices):
        IDENTITY = "identitas", _("identity (name, birth data)")
        CONTACT = "kontak", _("contact (address, phone, e-mail)")
        ID_NUMBER = "nik", _("identity numbers (NIK, passport)")
        COMPLAINT = "laporan", _("complaint contents")
        HEALTH = "kesehatan", _("health (specific data, Ps.4)")
        CHILDREN = "anak", _("children's data (specific data, Ps.4)")
        FINANCE = "keuangan", _("financial data (specific data, Ps.4)")
        CRIMINAL = "kejahatan", _("criminal records (specific data, Ps.4)")
        OTHER = "lain", _("other")

    office = models.ForeignKey(
        "directory.Office",
        verbose_name=_("office recording it"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    offices = models.ManyToManyField(
        "directory.Office", verbose_name=_("offices affected"), related_name="+", blank=True
    )
    discovered_at = models.DateTimeField(_("discovered at"))
    description = models.TextField(_("what happened"))
    categories = models.JSONField(_("categories of data"), default=list)
    subjects_affected = models.PositiveIntegerField(_("people affected (estimate)"), default=0)
    measures = models.TextField(_("measures taken"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    subjects_notified_at = models.DateTimeField(_("subjects told at"), null=True, blank=True)
    subjects_notice = models.TextField(_("how the subjects were told"), blank=True)
    authority_notified_at = models.DateTimeField(_("authority told at"), null=True, blank=True)
    authority_notice = models.TextField(_("how the authority was told"), blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closing_note = models.TextField(_("closing note"), blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("personal data breach")
        verbose_name_plural = _("personal data breaches")
        ordering = ["-discovered_at", "-id"]

    def __str__(self) -> str:
        return f"INSIDEN-{self.pk}"

    @property
    def due_at(self) -> dt.datetime:
        return self.discovered_at + HOURS_3X24

    def category_labels(self) -> list[str]:
        labels = dict(self.Category.choices)
        return [str(labels.get(code, code)) for code in self.categories]
