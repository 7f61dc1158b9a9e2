"""Every Django form in Aduan renders through one set of templates (decision 0019):
``aduan/forms/div.html`` lays out the fields, ``aduan/forms/field.html`` draws one labelled field
with its help text and error, so the back office, the liaison portal and the public pages share
one look without per-template markup."""

from __future__ import annotations

from typing import Any

from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime


class AduanFormRenderer(DjangoTemplates):
    form_template_name = "aduan/forms/div.html"
    field_template_name = "aduan/forms/field.html"

    def render(self, template_name: str, context: dict, request: Any = None) -> str:
        """Draw a select in Python: the same markup as Django's ``select.html``, without one
        template include per option (the public form's place list has 552 of them, and drawing
        them through templates was most of ``/lapor/``'s time; decision 0020)."""
        if template_name == SELECT_TEMPLATE:
            html = _select_html(context["widget"])
            if html is not None:
                return html
        return super().render(template_name, context, request)


SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


def _text(value: Any) -> str:
    """What ``{{ value }}`` prints: localised, then escaped unless already safe."""
    if not isinstance(value, str):
        value = localize(template_localtime(value))
    return conditional_escape(value)


def _attrs(attrs: dict) -> str:
    """Django's ``attrs.html``: False leaves the attribute out, True writes its name alone."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {conditional_escape(name)}")
        else:
            parts.append(f' {conditional_escape(name)}="{escape(str(value))}"')
    return "".join(parts)


def _select_html(widget: dict) -> SafeString | None:
    out = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in options:
            if option.get("template_name") != OPTION_TEMPLATE:
                return None  # a custom option template: let Django draw the whole select
            value = escape(str(option["value"]))
            out.append(
                f'\n  <option value="{value}"{_attrs(option["attrs"])}>'
                f"{_text(option['label'])}</option>\n"  # select_option.html ends with a newline
            )
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>")
    return mark_safe("".join(out))  # noqa: S308 - every part is escaped above
