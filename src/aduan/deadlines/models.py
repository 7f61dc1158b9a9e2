"""Non-working days, deadline rules, and deadlines as data (rule, basis, start, due, source)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Basis(models.TextChoices):
    CALENDAR = "calendar", _("calendar days")
    WORKING = "working", _("working days")


class OfficeClosure(models.Model):
    """A day or run of days an office does not work, beyond national holidays and cuti bersama:
    a regional holiday, an office closure, or a national day off not yet in the holiday list."""

    class Kind(models.TextChoices):
        REGIONAL_HOLIDAY = "libur_daerah", _("regional holiday")
        OFFICE_CLOSURE = "penutupan_kantor", _("office closure")
        NATIONAL_DAY_OFF = "libur_nasional_tambahan", _("additional national day off")

    office = models.ForeignKey(
        "directory.Office",
        verbose_name=_("office"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="closures",
        help_text=_("Empty: applies to every office."),
    )
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    reason = models.CharField(_("reason"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("non-working day")
        verbose_name_plural = _("non-working days")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="closure_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        span = (
            f"{self.start_date:%Y-%m-%d}"
            if self.start_date == self.end_date
            else f"{self.start_date:%Y-%m-%d} – {self.end_date:%Y-%m-%d}"
        )
        return f"{span}: {self.reason}"


class DeadlineRule(models.Model):
    """A legal clock: how many days, counted how, from which law. Rule sets keep the Ombudsman's
    rules and the SP4N-LAPOR! complaint-unit rules apart; the engine is the same."""

    class RuleSet(models.TextChoices):
        OMBUDSMAN = "ombudsman", _("Ombudsman (UU 37/2008)")
        SP4N = "sp4n", _("Agency complaint unit (SP4N-LAPOR!)")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    rule_set = models.CharField(_("rule set"), max_length=20, choices=RuleSet.choices)
    name = models.CharField(_("name (Bahasa Indonesia)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    days = models.PositiveIntegerField(_("days"))
    basis = models.CharField(_("counted in"), max_length=10, choices=Basis.choices)
    legal_source = models.CharField(_("legal source"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("deadline rule")
        verbose_name_plural = _("deadline rules")
        ordering = ["rule_set", "code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.days} {self.get_basis_display()})"


class DeadlineQuerySet(models.QuerySet):
    def open(self) -> DeadlineQuerySet:
        return self.filter(state=Deadline.State.OPEN)

    def for_subject(self, subject: models.Model) -> DeadlineQuerySet:
        return self.filter(
            subject_type=ContentType.objects.get_for_model(subject), subject_id=str(subject.pk)
        )


class Deadline(models.Model):
    """One running clock on something (a case, a clarification request, a recommendation …).

    Days, basis and legal source are copied from the rule when the clock starts, so a later
    change to the rule does not move running clocks; ``explanation`` says how the due date was
    computed (which days were skipped and why).
    """

    class State(models.TextChoices):
        OPEN = "open", _("running")
        MET = "met", _("met")
        MISSED = "missed", _("missed")
        CANCELLED = "cancelled", _("cancelled")

    rule = models.ForeignKey(
        DeadlineRule, verbose_name=_("rule"), on_delete=models.PROTECT, related_name="deadlines"
    )
    office = models.ForeignKey(
        "directory.Office",
        verbose_name=_("office"),
        on_delete=models.PROTECT,
        related_name="deadlines",
    )
    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    subject_id = models.CharField(max_length=64)
    subject = GenericForeignKey("subject_type", "subject_id")
    days = models.PositiveIntegerField(_("days"))
    basis = models.CharField(_("counted in"), max_length=10, choices=Basis.choices)
    legal_source = models.CharField(_("legal source"), max_length=200)
    start_date = models.DateField(_("counted from"))
    due_date = models.DateField(_("due date"), db_index=True)
    explanation = models.JSONField(_("how it was computed"), default=dict)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.OPEN, db_index=True
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deadlines",
    )
    extended_days = models.PositiveIntegerField(_("days added by extensions"), default=0)
    paused_days = models.PositiveIntegerField(_("days paused"), default=0)
    paused_since = models.DateField(_("paused since"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    computed_at = models.DateTimeField(_("computed at"), default=timezone.now)

    objects = DeadlineQuerySet.as_manager()

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        ordering = ["due_date", "id"]
        indexes = [
            models.Index(fields=["subject_type", "subject_id"]),
            models.Index(fields=["state", "due_date"]),
            # A case's running clocks that are not paused: "has an overdue clock" without
            # reading the clocks (the office overview asks it of every late case).
            models.Index(
                fields=["case", "due_date"],
                condition=models.Q(state="open", paused_since__isnull=True),
                name="deadline_running_idx",
            ),
            # The statistics: the clocks that stopped in a period, of an office or of all, per
            # rule and outcome, from the index alone (on time; missed clarification requests).
            models.Index(
                fields=["office", "closed_at", "state", "rule", "id"],
                name="deadline_office_closed_idx",
            ),
            models.Index(
                fields=["closed_at", "state", "rule", "office", "id"], name="deadline_closed_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule.name}: {self.due_date:%Y-%m-%d}"

    @property
    def total_days(self) -> int:
        return self.days + self.extended_days + self.paused_days

    def colour(self, today: dt.date) -> str:
        """red: overdue; yellow: in its last quarter (at least the last 2 days); green: otherwise;
        grey: paused or no longer running."""
        if self.state != self.State.OPEN or self.paused_since:
            return "grey"
        left = (self.due_date - today).days
        if left < 0:
            return "red"
        return "yellow" if left <= max(2, round(self.total_days * 0.25)) else "green"


class DeadlinePause(models.Model):
    """An interval in which a clock stood still (e.g. waiting for the reporter)."""

    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="pauses")
    start_date = models.DateField(_("paused from"))
    end_date = models.DateField(_("resumed on"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=255)

    class Meta:
        verbose_name = _("pause")
        verbose_name_plural = _("pauses")
        ordering = ["start_date", "id"]

    def __str__(self) -> str:
        return f"{self.start_date} – {self.end_date or '…'}: {self.reason}"


class DeadlineExtension(models.Model):
    """Days added to a clock, with the reason and who decided it."""

    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="extensions")
    days = models.PositiveIntegerField(_("days"))
    reason = models.CharField(_("reason"), max_length=255)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("extension")
        verbose_name_plural = _("extensions")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"+{self.days}: {self.reason}"
