"""What the reporter does through the portal: find their case, and act on it.

Every change goes through the case services with ``actor=None`` (the reporter), inside one
transaction with the documents that come with it, so an answer and its files arrive together
or not at all. Finding a case compares the access code in constant time and counts failures
per client address in the cache; past the limit, that address waits, longer at each further
failure (exponential backoff). A report number is never locked, so a stranger cannot keep its
reporter out; an unknown reference and a wrong code look the same.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import math
import re

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from aduan.cases import examination
from aduan.cases import services as cases
from aduan.cases.documents import document_add
from aduan.cases.errors import CaseError, WrongState
from aduan.cases.models import Case, Lahp, ReporterCompletion
from aduan.cases.states import State
from aduan.core import audit, backoff
from aduan.core.errors import DomainError
from aduan.deadlines import deliveries
from aduan.deadlines.models import Deadline
from aduan.deadlines.workdays import local_date
from aduan.intake.channels.portal import drafts
from aduan.intake.models import Rating
from aduan.intake.services import Attachment, Submission, submit

audit.register(
    {
        "case.tracked": gettext_lazy("Reporter opened the tracking page"),
        "case.rated": gettext_lazy("Reporter rated the handling"),
    }
)
_DUMMY_CODE = "0" * 10
BACKOFF_BASE_SECONDS = 60
REFERENCE_WINDOW = 24 * 60 * 60
REFERENCE_ALERT_EVERY = 50
logger = logging.getLogger(__name__)


class TrackingError(DomainError):
    code = "tracking_failed"


class TooManyAttempts(TrackingError):
    code = "too_many_attempts"


def _normal_code(code: str) -> str:
    return re.sub(r"[\s-]", "", code or "").upper()


def _client_key(client: str) -> str:
    return f"aduan:portal:track:ip:{client}"


def _parts(reference: str) -> list[str]:
    """The reference in pieces: runs of ASCII digits and single other characters, spaces
    dropped, upper case."""
    return re.findall(r"[0-9]+|[^0-9]", re.sub(r"\s+", "", reference or "").upper())


def normal_reference(reference: str) -> str:
    """The reference as compared: upper case, without spaces, numbers without leading zeros
    ("0259/LM/XII/2026/BABEL" and " 259 / lm / xii / 2026 / babel" are the same)."""
    return "".join(
        str(int(part)) if part.isascii() and part.isdigit() else part for part in _parts(reference)
    )


def reference_spellings(reference: str, *, widest: int = 6, most: int = 64) -> list[str]:
    """The stored spellings that ``reference`` may stand for: upper case, no spaces, each number
    padded with leading zeros to every width up to ``widest`` ("259/LM/XII/2026/BABEL" gives
    "0259/LM/XII/2026/BABEL" among others). Looked up with ``reference__in``, so the search uses
    the reference's index instead of scanning every case; at most ``most`` spellings."""
    spellings = [""]
    for part in _parts(reference):
        if part.isascii() and part.isdigit():
            digits = str(int(part))
            forms = [
                digits.zfill(width) for width in range(len(digits), max(widest, len(digits)) + 1)
            ]
        else:
            forms = [part]
        spellings = [head + form for head in spellings for form in forms]
        if len(spellings) > most:
            return spellings[:most]
    return spellings


def _reference_key(reference: str) -> str:
    ref = hashlib.sha256(normal_reference(reference).encode()).hexdigest()[:32]
    return f"aduan:portal:track:ref:{ref}"


def _window() -> int:
    return settings.ADUAN_TRACK_WINDOW_MINUTES * 60


def backoff_seconds(failures: int) -> int:
    """How long a client waits after ``failures`` failures in a row: nothing below the limit,
    then one minute, doubled at each further failure, never more than the window."""
    return backoff.wait_seconds(
        failures,
        limit=settings.ADUAN_TRACK_MAX_FAILURES,
        window=_window(),
        base=BACKOFF_BASE_SECONDS,
    )


def _count_failure(reference: str, client: str) -> None:
    """One more failure for the client (its backoff grows) and for the reference (counted and
    logged for the office's attention, never a reason to refuse anyone)."""
    backoff.fail(
        _client_key(client),
        limit=settings.ADUAN_TRACK_MAX_FAILURES,
        window=_window(),
        base=BACKOFF_BASE_SECONDS,
    )
    count = backoff.count(_reference_key(reference), timeout=REFERENCE_WINDOW, slide=False)
    if count % REFERENCE_ALERT_EVERY == 0:
        logger.warning(
            "Tracking: %s failed attempts on report number %s in the last day (latest from %s).",
            count,
            reference.strip().upper()[:40],
            client,
        )


def find_case(*, reference: str, code: str, client: str) -> Case:
    """The case with this reference and access code, or TrackingError (the same for an
    unknown reference and a wrong code). A client past the failure limit is refused
    (TooManyAttempts) until its backoff ends; the reference itself is never locked, so the
    reporter holding the code gets in from their own connection whatever strangers try."""
    wait = backoff.wait_left(_client_key(client))
    if wait:
        minutes = max(1, math.ceil(wait / 60))
        raise TooManyAttempts(
            ngettext(
                "Too many failed attempts from your connection. Wait %(minutes)s minute and "
                "try again; check the report number and access code on your receipt.",
                "Too many failed attempts from your connection. Wait %(minutes)s minutes and "
                "try again; check the report number and access code on your receipt.",
                minutes,
            )
            % {"minutes": minutes}
        )
    given = _normal_code(code).encode()
    found = None
    candidates = []
    if _parts(reference):
        wanted = normal_reference(reference)
        candidates = [
            case
            for case in Case.objects.filter(
                reference__in=reference_spellings(reference)
            ).select_related("office")[:5]
            if normal_reference(case.reference) == wanted
        ]
    for candidate in candidates or [None]:
        expected = (candidate.access_code if candidate else _DUMMY_CODE).encode()
        if hmac.compare_digest(given, expected) and candidate is not None:
            found = candidate
    if found is None:
        _count_failure(reference, client)
        raise TrackingError(
            _("The report number and access code do not match. Check both and try again.")
        )
    audit.record("case.tracked", target=found, office=found.office, actor_label="pelapor (portal)")
    return found


def report_send(submission: Submission, *, draft_key: str | None = None) -> Case:
    """The citizen's report, with the files kept from earlier tries and those sent now, in one
    transaction; the draft is emptied with it. A file given twice (kept earlier and attached
    again) is stored once; a retried report (same form token) returns the first case and adds
    nothing."""
    seen: set[tuple[str, str]] = set()
    unique = []
    for item in submission.attachments:
        mark = (item.kind, hashlib.sha256(item.data).hexdigest())
        if mark not in seen:
            seen.add(mark)
            unique.append(item)
    submission.attachments = unique
    with transaction.atomic():
        case = submit(submission)
        drafts.discard(draft_key)
    return case


def _store(case: Case, attachments: list[Attachment]) -> None:
    """Store the reporter's files on the case; a file already there with the same kind (a
    retried upload) is not stored twice."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    for item in attachments:
        digest = hashlib.sha256(item.data).hexdigest()
        if case.documents.filter(sha256=digest, kind=item.kind).exists():
            continue
        document_add(
            case=case, upload=SimpleUploadedFile(item.name, item.data), kind=item.kind, actor=None
        )


def reporter_add_documents(*, case: Case, attachments: list[Attachment]) -> Case:
    """The reporter sends more documents to an open case. While the case waits for completion
    (UU 37/2008 Ps.25) the documents are the reporter's completion: ``reporter_complete``."""
    if not case.is_open:
        raise WrongState(_("The case is closed; documents can no longer be added."))
    if not attachments:
        raise CaseError(_("Choose at least one file."))
    if case.state == State.AWAITING_COMPLETION:
        reporter_complete(case=case, text="", attachments=attachments, items=[])
        return case
    with transaction.atomic():
        _store(case, attachments)
    return case


def reporter_complete(
    *,
    case: Case,
    text: str,
    attachments: list[Attachment],
    items: list[str] | None = None,
) -> ReporterCompletion:
    """The reporter answers the request to complete the report through the tracking page
    (``cases.services.case_reporter_completes``, ``via="lacak"``). The answer form is an answer
    to the whole request (``items`` None) and needs words; a document of a kind
    (``items=[]``) answers the item its kind answers."""
    text = (text or "").strip()
    if items is None and not text:
        raise CaseError(_("Write your answer."))
    return cases.case_reporter_completes(
        case=case, via="lacak", attachments=attachments, items=items, note=text
    )


def open_draft(case: Case) -> Lahp | None:
    """The draft LAHP waiting for the reporter's response, if there is one."""
    if case.state != State.LAHP_RESPONSE:
        return None
    return case.lahps.filter(status=Lahp.Status.DRAFT).order_by("-version").first()


def lahp_response_open(lahp: Lahp) -> bool:
    """True while the reporter's 14 days (Peraturan Ombudsman 58/2023, formerly PO 48/2020
    Ps.25) still run."""
    clock = Deadline.objects.for_subject(lahp).order_by("-id").first()
    if clock is None:
        return True
    if clock.state == Deadline.State.WAITING:
        return True  # the 14 days have not started: the reporter has not received it yet
    today = local_date(timezone.now(), clock.office)
    return clock.state == Deadline.State.OPEN and clock.due_date >= today


def reporter_viewed(case: Case) -> int:
    """The reporter opened their case on the tracking page: what it shows them now (the request
    to complete, the draft LAHP) counts as received today, and the clocks that waited for it
    start (decision 0018). Returns how many deliveries were received."""
    documents = []
    if case.state == State.AWAITING_COMPLETION:
        documents.append("permintaan-kelengkapan")
    draft = open_draft(case)
    if draft is not None and draft.responded_at is None:
        documents.append("rancangan-lahp")
    return deliveries.reporter_opened(case=case, documents=documents)


def reporter_respond_lahp(
    *, case: Case, response: str, new_evidence: bool, attachments: list[Attachment]
) -> Lahp:
    """The reporter's response to the draft LAHP, within its 14 days."""
    lahp = open_draft(case)
    if lahp is None:
        raise WrongState(_("There is no draft report waiting for your response."))
    if lahp.responded_at is not None:
        raise WrongState(_("You have already responded to this draft."))
    if not lahp_response_open(lahp):
        raise WrongState(_("The 14 days to respond to the draft have passed."))
    with transaction.atomic():
        _store(case, attachments)
        return examination.lahp_record_response(
            lahp=lahp, actor=None, response=response, new_evidence=new_evidence
        )


def rating_record(*, case: Case, score: int, comment: str = "") -> Rating:
    """The reporter rates the handling of their closed case, once."""
    if score not in range(1, 6):
        raise CaseError(_("Choose a score from 1 to 5."))
    with transaction.atomic():
        locked = Case.objects.select_for_update(no_key=True).get(pk=case.pk)
        if locked.state != State.CLOSED:
            raise WrongState(_("A report can be rated once it is closed."))
        if Rating.objects.filter(case=locked).exists():
            raise WrongState(_("You have already rated this report."))
        try:
            with transaction.atomic():
                rating = Rating.objects.create(
                    case=locked, score=score, comment=(comment or "").strip()
                )
        except IntegrityError as exc:
            raise WrongState(_("You have already rated this report.")) from exc
        audit.record(
            "case.rated",
            target=locked,
            office=locked.office,
            new={"score": score},
            actor_label="pelapor (portal)",
        )
    return rating


def reporter_withdraw(*, case: Case, reason: str = "") -> Case:
    return cases.case_withdraw(case=case, actor=None, reason=(reason or "").strip())
