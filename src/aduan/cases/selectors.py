"""Reads of cases for people: always scoped, identities masked unless the viewer may see them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from aduan.cases import permissions, workflows
from aduan.cases.errors import NotAllowed
from aduan.cases.models import Case, Reporter
from aduan.cases.reveal import identity_reveal
from aduan.core.models import AuditEvent
from aduan.deadlines.models import Deadline
from aduan.deadlines.workdays import explain, local_date
from aduan.directory.scoping import limit_to_offices

IDENTITY_FIELDS = [
    "name",
    "birth_place",
    "birth_date",
    "marital_status",
    "occupation",
    "address",
    "region",
    "id_type",
    "id_number",
    "phone",
    "email",
    "represents",
    "members",
    "deed_number",
]
COLOUR_ORDER = {"red": 0, "yellow": 1, "green": 2, "grey": 3}


def cases_for(user: Any) -> QuerySet[Case]:
    """Every case the user may see (their office's, or all for national roles)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Case.objects.none()
    return limit_to_offices(Case.objects.all(), user)


def case_for_user(user: Any, reference_or_pk: str | int) -> Case:
    """Fetch and authorize in one step; NotAllowed for a case that does not exist or that the
    user may not see (the two look the same, so references cannot be probed)."""
    queryset = cases_for(user).select_related(
        "office", "unit", "assignee", "intake_type", "channel", "agency", "substance"
    )
    key = str(reference_or_pk).strip()
    # One query for both readings of the key; the reference wins when both match.
    match = Q(reference=key)
    if key.isascii() and key.isdigit() and len(key) < 19:
        match |= Q(pk=int(key))
    found = list(queryset.filter(match)[:2])
    case = next((c for c in found if c.reference == key), found[0] if found else None)
    if case is None:
        raise NotAllowed(_("No such case, or you may not see it."))
    return case


def reporter_view(
    reporter: Reporter, viewer: Any, *, reveal: bool = False, reason: str = ""
) -> dict[str, Any]:
    """A reporter as the viewer may see them. A confidential reporter's identity is shown only
    when ``reveal`` is asked by someone allowed, and each such view is written to the audit log
    (``reveal.identity_reveal``: outside need to know it takes a ``reason``, else
    ``ReasonRequired`` is raised)."""
    case = reporter.case
    shown = not case.confidential
    if case.confidential and reveal and permissions.can(viewer, "view_identity", case):
        identity_reveal(case=case, actor=viewer, shown=[{"reporter": reporter.pk}], reason=reason)
        shown = True
    return _reporter_data(reporter, shown=shown)


def reporters_view(
    case: Case, viewer: Any, *, reveal: bool = False, reason: str = ""
) -> list[dict[str, Any]]:
    """Every reporter of the case as ``reporter_view`` shows them; a reveal of all of them is
    one decision (one reason, one mail to the holder) and one audit event per reporter."""
    reporters = list(case.reporters.all())
    shown = not case.confidential
    if (
        case.confidential
        and reveal
        and reporters
        and permissions.can(viewer, "view_identity", case)
    ):
        identity_reveal(
            case=case,
            actor=viewer,
            shown=[{"reporter": reporter.pk} for reporter in reporters],
            reason=reason,
        )
        shown = True
    return [_reporter_data(reporter, shown=shown) for reporter in reporters]


def _reporter_data(reporter: Reporter, *, shown: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": reporter.pk,
        "kind": reporter.kind,
        "contact_channel": reporter.contact_channel,
        "language": reporter.language,
    }
    if not shown:
        data.update({field: None for field in IDENTITY_FIELDS})
        data["name"] = _("Reporter (identity kept secret)")
        data["identity_hidden"] = True
        return data
    for field in IDENTITY_FIELDS:
        value = getattr(reporter, field)
        data[field] = str(value) if field == "region" and value else value
    data["identity_hidden"] = False
    return data


# More lines for a clock's explanation: ``note(deadline, case_clocks) -> [str]``. Registered by
# apps' ready (the sp4n app: which clock of a UU 25/2009 and SP4N-LAPOR! pair binds).
CLOCK_NOTES: list[Callable[[Deadline, list[Deadline]], list[str]]] = []


def _to_confirm(deadline: Deadline) -> list[str]:
    """A rule whose regulation's text is not at hand (a regional ombudsman's): say so."""
    if not workflows.needs_confirmation(deadline.legal_source):
        return []
    return [
        _(
            "This rule is to be confirmed by the administrator: its days and legal source are "
            "placeholders until the regional regulation's text is entered (%(source)s)."
        )
        % {"source": deadline.legal_source}
    ]


def explain_clock(deadline: Deadline, case_clocks: list[Deadline] | None = None) -> list[str]:
    """How the clock's due date was computed, and what else binds it."""
    lines = explain(deadline.explanation) if deadline.explanation else []
    lines += _to_confirm(deadline)
    siblings = case_clocks if case_clocks is not None else [deadline]
    for note in CLOCK_NOTES:
        lines += note(deadline, siblings)
    return lines


def clocks(case: Case, today: dt.date | None = None) -> list[dict[str, Any]]:
    """Every clock of the case, running ones first, then those waiting for a receipt, each with
    its colour and explanation (a waiting one: which receipt it waits for; a started one:
    which receipt started it)."""
    today = today or local_date(timezone.now(), case.office)
    rows = []
    deadlines = list(Deadline.objects.filter(case=case).select_related("rule"))
    for deadline in deadlines:
        rows.append(
            {
                "id": deadline.pk,
                "rule": deadline.rule.code,
                "name": deadline.rule.name,
                "basis": deadline.basis,
                "days": deadline.days,
                "legal_source": deadline.legal_source,
                "start": deadline.start_date,
                "due": deadline.due_date,
                "state": deadline.state,
                "state_label": deadline.get_state_display(),
                "waiting": deadline.state == Deadline.State.WAITING,
                "colour": deadline.colour(today),
                "explanation": explain_clock(deadline, deadlines),
                "to_confirm": workflows.needs_confirmation(deadline.legal_source),
            }
        )
    order = {Deadline.State.OPEN: 0, Deadline.State.WAITING: 1}
    rows.sort(key=lambda r: (order.get(r["state"], 2), r["due"] or dt.date.max, r["id"]))
    return rows


def deliveries(case: Case) -> list[dict[str, Any]]:
    """What the case sent to whom, and when it was received (or when it is presumed to be),
    oldest first (decision 0018)."""
    from aduan.deadlines.deliveries import document_label
    from aduan.deadlines.models import Delivery

    rows = []
    sent = Delivery.objects.filter(case=case).select_related("office")
    for delivery in sent.annotate(clock_count=Count("deadlines")).order_by("sent_at", "id"):
        rows.append(
            {
                "id": delivery.pk,
                "document": document_label(delivery.document),
                "addressee": delivery.get_addressee_display(),
                "addressee_name": delivery.addressee_name,
                "method": delivery.get_method_display(),
                "sent": local_date(delivery.sent_at, delivery.office),
                "received_on": delivery.received_on,
                "basis": delivery.get_receipt_basis_display() if delivery.receipt_basis else "",
                "presumed": delivery.receipt_basis == Delivery.ReceiptBasis.PRESUMED,
                "presumed_on": delivery.presumed_on,
                "note": delivery.receipt_note,
                "clocks": delivery.clock_count,
            }
        )
    return rows


def case_colour(case: Case, today: dt.date | None = None) -> str:
    """The worst colour of the case's running clocks (grey when none runs)."""
    colours = [c["colour"] for c in clocks(case, today) if c["state"] == "open"]
    return min(colours, key=COLOUR_ORDER.__getitem__) if colours else "grey"


def timeline(case: Case) -> list[dict[str, Any]]:
    """Transitions and audit events of the case, oldest first."""
    from django.contrib.contenttypes.models import ContentType

    events = AuditEvent.objects.filter(
        target_type=ContentType.objects.get_for_model(Case), target_id=str(case.pk)
    ).order_by("at", "id")
    return [
        {
            "at": event.at,
            "action": event.action,
            "description": event.description,
            "actor": event.actor_label,
            "old": event.old,
            "new": event.new,
            "reason": event.reason,
        }
        for event in events
    ]


def redact_identity(case: Case, text: str) -> str:
    """``text`` as someone who may not know a confidential reporter may read it: every trace of
    the reporters' identity replaced, however it is written (``aduan.cases.identity.redact``).
    Non-confidential cases are unchanged."""
    from aduan.cases.identity import redact

    return redact(case, text)
