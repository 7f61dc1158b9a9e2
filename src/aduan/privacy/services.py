"""State changes of data-subject requests, the retention policy and the breach register. Each:
permission, lock, one transaction, an audit event, clocks started or stopped.

Audit events name no person: a request is ``PDP-<id>``, a reporter is referred to by id, a
correction lists the names of the fields changed, never their values (the audit log is kept
free of personal data, so the retention schedule never has to rewrite it)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aduan.cases.models import Reporter
from aduan.core import audit
from aduan.deadlines.models import Deadline
from aduan.deadlines.services import deadline_close, deadline_start
from aduan.deadlines.workdays import local_date
from aduan.privacy import seed
from aduan.privacy.models import Breach, DataRequest, RetentionPolicy
from aduan.privacy.permissions import PrivacyError, WrongState, require

AUDIT_ACTIONS = {
    "privacy.request_received": gettext_lazy("Personal-data request received"),
    "privacy.request_reporters_linked": gettext_lazy(
        "Reporter records linked to a personal-data request"
    ),
    "privacy.request_verified": gettext_lazy("Requester's identity verified"),
    "privacy.request_answered": gettext_lazy("Personal-data request answered"),
    "privacy.request_refused": gettext_lazy("Personal-data request refused"),
    "privacy.reporter_corrected": gettext_lazy("Reporter's data corrected at their request"),
    "privacy.export_downloaded": gettext_lazy("Export of a person's data downloaded"),
    "privacy.reporters_searched": gettext_lazy("Reporter records searched for a request"),
    "privacy.policy_set": gettext_lazy("Retention period changed"),
    "privacy.breach_recorded": gettext_lazy("Personal-data breach recorded"),
    "privacy.breach_subjects_notified": gettext_lazy("Breach: the people affected were told"),
    "privacy.breach_authority_notified": gettext_lazy("Breach: the authority was told"),
    "privacy.breach_closed": gettext_lazy("Personal-data breach closed"),
}

# What a correction may change: the identity and contact of the reporter record.
CORRECTABLE = (
    "name",
    "birth_place",
    "birth_date",
    "marital_status",
    "occupation",
    "address",
    "id_type",
    "id_number",
    "phone",
    "email",
    "represents",
    "contact_channel",
    "language",
)


_Row = TypeVar("_Row", DataRequest, Breach)


def _locked(item: _Row) -> _Row:
    """``item`` read again with its office, its row locked until the transaction ends."""
    return (
        type(item).objects.select_for_update(of=("self",)).select_related("office").get(pk=item.pk)
    )


def _stop_clocks(subject: Any, actor: Any, *, rule: str | None = None, at: dt.datetime) -> None:
    """Stop the subject's running clocks: met when done by the due date, missed after it."""
    clocks = Deadline.objects.for_subject(subject).open().select_related("office")
    if rule:
        clocks = clocks.filter(rule__code=rule)
    for clock in clocks:
        state = (
            Deadline.State.MET
            if local_date(at, clock.office) <= clock.due_date
            else Deadline.State.MISSED
        )
        deadline_close(deadline=clock, state=state, actor=actor)


def _required(value: str | None, message: str) -> str:
    """``value`` stripped; refused with ``message`` when that leaves nothing."""
    value = (value or "").strip()
    if not value:
        raise PrivacyError(message)
    return value


def _not_future(at: dt.datetime, message: str) -> None:
    """Refuse a moment more than five minutes ahead (clocks drift a little)."""
    if at > timezone.now() + dt.timedelta(minutes=5):
        raise PrivacyError(message)


def _move(
    locked: DataRequest | Breach,
    actor: Any,
    *,
    action: str,
    to: str,
    new: dict[str, Any] | None = None,
    reason: str = "",
    **fields: Any,
) -> None:
    """Move a locked request or breach to status ``to`` with ``fields``, save it, and audit
    the move (old and new status, plus ``new``)."""
    old = locked.status
    locked.status = to
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.save()
    audit.record(
        action,
        actor=actor,
        target=locked,
        office=locked.office,
        old={"status": old},
        new={"status": locked.status, **(new or {})},
        reason=reason,
    )


def _close_request(
    locked: DataRequest, actor: Any, *, action: str, to: str, reason: str = "", **fields: Any
) -> None:
    """End a locked request (answered or refused): ``_move`` it, and stop its clock."""
    now = timezone.now()
    _move(
        locked, actor, action=action, to=to, reason=reason, closed_at=now, closed_by=actor, **fields
    )
    _stop_clocks(locked, actor, at=now)


def _checked_reporters(office: Any, reporters: Iterable[Reporter]) -> list[Reporter]:
    rows = list(reporters)
    ids = [row.pk for row in rows]
    found = Reporter.objects.filter(pk__in=ids, case__office=office, anonymised_at__isnull=True)
    if found.count() != len(set(ids)):
        raise PrivacyError(
            _("Link only reporter records of this office's cases that are not anonymised.")
        )
    return rows


# --- data-subject requests ------------------------------------------------------------------
def data_request_receive(
    *,
    office: Any,
    actor: Any,
    kind: str,
    channel: str,
    requester_name: str,
    details: str = "",
    received_at: dt.datetime | None = None,
    reporters: Iterable[Reporter] = (),
) -> DataRequest:
    """Record a request as it arrived and start its 3×24-hour clock from its receipt."""
    require(actor, office)
    if kind not in DataRequest.Kind.values:
        raise PrivacyError(_("Choose whether the person asks for access or for a correction."))
    if channel not in DataRequest.Channel.values:
        raise PrivacyError(_("Say how the request arrived."))
    requester_name = _required(requester_name, _("Write the name the requester gave."))
    received_at = received_at or timezone.now()
    _not_future(received_at, _("A request cannot be received in the future."))
    if received_at < timezone.now() - dt.timedelta(days=366):
        raise PrivacyError(_("Record a request within a year of its receipt."))
    rows = _checked_reporters(office, reporters)
    with transaction.atomic():
        request = DataRequest.objects.create(
            office=office,
            kind=kind,
            channel=channel,
            requester_name=requester_name,
            details=(details or "").strip(),
            received_at=received_at,
            created_by=actor,
        )
        request.reporters.set(rows)
        audit.record(
            "privacy.request_received",
            actor=actor,
            target=request,
            office=office,
            new={"kind": kind, "channel": channel, "reporters": sorted(r.pk for r in rows)},
        )
        rule = seed.ACCESS if kind == DataRequest.Kind.ACCESS else seed.CORRECTION
        deadline_start(subject=request, rule=rule, office=office, start=received_at, actor=actor)
    return request


def data_request_link_reporters(
    *, request: DataRequest, actor: Any, reporters: Iterable[Reporter]
) -> DataRequest:
    """Set which reporter records are the requester's (found by staff), before it is answered."""
    require(actor, request.office)
    rows = _checked_reporters(request.office, reporters)
    with transaction.atomic():
        locked = _locked(request)
        if locked.status in DataRequest.FINAL:
            raise WrongState(_("This request is already answered or refused."))
        old = sorted(locked.reporters.values_list("pk", flat=True))
        locked.reporters.set(rows)
        audit.record(
            "privacy.request_reporters_linked",
            actor=actor,
            target=locked,
            office=locked.office,
            old={"reporters": old},
            new={"reporters": sorted(r.pk for r in rows)},
        )
    return locked


def data_request_verify(
    *, request: DataRequest, actor: Any, method: str, note: str = ""
) -> DataRequest:
    """Record how the requester proved they are the person the data is about."""
    require(actor, request.office)
    if method not in DataRequest.Verification.values:
        raise PrivacyError(_("Choose how the requester's identity was verified."))
    note = (note or "").strip()
    if method == DataRequest.Verification.OTHER and not note:
        raise PrivacyError(_("Describe how the requester's identity was verified."))
    with transaction.atomic():
        locked = _locked(request)
        if locked.status != DataRequest.Status.RECEIVED:
            raise WrongState(_("Only a request just received can be verified."))
        _move(
            locked,
            actor,
            action="privacy.request_verified",
            to=DataRequest.Status.VERIFIED,
            new={"method": method},
            verification=method,
            verification_note=note,
            verified_at=timezone.now(),
            verified_by=actor,
        )
    return locked


def data_request_answer(*, request: DataRequest, actor: Any, answer: str) -> DataRequest:
    """Answer a verified request (the export is handed over with it); the clock stops."""
    require(actor, request.office)
    answer = _required(answer, _("Write what was given or done for the requester."))
    with transaction.atomic():
        locked = _locked(request)
        if locked.status != DataRequest.Status.VERIFIED:
            raise WrongState(
                _("Verify the requester's identity first; only a verified request is answered.")
            )
        _close_request(
            locked,
            actor,
            action="privacy.request_answered",
            to=DataRequest.Status.ANSWERED,
            answer=answer,
        )
    return locked


def data_request_refuse(*, request: DataRequest, actor: Any, reason: str) -> DataRequest:
    """Refuse a request with its reason (the identity could not be verified, or what is asked
    would reveal another person's data, UU 27/2022 Ps.33); the clock stops."""
    require(actor, request.office)
    reason = _required(reason, _("Give the reason for the refusal; the requester is told it."))
    with transaction.atomic():
        locked = _locked(request)
        if locked.status in DataRequest.FINAL:
            raise WrongState(_("This request is already answered or refused."))
        _close_request(
            locked,
            actor,
            action="privacy.request_refused",
            to=DataRequest.Status.REFUSED,
            reason=reason,
            refusal_reason=reason,
        )
    return locked


def data_request_correct(
    *, request: DataRequest, actor: Any, reporter: Reporter, changes: dict[str, Any]
) -> Reporter:
    """Apply a verified correction request to one of the requester's reporter records. The
    audit event names the record's id and the fields changed, not their values."""
    require(actor, request.office)
    unknown = sorted(set(changes) - set(CORRECTABLE))
    if unknown:
        raise PrivacyError(
            _("These fields cannot be corrected here: %(fields)s.") % {"fields": ", ".join(unknown)}
        )
    with transaction.atomic():
        locked = _locked(request)
        if locked.kind != DataRequest.Kind.CORRECTION:
            raise WrongState(_("Only a correction request changes a reporter's data."))
        if locked.status != DataRequest.Status.VERIFIED:
            raise WrongState(_("Verify the requester's identity before correcting their data."))
        if not locked.reporters.filter(pk=reporter.pk).exists():
            raise PrivacyError(_("Correct only the reporter records linked to this request."))
        row = (
            Reporter.objects.select_for_update(of=("self",))
            .select_related("case")
            .get(pk=reporter.pk)
        )
        changed = sorted(field for field, value in changes.items() if getattr(row, field) != value)
        if not changed:
            raise PrivacyError(_("Nothing to change: the values are the same as on file."))
        for field in changed:
            setattr(row, field, changes[field])
        if not row.name.strip():
            raise PrivacyError(_("A reporter keeps a name."))
        try:
            row.clean_fields(
                exclude=[f.name for f in Reporter._meta.fields if f.name not in changed]
            )
        except ValidationError as exc:
            raise PrivacyError(" ".join(exc.messages)) from exc
        row.save(update_fields=changed)
        audit.record(
            "privacy.reporter_corrected",
            actor=actor,
            target=locked,
            office=locked.office,
            new={"reporter": row.pk, "case": row.case_id, "fields": changed},
        )
        from aduan.search.services import refresh_index

        refresh_index(row.case)
    return row


def export_logged(*, request: DataRequest, actor: Any, format: str) -> None:
    """Record that the export of a request was downloaded (an audited read, no state change)."""
    require(actor, request.office)
    if request.status not in {DataRequest.Status.VERIFIED, DataRequest.Status.ANSWERED}:
        raise WrongState(_("The export is given only once the requester's identity is verified."))
    with transaction.atomic():
        audit.record(
            "privacy.export_downloaded",
            actor=actor,
            target=request,
            office=request.office,
            new={"format": format, "reporters": sorted(r.pk for r in request.reporters.all())},
        )


def reporters_searched(*, office: Any, actor: Any, found: int) -> None:
    """Record a search of reporter records (the count only: the query is personal data)."""
    require(actor, office)
    audit.record("privacy.reporters_searched", actor=actor, office=office, new={"found": found})


# --- retention policy ------------------------------------------------------------------------
def retention_policy_set(
    *, office: Any, actor: Any, archive_years: int, source: str = ""
) -> RetentionPolicy:
    """Set how many years after closure the office keeps reporters' identities."""
    require(actor, office)
    if not isinstance(archive_years, int) or not 1 <= archive_years <= 100:
        raise PrivacyError(_("The archive period is between 1 and 100 years."))
    with transaction.atomic():
        policy, _created = RetentionPolicy.objects.select_for_update().get_or_create(office=office)
        old = {"archive_years": None if _created else policy.archive_years, "source": policy.source}
        policy.archive_years = archive_years
        policy.source = (source or "").strip()[:255]
        policy.updated_at = timezone.now()
        policy.updated_by = actor
        policy.save()
        audit.record(
            "privacy.policy_set",
            actor=actor,
            target=office,
            office=office,
            old=old,
            new={"archive_years": archive_years, "source": policy.source},
        )
    return policy


# --- breach register -------------------------------------------------------------------------
def breach_record(
    *,
    office: Any,
    actor: Any,
    discovered_at: dt.datetime,
    description: str,
    categories: Iterable[str],
    subjects_affected: int,
    measures: str = "",
    offices: Iterable[Any] = (),
) -> Breach:
    """Record a breach; two 3×24-hour clocks start from its discovery (the people affected,
    and the authority, UU 27/2022 Ps.46(1))."""
    require(actor, office)
    description = _required(description, _("Describe what happened."))
    categories = list(dict.fromkeys(categories))
    if not categories or set(categories) - set(Breach.Category.values):
        raise PrivacyError(_("Choose the categories of personal data involved."))
    if not isinstance(subjects_affected, int) or subjects_affected < 0:
        raise PrivacyError(_("Give the number of people affected (an estimate is fine)."))
    _not_future(discovered_at, _("A breach cannot be discovered in the future."))
    if discovered_at < timezone.now() - dt.timedelta(days=5 * 366):
        raise PrivacyError(_("Record breaches discovered in the last five years."))
    with transaction.atomic():
        breach = Breach.objects.create(
            office=office,
            discovered_at=discovered_at,
            description=description,
            categories=categories,
            subjects_affected=subjects_affected,
            measures=(measures or "").strip(),
            recorded_by=actor,
        )
        breach.offices.set([office, *offices])
        audit.record(
            "privacy.breach_recorded",
            actor=actor,
            target=breach,
            office=office,
            new={
                "discovered_at": discovered_at,
                "categories": categories,
                "subjects_affected": subjects_affected,
                "offices": sorted(o.pk for o in breach.offices.all()),
            },
        )
        for rule in (seed.BREACH_SUBJECTS, seed.BREACH_AUTHORITY):
            deadline_start(
                subject=breach, rule=rule, office=office, start=discovered_at, actor=actor
            )
    return breach


def _breach_notify(
    *, breach: Breach, actor: Any, notice: str, at: dt.datetime | None, who: str
) -> Breach:
    require(actor, breach.office)
    notice = _required(notice, _("Say how and with what content the notice was given."))
    at = at or timezone.now()
    _not_future(at, _("A notice cannot be given in the future."))
    with transaction.atomic():
        locked = _locked(breach)
        if locked.status != Breach.Status.OPEN:
            raise WrongState(_("This breach is closed."))
        if at < locked.discovered_at:
            raise PrivacyError(_("A notice cannot be given before the breach was discovered."))
        if getattr(locked, f"{who}_notified_at"):
            raise WrongState(_("This notice is already recorded."))
        setattr(locked, f"{who}_notified_at", at)
        setattr(locked, f"{who}_notice", notice)
        locked.save()
        audit.record(
            f"privacy.breach_{who}_notified",
            actor=actor,
            target=locked,
            office=locked.office,
            new={"at": at, "late": at > locked.due_at},
        )
        rule = seed.BREACH_SUBJECTS if who == "subjects" else seed.BREACH_AUTHORITY
        _stop_clocks(locked, actor, rule=rule, at=at)
    return locked


def breach_notify_subjects(
    *, breach: Breach, actor: Any, notice: str, at: dt.datetime | None = None
) -> Breach:
    """Record the written notice to the people affected (Ps.46(1) huruf a)."""
    return _breach_notify(breach=breach, actor=actor, notice=notice, at=at, who="subjects")


def breach_notify_authority(
    *, breach: Breach, actor: Any, notice: str, at: dt.datetime | None = None
) -> Breach:
    """Record the written notice to the authority (*lembaga*, Ps.46(1) huruf b)."""
    return _breach_notify(breach=breach, actor=actor, notice=notice, at=at, who="authority")


def breach_close(*, breach: Breach, actor: Any, note: str = "", measures: str = "") -> Breach:
    """Close a breach once both notices are recorded."""
    require(actor, breach.office)
    with transaction.atomic():
        locked = _locked(breach)
        if locked.status != Breach.Status.OPEN:
            raise WrongState(_("This breach is already closed."))
        if not (locked.subjects_notified_at and locked.authority_notified_at):
            raise WrongState(
                _("Record the notices to the people affected and to the authority first.")
            )
        note = (note or "").strip()
        _move(
            locked,
            actor,
            action="privacy.breach_closed",
            to=Breach.Status.CLOSED,
            reason=note,
            closed_at=timezone.now(),
            closing_note=note,
            measures=(measures or "").strip() or locked.measures,
        )
    return locked
