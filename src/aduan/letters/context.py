"""What a letter may say: the one function that turns a case into a template's context.

Confidentiality is built in, not checked afterwards (UU 37/2008 Ps.24(2), Ps.30). A letter to
anyone but the reporter (the terlapor, their superior, someone else) gets
``reporter = {"label": ...}`` and nothing more: "Pelapor (identitas dirahasiakan)" for a
confidential case, the name alone otherwise. Address, phone, e-mail and identity number are
read in one place, ``_reporter_identity``, and only for a letter addressed to the reporter.
Free texts the reporter wrote (chronology, remedy sought, prior complaint) are in no context.
The context holds only plain strings, lists and dicts, never model instances, so a template
cannot walk from the case to its reporters.

For a confidential case, a letter to anyone but the reporter carries the title staff approved
for the agency (``Case.agency_title``, ``aduan.cases.identity``), never the reporter's own.
``services.generate_letter`` refuses such a letter until that text exists, and scans the
rendered letter with the identity guard (``identity.check``: names with honorifics, phones in
any format, numbers with separators, obfuscated e-mails, address fragments) as a second line
of defence against texts staff typed (findings, questions) that name the reporter.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from aduan.cases.checklists import FORMAL_ITEMS
from aduan.cases.errors import CaseError
from aduan.cases.models import (
    Case,
    ClarificationRequest,
    Lahp,
    Recommendation,
    Reporter,
    Summons,
    Verification,
)
from aduan.deadlines.models import Deadline
from aduan.deadlines.workdays import local_date
from aduan.directory.models import Office, User
from aduan.letters.kinds import SPECS, Addressee, Kind
from aduan.referrals.models import Referral
from aduan.regions.models import WIB, WIT, WITA

MASKED_REPORTER = "Pelapor (identitas dirahasiakan)"
MONTHS = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]
DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
ZONES = {WIB: "WIB", WITA: "WITA", WIT: "WIT"}
CONCLUSIONS = {
    Case.Conclusion.FOUND: "ditemukan maladministrasi",
    Case.Conclusion.NOT_FOUND: "tidak ditemukan maladministrasi",
    Case.Conclusion.STOPPED: "pemeriksaan dihentikan",
}
# The record a kind of letter is about: model, and how to find the latest one of a case.
ABOUT: dict[str, Any] = {
    "verification": Verification,
    "clarification": ClarificationRequest,
    "summons": Summons,
    "lahp": Lahp,
    "recommendation": Recommendation,
    "referral": Referral,
}
# The legal basis of a referral letter when its clock names none (UU 37/2008 Ps.7: koordinasi).
REFERRAL_BASIS = "UU 37/2008 Ps.7 (koordinasi)"


class LetterError(CaseError):
    """A letter cannot be made as asked (missing data, unusable template)."""

    code = "letter_invalid"


def tanggal(day: dt.date | None) -> str:
    """A date the Indonesian way: 25 November 2026 ("-" for none)."""
    if day is None:
        return "-"
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _name(item: Any) -> str:
    return item.name if item is not None else "-"


# --- the office --------------------------------------------------------------------------
def default_letterhead(office: Office) -> list[str]:
    lines = []
    if office.kind in {Office.Kind.PUSAT, Office.Kind.PERWAKILAN}:
        lines.append("OMBUDSMAN REPUBLIK INDONESIA")
    if office.kind != Office.Kind.PUSAT or not lines:
        lines.append(office.name.upper())
    lines += _lines(office.address)
    contacts = []
    if office.phone:
        contacts.append(f"Telepon {office.phone}")
    if office.email:
        contacts.append(f"Surel {office.email}")
    if contacts:
        lines.append(" · ".join(contacts))
    return lines


def office_section(office: Office) -> dict[str, Any]:
    from aduan.letters.models import LetterSettings

    settings = LetterSettings.objects.filter(office=office).first()
    letterhead = _lines(settings.letterhead) if settings else []
    letterhead = letterhead or default_letterhead(office)
    head = (
        User.objects.filter(office=office, role=User.Role.KEPALA_PERWAKILAN, is_active=True)
        .order_by("id")
        .first()
    )
    return {
        "name": office.name,
        "code": (office.letter_code or office.code).upper(),
        "letterhead": letterhead,
        "letterhead_first": letterhead[0],
        "letterhead_rest": letterhead[1:],
        "address": office.address,
        "phone": office.phone,
        "email": office.email,
        "city": settings.city if settings else "",
        "signatory_name": (settings.signatory_name if settings else "")
        or (head.get_full_name() if head else ""),
        "signatory_position": (settings.signatory_position if settings else "")
        or f"Kepala {office.name}",
    }


# --- the case (never the reporter) --------------------------------------------------------
def case_section(case: Case, *, for_reporter: bool = True) -> dict[str, Any]:
    """The case as a letter names it. A confidential case's title, in a letter to anyone but
    the reporter, is the one approved for the agency (empty until there is one)."""
    office = case.office
    forms = ", ".join(form.name for form in case.maladministration_forms.all())
    title = case.title
    if case.confidential and not for_reporter:
        from aduan.cases.identity import agency_text

        title = (agency_text(case) or {"title": ""})["title"]
    return {
        "reference": case.reference,
        "title": title,
        "received_date": tanggal(local_date(case.received_at, office)),
        "channel": _name(case.channel),
        "intake_type": _name(case.intake_type),
        "confidential": case.confidential,
        "agency": _name(case.agency),
        "official_name": case.official_name,
        "official_position": case.official_position,
        "superior": case.superior_name
        or (case.superior_agency.name if case.superior_agency else ""),
        "substance": _name(case.substance) if case.substance else "",
        "forms": forms,
        "event_date": tanggal(case.event_date) if case.event_date else "",
        "event_place": case.event_region.name if case.event_region else "",
        "conclusion": CONCLUSIONS.get(case.conclusion, ""),
        "rejection_reason": case.rejection_reason.name if case.rejection_reason else "",
        "rejection_basis": case.rejection_reason.legal_basis if case.rejection_reason else "",
        "closure_mode": case.closure_mode.name if case.closure_mode else "",
        "closure_reason": case.closure_reason.name if case.closure_reason else "",
        "closure_basis": (case.closure_reason.legal_basis if case.closure_reason else "")
        or (case.closure_mode.legal_basis if case.closure_mode else ""),
        "closed_date": tanggal(local_date(case.closed_at, office)) if case.closed_at else "",
        "referred_to": case.referred_to,
    }


# --- the reporter -------------------------------------------------------------------------
def _reporter_label(case: Case) -> str:
    """How a letter to anyone but the reporter names the reporter."""
    if case.confidential:
        return MASKED_REPORTER
    names = [reporter.name for reporter in case.reporters.all()]
    return ("Sdr./Sdri. " + ", ".join(names)) if names else "Pelapor"


def _reporter_title(reporter: Reporter) -> str:
    if reporter.kind in {Reporter.Kind.GROUP, Reporter.Kind.LEGAL_ENTITY}:
        return reporter.name
    return f"Sdr./Sdri. {reporter.name}"


def _reporter_identity(case: Case) -> dict[str, Any]:
    """The reporter as their own letters name them. The only reader of identity fields."""
    reporter = case.reporters.order_by("id").first()
    if reporter is None:
        raise LetterError(_("This case has no reporter to write to."))
    address = _lines(reporter.address)
    if reporter.region:
        address.append(reporter.region.name)
    return {
        "label": _reporter_title(reporter),
        "name": reporter.name,
        "address": address,
        "phone": reporter.phone,
        "email": reporter.email,
        "access_code": case.access_code,
    }


# --- the addressee ------------------------------------------------------------------------
def _agency_target(agency: Any, position: str = "") -> tuple[str, list[str]]:
    lines = [agency.name, *_lines(agency.address)] if position else _lines(agency.address)
    name = position or f"Pimpinan {agency.name}"
    return name, lines


def addressee_section(
    case: Case,
    addressee: str,
    *,
    about: Any = None,
    reporter: dict[str, Any] | None = None,
    other_name: str = "",
    other_address: str = "",
) -> dict[str, Any]:
    """Who the letter goes to: ``name`` (after "Yth."), address ``lines`` and ``label`` (what
    lists show; the masked label for a confidential reporter)."""
    if addressee == Addressee.REPORTER:
        assert reporter is not None and "name" in reporter
        name, lines = reporter["label"], reporter["address"]
        label = MASKED_REPORTER if case.confidential else name
    elif addressee == Addressee.TERLAPOR:
        agency = about.agency if isinstance(about, ClarificationRequest) else case.agency
        if agency is None:
            raise LetterError(_("The case names no reported party to write to."))
        position = case.official_position if agency == case.agency else ""
        name, lines = _agency_target(agency, position)
        label = f"{name}, {agency.name}" if position else name
    elif addressee == Addressee.SUPERIOR:
        agency = about.addressee if isinstance(about, Recommendation) else case.superior_agency
        if agency is None and not case.superior_name:
            raise LetterError(_("The case names no superior of the reported party."))
        if agency is None:
            name, lines = case.superior_name, []
        else:
            name, lines = _agency_target(agency, case.superior_name)
        label = name if agency is None or not case.superior_name else f"{name}, {agency.name}"
    elif addressee == Addressee.INSTITUTION:
        # The institution a case is referred to: outside the office, so like the terlapor it
        # gets the masked reporter (``build_context``), never the identity.
        referral = about if isinstance(about, Referral) else latest_about(case, Kind.PELIMPAHAN)
        if referral is None:
            raise LetterError(_("The case has not been referred to an institution."))
        institution = referral.institution
        name = f"Pimpinan {institution.name}"
        lines, label = _lines(institution.address), institution.name
    elif addressee == Addressee.OTHER:
        name = " ".join((other_name or "").split())
        if not name and isinstance(about, Summons):
            name = about.person
        if not name:
            raise LetterError(_("Write the addressee's name."))
        lines, label = _lines(other_address), name
    else:
        raise LetterError(_("Unknown addressee."))
    return {
        "kind": addressee,
        "is_reporter": addressee == Addressee.REPORTER,
        "name": name,
        "lines": lines,
        "label": label[:255],
    }


# --- the record the letter is about -------------------------------------------------------
def latest_about(case: Case, kind: str) -> Any:
    """The latest record of the case that a letter of ``kind`` is about (None: none needed)."""
    about = SPECS[kind].about
    if not about:
        return None
    if about == "verification":
        return (
            case.verifications.filter(kind=Verification.Kind.FORMAL, passed=False)
            .order_by("-at", "-id")
            .first()
        )
    if about == "referral":
        return (
            case.referrals.filter(direction=Referral.Direction.OUT)
            .select_related("institution")
            .order_by("-sent_at", "-id")
            .first()
        )
    model = ABOUT[about]
    related = {
        ClarificationRequest: case.clarifications,
        Summons: case.summonses,
        Lahp: case.lahps,
        Recommendation: case.recommendations,
    }[model]
    return related.order_by("-id").first()


def _due(clocks: Any) -> str:
    """The due date of the latest of ``clocks`` (a Deadline queryset), "" when none."""
    clock = clocks.order_by("-id").first()
    # A clock waiting for the letter's receipt has no due date yet (decision 0018).
    return tanggal(clock.due_date) if clock and clock.due_date else ""


def detail_section(case: Case, kind: str, about: Any) -> dict[str, Any]:
    office = case.office
    if isinstance(about, Verification):
        with translation.override("id"):
            missing = [
                str(FORMAL_ITEMS[code][0])
                for code, value in about.items.items()
                if value is False and code in FORMAL_ITEMS
            ]
        return {
            "missing": missing,
            "notes": _lines(about.notes),
            "due_date": _due(Deadline.objects.filter(case=case, rule__code="melengkapi-laporan")),
        }
    if isinstance(about, ClarificationRequest):
        return {
            "round": about.round,
            "questions": _lines(about.questions),
            "sent_date": tanggal(local_date(about.sent_at, office)),
            "due_date": _due(Deadline.objects.for_subject(about)),
            "agency": about.agency.name,
        }
    if isinstance(about, Summons):
        zone = ZoneInfo(office.time_zone)
        when = timezone.localtime(about.scheduled_for, zone)
        ordinal = case.summonses.filter(person=about.person, id__lte=about.id).count()
        return {
            "person": about.person,
            "day": DAYS[when.weekday()],
            "date": tanggal(when.date()),
            "time": when.strftime("%H.%M"),
            "zone": ZONES.get(office.time_zone, ""),
            "place": " ".join(_lines(office.address)) or office.name,
            "ordinal": ordinal,
        }
    if isinstance(about, Lahp):
        actions = [
            {"description": action.description, "addressee": action.addressee.name}
            for action in about.corrective_actions.select_related("addressee")
        ]
        final = about.status == Lahp.Status.FINAL
        return {
            "version": about.version,
            "final": final,
            "title": (
                "Laporan Akhir Hasil Pemeriksaan (LAHP)"
                if final
                else "Rancangan Laporan Akhir Hasil Pemeriksaan (LAHP)"
            ),
            "conclusion": CONCLUSIONS.get(about.conclusion, ""),
            "findings": _lines(about.findings),
            "actions": actions,
            "response_due": "" if final else _due(Deadline.objects.for_subject(about)),
        }
    if isinstance(about, Recommendation):
        return {
            "signed_date": tanggal(local_date(about.signed_at, office)),
            "addressee": about.addressee.name,
            "content": _lines(about.content),
        }
    if isinstance(about, Referral):
        clock = Deadline.objects.for_subject(about).order_by("-id").first()
        return {
            "institution": about.institution.name,
            "part": _lines(about.part),
            "sent_date": tanggal(local_date(about.sent_at, office)),
            "due_date": tanggal(clock.due_date) if clock else "",
            "days": clock.days if clock else "",
            "basis": (clock.legal_source if clock else "") or REFERRAL_BASIS,
        }
    return {}


# --- the whole context --------------------------------------------------------------------
def _subject(kind: str, detail: dict[str, Any]) -> str:
    subject = SPECS[kind].subject
    if kind == Kind.PERMINTAAN_KLARIFIKASI and detail.get("round", 1) > 1:
        return f"{subject} Kedua"
    if kind == Kind.LAHP and detail and not detail.get("final"):
        return "Penyampaian Rancangan Laporan Akhir Hasil Pemeriksaan"
    return subject


def _nature(kind: str, addressee: str, case: Case) -> str:
    if addressee == Addressee.REPORTER and case.confidential:
        return "Rahasia"
    if kind in {Kind.PERMINTAAN_KLARIFIKASI, Kind.PANGGILAN}:
        return "Segera"
    return "Biasa"


def build_context(
    case: Case,
    *,
    kind: str,
    addressee: str,
    number: str,
    day: dt.date,
    about: Any = None,
    other_name: str = "",
    other_address: str = "",
) -> dict[str, Any]:
    """Everything a template of ``kind`` may print for a letter to ``addressee``.

    Keys: ``office``, ``letter``, ``case``, ``detail`` (the record the letter is about),
    ``addressee``, ``reporter``. For any addressee but the reporter, ``reporter`` is only
    ``{"label": ...}``: the identity is not in the context, so no template can print it.
    """
    if addressee not in SPECS[kind].addressees:
        raise LetterError(_("This kind of letter does not go to that addressee."))
    if addressee == Addressee.REPORTER:
        reporter = _reporter_identity(case)
    else:
        reporter = {"label": _reporter_label(case)}
    office = office_section(case.office)
    detail = detail_section(case, kind, about)
    target = addressee_section(
        case,
        addressee,
        about=about,
        reporter=reporter,
        other_name=other_name,
        other_address=other_address,
    )
    copies = []
    if addressee == Addressee.TERLAPOR and kind in {Kind.LAHP, Kind.REKOMENDASI}:
        superior = case.superior_name or (case.superior_agency.name if case.superior_agency else "")
        if superior:
            copies.append(superior)
    copies.append("Arsip")
    date_text = tanggal(day)
    return {
        "office": office,
        "letter": {
            "kind": kind,
            "number": number,
            "date": date_text,
            "place_date": f"{office['city']}, {date_text}" if office["city"] else date_text,
            "subject": _subject(kind, detail),
            "nature": _nature(kind, addressee, case),
            "attachments": "1 (satu) berkas" if kind in {Kind.LAHP, Kind.REKOMENDASI} else "-",
            "copies": copies,
        },
        "case": case_section(case, for_reporter=addressee == Addressee.REPORTER),
        "detail": detail,
        "addressee": target,
        "reporter": reporter,
    }


def sample_context(kind: str, addressee: str | None = None) -> dict[str, Any]:
    """A context with made-up values, to check an uploaded template and to list placeholders."""
    addressee = addressee or SPECS[kind].addressees[0]
    is_reporter = addressee == Addressee.REPORTER
    reporter: dict[str, Any] = {"label": MASKED_REPORTER}
    if is_reporter:
        reporter = {
            "label": "Sdr./Sdri. Contoh Pelapor",
            "name": "Contoh Pelapor",
            "address": ["Jl. Contoh No. 1", "Kota Contoh"],
            "phone": "0800000000",
            "email": "pelapor@example.org",
            "access_code": "ABCDEFGH23",
        }
    return {
        "office": {
            "name": "Ombudsman RI Perwakilan Contoh",
            "code": "CTH",
            "letterhead": ["OMBUDSMAN REPUBLIK INDONESIA", "PERWAKILAN CONTOH", "Jl. Contoh"],
            "letterhead_first": "OMBUDSMAN REPUBLIK INDONESIA",
            "letterhead_rest": ["PERWAKILAN CONTOH", "Jl. Contoh"],
            "address": "Jl. Contoh",
            "phone": "0800",
            "email": "kantor@example.org",
            "city": "Kota Contoh",
            "signatory_name": "Nama Penanda Tangan",
            "signatory_position": "Kepala Perwakilan",
        },
        "letter": {
            "kind": kind,
            "number": "0001/KLR/CTH/I/2026",
            "date": "2 Januari 2026",
            "place_date": "Kota Contoh, 2 Januari 2026",
            "subject": SPECS[kind].subject,
            "nature": "Biasa",
            "attachments": "-",
            "copies": ["Arsip"],
        },
        "case": {
            "reference": "0001/LM/I/2026/CTH",
            "title": "Contoh pokok laporan",
            "received_date": "1 Januari 2026",
            "channel": "Web",
            "intake_type": "Laporan Masyarakat",
            "confidential": True,
            "agency": "Dinas Contoh",
            "official_name": "",
            "official_position": "Kepala Dinas",
            "superior": "Wali Kota Contoh",
            "substance": "Kesehatan",
            "forms": "Penundaan berlarut",
            "event_date": "1 Desember 2025",
            "event_place": "Kota Contoh",
            "conclusion": "ditemukan maladministrasi",
            "rejection_reason": "Contoh alasan",
            "rejection_basis": "UU 37/2008 Ps.36(1)",
            "closure_mode": "Contoh cara penyelesaian",
            "closure_reason": "Contoh alasan penutupan",
            "closure_basis": "",
            "closed_date": "2 Januari 2026",
            "referred_to": "Instansi Contoh",
        },
        "detail": {
            "missing": ["dokumen identitas"],
            "notes": [],
            "due_date": "1 Februari 2026",
            "round": 1,
            "questions": ["Pertanyaan contoh?"],
            "sent_date": "2 Januari 2026",
            "agency": "Dinas Contoh",
            "person": "Kepala Dinas Contoh",
            "day": "Senin",
            "date": "5 Januari 2026",
            "time": "09.00",
            "zone": "WIB",
            "place": "Jl. Contoh",
            "ordinal": 1,
            "version": 1,
            "final": False,
            "title": "Rancangan Laporan Akhir Hasil Pemeriksaan (LAHP)",
            "conclusion": "ditemukan maladministrasi",
            "findings": ["Temuan contoh."],
            "actions": [{"description": "Tindakan contoh.", "addressee": "Dinas Contoh"}],
            "response_due": "16 Januari 2026",
            "signed_date": "2 Januari 2026",
            "addressee": "Wali Kota Contoh",
            "content": ["Rekomendasi contoh."],
            "institution": "Inspektorat Kota Contoh",
            "part": ["Seluruh pokok laporan."],
            "days": 14,
            "basis": REFERRAL_BASIS,
        },
        "addressee": {
            "kind": addressee,
            "is_reporter": is_reporter,
            "name": reporter["label"] if is_reporter else "Kepala Dinas Contoh",
            "lines": ["Jl. Contoh No. 2"],
            "label": "Contoh",
        },
        "reporter": reporter,
    }


# For the administrator: every placeholder a template may use, with what it holds.
PLACEHOLDERS: list[tuple[str, Any]] = [
    ("office.name", _lazy("the office's name")),
    (
        "office.letterhead_first / office.letterhead_rest",
        _lazy("letterhead: first line / other lines"),
    ),
    (
        "office.city, office.signatory_name, office.signatory_position",
        _lazy("date line and signature"),
    ),
    (
        "office.address, office.phone, office.email, office.code",
        _lazy("the office's contacts, code"),
    ),
    ("logo", _lazy("the office's logo (empty when none)")),
    ("letter.number, letter.date, letter.place_date", _lazy("number; date; city and date")),
    (
        "letter.subject, letter.nature, letter.attachments",
        _lazy("subject (Hal), nature (Sifat), attachments (Lampiran)"),
    ),
    ("letter.copies", _lazy("list: copies to (Tembusan)")),
    (
        "addressee.name, addressee.lines, addressee.is_reporter",
        _lazy("the addressee (after Yth.); address lines"),
    ),
    ("reporter.label", _lazy("how the reporter is named (masked when confidential)")),
    (
        "reporter.name, reporter.address, reporter.phone, reporter.email, reporter.access_code",
        _lazy("only in letters to the reporter; empty in every other letter"),
    ),
    ("case.reference, case.title, case.received_date, case.channel", _lazy("the case")),
    (
        "case.agency, case.official_name, case.official_position, case.superior",
        _lazy("the reported party"),
    ),
    ("case.substance, case.forms, case.event_date, case.event_place", _lazy("the matter")),
    ("case.rejection_reason, case.rejection_basis, case.referred_to", _lazy("decision")),
    (
        "case.closure_mode, case.closure_reason, case.closure_basis, case.closed_date",
        _lazy("closure"),
    ),
    ("detail.missing, detail.due_date", _lazy("request to complete: missing items, due date")),
    ("detail.round, detail.questions, detail.sent_date, detail.due_date", _lazy("clarification")),
    (
        "detail.person, detail.day, detail.date, detail.time, detail.zone, detail.place",
        _lazy("summons"),
    ),
    (
        "detail.title, detail.final, detail.conclusion, detail.findings, detail.actions",
        _lazy("LAHP"),
    ),
    ("detail.response_due", _lazy("LAHP draft: the reporter's 14 days")),
    ("detail.signed_date, detail.addressee, detail.content", _lazy("recommendation")),
    (
        "detail.institution, detail.part, detail.sent_date, detail.due_date, detail.days, "
        "detail.basis",
        _lazy("referral: institution, what is referred, follow-up due date, legal basis"),
    ),
]
