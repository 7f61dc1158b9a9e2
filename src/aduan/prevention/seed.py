"""The follow-up clock of an improvement suggestion (*saran perbaikan*). UU 37/2008 Ps.7 huruf c
gives the Ombudsman the task of suggesting improvements but sets no period for the agency to act
on them; the 60 calendar days are office practice, like the period of an LAHP's corrective
action. Days are data: an administrator may change them (running clocks keep theirs)."""

from __future__ import annotations

from typing import Any

RULE_CODE = "tindak-lanjut-saran-perbaikan"

RULE = {
    "code": RULE_CODE,
    "rule_set": "ombudsman",
    "name": "Tindak lanjut saran perbaikan oleh instansi",
    "name_en": "Follow-up of an improvement suggestion by the agency",
    "days": 60,
    "basis": "calendar",
    "legal_source": "UU 37/2008 Ps.7 huruf c (saran perbaikan); jangka waktu: praktik kantor",
}


def load_rule(apps: Any) -> None:
    """Add the rule unless a rule with its code exists (an administrator's changes are kept)."""
    DeadlineRule = apps.get_model("deadlines", "DeadlineRule")
    DeadlineRule.objects.get_or_create(
        code=RULE_CODE, defaults={k: v for k, v in RULE.items() if k != "code"}
    )
