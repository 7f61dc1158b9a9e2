"""State changes of a case, from receipt to closure (DOMAIN.md §4).

Every function here has the same shape: check who may do it, lock the case, guard its state,
change it in one transaction, write a transition row and an audit event, and schedule mail and
tasks after commit. Pages, the API, the sweeper and every intake channel call these functions;
nothing else changes a case's state. ``actor=None`` means the system (the sweeper, a public
channel); only the functions documented so accept it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from aduan.cases import checklists, engine, permissions, reporter_fields, workflows
from aduan.cases.errors import CaseError, IntakeError, WrongState
from aduan.cases.models import (
    Case,
    Note,
    Reporter,
    ReporterCompletion,
    Transfer,
    Transition,
    Verification,
)
from aduan.cases.references import format_reference, next_id, next_sequence
from aduan.cases.states import OPEN_STATES, State
from aduan.core import audit
from aduan.core.audit import events_for
from aduan.core.chain import seal_on_commit
from aduan.core.models import AuditEvent
from aduan.deadlines import deliveries
from aduan.deadlines.models import Deadline
from aduan.deadlines.services import (
    DeadlineError,
    deadline_close,
    deadline_move_office,
    deadline_prepare,
)
from aduan.deadlines.services import started_event as deadline_started_event
from aduan.deadlines.workdays import local_date
from aduan.directory.models import Unit, User
from aduan.reference.models import (
    Channel,
    ClosureMode,
    ClosureReason,
    IntakeType,
    MaladministrationForm,
    RejectionReason,
)
from aduan.search.services import refresh_index

REPORTER_FIELDS = {f.name for f in Reporter._meta.fields} - {"id", "case"}
CASE_FIELDS = {
    "agency",
    "official_name",
    "official_position",
    "superior_agency",
    "superior_name",
    "substance",
    "event_region",
    "event_date",
    "chronology",
    "remedy_sought",
    "prior_complaint",
    "prior_complaint_date",
    "event_tag",
}


def two_years_before(day: dt.date) -> dt.date:
    """The same calendar day two years earlier (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year - 2)
    except ValueError:
        return day.replace(year=day.year - 2, day=28)


# --- receipt
def case_receive(
    *,
    office: Any,
    intake_type: str | IntakeType,
    channel: str | Channel,
    title: str,
    reporters: list[dict[str, Any]] | None = None,
    actor: Any = None,
    received_at: dt.datetime | None = None,
    confidential: bool = False,
    maladministration_forms: Iterable[Any] = (),
    intake_key: str | None = None,
    **fields: Any,
) -> Case:
    """Receive a report from any channel; the one door every channel ends in.

    ``actor`` is the staff member at the desk, or None for a public channel (web, e-mail, SMS,
    API). With ``intake_key`` a retry returns the case already made instead of a duplicate.
    LM starts the 14-day clock to tell the reporter whether the file is complete; RCO enters
    the rapid-response track; a tembusan is filed at once; KNL waits for advice or conversion.
    """
    case, _created = case_receive_once(
        office=office,
        intake_type=intake_type,
        channel=channel,
        title=title,
        reporters=reporters,
        actor=actor,
        received_at=received_at,
        confidential=confidential,
        maladministration_forms=maladministration_forms,
        intake_key=intake_key,
        **fields,
    )
    return case


def case_receive_once(
    *,
    office: Any,
    intake_type: str | IntakeType,
    channel: str | Channel,
    title: str,
    reporters: list[dict[str, Any]] | None = None,
    actor: Any = None,
    received_at: dt.datetime | None = None,
    confidential: bool = False,
    maladministration_forms: Iterable[Any] = (),
    intake_key: str | None = None,
    lookups: Any = None,
    **fields: Any,
) -> tuple[Case, bool]:
    """``case_receive``, also saying whether the case was made now (False: a retry of
    ``intake_key`` found the first one). ``lookups``: the intake's reference data
    (``aduan.intake.lookups.current()``) when the caller already has it.

    The statements are few and the number is taken last (decision 0020): everything is looked
    up and checked before the transaction, the first clock is computed in Python, the case,
    its reporters, transition and clock are written with the follow-up task (search index,
    audit seal, receipt), and the counter row is locked only for the last statements."""
    if lookups is None:
        from aduan.intake.lookups import current

        lookups = current()
    if actor is not None:
        permissions.require(actor, "receive", office=office)
    if intake_key:
        existing = _keyed(office, intake_key)
        if existing is not None:
            return existing, False
    intake_type = _ref(lookups, IntakeType, intake_type)
    channel = _ref(lookups, Channel, channel)
    if intake_type.code == "iaps":
        raise IntakeError(_("An own-initiative investigation is opened with case_open_iaps."))
    unknown = set(fields) - CASE_FIELDS
    if unknown:
        raise IntakeError(_("Unknown fields: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    title = (title or "").strip()
    if not title:
        raise IntakeError(_("Give the report a short summary."))
    # Whatever the channel sent, what the office's law does not need is not kept (UU 27/2022).
    collects = reporter_fields.for_office(office)
    reporters = [collects.only_shown(data) for data in reporters or []]
    if not reporters:
        raise IntakeError(_("A report needs at least one reporter."))
    rows = []
    for data in reporters:
        if not (data.get("name") or "").strip():
            raise IntakeError(_("Every reporter needs a name."))
        bad = set(data) - REPORTER_FIELDS
        if bad:
            raise IntakeError(
                _("Unknown reporter fields: %(fields)s.") % {"fields": ", ".join(sorted(bad))}
            )
        row = Reporter(**data)
        try:
            row.full_clean(exclude=["case"])
        except ValidationError as exc:
            problems = "; ".join(
                f"{field}: {' '.join(str(m) for m in messages)}"
                for field, messages in exc.message_dict.items()
            )
            raise IntakeError(
                _("A reporter's details are not valid: %(problems)s") % {"problems": problems}
            ) from exc
        rows.append(row)
    received_at = received_at or timezone.now()
    day = local_date(received_at, office)
    maladministration_forms = list(maladministration_forms)
    plain = engine.INTAKE_TRACKS.get(office.kind) is None and intake_type.code in {"lm", "knl"}
    try:
        with transaction.atomic():
            if plain:
                case = _receive_plain(
                    office=office,
                    intake_type=intake_type,
                    channel=channel,
                    title=title,
                    reporters=rows,
                    received_at=received_at,
                    day=day,
                    confidential=confidential,
                    actor=actor,
                    intake_key=intake_key,
                    fields=fields,
                    forms=maladministration_forms,
                    lookups=lookups,
                )
            else:
                case = _create(
                    office=office,
                    intake_type=intake_type,
                    channel=channel,
                    title=title,
                    received_at=received_at,
                    day=day,
                    confidential=confidential,
                    actor=actor,
                    intake_key=intake_key,
                    fields=fields,
                    unit=lookups.pvl_unit(office),
                )
                for row in rows:
                    row.case = case
                Reporter.objects.bulk_create(rows)
                if maladministration_forms:
                    case.maladministration_forms.set(maladministration_forms)
                _receive_into_track(case, actor=actor, received_at=received_at)
                _follow_up(case, events=[])
    except IntegrityError:
        # Two retries with the same intake key raced; the other one made the case.
        if intake_key:
            existing = Case.objects.filter(office=office, intake_key=intake_key).first()
            if existing is not None:
                return existing, False
        raise
    return case, True


def _keyed(office: Any, intake_key: str) -> Case | None:
    """The case already made with this intake key (a retry), read in full only when there is
    one: the check every report pays is a one-column index lookup."""
    found = list(
        Case.objects.filter(office=office, intake_key=intake_key).order_by().values_list("pk")[:1]
    )
    return Case.objects.get(pk=found[0][0]) if found else None


def _ref(lookups: Any, model: Any, code: Any) -> Any:
    item = lookups.ref(model, code)
    if item is None:
        raise CaseError(
            _("Unknown %(list)s: %(code)s.") % {"list": model._meta.verbose_name, "code": code}
        )
    return item


def _receive_plain(
    *,
    office: Any,
    intake_type: IntakeType,
    channel: Channel,
    title: str,
    reporters: list[Reporter],
    received_at: dt.datetime,
    day: dt.date,
    confidential: bool,
    actor: Any,
    intake_key: str | None,
    fields: dict[str, Any],
    forms: list[Any],
    lookups: Any,
) -> Case:
    """A report (LM) or a consultation (KNL) of an Ombudsman office, in few statements.

    On PostgreSQL the case's id is taken from its sequence first, its rows are written, and the
    counter is locked only for the case's own INSERT and the audit events before the commit
    (foreign keys are checked at commit). SQLite holds its one write lock from BEGIN, so there
    the number comes first."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    clock = None
    if intake_type.code == "lm":
        clock = _first_clock(office, "pemberitahuan-kelengkapan", day, lookups)
    case = Case(
        office=office,
        unit=lookups.pvl_unit(office),
        year=day.year,
        intake_type=intake_type,
        channel=channel,
        title=title,
        received_at=received_at,
        state=State.RECEIVED,
        state_since=received_at,
        confidential=confidential,
        created_by=user,
        intake_key=intake_key or None,
        next_due=clock.due_date if clock is not None else None,
        **fields,
    )

    def number() -> None:
        case.sequence = next_sequence(office, day.year)
        case.reference = format_reference(
            office.reference_format,
            seq=case.sequence,
            type_code=intake_type.code,
            day=day,
            office=office,
        )

    case.pk = next_id(Case)
    number_last = case.pk is not None
    if not number_last:
        number()
        case.save(force_insert=True)
    for row in reporters:
        row.case = case
    Reporter.objects.bulk_create(reporters)
    Transition.objects.create(
        case=case,
        from_state="",
        to_state=State.RECEIVED,
        at=received_at,
        actor=user,
        action="received",
    )
    if forms:
        through = Case.maladministration_forms.through
        through.objects.bulk_create(
            [through(case_id=case.pk, maladministrationform_id=form.pk) for form in forms]
        )
    if clock is not None:
        clock.case, clock.subject_id = case, str(case.pk)
        clock.save(force_insert=True)
    if number_last:
        number()
        case.save(force_insert=True)
    events = [
        audit.build(
            "case.received",
            actor=actor,
            target=case,
            office=office,
            new={"reference": case.reference, "channel": channel.code},
        )
    ]
    if clock is not None:
        events.append(deadline_started_event(clock, actor=actor))
    AuditEvent.objects.bulk_create(events)
    _follow_up(case, events=events)
    return case


def _first_clock(office: Any, step: str, day: dt.date, lookups: Any) -> Any:
    """The case's first clock, computed (not saved), as ``engine.start_clock`` would start it."""
    code = workflows.rule_code(office.kind, step, exists=lookups.rule_exists)
    rule = lookups.rule_in_force(code, day)
    if rule is None:
        if lookups.rule_exists(code):
            raise DeadlineError(
                _("No version of the deadline rule %(code)s is in force on %(day)s.")
                % {"code": code, "day": day.isoformat()}
            )
        raise DeadlineError(_("There is no active deadline rule %(code)s.") % {"code": code})
    return deadline_prepare(
        rule=rule,
        office=office,
        subject=Case(),
        start_day=day,
        calendar=lookups.calendar(office, day),
    )


def _follow_up(case: Case, *, events: list[Any]) -> None:
    """What a new case needs once committed: its search index row, its audit events sealed
    into the chain, and the receipt. With a worker (the database task backend) one task does
    it, enqueued in this transaction so that it commits with the case; with none (the
    immediate backend) the index is written in the transaction and the rest (receipt, triage)
    after commit."""
    from aduan.intake.tasks import case_received_task, runs_in_worker

    if runs_in_worker(case_received_task):
        case_received_task.enqueue(case_id=case.pk, event_ids=[e.pk for e in events])
        return
    from aduan.cases.tasks import send_receipt_task
    from aduan.intake.tasks import case_triage_task

    refresh_index(case)
    if events:
        seal_on_commit(events)
    engine.after_commit(send_receipt_task, case_id=case.pk)
    engine.after_commit(case_triage_task, case_id=case.pk)  # aduan.triage, after commit


def _create(
    *,
    office: Any,
    intake_type: IntakeType,
    channel: Channel,
    title: str,
    received_at: dt.datetime,
    day: dt.date,
    confidential: bool,
    actor: Any,
    intake_key: str | None,
    fields: dict[str, Any],
    unit: Any = False,
) -> Case:
    seq = next_sequence(office, day.year)
    reference = format_reference(
        office.reference_format, seq=seq, type_code=intake_type.code, day=day, office=office
    )
    pvl = office.units.filter(kind=Unit.Kind.PVL, active=True).first() if unit is False else unit
    return Case.objects.create(
        office=office,
        unit=pvl,
        reference=reference,
        year=day.year,
        sequence=seq,
        intake_type=intake_type,
        channel=channel,
        title=title,
        received_at=received_at,
        state=State.RECEIVED,
        state_since=received_at,
        confidential=confidential,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        intake_key=intake_key or None,
        **fields,
    )


def _receive_into_track(case: Case, *, actor: Any, received_at: dt.datetime) -> None:
    user = actor if getattr(actor, "is_authenticated", False) else None
    Transition.objects.create(
        case=case,
        from_state="",
        to_state=State.RECEIVED,
        at=received_at,
        actor=user,
        action="received",
    )
    audit.record(
        "case.received",
        actor=actor,
        target=case,
        office=case.office,
        new={"reference": case.reference, "channel": case.channel.code},
    )
    track = engine.INTAKE_TRACKS.get(case.office.kind)
    if track is not None and track(case, actor=actor, received_at=received_at):
        return  # e.g. an agency complaint unit's SP4N-LAPOR! track (the sp4n app)
    code = case.intake_type.code
    if code == "lm":
        engine.start_clock(case, "pemberitahuan-kelengkapan", actor=actor, start=received_at)
    elif code == "rco":
        engine.move(case, State.RAPID_RESPONSE, actor=actor, action="rapid_response")
        engine.start_clock(case, "rco-penanganan", actor=actor, start=received_at)
    elif code == "tembusan":
        case.closed_at = timezone.now()
        engine.move(
            case,
            State.CLOSED,
            actor=actor,
            action="filed",
            reason=_("A copy addressed to another body is filed, not examined."),
        )


def case_open_iaps(
    *,
    office: Any,
    actor: Any,
    title: str,
    unit: Unit,
    agency: Any = None,
    chronology: str = "",
    linked_reports: Iterable[Case] = (),
    substance: Any = None,
) -> Case:
    """Open an own-initiative investigation (IAPS, UU 37/2008 Ps.7(d); Peraturan Ombudsman
    38/2019): straight into examination, linked to the reports behind it (e.g. a spike)."""
    permissions.require(actor, "open_iaps", office=office)
    if unit.office_id != office.pk or unit.kind != Unit.Kind.PEMERIKSAAN:
        raise CaseError(_("Choose an examination unit of this office."))
    if not (title or "").strip():
        raise IntakeError(_("Give the investigation a short summary."))
    now = timezone.now()
    with transaction.atomic():
        case = _create(
            office=office,
            intake_type=engine.ref_item(IntakeType, "iaps"),
            channel=engine.ref_item(Channel, "prakarsa-sendiri"),
            title=title.strip(),
            received_at=now,
            day=local_date(now, office),
            confidential=False,
            actor=actor,
            intake_key=None,
            fields={"agency": agency, "chronology": chronology, "substance": substance},
        )
        case.unit = unit
        case.state = State.EXAMINATION
        case.examined_at = now
        case.save()
        Transition.objects.create(
            case=case,
            from_state="",
            to_state=State.EXAMINATION,
            at=now,
            actor=actor,
            action="iaps_opened",
        )
        linked = [c for c in linked_reports if c.office_id == office.pk]
        case.linked_reports.set(linked)
        audit.record(
            "case.iaps_opened",
            actor=actor,
            target=case,
            office=office,
            new={"reference": case.reference, "linked": [c.reference for c in linked]},
        )
    refresh_index(case)
    return case


# --- consultations (KNL)
def knl_answer(*, case: Case, actor: Any, advice: str) -> Case:
    """Answer a consultation with advice; it is then complete."""
    permissions.require(actor, "verify", case)
    if not (advice or "").strip():
        raise CaseError(_("Write the advice given."))
    with transaction.atomic():
        case = engine.lock(case)
        if case.intake_type.code != "knl":
            raise WrongState(_("Only a consultation (KNL) is answered with advice."))
        engine.guard(case, State.RECEIVED)
        engine.set_closure(case, "saran-diberikan", "saran-diberikan")
        engine.move(case, State.CLOSED, actor=actor, action="advice_given", reason=advice)
    return case


def knl_convert(*, case: Case, actor: Any, reason: str = "") -> Case:
    """Turn a consultation into a regular report (LM); it keeps its number."""
    permissions.require(actor, "verify", case)
    with transaction.atomic():
        case = engine.lock(case)
        if case.intake_type.code != "knl":
            raise WrongState(_("Only a consultation (KNL) can be converted into a report."))
        engine.guard(case, State.RECEIVED)
        old_reference = case.reference
        case.intake_type = engine.ref_item(IntakeType, "lm")
        case.reference = format_reference(
            case.office.reference_format,
            seq=case.sequence,
            type_code="lm",
            day=local_date(case.received_at, case.office),
            office=case.office,
        )
        case.save()
        Transition.objects.create(
            case=case,
            from_state=case.state,
            to_state=case.state,
            actor=actor,
            action="converted_to_lm",
            reason=reason,
        )
        audit.record(
            "case.converted_to_lm",
            actor=actor,
            target=case,
            office=case.office,
            old={"reference": old_reference},
            new={"reference": case.reference},
            reason=reason,
        )
        engine.start_clock(case, "pemberitahuan-kelengkapan", actor=actor)
    refresh_index(case)
    return case


# --- verification
def _checklist(definition: dict, items: dict) -> None:
    problems = checklists.check_items(definition, items)
    if problems:
        raise CaseError(
            _("The checklist is not complete: %(problems)s.") % {"problems": "; ".join(problems)}
        )


def case_verify_formal(
    *, case: Case, actor: Any, items: dict[str, bool | None], notes: str = ""
) -> Case:
    """Record the formal checklist (UU 37/2008 Ps.24(1)). Complete: on to material
    verification. Incomplete: a request to complete and the 30-day clock (Ps.25)."""
    permissions.require(actor, "verify", case)
    _checklist(checklists.FORMAL_ITEMS, items)
    ok = checklists.passed(items)
    with transaction.atomic():
        case = engine.lock(case)
        if case.intake_type.code not in {"lm"}:
            raise WrongState(_("Only a regular report (LM) goes through verification."))
        engine.guard(case, State.RECEIVED)
        case.completed_by_reporter_at = None  # staff verify again what the reporter sent
        verification = Verification.objects.create(
            case=case,
            kind=Verification.Kind.FORMAL,
            items=items,
            passed=ok,
            notes=notes,
            actor=actor,
        )
        engine.stop_clocks(case, Deadline.State.MET, "pemberitahuan-kelengkapan", actor=actor)
        if ok:
            engine.move(
                case,
                State.MATERIAL_VERIFICATION,
                actor=actor,
                action="formally_complete",
                reason=notes,
            )
        else:
            missing = [code for code, value in items.items() if value is False]
            engine.move(
                case,
                State.AWAITING_COMPLETION,
                actor=actor,
                action="completion_requested",
                reason=notes,
                missing=missing,
            )
            # Ps.25: 30 days from the reporter's receipt of the notice, not from today: the
            # clock waits for the receipt (decision 0018).
            notice = deliveries.send_to_reporter(
                case=case, subject=verification, document="permintaan-kelengkapan", actor=actor
            )
            engine.start_clock(case, "melengkapi-laporan", actor=actor, delivery=notice)
    from aduan.cases.tasks import notify_reporter_task

    engine.after_commit(notify_reporter_task, case_id=case.pk, event="formal_verification")
    return case


def case_complete(*, case: Case, actor: Any = None, note: str = "") -> Case:
    """The reporter sent what was missing: the case returns to formal verification.
    ``actor`` None: the reporter, through the tracking page."""
    if actor is not None:
        permissions.require(actor, "verify", case)
    with transaction.atomic():
        case = engine.lock(case)
        engine.guard(case, State.AWAITING_COMPLETION)
        engine.stop_clocks(case, Deadline.State.MET, "melengkapi-laporan", actor=actor)
        engine.move(case, State.RECEIVED, actor=actor, action="completed", reason=note)
    return case


# The reporter, as the timeline names them by each way a completion comes (never their name:
# a confidential reporter's identity stays inside the case file).
COMPLETION_LABELS = {
    "lacak": "pelapor (portal)",
    "email": "pelapor (e-mail)",
    "sms": "pelapor (SMS)",
    "whatsapp": "pelapor (WhatsApp)",
    "desk": "pelapor (loket)",
}


def _completion_key(via: str, attachments: list[Any], items: Any, note: str) -> str:
    """A retry of the same completion (same way, files, items and words) has the same key."""
    digest = hashlib.sha256(via.encode())
    for data in sorted(hashlib.sha256(item.data).hexdigest() for item in attachments):
        digest.update(data.encode())
    digest.update(repr(sorted(items) if items is not None else None).encode())
    digest.update(note.encode())
    return f"{via}:{digest.hexdigest()[:64]}"


def _refuse_late_completion(case: Case) -> None:
    """A completion after the 30 days ran out, or once the case was deemed withdrawn, is
    refused: the reporter files again (UU 37/2008 Ps.25(4))."""
    if case.state == State.CLOSED and getattr(case.closure_reason, "code", "") == (
        "dianggap-dicabut"
    ):
        raise WrongState(
            _(
                "This report was deemed withdrawn because it was not completed within 30 days "
                "(UU 37/2008 Ps.25(4)). It can no longer be completed; file a new report."
            )
        )
    if case.state != State.AWAITING_COMPLETION:
        raise WrongState(_("Nothing was asked to be completed in this report."))
    today = local_date(timezone.now(), case.office)
    for clock in engine.clocks(case, "melengkapi-laporan"):
        if clock.due_date is not None and clock.due_date < today:
            raise WrongState(
                _(
                    "The 30 days to complete this report ended on %(due)s, so it is deemed "
                    "withdrawn (UU 37/2008 Ps.25(4)). File a new report."
                )
                % {"due": date_format(clock.due_date, "DATE_FORMAT")}
            )


def completion_refusal(case: Case) -> str:
    """Why the reporter cannot complete this case now ('' when they can): for the tracking
    page, which says so rather than offering a form that would be refused."""
    try:
        _refuse_late_completion(case)
    except WrongState as exc:
        return exc.message
    return ""


def case_reporter_completes(
    *,
    case: Case,
    via: str,
    reporter: Reporter | None = None,
    attachments: Iterable[Any] = (),
    items: Iterable[str] | None = None,
    note: str = "",
    actor: Any = None,
    key: str = "",
    message: Note | None = None,
) -> ReporterCompletion:
    """The reporter gives what the request to complete the report asked for (UU 37/2008 Ps.25),
    by the tracking page (``via="lacak"``), a reply by ``"email"``, ``"sms"`` or
    ``"whatsapp"``, or at the desk (``"desk"``, written down by ``actor``, a staff member: the
    recorder, not the one completing). One transaction, the case locked.

    ``attachments``: files (``name``, ``data``, ``kind``: intake's ``Attachment``); each is
    stored on the case, and one of a kind in ``checklists.DOCUMENT_ITEMS`` answers its item.
    ``items``: the checklist items this answers besides; ``None`` means the whole request (a free
    answer in words or files: the tracking page's answer form, a channel reply); staff check it
    when they verify again. When nothing is left missing the 30-day clock stops as met, the case
    returns to formal verification and heads its holder's work ("completed by the reporter,
    verify"), and the holder is told after commit. When something is left, the clock runs on
    and the record says what is still missing. ``key`` (a channel's message id) makes a retry
    return the first record; without one, the same files and words are the same completion.
    ``note``, the reporter's words, is kept as an internal note of the case, unless the channel
    already made one (``message``)."""
    if via not in COMPLETION_LABELS:
        raise CaseError(_("Unknown way of completing a report."))
    if via == ReporterCompletion.Via.DESK:
        if actor is None:
            raise CaseError(_("A completion at the desk is recorded by a staff member."))
        permissions.require(actor, "receive", case)
    else:
        actor = None  # the reporter, through a public channel
    attachments = list(attachments)
    note = (note or "").strip()
    items = None if items is None else sorted(set(items))
    if items is not None and set(items) - set(checklists.FORMAL_ITEMS):
        raise CaseError(_("Unknown checklist item."))
    if not (attachments or note or items):
        raise CaseError(_("Send what was asked: a document or your answer."))
    key = (key or _completion_key(via, attachments, items, note))[:100]
    label = COMPLETION_LABELS[via]
    if actor is not None:
        label = f"{label}, dicatat oleh {actor.get_username()}"[:150]
    with transaction.atomic():
        case = engine.lock(case)
        done = case.reporter_completions.filter(key=key).first()
        if done is not None:
            return done
        _refuse_late_completion(case)
        if reporter is None:
            reporter = case.reporters.order_by("id").first()
        elif reporter.case_id != case.pk:
            raise CaseError(_("This reporter is not a reporter of this case."))
        asked = checklists.still_missing(case)
        from django.core.files.uploadedfile import SimpleUploadedFile

        from aduan.cases.documents import document_add

        documents = [
            document_add(
                case=case,
                upload=SimpleUploadedFile(item.name, item.data),
                kind=item.kind,
                actor=actor,
            )
            for item in attachments
        ]
        given = set(asked) if items is None else set(items)
        answers = checklists.DOCUMENT_ITEMS
        given.update(answers[d.kind] for d in documents if d.kind in answers)
        remaining = [code for code in asked if code not in given]
        if message is None and note:
            with translation.override(settings.LANGUAGE_CODE):  # the case file's language
                heading = _("The reporter's answer to the request to complete (%(via)s):") % {
                    "via": ReporterCompletion.Via(via).label
                }
            message = Note.objects.create(
                case=case, kind=Note.Kind.INTERNAL, text=f"{heading}\n{note}", author=actor
            )
        completion = ReporterCompletion.objects.create(
            case=case,
            reporter=reporter,
            via=via,
            items=[code for code in checklists.FORMAL_ITEMS if code in given],
            still_missing=remaining,
            complete=not remaining,
            message=message,
            recorded_by=actor,
            key=key,
        )
        completion.documents.set(documents)
        facts = {
            "via": via,
            "reporter": reporter,
            "items": completion.items,
            "documents": [d.pk for d in documents],
            "completion": completion.pk,
        }
        from aduan.cases.tasks import notify_holder_completed_task, notify_reporter_task

        if remaining:
            audit.record(
                "case.reporter_completed_part",
                actor=actor,
                actor_label=label,
                target=case,
                office=case.office,
                new={**facts, "still_missing": remaining},
                reason=_("Part of what was asked; the 30 days run on (UU 37/2008 Ps.25)."),
            )
            engine.after_commit(notify_reporter_task, case_id=case.pk, event="completed_part")
            return completion
        reason = _("Completed by the reporter within 30 days (UU 37/2008 Ps.25): verify.")
        engine.stop_clocks(
            case, Deadline.State.MET, "melengkapi-laporan", actor=actor, reason=reason
        )
        case.completed_by_reporter_at = completion.at
        engine.move(
            case,
            State.RECEIVED,
            actor=actor,
            action="reporter_completed",
            reason=reason,
            actor_label=label,
            **facts,
        )
        engine.after_commit(notify_holder_completed_task, case_id=case.pk)
        engine.after_commit(notify_reporter_task, case_id=case.pk, event="completed")
    return completion


def case_verify_material(
    *, case: Case, actor: Any, items: dict[str, bool | None], notes: str = ""
) -> Case:
    """Record the material checklist; the case then waits for the registration decision."""
    permissions.require(actor, "verify", case)
    _checklist(checklists.MATERIAL_ITEMS, items)
    with transaction.atomic():
        case = engine.lock(case)
        engine.guard(case, State.MATERIAL_VERIFICATION)
        if items.get("belum_dua_tahun") and case.event_date:
            # Ps.24(3): counted back from the day the report was received, not from today.
            if case.event_date < two_years_before(local_date(case.received_at, case.office)):
                raise CaseError(_("The event is more than 2 years old (UU 37/2008 Ps.24(3))."))
        Verification.objects.create(
            case=case,
            kind=Verification.Kind.MATERIAL,
            items=items,
            passed=checklists.passed(items),
            notes=notes,
            actor=actor,
        )
        engine.move(
            case,
            State.AWAITING_DECISION,
            actor=actor,
            action="materially_verified",
            reason=notes,
            passed=checklists.passed(items),
        )
    return case


# --- registration decision (pleno)
def case_register(
    *, case: Case, actor: Any, unit: Unit, assignee: User | None = None, reason: str = ""
) -> Case:
    """Register the report for examination and give it to an examination unit."""
    permissions.require(actor, "decide", case)
    if unit.office_id != case.office_id or unit.kind != Unit.Kind.PEMERIKSAAN:
        raise CaseError(_("Choose an examination unit of this office."))
    with transaction.atomic():
        case = engine.lock(case)
        engine.guard(case, State.AWAITING_DECISION)
        case.unit = unit
        if assignee is not None:
            _check_assignee(case, assignee)
            case.assignee, case.assigned_at = assignee, timezone.now()
        engine.move(
            case, State.EXAMINATION, actor=actor, action="registered", reason=reason, unit=unit.code
        )
    return case


def _signed(signed_at: dt.datetime | dt.date | None, office: Any) -> dt.datetime | dt.date:
    """The moment (or day) a decision was signed (default: now); a date to come, in the
    office's zone, is refused."""
    signed_at = signed_at or timezone.now()
    if isinstance(signed_at, dt.datetime):
        late = signed_at > timezone.now() + dt.timedelta(minutes=5)
    else:
        late = signed_at > local_date(timezone.now(), office)
    if late:
        raise CaseError(_("The decision cannot be signed on a date still to come."))
    return signed_at


def case_reject(
    *,
    case: Case,
    actor: Any,
    reason: str | RejectionReason,
    note: str = "",
    signed_at: dt.datetime | dt.date | None = None,
) -> Case:
    """Reject with a UU 37/2008 Ps.36(1) reason; reporter and terlapor are told within 14 days
    of the signing of the decision (Ps.36(2))."""
    permissions.require(actor, "decide", case)
    rejection = engine.ref_item(RejectionReason, reason)
    signed_at = _signed(signed_at, case.office)
    with transaction.atomic():
        case = engine.lock(case)
        engine.guard(case, State.AWAITING_DECISION)
        case.rejection_reason = rejection
        engine.set_closure(case, "ditolak", "ditolak")
        engine.move(
            case,
            State.CLOSED,
            actor=actor,
            action="rejected",
            reason=note,
            rejection=rejection.code,
        )
        engine.stop_clocks(case, Deadline.State.CANCELLED, actor=actor)
        engine.start_clock(case, "pemberitahuan-penolakan", actor=actor, start=signed_at)
    return case


def case_record_referral_consent(*, case: Case, actor: Any, note: str) -> Case:
    """Record that a confidential reporter agreed that the matter be referred to another body
    (UU 37/2008 Ps.24(2): their identity was promised secrecy). Needed before such a referral
    (``case_not_within_authority`` with ``refer_to``)."""
    permissions.require(actor, "receive", case)
    note = (note or "").strip()
    if not note:
        raise CaseError(_("Say how and when the reporter gave their consent."))
    with transaction.atomic():
        case = engine.lock(case)
        if not case.is_open:
            raise WrongState(_("A closed case is not referred."))
        if not case.confidential:
            raise CaseError(_("Only a reporter whose identity is kept secret is asked to consent."))
        if case.referral_consent_at:
            raise WrongState(_("The reporter's consent to a referral is already recorded."))
        case.referral_consent_at, case.referral_consent_note = timezone.now(), note
        case.save(update_fields=["referral_consent_at", "referral_consent_note", "updated_at"])
        audit.record(
            "case.referral_consent",
            actor=actor,
            target=case,
            office=case.office,
            reason=note,
        )
    return case


def case_not_within_authority(
    *,
    case: Case,
    actor: Any,
    note: str = "",
    competent_body: str = "",
    signed_at: dt.datetime | dt.date | None = None,
    refer_to: Any = None,
    referral_part: str = "",
) -> Case:
    """Not within the Ombudsman's authority (UU 37/2008 Ps.26–27): the reporter is told in
    writing within 7 days of the signing of the result (``signed_at``, default now); the notice
    may name the competent body (``competent_body``, advice to the reporter).

    Where the office also refers the matter (office practice), ``refer_to`` (an
    ``aduan.referrals`` institution) refers it through the referral service, with its follow-up
    clock, letter and receipt; a confidential reporter must have consented first
    (``case_record_referral_consent``, UU 37/2008 Ps.24(2))."""
    permissions.require(actor, "decide", case)
    signed_at = _signed(signed_at, case.office)
    competent_body = (competent_body or "").strip()
    with transaction.atomic():
        case = engine.lock(case)
        engine.guard(case, State.AWAITING_DECISION)
        engine.stop_clocks(case, Deadline.State.CANCELLED, actor=actor)
        referral = None
        if refer_to is not None:
            if case.confidential and not case.referral_consent_at:
                raise CaseError(
                    _(
                        "The reporter asked that their identity be kept secret: record their "
                        "consent before the matter is referred (UU 37/2008 Ps.24(2))."
                    )
                )
            from aduan.referrals.services import referral_send

            referral = referral_send(
                case=case,
                institution=refer_to,
                part=referral_part or _("Whole report (not within authority, UU 37/2008 Ps.27)"),
                actor=actor,
                note=note,
            )
            competent_body = competent_body or refer_to.name
        engine.set_closure(case, "bukan-kewenangan", "bukan-kewenangan")
        case.referred_to = competent_body[:200]
        engine.move(
            case,
            State.CLOSED,
            actor=actor,
            action="not_within_authority",
            reason=note,
            competent_body=case.referred_to,
            referral=referral.pk if referral else None,
        )
        engine.start_clock(case, "pemberitahuan-bukan-kewenangan", actor=actor, start=signed_at)
    return case


NOTICE_RULES = {"pemberitahuan-penolakan", "pemberitahuan-bukan-kewenangan"}
# Who is told: Ps.36(2) the reporter and the reported party; Ps.27 the reporter.
NOTICE_ADDRESSEES = {
    "pemberitahuan-penolakan": ("pelapor", "terlapor"),
    "pemberitahuan-bukan-kewenangan": ("pelapor",),
}


def notice_addressees(case: Case, rule: str) -> tuple[str, ...]:
    """Who must receive the notice of ``rule`` on this case (a case without a reporter, an
    own-initiative investigation, tells only the reported party)."""
    wanted = NOTICE_ADDRESSEES[rule]
    if not case.reporters.exists():
        wanted = tuple(a for a in wanted if a != "pelapor")
    return wanted


def notices_recorded(case: Case, rule: str, since: dt.datetime) -> set[str]:
    """The addressees whose notice of ``rule`` was recorded since ``since``."""
    done: set[str] = set()
    events = events_for(case).filter(action="case.notice_sent", new__notice=rule, at__gte=since)
    for new in events.values_list("new", flat=True):
        addressee = (new or {}).get("addressee")
        done |= {addressee} if addressee else set(NOTICE_ADDRESSEES[rule])
    return done


def case_record_notice(
    *,
    case: Case,
    actor: Any,
    rule: str,
    note: str = "",
    addressees: Iterable[str] | None = None,
) -> Case:
    """Record that the written notice was sent: to the reporter and the reported party for a
    rejection, a LAHP finding no maladministration or a settlement by mediation (UU 37/2008
    Ps.36(2)); to the reporter for 'not within authority' (Ps.27). Each addressee is recorded
    once; the clock stops when every addressee has been sent theirs. ``addressees``: default,
    all who are still waiting."""
    permissions.require(actor, "verify", case)
    if rule not in NOTICE_RULES:
        raise CaseError(_("Unknown notice."))
    with transaction.atomic():
        case = engine.lock(case)
        required = notice_addressees(case, rule)
        clocks = engine.clocks(case, rule)
        late = False
        if clocks:
            since = min(clock.started_at for clock in clocks)
        else:
            missed = (
                Deadline.objects.filter(
                    case=case, rule__code__in=engine.rule_codes(rule), state=Deadline.State.MISSED
                )
                .order_by("-started_at")
                .first()
            )
            if missed is None:
                raise WrongState(_("No notice is waiting to be sent for this case."))
            since = missed.started_at
            late = True  # sent after its clock ran out: recorded, and the clock stays missed
        done = notices_recorded(case, rule, since)
        wanted = list(addressees) if addressees else [a for a in required if a not in done]
        if not wanted:
            raise WrongState(_("No notice is waiting to be sent for this case."))
        unknown = [a for a in wanted if a not in required]
        if unknown:
            raise CaseError(
                _("This notice goes to %(who)s only.")
                % {"who": ", ".join(str(ADDRESSEE_LABELS[a]) for a in required)}
            )
        again = [a for a in wanted if a in done]
        if again:
            raise WrongState(
                _("The notice to %(who)s is already recorded.")
                % {"who": ", ".join(str(ADDRESSEE_LABELS[a]) for a in again)}
            )
        for addressee in wanted:
            audit.record(
                "case.notice_sent",
                actor=actor,
                target=case,
                office=case.office,
                new={"notice": rule, "addressee": addressee, "late": late},
                reason=note,
            )
        if set(required) <= done | set(wanted):
            for clock in clocks:
                deadline_close(deadline=clock, state=Deadline.State.MET, actor=actor, reason=note)
    return case


ADDRESSEE_LABELS = {
    "pelapor": _lazy("the reporter"),
    "terlapor": _lazy("the reported party"),
}


# --- rapid response
def case_escalate_rco(*, case: Case, actor: Any, unit: Unit, reason: str) -> Case:
    """Rapid response could not resolve it: examine it as a regular case."""
    permissions.require(actor, "decide", case)
    if unit.office_id != case.office_id or unit.kind != Unit.Kind.PEMERIKSAAN:
        raise CaseError(_("Choose an examination unit of this office."))
    with transaction.atomic():
        case = engine.lock(case)
        engine.guard(case, State.RAPID_RESPONSE)
        case.unit = unit
        engine.stop_clocks(case, Deadline.State.MET, "rco-penanganan", actor=actor)
        engine.move(case, State.EXAMINATION, actor=actor, action="rco_escalated", reason=reason)
    return case


# --- assignment, transfer
def _check_assignee(case: Case, assignee: User) -> None:
    if not assignee.is_active or assignee.office_id != case.office_id:
        raise CaseError(_("The assignee must be active staff of this office."))
    if case.unit_id and assignee.unit_id != case.unit_id:
        raise CaseError(_("The assignee must belong to the unit holding the case."))
    if case.conflicts.filter(user=assignee).exists():
        raise CaseError(_("This person declared a conflict of interest in the case."))


def case_assign(*, case: Case, actor: Any, assignee: User | None, reason: str = "") -> Case:
    """Give the case to a member of its unit (or take it from them with assignee None)."""
    permissions.require(actor, "transfer", case)
    with transaction.atomic():
        case = engine.lock(case)
        if not case.is_open:
            raise WrongState(_("A closed case is not assigned."))
        if assignee is not None:
            _check_assignee(case, assignee)
        _hand_to(case, assignee, actor=actor, action="case.assigned", reason=reason)
    return case


def _hand_to(
    case: Case, assignee: User | None, *, actor: Any, action: str, reason: str = ""
) -> None:
    """Set who holds ``case`` (locked by the caller) and record it in the audit log."""
    old = case.assignee
    case.assignee = assignee
    case.assigned_at = timezone.now() if assignee else None
    case.save(update_fields=["assignee", "assigned_at", "updated_at"])
    audit.record(
        action,
        actor=actor,
        target=case,
        office=case.office,
        old={"assignee": old.username if old else None},
        new={"assignee": assignee.username if assignee else None},
        reason=reason,
    )


def case_take(*, case: Case, actor: Any) -> Case:
    """A member of the case's unit takes an open case that nobody holds yet (the queue's "take
    this case"). Refused when someone already holds it (ask the head of unit to reassign it),
    to someone outside the case's unit or office, and to whoever declared a conflict in it."""
    permissions.require(actor, "take", case)
    with transaction.atomic():
        case = engine.lock(case)
        if not case.is_open:
            raise WrongState(_("A closed case is not taken."))
        if case.assignee_id is not None:
            if case.assignee_id == actor.pk:
                raise WrongState(_("You already hold this case."))
            raise WrongState(
                _("%(name)s already holds this case; the head of unit may reassign it.")
                % {"name": case.assignee}
            )
        _check_assignee(case, actor)
        _hand_to(case, actor, actor=actor, action="case.taken")
    return case


def case_transfer(
    *, case: Case, actor: Any, reason: str, to_unit: Unit | None = None, to_office: Any = None
) -> Case:
    """Move a case to another unit or office (Peraturan Ombudsman 58/2023 Ps.16–17). Its history
    and clocks go with it; the clocks follow the new office's calendar."""
    permissions.require(actor, "transfer", case)
    if not (reason or "").strip():
        raise CaseError(_("Say why the case is transferred."))
    with transaction.atomic():
        case = engine.lock(case)
        if not case.is_open:
            raise WrongState(_("A closed case is not transferred."))
        target_office = to_office or case.office
        if to_unit is None:
            kind = (
                Unit.Kind.PVL
                if case.state
                in {
                    State.RECEIVED,
                    State.AWAITING_COMPLETION,
                    State.MATERIAL_VERIFICATION,
                    State.AWAITING_DECISION,
                }
                else Unit.Kind.PEMERIKSAAN
            )
            to_unit = target_office.units.filter(kind=kind, active=True).first()
        if to_unit is not None and to_unit.office_id != target_office.pk:
            raise CaseError(_("The unit must belong to the office the case goes to."))
        if to_office is None and to_unit == case.unit:
            raise CaseError(_("The case is already with that unit."))
        Transfer.objects.create(
            case=case,
            from_office=case.office,
            from_unit=case.unit,
            to_office=target_office,
            to_unit=to_unit,
            reason=reason,
            actor=actor,
        )
        old = {"office": case.office.code, "unit": case.unit.code if case.unit else None}
        moved_office = target_office.pk != case.office_id
        case.office, case.unit = target_office, to_unit
        case.assignee, case.assigned_at = None, None
        case.save()
        if moved_office:
            for clock in engine.clocks(case):
                deadline_move_office(deadline=clock, office=target_office, actor=actor)
        audit.record(
            "case.transferred",
            actor=actor,
            target=case,
            office=target_office,
            old=old,
            new={"office": target_office.code, "unit": to_unit.code if to_unit else None},
            reason=reason,
        )
    refresh_index(case)
    return case


# --- closure, withdrawal, reopening
def case_close(
    *,
    case: Case,
    actor: Any,
    closure_mode: str | ClosureMode,
    closure_reason: str | ClosureReason,
    note: str = "",
    signed_at: dt.datetime | None = None,
) -> Case:
    """Close a case with a recorded mode and reason (DOMAIN.md §4.8); open clocks stop.

    A matter settled by mediation or conciliation during the examination (mode
    ``mediasi-konsiliasi`` with an agreement recorded): reporter and reported party are told in
    writing within 14 days of the signing (``signed_at``, default now; UU 37/2008 Ps.36(2))."""
    permissions.require(actor, "close", case)
    mode = engine.ref_item(ClosureMode, closure_mode)
    why = engine.ref_item(ClosureReason, closure_reason)
    signed_at = _signed(signed_at, case.office)
    with transaction.atomic():
        case = engine.lock(case)
        engine.guard(
            case,
            State.RAPID_RESPONSE,
            State.EXAMINATION,
            State.MONITORING,
            State.RESOLUTION,
            State.RECOMMENDATION,
        )
        if case.corrective_actions.filter(status="terbuka").exists() and why.code in {
            "tindakan-korektif-dilaksanakan"
        }:
            raise CaseError(_("Some corrective actions are still open."))
        engine.set_closure(case, mode, why)
        engine.stop_clocks(case, Deadline.State.CANCELLED, actor=actor, reason=_("Case closed."))
        engine.move(
            case,
            State.CLOSED,
            actor=actor,
            action="closed",
            reason=note,
            mode=mode.code,
            closure_reason=why.code,
        )
        if (
            mode.code == SETTLED_BY_MEDIATION
            and case.mediations.filter(agreement_reached=True).exists()
        ):
            engine.start_clock(case, "pemberitahuan-penolakan", actor=actor, start=signed_at)
    return case


SETTLED_BY_MEDIATION = "mediasi-konsiliasi"
# After the final LAHP the terlapor's duties do not depend on the reporter: corrective action
# (Peraturan Ombudsman 58/2023) and the recommendation (UU 37/2008 Ps.38).
AFTER_FINAL_LAHP = frozenset({State.MONITORING, State.RESOLUTION, State.RECOMMENDATION})
# Closed for good: filed again as a new report, never reopened (closure reason → article).
FINAL_CLOSURES = {
    "dianggap-dicabut": _lazy(
        "A report deemed withdrawn is closed for good (UU 37/2008 Ps.25(4)); file it again as a "
        "new report."
    ),
    "ditolak": _lazy(
        "A rejected report is closed for good (UU 37/2008 Ps.36); file it again as a new report."
    ),
    "bukan-kewenangan": _lazy(
        "A report found not within authority is closed for good (UU 37/2008 Ps.26–27); file it "
        "again as a new report."
    ),
}


def case_withdraw(*, case: Case, actor: Any = None, reason: str = "") -> Case:
    """The reporter withdraws the report. ``actor`` None: the reporter through the tracking
    page; otherwise staff recording the reporter's request.

    Before the final LAHP the case closes and its clocks stop. After it (monitoring, Resolusi
    dan Monitoring, recommendation) the terlapor's duties do not depend on the reporter: the
    withdrawal is recorded, the clocks keep running, and the office decides whether to go on as
    its own matter (``case_decide_after_withdrawal``, UU 37/2008 Ps.7)."""
    if actor is not None:
        permissions.require(actor, "receive", case)
    with transaction.atomic():
        case = engine.lock(case)
        if case.state not in OPEN_STATES:
            raise WrongState(_("The case is already closed."))
        if case.intake_type.code == "iaps":
            raise WrongState(_("An own-initiative investigation has no reporter to withdraw it."))
        if case.state in AFTER_FINAL_LAHP:
            return _withdraw_after_lahp(case, actor=actor, reason=reason)
        engine.set_closure(case, "dicabut", "dicabut-pelapor")
        engine.stop_clocks(case, Deadline.State.CANCELLED, actor=actor, reason=_("Withdrawn."))
        engine.move(case, State.CLOSED, actor=actor, action="withdrawn", reason=reason)
    return case


def _withdraw_after_lahp(case: Case, *, actor: Any, reason: str) -> Case:
    """The reporter's withdrawal after the final LAHP: recorded, no move, no clock stopped."""
    if case.reporter_withdrew_at:
        raise WrongState(_("The reporter's withdrawal is already recorded."))
    case.reporter_withdrew_at = timezone.now()
    case.save(update_fields=["reporter_withdrew_at", "updated_at"])
    explanation = _(
        "The reporter withdrew after the final LAHP. The corrective actions (Peraturan "
        "Ombudsman 58/2023) and the duty to carry out a recommendation (UU 37/2008 Ps.38) do "
        "not depend on the reporter: the office decides whether to continue as its own matter "
        "(UU 37/2008 Ps.7)."
    )
    Transition.objects.create(
        case=case,
        from_state=case.state,
        to_state=case.state,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action="withdrawn_after_lahp",
        reason=reason,
    )
    audit.record(
        "case.withdrawn_after_lahp",
        actor=actor,
        target=case,
        office=case.office,
        new={"state": case.state, "office_to_decide": True},
        reason=reason or explanation,
    )
    return case


def case_decide_after_withdrawal(
    *, case: Case, actor: Any, continue_as_own_matter: bool, reason: str
) -> Case:
    """The office's decision after the reporter withdrew following the final LAHP (UU 37/2008
    Ps.7): continue as its own matter (the clocks keep running; the reporter is no longer
    notified) or stop (the case closes as withdrawn; the clocks are cancelled with the
    reason)."""
    permissions.require(actor, "decide", case)
    reason = (reason or "").strip()
    if not reason:
        raise CaseError(_("Give the reason for the office's decision."))
    with transaction.atomic():
        case = engine.lock(case)
        if not case.awaits_withdrawal_decision:
            raise WrongState(
                _("No withdrawal by the reporter is waiting for the office's decision.")
            )
        case.withdrawal_decided_at = timezone.now()
        if continue_as_own_matter:
            case.withdrawal_decision = "lanjut"
            case.save(update_fields=["withdrawal_decision", "withdrawal_decided_at", "updated_at"])
            Transition.objects.create(
                case=case,
                from_state=case.state,
                to_state=case.state,
                actor=actor,
                action="continued_as_own_matter",
                reason=reason,
            )
            audit.record(
                "case.continued_as_own_matter",
                actor=actor,
                target=case,
                office=case.office,
                new={"decision": "lanjut", "basis": "UU 37/2008 Ps.7"},
                reason=reason,
            )
            return case
        case.withdrawal_decision = "hentikan"
        engine.set_closure(case, "dicabut", "dicabut-pelapor")
        engine.stop_clocks(
            case,
            Deadline.State.CANCELLED,
            actor=actor,
            reason=_("The reporter withdrew and the office decided not to continue: %(why)s")
            % {"why": reason},
        )
        engine.move(
            case,
            State.CLOSED,
            actor=actor,
            action="stopped_after_withdrawal",
            reason=reason,
            decision="hentikan",
        )
    return case


def case_reopen(*, case: Case, actor: Any, reason: str) -> Case:
    """Reopen a closed case, with a reason: to examination if it had been registered, else to
    formal verification. A report deemed withdrawn, rejected or not within authority is closed
    for good: it is filed again (``case_file_again``), not reopened."""
    permissions.require(actor, "close", case)
    if not (reason or "").strip():
        raise CaseError(_("Say why the case is reopened."))
    with transaction.atomic():
        case = engine.lock(case)
        engine.guard(case, State.CLOSED)
        if case.intake_type.code in {"tembusan", "knl"}:
            raise WrongState(_("A copy or a consultation is not reopened; receive a new report."))
        final = FINAL_CLOSURES.get(case.closure_reason.code if case.closure_reason else "")
        if final is not None:
            raise WrongState(str(final))
        case.reporter_withdrew_at, case.withdrawal_decision = None, ""
        case.withdrawal_decided_at = None
        registered = case.transitions.filter(
            to_state__in=[State.EXAMINATION, State.RAPID_RESPONSE]
        ).exists()
        target = State.EXAMINATION if registered else State.RECEIVED
        if target == State.EXAMINATION and (case.unit is None or case.unit.kind == Unit.Kind.PVL):
            case.unit = case.office.units.filter(kind=Unit.Kind.PEMERIKSAAN).first()
        case.closure_mode = case.closure_reason = case.rejection_reason = None
        case.closed_at = None
        engine.stop_clocks(case, Deadline.State.CANCELLED, actor=actor, reason=_("Case reopened."))
        engine.move(case, target, actor=actor, action="reopened", reason=reason)
    return case


def is_closed_for_good(case: Case) -> bool:
    """Closed as deemed withdrawn, rejected or not within authority: filed again, not reopened."""
    return (
        case.state == State.CLOSED
        and case.closure_reason is not None
        and case.closure_reason.code in FINAL_CLOSURES
    )


FILE_AGAIN_TYPES = frozenset({"lm", "rco"})


def case_file_again(
    *, old_case: Case, actor: Any, reason: str, channel: str | Channel | None = None
) -> Case:
    """File a closed report again: a NEW case (through ``case_receive``, with its own number and
    clocks) at the same office, with the same reporters and the same file, linked to the old
    one (``filed_again_from``), which stays closed (UU 37/2008 Ps.25(4), Ps.36). ``channel``:
    how the report came in again; default the old case's channel."""
    permissions.require(actor, "receive", old_case)
    reason = (reason or "").strip()
    if not reason:
        raise CaseError(_("Say why the report is filed again."))
    old_case = Case.objects.select_related("office", "intake_type", "channel").get(pk=old_case.pk)
    if old_case.is_open:
        raise WrongState(_("The case is still open; it is not filed again."))
    if old_case.intake_type.code not in FILE_AGAIN_TYPES:
        raise WrongState(_("Only a report (LM or RCO) is filed again."))
    still_open = old_case.filed_again_as.filter(state__in=OPEN_STATES).first()
    if still_open is not None:
        raise WrongState(
            _("This report was already filed again as %(reference)s, which is still open.")
            % {"reference": still_open.reference}
        )
    reporters = list(old_case.reporters.order_by("pk"))
    if not reporters or any(r.anonymised_at for r in reporters):
        raise CaseError(
            _("The reporters' identity is no longer on file; receive the report as a new one.")
        )
    copied = REPORTER_FIELDS - {"anonymised_at"}
    reporter_data = [
        {
            name: getattr(r, name)
            for name in copied
            if getattr(r, name) not in (None, "") or name == "name"
        }
        for r in reporters
    ]
    fields = {name: getattr(old_case, name) for name in CASE_FIELDS}
    fields = {k: v for k, v in fields.items() if v not in (None, "")}
    with transaction.atomic():
        new_case = case_receive(
            office=old_case.office,
            intake_type=old_case.intake_type,
            channel=channel or old_case.channel,
            title=old_case.title,
            reporters=reporter_data,
            actor=actor,
            confidential=old_case.confidential,
            maladministration_forms=list(old_case.maladministration_forms.all()),
            **fields,
        )
        Case.objects.filter(pk=new_case.pk).update(filed_again_from=old_case)
        new_case.filed_again_from = old_case
        audit.record(
            "case.filed_again_from",
            actor=actor,
            target=new_case,
            office=new_case.office,
            new={"from": old_case.reference},
            reason=reason,
        )
        audit.record(
            "case.filed_again",
            actor=actor,
            target=old_case,
            office=old_case.office,
            new={"as": new_case.reference},
            reason=reason,
        )
    return new_case


# --- system moves, used by the sweeper
def case_deemed_withdrawn(*, case: Case, reason: str = "") -> Case:
    """The 30 days to complete ran out (UU 37/2008 Ps.25; ``reason`` cites another rule, e.g.
    a regional ombudsman's or UU 25/2009's): deemed withdrawn. The reporter may file again.
    System only."""
    with transaction.atomic():
        case = engine.lock(case)
        engine.guard(case, State.AWAITING_COMPLETION)
        engine.set_closure(case, "data-tidak-lengkap", "dianggap-dicabut")
        engine.move(
            case,
            State.CLOSED,
            actor=None,
            action="deemed_withdrawn",
            reason=reason or _("Not completed within 30 days (UU 37/2008 Ps.25)."),
        )
    from aduan.cases.tasks import notify_reporter_task

    engine.after_commit(notify_reporter_task, case_id=case.pk, event="deemed_withdrawn")
    return case


def case_handover_to_resmon(*, case: Case, reason: str) -> Case:
    """Corrective action not carried out within 30 working days: the case goes to Resolusi dan
    Monitoring (Peraturan Ombudsman 58/2023 Ps.54). System only."""
    with transaction.atomic():
        case = engine.lock(case)
        engine.guard(case, State.MONITORING)
        resmon = case.office.units.filter(kind=Unit.Kind.RESMON, active=True).first()
        if resmon is not None:
            Transfer.objects.create(
                case=case,
                from_office=case.office,
                from_unit=case.unit,
                to_office=case.office,
                to_unit=resmon,
                reason=reason,
            )
            case.unit, case.assignee, case.assigned_at = resmon, None, None
        engine.move(case, State.RESOLUTION, actor=None, action="handed_to_resmon", reason=reason)
        # The stage has its own steps and clock (aduan.cases.examination.resmon_record_step).
        engine.start_clock(case, RESMON_RULE, actor=None)
    return case


RESMON_RULE = "resolusi-monitoring"


# --- editing the case file ------------------------------------------------------------------------
EDITABLE_FIELDS = CASE_FIELDS | {"title", "confidential", "maladministration_forms"}
# Free text may hold the reporter's name, phone or address: the audit log records that such a
# field changed (and its length), never the text, so anonymising an identity never has to
# rewrite the record.
FREE_TEXT_FIELDS = frozenset({"title", "chronology", "remedy_sought", "prior_complaint"})


def _audited(field: str, value: Any) -> Any:
    if field in FREE_TEXT_FIELDS:
        return {"changed": True, "chars": len(value or "")}
    return value


def case_update(*, case: Case, actor: Any, reason: str = "", **changes: Any) -> Case:
    """Correct or complete the case file. Every changed field is audited old → new (free text:
    only that it changed); lifting confidentiality is refused (a promise of secrecy is not taken
    back)."""
    permissions.require(actor, "receive", case)
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise CaseError(
            _("These fields cannot be edited: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    with transaction.atomic():
        case = engine.lock(case)
        if not case.is_open:
            raise WrongState(_("A closed case is not edited; reopen it first."))
        if case.confidential and changes.get("confidential") is False:
            raise CaseError(_("The reporter's identity was promised secrecy; it stays secret."))
        old, new = {}, {}
        forms = changes.pop("maladministration_forms", None)
        if forms is not None:
            before = sorted(case.maladministration_forms.values_list("code", flat=True))
            after = sorted(engine.ref_item(MaladministrationForm, item).code for item in forms)
            if before != after:
                case.maladministration_forms.set(
                    MaladministrationForm.objects.filter(code__in=after)
                )
                old["maladministration_forms"], new["maladministration_forms"] = before, after
        for field, value in changes.items():
            if field == "title":
                value = (value or "").strip()
                if not value:
                    raise CaseError(_("Give the report a short summary."))
            current = getattr(case, field)
            if current != value:
                if field not in FREE_TEXT_FIELDS:
                    old[field] = current
                new[field] = _audited(field, value)
                setattr(case, field, value)
        if not new:
            return case
        case.save()
        audit.record(
            "case.edited",
            actor=actor,
            target=case,
            office=case.office,
            old=old,
            new=new,
            reason=reason,
        )
        from aduan.triage import decisions  # staff's choice on a field that had suggestions

        decisions.record_changes(case=case, fields=new, actor=actor)
    refresh_index(case)
    return case


def case_add_note(
    *, case: Case, actor: Any, kind: str, text: str, reply_template: Any = None
) -> Note:
    """An internal note, or a message to the reporter: each reporter gets it through the
    channel they chose and in their language (``aduan.messaging``), optionally opening with a
    canned reply."""
    permissions.require(actor, "receive", case)
    text = (text or "").strip()
    if kind not in Note.Kind.values:
        raise CaseError(_("Choose an internal note or a message to the reporter."))
    if reply_template is not None and kind != Note.Kind.TO_REPORTER:
        raise CaseError(_("A reply template is only for messages to the reporter."))
    if reply_template is not None:
        text = "\n\n".join(part for part in (reply_template.text_in("id"), text) if part)
    if not text:
        raise CaseError(_("Write the note."))
    with transaction.atomic():
        case = engine.lock(case)
        note = Note.objects.create(case=case, kind=kind, text=text, author=actor)
        audit.record(
            "case.note_added" if kind == Note.Kind.INTERNAL else "case.message_sent",
            actor=actor,
            target=case,
            office=case.office,
            new={"note": note.pk},
        )
        if kind == Note.Kind.TO_REPORTER:
            from aduan.messaging.services import queue_for_reporters

            queue_for_reporters(case=case, note=note, actor=actor, template=reply_template)
    return note


def case_send_reminder(*, case: Case, actor: Any, note: str = "") -> Case:
    """Remind whoever holds the case (or, with nobody assigned, the head of its unit) of it and
    of its next clock; used by heads working through a backlog. Audited; mailed after commit."""
    permissions.require(actor, "transfer", case)
    if not case.is_open:
        raise WrongState(_("The case is closed; there is nothing to remind of."))
    if case.assignee_id is None and case.unit_id is None:
        raise CaseError(_("Nobody holds this case yet; assign it first."))
    with transaction.atomic():
        case = engine.lock(case)
        audit.record(
            "case.reminder_sent",
            actor=actor,
            target=case,
            office=case.office,
            new={"to": case.assignee.username if case.assignee else f"unit:{case.unit_id}"},
            reason=note,
        )
    from aduan.cases.tasks import remind_holder_task

    engine.after_commit(remind_holder_task, case_id=case.pk, sender_id=actor.pk, note=note)
    return case
