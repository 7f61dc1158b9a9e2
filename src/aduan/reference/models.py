"""Reference lists as data an administrator can extend (DOMAIN.md §2, §4, §5).

Each list is its own table so that a case points at a row with a real foreign key. Rows are
never deleted once used (PROTECT); an administrator retires one by unticking ``active``. The
``code`` is stable and used by code, imports and the API; the names are for people.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class ActiveQuerySet(models.QuerySet):
    def active(self) -> ActiveQuerySet:
        return self.filter(active=True)


class ReferenceItem(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name (Bahasa Indonesia)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    objects = ActiveQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The name in the active language (Indonesian when no English name is given)."""
        if self.name_en and (get_language() or "id").startswith("en"):
            return self.name_en
        return self.name


class IntakeType(ReferenceItem):
    """LM, RCO, IAPS, KNL, tembusan."""

    counts_as_report = models.BooleanField(
        _("counts as a report"),
        default=True,
        help_text=_("KNL and tembusan are completed at receipt and counted separately."),
    )

    class Meta(ReferenceItem.Meta):
        verbose_name = _("intake type")
        verbose_name_plural = _("intake types")


class Channel(ReferenceItem):
    """How a report arrived (cara penyampaian)."""

    class Meta(ReferenceItem.Meta):
        verbose_name = _("channel")
        verbose_name_plural = _("channels")


class Substance(ReferenceItem):
    """The subject matter of a report (substansi)."""

    class Meta(ReferenceItem.Meta):
        verbose_name = _("substance")
        verbose_name_plural = _("substances")


class MaladministrationForm(ReferenceItem):
    """A form of maladministration exactly as the statistics use them."""

    valid_from_year = models.PositiveIntegerField(
        _("used from year"), null=True, blank=True, help_text=_("Empty: always used.")
    )

    class Meta(ReferenceItem.Meta):
        verbose_name = _("maladministration form")
        verbose_name_plural = _("maladministration forms")


class AgencyGroup(ReferenceItem):
    """Kelompok instansi terlapor, used in statistics."""

    class Meta(ReferenceItem.Meta):
        verbose_name = _("agency group")
        verbose_name_plural = _("agency groups")


class ClosureMode(ReferenceItem):
    """How a case was completed (cara penyelesaian)."""

    class Meta(ReferenceItem.Meta):
        verbose_name = _("closure mode")
        verbose_name_plural = _("closure modes")


class ClosureReason(ReferenceItem):
    """Why a case was closed (alasan penutupan)."""

    class Meta(ReferenceItem.Meta):
        verbose_name = _("closure reason")
        verbose_name_plural = _("closure reasons")


class RejectionReason(ReferenceItem):
    """A ground for rejecting a report under UU 37/2008 Ps.36(1) a–g."""

    class Meta(ReferenceItem.Meta):
        verbose_name = _("rejection reason")
        verbose_name_plural = _("rejection reasons")


REFERENCE_MODELS: list[type[ReferenceItem]] = [
    IntakeType,
    Channel,
    Substance,
    MaladministrationForm,
    AgencyGroup,
    ClosureMode,
    ClosureReason,
    RejectionReason,
]
