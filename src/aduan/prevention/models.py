"""Prevention and networking (DOMAIN.md §6): field and outreach activities, systemic reviews with
their improvement suggestions, service-standard mappings and assistance, and the network of
partner institutions. Every row belongs to an office (directly or through its parent) and is read
through ``aduan.directory.scoping``; rows change only through ``aduan.prevention.services``."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aduan.liaison.models import Decision
from aduan.prevention.standards import COMPONENTS

COMPONENT_CODES: tuple[str, ...] = tuple(code for code, _id, _en in COMPONENTS)


class ActivityKind(models.Model):
    """A kind of field or outreach activity (issue 18 §4): reference data an administrator
    keeps, counted in the quarterly report under its own name. The kinds the Ombudsman's
    offices name are seeded (``Activity.Kind``); an office's practice may add more."""

    class Category(models.TextChoices):
        INTAKE = "penerimaan", _("taking reports in the field")
        CLINIC = "klinik", _("clinic or training")
        OUTREACH = "sosialisasi", _("outreach")
        COORDINATION = "koordinasi", _("coordination")
        MONITORING = "monitoring", _("monitoring")
        STUDY = "studi", _("study")

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name (Indonesian)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    description = models.TextField(_("description"), blank=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    channel = models.CharField(
        _("intake channel of reports taken there"),
        max_length=40,
        blank=True,
        help_text=_("A channel code (e.g. posko): reports taken at such an activity."),
    )
    records_findings = models.BooleanField(
        _("records findings per place"),
        default=False,
        help_text=_("Monitoring: findings per place, with the agencies involved."),
    )
    needs_counterpart = models.BooleanField(
        _("names a counterpart institution"),
        default=False,
        help_text=_("A comparative study names the body visited among the partners."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("kind of activity")
        verbose_name_plural = _("kinds of activity")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The name in the language of the request (Indonesian first)."""
        from django.utils import translation

        if (translation.get_language() or "id").startswith("en") and self.name_en:
            return self.name_en
        return self.name


class Activity(models.Model):
    """A field or outreach activity of an office: On The Spot, the three kinds of clinic, Nampel,
    posko, socialisation, coordination meeting, monitoring with coordination, comparative study
    (the kinds are ``ActivityKind`` rows; ``kind`` holds the code)."""

    class Kind(models.TextChoices):
        """The seeded kinds' codes (``ActivityKind`` holds their names)."""

        ON_THE_SPOT = "ots", _("On The Spot")
        COACHING = "coaching", _("public complaint clinic")
        INTERNAL_TRAINING = "klinik-internal", _("internal training of examination assistants")
        AGENCY_COACHING = "klinik-instansi", _("coaching of an agency's complaint staff")
        NAMPEL = "nampel", _("Nampel (collecting reports)")
        POSKO = "posko", _("complaint post (posko)")
        SOCIALISATION = "sosialisasi", _("socialisation")
        COORDINATION = "koordinasi", _("coordination meeting")
        MONITORING = "monitoring", _("monitoring with coordination")
        COMPARATIVE_STUDY = "studi-banding", _("comparative study")

    office = models.ForeignKey(
        "directory.Office",
        verbose_name=_("office"),
        on_delete=models.PROTECT,
        related_name="prevention_activities",
    )
    kind = models.CharField(_("kind"), max_length=20, db_index=True)
    title = models.CharField(_("title"), max_length=200)
    topic = models.CharField(
        _("topic or substance"), max_length=200, blank=True, help_text=_("e.g. electricity, land")
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    start_date = models.DateField(_("date (or first day)"))
    end_date = models.DateField(
        _("last day"), null=True, blank=True, help_text=_("For a posko or Nampel held over days.")
    )
    event_tag = models.CharField(
        _("event tag on the reports"),
        max_length=120,
        blank=True,
        help_text=_("The 'event or place of intake' written on the reports taken there."),
    )
    description = models.TextField(_("description"), blank=True)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff"),
        blank=True,
        related_name="prevention_activities",
    )
    agencies = models.ManyToManyField(
        "directory.Agency",
        verbose_name=_("agencies taking part"),
        blank=True,
        related_name="prevention_activities",
    )
    partners = models.ManyToManyField(
        "prevention.Partner",
        verbose_name=_("partner institutions (joint activity)"),
        blank=True,
        related_name="activities",
    )
    attendees = models.TextField(
        _("people attending"), blank=True, help_text=_("One per line: name, agency or group.")
    )
    participants_total = models.PositiveIntegerField(_("number of participants"), default=0)
    participants_women = models.PositiveIntegerField(_("of whom women"), null=True, blank=True)
    participants_men = models.PositiveIntegerField(_("of whom men"), null=True, blank=True)
    reports_taken = models.PositiveIntegerField(
        _("reports taken"),
        default=0,
        help_text=_("Reports and consultations received at the activity."),
    )
    cases = models.ManyToManyField(
        "cases.Case",
        verbose_name=_("reports opened there"),
        blank=True,
        related_name="prevention_activities",
    )
    outcome = models.TextField(_("outcome"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("prevention activity")
        verbose_name_plural = _("prevention activities")
        ordering = ["-start_date", "-id"]
        indexes = [models.Index(fields=["office", "start_date"], name="prev_activity_office_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title} ({self.start_date:%d-%m-%Y})"

    @property
    def last_day(self) -> dt.date:
        return self.end_date or self.start_date

    @property
    def kind_row(self) -> ActivityKind | None:
        return kinds().get(self.kind)

    @property
    def kind_label(self) -> str:
        row = self.kind_row
        return row.label if row is not None else self.kind

    def get_kind_display(self) -> str:
        return self.kind_label

    @property
    def channel_code(self) -> str:
        row = self.kind_row
        return row.channel if row is not None else ""

    @property
    def records_findings(self) -> bool:
        row = self.kind_row
        return bool(row and row.records_findings)


class ActivityDocument(models.Model):
    """Material of an activity (slides, attendance list, photos), uploaded."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200, blank=True)
    file = models.FileField(_("file"), upload_to="prevention/activities/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("activity material")
        verbose_name_plural = _("activity materials")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.title or self.original_name


class ActivityFinding(models.Model):
    """What a monitoring activity found at one place (e.g. the price of cooking oil at a market),
    with the agencies involved (issue 18 §4)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="findings")
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    place = models.CharField(_("place"), max_length=200, help_text=_("e.g. Pasar Pagi, Jl. ..."))
    finding = models.TextField(_("finding"))
    agencies = models.ManyToManyField(
        "directory.Agency", verbose_name=_("agencies involved"), blank=True, related_name="+"
    )
    follow_up = models.TextField(_("follow-up agreed"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("monitoring finding")
        verbose_name_plural = _("monitoring findings")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.place}: {self.finding[:60]}"


class SystemicReview(models.Model):
    """A systemic review (*kajian sistemik*): drafted, then published with its suggestions."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    office = models.ForeignKey(
        "directory.Office",
        verbose_name=_("office"),
        on_delete=models.PROTECT,
        related_name="systemic_reviews",
    )
    title = models.CharField(_("title"), max_length=255)
    topic = models.CharField(_("topic"), max_length=200)
    agencies = models.ManyToManyField(
        "directory.Agency",
        verbose_name=_("agencies reviewed"),
        blank=True,
        related_name="systemic_reviews",
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    findings = models.TextField(_("findings"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("systemic review")
        verbose_name_plural = _("systemic reviews")
        ordering = ["-period_end", "-id"]

    def __str__(self) -> str:
        return self.title


class Suggestion(models.Model):
    """An improvement suggestion (*saran perbaikan*) of a review, addressed to one agency, and
    what the agency did with it."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        IMPLEMENTED = "implemented", _("implemented")
        PARTLY = "partly", _("partly implemented")
        NOT_IMPLEMENTED = "not_implemented", _("not implemented")

    FINAL = frozenset({Status.IMPLEMENTED, Status.NOT_IMPLEMENTED})

    review = models.ForeignKey(SystemicReview, on_delete=models.CASCADE, related_name="suggestions")
    agency = models.ForeignKey(
        "directory.Agency",
        verbose_name=_("addressed to"),
        on_delete=models.PROTECT,
        related_name="improvement_suggestions",
    )
    text = models.TextField(_("suggestion"))
    # Set from the follow-up clock (rule ``tindak-lanjut-saran-perbaikan``) when the review is
    # published, and kept equal to the clock's due date; empty while the review is a draft.
    due_date = models.DateField(
        _("due date"),
        null=True,
        blank=True,
        help_text=_("Computed by the follow-up clock when the review is published."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    agency_response = models.TextField(_("agency's response"), blank=True)
    evidence = models.FileField(
        _("evidence"), upload_to="prevention/suggestions/%Y/%m/", blank=True
    )
    evidence_name = models.CharField(_("evidence file name"), max_length=255, blank=True)
    responded_at = models.DateTimeField(_("response recorded at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("improvement suggestion")
        verbose_name_plural = _("improvement suggestions")
        ordering = ["due_date", "id"]

    def __str__(self) -> str:
        return f"{self.agency}: {self.text[:60]}"

    def is_overdue(self, today: dt.date) -> bool:
        return (
            self.status in {self.Status.OPEN, self.Status.PARTLY}
            and self.due_date is not None
            and self.due_date < today
        )


class SuggestionReport(models.Model):
    """What the agency's liaison officer reports, through the portal, about a suggestion of a
    published review; the office accepts it (recorded as the agency's response, which stops
    the follow-up clock as ``suggestion_respond`` does) or sends it back with a reason."""

    STATUSES = (
        Suggestion.Status.IMPLEMENTED,
        Suggestion.Status.PARTLY,
        Suggestion.Status.NOT_IMPLEMENTED,
    )

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="reports")
    status = models.CharField(
        _("implementation reported"),
        max_length=20,
        choices=[(value, label) for value, label in Suggestion.Status.choices if value != "open"],
    )
    text = models.TextField(_("what was done"))
    evidence = models.FileField(
        _("evidence"), upload_to="prevention/suggestion-reports/%Y/%m/", blank=True
    )
    evidence_name = models.CharField(_("evidence file name"), max_length=255, blank=True)
    at = models.DateTimeField(_("reported at"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision = models.CharField(
        _("decision"), max_length=20, choices=Decision.choices, default=Decision.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(_("reason for sending back"), blank=True)

    class Meta:
        verbose_name = _("agency's report on a suggestion")
        verbose_name_plural = _("agencies' reports on suggestions")
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["suggestion"],
                condition=models.Q(decision=Decision.PENDING),
                name="prev_suggestion_one_pending_report",
            )
        ]

    def __str__(self) -> str:
        return f"{self.suggestion}: {self.get_decision_display()}"


class StandardMapping(models.Model):
    """Which of the 14 service-standard components (UU 25 Ps.21) an agency's service unit met
    on a date. A dated snapshot: a later mapping is a new row, never a change of this one."""

    office = models.ForeignKey(
        "directory.Office",
        verbose_name=_("office"),
        on_delete=models.PROTECT,
        related_name="standard_mappings",
    )
    agency = models.ForeignKey(
        "directory.Agency",
        verbose_name=_("service unit"),
        on_delete=models.PROTECT,
        related_name="standard_mappings",
    )
    as_of = models.DateField(_("mapped on"))
    met = models.JSONField(_("components met"), default=list)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("service-standard mapping")
        verbose_name_plural = _("service-standard mappings")
        ordering = ["agency_id", "as_of", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "agency", "as_of"], name="prev_mapping_one_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency} ({self.as_of:%d-%m-%Y})"

    @property
    def met_count(self) -> int:
        return len(set(self.met) & set(COMPONENT_CODES))

    @property
    def percent_met(self) -> float:
        return round(100 * self.met_count / len(COMPONENT_CODES), 2)


class AssistanceSession(models.Model):
    """A session helping a service unit meet its service standard."""

    office = models.ForeignKey(
        "directory.Office",
        verbose_name=_("office"),
        on_delete=models.PROTECT,
        related_name="assistance_sessions",
    )
    agency = models.ForeignKey(
        "directory.Agency",
        verbose_name=_("service unit"),
        on_delete=models.PROTECT,
        related_name="assistance_sessions",
    )
    date = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=200)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("staff"), blank=True, related_name="+"
    )
    components = models.JSONField(_("components addressed"), default=list, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("assistance session")
        verbose_name_plural = _("assistance sessions")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.agency}: {self.topic} ({self.date:%d-%m-%Y})"


class Partner(models.Model):
    """A partner institution of an office's network (UU 37 Ps.7)."""

    class Kind(models.TextChoices):
        GOVERNMENT = "pemerintah", _("government")
        CIVIL_SOCIETY = "masyarakat_sipil", _("civil society")
        UNIVERSITY = "perguruan_tinggi", _("university")
        MEDIA = "media", _("media")
        OMBUDSMAN = "ombudsman", _("ombudsman body")
        OTHER = "lain", _("other")

    office = models.ForeignKey(
        "directory.Office",
        verbose_name=_("office"),
        on_delete=models.PROTECT,
        related_name="partners",
    )
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    address = models.TextField(_("address"), blank=True)
    website = models.URLField(_("website"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("partner institution")
        verbose_name_plural = _("partner institutions")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class Agreement(models.Model):
    """An agreement (MoU, *nota kesepahaman*) with a partner. Its status follows its dates."""

    class Status(models.TextChoices):
        PENDING = "pending", _("not yet in force")
        ACTIVE = "active", _("active")
        EXPIRED = "expired", _("expired")

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="agreements")
    number = models.CharField(_("number"), max_length=120)
    title = models.CharField(_("title"), max_length=255)
    signed_on = models.DateField(_("signed on"))
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(
        _("valid until"), null=True, blank=True, help_text=_("Empty: no end date.")
    )
    scope = models.TextField(_("scope"), blank=True)
    document = models.FileField(_("document"), upload_to="prevention/agreements/%Y/", blank=True)
    document_name = models.CharField(_("document file name"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-valid_from", "-id"]

    def __str__(self) -> str:
        return f"{self.number}: {self.title}"

    def status_on(self, day: dt.date) -> str:
        """``pending`` before ``valid_from``, ``expired`` after ``valid_until``, else
        ``active`` (both days included)."""
        if day < self.valid_from:
            return self.Status.PENDING
        if self.valid_until is not None and day > self.valid_until:
            return self.Status.EXPIRED
        return self.Status.ACTIVE


class Contact(models.Model):
    """A person to contact at a partner institution."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=150)
    position = models.CharField(_("position"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


def kinds() -> dict[str, ActivityKind]:
    """Every kind of activity by code. Kept by the process for at most five minutes (the rows
    rarely change; a save or delete here drops the copy at once)."""
    cached = _KINDS.get("rows")
    if cached is None or time.monotonic() - _KINDS.get("at", 0.0) > KINDS_SECONDS:
        cached = {row.code: row for row in ActivityKind.objects.all()}
        _KINDS.update(rows=cached, at=time.monotonic())
    return cached


KINDS_SECONDS = 300
_KINDS: dict[str, Any] = {}


def forget_kinds(**_kwargs: object) -> None:
    _KINDS.clear()


models.signals.post_save.connect(forget_kinds, sender=ActivityKind)
models.signals.post_delete.connect(forget_kinds, sender=ActivityKind)


class Guideline(models.Model):
    """A service guideline or SOP (pedoman pelayanan) an office drafts, for one or more agencies,
    often what a systemic review or its suggestions led to (issue 18 §5). Its text lives in
    versions (``GuidelineVersion``), each kept: drafted, reviewed, approved, published."""

    class Kind(models.TextChoices):
        GUIDELINE = "pedoman", _("service guideline")
        SOP = "sop", _("standard operating procedure")

    office = models.ForeignKey(
        "directory.Office", verbose_name=_("office"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.GUIDELINE)
    title = models.CharField(_("title"), max_length=200)
    agencies = models.ManyToManyField(
        "directory.Agency", verbose_name=_("for the agencies"), blank=True, related_name="+"
    )
    reviews = models.ManyToManyField(
        SystemicReview,
        verbose_name=_("systemic reviews it follows from"),
        blank=True,
        related_name="guidelines",
    )
    suggestions = models.ManyToManyField(
        Suggestion,
        verbose_name=_("improvement suggestions it answers"),
        blank=True,
        related_name="guidelines",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("guideline")
        verbose_name_plural = _("guidelines")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class GuidelineVersion(models.Model):
    """One version of a guideline's text. Draft → in review → approved → published; a head
    sends a draft in review back with a note. Publishing one supersedes the one published
    before; no version is ever overwritten or deleted."""

    class Status(models.TextChoices):
        DRAFT = "draf", _("draft")
        REVIEW = "ditinjau", _("in review")
        APPROVED = "disetujui", _("approved")
        PUBLISHED = "terbit", _("published")
        SUPERSEDED = "diganti", _("superseded")

    guideline = models.ForeignKey(Guideline, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    text = models.TextField(_("text"))
    change_note = models.TextField(_("what changed"), blank=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_note = models.TextField(_("review note"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("guideline version")
        verbose_name_plural = _("guideline versions")
        ordering = ["guideline", "number"]
        constraints = [
            models.UniqueConstraint(fields=["guideline", "number"], name="guideline_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.guideline} v{self.number}"


class GuidelineAcknowledgement(models.Model):
    """An agency's liaison acknowledged a published version (once per agency and version)."""

    version = models.ForeignKey(
        GuidelineVersion, on_delete=models.CASCADE, related_name="acknowledgements"
    )
    agency = models.ForeignKey("directory.Agency", on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("guideline acknowledgement")
        verbose_name_plural = _("guideline acknowledgements")
        constraints = [
            models.UniqueConstraint(fields=["version", "agency"], name="guideline_ack_once")
        ]

    def __str__(self) -> str:
        return f"{self.version}: {self.agency}"
