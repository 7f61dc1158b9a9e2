"""What an agency complaint unit records on top of a case."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from aduan.sp4n.rules import Level, Privacy, ReportClass


class Sp4nCase(models.Model):
    """The SP4N-LAPOR! side of a case received by an agency complaint unit."""

    case = models.OneToOneField(
        "cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="sp4n"
    )
    report_class = models.CharField(
        _("report class"), max_length=30, choices=ReportClass.choices, blank=True
    )
    privacy = models.CharField(
        _("privacy"), max_length=10, choices=Privacy.choices, default=Privacy.RAHASIA
    )
    level = models.CharField(
        _("disposition level"), max_length=12, choices=Level.choices, default=Level.PUSAT
    )
    handling_agency = models.ForeignKey(
        "directory.Agency",
        verbose_name=_("handling unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    liaison = models.ForeignKey(
        "directory.Liaison",
        verbose_name=_("liaison admin"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    forwarded_at = models.DateTimeField(_("forwarded at"), null=True, blank=True)
    answer = models.TextField(_("follow-up"), blank=True)
    answered_at = models.DateTimeField(_("follow-up given at"), null=True, blank=True)

    class Meta:
        verbose_name = _("SP4N-LAPOR! report")
        verbose_name_plural = _("SP4N-LAPOR! reports")

    def __str__(self) -> str:
        return str(self.case)
