"""What was typed at the desk → ``Submission`` → ``submit``. Nothing here decides a rule of a
report: ``case_receive`` checks the role ('receive' in the office), the reporter and the lists."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import UploadedFile

from aduan.cases.models import Case
from aduan.core.errors import DomainError
from aduan.intake import contact
from aduan.intake.services import Attachment, Submission, submit

REPORTER_KEYS = (
    "name",
    "kind",
    "represents",
    "id_type",
    "id_number",
    "birth_place",
    "birth_date",
    "marital_status",
    "occupation",
    "address",
    "phone",
    "email",
)


def new_token() -> str:
    """The idempotency token of one form or one batch, carried in a hidden field."""
    return secrets.token_hex(16)


def desk_key(*, user: Any, token: str, row: int | None = None) -> str:
    """The key ``submit`` deduplicates by: per user, per form token (and per row of a batch), so
    a double click or a resubmitted batch returns the cases already made."""
    key = f"{user.pk}:{token}"
    return key if row is None else f"{key}:{row}"


def contact_channel(reporter: dict[str, Any], chosen: str = "") -> str:
    """How the office answers: what the reporter chose, else what their details allow
    (``intake.contact``: e-mail, else SMS for a mobile, else a call, else post)."""
    return contact.channel_for(reporter, chosen)


def _reporter(data: dict[str, Any]) -> dict[str, Any]:
    reporter = {k: data[k] for k in REPORTER_KEYS if data.get(k) not in (None, "")}
    reporter["contact_channel"] = contact_channel(reporter, data.get("contact_channel", ""))
    return reporter


def _attachments(uploads: list[UploadedFile]) -> list[Attachment]:
    return [Attachment(upload.name or "dokumen", upload.read()) for upload in uploads]


def desk_submission(
    *, shared: dict[str, Any], report: dict[str, Any], office: Any, key: str
) -> Submission:
    """One report from the cleaned data of the shared fields and of the report (or row)."""
    fields = {
        "agency": report.get("agency"),
        "event_date": report.get("event_date"),
        "chronology": report.get("chronology") or "",
        "remedy_sought": report.get("remedy_sought") or "",
        "event_tag": (shared.get("event_tag") or "").strip(),
    }
    return Submission(
        channel=shared["channel"],
        intake_type=shared["intake_type"],
        title=report["title"],
        reporters=[_reporter(report)],
        key=key,
        office=office,
        region=report.get("region"),
        confidential=bool(report.get("confidential")),
        received_at=shared["received_at"],
        attachments=_attachments(report.get("uploads") or []),
        fields={k: v for k, v in fields.items() if v not in (None, "")},
    )


def desk_record(*, shared: dict[str, Any], report: dict[str, Any], user: Any, key: str) -> Case:
    """Record one report into the user's own office; committed when this returns."""
    submission = desk_submission(shared=shared, report=report, office=user.office, key=key)
    return submit(submission, actor=user)


@dataclass
class BatchResult:
    saved: dict[int, Case] = field(default_factory=dict)  # row index → case
    errors: dict[int, str] = field(default_factory=dict)  # row index → message


def desk_record_batch(
    *, shared: dict[str, Any], rows: dict[int, dict[str, Any]], user: Any, token: str
) -> BatchResult:
    """Record each row as its own case (each in its own transaction): a row refused by a rule
    does not hold back the others, and a resubmitted batch returns the cases already made."""
    result = BatchResult()
    for index, row in sorted(rows.items()):
        try:
            result.saved[index] = desk_record(
                shared=shared,
                report=row,
                user=user,
                key=desk_key(user=user, token=token, row=index),
            )
        except DomainError as exc:
            result.errors[index] = str(exc)
    return result
