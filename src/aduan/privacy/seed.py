"""The legal clocks of personal data (UU 27/2022), loaded by this app's data migration.

- Ps.32(2): the controller gives the subject access to their data and a copy of it no later
  than 3×24 hours from receiving the request; correction (Ps.30(2)) has the same 3×24 hours.
- Ps.46(1): after a failure of personal data protection the subjects and the authority are
  told in writing no later than 3×24 hours.

Aduan's clocks count whole days: 3×24 hours become 3 calendar days from the day of receipt (the
due date); the pages also show the hour the 72 hours end."""

from __future__ import annotations

import datetime as dt
from typing import Any

ACCESS = "pdp-akses-subjek-data"
CORRECTION = "pdp-perbaikan-data"
BREACH_SUBJECTS = "pdp-pemberitahuan-subjek-data"
BREACH_AUTHORITY = "pdp-pemberitahuan-lembaga"
RULE_CODES = (ACCESS, CORRECTION, BREACH_SUBJECTS, BREACH_AUTHORITY)

# UU 27/2022 was enacted on 17 October 2022. Its periods are the controller's (here the office)
# and fixed by the statute: not extendable.
PDP = dt.date(2022, 10, 17)
_PDP_FIELDS = {
    "party": "kantor",
    "extendable": False,
    "extendable_basis": "UU 27/2022 menetapkan 3×24 jam bagi pengendali data; tidak diperpanjang.",
    "extendable_basis_en": "UU 27/2022 sets 3×24 hours for the controller; it is not extended.",
    "effective_from": PDP,
}

RULES = [
    {
        "code": ACCESS,
        "rule_set": "ombudsman",
        "name": "Akses subjek data pribadi",
        "name_en": "Data subject's access to their personal data",
        "days": 3,
        "basis": "calendar",
        "legal_source": "UU 27/2022 Ps.32(2)",
        "description": "3×24 jam sejak permintaan diterima.",
        "start_event": "langkah",
        "start_text": "3×24 jam sejak permintaan diterima (UU 27/2022).",
        "consequence": "Kantor melanggar kewajiban pengendali data; tenggat dicatat terlewat.",
        "consequence_en": (
            "The office breaches its duty as controller; the clock is recorded as missed."
        ),
        **_PDP_FIELDS,
    },
    {
        "code": CORRECTION,
        "rule_set": "ombudsman",
        "name": "Pembaruan/perbaikan data pribadi",
        "name_en": "Correction of personal data",
        "days": 3,
        "basis": "calendar",
        "legal_source": "UU 27/2022 Ps.30(2)",
        "description": "3×24 jam sejak permintaan diterima.",
        "start_event": "langkah",
        "start_text": "3×24 jam sejak permintaan diterima (UU 27/2022).",
        "consequence": "Kantor melanggar kewajiban pengendali data; tenggat dicatat terlewat.",
        "consequence_en": (
            "The office breaches its duty as controller; the clock is recorded as missed."
        ),
        **_PDP_FIELDS,
    },
    {
        "code": BREACH_SUBJECTS,
        "rule_set": "ombudsman",
        "name": "Pemberitahuan kegagalan pelindungan data kepada subjek data",
        "name_en": "Breach notice to the data subjects",
        "days": 3,
        "basis": "calendar",
        "legal_source": "UU 27/2022 Ps.46(1) huruf a",
        "description": "3×24 jam sejak kegagalan diketahui.",
        "start_event": "langkah",
        "start_text": (
            "Paling lambat 3×24 jam sejak kegagalan pelindungan data diketahui (UU 27/2022 "
            "Ps.46(1))."
        ),
        "consequence": "Kantor melanggar kewajiban pengendali data; tenggat dicatat terlewat.",
        "consequence_en": (
            "The office breaches its duty as controller; the clock is recorded as missed."
        ),
        **_PDP_FIELDS,
    },
    {
        "code": BREACH_AUTHORITY,
        "rule_set": "ombudsman",
        "name": "Pemberitahuan kegagalan pelindungan data kepada lembaga",
        "name_en": "Breach notice to the authority",
        "days": 3,
        "basis": "calendar",
        "legal_source": "UU 27/2022 Ps.46(1) huruf b",
        "description": "3×24 jam sejak kegagalan diketahui.",
        "start_event": "langkah",
        "start_text": (
            "Paling lambat 3×24 jam sejak kegagalan pelindungan data diketahui (UU 27/2022 "
            "Ps.46(1))."
        ),
        "consequence": "Kantor melanggar kewajiban pengendali data; tenggat dicatat terlewat.",
        "consequence_en": (
            "The office breaches its duty as controller; the clock is recorded as missed."
        ),
        **_PDP_FIELDS,
    },
]


def load_rules(apps: Any) -> None:
    """Add the rules unless rules with their codes exist (an administrator's changes are kept)."""
    from aduan.deadlines.seed import load_rule_rows

    load_rule_rows(apps, RULES)
