"""The referral follow-up clock. DOMAIN.md sets no period for an institution to answer a
referral; coordination is an Ombudsman duty (UU 37/2008 Ps.7) and the 14 working days are office
practice, aligned with SP4N-LAPOR!'s 14 HK follow-up of a complaint (DOMAIN.md §7). Days are data:
an administrator may change them."""

from __future__ import annotations

from typing import Any

RULE = {
    "code": "tindak-lanjut-limpahan",
    "rule_set": "ombudsman",
    "name": "Tindak lanjut limpahan oleh instansi penerima",
    "name_en": "Follow-up of a referral by the institution it was sent to",
    "days": 14,
    "basis": "working",
    "legal_source": "UU 37/2008 Ps.7 (koordinasi); jangka waktu: praktik kantor",
}


def load_rule(apps: Any) -> None:
    DeadlineRule = apps.get_model("deadlines", "DeadlineRule")
    code = RULE["code"]
    DeadlineRule.objects.get_or_create(
        code=code, defaults={k: v for k, v in RULE.items() if k != "code"}
    )
