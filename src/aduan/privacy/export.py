"""Everything the office holds about a data subject, for their access request (UU 27/2022
Ps.32), as a dict (served as JSON) and as a PDF.

In: the requester's own reporter records (every identity and contact field), and for each of
their cases what they wrote (title, chronology, remedy sought, prior complaint), the agency
complained about, the state and its dates (the moves the tracking page shows), the list of
documents (name, kind, date), the office's messages to them (notes addressed to the reporter and
each delivery to this record) and the case's rating.

Out (Ps.33, another person's data): co-reporters of the same case (their records, and their
names, phone numbers, e-mail addresses and NIK wherever they appear in the texts, replaced by
``[…]``), documents that identify a reporter on a case with co-reporters (they may be the
co-reporter's), the reported party's side (the official's and superior's names are replaced by
``[…]`` in the texts; clarification answers, summonses, the agency's documents), staff's
internal notes and the names of staff, and the audit log."""

from __future__ import annotations

import io
import re
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from aduan.cases import identity
from aduan.cases.models import Document, Note, Reporter
from aduan.cases.selectors import IDENTITY_FIELDS
from aduan.intake.models import Rating
from aduan.messaging.models import OutgoingMessage
from aduan.privacy.models import DataRequest

REDACTED = "[…]"
# Documents of the reported party's side never go into the export.
AGENCY_KINDS = {Document.Kind.ANSWER}
OTHERS_FIELDS = ("name", "phone", "email", "id_number", "address", "represents")


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value or "")


def _redactor(values: list[str]) -> Any:
    """Replace every value (case-insensitively) and, for numbers, their digits written with any
    separators, by REDACTED."""
    patterns = []
    for value in values:
        value = (value or "").strip()
        if len(value) < 3:
            continue
        digits = _digits(value)
        if len(digits) >= 6 and len(digits) >= len(value) - 4:
            if digits.startswith("62"):
                digits = digits[2:]
            elif digits.startswith("0"):
                digits = digits[1:]
            patterns.append(r"(?:\+?62|0)?[\s.-]*" + r"[\s.-]*".join(digits))
        else:
            patterns.append(re.escape(value))
    if not patterns:
        return lambda text: text or ""
    pattern = re.compile("|".join(sorted(patterns, key=len, reverse=True)), re.IGNORECASE)
    return lambda text: pattern.sub(REDACTED, text or "")


def _guard_redactor(reporter: Reporter) -> Any:
    """Replace the co-reporters' identity in any spelling the identity guard knows ("Pak
    Budi", capitals, an obfuscated e-mail, a group member, a phone with separators), but not
    what is also the requester's own."""
    others = identity.build_guard(reporter.case.reporters.exclude(pk=reporter.pk))
    own = identity.build_guard([reporter])

    def clean(text: str) -> str:
        text = text or ""
        mine = {(m.start, m.end) for m in own.scan(text)}
        spans = sorted(
            {(m.start, m.end) for m in others.scan(text) if (m.start, m.end) not in mine}
        )
        merged: list[list[int]] = []
        for start, end in spans:
            # Words separated only by blanks ("Budi Hartono") become one placeholder.
            if merged and (start <= merged[-1][1] or not text[merged[-1][1] : start].strip()):
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        out, last = [], 0
        for start, end in merged:
            out += [text[last:start], REDACTED]
            last = end
        out.append(text[last:])
        return "".join(out)

    return clean


def _others(reporter: Reporter) -> list[str]:
    """What must not be shown: co-reporters' identities and the reported officials' names."""
    case = reporter.case
    values: list[str] = [case.official_name, case.superior_name]
    for other in case.reporters.exclude(pk=reporter.pk):
        values += [getattr(other, field) or "" for field in OTHERS_FIELDS]
    own = {(getattr(reporter, field) or "").strip().lower() for field in OTHERS_FIELDS}
    return [v for v in values if v and v.strip().lower() not in own]


def _date(value: Any) -> str | None:
    if value is None:
        return None
    if hasattr(value, "astimezone"):
        return timezone.localtime(value).isoformat(timespec="minutes")
    return value.isoformat()


def _reporter(reporter: Reporter) -> dict[str, Any]:
    data: dict[str, Any] = {"id": reporter.pk, "kind": reporter.get_kind_display()}
    for field in IDENTITY_FIELDS:
        value = getattr(reporter, field)
        if field == "region":
            value = str(value) if value else ""
        elif field == "birth_date":
            value = _date(value)
        elif field == "id_type":
            value = reporter.get_id_type_display() if value else ""
        data[field] = value
    data["contact_channel"] = reporter.get_contact_channel_display()
    data["language"] = reporter.language
    return data


def _record(reporter: Reporter) -> dict[str, Any]:
    case = reporter.case
    by_value, by_guard = _redactor(_others(reporter)), _guard_redactor(reporter)

    def clean(text: str) -> str:
        return by_value(by_guard(text))

    shared = case.reporters.count() > 1
    documents = Document.objects.filter(case=case).exclude(kind__in=AGENCY_KINDS)
    if shared:
        documents = documents.filter(identifies_reporter=False)
    rating = Rating.objects.filter(case=case).first()
    return {
        "reporter": _reporter(reporter),
        "case": {
            "reference": case.reference,
            "office": str(case.office),
            "received_at": _date(case.received_at),
            "state": case.get_state_display(),
            "closed_at": _date(case.closed_at),
            "confidential": case.confidential,
            "agency": str(case.agency) if case.agency_id else "",
            "title": clean(case.title),
            "chronology": clean(case.chronology),
            "remedy_sought": clean(case.remedy_sought),
            "prior_complaint": clean(case.prior_complaint),
        },
        "tracking": [
            {"at": _date(t.at), "state": _state_label(t.to_state)}
            for t in case.transitions.order_by("at", "pk")
        ],
        "documents": [
            {
                "name": clean(d.original_name),
                "kind": d.get_kind_display(),
                "uploaded_at": _date(d.uploaded_at),
                "size": d.size,
            }
            for d in documents
        ],
        "notes_to_reporter": [
            {"at": _date(n.at), "text": clean(n.text)}
            for n in case.notes.filter(kind=Note.Kind.TO_REPORTER)
        ],
        "messages": [
            {
                "at": _date(m.created_at),
                "channel": m.get_channel_display(),
                "subject": clean(m.subject),
                "text": clean(m.body),
                "status": m.get_status_display(),
                "sent_at": _date(m.sent_at),
            }
            for m in OutgoingMessage.objects.filter(reporter=reporter).order_by("created_at", "pk")
        ],
        "rating": (
            {"score": rating.score, "comment": clean(rating.comment), "at": _date(rating.at)}
            if rating
            else None
        ),
    }


def _state_label(state: str) -> str:
    from aduan.cases.states import State

    return str(dict(State.choices).get(state, state))


def left_out() -> list[str]:
    return [
        _("Other reporters of the same case: their records, and their identity in the texts."),
        _("The reported party's side: officials' names, the agency's answers and documents."),
        _("Staff's internal notes and the names of staff."),
        _("Documents identifying a reporter on a case with several reporters."),
    ]


def subject_export(request: DataRequest) -> dict[str, Any]:
    """Everything held about the requester, through the reporter records linked to the
    request. Anonymised records are not linked, so they never appear."""
    with translation.override("id"):
        reporters = (
            Reporter.objects.filter(pk__in=request.reporters.values("pk"))
            .select_related("case", "case__office", "case__agency", "region")
            .order_by("case__received_at", "pk")
        )
        return {
            "request": {
                "number": str(request),
                "kind": request.get_kind_display(),
                "received_at": _date(request.received_at),
                "office": str(request.office),
                "legal_basis": "UU 27/2022 Ps.32",
            },
            "generated_at": _date(timezone.now()),
            "records": [_record(reporter) for reporter in reporters],
            "left_out": left_out(),
        }


# --- PDF -------------------------------------------------------------------------------------
LABELS = {
    "name": "Nama",
    "birth_place": "Tempat lahir",
    "birth_date": "Tanggal lahir",
    "marital_status": "Status perkawinan",
    "occupation": "Pekerjaan",
    "address": "Alamat",
    "region": "Wilayah",
    "id_type": "Dokumen identitas",
    "id_number": "Nomor dokumen",
    "phone": "Telepon",
    "email": "E-mail",
    "represents": "Atas nama",
    "members": "Anggota kelompok",
    "deed_number": "Akta pendirian",
    "contact_channel": "Dihubungi melalui",
    "language": "Bahasa",
    "kind": "Jenis pelapor",
    "reference": "Nomor laporan",
    "office": "Kantor",
    "received_at": "Diterima",
    "state": "Status",
    "closed_at": "Ditutup",
    "agency": "Instansi terlapor",
    "title": "Ringkasan",
    "chronology": "Kronologi",
    "remedy_sought": "Harapan pelapor",
    "prior_complaint": "Pengaduan sebelumnya",
}


def to_pdf(data: dict[str, Any]) -> bytes:
    """The export as an A4 PDF (Bahasa Indonesia)."""
    from aduan.letters.pdf import new_pdf, to_latin1

    pdf, family, unicode = new_pdf("A4", left=18, top=18, right=18, bottom=18)

    def clean(value: Any) -> str:
        text = "–" if value in (None, "") else str(value)
        return text if unicode else to_latin1(text)

    def heading(text: str, size: float = 13) -> None:
        pdf.ln(3)
        pdf.set_font(family, "B", size)
        pdf.multi_cell(0, 6, clean(text), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(family, "", 10)

    def line(label: str, value: Any) -> None:
        pdf.set_font(family, "B", 10)
        pdf.multi_cell(0, 5, clean(label), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(family, "", 10)
        pdf.multi_cell(0, 5, clean(value), new_x="LMARGIN", new_y="NEXT")

    pdf.add_page()
    request = data["request"]
    heading("Data pribadi yang kami simpan tentang Anda", 15)
    line("Permintaan", f"{request['number']} · {request['kind']} · {request['received_at']}")
    line("Kantor", request["office"])
    line("Dasar hukum", request["legal_basis"])
    line("Dibuat", data["generated_at"])
    if not data["records"]:
        heading("Tidak ada data pribadi Anda yang tersimpan.")
    for record in data["records"]:
        case = record["case"]
        heading(f"Laporan {case['reference']}")
        for key in (
            "received_at",
            "state",
            "closed_at",
            "agency",
            "title",
            "chronology",
            "remedy_sought",
            "prior_complaint",
        ):
            line(LABELS[key], case[key])
        heading("Identitas Anda pada laporan ini", 11)
        for key, value in record["reporter"].items():
            if key != "id":
                line(LABELS.get(key, key), value)
        heading("Perkembangan laporan", 11)
        for step in record["tracking"]:
            pdf.multi_cell(
                0, 5, clean(f"{step['at']}: {step['state']}"), new_x="LMARGIN", new_y="NEXT"
            )
        heading("Dokumen", 11)
        for document in record["documents"] or [{"name": "–", "kind": "", "uploaded_at": ""}]:
            pdf.multi_cell(
                0,
                5,
                clean(f"{document['name']} ({document['kind']}) {document['uploaded_at']}"),
                new_x="LMARGIN",
                new_y="NEXT",
            )
        heading("Pesan kepada Anda", 11)
        for note in record["notes_to_reporter"]:
            line(note["at"], note["text"])
        for message in record["messages"]:
            line(f"{message['at']} · {message['channel']} · {message['status']}", message["text"])
        if record["rating"]:
            heading("Penilaian Anda", 11)
            line(str(record["rating"]["score"]), record["rating"]["comment"])
    heading("Yang tidak dimuat (UU 27/2022 Ps.33)", 11)
    for item in data["left_out"]:
        pdf.multi_cell(0, 5, clean(f"- {item}"), new_x="LMARGIN", new_y="NEXT")
    buffer = io.BytesIO()
    pdf.output(buffer)
    return buffer.getvalue()
