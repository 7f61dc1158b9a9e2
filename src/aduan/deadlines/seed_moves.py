"""Rules added with the moves of issue 14 (decision 0018), in the dict format of the rule seeds;
the lead merges ``EXTRA_RULES`` into ``deadlines.seed``. Migration cases 0012 creates them."""

from __future__ import annotations

import datetime as dt
from typing import Any

EXTRA_RULES: list[dict[str, Any]] = [
    {
        "code": "resolusi-monitoring",
        "rule_set": "kantor",
        "name": "Tahap Resolusi dan Monitoring",
        "name_en": "Resolution and Monitoring stage",
        "days": 30,
        "basis": "working",
        "legal_source": "Peraturan Ombudsman 58/2023 Ps.54; kebijakan kantor (lama tahap)",
        "start_event": "langkah",
        "start_text": (
            "Diserahkan kepada keasistenan Resolusi dan Monitoring setelah LHP tidak "
            "ditindaklanjuti dalam 30 hari kerja (Peraturan Ombudsman 58/2023 Ps.54(1)); lama "
            "tahap: kebijakan kantor"
        ),
        "party": "kantor",
        "consequence": (
            "Pengingat kepada pemegang laporan; tidak ada akibat hukum (tahap tetap berjalan "
            "sampai upaya resolusi dicatat)"
        ),
        "extendable": True,
        "extendable_basis": (
            "Kebijakan kantor: Peraturan Ombudsman 58/2023 Ps.54 tidak menetapkan lama tahap "
            "Resolusi dan Monitoring"
        ),
        # Office practice: the date the office adopted it is not known; the default of the
        # model (every other seeded rule has it) so that any clock finds it.
        "effective_from": dt.date(2008, 10, 7),
    },
]


def load_extra_rules(apps: Any = None) -> int:
    """Create the rules above that are missing (an administrator's change is never overwritten).
    Returns how many were created."""
    if apps is None:
        from django.apps import apps as live_apps

        apps = live_apps
    rule_model = apps.get_model("deadlines", "DeadlineRule")
    created = 0
    for row in EXTRA_RULES:
        data = dict(row)
        code, effective_from = data.pop("code"), data.pop("effective_from")
        _, was_created = rule_model.objects.get_or_create(
            code=code, effective_from=effective_from, defaults=data
        )
        created += int(was_created)
    return created
