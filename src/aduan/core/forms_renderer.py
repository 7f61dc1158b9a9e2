"""Every Django form in Aduan renders through one set of templates (decision 0019):
``aduan/forms/div.html`` lays out the fields, ``aduan/forms/field.html`` draws one labelled field
with its help text and error, so the back office, the liaison portal and the public pages share
one look without per-template markup."""

from __future__ import annotations

from django.forms.renderers import DjangoTemplates


class AduanFormRenderer(DjangoTemplates):
    form_template_name = "aduan/forms/div.html"
    field_template_name = "aduan/forms/field.html"
