"""The one door every channel ends in, and the durable inbox of machine channels.

``submit`` turns a ``Submission`` into a case through ``cases.services.case_receive``: it finds
the office (the one named, else the office covering the region of the event, else the default
intake office), attaches the files, and is idempotent by ``Submission.key``.

``accept`` stores a raw inbound message before the sender is acknowledged (deduplicated by the
channel and the sender's message id); ``process`` runs the channel's handler on it in a task,
and ``retry_failed`` (called by the sweeper) tries again what failed, so a crash between the
acknowledgement and the case loses nothing and a redelivery creates nothing twice.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aduan.cases import services as cases
from aduan.cases.documents import document_add
from aduan.cases.errors import IntakeError
from aduan.cases.models import Case
from aduan.directory.models import Office
from aduan.intake.lookups import current
from aduan.intake.models import Inbound
from aduan.regions.models import Region

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 5
RETRY_AFTER = dt.timedelta(minutes=2)
Handler = Callable[[Inbound], "Case | None"]
HANDLERS: dict[str, Handler] = {}


@dataclass
class Attachment:
    name: str
    data: bytes
    kind: str = "bukti"  # a cases.Document.Kind value


@dataclass
class Submission:
    """A report as a channel understood it. ``key`` makes a retry return the first case."""

    channel: str
    title: str
    reporters: list[dict[str, Any]]
    intake_type: str = "lm"
    key: str | None = None
    office: Office | None = None
    region: str | Region | None = None
    confidential: bool = False
    received_at: dt.datetime | None = None
    attachments: list[Attachment] = field(default_factory=list)
    fields: dict[str, Any] = field(default_factory=dict)  # cases.services.CASE_FIELDS


def route_office(
    *, office: Office | None = None, region: str | Region | None = None, lookups: Any = None
) -> Office:
    """The office that receives a report: the one named, else the one covering the region,
    else ``ADUAN_INTAKE_OFFICE`` (an office code), else the central office."""
    if office is not None:
        return office
    lookups = lookups or current()
    region = lookups.region(region)
    if isinstance(region, Region):
        covering = lookups.covering_office(region)
        if covering is not None:
            return covering
    fallback = lookups.default_office(getattr(settings, "ADUAN_INTAKE_OFFICE", "") or "")
    if fallback is None:
        raise IntakeError(_("No office can receive this report; set ADUAN_INTAKE_OFFICE."))
    return fallback


def submit(submission: Submission, *, actor: Any = None) -> Case:
    """Make (or, for a repeated key, find) the case, with its files, in one transaction."""
    lookups = current()
    region = lookups.region(submission.region)
    office = route_office(office=submission.office, region=region, lookups=lookups)
    key = f"{submission.channel}:{submission.key}"[:100] if submission.key else None
    fields = dict(submission.fields)
    if region is not None:
        fields.setdefault("event_region", region)
    with transaction.atomic():
        case, created = cases.case_receive_once(
            office=office,
            intake_type=submission.intake_type,
            channel=submission.channel,
            title=submission.title[:255],
            reporters=submission.reporters,
            actor=actor,
            received_at=submission.received_at,
            confidential=submission.confidential,
            intake_key=key,
            lookups=lookups,
            **{name: value for name, value in fields.items() if value is not None},
        )
        if created:  # a retry (same key) returns the first case and adds nothing
            for attachment in submission.attachments:
                upload = SimpleUploadedFile(attachment.name, attachment.data)
                document_add(case=case, upload=upload, kind=attachment.kind, actor=None)
    return case


# --- the durable inbox of machine channels --------------------------------------------------
def handler(channel: str) -> Callable[[Handler], Handler]:
    """Register the function that turns a stored inbound message of ``channel`` into a case
    (or returns None when the message is to be ignored)."""

    def register(function: Handler) -> Handler:
        HANDLERS[channel] = function
        return function

    return register


def accept(
    channel: str, external_id: str, *, payload: dict | None = None, raw: bytes = b""
) -> tuple[Inbound, bool]:
    """Store an inbound message durably, once. Returns (row, created); a redelivery of the same
    message id returns the first row and schedules nothing."""
    external_id = external_id.strip()[:255]
    if not external_id:
        raise IntakeError(_("An inbound message needs the sender's message id."))
    existing = Inbound.objects.filter(channel=channel, external_id=external_id).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            inbound = Inbound.objects.create(
                channel=channel, external_id=external_id, payload=payload or {}, raw=raw
            )
    except IntegrityError:
        return Inbound.objects.get(channel=channel, external_id=external_id), False
    from aduan.intake.tasks import process_inbound_task

    pk = inbound.pk
    transaction.on_commit(lambda: process_inbound_task.enqueue(inbound_id=pk))
    return inbound, True


def process(inbound_id: int) -> str:
    """Run the channel's handler on one stored message. Safe to run twice or from several
    workers: the row is claimed under a lock and a processed message is left alone."""
    with transaction.atomic():
        inbound = (
            Inbound.objects.select_for_update(skip_locked=True)
            .filter(pk=inbound_id, status__in=[Inbound.Status.NEW, Inbound.Status.FAILED])
            .first()
        )
        if inbound is None:
            return "skipped"
        function = HANDLERS.get(inbound.channel)
        inbound.attempts += 1
        try:
            if function is None:
                raise IntakeError(f"no handler for channel {inbound.channel!r}")
            with transaction.atomic():
                case = function(inbound)
        except Exception as exc:
            inbound.error = f"{type(exc).__name__}: {exc}"[:2000]
            inbound.status = (
                Inbound.Status.GAVE_UP
                if inbound.attempts >= MAX_ATTEMPTS
                else Inbound.Status.FAILED
            )
            log.warning(
                "inbound %s (%s) failed, attempt %s: %s",
                inbound.pk,
                inbound.channel,
                inbound.attempts,
                type(exc).__name__,
            )
        else:
            inbound.status = Inbound.Status.PROCESSED if case else Inbound.Status.IGNORED
            inbound.case, inbound.error = case, ""
            inbound.processed_at = timezone.now()
        inbound.save()
        return inbound.status


def retry_failed(*, now: dt.datetime | None = None, limit: int = 200) -> int:
    """Process again what is still new or failed a little while after it arrived; called by
    the sweeper. Returns how many were processed this time."""
    now = now or timezone.now()
    ids = list(
        Inbound.objects.filter(
            status__in=[Inbound.Status.NEW, Inbound.Status.FAILED],
            received_at__lt=now - RETRY_AFTER,
        )
        .order_by("received_at")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(process(pk) == Inbound.Status.PROCESSED for pk in ids)
