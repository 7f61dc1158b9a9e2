"""The follow-up clock of an improvement suggestion (*saran perbaikan*). UU 37/2008 Ps.7 huruf c
gives the Ombudsman the task of suggesting improvements but sets no period for the agency to act
on them; the 60 calendar days are office practice, like the period of an LAHP's corrective
action. Days are data: an administrator may change them (running clocks keep theirs)."""

from __future__ import annotations

import datetime as dt
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
    "start_event": "langkah",
    "start_text": "Praktik kantor: sejak kajian dengan saran perbaikan diterbitkan.",
    "party": "penyelenggara",
    "consequence": "Instansi diingatkan; saran perbaikan ditandai terlambat.",
    "consequence_en": "The agency is reminded; the suggestion is marked late.",
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
    """Add the rule unless a rule with its code exists (an administrator's changes are kept)."""
    from aduan.deadlines.seed import load_rule_rows

    load_rule_rows(apps, [RULE])
