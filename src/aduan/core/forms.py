"""Form fields shared by the apps' forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.db import connections, models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's, refusing a key outside the column's range as "not a valid value" before it
    reaches the database (Django's ``__in`` lookup passes it on, and SQLite cannot bind it:
    an OverflowError, a server error, instead of the form's message)."""

    def _check_values(self, value: Any) -> Any:
        model = self.queryset.model
        key = model._meta.get_field(self.to_field_name) if self.to_field_name else model._meta.pk
        if isinstance(key, models.IntegerField) and isinstance(value, (list, tuple)):
            low, high = connections[self.queryset.db].ops.integer_field_range(
                key.get_internal_type()
            )
            for item in value:
                try:
                    number = int(str(item).strip())
                except ValueError:
                    continue  # Django's own check refuses it
                if (low is not None and number < low) or (high is not None and number > high):
                    raise forms.ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": item},
                    )
        return super()._check_values(value)


def posted_text(request: HttpRequest, name: str) -> str:
    """The text posted under ``name``, without NUL characters: a browser never sends them and
    PostgreSQL cannot store them (a server error instead of the page). Django's form fields
    refuse them; the views that read ``request.POST`` directly read free text through here."""
    return request.POST.get(name, "").replace("\x00", "")


class SignInForm(AuthenticationForm):
    """Django's sign-in form with Aduan's own refusal. Django's words name the username field
    inside the sentence ("Masukkan nama pengguna %(username)s …"), which in Indonesian reads
    "nama pengguna nama pengguna"; one plain sentence of ours instead, for staff and liaisons."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": gettext_lazy(
            "The username or the password is not right. Both are case-sensitive."
        ),
        "inactive": gettext_lazy("This account is not active."),
    }
