"""Forms of the assignment pages (plain HTML: a visit is logged from a phone without
JavaScript). They validate input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from aduan.directory.models import Agency, User


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class AssignmentForm(forms.Form):
    staff = forms.ModelChoiceField(label=_("Staff member"), queryset=User.objects.none())
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.none())
    start_date = forms.DateField(label=_("From"), widget=DateInput())
    end_date = forms.DateField(label=_("Until"), widget=DateInput())
    purpose = forms.CharField(label=_("Purpose"), widget=forms.Textarea(attrs={"rows": 3}))
    plan = forms.CharField(
        label=_("Plan"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, office: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = (
            User.objects.filter(office=office, is_active=True)
            .exclude(role="")
            .order_by("first_name", "username")
        )
        self.fields["staff"].label_from_instance = lambda u: u.get_full_name() or u.username
        self.fields["agency"].queryset = Agency.objects.filter(active=True).order_by("path")


class VisitForm(forms.Form):
    visited_on = forms.DateField(label=_("Date of the visit"), widget=DateInput())
    place = forms.CharField(label=_("Service unit or place"), max_length=200)
    findings = forms.CharField(label=_("Findings"), widget=forms.Textarea(attrs={"rows": 4}))
    for_agency = forms.BooleanField(
        label=_("Address these findings to the agency (its liaison sees them)"), required=False
    )
    evidence = forms.FileField(label=_("Evidence (photo or document)"), required=False)


class ReportForm(forms.Form):
    period_start = forms.DateField(label=_("From"), widget=DateInput())
    period_end = forms.DateField(label=_("Until"), widget=DateInput())
    text = forms.CharField(label=_("Report"), widget=forms.Textarea(attrs={"rows": 6}))


class LinkForm(forms.Form):
    references = forms.CharField(
        label=_("Report references"),
        required=False,
        help_text=_("One or more, separated by commas or spaces."),
    )
    suggestions = forms.ModelMultipleChoiceField(
        label=_("Improvement suggestions that arose"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, office: Any, **kwargs: Any) -> None:
        from aduan.prevention.models import Suggestion

        super().__init__(*args, **kwargs)
        self.fields["suggestions"].queryset = Suggestion.objects.filter(
            review__office=office
        ).select_related("agency")
        self.fields["suggestions"].label_from_instance = lambda s: f"{s.agency}: {s.text[:80]}"
