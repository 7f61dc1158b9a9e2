"""What the Open311 endpoints read: services, their definitions, and the public view of the
requests that came in through Open311.

The public never sees a reporter (Open311 responses have no such fields and none are added), and
of a confidential report only its number, service, status and dates: no description, no place.
Descriptions shown are the text the client posted, never text written by staff.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from aduan.cases.identity import public_text, redact_public
from aduan.cases.models import Case
from aduan.cases.states import OPEN_STATES, State
from aduan.intake.channels.open311 import CHANNEL
from aduan.intake.models import Inbound
from aduan.reference.models import IntakeType, Substance

INTAKE_TYPES = ("lm", "rco", "knl")  # what a member of the public may file (not IAPS, tembusan)
MAX_REQUESTS = 1000  # the spec's default limit of GET requests, and the largest page
WINDOW = dt.timedelta(days=90)  # the spec's default and largest span of GET requests


@dataclass(frozen=True)
class Attribute:
    code: str
    datatype: str  # string, number, datetime, text, singlevaluelist, multivaluelist
    order: int
    description: str
    datatype_description: str = ""
    values: tuple[tuple[str, str], ...] = ()
    required: bool = False
    variable: bool = True


def services() -> QuerySet[Substance]:
    """The services: the active substances (service_code = the substance's code)."""
    return Substance.objects.active().order_by("order", "name")


def service(code: str) -> Substance | None:
    return services().filter(code=code).first()


def attributes() -> list[Attribute]:
    """The optional questions every service asks (the same for each substance)."""
    kinds = IntakeType.objects.active().filter(code__in=INTAKE_TYPES).order_by("order", "name")
    return [
        Attribute(
            code="intake_type",
            datatype="singlevaluelist",
            order=1,
            description=_("What kind of report is this?"),
            datatype_description=_(
                "A regular report (the default), a rapid-response emergency, or a consultation."
            ),
            values=tuple((kind.code, kind.label) for kind in kinds),
        ),
        Attribute(
            code="region",
            datatype="string",
            order=2,
            description=_("Region code of the place of the event (Kepmendagri)"),
            datatype_description=_(
                "A code such as 19.71 (Kota Pangkal Pinang); it decides which office handles "
                "the report."
            ),
        ),
        Attribute(
            code="agency",
            datatype="string",
            order=3,
            description=_("The agency or official you are complaining about"),
        ),
        Attribute(
            code="confidential",
            datatype="singlevaluelist",
            order=4,
            description=_("Keep my identity secret"),
            datatype_description=_(
                "With true the report's description and place are never shown publicly and "
                "your identity never reaches the agency."
            ),
            values=(("true", _("yes")), ("false", _("no"))),
        ),
    ]


# --- requests --------------------------------------------------------------------------------
def requests() -> QuerySet[Inbound]:
    """The requests the public may look up: cases made from an Open311 request."""
    return (
        Inbound.objects.filter(channel=CHANNEL, case__isnull=False)
        .select_related("case", "case__office", "case__substance", "case__closure_mode")
        .order_by("-case__received_at", "-case_id")
    )


def _number(value: str) -> int | None:
    value = value.strip()
    return int(value) if value.isascii() and value.isdigit() and len(value) < 19 else None


def find(service_request_id: str) -> Inbound | None:
    number = _number(service_request_id)
    return None if number is None else requests().filter(case_id=number).first()


def by_token(token: str) -> Inbound | None:
    token = (token or "").strip()
    if not token:
        return None
    return Inbound.objects.filter(channel=CHANNEL, payload__token=token).first()


def search(
    *,
    ids: list[str] | None = None,
    service_codes: list[str] | None = None,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
    statuses: list[str] | None = None,
    page: int = 1,
    page_size: int = MAX_REQUESTS,
    now: dt.datetime | None = None,
) -> list[Inbound]:
    """GET requests: by ids (other filters ignored, as the spec says), else within a window of
    at most 90 days (the last 90 days by default), newest first, at most 1000 at a time."""
    rows = requests()
    if ids:
        numbers = [n for n in map(_number, ids) if n is not None][:MAX_REQUESTS]
        return list(rows.filter(case_id__in=numbers))
    now = now or timezone.now()
    if end is None:
        end = min(start + WINDOW, now) if start is not None else now
    if start is None:
        start = end - WINDOW
    rows = rows.filter(case__received_at__gte=start, case__received_at__lte=end)
    if service_codes:
        rows = rows.filter(case__substance__code__in=service_codes)
    if statuses and set(statuses) != {"open", "closed"}:
        if "open" in statuses:
            rows = rows.filter(case__state__in=OPEN_STATES)
        else:
            rows = rows.filter(case__state=State.CLOSED)
    offset = (page - 1) * page_size
    return list(rows[offset : offset + page_size])


def status_notes(case: Case) -> str:
    """Where the report is, in plain words and without anyone's name."""
    notes = {
        State.RECEIVED: _("Received; the report is being checked for completeness."),
        State.AWAITING_COMPLETION: _("Waiting for the reporter to complete the report."),
        State.MATERIAL_VERIFICATION: _(
            "Being checked whether the Ombudsman can handle this report."
        ),
        State.AWAITING_DECISION: _("Waiting for the decision whether it will be examined."),
        State.RAPID_RESPONSE: _("Being handled quickly with the agency (rapid response)."),
        State.EXAMINATION: _("Under examination."),
        State.LAHP_RESPONSE: _("The draft findings are with the reporter for comment."),
        State.MONITORING: _("Findings issued; the agency's corrective action is monitored."),
        State.RESOLUTION: _("Findings issued; the agency's corrective action is followed up."),
        State.RECOMMENDATION: _("A recommendation was issued to the agency."),
    }
    if case.state == State.CLOSED:
        if case.closure_mode is not None:
            return _("Closed: %(mode)s.") % {"mode": case.closure_mode.label}
        return _("Closed.")
    return notes.get(case.state, _("Being handled."))


def _datetime(value: dt.datetime | None, zone: ZoneInfo) -> str | None:
    """W3C date-time with the office's offset, e.g. 2026-03-02T09:15:00+07:00."""
    if value is None:
        return None
    return timezone.localtime(value, zone).isoformat(timespec="seconds")


def _zone(case: Case) -> ZoneInfo:
    try:
        return ZoneInfo(case.office.time_zone or "Asia/Jakarta")
    except (KeyError, ValueError):
        return ZoneInfo("Asia/Jakarta")


def request_view(inbound: Inbound) -> dict[str, Any]:
    """One request with every field of the spec (None where Aduan has no value)."""
    case = inbound.case
    payload = inbound.payload or {}
    zone = _zone(case)
    public = not case.confidential
    substance = case.substance
    return {
        "service_request_id": str(case.pk),
        "status": "open" if case.is_open else "closed",
        "status_notes": status_notes(case),
        "service_name": substance.label if substance else None,
        "service_code": substance.code if substance else payload.get("service_code"),
        # Published text passes the identity guard: every reporter's identity and anyone's
        # contacts and identity numbers removed (``identity.redact_public``).
        "description": public_text(case, payload.get("description") or case.title)
        if public
        else _("The content of this report is confidential."),
        "agency_responsible": case.office.name,
        "service_notice": None,
        "requested_datetime": _datetime(case.received_at, zone),
        "updated_datetime": _datetime(max(case.state_since, case.received_at), zone),
        "expected_datetime": None,
        "address": (redact_public(case, payload.get("address_string") or "") or None)
        if public
        else None,
        "address_id": (payload.get("address_id") or None) if public else None,
        "zipcode": None,
        "lat": payload.get("lat") if public else None,
        "long": payload.get("long") if public else None,
        "media_url": None,
    }
