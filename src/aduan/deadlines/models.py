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


class HolidayChange(models.Model):
    """A national holiday or cuti bersama of the holiday data that the government cancelled or
    moved (a cuti bersama does get moved). The holiday data (``workdays``) is read through these
    rows; an office's own non-working days are ``OfficeClosure`` rows and change there."""

    class Kind(models.TextChoices):
        CANCEL = "batal", _("cancelled")
        SHIFT = "geser", _("moved to another day")

    date = models.DateField(_("holiday in the holiday data"))
    kind = models.CharField(_("change"), max_length=10, choices=Kind.choices)
    new_date = models.DateField(_("new day"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("change to a national holiday")
        verbose_name_plural = _("changes to national holidays")
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(fields=["date"], name="holiday_change_once_per_day"),
            models.CheckConstraint(
                condition=(
                    models.Q(kind="batal", new_date__isnull=True)
                    | models.Q(kind="geser", new_date__isnull=False)
                ),
                name="holiday_shift_has_new_date",
            ),
        ]

    def __str__(self) -> str:
        if self.kind == self.Kind.SHIFT:
            return f"{self.date:%Y-%m-%d} → {self.new_date:%Y-%m-%d}: {self.reason}"
        return f"{self.date:%Y-%m-%d} ({self.get_kind_display()}): {self.reason}"


class HolidayData(models.Model):
    """The national holidays and cuti bersama of one year as last loaded (``aduan holidays
    sync``): comparing the installed holiday data with it shows which days an upgrade changed,
    so the clocks that count through them are recomputed at once."""

    year = models.PositiveIntegerField(_("year"), unique=True)
    days = models.JSONField(_("days off"), default=dict)
    source = models.CharField(_("holiday data version"), max_length=60, blank=True)
    loaded_at = models.DateTimeField(_("loaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("holiday data of a year")
        verbose_name_plural = _("holiday data")
        ordering = ["year"]

    def __str__(self) -> str:
        return f"{self.year} ({self.source})"


class DeadlineRule(models.Model):
    """A legal clock: how many days, counted how, from which event, under which law.

    Rule sets keep apart the Ombudsman's rules (UU 37/2008), a regional ombudsman's (its own
    regional regulation), the SP4N-LAPOR! complaint-unit rules and the statutory periods of UU
    25/2009; the engine is the same. A rule has a history: rows with the same ``code`` and
    different ``effective_from``; a clock takes the row in force on the day it starts and keeps
    it (days, basis and source are also copied onto the clock).
    """

    class RuleSet(models.TextChoices):
        OMBUDSMAN = "ombudsman", _("Ombudsman (UU 37/2008)")
        OMBUDSMAN_DAERAH = "ombudsman_daerah", _("Regional ombudsman (its regional regulation)")
        SP4N = "sp4n", _("Agency complaint unit (SP4N-LAPOR!)")
        UU25 = "uu25", _("Public services statute (UU 25/2009)")
        OFFICE = "kantor", _("Office practice")

    class StartEvent(models.TextChoices):
        REPORT_RECEIVED = "laporan_diterima", _("the report is received")
        RECEIPT = "diterima_penerima", _("the addressee receives the document")
        SIGNING = "ditandatangani", _("the document is signed")
        SENDING = "dikirim", _("the document is sent")
        FILE_COMPLETE = "berkas_lengkap", _("the file is complete")
        STEP = "langkah", _("the step that starts it is recorded")

    class Party(models.TextChoices):
        REPORTER = "pelapor", _("the reporter")
        TERLAPOR = "terlapor", _("the reported party")
        SUPERIOR = "atasan", _("the reported party's superior")
        OFFICE = "kantor", _("the office")
        PROVIDER = "penyelenggara", _("the service provider")
        COMPLAINANT = "pengadu", _("the complainant")

    code = models.SlugField(_("code"), max_length=60)
    rule_set = models.CharField(_("rule set"), max_length=20, choices=RuleSet.choices)
    name = models.CharField(_("name (Bahasa Indonesia)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    days = models.PositiveIntegerField(_("days"))
    basis = models.CharField(_("counted in"), max_length=10, choices=Basis.choices)
    legal_source = models.CharField(_("legal source"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    start_event = models.CharField(
        _("starts when"), max_length=20, choices=StartEvent.choices, default=StartEvent.STEP
    )
    start_text = models.CharField(
        _("start, in the law's words"),
        max_length=300,
        blank=True,
        help_text=_("The words of the article that fix the start, with the article."),
    )
    party = models.CharField(
        _("whose period"), max_length=20, choices=Party.choices, default=Party.OFFICE
    )
    consequence = models.CharField(_("when it runs out"), max_length=300, blank=True)
    consequence_en = models.CharField(_("when it runs out (English)"), max_length=300, blank=True)
    extendable = models.BooleanField(_("may be extended"), default=False)
    extendable_basis = models.CharField(
        _("why it may or may not be extended"), max_length=300, blank=True
    )
    extendable_basis_en = models.CharField(
        _("why it may or may not be extended (English)"), max_length=300, blank=True
    )
    effective_from = models.DateField(_("in force from"), default=dt.date(2008, 10, 7))
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("deadline rule")
        verbose_name_plural = _("deadline rules")
        ordering = ["rule_set", "code", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "effective_from"], name="deadline_rule_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.days} {self.get_basis_display()})"

    @property
    def waits_for_receipt(self) -> bool:
        return self.start_event == self.StartEvent.RECEIPT

    def _in_language(self, text: str, english: str) -> str:
        from django.utils.translation import get_language

        if english and (get_language() or "id").startswith("en"):
            return english
        return text

    @property
    def label(self) -> str:
        """The name in the active language."""
        return self._in_language(self.name, self.name_en)

    @property
    def consequence_text(self) -> str:
        return self._in_language(self.consequence, self.consequence_en)

    @property
    def extendable_text(self) -> str:
        return self._in_language(self.extendable_basis, self.extendable_basis_en)


class DeadlineQuerySet(models.QuerySet):
    def open(self) -> DeadlineQuerySet:
        return self.filter(state=Deadline.State.OPEN)

    def live(self) -> DeadlineQuerySet:
        """Running, or waiting for the receipt that starts it: not yet met, missed or
        cancelled."""
        return self.filter(state__in=[Deadline.State.OPEN, Deadline.State.WAITING])

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
        WAITING = "waiting", _("waiting for receipt")
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
    start_date = models.DateField(_("counted from"), null=True, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True, db_index=True)
    delivery = models.ForeignKey(
        "deadlines.Delivery",
        verbose_name=_("started by the receipt of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="deadlines",
        help_text=_("A clock that starts on receipt waits (state 'waiting') until it is known."),
    )
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
        if self.due_date is None:
            return f"{self.rule.name}: {self.get_state_display()}"
        return f"{self.rule.name}: {self.due_date:%Y-%m-%d}"

    @property
    def total_days(self) -> int:
        return self.days + self.extended_days + self.paused_days

    def colour(self, today: dt.date) -> str:
        """red: overdue; yellow: in its last quarter (at least the last 2 days); green: otherwise;
        grey: paused or no longer running."""
        if self.state != self.State.OPEN or self.paused_since or self.due_date is None:
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


class Delivery(models.Model):
    """A notice, letter, LAHP or recommendation sent to one addressee, and when it reached them.

    Clocks that the law starts on receipt (UU 37/2008 Ps.25, Ps.38(2); Peraturan Ombudsman
    58/2023) wait on a delivery. The receipt is known from the liaison portal or the tracking
    page (the moment the addressee opens it), a delivery status, the date on a tanda terima that
    staff enter, or, when none comes, the office's documented presumption (decision 0018).
    """

    class Method(models.TextChoices):
        PORTAL = "portal", _("liaison portal")
        TRACKING = "lacak", _("reporter's tracking page")
        EMAIL = "email", _("e-mail")
        MESSAGE = "pesan", _("SMS or WhatsApp")
        POST = "pos", _("post")
        HAND = "antar", _("hand delivery")
        IN_PERSON = "langsung", _("handed over at the office")

    class Addressee(models.TextChoices):
        REPORTER = "pelapor", _("reporter")
        TERLAPOR = "terlapor", _("reported party")
        SUPERIOR = "atasan", _("superior of the reported party")
        OTHER = "lain", _("other")

    class ReceiptBasis(models.TextChoices):
        OPENED = "dibuka", _("opened by the addressee")
        DELIVERY_STATUS = "status_kirim", _("delivery status")
        TANDA_TERIMA = "tanda_terima", _("tanda terima (receipt slip)")
        IN_PERSON = "langsung", _("handed over in person")
        PRESUMED = "dianggap", _("presumed (office rule)")

    office = models.ForeignKey(
        "directory.Office", verbose_name=_("office"), on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    subject_id = models.CharField(max_length=64)
    subject = GenericForeignKey("subject_type", "subject_id")
    document = models.CharField(_("what was sent"), max_length=60)
    addressee = models.CharField(_("addressee"), max_length=20, choices=Addressee.choices)
    addressee_name = models.CharField(_("addressee's name"), max_length=200, blank=True)
    agency = models.ForeignKey(
        "directory.Agency",
        verbose_name=_("agency addressed"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The agency whose liaison opening it in the portal is the receipt."),
    )
    method = models.CharField(_("sent by"), max_length=20, choices=Method.choices)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    received_on = models.DateField(_("received on"), null=True, blank=True)
    receipt_basis = models.CharField(
        _("receipt known from"), max_length=20, choices=ReceiptBasis.choices, blank=True
    )
    presumed_on = models.DateField(
        _("presumed received on"),
        null=True,
        blank=True,
        help_text=_("When no receipt is known by then, it is presumed on this day."),
    )
    receipt_note = models.CharField(_("note on the receipt"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("receipt recorded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["sent_at", "id"]
        indexes = [
            models.Index(fields=["subject_type", "subject_id"]),
            models.Index(
                fields=["presumed_on"],
                condition=models.Q(received_on__isnull=True),
                name="delivery_awaiting_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document} → {self.get_addressee_display()} ({self.get_method_display()})"
