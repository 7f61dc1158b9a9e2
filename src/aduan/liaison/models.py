"""What the agency's liaison officer sends through the portal and the office decides on."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aduan.directory.models import Liaison, User


class Invitation(models.Model):
    """An invitation to activate a portal account; only the latest unused one works."""

    liaison = models.ForeignKey(Liaison, on_delete=models.CASCADE, related_name="invitations")
    nonce = models.CharField(max_length=32)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("liaison invitation")
        verbose_name_plural = _("liaison invitations")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.liaison} {self.created_at:%Y-%m-%d}"


class Decision(models.TextChoices):
    PENDING = "menunggu", _("waiting for the office")
    ACCEPTED = "diterima", _("accepted")
    SENT_BACK = "dikembalikan", _("sent back")


class AgencyReport(models.Model):
    """The agency reports a corrective action done, or how a recommendation was implemented
    (UU 37/2008 Ps.38(1)); the office accepts it or sends it back. Exactly one of ``action``
    and ``recommendation`` is set."""

    action = models.ForeignKey(
        "cases.CorrectiveAction",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="agency_reports",
    )
    recommendation = models.ForeignKey(
        "cases.Recommendation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="agency_reports",
    )
    outcome = models.CharField(
        _("implementation reported"), max_length=20, blank=True
    )  # a Recommendation.Outcome value, for a recommendation's report
    text = models.TextField(_("what was done"))
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    decision = models.CharField(
        _("decision"), max_length=20, choices=Decision.choices, default=Decision.PENDING
    )
    decided_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(_("reason for sending back"), blank=True)

    class Meta:
        verbose_name = _("agency report")
        verbose_name_plural = _("agency reports")
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(action__isnull=False, recommendation__isnull=True)
                    | models.Q(action__isnull=True, recommendation__isnull=False)
                ),
                name="agency_report_one_subject",
            )
        ]

    def __str__(self) -> str:
        return f"{self.action or self.recommendation}: {self.decision}"

    @property
    def subject(self) -> object:
        return self.action or self.recommendation

    @property
    def case(self) -> object:
        return self.subject.case

    def get_outcome_label(self) -> str:
        from aduan.cases.models import Recommendation

        return str(dict(Recommendation.Outcome.choices).get(self.outcome, self.outcome))


class SummonsReply(models.Model):
    """The agency's answer to a summons (UU 37/2008 Ps.31): who will attend, or why not."""

    summons = models.ForeignKey("cases.Summons", on_delete=models.CASCADE, related_name="replies")
    attending = models.BooleanField(_("will attend"))
    attendee = models.CharField(_("who will attend"), max_length=200, blank=True)
    text = models.TextField(_("message"), blank=True)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("reply to a summons")
        verbose_name_plural = _("replies to summonses")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.summons}: {'hadir' if self.attending else 'tidak hadir'}"


class ExtensionRequest(models.Model):
    """The agency asks for more time on one of its clocks; the office grants or refuses."""

    deadline = models.ForeignKey(
        "deadlines.Deadline", on_delete=models.CASCADE, related_name="extension_requests"
    )
    # Empty for a clock without a case: an improvement suggestion's follow-up.
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    days = models.PositiveIntegerField(_("days asked"))
    reason = models.TextField(_("reason"))
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(
        _("decision"), max_length=20, choices=Decision.choices, default=Decision.PENDING
    )
    decided_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)

    class Meta:
        verbose_name = _("extension request")
        verbose_name_plural = _("extension requests")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.deadline}: +{self.days} ({self.status})"


class PortalDocument(models.Model):
    """A document the agency sent through the portal: the only files the liaison can open."""

    document = models.OneToOneField(
        "cases.Document", on_delete=models.CASCADE, related_name="portal_upload"
    )
    liaison = models.ForeignKey(Liaison, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return str(self.document)
