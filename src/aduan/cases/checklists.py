"""The verification checklists (DOMAIN.md §3), each item with its legal basis.

Values: True (met), False (not met), None (not applicable; only for conditional items).
"""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

FORMAL_ITEMS: dict[str, tuple] = {
    # code: (label, legal basis, may be not applicable)
    "identitas_lengkap": (
        _("full name, place and date of birth, marital status, occupation, address"),
        "UU 37/2008 Ps.24(1)a",
        False,
    ),
    "dokumen_identitas": (_("identity document (KTP, KITAS/KITAP)"), "UU 37/2008 Ps.24(1)a", False),
    "kronologi": (_("dated chronology of the events"), "UU 37/2008 Ps.24(1)b", False),
    "sudah_menyampaikan": (
        _("the matter was first raised with the reported party or their superior"),
        "UU 37/2008 Ps.24(1)c",
        False,
    ),
    "kontak": (_("phone number or e-mail"), "Ombudsman's published requirements", False),
    "surat_kuasa": (_("special power of attorney (proxy)"), "UU 37/2008 Ps.24(4)", True),
    "akta_pendirian": (
        _("founding deed (legal entity)"),
        "Ombudsman's published requirements",
        True,
    ),
}

MATERIAL_ITEMS: dict[str, tuple] = {
    "kewenangan": (_("within the Ombudsman's authority"), "UU 37/2008 Ps.6–8", False),
    "belum_dua_tahun": (_("the event is less than 2 years old"), "UU 37/2008 Ps.24(3)", False),
    "tidak_di_pengadilan": (
        _("not before a court (unless the court process itself is at issue)"),
        "UU 37/2008 Ps.36(1)b",
        False,
    ),
    "belum_dilaporkan": (_("not already filed with the Ombudsman"), "UU 37/2008", False),
    "belum_diselesaikan": (_("not already resolved"), "UU 37/2008 Ps.36(1)d", False),
    "instansi_tidak_sedang_menangani": (
        _("the agency is not still handling it within a reasonable time"),
        "UU 37/2008 Ps.36(1)c",
        False,
    ),
}


def check_items(definition: dict[str, tuple], items: dict[str, bool | None]) -> list[str]:
    """Problems with a filled checklist (missing or unknown items, bad values)."""
    problems = []
    missing = [code for code in definition if code not in items]
    unknown = [code for code in items if code not in definition]
    if missing:
        problems.append(gettext("missing: %(items)s") % {"items": ", ".join(missing)})
    if unknown:
        problems.append(gettext("unknown: %(items)s") % {"items": ", ".join(unknown)})
    for code, value in items.items():
        if code in definition and value is None and not definition[code][2]:
            problems.append(gettext("%(item)s cannot be 'not applicable'") % {"item": code})
        elif value not in (True, False, None):
            problems.append(gettext("%(item)s must be true, false or null") % {"item": code})
    return problems


def passed(items: dict[str, bool | None]) -> bool:
    return all(value is not False for value in items.values())
