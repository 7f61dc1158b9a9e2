"""A stored SMS (or the last missing part of a long one) → a new case or a note on an open one."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from aduan.cases.models import Case
from aduan.intake.channels.conversation import text_received
from aduan.intake.models import Inbound
from aduan.intake.services import handler

PARTS_WITHIN = dt.timedelta(days=1)


@handler("sms")
def handle(inbound: Inbound) -> Case | None:
    data = inbound.payload
    total = int(data.get("total") or 1)
    if total <= 1:
        return _received(inbound, data["text"], key=inbound.external_id)
    parts = siblings(inbound)
    if len(parts) < total:
        inbound.note = f"part {data['part']} of {total}; waiting for the others"
        return None
    ordered = [parts[number] for number in range(1, total + 1)]
    text = "".join(row.payload.get("text") or "" for row in ordered)
    # The same key whichever part completes the message, so two racing parts make one case.
    key = f"{data['sender']}:{data['ref']}:{min(row.pk for row in ordered)}"
    case = _received(inbound, text, key=key)
    others = [row.pk for row in ordered if row.pk != inbound.pk]
    note = f"joined into one SMS with inbound {inbound.pk}"
    # A part being processed right now (locked) finishes on its own, with the same key.
    free = Inbound.objects.select_for_update(skip_locked=True).filter(pk__in=others)
    Inbound.objects.filter(pk__in=list(free.values_list("pk", flat=True))).update(
        status=Inbound.Status.PROCESSED, case=case, note=note, processed_at=timezone.now()
    )
    inbound.note = f"{total} parts joined"
    return case


def siblings(inbound: Inbound) -> dict[int, Inbound]:
    """The stored parts of the same long SMS, one per part number (the one nearest in time
    to this one, should the sender's phone have reused its reference)."""
    data = inbound.payload
    rows = Inbound.objects.filter(
        channel="sms",
        payload__sender=data["sender"],
        payload__ref=data["ref"],
        payload__total=data["total"],
        received_at__gte=inbound.received_at - PARTS_WITHIN,
        received_at__lte=inbound.received_at + PARTS_WITHIN,
    )
    parts: dict[int, Inbound] = {}
    for row in sorted(rows, key=lambda row: abs(row.received_at - inbound.received_at)):
        parts.setdefault(int(row.payload.get("part") or 0), row)
    parts[int(data["part"])] = inbound
    return {number: row for number, row in parts.items() if 1 <= number <= int(data["total"])}


def _received(inbound: Inbound, text: str, *, key: str) -> Case:
    case, _new = text_received(
        channel="sms",
        sender=inbound.payload["sender"],
        text=text,
        key=key[:90],
        received_at=inbound.received_at,
    )
    return case
