"""Forms of the personal-data pages; every change goes through a service."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aduan.cases.models import Reporter
from aduan.privacy.models import Breach, DataRequest


class RequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=DataRequest.Kind.choices)
    channel = forms.ChoiceField(label=_("Arrived by"), choices=DataRequest.Channel.choices)
    received_at = forms.DateTimeField(
        label=_("Received at"),
        initial=timezone.localtime,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    requester_name = forms.CharField(label=_("Requester's name"), max_length=200)
    details = forms.CharField(
        label=_("What is asked"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name, phone, e-mail or NIK"), max_length=200, min_length=3, required=False
    )


class LinkForm(forms.Form):
    reporters = forms.TypedMultipleChoiceField(
        label=_("The requester's records"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: object, choices: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reporters"].choices = choices


class VerifyForm(forms.Form):
    method = forms.ChoiceField(
        label=_("Identity verified by"), choices=DataRequest.Verification.choices
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("What was given or done"), widget=forms.Textarea(attrs={"rows": 3})
    )


class RefuseForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class CorrectionForm(forms.ModelForm):
    class Meta:
        model = Reporter
        fields = ["name", "birth_place", "birth_date", "address", "id_number", "phone", "email"]
        widgets = {"birth_date": forms.DateInput(attrs={"type": "date"})}


class PolicyForm(forms.Form):
    archive_years = forms.IntegerField(
        label=_("Years kept after closure"), min_value=1, max_value=100
    )
    source = forms.CharField(
        label=_("Basis (records retention schedule)"), max_length=255, required=False
    )


class BreachForm(forms.Form):
    discovered_at = forms.DateTimeField(
        label=_("Discovered at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    description = forms.CharField(
        label=_("What happened"), widget=forms.Textarea(attrs={"rows": 4})
    )
    categories = forms.MultipleChoiceField(
        label=_("Categories of data"),
        choices=Breach.Category.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    subjects_affected = forms.IntegerField(
        label=_("People affected (estimate)"), min_value=0, max_value=10**9
    )
    measures = forms.CharField(
        label=_("Measures taken"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class NoticeForm(forms.Form):
    at = forms.DateTimeField(
        label=_("Told at"),
        initial=timezone.localtime,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    notice = forms.CharField(
        label=_("How and what was told"), widget=forms.Textarea(attrs={"rows": 3})
    )


class CloseForm(forms.Form):
    note = forms.CharField(
        label=_("Closing note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
