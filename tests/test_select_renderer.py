"""Selects are drawn in Python by ``AduanFormRenderer`` (decision 0020): the markup must be
exactly what Django's own templates draw, for every kind of select the project uses."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from aduan.core.forms_renderer import AduanFormRenderer

CHOICES = [
    ("", "Choose"),
    ('Kepulauan <Bangka> & "Belitung"', [("19.71", "Kota Pangkalpinang"), ("19", "Semua")]),
    ("Jawa", [(31, _("Jakarta")), (32.5, 1000), ("x'y", mark_safe("<b>safe</b>"))]),
    (None, "None as a value"),
    ("d", dt.date(2026, 12, 7)),
]


def _both(widget: forms.Widget, value) -> tuple[str, str]:
    attrs = {"id": "id_place", "aria-describedby": "help <x>", "required": True, "hidden": False}
    ours = widget.render("place", value, attrs=attrs, renderer=AduanFormRenderer())
    django = widget.render("place", value, attrs=attrs, renderer=DjangoTemplates())
    return ours, django


@pytest.mark.parametrize("value", [None, "", "19.71", 31, "x'y", "nothing-like-it"])
def test_a_select_is_drawn_as_django_draws_it(value):
    ours, django = _both(forms.Select(choices=CHOICES), value)
    assert ours == django


@pytest.mark.parametrize("value", [[], ["19.71", "19"], ["x'y", 31]])
def test_a_multiple_select_is_drawn_as_django_draws_it(value):
    ours, django = _both(forms.SelectMultiple(choices=CHOICES), value)
    assert ours == django


@pytest.mark.parametrize("value", [None, True, False, "unknown"])
def test_a_yes_no_select_is_drawn_as_django_draws_it(value):
    ours, django = _both(forms.NullBooleanSelect(), value)
    assert ours == django


def test_a_select_with_its_own_option_template_is_left_to_django():
    class Marked(forms.Select):
        option_template_name = "django/forms/widgets/input_option.html"

    ours, django = _both(Marked(choices=[("a", "A")]), "a")
    assert ours == django
    assert "<option" not in ours


def test_the_public_form_draws_its_place_list_without_a_template_per_option(client, regions):
    from django.test import signals

    rendered = []

    def seen(sender, template, **kwargs):
        rendered.append(template)

    signals.template_rendered.connect(seen)
    try:
        response = client.get("/lapor/", HTTP_ACCEPT_LANGUAGE="en")
    finally:
        signals.template_rendered.disconnect(seen)
    assert response.status_code == 200
    assert b"<optgroup" in response.content
    options = [
        t for t in rendered if getattr(t, "name", "") == "django/forms/widgets/select_option.html"
    ]
    assert options == []
