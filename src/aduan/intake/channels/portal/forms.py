"""The forms of the public portal: the report, the tracking sign-in and the reporter's actions.

Everything is validated on the server; the pages need no JavaScript. The report form asks what
UU 37/2008 Ps.24(1) requires, explains why, and lets through what can be completed later (the
office then asks for it, with 30 days to answer).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from aduan.cases import reporter_fields
from aduan.cases.models import Document, Reporter
from aduan.cases.reporter_fields import MaritalStatus, ReporterFields
from aduan.intake import contact, lookups
from aduan.intake.channels.portal import uploads
from aduan.intake.services import Attachment

YES_NO = [("ya", _("Yes")), ("tidak", _("No"))]
# What a report lacking a detail the law requires is told, by field ("": any other).
REQUIRED_DETAIL = {
    "": _("A report needs this (UU 37/2008 Ps.24(1)a)."),
    "address": _("A report needs your full address."),
    "marital_status": _(
        "A report needs your marital status, as on your KTP (UU 37/2008 Ps.24(1)a)."
    ),
}
MAX_EVIDENCE_FILES = 5


def place_choices() -> list[Any]:
    """Regencies and cities grouped by province; each province also stands for itself (for a
    reporter who does not know the regency). Kept in the process (``intake.lookups``)."""
    return lookups.current().place_choices()


class PlaceSelect(forms.Select):
    """The place list with nothing chosen yet, drawn once per language, attributes and
    generation of the list (``intake.lookups``), then reused: most of a blank form's time."""

    def use_required_attribute(self, initial: Any) -> bool:
        # Django's Select walks its choices to see that the first is blank; this one always is.
        return not self.is_hidden

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> str:
        if value not in (None, ""):
            return super().render(name, value, attrs, renderer)
        shown = repr(sorted((attrs or {}).items()))
        key = ("place-select", translation.get_language(), name, shown)
        return lookups.current().memo(
            key, lambda: super(PlaceSelect, self).render(name, value, attrs, renderer)
        )


class PlaceField(forms.ChoiceField):
    """The place of the event: its choices are read when the form is shown, and a sent code is
    checked against the process's set of places, never by walking the list."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", PlaceSelect)
        super().__init__(*args, choices=place_choices, **kwargs)

    def valid_value(self, value: Any) -> bool:
        return str(value) in lookups.current().place_codes()


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern). Cleaned: a list of intake
    attachments of ``kind``, checked and stripped of metadata."""

    def __init__(self, *args: Any, kind: str = Document.Kind.EVIDENCE, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        self.kind = kind
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Attachment]:
        items = data if isinstance(data, list | tuple) else [data]
        files = [super(MultipleFileField, self).clean(item, initial) for item in items if item]
        if not files and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        if len(files) > MAX_EVIDENCE_FILES:
            raise forms.ValidationError(
                _("Send at most %(count)s files at once.") % {"count": MAX_EVIDENCE_FILES}
            )
        return [uploads.attachment(upload, self.kind) for upload in files]


class SingleFileField(forms.FileField):
    """One file; cleaned: an intake attachment of ``kind`` (or None)."""

    def __init__(self, *args: Any, kind: str = Document.Kind.EVIDENCE, **kwargs: Any) -> None:
        self.kind = kind
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Attachment | None:
        upload = super().clean(data, initial)
        return uploads.attachment(upload, self.kind) if upload else None


class PortalForm(forms.Form):
    """Errors sit next to their field and are tied to it (aria-describedby, aria-invalid)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.prepare()
        for name in self.fields:
            self._describe(name)

    def _describe(self, name: str) -> None:
        field = self.fields[name]
        described = []
        if field.help_text:
            described.append(f"{self[name].auto_id}-help")
        if self._errors and name in self._errors:
            described.append(f"{self[name].auto_id}-error")
            field.widget.attrs["aria-invalid"] = "true"
        if described and not isinstance(field.widget, forms.RadioSelect):
            field.widget.attrs["aria-describedby"] = " ".join(described)

    def add_error(self, field: str | None, error: Any) -> None:
        super().add_error(field, error)
        for name in self._errors or {}:
            if name in self.fields:
                self._describe(name)

    def prepare(self) -> None:
        """Set choices and texts that depend on the request (before the fields are described)."""


class ReportForm(PortalForm):
    """The report (laporan), with the two stoppers first. ``fields_for``: the reporter's details
    the receiving office asks for (``cases.reporter_fields``); the others are not on the form,
    so they are neither shown nor accepted. ``kept``: files already kept from an earlier try
    (``drafts``), counted with the new ones."""

    def __init__(
        self,
        *args: Any,
        fields_for: ReporterFields = reporter_fields.OMBUDSMAN,
        kept: Any = (),
        **kwargs: Any,
    ) -> None:
        self.fields_for = fields_for
        self.kept = list(kept)
        super().__init__(*args, **kwargs)

    token = forms.CharField(widget=forms.HiddenInput)

    # -- stoppers
    emergency = forms.ChoiceField(
        label=_("Is someone's life, health or safety in danger right now?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
        help_text=_(
            "If yes, your report goes to the rapid response (Respons Cepat Ombudsman) and staff "
            "contact the agency directly. In immediate danger call 112 first."
        ),
    )
    question_only = forms.ChoiceField(
        label=_("Are you asking a question or for advice, rather than complaining?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
        help_text=_("If yes, we answer it as a consultation; no examination is opened."),
    )

    # -- the reporter
    name = forms.CharField(label=_("Full name"), max_length=200)
    birth_place = forms.CharField(label=_("Place of birth"), max_length=100, required=False)
    birth_date = forms.DateField(
        label=_("Date of birth"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    marital_status = forms.ChoiceField(
        label=_("Marital status"),
        choices=[("", _("Choose")), *MaritalStatus.choices],
        required=False,
    )
    occupation = forms.CharField(label=_("Occupation"), max_length=100, required=False)
    address = forms.CharField(
        label=_("Full address"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    phone = forms.CharField(
        label=_("Phone or WhatsApp number"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    id_type = forms.ChoiceField(
        label=_("Identity document"),
        choices=[("", _("Choose")), *Reporter.IdType.choices],
        required=False,
    )
    id_number = forms.CharField(label=_("Document number"), max_length=40, required=False)
    id_file = SingleFileField(
        label=_("Photo or scan of the identity document"),
        kind=Document.Kind.ID_DOCUMENT,
        required=False,
    )
    contact_channel = forms.ChoiceField(
        label=_("How should we contact you?"),
        choices=[("", _("As my details allow")), *Reporter.ContactChannel.choices],
        required=False,
        help_text=_(
            "Left open: by e-mail if you give one, else by WhatsApp for a mobile number, else "
            "by a phone call."
        ),
    )
    language = forms.ChoiceField(
        label=_("Language of our messages"), choices=settings.LANGUAGES, initial="id"
    )
    confidential = forms.BooleanField(
        label=_("Keep my identity secret from the reported agency"),
        required=False,
        help_text=_(
            "UU 37/2008 Ps.24(2): your name and details are then never given to the agency, "
            "the public or in letters sent out."
        ),
    )

    # -- what happened
    agency_name = forms.CharField(
        label=_("Agency or office you report"),
        max_length=200,
        help_text=_("For example: Dinas Kependudukan dan Pencatatan Sipil Kota Pangkalpinang."),
    )
    official = forms.CharField(
        label=_("Name or position of the official (if known)"), max_length=150, required=False
    )
    place = PlaceField(
        label=_("Where did it happen?"),
        help_text=_("The report goes to the Ombudsman office covering this place."),
    )
    event_date = forms.DateField(
        label=_("When did it happen?"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Events older than two years cannot be examined (UU 37/2008 Ps.24(3))."),
    )
    title = forms.CharField(
        label=_("Your complaint in one sentence"),
        max_length=200,
    )
    chronology = forms.CharField(
        label=_("What happened, step by step, with dates"),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    remedy_sought = forms.CharField(
        label=_("What do you want to happen?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    raised_before = forms.ChoiceField(
        label=_("Did you first complain to the agency or its superior?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
        required=False,
        help_text=_(
            "The law asks that the agency had a chance to resolve it first (UU 37/2008 "
            "Ps.24(1)c). If you have not done so, the office may ask you to do it, or may have "
            "to reject the report (Ps.36(1)a)."
        ),
    )
    prior_complaint = forms.CharField(
        label=_("When and how did you complain, and what was the answer?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    prior_complaint_date = forms.DateField(
        label=_("Date of that complaint"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    evidence = MultipleFileField(
        label=_("Evidence (letters, receipts, photos)"),
        required=False,
    )
    consent = forms.BooleanField(
        label=_("I have read the privacy notice and my report is true to the best of my knowledge"),
    )

    # The reporter's details an office may not ask for (cases.reporter_fields decides).
    OPTIONAL_DETAILS = (
        "birth_place",
        "birth_date",
        "marital_status",
        "occupation",
        "id_type",
        "id_number",
        "id_file",
    )

    def prepare(self) -> None:
        for name in self.OPTIONAL_DETAILS:
            if not self.fields_for.shows(name):
                del self.fields[name]
        limits = {"count": MAX_EVIDENCE_FILES, "limit": settings.ADUAN_MAX_UPLOAD_MB}
        if "id_file" in self.fields:
            self.fields["id_file"].help_text = (
                _("Needed for a complete report; you may also send it later. At most %(limit)s MB.")
                % limits
            )
        self.fields["evidence"].help_text = (
            _("PDF, JPG, PNG, DOCX, XLSX or ODT; up to %(count)s files of %(limit)s MB each.")
            % limits
        )
        if not self.is_bound:
            self.initial.setdefault("token", uuid.uuid4().hex)
            language = (translation.get_language() or "id")[:2]
            if language in dict(settings.LANGUAGES):
                self.initial.setdefault("language", language)

    # -- validation
    def clean_token(self) -> str:
        token = self.cleaned_data["token"]
        try:
            return uuid.UUID(token).hex
        except ValueError as exc:
            raise forms.ValidationError(_("The form expired; reload the page.")) from exc

    def _not_in_future(self, name: str) -> dt.date | None:
        day = self.cleaned_data.get(name)
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("This date is in the future."))
        return day

    def clean_event_date(self) -> dt.date | None:
        return self._not_in_future("event_date")

    def clean_birth_date(self) -> dt.date | None:
        return self._not_in_future("birth_date")

    def clean_prior_complaint_date(self) -> dt.date | None:
        return self._not_in_future("prior_complaint_date")

    @property
    def intake_type(self) -> str:
        data = getattr(self, "cleaned_data", {})
        if data.get("emergency") == "ya":
            return "rco"
        if data.get("question_only") == "ya":
            return "knl"
        return "lm"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        report = self.intake_type == "lm"
        self._clean_contact(data)
        if report:
            for name in self.fields_for.identity:
                if name not in self.errors and not str(data.get(name) or "").strip():
                    self.add_error(name, REQUIRED_DETAIL.get(name, REQUIRED_DETAIL[""]))
            if not data.get("raised_before"):
                self.add_error("raised_before", _("Answer yes or no."))
            elif data["raised_before"] == "ya" and not (data.get("prior_complaint") or "").strip():
                self.add_error("prior_complaint", _("Tell briefly when and how you complained."))
        if data.get("id_number") and not data.get("id_type"):
            self.add_error("id_type", _("Which document is this number of?"))
        kept = sum(1 for row in self.kept if row.kind == Document.Kind.EVIDENCE)
        if kept and kept + len(data.get("evidence") or []) > MAX_EVIDENCE_FILES:
            self.add_error(
                "evidence",
                _(
                    "Send at most %(count)s files of evidence with the report; remove some of "
                    "those already attached, or send more later through the tracking page."
                )
                % {"count": MAX_EVIDENCE_FILES},
            )
        return data

    def _clean_contact(self, data: dict[str, Any]) -> None:
        """The way to contact the reporter: the one chosen, if its address was given, else the
        one their details allow (``intake.contact``)."""
        if "phone" in self.errors or "email" in self.errors:
            return
        given = {name: (data.get(name) or "").strip() for name in ("phone", "email", "address")}
        chosen = data.get("contact_channel") or ""
        if chosen:
            missing = contact.missing_detail(given, chosen)
            if missing and missing not in self.errors:
                self.add_error(missing, contact.WHAT_TO_DO[chosen])
            return
        if not given["phone"] and not given["email"]:
            self.add_error("phone", _("Give a phone number or an e-mail address."))
            return
        data["contact_channel"] = contact.channel_for(
            given, mobile=Reporter.ContactChannel.WHATSAPP
        )

    # -- the submission
    def reporter(self) -> dict[str, Any]:
        data = self.cleaned_data
        reporter = {
            "name": data["name"].strip(),
            "birth_place": (data.get("birth_place") or "").strip(),
            "birth_date": data.get("birth_date"),
            "marital_status": data.get("marital_status"),
            "occupation": (data.get("occupation") or "").strip(),
            "address": data["address"].strip(),
            "phone": data["phone"].strip(),
            "email": data["email"],
            "id_type": data.get("id_type"),
            "id_number": (data.get("id_number") or "").strip(),
            "contact_channel": data["contact_channel"],
            "language": data["language"],
        }
        given = {key: value for key, value in reporter.items() if value not in (None, "")}
        return self.fields_for.only_shown(given)

    def attachments(self) -> list[Attachment]:
        """The files of this POST that passed their checks (also after an error elsewhere)."""
        data = getattr(self, "cleaned_data", {})
        return [item for item in [data.get("id_file"), *(data.get("evidence") or [])] if item]


class TrackForm(PortalForm):
    reference = forms.CharField(label=_("Report number"), max_length=80)
    code = forms.CharField(
        label=_("Access code"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


DOCUMENT_KINDS = [
    (Document.Kind.EVIDENCE, Document.Kind.EVIDENCE.label),
    (Document.Kind.ID_DOCUMENT, Document.Kind.ID_DOCUMENT.label),
    (Document.Kind.PRIOR_COMPLAINT, Document.Kind.PRIOR_COMPLAINT.label),
    (Document.Kind.POWER_OF_ATTORNEY, Document.Kind.POWER_OF_ATTORNEY.label),
    (Document.Kind.OTHER, Document.Kind.OTHER.label),
]


class DocumentForm(PortalForm):
    kind = forms.ChoiceField(label=_("What is it?"), choices=DOCUMENT_KINDS)
    files = MultipleFileField(label=_("Files"))


class CompleteForm(PortalForm):
    """The one form of the tracking page while the office waits for the report to be completed:
    an answer in words, files of a kind, or both."""

    text = forms.CharField(
        label=_("Your answer"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Write what was asked for, or attach it below, or both."),
    )
    kind = forms.ChoiceField(
        label=_("What are the files?"),
        choices=DOCUMENT_KINDS,
        required=False,
        initial=Document.Kind.EVIDENCE,
    )
    files = MultipleFileField(label=_("Documents"), required=False)


class LahpResponseForm(PortalForm):
    response = forms.CharField(
        label=_("Your response to the draft"), widget=forms.Textarea(attrs={"rows": 5})
    )
    new_evidence = forms.BooleanField(
        label=_("I bring new arguments or evidence"),
        required=False,
        help_text=_("The examination is then reopened to look at them."),
    )
    files = MultipleFileField(label=_("New evidence"), required=False)


class RatingForm(PortalForm):
    score = forms.TypedChoiceField(
        label=_("How well was your report handled?"),
        choices=[(n, str(n)) for n in range(5, 0, -1)],
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("5 is very good, 1 is very poor."),
    )
    comment = forms.CharField(
        label=_("Comment (optional)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class WithdrawForm(PortalForm):
    reason = forms.CharField(
        label=_("Why do you withdraw the report? (optional)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    confirm = forms.BooleanField(label=_("Yes, withdraw my report; this closes it"))
