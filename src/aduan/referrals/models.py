"""Referral and coordination ("no wrong door"): a case, or a part of it, forwarded to another
institution (*limpahan*), or received from one. Copies (*tembusan*) are cases filed at receipt."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Institution(models.Model):
    """A body a case may be referred to, or that refers one to us."""

    class Kind(models.TextChoices):
        AGENCY_UNIT = "unit_pengaduan", _("agency complaint unit")
        SP4N = "sp4n_lapor", _("SP4N-LAPOR!")
        POLICE = "kepolisian", _("police")
        OMBUDSMAN = "ombudsman_lain", _("other ombudsman")
        OTHER = "lain", _("other")

    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    agency = models.ForeignKey(
        "directory.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referral_institutions",
    )
    office = models.ForeignKey(
        "directory.Office",
        verbose_name=_("office"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referral_institutions",
    )
    email = models.EmailField(_("contact e-mail"), blank=True)
    address = models.TextField(_("address"), blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Referral(models.Model):
    """One referral of a case (or part of it) out to an institution, or in from one."""

    class Direction(models.TextChoices):
        OUT = "keluar", _("out")
        IN = "masuk", _("in")

    class Status(models.TextChoices):
        OPEN = "terbuka", _("open")
        ANSWERED = "dijawab", _("answered")
        CLOSED = "ditutup", _("closed")

    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="referrals"
    )
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    part = models.TextField(_("what is referred"))
    sent_at = models.DateTimeField(_("sent or received at"))
    letter_reference = models.CharField(_("letter reference"), max_length=120, blank=True)
    receipt_received_at = models.DateTimeField(_("receipt received at"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    reminded_at = models.DateTimeField(
        _("reminded at"),
        null=True,
        blank=True,
        help_text=_("When the institution was reminded that the follow-up time ran out."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-sent_at", "-id"]
        indexes = [models.Index(fields=["status", "direction"], name="referral_status_idx")]

    def __str__(self) -> str:
        arrow = "→" if self.direction == self.Direction.OUT else "←"
        return f"{self.case} {arrow} {self.institution}"
