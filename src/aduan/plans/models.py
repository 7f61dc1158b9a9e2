"""Targets and the work programme (issue 18 §2): what an office or one of its units
(keasistenan) aims at in a quarter or a year, and the work-programme items of a quarter.
Realisation is never typed in: ``aduan.plans.realisation`` computes it from Aduan's own records.
Rows change only through ``aduan.plans.services`` and are read through ``selectors``, limited to
the user's offices."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Metric(models.TextChoices):
    """What a target counts; each is computed from the records (``realisation.METRICS``)."""

    REPORTS_RECEIVED = "laporan-diterima", _("reports received")
    REPORTS_REGISTERED = "laporan-registrasi", _("reports registered for examination")
    REPORTS_CLOSED = "laporan-selesai", _("reports closed in examination")
    CLOSURE_RATE = "tingkat-penyelesaian", _("closure rate in examination (%)")
    ACTIVITIES = "kegiatan", _("prevention activities")
    ASSESSMENTS = "penilaian-kepatuhan", _("compliance assessments approved")
    SUGGESTIONS = "saran-perbaikan", _("improvement suggestions issued")


class Target(models.Model):
    """A target of an office, or of one of its units, for a quarter (or the year: quarter
    empty). For ``kegiatan`` an optional kind of activity (``prevention.ActivityKind`` code)
    narrows what counts."""

    office = models.ForeignKey(
        "directory.Office", verbose_name=_("office"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "directory.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty: the whole office."),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), null=True, blank=True, help_text=_("Empty: the whole year.")
    )
    metric = models.CharField(_("what is counted"), max_length=30, choices=Metric.choices)
    activity_kind = models.CharField(
        _("kind of activity"),
        max_length=20,
        blank=True,
        help_text=_("Only for prevention activities; empty: every kind."),
    )
    value = models.DecimalField(_("target"), max_digits=10, decimal_places=2)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["year", "quarter", "unit", "metric", "activity_kind", "id"]
        indexes = [models.Index(fields=["office", "year"], name="plans_target_office_year")]

    def __str__(self) -> str:
        period = f"{self.year}" + (f" TW{self.quarter}" if self.quarter else "")
        return f"{self.get_metric_display()} {period}: {self.value}"

    @property
    def is_rate(self) -> bool:
        return self.metric in RATES


RATES = frozenset({Metric.CLOSURE_RATE})


class WorkItem(models.Model):
    """An item of a quarter's work programme (program kerja) of an office or unit."""

    class Status(models.TextChoices):
        PLANNED = "rencana", _("planned")
        UNDERWAY = "berjalan", _("under way")
        DONE = "selesai", _("done")
        DROPPED = "batal", _("dropped")

    office = models.ForeignKey(
        "directory.Office", verbose_name=_("office"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "directory.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    title = models.CharField(_("programme item"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    outcome = models.TextField(_("outcome"), blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("work-programme item")
        verbose_name_plural = _("work programme")
        ordering = ["year", "quarter", "due_date", "id"]
        indexes = [models.Index(fields=["office", "year", "quarter"], name="plans_item_period")]

    def __str__(self) -> str:
        return f"{self.title} ({self.year} TW{self.quarter})"
