"""Official letters (surat): templates an administrator edits, each office's letter settings,
the gapless letter counter, and the letters made for a case (DOCX and PDF)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aduan.letters.kinds import Addressee, Kind
from aduan.letters.numbering import DEFAULT_NUMBER_FORMAT, validate_number_format

User = settings.AUTH_USER_MODEL


class LetterTemplate(models.Model):
    """A DOCX template (Jinja placeholders, filled by docxtpl) for one kind of letter, for one
    office or, without an office, for every office. Replaced, never edited: uploading a new one
    retires the old, which is kept."""

    kind = models.CharField(_("kind of letter"), max_length=30, choices=Kind.choices)
    office = models.ForeignKey(
        "directory.Office",
        verbose_name=_("office"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="letter_templates",
        help_text=_("Empty: the national default, used by offices without their own."),
    )
    file = models.FileField(
        _("DOCX template"),
        upload_to="letters/templates/",
        validators=[FileExtensionValidator(["docx"])],
    )
    note = models.CharField(_("what changed"), max_length=255, blank=True)
    active = models.BooleanField(_("in use"), default=True)
    updated_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("letter template")
        verbose_name_plural = _("letter templates")
        ordering = ["kind", "office", "-updated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "office"],
                condition=Q(active=True, office__isnull=False),
                name="letter_template_one_active_per_office",
            ),
            models.UniqueConstraint(
                fields=["kind"],
                condition=Q(active=True, office__isnull=True),
                name="letter_template_one_active_default",
            ),
        ]

    def __str__(self) -> str:
        where = self.office or _("all offices")
        return f"{self.get_kind_display()} ({where})"


class LetterSettings(models.Model):
    """How an office's letters look and are numbered. An office without settings gets a
    letterhead made from its name, address and contacts, signed by its head."""

    office = models.OneToOneField(
        "directory.Office",
        verbose_name=_("office"),
        on_delete=models.CASCADE,
        related_name="letter_settings",
    )
    letterhead = models.TextField(
        _("letterhead"),
        blank=True,
        help_text=_(
            "One line per line, as printed at the top of the first page, e.g. OMBUDSMAN "
            "REPUBLIK INDONESIA / PERWAKILAN PROVINSI ... / the address / phone and e-mail."
        ),
    )
    logo = models.ImageField(_("logo"), upload_to="letters/logos/", blank=True)
    city = models.CharField(
        _("city for the date line"), max_length=100, blank=True, help_text=_("e.g. Pangkalpinang")
    )
    signatory_name = models.CharField(_("signatory's name"), max_length=150, blank=True)
    signatory_position = models.CharField(
        _("signatory's position"),
        max_length=200,
        blank=True,
        help_text=_("e.g. Kepala Perwakilan Ombudsman RI Provinsi Kepulauan Bangka Belitung"),
    )
    number_format = models.CharField(
        _("letter number format"),
        max_length=120,
        default=DEFAULT_NUMBER_FORMAT,
        validators=[validate_number_format],
        help_text=_(
            "Fields: {seq} (number in the year; {seq:04d} gives 0012), {kind_code} (e.g. KLR), "
            "{office} (the office's letter code), {month_roman}, {month}, {year}, "
            "{case} (the case reference)."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("letter settings")
        verbose_name_plural = _("letter settings")

    def __str__(self) -> str:
        return str(self.office)


class LetterCounter(models.Model):
    """The last letter number given in a year at an office; locked while a letter takes the
    next one, inside the transaction that stores the letter."""

    office = models.ForeignKey("directory.Office", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["office", "year"], name="letter_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.office_id}/{self.year}: {self.last}"


class Letter(models.Model):
    """A letter made for a case: its number, addressee and both files. ``addressee_name`` never
    holds a confidential reporter's identity (see letters.context)."""

    Kind = Kind
    Addressee = Addressee

    class Engine(models.TextChoices):
        LIBREOFFICE = "libreoffice", _("LibreOffice")
        BUILTIN = "builtin", _("built-in renderer")

    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="letters"
    )
    office = models.ForeignKey(
        "directory.Office", verbose_name=_("office"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind of letter"), max_length=30, choices=Kind.choices)
    year = models.PositiveIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("number in the year"))
    number = models.CharField(_("letter number"), max_length=150)
    addressee_kind = models.CharField(_("addressed to"), max_length=20, choices=Addressee.choices)
    addressee_name = models.CharField(_("addressee"), max_length=255)
    docx = models.FileField(_("DOCX"), upload_to="letters/%Y/%m/", max_length=200)
    pdf = models.FileField(_("PDF"), upload_to="letters/%Y/%m/", max_length=200)
    pdf_engine = models.CharField(max_length=20, choices=Engine.choices)
    template_label = models.CharField(_("template used"), max_length=200)
    about_kind = models.CharField(max_length=30, blank=True)
    about_id = models.PositiveBigIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("made at"), default=timezone.now)

    class Meta:
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "year", "sequence"], name="letter_sequence_unique"
            ),
            models.UniqueConstraint(fields=["office", "number"], name="letter_number_unique"),
        ]

    def __str__(self) -> str:
        return self.number
