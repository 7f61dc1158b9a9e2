"""Who is involved (DOMAIN.md §1): offices and their units, staff, agencies and liaisons."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

from aduan.regions.models import WIB, WIT, WITA, Region

TIME_ZONE_CHOICES = [
    (WIB, _("WIB (Western Indonesia, UTC+7)")),
    (WITA, _("WITA (Central Indonesia, UTC+8)")),
    (WIT, _("WIT (Eastern Indonesia, UTC+9)")),
]


DEFAULT_REFERENCE_FORMAT = "{seq:04d}/{type}/{month_roman}/{year}/{office}"


class OfficeQuerySet(models.QuerySet):
    def covering(self, region: Region) -> OfficeQuerySet:
        """Offices whose jurisdiction includes ``region`` (directly or through a parent region)."""
        return self.filter(jurisdiction__code__in=region.ancestor_codes(), active=True).distinct()


class Office(models.Model):
    """An office that handles reports: the centre, a representative office, a regional
    ombudsman, or an agency's own complaint unit."""

    class Kind(models.TextChoices):
        PUSAT = "pusat", _("central office")
        PERWAKILAN = "perwakilan", _("representative office")
        OMBUDSMAN_DAERAH = "ombudsman_daerah", _("regional ombudsman")
        UNIT_PENGADUAN = "unit_pengaduan", _("agency complaint unit")

    code = models.SlugField(
        _("code"), max_length=32, unique=True, help_text=_("Short, lower case, e.g. babel.")
    )
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("reports to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    time_zone = models.CharField(
        _("time zone"), max_length=32, choices=TIME_ZONE_CHOICES, default=WIB
    )
    jurisdiction = models.ManyToManyField(
        Region,
        verbose_name=_("jurisdiction"),
        blank=True,
        related_name="offices",
        help_text=_("Provinces or regencies/cities the office covers."),
    )
    agency = models.ForeignKey(
        "directory.Agency",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaint_units",
        help_text=_("For an agency complaint unit: the agency it belongs to."),
    )
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    letter_code = models.CharField(
        _("letter code"),
        max_length=20,
        blank=True,
        help_text=_("Used in case references and letter numbers, e.g. PKP."),
    )
    reference_format = models.CharField(
        _("case reference format"),
        max_length=100,
        default=DEFAULT_REFERENCE_FORMAT,
        help_text=_(
            "Fields: {seq} (number in the year, with e.g. {seq:04d} for 0123), {type} (LM, RCO, "
            "IAPS, KNL, TEMBUSAN), {month_roman}, {month}, {year}, {office} (the letter code)."
        ),
    )
    receipt_presumed_days_electronic = models.PositiveSmallIntegerField(
        _("receipt presumed, electronic (days after sending)"),
        null=True,
        blank=True,
        default=3,
        help_text=_(
            "A notice sent through the portal, tracking page or e-mail that nobody opened counts "
            "as received this many calendar days after sending. Empty: wait for a real receipt."
        ),
    )
    receipt_presumed_days_post = models.PositiveSmallIntegerField(
        _("receipt presumed, post (days after sending)"),
        null=True,
        blank=True,
        default=7,
        help_text=_(
            "A letter posted or delivered without a tanda terima counts as received this many "
            "calendar days after sending. Empty: wait for the tanda terima."
        ),
    )
    active = models.BooleanField(_("active"), default=True)

    objects = OfficeQuerySet.as_manager()

    class Meta:
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.short_name or self.name

    def clean(self) -> None:
        if self.kind == self.Kind.UNIT_PENGADUAN and not self.agency_id:
            raise ValidationError({"agency": _("An agency complaint unit belongs to an agency.")})
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": _("An office cannot report to itself.")})
        from aduan.cases.errors import CaseError
        from aduan.cases.references import validate_format

        try:
            validate_format(self.reference_format)
        except CaseError as exc:
            raise ValidationError({"reference_format": str(exc)}) from exc


class Unit(models.Model):
    """A unit (keasistenan) inside an office."""

    class Kind(models.TextChoices):
        PVL = "pvl", _("Receipt and Verification (PVL)")
        PEMERIKSAAN = "pemeriksaan", _("Examination")
        RESMON = "resmon", _("Resolution and Monitoring")
        PENCEGAHAN = "pencegahan", _("Prevention")

    office = models.ForeignKey(
        Office, verbose_name=_("office"), on_delete=models.PROTECT, related_name="units"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    substances = models.ManyToManyField(
        "reference.Substance",
        verbose_name=_("sector (substances)"),
        blank=True,
        help_text=_("For an examination unit: the substances it examines."),
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["office", "kind", "code"]
        constraints = [
            models.UniqueConstraint(fields=["office", "code"], name="unit_code_unique_in_office")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.office.code})"


class User(AbstractUser):
    """A person who signs in. Staff are bound to one office and, below the office head, a unit."""

    class Role(models.TextChoices):
        ASISTEN = "asisten", _("assistant")
        KEPALA_KEASISTENAN = "kepala_keasistenan", _("head of unit")
        KEPALA_PERWAKILAN = "kepala_perwakilan", _("head of office")
        ANGGOTA = "anggota", _("Ombudsman member")
        ADMINISTRATOR = "administrator", _("administrator")

    ROLES_NEEDING_UNIT = frozenset({Role.ASISTEN, Role.KEPALA_KEASISTENAN})

    role = models.CharField(_("role"), max_length=24, choices=Role.choices, blank=True)
    office = models.ForeignKey(
        Office,
        verbose_name=_("office"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
    )
    position = models.CharField(_("position"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    is_dpo = models.BooleanField(
        _("data protection officer"),
        default=False,
        help_text=_(
            "Handles personal-data requests and breaches of their office (UU 27/2022 Ps.53)."
        ),
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if self.role and not self.office_id:
            errors["office"] = _("Staff with a role belong to an office.")
        if self.role in self.ROLES_NEEDING_UNIT and not self.unit_id:
            errors["unit"] = _("An assistant or head of unit belongs to a unit.")
        if self.unit_id and self.office_id and self.unit.office_id != self.office_id:
            errors["unit"] = _("The unit must belong to the user's office.")
        if errors:
            raise ValidationError(errors)


class Agency(MP_Node):
    """An agency (instansi) that can be reported, in a tree: ministry → regional office → unit;
    province → regency/city → OPD → UPT."""

    class Level(models.TextChoices):
        PUSAT = "pusat", _("national")
        PROVINSI = "provinsi", _("province")
        KABUPATEN_KOTA = "kabupaten_kota", _("regency or city")
        KECAMATAN = "kecamatan", _("district")
        DESA = "desa", _("village")

    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    group = models.ForeignKey(
        "reference.AgencyGroup",
        verbose_name=_("agency group"),
        on_delete=models.PROTECT,
        related_name="agencies",
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agencies",
    )
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    active = models.BooleanField(_("active"), default=True)

    node_order_by = ["name"]

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def __str__(self) -> str:
        return self.name

    def full_name(self) -> str:
        """The agency and its parents, nearest first: 'RSUD Depati Hamzah — Pemerintah Kota …'."""
        names = [a.name for a in Agency.objects.get_ancestors(self)]
        return " — ".join([self.name, *reversed(names)])


class Liaison(models.Model):
    """A named liaison officer (narahubung, focal point) inside an agency."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="liaisons"
    )
    name = models.CharField(_("name"), max_length=150)
    position = models.CharField(_("position"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    whatsapp = models.CharField(_("WhatsApp"), max_length=40, blank=True)
    user = models.OneToOneField(
        User,
        verbose_name=_("portal account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="liaison",
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("liaison officer")
        verbose_name_plural = _("liaison officers")
        ordering = ["agency__path", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.agency})"

    def clean(self) -> None:
        if not (self.email or self.phone or self.whatsapp):
            raise ValidationError(_("Give at least one way to reach the liaison officer."))
