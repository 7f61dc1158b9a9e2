from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

# Indonesia's three time zones by province code (the first two digits of a region code).
WIB, WITA, WIT = "Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"
_WITA_PROVINCES = {"51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"}
_WIT_PROVINCES = {"81", "82", "91", "92", "93", "94", "95", "96"}


def time_zone_for_region_code(code: str) -> str:
    """The IANA zone of the province a region code belongs to (WIB, WITA or WIT)."""
    province = code[:2]
    if province in _WIT_PROVINCES:
        return WIT
    if province in _WITA_PROVINCES:
        return WITA
    return WIB


class Region(models.Model):
    """A region of the Kepmendagri list: province, regency/city, district or village.

    The code is the official dotted code (``19.71.01.1001``); a region's descendants are the
    codes that start with its code and a dot, so no tree table is needed.
    """

    class Level(models.TextChoices):
        PROVINSI = "provinsi", _("province")
        KABUPATEN_KOTA = "kabupaten_kota", _("regency or city")
        KECAMATAN = "kecamatan", _("district")
        DESA_KELURAHAN = "desa_kelurahan", _("village")

    code = models.CharField(_("code"), max_length=13, primary_key=True)
    name = models.CharField(_("name"), max_length=120, db_index=True)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def time_zone(self) -> str:
        return time_zone_for_region_code(self.code)

    def is_within(self, other: Region) -> bool:
        """True if this region is ``other`` or lies inside it."""
        return self.code == other.code or self.code.startswith(other.code + ".")

    def descendants(self) -> models.QuerySet[Region]:
        return Region.objects.filter(code__startswith=self.code + ".")

    def ancestor_codes(self) -> list[str]:
        """Codes of this region and every region above it, the province first."""
        parts = self.code.split(".")
        return [".".join(parts[: i + 1]) for i in range(len(parts))]
