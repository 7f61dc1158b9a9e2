"""The SMS gateway's webhook: check the secret, store the part, then say 200."""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
    HttpResponseNotFound,
    JsonResponse,
)
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from aduan.cases.errors import IntakeError
from aduan.intake.channels.sms.parse import data_of, parse, verify
from aduan.intake.services import accept

log = logging.getLogger(__name__)


@csrf_exempt
@require_POST
def webhook(request: HttpRequest) -> HttpResponse:
    secret = settings.ADUAN_SMS_WEBHOOK_SECRET
    if not secret:
        return HttpResponseNotFound("SMS channel is off")
    body = request.body
    if not verify(body, request.headers, secret):
        log.warning("SMS webhook: bad signature from %s", request.META.get("REMOTE_ADDR"))
        return HttpResponseForbidden("bad signature")
    try:
        part = parse(data_of(request))
        _inbound, created = accept(
            "sms",
            part.key(timezone.now().date()),
            payload=part.as_payload(),
            raw=body,
        )
    except IntakeError as exc:
        return HttpResponseBadRequest(str(exc))
    return JsonResponse({"ok": True, "duplicate": not created})
