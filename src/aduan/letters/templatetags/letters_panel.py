from __future__ import annotations

from typing import Any

from django import template

from aduan.letters.forms import LetterForm
from aduan.letters.selectors import letters_for_case
from aduan.letters.services import available_letters

register = template.Library()


@register.simple_tag(takes_context=True)
def case_letters_panel(context: Any, case: Any, form: Any = None) -> dict[str, Any]:
    """The case's letters and, when the person may make one now, the form."""
    request = context.get("request")
    user = getattr(request, "user", None)
    choices = available_letters(case, user) if user is not None else []
    if not form:
        form = LetterForm(choices=choices) if choices else None
    return {"letters": list(letters_for_case(case)), "form": form}
