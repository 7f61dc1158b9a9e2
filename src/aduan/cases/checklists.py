"""The verification checklists (DOMAIN.md §3), each item with its legal basis.

Values: True (met), False (not met), None (not applicable; only for conditional items).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from aduan.cases.models import Case, Verification

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


# The formal item a document of a kind answers, when it comes after the request to complete.
DOCUMENT_ITEMS: dict[str, str] = {
    "identitas": "dokumen_identitas",
    "surat_kuasa": "surat_kuasa",
    "akta": "akta_pendirian",
    "bukti_pengaduan": "sudah_menyampaikan",
}


def last_request(case: Case) -> tuple[Verification | None, list[str]]:
    """The last formal verification of the case and the items it found missing (in checklist
    order)."""
    from aduan.cases.models import Verification

    verification = (
        case.verifications.filter(kind=Verification.Kind.FORMAL).order_by("-at", "-id").first()
    )
    if verification is None:
        return None, []
    found = verification.items
    return verification, [code for code in FORMAL_ITEMS if found.get(code) is False]


def given_since(case: Case, since: dt.datetime) -> set[str]:
    """The formal items the reporter has given since ``since``: those their completions answer,
    and those a document of the matching kind added since answers."""
    given: set[str] = set()
    for items in case.reporter_completions.filter(at__gte=since).values_list("items", flat=True):
        given.update(items)
    kinds = case.documents.filter(uploaded_at__gte=since).values_list("kind", flat=True)
    given.update(DOCUMENT_ITEMS[kind] for kind in kinds if kind in DOCUMENT_ITEMS)
    return given


def still_missing(case: Case) -> list[str]:
    """What the case still lacks of what the last request to complete asked for (UU 37/2008
    Ps.25), as checklist codes: the items the last formal verification found missing, less what
    the reporter has given since. Empty unless the case waits for completion. The one source of
    "what is missing" for the tracking page, the staff's case page and the completion service."""
    from aduan.cases.states import State

    if case.state != State.AWAITING_COMPLETION:
        return []
    verification, missing = last_request(case)
    if verification is None or not missing:
        return []
    given = given_since(case, verification.at)
    return [code for code in missing if code not in given]


def item_labels(codes: list[str]) -> list[str]:
    """The checklist items as people read them, in the active language."""
    return [str(FORMAL_ITEMS[code][0]) for code in codes if code in FORMAL_ITEMS]


def identity_missing(case: Case) -> list[tuple[str, list[str]]]:
    """Per reporter, the identity details the office's law requires and the file lacks
    (``cases.reporter_fields``, the same rule the forms follow), as (name, field labels): the
    evidence beside the "identitas_lengkap" item for the staff who verify it."""
    from aduan.cases import reporter_fields
    from aduan.cases.models import Reporter

    rule = reporter_fields.for_office(case.office)
    labels = {field.name: str(field.verbose_name) for field in Reporter._meta.fields}
    return [
        (reporter.name, [labels.get(name, name) for name in rule.missing(reporter)])
        for reporter in case.reporters.order_by("id")
    ]
