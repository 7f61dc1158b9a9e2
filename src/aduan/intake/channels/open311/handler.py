"""A stored Open311 request → ``Submission`` → ``submit`` (run by the inbox, retried on failure)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from aduan.api.models import ApiToken
from aduan.cases.models import Case
from aduan.directory.models import Office
from aduan.intake.channels.open311 import CASE_CHANNEL, CHANNEL
from aduan.intake.models import Inbound
from aduan.intake.services import Submission, handler, submit
from aduan.reference.models import Substance
from aduan.regions.models import Region

TITLE_LENGTH = 120


def title(payload: dict[str, Any], substance: Substance | None) -> str:
    """The case's summary: the first line of the description, else the service's name."""
    first_line = (payload.get("description") or "").strip().splitlines()[:1]
    text = first_line[0].strip() if first_line else ""
    if len(text) > TITLE_LENGTH:
        text = text[:TITLE_LENGTH].rsplit(" ", 1)[0] + "…"
    if text:
        return text
    label = substance.label if substance else payload.get("service_code", "")
    return _("Open311 report: %(service)s") % {"service": label}


def chronology(payload: dict[str, Any]) -> str:
    """The description, and below it what Open311 sent that the case has no field for
    (coordinates, address, agency named, media link, the client's ids)."""
    attributes = payload.get("attributes") or {}
    lines = []
    if payload.get("lat") is not None:
        lines.append(
            _("Coordinates: %(lat)s, %(long)s") % {"lat": payload["lat"], "long": payload["long"]}
        )
    if payload.get("address_string"):
        lines.append(_("Address: %(address)s") % {"address": payload["address_string"]})
    if payload.get("address_id"):
        lines.append(_("Address id: %(id)s") % {"id": payload["address_id"]})
    if attributes.get("agency"):
        lines.append(_("Agency named: %(agency)s") % {"agency": attributes["agency"]})
    if payload.get("media_url"):
        lines.append(_("Media (not fetched): %(url)s") % {"url": payload["media_url"]})
    if payload.get("account_id") or payload.get("device_id"):
        lines.append(
            _("Client account %(account)s, device %(device)s")
            % {
                "account": payload.get("account_id") or "-",
                "device": payload.get("device_id") or "-",
            }
        )
    footer = "\n".join(
        [
            _("Received through Open311 (%(client)s).") % {"client": payload.get("api_token_name")},
            *lines,
        ]
    )
    description = (payload.get("description") or "").strip()
    return f"{description}\n\n---\n{footer}" if description else footer


def office_for(payload: dict[str, Any], region: Region | None) -> Office | None:
    """By the region of the event when an office covers it, else the client token's office
    (None: the default intake office)."""
    if region is not None and Office.objects.covering(region).exists():
        return None
    api_token = (
        ApiToken.objects.select_related("user__office").filter(pk=payload.get("api_token")).first()
    )
    office = api_token.user.office if api_token is not None else None
    return office if office is not None and office.active else None


@handler(CHANNEL)
def handle(inbound: Inbound) -> Case:
    payload = inbound.payload
    attributes = payload.get("attributes") or {}
    substance = Substance.objects.filter(code=payload.get("service_code")).first()
    region = (
        Region.objects.filter(code=attributes["region"]).first() if "region" in attributes else None
    )
    received_at = payload.get("received_at")
    return submit(
        Submission(
            channel=CASE_CHANNEL,
            title=title(payload, substance),
            reporters=[payload["reporter"]],
            intake_type=attributes.get("intake_type") or "lm",
            key=f"{CHANNEL}:{inbound.external_id}",
            office=office_for(payload, region),
            region=region,
            confidential=attributes.get("confidential") == "true",
            received_at=dt.datetime.fromisoformat(received_at) if received_at else None,
            fields={"substance": substance, "chronology": chronology(payload)},
        )
    )
