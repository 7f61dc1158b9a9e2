"""The SP4N-LAPOR! rules table (Perpres 76/2013; PermenPANRB 62/2018; DOMAIN.md §7), and the
statutory periods of UU 25/2009 that run beside it (issue 14 §5, decision 0018).

The engine is ``aduan.cases``; which office kinds work under these rules, and which moves they
have, is the workflow table (``aduan.cases.workflows``). This table says which clocks an agency
complaint unit runs. Clock lengths live in the DeadlineRule rows (rule sets ``sp4n`` and
``uu25``), which an administrator may change.

UU 25/2009, article by article (texts in LAW.md; ayat numbers partly UNVERIFIED):

- Ps.42(2): a complaint is filed within 30 days of receiving the service. The complainant's
  period, before any case exists: no clock (a late complaint is still received and handled).
- Ps.44(3): the provider answers a written complaint within 14 days of receiving it, at least
  saying whether the file is complete. The **provider's** period: ``uu25-tanggapan-pengaduan``,
  beside SP4N's 3 working days to verify (``sp4n-verifikasi``).
- Ps.44(4)-(5): an incomplete file is completed within 30 days of receiving the tanda terima;
  otherwise the complaint is deemed withdrawn. The **complainant's** period:
  ``uu25-melengkapi-pengaduan`` (the workflow's rule for the step ``melengkapi-laporan``).
- Ps.50(1): the provider decides within 60 days of the file being declared complete. The
  **provider's** period: ``uu25-keputusan``, beside SP4N's follow-up clock of the report class.
- Ps.50(2): the decision is delivered to the complainant within 14 days of deciding. The
  **provider's** period: ``uu25-penyampaian-keputusan``.

Where a UU 25 clock and an SP4N clock count the same thing, the earlier due date binds
(``PAIRS``; ``aduan.sp4n.binding`` says so in the clocks' explanation).
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


def _office_kinds() -> frozenset[str]:
    from aduan.cases.workflows import WORKFLOWS

    return frozenset(kind for kind, flow in WORKFLOWS.items() if "sp4n" in flow.rule_sets)


# Offices that follow these rules instead of the Ombudsman's: those whose workflow uses them.
OFFICE_KINDS = _office_kinds()

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

# UU 25/2009 (rule set ``uu25``).
UU25_RESPONSE = "uu25-tanggapan-pengaduan"  # Ps.44(3): 14 days, provider
UU25_COMPLETION = "uu25-melengkapi-pengaduan"  # Ps.44(4)-(5): 30 days, complainant
UU25_DECISION = "uu25-keputusan"  # Ps.50(1): 60 days from a complete file, provider
UU25_DELIVERY = "uu25-penyampaian-keputusan"  # Ps.50(2): 14 days from the decision, provider
# The report classes that are complaints (pengaduan) under UU 25/2009 Ps.40: the decision clock
# runs for these only (an aspiration or an information request is not decided under Ps.50).
UU25_COMPLAINT_CLASSES = frozenset({ReportClass.PENGADUAN, ReportClass.PENGADUAN_PEMERIKSAAN})

# A UU 25/2009 clock -> the SP4N-LAPOR! clocks that count the same thing; the earlier binds.
PAIRS: dict[str, tuple[str, ...]] = {
    UU25_RESPONSE: (VERIFICATION,),
    UU25_DECISION: FOLLOW_UP_CODES,
}
SP4N_LABEL = "SP4N-LAPOR!"

# Closure when the reporter does not reply (reference-list codes).
NO_REPLY_CLOSURE_MODE = "klarifikasi-tertulis"
NO_REPLY_CLOSURE_REASON = "sp4n-tanpa-tanggapan"


def applies_to(office: Office) -> bool:
    """True if ``office`` works under the SP4N-LAPOR! rules (its workflow says so)."""
    return office is not None and office.kind in OFFICE_KINDS
