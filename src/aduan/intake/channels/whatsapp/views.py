"""The WhatsApp Cloud API webhook: the verification handshake, and messages stored before 200."""

from __future__ import annotations

import hmac
import json
import logging

from django.conf import settings
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
    HttpResponseNotFound,
)
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from aduan.intake.channels.whatsapp.parse import (
    SIGNATURE_HEADER,
    failed_statuses,
    messages,
    verify,
)
from aduan.intake.services import accept
from aduan.messaging.services import gateway_reported_failure

log = logging.getLogger(__name__)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def webhook(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _handshake(request)
    secret = settings.ADUAN_WHATSAPP_APP_SECRET
    if not secret:
        return HttpResponseNotFound("WhatsApp channel is off")
    body = request.body
    if not verify(body, request.headers.get(SIGNATURE_HEADER, ""), secret):
        log.warning("WhatsApp webhook: bad signature from %s", request.META.get("REMOTE_ADDR"))
        return HttpResponseForbidden("bad signature")
    try:
        payload = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return HttpResponseBadRequest("not JSON")
    for item in messages(payload):
        accept("whatsapp", str(item["message"]["id"]), payload=item)
    for status in failed_statuses(payload):
        gateway_reported_failure(channel="whatsapp", gateway_id=status["id"], error=status["error"])
    return HttpResponse("ok")


def _handshake(request: HttpRequest) -> HttpResponse:
    token = settings.ADUAN_WHATSAPP_VERIFY_TOKEN
    if not token:
        return HttpResponseNotFound("WhatsApp channel is off")
    given = request.GET.get("hub.verify_token", "")
    if request.GET.get("hub.mode") != "subscribe" or not hmac.compare_digest(
        given.encode(), token.encode()
    ):
        return HttpResponseForbidden("wrong verify token")
    return HttpResponse(request.GET.get("hub.challenge", ""), content_type="text/plain")
