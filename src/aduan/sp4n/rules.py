"""The SP4N-LAPOR! rules table (Perpres 76/2013; PermenPANRB 62/2018; DOMAIN.md §7).

The engine is ``aduan.cases``; this table says which clocks an agency complaint unit runs
instead of the Ombudsman's. Clock lengths live in the DeadlineRule rows (rule set ``sp4n``),
which an administrator may change.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from aduan.directory.models import Office


class ReportClass(models.TextChoices):
    ASPIRASI = "aspirasi", _("aspiration")
    PENGADUAN = "pengaduan", _("complaint")
    PENGADUAN_PEMERIKSAAN = "pengaduan-pemeriksaan", _("complaint needing inspection")
    PERMINTAAN_INFORMASI = "permintaan-informasi", _("information request")


class Privacy(models.TextChoices):
    RAHASIA = "rahasia", _("confidential (report hidden from the public)")
    ANONIM = "anonim", _("anonymous (identity hidden)")


class Level(models.TextChoices):
    """Disposition: central admin → coordinating admin (agency) → liaison admin (unit)."""

    PUSAT = "pusat", _("central admin")
    KOORDINATOR = "koordinator", _("coordinating admin")
    PENGHUBUNG = "penghubung", _("liaison admin")


# Offices that follow these rules instead of the Ombudsman's.
OFFICE_KINDS = frozenset({Office.Kind.UNIT_PENGADUAN})

# Step -> clock rule code.
VERIFICATION = "sp4n-verifikasi"  # verify and forward: 3 working days
REPORTER_REPLY = "sp4n-konfirmasi-pelapor"  # reporter's reply to the follow-up: 10 working days

# Report class -> follow-up clock (None: the rules set no follow-up period for the class).
FOLLOW_UP: dict[str, str | None] = {
    ReportClass.PERMINTAAN_INFORMASI: "sp4n-permintaan-informasi",  # 5 working days
    ReportClass.PENGADUAN: "sp4n-pengaduan",  # 14 working days
    ReportClass.PENGADUAN_PEMERIKSAAN: "sp4n-pengaduan-pemeriksaan",  # 60 working days
    ReportClass.ASPIRASI: None,
}
FOLLOW_UP_CODES = tuple(code for code in FOLLOW_UP.values() if code)

# Closure when the reporter does not reply (reference-list codes).
NO_REPLY_CLOSURE_MODE = "klarifikasi-tertulis"
NO_REPLY_CLOSURE_REASON = "sp4n-tanpa-tanggapan"


def applies_to(office: Office) -> bool:
    """True if ``office`` works under the SP4N-LAPOR! rules."""
    return office is not None and office.kind in OFFICE_KINDS
