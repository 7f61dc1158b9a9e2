"""Forms of the prevention pages. They validate input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from aduan.core.forms import ModelMultipleChoiceField
from aduan.directory.models import Agency, User
from aduan.prevention.models import (
    Activity,
    Agreement,
    Contact,
    Partner,
    Suggestion,
    SystemicReview,
    kinds,
)
from aduan.prevention.services import (
    ACTIVITY_FIELDS,
    AGREEMENT_FIELDS,
    PARTNER_FIELDS,
    REVIEW_FIELDS,
)
from aduan.prevention.standards import COMPONENTS

COMPONENT_CHOICES = [(code, f"{name} ({en})") for code, name, en in COMPONENTS]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


def _agencies() -> Any:
    return Agency.objects.filter(active=True).order_by("path")


def _staff(office: Any) -> Any:
    return (
        User.objects.filter(office=office, is_active=True)
        .exclude(role="")
        .order_by("first_name", "username")
    )


class StaffChoice(ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.get_username()


class ActivityForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = [*ACTIVITY_FIELDS, "staff", "agencies", "partners"]
        field_classes = {"agencies": ModelMultipleChoiceField, "partners": ModelMultipleChoiceField}
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "attendees": forms.Textarea(attrs={"rows": 4}),
            "outcome": forms.Textarea(attrs={"rows": 3}),
            "agencies": forms.SelectMultiple(attrs={"size": 8}),
            "partners": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, office: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = self.instance.kind if self.instance.pk else ""
        self.fields["kind"] = forms.ChoiceField(
            label=_("kind"),
            choices=[
                (row.code, row.label)
                for row in kinds().values()
                if row.active or row.code == current
            ],
            help_text=_(
                "A comparative study names the institution visited among the partners; a "
                "monitoring records its findings per place on the activity's page."
            ),
        )
        self.fields["staff"] = StaffChoice(
            label=_("staff"),
            queryset=_staff(office),
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        self.fields["agencies"].queryset = _agencies()
        self.fields["partners"].queryset = Partner.objects.filter(office=office, active=True)

    def split(self) -> tuple[dict[str, Any], dict[str, Any]]:
        data = self.cleaned_data
        relations = {name: list(data[name]) for name in ("staff", "agencies", "partners")}
        return {name: data[name] for name in ACTIVITY_FIELDS}, relations


class FindingForm(forms.Form):
    place = forms.CharField(label=_("Place"), max_length=200)
    region = forms.ModelChoiceField(label=_("Regency or city"), queryset=None, required=False)
    finding = forms.CharField(label=_("Finding"), widget=forms.Textarea(attrs={"rows": 3}))
    agencies = ModelMultipleChoiceField(
        label=_("Agencies involved"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    follow_up = forms.CharField(
        label=_("Follow-up agreed"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, office: Any, **kwargs: Any) -> None:
        from django.db.models import Q

        from aduan.regions.models import Region

        super().__init__(*args, **kwargs)
        roots = list(office.jurisdiction.values_list("code", flat=True))
        where = Q(pk__in=[])
        for root in roots:
            where |= Q(code=root) | Q(code__startswith=root + ".")
        self.fields["region"].queryset = Region.objects.filter(
            where, level__in=["provinsi", "kabupaten_kota"]
        ).order_by("code")
        self.fields["agencies"].queryset = _agencies()

    def split(self) -> tuple[dict[str, Any], list[Any]]:
        data = self.cleaned_data
        fields = {name: data[name] for name in ("place", "region", "finding", "follow_up")}
        return fields, list(data["agencies"])


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    file = forms.FileField(label=_("File"))


class LinkCasesForm(forms.Form):
    cases = ModelMultipleChoiceField(
        label=_("Reports"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, queryset: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cases"].queryset = queryset
        self.fields["cases"].label_from_instance = lambda case: (
            f"{case.reference}: {case.title} ({case.event_tag or case.channel.name})"
        )


class ReviewForm(forms.ModelForm):
    class Meta:
        model = SystemicReview
        fields = [*REVIEW_FIELDS, "agencies"]
        field_classes = {"agencies": ModelMultipleChoiceField}
        widgets = {
            "period_start": DateInput(),
            "period_end": DateInput(),
            "findings": forms.Textarea(attrs={"rows": 6}),
            "agencies": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = _agencies()


class SuggestionForm(forms.ModelForm):
    class Meta:
        model = Suggestion
        # No due date: the follow-up clock computes it when the review is published.
        fields = ["agency", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = _agencies()


class ResponseForm(forms.Form):
    status = forms.ChoiceField(
        label=_("What the agency did"),
        choices=[c for c in Suggestion.Status.choices if c[0] != Suggestion.Status.OPEN],
        widget=forms.RadioSelect,
    )
    response = forms.CharField(
        label=_("Agency's response"), widget=forms.Textarea(attrs={"rows": 4})
    )
    evidence = forms.FileField(label=_("Evidence"), required=False)


class MappingForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("Service unit"), queryset=Agency.objects.none())
    as_of = forms.DateField(label=_("Mapped on"), widget=DateInput())
    met = forms.MultipleChoiceField(
        label=_("Components met"),
        choices=COMPONENT_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = _agencies()


class AssistanceForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("Service unit"), queryset=Agency.objects.none())
    date = forms.DateField(label=_("Date"), widget=DateInput())
    topic = forms.CharField(label=_("Topic"), max_length=200)
    components = forms.MultipleChoiceField(
        label=_("Components addressed"),
        choices=COMPONENT_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, office: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = _agencies()
        self.fields["staff"] = StaffChoice(
            label=_("Staff"),
            queryset=_staff(office),
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )


class PartnerForm(forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Partner
        fields = list(PARTNER_FIELDS)
        widgets = {
            "address": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }


class AgreementForm(forms.ModelForm):
    upload = forms.FileField(label=_("Document"), required=False)

    class Meta:
        model = Agreement
        fields = list(AGREEMENT_FIELDS)
        widgets = {
            "signed_on": DateInput(),
            "valid_from": DateInput(),
            "valid_until": DateInput(),
            "scope": forms.Textarea(attrs={"rows": 3}),
        }


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["name", "position", "email", "phone"]


class GuidelineForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=[])
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 12}))
    agencies = ModelMultipleChoiceField(
        label=_("For the agencies"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    reviews = ModelMultipleChoiceField(
        label=_("Systemic reviews it follows from"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    suggestions = ModelMultipleChoiceField(
        label=_("Improvement suggestions it answers"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, office: Any, **kwargs: Any) -> None:
        from aduan.prevention.models import Guideline

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Guideline.Kind.choices
        self.fields["agencies"].queryset = _agencies()
        self.fields["reviews"].queryset = SystemicReview.objects.filter(office=office)
        self.fields["suggestions"].queryset = Suggestion.objects.filter(
            review__office=office
        ).select_related("agency")


class GuidelineVersionForm(forms.Form):
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 12}))
    change_note = forms.CharField(
        label=_("What changed"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
