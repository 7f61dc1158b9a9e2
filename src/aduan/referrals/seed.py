"""The referral follow-up clock. DOMAIN.md sets no period for an institution to answer a
referral; coordination is an Ombudsman duty (UU 37/2008 Ps.7) and the 14 working days are office
practice, aligned with SP4N-LAPOR!'s 14 HK follow-up of a complaint (DOMAIN.md §7). Days are data:
an administrator may change them."""

from __future__ import annotations

import datetime as dt
from typing import Any

RULE = {
    "code": "tindak-lanjut-limpahan",
    "rule_set": "ombudsman",
    "name": "Tindak lanjut limpahan oleh instansi penerima",
    "name_en": "Follow-up of a referral by the institution it was sent to",
    "days": 14,
    "basis": "working",
    "legal_source": "UU 37/2008 Ps.7 (koordinasi); jangka waktu: praktik kantor",
    "start_event": "langkah",
    "start_text": "Praktik kantor: sejak limpahan dikirim kepada instansi penerima.",
    "party": "penyelenggara",
    "consequence": "Instansi dan pemegang kasus diingatkan; limpahan ditandai terlambat.",
    "consequence_en": (
        "The institution and the case's holder are reminded; the referral is marked late."
    ),
    "extendable": True,
    "extendable_basis": (
        "Praktik kantor, bukan jangka waktu undang-undang: kantor dapat memperpanjangnya "
        "dengan alasan."
    ),
    "extendable_basis_en": (
        "Office practice, not a statutory period: the office may extend it, with a reason."
    ),
    "effective_from": dt.date(2008, 10, 7),
}


def load_rule(apps: Any) -> None:
    """Add the rule unless it exists (an administrator's changes are kept)."""
    from aduan.deadlines.seed import load_rule_rows

    load_rule_rows(apps, [RULE])
