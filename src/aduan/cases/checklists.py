"""The verification checklists (DOMAIN.md §3), each item with its legal basis.

Values: True (met), False (not met), None (not applicable; only for conditional items).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

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
    "kontak": (_("phone number or e-mail"), _("Ombudsman's published requirements"), False),
    "surat_kuasa": (_("special power of attorney (proxy)"), "UU 37/2008 Ps.24(4)", True),
    "akta_pendirian": (
        _("founding deed (legal entity)"),
        _("Ombudsman's published requirements"),
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


# --- the checklist beside its evidence (the staff's case page)
MET, MISSING, NOT_APPLICABLE, TO_JUDGE = "met", "missing", "not_applicable", "to_judge"

IDENTITY_PARTS = ("name", "birth_place", "birth_date", "marital_status", "occupation", "address")


def _fact(label: Any, value: Any, *, hidden: bool = False) -> dict[str, Any]:
    """One piece of evidence: its label, the value as people read it ("" when not given), and
    whether it was given. ``hidden``: a confidential reporter's identity, shown only as given."""
    from django.utils.formats import date_format

    given = value not in (None, "")
    if isinstance(value, dt.date) and given:
        value = date_format(value)
    return {
        "label": label,
        "value": "" if hidden or not given else str(value),
        "given": given,
        "hidden": hidden,
    }


def _field_label(model: Any, name: str) -> Any:
    return model._meta.get_field(name).verbose_name


def formal_evidence(case: Case, *, identity_shown: bool) -> list[dict[str, Any]]:
    """Each formal item (UU 37/2008 Ps.24) beside what the reporter gave for it: their values,
    the documents of the matching kind, and whether it looks met or missing. The staff decide
    (the verification records their choice); this shows them what to decide on. A confidential
    reporter's identity is shown as given or missing, never its value, unless revealed."""
    from aduan.cases.models import Document, Reporter

    reporters = list(case.reporters.all())
    documents = list(case.documents.all())
    hidden = case.confidential and not identity_shown

    def docs(kind: str) -> list[Any]:
        return [d for d in documents if d.kind == kind]

    def reporter_facts(names: tuple[str, ...], *, secret: bool) -> list[dict[str, Any]]:
        facts = []
        for reporter in reporters:
            for name in names:
                value = getattr(reporter, name)
                if name == "contact_channel":
                    value = reporter.get_contact_channel_display()
                elif name == "id_type" and value:
                    value = reporter.get_id_type_display()
                facts.append(_fact(_field_label(Reporter, name), value, hidden=secret and hidden))
        return facts

    rows: dict[str, dict[str, Any]] = {}
    identity = reporter_facts(IDENTITY_PARTS, secret=True)
    rows["identitas_lengkap"] = {"facts": identity, "documents": [], "applies": True}
    rows["dokumen_identitas"] = {
        "facts": reporter_facts(("id_type", "id_number"), secret=True),
        "documents": docs(Document.Kind.ID_DOCUMENT),
        "applies": True,
        "needs_document": True,
    }
    rows["kronologi"] = {
        "facts": [
            _fact(_field_label(type(case), "event_date"), case.event_date),
            _fact(_field_label(type(case), "chronology"), case.chronology),
        ],
        "documents": [],
        "applies": True,
    }
    rows["sudah_menyampaikan"] = {
        "facts": [
            _fact(_field_label(type(case), "prior_complaint"), case.prior_complaint),
            _fact(_field_label(type(case), "prior_complaint_date"), case.prior_complaint_date),
        ],
        "documents": docs(Document.Kind.PRIOR_COMPLAINT),
        "applies": True,
        "any": True,
    }
    rows["kontak"] = {
        "facts": reporter_facts(("phone", "email"), secret=True)
        + reporter_facts(("contact_channel",), secret=False),
        "documents": [],
        "applies": True,
        "any": True,
    }
    proxies = [r for r in reporters if r.kind in {Reporter.Kind.PROXY}]
    rows["surat_kuasa"] = {
        "facts": [
            _fact(_field_label(Reporter, "represents"), r.represents, hidden=hidden)
            for r in proxies
        ],
        "documents": docs(Document.Kind.POWER_OF_ATTORNEY),
        "applies": bool(proxies),
        "needs_document": True,
    }
    entities = [r for r in reporters if r.kind == Reporter.Kind.LEGAL_ENTITY]
    rows["akta_pendirian"] = {
        "facts": [
            _fact(_field_label(Reporter, "deed_number"), r.deed_number, hidden=hidden)
            for r in entities
        ],
        "documents": docs(Document.Kind.DEED),
        "applies": bool(entities),
        "any": True,
    }
    result = []
    for code, (label, basis, optional) in FORMAL_ITEMS.items():
        row = rows[code]
        given = [f for f in row["facts"] if f["given"]]
        if not row["applies"]:
            state = NOT_APPLICABLE
        elif row.get("needs_document"):
            state = MET if row["documents"] else MISSING
        elif row.get("any"):
            state = MET if given or row["documents"] else MISSING
        elif code == "kronologi":
            state = MET if case.chronology.strip() else MISSING
        else:
            state = MET if row["facts"] and all(f["given"] for f in row["facts"]) else MISSING
        result.append(
            {
                "code": code,
                "label": label,
                "basis": basis,
                "optional": optional,
                "facts": row["facts"],
                "documents": row["documents"],
                "state": state,
            }
        )
    return result


def material_evidence(case: Case) -> list[dict[str, Any]]:
    """Each material item beside what the file says of it; most are for the staff to judge."""
    from aduan.deadlines.workdays import local_date

    received = local_date(case.received_at, case.office)
    model = type(case)
    facts: dict[str, list[dict[str, Any]]] = {
        "kewenangan": [_fact(_field_label(model, "agency"), case.agency)],
        "belum_dua_tahun": [
            _fact(_field_label(model, "event_date"), case.event_date),
            _fact(_field_label(model, "received_at"), received),
        ],
        "tidak_di_pengadilan": [],
        "belum_dilaporkan": [],
        "belum_diselesaikan": [_fact(_field_label(model, "prior_complaint"), case.prior_complaint)],
        "instansi_tidak_sedang_menangani": [
            _fact(_field_label(model, "prior_complaint_date"), case.prior_complaint_date)
        ],
    }
    result = []
    for code, (label, basis, optional) in MATERIAL_ITEMS.items():
        state = TO_JUDGE
        if code == "kewenangan" and case.agency is None:
            state = MISSING
        if code == "belum_dua_tahun":
            if case.event_date is None:
                state = MISSING
            else:
                from aduan.cases.services import two_years_before

                state = MET if case.event_date >= two_years_before(received) else MISSING
        result.append(
            {
                "code": code,
                "label": label,
                "basis": basis,
                "optional": optional,
                "facts": facts[code],
                "documents": [],
                "state": state,
            }
        )
    return result


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
