"""Triage's records: trained models (versioned files), the suggestions made for each case,
staff's decisions on them, and probable duplicates."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Target(models.TextChoices):
    """What a suggestion is about: a field of the case that staff decide."""

    AGENCY = "agency", _("reported agency")
    SUBSTANCE = "substance", _("substance")
    FORM = "form", _("form of maladministration")
    REGION = "region", _("region")
    CHANNEL = "channel", _("channel")


class TriageModel(models.Model):
    """One trained model: a file under ``ADUAN_DATA_DIR/triage/`` with its version, what
    trained it and how well it did on cases held out from its training. An office uses its own
    active model; another office's (or one trained from a CSV) only when an administrator chose it
    as shared for that office (``OfficeTriage``)."""

    office = models.ForeignKey(
        "directory.Office",
        verbose_name=_("trained on the cases of"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="triage_models",
        help_text=_("Empty: trained from a file, usable only where an administrator chooses it."),
    )
    target = models.CharField(_("suggests"), max_length=12, choices=Target.choices)
    version = models.PositiveIntegerField(_("version"))
    method = models.CharField(_("method"), max_length=60)
    path = models.CharField(_("file"), max_length=255)
    sha256 = models.CharField(_("checksum"), max_length=64)
    source = models.CharField(_("trained from"), max_length=255)
    samples = models.PositiveIntegerField(_("training examples"))
    classes = models.PositiveIntegerField(_("classes"))
    metrics = models.JSONField(_("held-out figures"), default=dict, blank=True)
    active = models.BooleanField(_("in use"), default=True)
    trained_at = models.DateTimeField(_("trained at"), auto_now_add=True)
    trained_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("triage model")
        verbose_name_plural = _("triage models")
        ordering = ["-trained_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "target", "version"], name="triage_model_version_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_target_display()} v{self.version}"


class OfficeTriage(models.Model):
    """An administrator's choice of a shared model for an office that has none of its own
    (e.g. a new office), per target. Without a row the office uses only its own models."""

    office = models.ForeignKey("directory.Office", on_delete=models.CASCADE, related_name="+")
    target = models.CharField(max_length=12, choices=Target.choices)
    shared_model = models.ForeignKey(TriageModel, on_delete=models.CASCADE, related_name="+")
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    chosen_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["office", "target"], name="office_triage_once")
        ]

    def __str__(self) -> str:
        return f"{self.office_id} {self.target}: {self.shared_model_id}"


class Suggestion(models.Model):
    """One ranked suggestion for one field of one case (rank 1 to 3), with its calibrated
    confidence and the words that drove it."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="suggestions")
    target = models.CharField(_("suggests"), max_length=12, choices=Target.choices)
    rank = models.PositiveSmallIntegerField(_("rank"))
    value = models.CharField(_("value"), max_length=80)  # the chosen object's key, as text
    label = models.CharField(_("label"), max_length=255)
    score = models.FloatField(_("confidence"))
    words = models.JSONField(_("words that drove it"), default=list, blank=True)
    model = models.ForeignKey(
        TriageModel, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    made_at = models.DateTimeField(_("made at"), auto_now_add=True)

    class Meta:
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        ordering = ["case", "target", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["case", "target", "rank"], name="suggestion_rank_once")
        ]

    def __str__(self) -> str:
        return f"{self.target} #{self.rank}: {self.label} ({self.score:.2f})"


class Decision(models.Model):
    """Staff's decision on a field that had suggestions: which value they chose and whether it
    was a suggestion (its rank) or another. Acceptance per office is read from these."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    office = models.ForeignKey("directory.Office", on_delete=models.CASCADE, related_name="+")
    target = models.CharField(max_length=12, choices=Target.choices)
    value = models.CharField(max_length=80)
    label = models.CharField(max_length=255)
    accepted_rank = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("The rank of the suggestion chosen; empty: another.")
    )
    model = models.ForeignKey(
        TriageModel, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["office", "target", "at"], name="triage_decision_idx")]

    def __str__(self) -> str:
        return f"{self.target}: {self.label} (rank {self.accepted_rank or '-'})"


class DuplicateCandidate(models.Model):
    """A report that ``case`` probably repeats (``earlier``), found after ``case`` arrived, with
    why: the same reporter (phone, e-mail or NIK, normalised) or the same agency, and how similar
    the texts are. Staff merge, link or dismiss it."""

    class Status(models.TextChoices):
        OPEN = "open", _("to decide")
        MERGED = "merged", _("merged")
        LINKED = "linked", _("linked")
        DISMISSED = "dismissed", _("not a repeat")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    earlier = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    similarity = models.FloatField(_("text similarity"))
    reasons = models.JSONField(_("why"), default=list)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    found_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("probable duplicate")
        verbose_name_plural = _("probable duplicates")
        ordering = ["-similarity", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "earlier"], name="duplicate_pair_once")
        ]

    def __str__(self) -> str:
        return f"{self.case_id} ~ {self.earlier_id} ({self.similarity:.2f})"


class ReporterKey(models.Model):
    """A reporter's phone, e-mail or NIK, normalised and hashed (``triage.matching``), with the
    case's office and receipt time: the duplicate finder narrows its candidates with one indexed
    query on these. Written after receipt (``duplicates.find_for_case``) and by a data migration
    for the reports received before."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    office = models.ForeignKey(
        "directory.Office", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    kind = models.CharField(max_length=5)  # phone, email, nik
    key = models.CharField(max_length=32)
    received_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "key"], name="reporter_key_once")]
        indexes = [
            models.Index(fields=["office", "key", "received_at"], name="reporter_key_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind}"


class CaseRelation(models.Model):
    """Two reports staff joined: ``linked`` (related, each handled on its own; shown on both)
    or ``merged`` (``case`` is handled in ``other``, which is kept: ``case`` keeps its reporters,
    documents and trail, its clocks stop, and it closes, its reporters answered, when ``other``
    does; if ``other``'s reporter withdraws, the merge becomes a link)."""

    class Kind(models.TextChoices):
        MERGED = "merged", _("merged")
        LINKED = "linked", _("linked")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    other = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    candidate = models.ForeignKey(
        DuplicateCandidate, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("related report")
        verbose_name_plural = _("related reports")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "other"], name="case_relation_once"),
            # A report is merged into one other at most.
            models.UniqueConstraint(
                fields=["case"], condition=models.Q(kind="merged"), name="case_merged_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} {self.other_id}"


class TrainingRun(models.Model):
    """The scheduled retraining's claim: an office's models were retrained in a period (a week
    by default, ``ADUAN_TRIAGE_RETRAIN_DAYS``), or are being retrained by another worker.
    Unique, so two workers never train the same office in the same period."""

    office = models.ForeignKey(
        "directory.Office", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    period = models.PositiveIntegerField()
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    trained = models.CharField(max_length=120, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["office", "period"], name="triage_training_once")
        ]

    def __str__(self) -> str:
        return f"{self.office_id} {self.period}"
