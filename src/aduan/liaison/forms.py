"""Forms of the liaison portal (rendered through the design system's form templates)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

MAX_FILES = 10


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern); cleaned: a list of uploads,
    checked by the service (``cases.documents.check_upload``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        items = data if isinstance(data, list | tuple) else [data]
        files = [super(MultipleFileField, self).clean(item, initial) for item in items if item]
        if len(files) > MAX_FILES:
            raise forms.ValidationError(
                _("Send at most %(count)s files at once.") % {"count": MAX_FILES}
            )
        return files


class AnswerForm(forms.Form):
    """The agency's answer to a clarification request, with its documents."""

    answer = forms.CharField(
        label=_("Your answer"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Answer each question; the office reads exactly what you write."),
    )
    files = MultipleFileField(
        label=_("Documents"),
        required=False,
        help_text=_("PDF, photos or office documents; you may choose several at once."),
    )

    def clean_answer(self) -> str:
        return self.cleaned_data["answer"].replace("\x00", "").strip()
