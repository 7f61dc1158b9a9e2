"""Mass-complaint groups: what staff do with them, and what the pages read.

**One examination, individual answers.** A group is examined once, through its *lead case* (a
member, or the investigation opened for the group); every member keeps its own clocks, state
and reporter. "Answer every reporter" sends each member's reporter their own message through
the case's reporter-message service (``aduan.cases.services.case_add_note``: a note on that
case, one message per reporter in their channel and language, audited on that case), so each
reply is on its own case and nothing is shared but the words.

Every state change: permission (staff of the group's office: ``receive``; an investigation and
an alert's grouping: ``open_iaps``), the group's row locked, one transaction, an audit event.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from aduan.cases import permissions
from aduan.cases.models import Case
from aduan.core import audit
from aduan.core.errors import DomainError
from aduan.stats.models import MassComplaint

MAX_MEMBERS = 2000
G = MassComplaint


class GroupError(DomainError):
    code = "mass_complaint_invalid"


# --- reading


def groups_for(user: Any) -> QuerySet[MassComplaint]:
    """The groups of the offices ``user`` may see."""
    from aduan.directory.scoping import limit_to_offices

    return limit_to_offices(MassComplaint.objects.select_related("office"), user)


def group_list(user: Any) -> QuerySet[MassComplaint]:
    return (
        groups_for(user)
        .select_related("lead_case", "iaps_case")
        .annotate(members=Count("cases", distinct=True))
        .order_by("status", "-created_at", "-id")
    )


def members_of(group: MassComplaint) -> QuerySet[Case]:
    """The group's reports with what the group page shows of each: state, next due, how its
    reporter is reached and the status of the last message to them (no identity)."""
    from aduan.messaging.models import OutgoingMessage

    last = OutgoingMessage.objects.filter(case=OuterRef("pk")).order_by("-created_at", "-id")
    return (
        group.cases.select_related("agency", "intake_type", "channel")
        .annotate(
            last_message_status=Subquery(last.values("status")[:1]),
            last_message_at=Subquery(last.values("created_at")[:1]),
            reporter_count=Count("reporters", distinct=True),
            reachable=Count(
                "reporters",
                filter=(Q(reporters__contact_channel="email") & ~Q(reporters__email=""))
                | (
                    Q(reporters__contact_channel__in=["sms", "whatsapp", "telepon"])
                    & ~Q(reporters__phone="")
                )
                | (Q(reporters__contact_channel="pos") & ~Q(reporters__address="")),
                distinct=True,
            ),
        )
        .order_by("received_at", "id")
    )


def message_status_label(code: str | None) -> str:
    from aduan.messaging.models import OutgoingMessage

    if not code:
        return _("no message yet")
    return str(dict(OutgoingMessage.Status.choices).get(code, code))


def lead_choices(group: MassComplaint) -> QuerySet[Case]:
    ids = list(group.cases.values_list("pk", flat=True)[:MAX_MEMBERS])
    if group.iaps_case_id:
        ids.append(group.iaps_case_id)
    return Case.objects.filter(pk__in=ids, office_id=group.office_id).order_by("received_at")


def groups_for_alert(alert: Any) -> QuerySet[MassComplaint]:
    """The open automatic groups a spike alert proposes: the alert's office, a span overlapping
    the alert's seven days, and the same key (an agency alert: a group on that agency; a region
    alert: a group on that place) or members among the alert's reports (any dimension, e.g.
    the substance); the groups sharing most of its reports first."""
    from aduan.stats import spikes

    start = spikes._midnight(alert.window_start, alert.office)
    end = spikes._midnight(alert.window_end + dt.timedelta(days=1), alert.office)
    behind = spikes.alert_cases(alert).order_by().values("pk")
    same_key = Q(pk__in=[])
    if alert.dimension == alert.Dimension.AGENCY:
        same_key = Q(basis=G.Basis.AGENCY, basis_key=alert.key)
    elif alert.dimension == alert.Dimension.REGION:
        same_key = Q(basis=G.Basis.PLACE, basis_key=alert.key)
    return (
        MassComplaint.objects.filter(
            office_id=alert.office_id,
            origin=G.Origin.AUTOMATIC,
            status__in=[G.Status.OPEN, G.Status.EXAMINED],
            first_received_at__lt=end,
            last_received_at__gte=start,
        )
        .annotate(
            shared=Count("cases", filter=Q(cases__in=behind), distinct=True),
            members=Count("cases", distinct=True),
        )
        .filter(same_key | Q(shared__gt=0))
        .order_by("-shared", "-members", "-id")
    )


# --- changes


def _lock(group: MassComplaint) -> MassComplaint:
    return (
        MassComplaint.objects.select_for_update(of=("self",))
        .select_related("office")
        .get(pk=group.pk)
    )


def _guard_not_closed(group: MassComplaint) -> None:
    if group.is_closed:
        raise GroupError(_("This mass complaint is closed."))


def _span(group: MassComplaint) -> None:
    """Keep the group's first and last reception in step with its members."""
    first_last = group.cases.order_by().values_list("received_at", flat=True)
    moments = list(first_last)
    group.first_received_at = min(moments) if moments else None
    group.last_received_at = max(moments) if moments else None


def group_create(
    *, office: Any, actor: Any, title: str, cases: Iterable[Case] = ()
) -> MassComplaint:
    """A group made by hand, with the reports staff chose (of this office)."""
    permissions.require(actor, "receive", office=office)
    title = (title or "").strip()
    if not title:
        raise GroupError(_("Give the mass complaint a title."))
    cases = list(cases)
    foreign = [c.reference for c in cases if c.office_id != office.pk]
    if foreign:
        raise GroupError(
            _("These reports are not of this office: %(refs)s") % {"refs": ", ".join(foreign)}
        )
    with transaction.atomic():
        group = MassComplaint.objects.create(
            office=office, title=title[:255], origin=G.Origin.MANUAL, created_by=actor
        )
        group.cases.set(cases)
        _span(group)
        group.save(update_fields=["first_received_at", "last_received_at"])
        audit.record(
            "mass_complaint.created",
            actor=actor,
            target=group,
            office=office,
            new={
                "title": group.title,
                "origin": group.origin,
                "cases": [c.reference for c in cases],
            },
        )
    return group


def group_add_case(
    *, group: MassComplaint, case: Case, actor: Any, reason: str = ""
) -> MassComplaint:
    """Add a report of the group's office to it by hand."""
    permissions.require(actor, "receive", office=group.office)
    with transaction.atomic():
        group = _lock(group)
        _guard_not_closed(group)
        if case.office_id != group.office_id:
            raise GroupError(_("The report is not of this office."))
        if group.cases.filter(pk=case.pk).exists():
            raise GroupError(_("The report is already in this mass complaint."))
        group.cases.add(case)
        if case.pk in (group.removed_case_ids or []):
            group.removed_case_ids = [pk for pk in group.removed_case_ids if pk != case.pk]
        _span(group)
        group.save(update_fields=["first_received_at", "last_received_at", "removed_case_ids"])
        audit.record(
            "mass_complaint.grouped",
            actor=actor,
            target=group,
            office=group.office,
            new={"case": case.reference, "by_hand": True},
            reason=(reason or "").strip(),
        )
    return group


def group_remove_case(
    *, group: MassComplaint, case: Case, actor: Any, reason: str = ""
) -> MassComplaint:
    """Take a report out of the group by hand (it is never put back automatically)."""
    permissions.require(actor, "receive", office=group.office)
    with transaction.atomic():
        group = _lock(group)
        _guard_not_closed(group)
        if not group.cases.filter(pk=case.pk).exists():
            raise GroupError(_("The report is not in this mass complaint."))
        if group.lead_case_id == case.pk:
            raise GroupError(_("This report is the group's lead case; choose another lead first."))
        group.cases.remove(case)
        group.removed_case_ids = sorted({*(group.removed_case_ids or []), case.pk})
        _span(group)
        group.save(update_fields=["first_received_at", "last_received_at", "removed_case_ids"])
        audit.record(
            "mass_complaint.removed",
            actor=actor,
            target=group,
            office=group.office,
            old={"case": case.reference},
            reason=(reason or "").strip(),
        )
    return group


def group_rename(*, group: MassComplaint, actor: Any, title: str) -> MassComplaint:
    permissions.require(actor, "receive", office=group.office)
    title = (title or "").strip()
    if not title:
        raise GroupError(_("Give the mass complaint a title."))
    with transaction.atomic():
        group = _lock(group)
        old = group.title
        if old == title[:255]:
            return group
        group.title = title[:255]
        group.save(update_fields=["title"])
        audit.record(
            "mass_complaint.renamed",
            actor=actor,
            target=group,
            office=group.office,
            old={"title": old},
            new={"title": group.title},
        )
    return group


def group_set_lead(*, group: MassComplaint, actor: Any, case: Case) -> MassComplaint:
    """Choose the case examined for the whole group: one of its reports, or its investigation.
    The group is then examined through it; the members keep their own clocks."""
    permissions.require(actor, "receive", office=group.office)
    with transaction.atomic():
        group = _lock(group)
        _guard_not_closed(group)
        if case.office_id != group.office_id:
            raise GroupError(_("The lead case must be of this office."))
        if case.pk != group.iaps_case_id and not group.cases.filter(pk=case.pk).exists():
            raise GroupError(
                _("Choose one of the group's reports or its own-initiative investigation.")
            )
        old = {"lead": group.lead_case.reference if group.lead_case else "", "status": group.status}
        group.lead_case = case
        group.status = G.Status.EXAMINED
        group.save(update_fields=["lead_case", "status"])
        audit.record(
            "mass_complaint.lead_chosen",
            actor=actor,
            target=group,
            office=group.office,
            old=old,
            new={"lead": case.reference, "status": group.status},
        )
    return group


def group_answer_reporters(*, group: MassComplaint, actor: Any, text: str) -> dict[str, list[str]]:
    """Send every member's reporter their own reply with the group's outcome: one message to
    the reporter on each member case (its note, its messages, its audit event), through
    ``case_add_note``. Members whose reporter withdrew are skipped. Each case keeps its clocks.
    Returns the references answered and skipped."""
    from aduan.cases.models import Note
    from aduan.cases.services import case_add_note

    permissions.require(actor, "receive", office=group.office)
    text = (text or "").strip()
    if not text:
        raise GroupError(_("Write the outcome to send to every reporter."))
    answered: list[str] = []
    skipped: list[str] = []
    with transaction.atomic():
        group = _lock(group)
        _guard_not_closed(group)
        members = list(group.cases.order_by("received_at", "id")[:MAX_MEMBERS])
        if not members:
            raise GroupError(_("The mass complaint has no reports to answer."))
        for case in members:
            if case.reporter_left:
                skipped.append(case.reference)
                continue
            case_add_note(case=case, actor=actor, kind=Note.Kind.TO_REPORTER, text=text)
            answered.append(case.reference)
        group.outcome = text
        group.answered_at = timezone.now()
        group.save(update_fields=["outcome", "answered_at"])
        audit.record(
            "mass_complaint.answered",
            actor=actor,
            target=group,
            office=group.office,
            new={"answered": answered, "skipped": skipped},
        )
    return {"answered": answered, "skipped": skipped}


def group_close(*, group: MassComplaint, actor: Any, reason: str = "") -> MassComplaint:
    """Close the group: no report joins it any more. Its reports stay as they are."""
    permissions.require(actor, "receive", office=group.office)
    with transaction.atomic():
        group = _lock(group)
        _guard_not_closed(group)
        old = group.status
        group.status = G.Status.CLOSED
        group.save(update_fields=["status"])
        audit.record(
            "mass_complaint.closed",
            actor=actor,
            target=group,
            office=group.office,
            old={"status": old},
            new={"status": group.status},
            reason=(reason or "").strip(),
        )
    return group


def examination_units(group: MassComplaint) -> Any:
    from aduan.directory.models import Unit

    return group.office.units.filter(kind=Unit.Kind.PEMERIKSAAN, active=True).order_by("code")


def default_unit(group: MassComplaint, actor: Any) -> Any:
    units = examination_units(group)
    return units.filter(pk=getattr(actor, "unit_id", None)).first() or units.first()


def _without_reporters(text: str, reports: Iterable[Case]) -> str:
    """``text`` with every trace of the members' reporters removed: an automatic group's title
    is made of the words its reports share, which can be a reporter's name, and an IAPS is not
    confidential: its title reaches the agency (the identity guard, ``cases.identity``)."""
    from aduan.cases.identity import redact

    for report in reports:
        text = redact(report, text, always=True)
    return text


def group_open_iaps(*, group: MassComplaint, actor: Any, title: str = "", unit: Any = None) -> Case:
    """Make the group an own-initiative investigation (IAPS) in one step, linked to its reports;
    the investigation becomes the group's lead case unless one was chosen."""
    from aduan.cases.services import case_open_iaps
    from aduan.directory.models import Agency
    from aduan.reference.models import Substance

    permissions.require(actor, "open_iaps", office=group.office)
    with transaction.atomic():
        group = _lock(group)
        _guard_not_closed(group)
        if group.iaps_case_id:
            raise GroupError(
                _("An own-initiative investigation was already opened for this group.")
            )
        unit = unit or default_unit(group, actor)
        if unit is None:
            raise GroupError(_("This office has no examination unit to give the investigation."))
        reports = list(group.cases.order_by("received_at", "id")[:MAX_MEMBERS])
        agency = (
            Agency.objects.filter(pk=group.basis_key).first()
            if group.basis == G.Basis.AGENCY and group.basis_key.isdigit()
            else None
        )
        substances = Counter(c.substance_id for c in reports if c.substance_id)
        substance = (
            Substance.objects.filter(pk=substances.most_common(1)[0][0]).first()
            if substances
            else None
        )
        case = case_open_iaps(
            office=group.office,
            actor=actor,
            title=_without_reporters((title or "").strip() or group.title, reports)[:255],
            unit=unit,
            agency=agency,
            substance=substance,
            linked_reports=reports,
        )
        group.iaps_case = case
        changed = ["iaps_case"]
        if group.lead_case_id is None:
            group.lead_case = case
            group.status = G.Status.EXAMINED
            changed += ["lead_case", "status"]
        group.save(update_fields=changed)
        audit.record(
            "mass_complaint.iaps_opened",
            actor=actor,
            target=group,
            office=group.office,
            new={"case": case.reference, "reports": len(reports)},
        )
    return case
