from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from aduan.letters.kinds import Addressee, Kind


class LetterForm(forms.Form):
    """Which letter to make: one choice per kind and addressee the person may use now."""

    letter = forms.ChoiceField(label=_("Letter"))
    other_name = forms.CharField(
        label=_("Addressee's name (for someone else)"), required=False, max_length=200
    )
    other_address = forms.CharField(
        label=_("Addressee's address (for someone else)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["letter"].choices = [
            (f"{kind}:{addressee}", label) for kind, addressee, label in choices
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind, _sep, addressee = (data.get("letter") or "").partition(":")
        data["kind"], data["addressee"] = kind, addressee
        if (
            addressee == Addressee.OTHER
            and kind != Kind.PANGGILAN
            and not (data.get("other_name") or "").strip()
        ):
            self.add_error("other_name", _("Write the addressee's name."))
        return data
