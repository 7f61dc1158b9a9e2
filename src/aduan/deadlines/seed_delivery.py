"""The clock for delivering the final LHP (issue 14 §3), to be merged into ``seed.RULES``.

No statutory period was found for delivering the final LHP: UU 37/2008 sets none, and the
parts of Peraturan Ombudsman 58/2023 that could be read (Ps.1, Ps.17, Ps.54) set none either
(``LAW.md``; decision 0018). So this is office practice, in the rule set "kantor", may be
extended, and an administrator may change it; it cites no regulation.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

EXTRA_RULES: list[dict[str, Any]] = [
    {
        "code": "penyampaian-lhp",
        "rule_set": "kantor",
        "name": "Penyampaian LHP final kepada pelapor dan terlapor",
        "name_en": "Delivering the final LHP to the reporter and the reported party",
        "days": 14,
        "basis": "calendar",
        "legal_source": "Kebijakan kantor (tidak ada jangka waktu dalam peraturan)",
        "start_event": "ditandatangani",
        "start_text": (
            "Kebijakan kantor: sejak LHP ditetapkan (ditandatangani). UU 37/2008 dan Peraturan "
            "Ombudsman 58/2023 tidak menetapkan jangka waktu penyampaian LHP."
        ),
        "party": "kantor",
        "consequence": "Pengingat bagi pemegang laporan; tidak ada akibat hukum.",
        "extendable": True,
        "extendable_basis": "Kebijakan kantor, bukan jangka waktu undang-undang.",
        "effective_from": dt.date(2024, 1, 1),
    },
]


def load_extra_rules(apps: Any = None) -> int:
    """Create the rules of ``EXTRA_RULES`` that are missing (never overwrites an
    administrator's change). Returns how many were created."""
    if apps is None:
        from django.apps import apps as live_apps

        apps = live_apps
    rule_model = apps.get_model("deadlines", "DeadlineRule")
    fields = {f.name for f in rule_model._meta.get_fields()}
    created = 0
    for row in EXTRA_RULES:
        defaults = {k: v for k, v in row.items() if k in fields and k not in {"code"}}
        defaults.pop("effective_from", None)
        _, was_created = rule_model.objects.get_or_create(
            code=row["code"], effective_from=row["effective_from"], defaults=defaults
        )
        created += int(was_created)
    return created
