"""What the reporter sees of their case: the state in plain words, the next step and its due
date, and the messages the office sent them. Never internal notes, staff names or anyone
else's data."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from aduan.cases.checklists import item_labels, still_missing
from aduan.cases.models import Case, Document, Note
from aduan.cases.states import State
from aduan.deadlines.models import Deadline

# state -> (what it means, what happens next), for the reporter.
PLAIN_STATES: dict[str, tuple[Any, Any]] = {
    State.RECEIVED: (
        _("Your report has been received."),
        _("Staff check that it has everything the law requires and tell you within 14 days."),
    ),
    State.AWAITING_COMPLETION: (
        _("Your report is missing something."),
        _(
            "Send what is asked below. If it does not arrive within 30 days the report is "
            "treated as withdrawn (UU 37/2008 Ps.25); you may then report again."
        ),
    ),
    State.MATERIAL_VERIFICATION: (
        _("Your report is complete and is being assessed."),
        _("Staff check that the matter is one the Ombudsman can examine."),
    ),
    State.AWAITING_DECISION: (
        _("Your report waits for the office's decision whether to examine it."),
        _("The office meeting decides; you are told the outcome."),
    ),
    State.RAPID_RESPONSE: (
        _("Your report is handled by rapid response."),
        _("Staff contact the agency directly to resolve it quickly."),
    ),
    State.EXAMINATION: (
        _("Your report is being examined."),
        _(
            "The Ombudsman asks the agency for clarification, may summon officials or visit "
            "the place, and then writes a report of its findings."
        ),
    ),
    State.LAHP_RESPONSE: (
        _("The draft of the examination report is ready for your response."),
        _("Read it below and respond within 14 days; after that it becomes final."),
    ),
    State.MONITORING: (
        _("Maladministration was found; the agency must correct it."),
        _("The Ombudsman follows whether the agency carries out the corrective actions."),
    ),
    State.RESOLUTION: (
        _("The corrective actions were not carried out in time."),
        _("The Resolution and Monitoring unit takes the matter further."),
    ),
    State.RECOMMENDATION: (
        _("The Ombudsman has issued a recommendation."),
        _("The agency's superior must report how it was carried out within 60 days."),
    ),
    State.CLOSED: (
        _("Your report is closed."),
        _("You can rate how it was handled below."),
    ),
}


def plain_state(case: Case) -> dict[str, Any]:
    meaning, next_step = PLAIN_STATES.get(case.state, (case.get_state_display(), ""))
    return {"meaning": meaning, "next_step": next_step}


def next_clock(case: Case) -> dict[str, Any] | None:
    """The next running clock of the case: its due date, what it is for and its legal source."""
    clock = (
        Deadline.objects.open()
        .filter(case=case)
        .select_related("rule")
        .order_by("due_date")
        .first()
    )
    if clock is None:
        return None
    english = translation.get_language() == "en" and clock.rule.name_en
    return {
        "name": clock.rule.name_en if english else clock.rule.name,
        "due": clock.due_date,
        "legal_source": clock.legal_source,
    }


def messages_for_reporter(case: Case) -> list[dict[str, Any]]:
    """Messages the office sent to the reporter, oldest first, signed by the office."""
    return [
        {"at": note.at, "text": note.text, "office": case.office.name}
        for note in case.notes.filter(kind=Note.Kind.TO_REPORTER).order_by("at", "id")
    ]


def missing_items(case: Case) -> list[str]:
    """What the report still lacks of what the office asked for, as the reader reads it: from
    the last formal verification and what the reporter has sent since
    (``cases.checklists.still_missing``, the staff's source too)."""
    return item_labels(still_missing(case))


def closure(case: Case) -> str:
    if case.state != State.CLOSED:
        return ""
    parts = [str(case.closure_mode or ""), str(case.closure_reason or "")]
    return " — ".join(part for part in parts if part)


# The kinds of file a reporter sends (never the agency's answer or the office's letters).
REPORTER_KINDS = (
    Document.Kind.ID_DOCUMENT,
    Document.Kind.POWER_OF_ATTORNEY,
    Document.Kind.DEED,
    Document.Kind.PRIOR_COMPLAINT,
    Document.Kind.EVIDENCE,
    Document.Kind.OTHER,
)


def reporter_documents(case: Case) -> list[dict[str, Any]]:
    """The files the reporter sent (through the form, tracking, e-mail or WhatsApp), oldest
    first: name, kind and date only; nothing to download, and nothing staff or the agency
    added."""
    rows = (
        case.documents.filter(
            uploaded_by__isnull=True, kind__in=REPORTER_KINDS, portal_upload__isnull=True
        )
        .order_by("uploaded_at", "id")
        .values("original_name", "kind", "uploaded_at")
    )
    labels = dict(Document.Kind.choices)
    return [
        {
            "name": row["original_name"],
            "kind": labels.get(row["kind"], ""),
            "at": row["uploaded_at"],
        }
        for row in rows
    ]
