"""Forms of the planning pages. They validate input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from aduan.directory.models import Unit, User
from aduan.plans.models import Metric, WorkItem

QUARTERS = [("", _("the whole year")), *((str(q), f"TW {q}") for q in (1, 2, 3, 4))]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class _UnitField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        return obj.name


class TargetForm(forms.Form):
    metric = forms.ChoiceField(label=_("What is counted"), choices=Metric.choices)
    activity_kind = forms.ChoiceField(label=_("Kind of activity"), required=False)
    unit = _UnitField(
        label=_("Unit"), queryset=Unit.objects.none(), required=False, empty_label=_("the office")
    )
    quarter = forms.TypedChoiceField(
        label=_("Period"), choices=QUARTERS, coerce=int, empty_value=None, required=False
    )
    value = forms.DecimalField(label=_("Target"), min_value=0, max_digits=10, decimal_places=2)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, office: Any, **kwargs: Any) -> None:
        from aduan.prevention.models import kinds

        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(office=office).order_by("name")
        self.fields["activity_kind"].choices = [
            ("", _("every kind")),
            *((row.code, row.label) for row in kinds().values() if row.active),
        ]


class ItemForm(forms.ModelForm):
    quarter = forms.TypedChoiceField(
        label=_("Quarter"), choices=QUARTERS[1:], coerce=int, required=True
    )
    unit = _UnitField(
        label=_("Unit"), queryset=Unit.objects.none(), required=False, empty_label=_("the office")
    )

    class Meta:
        model = WorkItem
        fields = ["title", "description", "owner", "due_date"]
        widgets = {"due_date": DateInput(), "description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, office: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = (
            User.objects.filter(office=office, is_active=True)
            .exclude(role="")
            .order_by("first_name", "username")
        )
        self.fields["owner"].label_from_instance = lambda u: u.get_full_name() or u.username
        self.fields["unit"].queryset = Unit.objects.filter(office=office).order_by("name")


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=WorkItem.Status.choices)
    outcome = forms.CharField(
        label=_("Outcome, or why it is dropped"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
