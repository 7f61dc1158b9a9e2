"""Probable duplicates of a new case, and staff's decisions on them (issue 17 §2).

The finder (``find_for_case``, after commit) narrows the earlier reports of the same office
within ``ADUAN_DUPLICATE_WINDOW_DAYS`` by SQL — the same reporter (``ReporterKey``: phone, e-mail
or NIK normalised and hashed) or the same agency, capped — and scores their text in Python
(``matching.similarities``). Staff then merge, link or dismiss (``duplicate_merge``,
``duplicate_link``, ``duplicate_dismiss``). A reporter's identity is used for matching only:
it is shown to staff who may see it, never to the public form, the tracking page (beyond "your
own earlier report") or an agency."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from aduan.cases import engine, permissions
from aduan.cases.errors import CaseError, NotAllowed
from aduan.cases.models import Case, Note, Reporter
from aduan.core import audit
from aduan.deadlines.models import Deadline
from aduan.triage import matching
from aduan.triage.models import CaseRelation, DuplicateCandidate, ReporterKey

# At most this many earlier reports are scored for one new report (per kind of match): the
# newest of the window first. Keeps the finder's cost flat however many reports an office holds.
CANDIDATE_CAP = 200
# At most this many probable repeats are stored for one report: the closest.
KEPT_PER_CASE = 10

REASON_OF_KIND = {"phone": "same_phone", "email": "same_email", "nik": "same_nik"}
REASON_ORDER = ["same_phone", "same_email", "same_nik", "same_agency"]


class DuplicateError(CaseError):
    code = "duplicate_invalid"


# --- thresholds --------------------------------------------------------------------------------


def window() -> dt.timedelta:
    return dt.timedelta(days=settings.ADUAN_DUPLICATE_WINDOW_DAYS)


def thresholds() -> dict[str, float]:
    return {
        "same_reporter_threshold": settings.ADUAN_DUPLICATE_SAME_REPORTER_PERCENT / 100,
        "same_agency_threshold": settings.ADUAN_DUPLICATE_SAME_AGENCY_PERCENT / 100,
    }


# --- reporter keys -----------------------------------------------------------------------------


def keys_for_reporters(reporters: Iterable[Reporter]) -> dict[str, str]:
    """key -> kind for the reporters' phone, e-mail and NIK (anonymised reporters give none)."""
    keys: dict[str, str] = {}
    for reporter in reporters:
        if reporter.anonymised_at is not None:
            continue
        for kind, key in matching.identity_keys(
            phone=reporter.phone, email=reporter.email, id_number=reporter.id_number
        ).items():
            keys[key] = kind
    return keys


def refresh_keys(case: Case) -> dict[str, str]:
    """Write the case's ``ReporterKey`` rows from its reporters as they are now; key -> kind."""
    keys = keys_for_reporters(case.reporters.all())
    ReporterKey.objects.filter(case=case).exclude(key__in=keys).delete()
    ReporterKey.objects.bulk_create(
        [
            ReporterKey(
                case=case,
                office_id=case.office_id,
                kind=kind,
                key=key,
                received_at=case.received_at,
            )
            for key, kind in keys.items()
        ],
        ignore_conflicts=True,
    )
    return keys


# --- the finder --------------------------------------------------------------------------------


def _earlier(case: Case) -> Q:
    """Received before ``case`` (ties by id) within the window, in the same office."""
    return Q(office_id=case.office_id, received_at__gte=case.received_at - window()) & (
        Q(received_at__lt=case.received_at) | Q(received_at=case.received_at, pk__lt=case.pk)
    )


def candidates_for(case: Case, keys: dict[str, str]) -> dict[int, list[str]]:
    """Earlier case id -> reasons, narrowed by SQL: the same reporter key, the same agency."""
    reasons: dict[int, list[str]] = {}
    merged = CaseRelation.objects.filter(kind=CaseRelation.Kind.MERGED).values("case_id")
    if keys:
        rows = (
            ReporterKey.objects.filter(
                office_id=case.office_id,
                key__in=list(keys),
                received_at__gte=case.received_at - window(),
                received_at__lte=case.received_at,
            )
            .exclude(case_id=case.pk)
            .exclude(case_id__in=merged)
            .order_by("-received_at")
            .values_list("case_id", "kind", "received_at")[: CANDIDATE_CAP * 3]
        )
        for case_id, kind, received_at in rows:
            if received_at == case.received_at and case_id > case.pk:
                continue
            found = reasons.setdefault(case_id, [])
            reason = REASON_OF_KIND[kind]
            if reason not in found:
                found.append(reason)
    if case.agency_id is not None:
        same_agency = (
            Case.objects.filter(_earlier(case), agency_id=case.agency_id)
            .exclude(pk__in=merged)
            .order_by("-received_at", "-id")
            .values_list("pk", flat=True)[:CANDIDATE_CAP]
        )
        for pk in same_agency:
            reasons.setdefault(pk, []).append("same_agency")
    return {pk: sorted(found, key=REASON_ORDER.index) for pk, found in reasons.items()}


def score(text: str, candidates: list[tuple[Any, str, list[str]]]) -> list[tuple[Any, float]]:
    """The candidates (id, text, reasons) that count as probable repeats of ``text``, with their
    similarity: the function the benchmark measures."""
    sims = matching.similarities(text, [t for _, t, _ in candidates])
    limits = thresholds()
    return [
        (ident, sim)
        for (ident, _, reasons), sim in zip(candidates, sims, strict=True)
        if matching.is_probable_repeat(sim, reasons, **limits)
    ]


def find_for_case(case: Case) -> list[DuplicateCandidate]:
    """Store the earlier reports ``case`` probably repeats (idempotent: a pair once; an open
    candidate's similarity and reasons are refreshed, a decided one is left as decided)."""
    keys = refresh_keys(case)
    reasons = candidates_for(case, keys)
    if not reasons:
        return []
    if case.agency_id is not None:
        same = Case.objects.filter(pk__in=list(reasons), agency_id=case.agency_id)
        for pk in same.values_list("pk", flat=True):
            if "same_agency" not in reasons[pk]:
                reasons[pk].append("same_agency")
    rows = [
        (pk, matching.text_of(title, chronology), reasons[pk])
        for pk, title, chronology in Case.objects.filter(pk__in=list(reasons))
        .order_by("pk")
        .values_list("pk", "title", "chronology")
    ]
    found = score(matching.text_of(case.title, case.chronology), rows)
    # The closest few: the same reporter first, then by similarity. A mass complaint would
    # otherwise pair each of its reports with every earlier one (its group gathers them).
    identity = set(matching.IDENTITY_REASONS)
    found.sort(key=lambda pair: (not identity & set(reasons[pair[0]]), -pair[1], pair[0]))
    found = found[:KEPT_PER_CASE]
    existing = {
        c.earlier_id: c
        for c in DuplicateCandidate.objects.filter(
            case=case, earlier_id__in=[pk for pk, _ in found]
        )
    }
    stored = []
    for pk, sim in found:
        candidate = existing.get(pk)
        if candidate is None:
            candidate, created = DuplicateCandidate.objects.get_or_create(
                case=case,
                earlier_id=pk,
                defaults={"similarity": round(sim, 4), "reasons": reasons[pk]},
            )
        else:
            created = False
        if not created and candidate.status == DuplicateCandidate.Status.OPEN:
            if candidate.similarity != round(sim, 4) or candidate.reasons != reasons[pk]:
                candidate.similarity = round(sim, 4)
                candidate.reasons = reasons[pk]
                candidate.save(update_fields=["similarity", "reasons"])
        stored.append(candidate)
    return stored


# --- who may decide ----------------------------------------------------------------------------


def may_decide(user: Any, case: Case) -> bool:
    """Staff of the case's office who may verify or examine it (the head of office too)."""
    return permissions.can(user, "verify", case) or permissions.can(user, "examine", case)


def _require(actor: Any, *cases: Case) -> None:
    for case in cases:
        if not may_decide(actor, case):
            raise NotAllowed(_("Your role does not allow deciding on repeats of this report."))


def _locked(candidate: DuplicateCandidate) -> tuple[DuplicateCandidate, Case, Case]:
    """Lock the candidate and both cases (in id order, so two decisions never deadlock)."""
    candidate = DuplicateCandidate.objects.select_for_update().get(pk=candidate.pk)
    first, second = sorted([candidate.case_id, candidate.earlier_id])
    locked = {pk: engine.lock(Case(pk=pk)) for pk in (first, second)}
    return candidate, locked[candidate.case_id], locked[candidate.earlier_id]


def _guard(candidate: DuplicateCandidate, case: Case, earlier: Case, *, both_open: bool) -> None:
    if candidate.status != DuplicateCandidate.Status.OPEN:
        raise DuplicateError(
            _("This probable repeat was already decided: %(status)s.")
            % {"status": candidate.get_status_display()}
        )
    if case.office_id != earlier.office_id:
        raise DuplicateError(_("Reports of different offices cannot be joined."))
    if both_open:
        for c in (case, earlier):
            if not c.is_open:
                raise DuplicateError(
                    _("Report %(ref)s is closed: only open reports can be merged or linked.")
                    % {"ref": c.reference}
                )
        merged = CaseRelation.objects.filter(
            case_id__in=[case.pk, earlier.pk], kind=CaseRelation.Kind.MERGED
        ).first()
        if merged is not None:
            ref = case.reference if merged.case_id == case.pk else earlier.reference
            raise DuplicateError(
                _("Report %(ref)s is already merged into another report.") % {"ref": ref}
            )


def _decided(candidate: DuplicateCandidate, status: str, actor: Any) -> None:
    candidate.status = status
    candidate.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    candidate.decided_at = timezone.now()
    candidate.save(update_fields=["status", "decided_by", "decided_at"])


def same_reporter(case: Case, other: Case) -> bool:
    """True if a reporter of ``case`` and one of ``other`` share a phone, e-mail or NIK."""
    mine = set(ReporterKey.objects.filter(case=case).values_list("key", flat=True))
    return bool(mine) and ReporterKey.objects.filter(case=other, key__in=mine).exists()


# --- decisions ---------------------------------------------------------------------------------


def duplicate_link(*, candidate: DuplicateCandidate, actor: Any, reason: str = "") -> CaseRelation:
    """The two reports are related: each is handled on its own, both pages show the other."""
    _require(actor, candidate.case, candidate.earlier)
    with transaction.atomic():
        candidate, case, earlier = _locked(candidate)
        _guard(candidate, case, earlier, both_open=True)
        relation, _created = CaseRelation.objects.get_or_create(
            case=case,
            other=earlier,
            defaults={
                "kind": CaseRelation.Kind.LINKED,
                "candidate": candidate,
                "reason": reason,
                "created_by": actor,
            },
        )
        _decided(candidate, DuplicateCandidate.Status.LINKED, actor)
        for target, other in ((case, earlier), (earlier, case)):
            audit.record(
                "case.duplicate_linked",
                actor=actor,
                target=target,
                office=target.office,
                new={"linked_to": other.pk, "candidate": candidate.pk},
                reason=reason,
            )
    return relation


def duplicate_merge(
    *,
    candidate: DuplicateCandidate,
    actor: Any,
    reason: str = "",
    keep: Case | None = None,
) -> CaseRelation:
    """Merge one report into the other (by default the later into the earlier; ``keep`` chooses
    the one kept). Both stay, with their reporters, documents and trail; the merged one's
    running clocks stop; its reporters are told now that their report is handled together with
    the kept one; it closes with the kept one, with its outcome, and its reporters are told again
    (``notify_merged_on_close``)."""
    _require(actor, candidate.case, candidate.earlier)
    with transaction.atomic():
        candidate, case, earlier = _locked(candidate)
        _guard(candidate, case, earlier, both_open=True)
        kept = earlier if keep is None or keep.pk == earlier.pk else case
        if keep is not None and keep.pk not in {case.pk, earlier.pk}:
            raise DuplicateError(_("Keep one of the two reports."))
        merged = case if kept is earlier else earlier
        relation = CaseRelation.objects.create(
            case=merged,
            other=kept,
            kind=CaseRelation.Kind.MERGED,
            candidate=candidate,
            reason=reason,
            created_by=actor,
        )
        _decided(candidate, DuplicateCandidate.Status.MERGED, actor)
        engine.stop_clocks(
            merged,
            Deadline.State.CANCELLED,
            actor=actor,
            reason=_("Merged into report %(ref)s.") % {"ref": kept.reference},
        )
        audit.record(
            "case.duplicate_merged",
            actor=actor,
            target=merged,
            office=merged.office,
            new={"merged_into": kept.pk, "candidate": candidate.pk},
            reason=reason,
        )
        audit.record(
            "case.duplicate_merged",
            actor=actor,
            target=kept,
            office=kept.office,
            new={"merged": merged.pk, "candidate": candidate.pk},
            reason=reason,
        )
        _tell_merged_reporters(merged, kept, actor=actor, closed=False)
    return relation


def duplicate_dismiss(*, candidate: DuplicateCandidate, actor: Any, reason: str) -> None:
    """Not a repeat: the candidate is closed and not shown again."""
    _require(actor, candidate.case, candidate.earlier)
    reason = (reason or "").strip()
    with transaction.atomic():
        candidate, case, earlier = _locked(candidate)
        _guard(candidate, case, earlier, both_open=False)
        _decided(candidate, DuplicateCandidate.Status.DISMISSED, actor)
        audit.record(
            "case.duplicate_dismissed",
            actor=actor,
            target=case,
            office=case.office,
            new={"earlier": earlier.pk, "candidate": candidate.pk},
            reason=reason,
        )


# --- the merged report's reporters are answered -----------------------------------------------


def _tell_merged_reporters(merged: Case, kept: Case, *, actor: Any, closed: bool) -> None:
    """A message to the merged report's reporters (their channel, their language, through
    ``aduan.messaging``), on the merged case's own file. The kept report's reference only when
    it is their own earlier report (the same phone, e-mail or NIK): they never learn of another
    person's report."""
    from aduan.messaging.services import queue_for_reporters

    if merged.reporter_left or not merged.reporters.exists():
        return
    own = same_reporter(merged, kept)
    language = merged.reporters.values_list("language", flat=True).first() or "id"
    with translation.override(language):
        if not closed and own:
            text = _(
                "Your report %(ref)s is handled together with your earlier report %(other)s. "
                "You will be answered there; your reference %(ref)s stays valid for tracking."
            )
        elif not closed:
            text = _(
                "Your report %(ref)s is handled together with another report about the same "
                "matter. You will still be answered on your own report %(ref)s."
            )
        elif own:
            text = _(
                "Your earlier report %(other)s, with which your report %(ref)s was handled, has "
                "been closed: %(outcome)s."
            )
        else:
            text = _(
                "The handling of your report %(ref)s, together with another report about the "
                "same matter, has been completed: %(outcome)s."
            )
        outcome = kept.closure_reason.label if kept.closure_reason_id else _("closed")
        text = text % {"ref": merged.reference, "other": kept.reference, "outcome": outcome}
    note = Note.objects.create(case=merged, kind=Note.Kind.TO_REPORTER, text=text, author=None)
    audit.record(
        "case.message_sent",
        actor=actor,
        target=merged,
        office=merged.office,
        new={"note": note.pk},
    )
    queue_for_reporters(case=merged, note=note, actor=actor)


# The kept report closed because its own reporter withdrew (or was deemed to): that ends
# their report, not the matter of the reports merged into it.
REPORTER_ENDED = frozenset({"withdrawn", "deemed_withdrawn", "stopped_after_withdrawal"})


def notify_merged_on_close(case: Case, *, actor: Any = None, action: str = "") -> None:
    """``engine.ON_CLOSED``: the kept report closed (inside its transaction). Each report merged
    into it closes too, with the same outcome, and its reporters are told, on its own file. If
    the kept report closed because its reporter withdrew, the merged reports are not closed:
    the merge is undone (they stay linked) and staff are told on each that it is handled on its
    own again."""
    relations = list(
        CaseRelation.objects.filter(other=case, kind=CaseRelation.Kind.MERGED).select_related(
            "case__office"
        )
    )
    for relation in relations:
        merged = engine.lock(relation.case)
        if action in REPORTER_ENDED:
            _release(relation, merged, case, actor=actor)
            continue
        if merged.state != Case.State.CLOSED:
            engine.set_closure(merged, case.closure_mode, case.closure_reason)
            why = _("Closed with report %(ref)s, into which it was merged.") % {
                "ref": case.reference
            }
            engine.stop_clocks(merged, Deadline.State.CANCELLED, actor=actor, reason=why)
            engine.move(
                merged,
                Case.State.CLOSED,
                actor=actor,
                action="closed_with_merged",
                reason=why,
                kept=case.pk,
            )
        _tell_merged_reporters(merged, case, actor=actor, closed=True)


def _release(relation: CaseRelation, merged: Case, kept: Case, *, actor: Any) -> None:
    relation.kind = CaseRelation.Kind.LINKED
    relation.save(update_fields=["kind"])
    text = _(
        "Report %(kept)s, into which this report was merged, was closed because its reporter "
        "withdrew it. This report is handled on its own again: check its next step and clocks."
    ) % {"kept": kept.reference}
    Note.objects.create(case=merged, kind=Note.Kind.INTERNAL, text=text, author=None)
    audit.record(
        "case.merge_released",
        actor=actor,
        target=merged,
        office=merged.office,
        old={"merged_into": kept.pk},
        new={"linked_to": kept.pk},
    )


# --- reads for pages ---------------------------------------------------------------------------


def merged_into(case: Case) -> Case | None:
    relation = (
        CaseRelation.objects.filter(case=case, kind=CaseRelation.Kind.MERGED)
        .select_related("other")
        .first()
    )
    return relation.other if relation else None
