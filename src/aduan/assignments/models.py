"""Staff assigned to provider agencies (issue 18 §1: "penugasan insan Ombudsman ke instansi
penyelenggara"): an office member watches one agency's service up close for a period, logs
visits with findings and evidence, and reports periodically to the head of unit; cases and
improvement suggestions that arise are linked. Rows change only through ``services``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Assignment(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "usulan", _("proposed")
        APPROVED = "disetujui", _("approved")
        ENDED = "selesai", _("ended")

    office = models.ForeignKey(
        "directory.Office", verbose_name=_("office"), on_delete=models.PROTECT, related_name="+"
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned staff member"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    agency = models.ForeignKey(
        "directory.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"))
    purpose = models.TextField(_("purpose"))
    plan = models.TextField(_("plan"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    ended_note = models.TextField(_("closing note"), blank=True)
    cases = models.ManyToManyField(
        "cases.Case", verbose_name=_("reports that arose"), blank=True, related_name="+"
    )
    suggestions = models.ManyToManyField(
        "prevention.Suggestion",
        verbose_name=_("improvement suggestions that arose"),
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("assignment to an agency")
        verbose_name_plural = _("assignments to agencies")
        ordering = ["-start_date", "-id"]

    def __str__(self) -> str:
        return f"{self.staff} → {self.agency} ({self.start_date:%d-%m-%Y})"


class Visit(models.Model):
    """A visit of the assigned staff member to the agency: what was seen, with evidence."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="visits")
    visited_on = models.DateField(_("date of the visit"))
    place = models.CharField(_("service unit or place"), max_length=200)
    findings = models.TextField(_("findings"))
    for_agency = models.BooleanField(
        _("addressed to the agency"),
        default=False,
        help_text=_("The agency's liaison sees these findings in the portal."),
    )
    evidence = models.FileField(_("evidence"), upload_to="assignments/%Y/%m/", blank=True)
    evidence_name = models.CharField(max_length=255, blank=True)
    evidence_type = models.CharField(max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-visited_on", "-id"]

    def __str__(self) -> str:
        return f"{self.place} ({self.visited_on:%d-%m-%Y})"


class MonitoringReport(models.Model):
    """A periodic report of the assignment, reviewed by the head of unit."""

    class Status(models.TextChoices):
        SUBMITTED = "diajukan", _("submitted")
        ACCEPTED = "diterima", _("accepted")
        RETURNED = "dikembalikan", _("returned")

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="reports")
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("until"))
    text = models.TextField(_("report"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED
    )
    review_note = models.TextField(_("review note"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("monitoring report")
        verbose_name_plural = _("monitoring reports")
        ordering = ["-period_end", "-id"]

    def __str__(self) -> str:
        return f"{self.assignment} {self.period_start:%d-%m-%Y}–{self.period_end:%d-%m-%Y}"
