"""The case file (DOMAIN.md §1–§5): a report, its reporters, documents, every transition, and the
records of verification, examination, LAHP, corrective action and recommendation."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aduan.cases.reporter_fields import MaritalStatus
from aduan.cases.states import OPEN_STATES, State

User = settings.AUTH_USER_MODEL


def new_access_code() -> str:
    """A tracking code without look-alike characters (no 0/O, 1/I/L)."""
    alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
    return "".join(secrets.choice(alphabet) for _ in range(10))


class CaseQuerySet(models.QuerySet):
    def open(self) -> CaseQuerySet:
        return self.filter(state__in=OPEN_STATES)


class Case(models.Model):
    """A report (laporan) and everything done with it."""

    State = State

    class Conclusion(models.TextChoices):
        FOUND = "ditemukan", _("maladministration found")
        NOT_FOUND = "tidak_ditemukan", _("no maladministration found")
        STOPPED = "dihentikan", _("examination stopped")

    office = models.ForeignKey(
        "directory.Office",
        verbose_name=_("office"),
        on_delete=models.PROTECT,
        related_name="cases",
        db_index=False,  # the indexes below begin with the office
    )
    unit = models.ForeignKey(
        "directory.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    assignee = models.ForeignKey(
        User,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_cases",
    )
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True)
    reference = models.CharField(_("reference"), max_length=80, db_index=True)
    year = models.PositiveIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("number in the year"))
    access_code = models.CharField(max_length=16, default=new_access_code, editable=False)
    intake_type = models.ForeignKey(
        "reference.IntakeType", verbose_name=_("intake type"), on_delete=models.PROTECT
    )
    channel = models.ForeignKey(
        "reference.Channel", verbose_name=_("channel"), on_delete=models.PROTECT
    )
    event_tag = models.CharField(
        _("event or place of intake"),
        max_length=120,
        blank=True,
        help_text=_("e.g. OTS Pasar Pangkalpinang, Posko pemadaman listrik"),
    )
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    state = models.CharField(
        _("state"), max_length=30, choices=State.choices, default=State.RECEIVED
    )
    state_since = models.DateTimeField(_("in this state since"), default=timezone.now)
    confidential = models.BooleanField(
        _("identity kept secret"),
        default=False,
        help_text=_("UU 37/2008 Ps.24(2): the reporter asked that their identity be kept secret."),
    )
    title = models.CharField(_("summary"), max_length=255)
    agency = models.ForeignKey(
        "directory.Agency",
        verbose_name=_("reported party (terlapor)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    official_name = models.CharField(_("official's name"), max_length=150, blank=True)
    official_position = models.CharField(_("official's position"), max_length=150, blank=True)
    superior_agency = models.ForeignKey(
        "directory.Agency",
        verbose_name=_("superior of the reported party"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases_as_superior",
    )
    superior_name = models.CharField(_("superior's name or position"), max_length=150, blank=True)
    substance = models.ForeignKey(
        "reference.Substance",
        verbose_name=_("substance"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    maladministration_forms = models.ManyToManyField(
        "reference.MaladministrationForm", verbose_name=_("alleged maladministration"), blank=True
    )
    event_region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("place of the event"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    event_date = models.DateField(_("date of the event"), null=True, blank=True)
    chronology = models.TextField(_("chronology"), blank=True)
    # What an agency or institution reads of a confidential report (aduan.cases.identity):
    # written or approved by staff from a redacted draft, never the reporter's own words.
    agency_title = models.CharField(_("title for the agency"), max_length=255, blank=True)
    agency_summary = models.TextField(_("summary for the agency"), blank=True)
    agency_summary_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    agency_summary_at = models.DateTimeField(
        _("summary for the agency approved at"), null=True, blank=True, editable=False
    )
    # What Open311 publishes of a report that is not confidential, when staff wrote it (else
    # the description with every identity and contact removed: identity.redact_public).
    public_summary = models.TextField(_("public summary"), blank=True)
    remedy_sought = models.TextField(_("remedy sought"), blank=True)
    prior_complaint = models.TextField(
        _("prior complaint to the agency"),
        blank=True,
        help_text=_("When and how the matter was raised with the agency, and what happened."),
    )
    prior_complaint_date = models.DateField(_("date of the prior complaint"), null=True, blank=True)
    conclusion = models.CharField(
        _("conclusion"), max_length=20, choices=Conclusion.choices, blank=True
    )
    rejection_reason = models.ForeignKey(
        "reference.RejectionReason",
        verbose_name=_("rejection reason"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    closure_mode = models.ForeignKey(
        "reference.ClosureMode",
        verbose_name=_("closure mode"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    closure_reason = models.ForeignKey(
        "reference.ClosureReason",
        verbose_name=_("closure reason"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # When the case first entered examination (registered, RCO escalated, IAPS opened): the
    # statistics' "handled in examination" and closure rate read it (aduan.stats.selectors).
    examined_at = models.DateTimeField(
        _("examination started at"), null=True, blank=True, editable=False
    )
    # UU 37/2008 Ps.27: the notice that a report is not within authority may name the body
    # that is competent. Advice in the notice, not a referral: a referral goes through
    # aduan.referrals, with its clock, letter and receipt (decision 0018).
    referred_to = models.CharField(
        _("competent body named in the notice"),
        max_length=200,
        blank=True,
        help_text=_("UU 37/2008 Ps.27: the body the reporter is advised to turn to."),
    )
    # The reporter withdrew after the final LAHP (decision 0018): the office decides whether
    # to continue as its own matter (UU 37/2008 Ps.7); the clocks keep running meanwhile.
    reporter_withdrew_at = models.DateTimeField(
        _("withdrawn by the reporter at"), null=True, blank=True, editable=False
    )
    withdrawal_decision = models.CharField(
        _("office's decision after the withdrawal"),
        max_length=12,
        blank=True,
        choices=[
            ("lanjut", _("continued as the office's own matter")),
            ("hentikan", _("stopped")),
        ],
        editable=False,
    )
    withdrawal_decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    # A report closed for good (deemed withdrawn, rejected, not within authority) is not
    # reopened; filing it again makes a new case linked to it (decision 0018).
    filed_again_from = models.ForeignKey(
        "self",
        verbose_name=_("filed again from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="filed_again_as",
        editable=False,
    )
    # A confidential reporter's consent to refer the matter to another body (UU 37/2008
    # Ps.24(2)): without it, the report is not referred.
    referral_consent_at = models.DateTimeField(
        _("reporter consented to a referral at"), null=True, blank=True, editable=False
    )
    referral_consent_note = models.TextField(_("how the consent was given"), blank=True)
    police_assistance_option = models.BooleanField(
        _("police assistance may be requested"),
        default=False,
        help_text=_(
            "UU 37/2008 Ps.31: three consecutive summonses of the same person not attended "
            "without a lawful excuse."
        ),
    )
    linked_reports = models.ManyToManyField(
        "self",
        verbose_name=_("linked reports"),
        blank=True,
        symmetrical=False,
        related_name="investigations",
        help_text=_("For an own-initiative investigation (IAPS): the reports behind it."),
    )
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    intake_key = models.CharField(  # noqa: DJ001 - NULL: no key; unique per office when set
        max_length=100,
        null=True,
        blank=True,
        help_text=_("Idempotency key of the intake: a retry with the same key returns this case."),
    )
    updated_at = models.DateTimeField(auto_now=True)
    # The due date of the case's next running clock (paused ones included), for the lists'
    # "next due" column, sort and clock filters. Derived from the Deadline rows and written only
    # by aduan.deadlines.services (refresh_next_due), which every change of a clock goes through.
    next_due = models.DateField(_("Next due"), null=True, blank=True, editable=False)
    # The reporter completed the report (UU 37/2008 Ps.25) and staff have not verified it since:
    # the case heads its holder's work ("completed by the reporter, verify"). Set by
    # cases.services.case_reporter_completes, cleared by case_verify_formal.
    completed_by_reporter_at = models.DateTimeField(
        _("completed by the reporter at"), null=True, blank=True, editable=False
    )

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "year", "sequence"], name="case_sequence_unique"
            ),
            models.UniqueConstraint(fields=["office", "reference"], name="case_reference_unique"),
            models.UniqueConstraint(fields=["office", "intake_key"], name="case_intake_key_unique"),
        ]
        indexes = [
            # A state of an office (or of all), oldest or newest first; counts per state.
            models.Index(fields=["office", "state", "received_at"], name="case_office_state_idx"),
            models.Index(fields=["state", "received_at"], name="case_state_received_idx"),
            # The case list, newest first (read backwards) and next due first, with the tie-break
            # on id, so that a page is read from an index without sorting: for one office (its
            # staff) and for all (national roles). The office ones also count a date range or a
            # clock colour of an office from the index alone. Unit and assignee at the end of
            # the next-due ones: the overdue cases per unit and per assistant (the home page)
            # are counted without reading the cases.
            models.Index(fields=["office", "received_at", "id"], name="case_office_received_idx"),
            models.Index(
                fields=["office", "next_due", "-id", "unit", "assignee"],
                name="case_office_next_due_idx",
            ),
            models.Index(fields=["received_at", "id"], name="case_received_idx"),
            models.Index(fields=["next_due", "-id", "unit", "assignee"], name="case_next_due_idx"),
            # A unit's queue: nobody holds the case yet, oldest first.
            models.Index(
                fields=["unit", "received_at"],
                condition=models.Q(assignee__isnull=True),
                name="case_unit_queue_idx",
            ),
            # The statistics: the cases closed in a period, of an office or of all.
            models.Index(fields=["office", "closed_at"], name="case_office_closed_idx"),
            models.Index(fields=["closed_at", "examined_at"], name="case_closed_idx"),
        ]

    def __str__(self) -> str:
        return self.reference

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Model.save, except that saving a case read from the database never writes
        ``next_due``: a clock of the case may have moved since the case was read (the services
        lock the case, then start or stop its clocks, then save it), and the value belongs to
        aduan.deadlines.services."""
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name != "next_due"
            ]
        super().save(*args, **kwargs)

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def awaits_withdrawal_decision(self) -> bool:
        """The reporter withdrew after the final LAHP and the office has not yet decided."""
        return bool(self.reporter_withdrew_at) and not self.withdrawal_decision and self.is_open

    @property
    def reporter_left(self) -> bool:
        """The reporter withdrew and the office goes on without them: no more notices."""
        return bool(self.reporter_withdrew_at)


class ReferenceCounter(models.Model):
    """The last number given in a year at an office; locked while a case takes the next one."""

    office = models.ForeignKey("directory.Office", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["office", "year"], name="reference_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.office_id}/{self.year}: {self.last}"


class Reporter(models.Model):
    """A reporter (pelapor): a person, a proxy, a community group, a legal entity or family."""

    class ContactChannel(models.TextChoices):
        EMAIL = "email", _("e-mail")
        SMS = "sms", _("SMS")
        WHATSAPP = "whatsapp", _("WhatsApp")
        POST = "pos", _("letter by post")
        PHONE = "telepon", _("phone call")

    class Kind(models.TextChoices):
        INDIVIDUAL = "perorangan", _("individual")
        PROXY = "kuasa", _("proxy (with power of attorney)")
        GROUP = "kelompok", _("community group")
        LEGAL_ENTITY = "badan_hukum", _("legal entity")
        FAMILY = "keluarga", _("family member")

    class IdType(models.TextChoices):
        KTP = "ktp", _("KTP (identity card)")
        KITAS = "kitas", _("KITAS")
        KITAP = "kitap", _("KITAP")
        PASSPORT = "paspor", _("passport")
        OTHER = "lain", _("other")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reporters")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.INDIVIDUAL)
    name = models.CharField(_("full name"), max_length=200)
    birth_place = models.CharField(_("place of birth"), max_length=100, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    marital_status = models.CharField(
        _("marital status"), max_length=40, choices=MaritalStatus.choices, blank=True
    )
    occupation = models.CharField(_("occupation"), max_length=100, blank=True)
    address = models.TextField(_("address"), blank=True)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), null=True, blank=True, on_delete=models.PROTECT
    )
    id_type = models.CharField(
        _("identity document"), max_length=10, choices=IdType.choices, blank=True
    )
    id_number = models.CharField(_("document number"), max_length=40, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    represents = models.CharField(
        _("on behalf of"),
        max_length=200,
        blank=True,
        help_text=_("Proxy or family member: the person they act for."),
    )
    members = models.TextField(_("group members"), blank=True)
    deed_number = models.CharField(_("founding deed"), max_length=100, blank=True)
    contact_channel = models.CharField(
        _("contact by"),
        max_length=12,
        choices=ContactChannel.choices,
        default=ContactChannel.EMAIL,
        help_text=_("How the reporter wants to hear from the office."),
    )
    language = models.CharField(
        _("language"),
        max_length=5,
        choices=settings.LANGUAGES,
        default="id",
        help_text=_("Messages and letters to the reporter are written in this language."),
    )
    # Set by the retention schedule (aduan.privacy.retention): the identity was replaced by
    # neutral values after the office's archive period.
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)

    class Meta:
        verbose_name = _("reporter")
        verbose_name_plural = _("reporters")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Document(models.Model):
    """A file on a case: identity document, power of attorney, evidence, letters."""

    class Kind(models.TextChoices):
        ID_DOCUMENT = "identitas", _("identity document")
        POWER_OF_ATTORNEY = "surat_kuasa", _("power of attorney")
        DEED = "akta", _("founding deed")
        PRIOR_COMPLAINT = "bukti_pengaduan", _("proof of the prior complaint")
        EVIDENCE = "bukti", _("evidence")
        ANSWER = "jawaban", _("answer of the reported party")
        LETTER = "surat", _("letter")
        OTHER = "lain", _("other")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to="cases/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    identifies_reporter = models.BooleanField(
        default=False, help_text=_("Holds the reporter's identity: never sent to the agency.")
    )
    uploaded_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class Transition(models.Model):
    """One move of a case from a state to another: who, when, why. Append-only."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(max_length=30, blank=True)
    to_state = models.CharField(max_length=30)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=60)
    reason = models.TextField(blank=True)
    # How long the case stayed in from_state (seconds), for the median time in each state.
    seconds_in_state = models.BigIntegerField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("transition")
        verbose_name_plural = _("transitions")
        ordering = ["at", "id"]
        indexes = [
            models.Index(fields=["to_state", "at"]),
            # The statistics, from the index alone (keys rather than INCLUDE, for SQLite too;
            # the id for COUNT("id")): the moves of a period, from a state to another
            # (registrations, escalations) and with the time spent in the state they left
            # (median days in a state).
            models.Index(
                fields=["at", "from_state", "to_state", "seconds_in_state", "case", "id"],
                name="transition_at_stats_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.from_state or '∅'} → {self.to_state}"


class Verification(models.Model):
    """A recorded checklist: formal (syarat formil) or material (syarat materiil)."""

    class Kind(models.TextChoices):
        FORMAL = "formil", _("formal verification")
        MATERIAL = "materiil", _("material verification")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="verifications")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    items = models.JSONField(_("checklist"), default=dict)
    passed = models.BooleanField()
    notes = models.TextField(_("notes"), blank=True)
    actor = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.case} {self.kind}"


class ClarificationRequest(models.Model):
    """A written request for clarification to the reported party (UU 37/2008 Ps.33)."""

    class Status(models.TextChoices):
        WAITING = "menunggu", _("waiting for the answer")
        ANSWERED = "dijawab", _("answered")
        UNANSWERED = "tidak_dijawab", _("not answered in time")
        WAIVED = "dianggap_tidak_menggunakan_hak", _("deemed to waive the right to answer")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="clarifications")
    round = models.PositiveSmallIntegerField(_("request number"))
    agency = models.ForeignKey("directory.Agency", on_delete=models.PROTECT, related_name="+")
    questions = models.TextField(_("questions"))
    sent_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=40, choices=Status.choices, default=Status.WAITING)
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    actor = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["sent_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "round"], name="clarification_round_unique")
        ]

    def __str__(self) -> str:
        return f"{self.case} klarifikasi {self.round}"


class Summons(models.Model):
    """A summons of the reported party or a witness (UU 37/2008 Ps.31)."""

    class Outcome(models.TextChoices):
        SCHEDULED = "dijadwalkan", _("scheduled")
        ATTENDED = "hadir", _("attended")
        IGNORED = "tidak_hadir", _("not attended without a lawful excuse")
        EXCUSED = "berhalangan_sah", _("absent with a lawful excuse")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="summonses")
    person = models.CharField(_("person summoned"), max_length=200)
    scheduled_for = models.DateTimeField(_("scheduled for"))
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.SCHEDULED)
    notes = models.TextField(blank=True)
    actor = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["scheduled_for", "id"]

    def __str__(self) -> str:
        return f"{self.case}: {self.person}"


class FieldInvestigation(models.Model):
    """A field investigation (UU 37/2008 Ps.34), possibly unannounced."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="investigations_done")
    held_on = models.DateField(_("held on"))
    place = models.CharField(_("place"), max_length=200)
    unannounced = models.BooleanField(_("unannounced"), default=False)
    findings = models.TextField(_("findings"))
    actor = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"{self.case}: {self.place}"


class Mediation(models.Model):
    """A mediation or conciliation session and its outcome."""

    class Kind(models.TextChoices):
        MEDIATION = "mediasi", _("mediation")
        CONCILIATION = "konsiliasi", _("conciliation")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="mediations")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    held_on = models.DateField(_("held on"))
    parties = models.TextField(_("parties present"))
    agreement_reached = models.BooleanField(_("agreement reached"), default=False)
    outcome = models.TextField(_("outcome"))
    actor = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"{self.case}: {self.kind}"


class ConflictDeclaration(models.Model):
    """A staff member's declaration of a conflict of interest in a case (UU 37/2008 Ps.40)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="conflicts")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="conflicts")
    reason = models.TextField(_("reason"))
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "user"], name="one_conflict_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.case}: {self.user}"


class Lahp(models.Model):
    """The final examination report (LAHP): draft, the reporter's response, final."""

    class Status(models.TextChoices):
        DRAFT = "draf", _("draft with the reporter")
        WITHDRAWN = "ditarik", _("withdrawn for further examination")
        FINAL = "final", _("final")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="lahps")
    version = models.PositiveSmallIntegerField()
    conclusion = models.CharField(max_length=20, choices=Case.Conclusion.choices)
    findings = models.TextField(_("findings"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    draft_sent_at = models.DateTimeField(default=timezone.now)
    reporter_response = models.TextField(_("reporter's response"), blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    finalised_at = models.DateTimeField(null=True, blank=True)
    actor = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["version"]
        constraints = [
            models.UniqueConstraint(fields=["case", "version"], name="lahp_version_unique")
        ]

    def __str__(self) -> str:
        return f"LAHP {self.case} v{self.version}"


class CorrectiveAction(models.Model):
    """A corrective action (tindakan korektif) in a final LAHP, with its own clock."""

    class Status(models.TextChoices):
        OPEN = "terbuka", _("open")
        DONE = "dilaksanakan", _("done")
        PARTLY_DONE = "sebagian", _("partly done")
        NOT_DONE = "tidak_dilaksanakan", _("not done")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="corrective_actions")
    lahp = models.ForeignKey(Lahp, on_delete=models.PROTECT, related_name="corrective_actions")
    addressee = models.ForeignKey("directory.Agency", on_delete=models.PROTECT, related_name="+")
    description = models.TextField(_("corrective action"))
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    evidence = models.TextField(_("evidence"), blank=True)
    status_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.description[:60]


class Recommendation(models.Model):
    """A recommendation (rekomendasi, UU 37/2008 Ps.37–39) and what became of it."""

    class Outcome(models.TextChoices):
        PENDING = "menunggu", _("waiting for the implementation report")
        IMPLEMENTED = "dilaksanakan", _("implemented")
        PARTLY = "sebagian", _("partly implemented")
        NOT_IMPLEMENTED = "tidak_dilaksanakan", _("not implemented")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="recommendations")
    signed_at = models.DateTimeField(_("signed at"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    addressee = models.ForeignKey("directory.Agency", on_delete=models.PROTECT, related_name="+")
    content = models.TextField(_("recommendation"))
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.PENDING)
    implementation_report = models.TextField(blank=True)
    reported_at = models.DateTimeField(null=True, blank=True)
    actor = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["signed_at", "id"]

    def __str__(self) -> str:
        return f"{self.case}: rekomendasi"


class Escalation(models.Model):
    """A step taken when a recommendation is not implemented (UU 37/2008 Ps.38(4))."""

    class Kind(models.TextChoices):
        PUBLICATION = "publikasi", _("published")
        DPR = "dpr", _("reported to the DPR")
        PRESIDENT = "presiden", _("reported to the President")

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="escalations"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)
    actor = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")

    def __str__(self) -> str:
        return f"{self.recommendation}: {self.kind}"


class ResmonStep(models.Model):
    """A step of the Resolusi dan Monitoring stage (Peraturan Ombudsman 58/2023 Ps.54): the
    review of the LHP file, a coordination meeting, a resolution attempt and its outcome."""

    class Kind(models.TextChoices):
        REVIEW = "telaah", _("review of the LHP file (Ps.54(2))")
        MEETING = "rapat_koordinasi", _("coordination meeting")
        ATTEMPT = "upaya_resolusi", _("resolution attempt")

    class Outcome(models.TextChoices):
        NONE = "", _("no outcome yet")
        RESOLVED = "selesai", _("resolved")
        NOT_RESOLVED = "tidak_selesai", _("not resolved: recommendation")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="resmon_steps")
    kind = models.CharField(_("step"), max_length=20, choices=Kind.choices)
    held_on = models.DateField(_("held on"))
    note = models.TextField(_("what happened"))
    outcome = models.CharField(
        _("outcome"), max_length=15, choices=Outcome.choices, blank=True, default=""
    )
    actor = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("Resolution and Monitoring step")
        verbose_name_plural = _("Resolution and Monitoring steps")
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"{self.case}: {self.get_kind_display()}"


class SanctionRecommendation(models.Model):
    """A recommendation to impose administrative sanctions, sent to the superior after a
    recommendation was not carried out (UU 37/2008 Ps.39, after Ps.38(4) or a missed Ps.38(2)
    report), and what the superior did."""

    class Outcome(models.TextChoices):
        PENDING = "menunggu", _("pending")
        IMPOSED = "dijatuhkan", _("sanction imposed")
        NOT_IMPOSED = "tidak_dijatuhkan", _("sanction not imposed")

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="sanctions"
    )
    addressee = models.ForeignKey(
        "directory.Agency",
        verbose_name=_("superior addressed"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    sent_on = models.DateField(_("sent on"))
    content = models.TextField(_("sanction recommended"))
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.PENDING)
    outcome_on = models.DateField(_("outcome known on"), null=True, blank=True)
    outcome_note = models.TextField(_("note on the outcome"), blank=True)
    actor = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("sanction recommendation")
        verbose_name_plural = _("sanction recommendations")
        ordering = ["sent_on", "id"]

    def __str__(self) -> str:
        return f"{self.recommendation}: {self.get_outcome_display()}"


class Transfer(models.Model):
    """A case moved between units or offices; history and clocks go with it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transfers")
    from_office = models.ForeignKey("directory.Office", on_delete=models.PROTECT, related_name="+")
    from_unit = models.ForeignKey(
        "directory.Unit", null=True, on_delete=models.PROTECT, related_name="+"
    )
    to_office = models.ForeignKey("directory.Office", on_delete=models.PROTECT, related_name="+")
    to_unit = models.ForeignKey(
        "directory.Unit", null=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField()
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.case}: {self.from_office_id} → {self.to_office_id}"


class Note(models.Model):
    """An internal note among staff, or a message to the reporter (shown on their tracking page
    and sent to them). The two are kept apart everywhere they are shown."""

    class Kind(models.TextChoices):
        INTERNAL = "internal", _("internal note")
        TO_REPORTER = "to_reporter", _("message to the reporter")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    text = models.TextField(_("text"))
    author = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.case}: {self.get_kind_display()}"


class IdentityOverride(models.Model):
    """Staff allowed one token of a reporter's identity (a common name word that matches by
    chance) to go to the agency on this case, with a reason (aduan.cases.identity)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="identity_overrides")
    key = models.CharField(max_length=200)
    field = models.CharField(max_length=30)
    text = models.CharField(_("matched text"), max_length=200)
    reason = models.TextField(_("reason"))
    actor = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("allowed identity match")
        verbose_name_plural = _("allowed identity matches")
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "key"], name="identity_override_unique")
        ]

    def __str__(self) -> str:
        return f"{self.case}: {self.text}"


class ReporterCompletion(models.Model):
    """What the reporter gave in answer to a request to complete the report (UU 37/2008 Ps.25),
    by whichever way it came: the tracking page, a reply by e-mail, SMS or WhatsApp, or at the
    desk (recorded by staff). ``items``: the formal checklist items it answers;
    ``still_missing``: what the request still lacks after it (empty: the report is complete
    again); ``message``: the internal note with the reporter's words. The reporter is referred
    to by id only; ``recorded_by`` is the staff member who wrote it down at the desk."""

    class Via(models.TextChoices):
        PORTAL = "lacak", _("tracking page")
        EMAIL = "email", _("e-mail reply")
        SMS = "sms", _("SMS reply")
        WHATSAPP = "whatsapp", _("WhatsApp reply")
        DESK = "desk", _("at the desk")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reporter_completions")
    reporter = models.ForeignKey(
        Reporter, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    via = models.CharField(_("by"), max_length=10, choices=Via.choices)
    items = models.JSONField(_("items given"), default=list)
    still_missing = models.JSONField(_("still missing"), default=list)
    complete = models.BooleanField(_("complete"), default=False)
    documents = models.ManyToManyField(Document, blank=True, related_name="+")
    # The reporter's words, kept as an internal note of the case (where retention redacts them).
    message = models.ForeignKey(
        "Note", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    key = models.CharField(max_length=100)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("completion by the reporter")
        verbose_name_plural = _("completions by the reporter")
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "key"], name="reporter_completion_key_unique")
        ]

    def __str__(self) -> str:
        return f"{self.case}: {self.get_via_display()}"
