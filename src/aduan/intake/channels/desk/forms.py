"""The desk's forms: the fast form for one report, and the batch of paper forms (a header that
the rows share, and compact rows). They check the shape of what was typed; the rules of a
report (a reporter needs a name, the reporter's details, permissions) stay in ``case_receive``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.forms import formset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aduan.cases import reporter_fields
from aduan.cases.models import Reporter
from aduan.cases.reporter_fields import MaritalStatus
from aduan.directory.models import Agency
from aduan.intake.channels.desk.services import REPORTER_KEYS
from aduan.reference.models import Channel, IntakeType
from aduan.regions.models import Region

# The reference Channel codes a person at the desk records (DOMAIN.md §2).
DESK_CHANNELS = (
    "datang-langsung",
    "telepon",
    "surat",
    "kotak-pengaduan",
    "on-the-spot",
    "posko",
    "nampel",
)
DESK_INTAKE_TYPES = ("lm", "rco", "knl", "tembusan")
BATCH_ROWS = 10
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def channel_choices() -> list[tuple[str, str]]:
    items = {c.code: c for c in Channel.objects.active().filter(code__in=DESK_CHANNELS)}
    return [(code, items[code].label) for code in DESK_CHANNELS if code in items]


def intake_type_choices() -> list[tuple[str, str]]:
    items = {t.code: t for t in IntakeType.objects.active().filter(code__in=DESK_INTAKE_TYPES)}
    return [(code, items[code].label) for code in DESK_INTAKE_TYPES if code in items]


class AgencyChoiceField(forms.ModelChoiceField):
    """The agency list as one select, indented by depth (a province, its offices, their units)."""

    def label_from_instance(self, obj: Agency) -> str:
        return "\u2003" * (obj.depth - 1) + obj.name


def agency_field() -> AgencyChoiceField:
    """A lazy queryset: each form reads the list when it is shown."""
    return AgencyChoiceField(
        Agency.objects.filter(active=True).order_by("path"),
        required=False,
        label=_("Reported agency"),
        empty_label=_("— not known yet —"),
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list:
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def _not_in_future_datetime(value: dt.datetime | None) -> dt.datetime | None:
    if value is not None and value > timezone.now() + dt.timedelta(minutes=1):
        raise forms.ValidationError(_("This time is in the future."))
    return value


def _not_in_future_date(value: dt.date | None) -> dt.date | None:
    if value is not None and value > timezone.localdate():
        raise forms.ValidationError(_("This date is in the future."))
    return value


def _region(code: str) -> Region | None:
    code = (code or "").strip()
    if not code:
        return None
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise forms.ValidationError(
            _("No region has the code %(code)s (use the Kepmendagri code, e.g. 19.71)."),
            params={"code": code},
        )
    return region


def received_at_field() -> forms.DateTimeField:
    return forms.DateTimeField(
        label=_("Received at"),
        help_text=_("Now, or for a paper form the date written on it."),
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
    )


class SharedFields(forms.Form):
    """What one sitting at the desk has in common: the channel, the kind, the event."""

    token = forms.CharField(widget=forms.HiddenInput, max_length=40)
    channel = forms.ChoiceField(label=_("Channel"))
    intake_type = forms.ChoiceField(label=_("Intake type"))
    event_tag = forms.CharField(
        label=_("Event or place"),
        max_length=120,
        required=False,
        help_text=_("e.g. OTS Pasar Pangkalpinang 12 Mar, Posko pemadaman listrik"),
    )
    received_at = received_at_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = channel_choices()
        self.fields["intake_type"].choices = intake_type_choices()

    def clean_received_at(self) -> dt.datetime | None:
        return _not_in_future_datetime(self.cleaned_data.get("received_at"))


class DeskForm(SharedFields):
    """One report, as the person in front of the desk (or the letter) tells it."""

    name = forms.CharField(label=_("Full name"), max_length=200)
    kind = forms.ChoiceField(
        label=_("Reporter is"), choices=Reporter.Kind.choices, initial=Reporter.Kind.INDIVIDUAL
    )
    represents = forms.CharField(label=_("On behalf of"), max_length=200, required=False)
    id_type = forms.ChoiceField(
        label=_("Identity document"),
        choices=[("", "—"), *Reporter.IdType.choices],
        required=False,
    )
    id_number = forms.CharField(label=_("Document number"), max_length=40, required=False)
    birth_place = forms.CharField(label=_("Place of birth"), max_length=100, required=False)
    birth_date = forms.DateField(
        label=_("Date of birth"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    marital_status = forms.ChoiceField(
        label=_("Marital status"),
        choices=[("", "—"), *MaritalStatus.choices],
        required=False,
    )
    occupation = forms.CharField(label=_("Occupation"), max_length=100, required=False)
    address = forms.CharField(
        label=_("Address"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    contact_channel = forms.ChoiceField(
        label=_("Contact by"),
        choices=[
            ("", _("as given: e-mail, else SMS for a mobile, else a call, else post")),
            *Reporter.ContactChannel.choices,
        ],
        required=False,
    )
    confidential = forms.BooleanField(
        label=_("Keep the reporter's identity secret (UU 37/2008 Ps.24(2))"), required=False
    )
    agency = agency_field()
    region = forms.CharField(
        label=_("Region of the event"),
        max_length=20,
        required=False,
        help_text=_("Kepmendagri code, e.g. 19.71"),
    )
    event_date = forms.DateField(
        label=_("Date of the event"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    title = forms.CharField(label=_("Summary"), max_length=255)
    chronology = forms.CharField(
        label=_("Chronology"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    remedy_sought = forms.CharField(
        label=_("Remedy sought"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    uploads = MultipleFileField(
        label=_("Documents (photos, scans)"),
        required=False,
        help_text=_("PDF, JPG, PNG, DOCX, XLSX or ODT."),
    )

    field_order = [
        "token",
        "channel",
        "intake_type",
        "event_tag",
        "received_at",
        *REPORTER_KEYS,
        "contact_channel",
        "confidential",
        "agency",
        "region",
        "event_date",
        "title",
        "chronology",
        "remedy_sought",
        "uploads",
    ]

    def __init__(self, *args: Any, office: Any = None, **kwargs: Any) -> None:
        """``office``: the receiving office; the reporter's details its law does not need are
        not on the form (``cases.reporter_fields``)."""
        super().__init__(*args, **kwargs)
        self.fields_for = reporter_fields.for_office(office)
        for name in self.fields_for.not_collected:
            self.fields.pop(name, None)

    def clean_region(self) -> Region | None:
        return _region(self.cleaned_data.get("region", ""))

    def clean_event_date(self) -> dt.date | None:
        return _not_in_future_date(self.cleaned_data.get("event_date"))

    def clean_birth_date(self) -> dt.date | None:
        return _not_in_future_date(self.cleaned_data.get("birth_date"))


class BatchRow(forms.Form):
    """One paper form of a stack: the few fields typed from it. A row left empty is skipped."""

    name = forms.CharField(label=_("Full name"), max_length=200)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    title = forms.CharField(label=_("Summary"), max_length=255)
    chronology = forms.CharField(
        label=_("Chronology"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    agency = agency_field()
    region = forms.CharField(label=_("Region code"), max_length=20, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # the sheet shows labels only in its header
            field.widget.attrs["aria-label"] = field.label

    def clean_region(self) -> Region | None:
        return _region(self.cleaned_data.get("region", ""))


BatchRows = formset_factory(BatchRow, extra=BATCH_ROWS, max_num=50, absolute_max=50)
