"""Spike alerts (an unusual rise of reports about one substance, agency or place) and the
mass-complaint groupings made from them. The rule is in ``aduan.stats.spikes``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

LIVE_STATES = ("open", "acknowledged")


class SpikeAlert(models.Model):
    """An unusual rise of reports in one office over seven days, for one substance, agency or
    regency/city, compared with the same key's previous eight weeks."""

    class Dimension(models.TextChoices):
        SUBSTANCE = "substance", _("substance")
        AGENCY = "agency", _("agency")
        REGION = "region", _("regency or city")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        ACKNOWLEDGED = "acknowledged", _("acknowledged")
        ACTED = "acted", _("acted on")
        DISMISSED = "dismissed", _("dismissed")

    class Action(models.TextChoices):
        IAPS = "iaps", _("own-initiative investigation opened")
        GROUPED = "grouped", _("grouped as a mass complaint")

    office = models.ForeignKey(
        "directory.Office",
        verbose_name=_("office"),
        on_delete=models.CASCADE,
        related_name="spike_alerts",
        db_index=False,  # the indexes below begin with the office
    )
    dimension = models.CharField(_("counted by"), max_length=12, choices=Dimension.choices)
    # The primary key of the substance, agency or region (a region's code), as text.
    key = models.CharField(_("key"), max_length=40)
    label = models.CharField(_("label"), max_length=255)
    window_start = models.DateField(_("first day counted"))
    window_end = models.DateField(_("last day counted"))
    count = models.PositiveIntegerField(_("reports in the seven days"))
    daily_counts = models.JSONField(_("reports per day"), default=list)
    baseline_mean = models.FloatField(_("usual reports per week"))
    baseline_sd = models.FloatField(_("usual variation per week"))
    threshold = models.FloatField(_("alert threshold"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices, blank=True)
    acted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acted on by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    acted_at = models.DateTimeField(_("acted on at"), null=True, blank=True)
    iaps_case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("own-initiative investigation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(_("reason for dismissal"), blank=True)
    created_at = models.DateTimeField(_("raised at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last detected at"), auto_now=True)

    class Meta:
        verbose_name = _("spike alert")
        verbose_name_plural = _("spike alerts")
        ordering = ["-created_at", "-id"]
        constraints = [
            # One live alert per key: a later detection updates it (spikes.detect).
            models.UniqueConstraint(
                fields=["office", "dimension", "key"],
                condition=models.Q(status__in=LIVE_STATES),
                name="spike_alert_one_live_per_key",
            )
        ]
        indexes = [
            models.Index(fields=["office", "status", "created_at"], name="spike_alert_office_idx"),
            models.Index(
                fields=["office", "dimension", "key", "window_end"], name="spike_alert_key_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_dimension_display()}: {self.label} ({self.count})"

    @property
    def is_live(self) -> bool:
        return self.status in LIVE_STATES

    @property
    def ratio(self) -> float | None:
        """The seven days' count as a multiple of the usual week (None: no usual week)."""
        return self.count / self.baseline_mean if self.baseline_mean else None


class MassComplaint(models.Model):
    """A grouping of reports about one event (pengaduan massal), e.g. a week of power cuts.

    Made from a spike alert, automatically when similar reports share an agency, an event or a
    place (``aduan.triage.groups``), or by hand. The group is examined once, through its lead
    case; each report keeps its own clocks and its reporter gets their own reply."""

    class Origin(models.TextChoices):
        ALERT = "alert", _("from a spike alert")
        AUTOMATIC = "automatic", _("automatically")
        MANUAL = "manual", _("by hand")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        EXAMINED = "examined", _("examined through a lead case")
        CLOSED = "closed", _("closed")

    class Basis(models.TextChoices):
        AGENCY = "agency", _("same agency")
        EVENT = "event", _("same event")
        PLACE = "place", _("same place")
        SUBSTANCE = "substance", _("same substance")

    office = models.ForeignKey(
        "directory.Office",
        verbose_name=_("office"),
        on_delete=models.PROTECT,
        related_name="mass_complaints",
    )
    title = models.CharField(_("title"), max_length=255)
    cases = models.ManyToManyField(
        "cases.Case", verbose_name=_("reports"), related_name="mass_complaints"
    )
    alert = models.ForeignKey(
        SpikeAlert,
        verbose_name=_("spike alert"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mass_complaints",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    origin = models.CharField(
        _("made"), max_length=10, choices=Origin.choices, default=Origin.ALERT
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    basis = models.CharField(_("grouped by"), max_length=10, choices=Basis.choices, blank=True)
    # What the members share: an agency's id, an event ("tag:<normalised event tag>" or
    # "channel:<code>"), a regency/city code, or a substance's id.
    basis_key = models.CharField(_("shared key"), max_length=130, blank=True)
    basis_label = models.CharField(_("shared"), max_length=255, blank=True)
    lead_case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("lead case examined for the group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    iaps_case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("own-initiative investigation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    outcome = models.TextField(_("outcome told to every reporter"), blank=True)
    answered_at = models.DateTimeField(_("reporters answered at"), null=True, blank=True)
    # The first and last reception among the members: an automatic group takes new reports
    # received within the window of this span.
    first_received_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_received_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Reports removed by hand: never put back automatically.
    removed_case_ids = models.JSONField(default=list, blank=True, editable=False)

    class Meta:
        verbose_name = _("mass complaint")
        verbose_name_plural = _("mass complaints")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["office", "origin", "status", "basis", "basis_key"],
                name="mass_complaint_open_idx",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED


class DetectionRun(models.Model):
    """The daily run's claim: detection for an office and day happened (or is happening in
    another worker). Unique, so two workers never detect the same office and day twice."""

    office = models.ForeignKey(
        "directory.Office", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    day = models.DateField()
    at = models.DateTimeField(auto_now_add=True)
    alerts = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["office", "day"], name="spike_run_once_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.office_id} {self.day}"
