"""Compliance assessment (penilaian kepatuhan, DOMAIN.md §6).

An ``Instrument`` is versioned data: dimensions with weights, indicators with weights and an
answer scale, and score bands that name a category and a zone. Once a campaign uses a version it
is frozen (``frozen_at``): it is never edited again, a change is a new version. A ``Campaign`` of
an office assesses service units (``directory.Agency`` nodes) in one year with one version; each
unit is one ``Assessment`` with a date, an assessor and a state. On submission the score, the
band, the zone and the breakdown are computed by ``scoring.compute`` and stored on the
assessment, so a later instrument change cannot alter a past result.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# The form's and the services' value for a "not applicable" (tidak relevan) answer.
NOT_APPLICABLE = "na"


class Zone(models.TextChoices):
    HIJAU = "hijau", _("green (high compliance)")
    KUNING = "kuning", _("yellow (medium compliance)")
    MERAH = "merah", _("red (low compliance)")


class Instrument(models.Model):
    """One version of an assessment instrument."""

    code = models.SlugField(
        _("code"), max_length=40, help_text=_("The same for every version, e.g. standar-2013.")
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    legal_source = models.CharField(_("legal source"), max_length=200, blank=True)
    first_year = models.PositiveIntegerField(_("first year"), null=True, blank=True)
    last_year = models.PositiveIntegerField(_("last year"), null=True, blank=True)
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("based on"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="successors",
    )
    frozen_at = models.DateTimeField(
        _("frozen"),
        null=True,
        blank=True,
        help_text=_(
            "Set when a campaign first uses this version; a frozen version is never edited."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("assessment instrument")
        verbose_name_plural = _("assessment instruments")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="instrument_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None

    def clean(self) -> None:
        if self.pk and Instrument.objects.filter(pk=self.pk, frozen_at__isnull=False).exists():
            raise ValidationError(
                _("This version is in use and frozen; make a new version to change it.")
            )


class FrozenPartMixin:
    """Dimensions, indicators and bands of a frozen instrument cannot be changed."""

    def _instrument(self) -> Instrument | None:
        raise NotImplementedError

    def clean(self) -> None:
        instrument = self._instrument()
        if instrument is not None and instrument.pk:
            if Instrument.objects.filter(pk=instrument.pk, frozen_at__isnull=False).exists():
                raise ValidationError(
                    _("This version is in use and frozen; make a new version to change it.")
                )


class Dimension(FrozenPartMixin, models.Model):
    """A group of indicators with a weight in the total (e.g. input, proses, output, pengaduan)."""

    instrument = models.ForeignKey(
        Instrument,
        verbose_name=_("instrument"),
        on_delete=models.CASCADE,
        related_name="dimensions",
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    weight = models.DecimalField(
        _("weight"),
        max_digits=7,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Relative weight in the total score."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")
        ordering = ["instrument", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "code"], name="dimension_code_unique")
        ]

    def __str__(self) -> str:
        return self.name

    def _instrument(self) -> Instrument | None:
        return self.instrument if self.instrument_id else None


class Indicator(FrozenPartMixin, models.Model):
    """One thing the assessor checks. A yes/no indicator scores 0 or 1; a scale indicator
    scores 0 to ``max_points``; the indicator's share is its points over its maximum."""

    class Kind(models.TextChoices):
        YES_NO = "yes_no", _("yes or no")
        SCALE = "scale", _("scale")

    dimension = models.ForeignKey(
        Dimension,
        verbose_name=_("dimension"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    code = models.SlugField(_("code"), max_length=60)
    text = models.CharField(_("indicator"), max_length=300)
    guidance = models.TextField(_("guidance for the assessor"), blank=True)
    kind = models.CharField(_("answer"), max_length=10, choices=Kind.choices, default=Kind.YES_NO)
    max_points = models.PositiveSmallIntegerField(
        _("highest points"), default=1, help_text=_("For a scale: its top value (0 to this).")
    )
    weight = models.DecimalField(
        _("weight"),
        max_digits=7,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Relative weight inside its dimension."),
    )
    evidence_required = models.BooleanField(
        _("evidence required"),
        default=False,
        help_text=_("A positive answer needs a photo or document."),
    )
    allows_not_applicable = models.BooleanField(
        _("may be not applicable"),
        default=False,
        help_text=_(
            "The assessor may answer “not applicable” (tidak relevan), with a note saying why, "
            "e.g. fees where the service is free. Such an answer counts neither for nor against."
        ),
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["dimension__order", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["dimension", "code"], name="indicator_code_unique")
        ]

    def __str__(self) -> str:
        return self.text

    def _instrument(self) -> Instrument | None:
        return self.dimension.instrument if self.dimension_id else None

    def clean(self) -> None:
        super().clean()
        if self.kind == self.Kind.YES_NO and self.max_points != 1:
            raise ValidationError({"max_points": _("A yes/no indicator has 1 as highest points.")})
        if self.max_points < 1:
            raise ValidationError({"max_points": _("The highest points must be at least 1.")})

    def choices(self) -> list[tuple[int, str]]:
        """The answers the assessor picks from."""
        if self.kind == self.Kind.YES_NO:
            return [(1, str(_("Yes"))), (0, str(_("No")))]
        return [(n, str(n)) for n in range(self.max_points, -1, -1)]


class Band(FrozenPartMixin, models.Model):
    """A score band: from ``min_score`` up (to the next band), its category and zone."""

    instrument = models.ForeignKey(
        Instrument, verbose_name=_("instrument"), on_delete=models.CASCADE, related_name="bands"
    )
    code = models.CharField(_("category"), max_length=20, help_text=_("E.g. A, or hijau."))
    label = models.CharField(_("label"), max_length=120)
    min_score = models.DecimalField(_("from score"), max_digits=5, decimal_places=2)
    max_score = models.DecimalField(_("to score"), max_digits=5, decimal_places=2)
    zone = models.CharField(_("zone"), max_length=10, choices=Zone.choices)

    class Meta:
        verbose_name = _("score band")
        verbose_name_plural = _("score bands")
        ordering = ["instrument", "-min_score"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "code"], name="band_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.min_score}–{self.max_score}"

    def _instrument(self) -> Instrument | None:
        return self.instrument if self.instrument_id else None

    def clean(self) -> None:
        super().clean()
        if self.min_score is not None and self.max_score is not None:
            if self.min_score > self.max_score:
                raise ValidationError(_("A band's lower score cannot be above its upper score."))


class Campaign(models.Model):
    """A year's compliance assessment of an office over a list of service units."""

    office = models.ForeignKey(
        "directory.Office",
        verbose_name=_("office"),
        on_delete=models.PROTECT,
        related_name="compliance_campaigns",
    )
    year = models.PositiveIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    instrument = models.ForeignKey(
        Instrument, verbose_name=_("instrument"), on_delete=models.PROTECT, related_name="campaigns"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("compliance campaign")
        verbose_name_plural = _("compliance campaigns")
        ordering = ["-year", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "year", "title"], name="campaign_unique_in_office_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.year}"


class Assessment(models.Model):
    """One service unit in a campaign: its schedule, its assessor, its answers and its result."""

    class State(models.TextChoices):
        SCHEDULED = "scheduled", _("scheduled")
        IN_PROGRESS = "in_progress", _("in progress")
        SUBMITTED = "submitted", _("waiting for review")
        RETURNED = "returned", _("sent back")
        APPROVED = "approved", _("approved")

    EDITABLE = frozenset({State.SCHEDULED, State.IN_PROGRESS, State.RETURNED})

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="assessments"
    )
    office = models.ForeignKey(
        "directory.Office",
        verbose_name=_("office"),
        on_delete=models.PROTECT,
        related_name="compliance_assessments",
    )
    agency = models.ForeignKey(
        "directory.Agency",
        verbose_name=_("service unit"),
        on_delete=models.PROTECT,
        related_name="compliance_assessments",
    )
    instrument = models.ForeignKey(
        Instrument,
        verbose_name=_("instrument version"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    scheduled_on = models.DateField(_("scheduled for"))
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessor"),
        on_delete=models.PROTECT,
        related_name="compliance_assessments",
    )
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.SCHEDULED
    )
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True, blank=True)
    category = models.CharField(_("category"), max_length=20, blank=True)
    zone = models.CharField(_("zone"), max_length=10, choices=Zone.choices, blank=True)
    breakdown = models.JSONField(_("score by dimension"), default=dict, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    return_reason = models.TextField(_("reason sent back"), blank=True)

    class Meta:
        verbose_name = _("compliance assessment")
        verbose_name_plural = _("compliance assessments")
        ordering = ["scheduled_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "agency"], name="assessment_unit_once_per_campaign"
            )
        ]
        indexes = [models.Index(fields=["office", "state"], name="assessment_office_state")]

    def __str__(self) -> str:
        return f"{self.agency} ({self.campaign.year})"

    @property
    def is_editable(self) -> bool:
        return self.state in self.EDITABLE


class Answer(models.Model):
    """The assessor's answer to one indicator."""

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="answers"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="answers"
    )
    value = models.PositiveSmallIntegerField(_("answer"), null=True, blank=True)
    not_applicable = models.BooleanField(
        _("not applicable"),
        default=False,
        help_text=_("Tidak relevan: left out of the score; the note says why."),
    )
    note = models.TextField(_("note"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered"), auto_now=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "indicator"], name="answer_once_per_indicator"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {'n/a' if self.not_applicable else self.value}"


def evidence_path(instance: Evidence, filename: str) -> str:
    assessment = instance.answer.assessment
    return f"kepatuhan/{assessment.campaign.year}/{assessment.pk}/{filename}"


class Evidence(models.Model):
    """A photo or document backing an answer. Served only through the scoped view."""

    answer = models.ForeignKey(
        Answer, verbose_name=_("answer"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("file"), upload_to=evidence_path)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=120)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


def delivery_path(instance: Delivery, filename: str) -> str:
    return f"kepatuhan/{instance.campaign.year}/surat/{filename}"


class Delivery(models.Model):
    """The results letter and report delivered to an agency's head: date and recipient."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="deliveries"
    )
    agency = models.ForeignKey(
        "directory.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="compliance_deliveries",
    )
    recipient_name = models.CharField(_("recipient"), max_length=200)
    recipient_position = models.CharField(_("recipient's position"), max_length=200)
    delivered_on = models.DateField(_("delivered on"))
    pdf = models.FileField(_("letter and report (PDF)"), upload_to=delivery_path)
    results = models.JSONField(_("results in the letter"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("results delivery")
        verbose_name_plural = _("results deliveries")
        ordering = ["-delivered_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.agency} — {self.delivered_on}"
