"""The public rules page (``/aturan-tenggat/``): every clock rule in force, so reporters and
agencies can see the periods that bind them. No login, no JavaScript."""

from __future__ import annotations

from itertools import groupby

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from aduan.deadlines.services import rule_row, rules_in_force
from aduan.deadlines.workdays import local_date


@require_safe
def public_rules(request: HttpRequest) -> HttpResponse:
    today = local_date(timezone.now())
    rows = [rule_row(rule) for rule in rules_in_force(today)]
    groups = [
        {"code": code, "label": items[0]["rule_set_label"], "rules": items}
        for code, items in (
            (code, list(group)) for code, group in groupby(rows, lambda r: r["rule_set"])
        )
    ]
    response = render(request, "deadlines/public_rules.html", {"groups": groups, "today": today})
    response["Cache-Control"] = "public, max-age=600"
    return response
