"""Deliveries: a notice, letter, LAHP or recommendation sent to one addressee, and when it
reached them (decision 0018). Clocks the law starts on receipt (UU 37/2008 Ps.25, Ps.38(2);
Peraturan Ombudsman 58/2023 Ps.54(1); the reporter's response to the draft LAHP) wait on a
delivery and start the day it is received.

Which event counts as receipt, by method:

- liaison portal, tracking page: the addressee opens it (``delivery_opened``);
- e-mail, SMS/WhatsApp: a provider's delivery status where one comes (``delivery_status``);
  e-mail sent over SMTP has none, so it counts by presumption unless opened on the tracking
  page or a receipt is entered;
- post, hand delivery: the date on the tanda terima that staff enter
  (``delivery_record_receipt``); handed over at the office: received when handed over;
- nothing known: the office's presumption, ``receipt_presumed_days_electronic`` / ``_post``
  calendar days after sending in the office's zone (``presume_receipts``, run by the
  sweeper); an empty setting means no presumption: the clock waits for a real receipt.

Each function here: guard, lock, one transaction, audit.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aduan.cases.errors import NotAllowed
from aduan.core import audit
from aduan.core.errors import DomainError
from aduan.deadlines.models import Deadline, Delivery
from aduan.deadlines.workdays import local_date

log = logging.getLogger(__name__)
M = Delivery.Method
B = Delivery.ReceiptBasis

# What was sent (``Delivery.document``): code → label.
DOCUMENTS: dict[str, Any] = {
    "permintaan-kelengkapan": gettext_lazy("request to complete the report"),
    "permintaan-klarifikasi": gettext_lazy("clarification request"),
    "rancangan-lahp": gettext_lazy("draft LAHP"),
    "lhp": gettext_lazy("final examination report (LHP)"),
    "rekomendasi": gettext_lazy("recommendation"),
}
ELECTRONIC = frozenset({M.PORTAL, M.TRACKING, M.EMAIL, M.MESSAGE})
POSTAL = frozenset({M.POST, M.HAND})
# The bases staff may enter on the case page.
STAFF_BASES = frozenset({B.TANDA_TERIMA, B.IN_PERSON})

AUDIT_ACTIONS = {
    "delivery.sent": gettext_lazy("Document sent"),
    "delivery.received": gettext_lazy("Receipt recorded"),
    "delivery.receipt_corrected": gettext_lazy("Receipt corrected"),
}


class DeliveryError(DomainError):
    code = "delivery_invalid"


class ReceiptNotAllowed(NotAllowed):
    pass


def document_label(code: str) -> str:
    return str(DOCUMENTS.get(code, code))


def presumed_on(office: Any, method: str, sent_at: dt.datetime) -> dt.date | None:
    """The day a delivery counts as received when nothing else is known: the office's
    presumption in calendar days after sending, in its zone; None when the office set none (or
    for a handover at the office, which is received on the spot)."""
    if method in ELECTRONIC:
        days = office.receipt_presumed_days_electronic
    elif method in POSTAL:
        days = office.receipt_presumed_days_post
    else:
        days = None
    if days is None:
        return None
    return local_date(sent_at, office) + dt.timedelta(days=days)


def started_by(delivery: Delivery) -> dict[str, Any]:
    """What a clock's explanation keeps of the receipt that started it."""
    return {
        "delivery": delivery.pk,
        "document": delivery.document,
        "addressee": delivery.addressee,
        "method": delivery.method,
        "basis": delivery.receipt_basis,
        "received_on": delivery.received_on.isoformat() if delivery.received_on else None,
        "sent_at": local_date(delivery.sent_at, delivery.office).isoformat(),
        "presumed_on": delivery.presumed_on.isoformat() if delivery.presumed_on else None,
    }


def _case_model() -> Any:
    return Delivery._meta.get_field("case").related_model


def _lock(delivery: Delivery) -> Delivery:
    """Lock the delivery, then its case (the order every service here keeps: delivery, case,
    clocks; case services never lock a delivery)."""
    locked = (
        Delivery.objects.select_for_update(of=("self",))
        .select_related("office")
        .get(pk=delivery.pk)
    )
    if locked.case_id is not None:
        _case_model().objects.select_for_update(no_key=True).filter(pk=locked.case_id).first()
    return locked


def _record(
    action: str, delivery: Delivery, *, actor: Any, old: Any = None, reason: str = "", **new: Any
) -> None:
    audit.record(
        action,
        actor=actor,
        target=delivery.case if delivery.case_id else delivery,
        office=delivery.office,
        old=old,
        new={
            "delivery": delivery.pk,
            "document": delivery.document,
            "addressee": delivery.addressee,
            "method": delivery.method,
            **new,
        },
        reason=reason,
    )


def delivery_send(
    *,
    subject: models.Model,
    case: Any,
    document: str,
    addressee: str,
    method: str,
    actor: Any,
    office: Any = None,
    agency: Any = None,
    addressee_name: str = "",
    sent_at: dt.datetime | None = None,
) -> Delivery:
    """Record that ``document`` (about ``subject``) went to ``addressee`` by ``method``.

    Its presumed receipt is set from the office's settings; a handover at the office is
    received on the spot. ``agency``: the agency addressed (its liaison's opening in the portal
    is the receipt). Never put a reporter's name in ``addressee_name`` (it would outlive the
    retention schedule); name agencies only."""
    if addressee not in Delivery.Addressee.values:
        raise DeliveryError(_("Unknown addressee."))
    if method not in M.values:
        raise DeliveryError(_("Unknown way of sending."))
    office = office or case.office
    now = timezone.now()
    sent_at = sent_at or now
    if local_date(sent_at, office) > local_date(now, office):
        raise DeliveryError(_("A document cannot be recorded as sent in the future."))
    with transaction.atomic():
        delivery = Delivery.objects.create(
            office=office,
            case=case,
            subject_type=ContentType.objects.get_for_model(subject),
            subject_id=str(subject.pk),
            document=document,
            addressee=addressee,
            addressee_name=(addressee_name or "")[:200],
            agency=agency,
            method=method,
            sent_at=sent_at,
            presumed_on=presumed_on(office, method, sent_at),
        )
        _record(
            "delivery.sent",
            delivery,
            actor=actor,
            sent_at=sent_at,
            presumed_on=delivery.presumed_on,
        )
        if method == M.IN_PERSON:
            _receive(delivery, local_date(sent_at, office), B.IN_PERSON, actor=actor, at=sent_at)
    return delivery


def _receive(
    delivery: Delivery,
    day: dt.date,
    basis: str,
    *,
    actor: Any,
    at: dt.datetime | None = None,
    note: str = "",
) -> Delivery:
    """Write the receipt on a locked delivery and start (or move) its clocks."""
    from aduan.deadlines.services import deadline_restart_on_receipt, deadline_start_waiting

    old = (
        {"received_on": delivery.received_on, "basis": delivery.receipt_basis}
        if delivery.received_on
        else None
    )
    delivery.received_on, delivery.receipt_basis = day, basis
    delivery.receipt_note = (note or "")[:300]
    delivery.recorded_by = actor if getattr(actor, "is_authenticated", False) else None
    delivery.recorded_at = timezone.now()
    if basis == B.OPENED and delivery.opened_at is None:
        delivery.opened_at = at or timezone.now()
    if basis == B.DELIVERY_STATUS and delivery.delivered_at is None:
        delivery.delivered_at = at or timezone.now()
    delivery.save()
    _record(
        "delivery.receipt_corrected" if old else "delivery.received",
        delivery,
        actor=actor,
        old=old,
        received_on=day,
        basis=basis,
        reason=note,
    )
    for clock in Deadline.objects.filter(delivery=delivery, state=Deadline.State.WAITING):
        deadline_start_waiting(deadline=clock, delivery=delivery, actor=actor)
    if old:
        for clock in Deadline.objects.filter(delivery=delivery, state=Deadline.State.OPEN):
            deadline_restart_on_receipt(deadline=clock, delivery=delivery, actor=actor)
    _meet_when_all_received(delivery, actor=actor)
    return delivery


# Clocks that end when a document has reached every addressee: document → rule codes. The
# final LHP's delivery clock (office practice, decision 0018) is met on the last receipt.
MET_ON_RECEIPT: dict[str, tuple[str, ...]] = {"lhp": ("penyampaian-lhp",)}


def _meet_when_all_received(delivery: Delivery, *, actor: Any) -> None:
    codes = MET_ON_RECEIPT.get(delivery.document)
    if not codes:
        return
    siblings = Delivery.objects.filter(
        subject_type=delivery.subject_type,
        subject_id=delivery.subject_id,
        document=delivery.document,
    )
    if siblings.filter(received_on__isnull=True).exists():
        return
    from aduan.deadlines.services import deadline_close

    for clock in Deadline.objects.live().filter(
        subject_type=delivery.subject_type,
        subject_id=delivery.subject_id,
        rule__code__in=[code for base in codes for code in (base, f"daerah-{base}")],
    ):
        deadline_close(
            deadline=clock,
            state=Deadline.State.MET,
            actor=actor,
            reason=_("Every addressee has received the document."),
        )


def _moment_day(delivery: Delivery, at: dt.datetime | None) -> tuple[dt.datetime, dt.date]:
    at = at or timezone.now()
    day = max(local_date(at, delivery.office), local_date(delivery.sent_at, delivery.office))
    return at, day


def delivery_opened(*, delivery: Delivery, at: dt.datetime | None = None) -> Delivery:
    """The addressee opened the document (liaison portal, tracking page): received that day,
    in the office's zone. Idempotent: the first receipt known stands (a later opening of a
    document already received, or presumed received, changes no clock)."""
    with transaction.atomic():
        locked = _lock(delivery)
        at, day = _moment_day(locked, at)
        if locked.received_on is not None:
            if locked.opened_at is None:
                locked.opened_at = at
                locked.save(update_fields=["opened_at"])
            return locked
        return _receive(locked, day, B.OPENED, actor=None, at=at)


def delivery_status(*, delivery: Delivery, delivered_at: dt.datetime) -> Delivery:
    """An e-mail or message provider reported the document delivered: received that day."""
    with transaction.atomic():
        locked = _lock(delivery)
        at, day = _moment_day(locked, delivered_at)
        if locked.received_on is not None:
            if locked.delivered_at is None:
                locked.delivered_at = at
                locked.save(update_fields=["delivered_at"])
            return locked
        return _receive(locked, day, B.DELIVERY_STATUS, actor=None, at=at)


def can_record_receipt(user: Any, delivery: Delivery) -> bool:
    """Whoever may act on the delivery's case (``cases.permissions``: "record_receipt")."""
    if delivery.case_id is None:
        return False
    from aduan.cases import permissions

    return permissions.can(user, "record_receipt", delivery.case)


def delivery_record_receipt(
    *,
    delivery: Delivery,
    received_on: dt.date,
    actor: Any,
    basis: str = B.TANDA_TERIMA,
    note: str = "",
) -> Delivery:
    """Staff enter the date on the tanda terima (or of a handover in person). It may replace a
    presumed receipt: the clocks it started are counted again from the real date (audited). A
    receipt already known otherwise is not entered twice."""
    if basis not in STAFF_BASES:
        raise DeliveryError(_("Enter a receipt from a tanda terima or a handover in person."))
    if not can_record_receipt(actor, delivery):
        raise ReceiptNotAllowed(_("Your role does not allow this for this case."))
    if not isinstance(received_on, dt.date):
        raise DeliveryError(_("Give the date of receipt."))
    with transaction.atomic():
        locked = _lock(delivery)
        today = local_date(timezone.now(), locked.office)
        if received_on < local_date(locked.sent_at, locked.office):
            raise DeliveryError(
                _("The date of receipt (%(day)s) is before the document was sent (%(sent)s).")
                % {
                    "day": received_on.isoformat(),
                    "sent": local_date(locked.sent_at, locked.office).isoformat(),
                }
            )
        if received_on > today:
            raise DeliveryError(_("The date of receipt cannot be in the future."))
        if locked.received_on is not None and locked.receipt_basis != B.PRESUMED:
            raise DeliveryError(
                _("The receipt of this document is already recorded (%(day)s, %(basis)s).")
                % {
                    "day": locked.received_on.isoformat(),
                    "basis": locked.get_receipt_basis_display(),
                }
            )
        return _receive(locked, received_on, basis, actor=actor, note=note)


def _today_by_zone(now: dt.datetime) -> dict[str, dt.date]:
    from aduan.directory.models import TIME_ZONE_CHOICES

    return {zone: now.astimezone(ZoneInfo(zone)).date() for zone, _label in TIME_ZONE_CHOICES}


def presume_receipts(*, now: dt.datetime | None = None) -> int:
    """The sweeper's step: record a PRESUMED receipt on each delivery whose presumed day has
    come (in its office's zone) with no receipt known. Each delivery in its own transaction,
    claimed with SKIP LOCKED where the database has it, so several workers never record one
    twice. Returns how many were recorded."""
    now = now or timezone.now()
    done = 0
    for zone, today in _today_by_zone(now).items():
        ids = list(
            Delivery.objects.filter(
                received_on__isnull=True,
                presumed_on__isnull=False,
                presumed_on__lte=today,
                office__time_zone=zone,
            )
            .order_by("presumed_on", "pk")
            .values_list("pk", flat=True)
        )
        for pk in ids:
            with transaction.atomic():
                rows = Delivery.objects.filter(pk=pk, received_on__isnull=True)
                if connection.features.has_select_for_update_skip_locked:
                    rows = rows.select_for_update(skip_locked=True)
                else:
                    rows = rows.select_for_update()
                claimed = rows.select_related("office").first()
                if claimed is None:
                    continue  # another worker took it, or a receipt came meanwhile
                if claimed.case_id is not None:
                    _case_model().objects.select_for_update(no_key=True).filter(
                        pk=claimed.case_id
                    ).first()
                _receive(claimed, claimed.presumed_on, B.PRESUMED, actor=None)
                done += 1
    return done


# --- how a document goes out --------------------------------------------------------------------
def reporter_method(case: Any) -> str:
    """How a notice reaches the case's (first) reporter, by the channel they chose: e-mail,
    SMS/WhatsApp, post; a reporter with no usable address reads it on the tracking page."""
    reporter = case.reporters.order_by("pk").first()
    if reporter is None:
        return M.TRACKING
    channel = reporter.contact_channel
    if channel == "email" and reporter.email:
        return M.EMAIL
    if channel in {"sms", "whatsapp"} and reporter.phone:
        return M.MESSAGE
    if channel == "pos" and reporter.address:
        return M.POST
    return M.TRACKING


def has_portal(agency: Any) -> bool:
    """True if an active liaison with a portal account sees ``agency`` (its own agency or one
    above it in the tree)."""
    from aduan.directory.models import Liaison

    paths = Liaison.objects.filter(
        active=True, agency__active=True, user__isnull=False, user__is_active=True
    ).values_list("agency__path", flat=True)
    return any(agency.path.startswith(path) for path in paths)


def agency_method(agency: Any) -> str:
    """How a document reaches an agency: the liaison portal when it has a liaison, else e-mail
    when it has an address, else post."""
    if has_portal(agency):
        return M.PORTAL
    if agency.email:
        return M.EMAIL
    return M.POST


def send_to_reporter(
    *,
    case: Any,
    subject: models.Model,
    document: str,
    actor: Any,
    sent_at: dt.datetime | None = None,
) -> Delivery:
    """Record ``document`` sent to the case's reporter by the channel they chose."""
    return delivery_send(
        subject=subject,
        case=case,
        document=document,
        addressee=Delivery.Addressee.REPORTER,
        method=reporter_method(case),
        actor=actor,
        sent_at=sent_at,
    )


def send_to_agency(
    *,
    case: Any,
    subject: models.Model,
    document: str,
    agency: Any,
    addressee: str,
    actor: Any,
    sent_at: dt.datetime | None = None,
    method: str | None = None,
) -> Delivery:
    """Record ``document`` sent to ``agency`` (the terlapor or its superior)."""
    return delivery_send(
        subject=subject,
        case=case,
        document=document,
        addressee=addressee,
        method=method or agency_method(agency),
        agency=agency,
        addressee_name=agency.name,
        actor=actor,
        sent_at=sent_at,
    )


# --- the addressee opens it ------------------------------------------------------------------
def liaison_opened_case(*, case: Any, agency_ids: list[int], at: dt.datetime | None = None) -> int:
    """A liaison opened the case in the portal: every portal delivery of the case addressed to
    their agency (or below it) that was not yet received is received now. Returns how many."""
    waiting = Delivery.objects.filter(
        case=case, method=M.PORTAL, agency_id__in=agency_ids, received_on__isnull=True
    )
    count = 0
    for delivery in list(waiting):
        delivery_opened(delivery=delivery, at=at)
        count += 1
    return count


def reporter_opened(*, case: Any, documents: list[str], at: dt.datetime | None = None) -> int:
    """The reporter opened the tracking page, which shows ``documents`` (the request to
    complete, the draft LAHP): each such delivery to the reporter not yet received is received
    now, whatever way it was also sent. Returns how many."""
    if not documents:
        return 0
    waiting = Delivery.objects.filter(
        case=case,
        addressee=Delivery.Addressee.REPORTER,
        document__in=documents,
        received_on__isnull=True,
    )
    count = 0
    for delivery in list(waiting):
        delivery_opened(delivery=delivery, at=at)
        count += 1
    return count
