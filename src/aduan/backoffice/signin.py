"""Sign-in beyond the password: the second-factor gate and pages, and the session's age.

``SecondFactorMiddleware`` stands in front of every signed-in area (``/kantor/``,
``/admin/``, ``/instansi/``): a user who needs a second factor (``mfa.needs_second_factor``) or
has one, and has not given it in this session, is sent to enter a code, or to set one up on
first sign-in. The same middleware ends a session ``ADUAN_SESSION_HOURS`` after sign-in,
however active (the idle limit is the session cookie's age).
"""

from __future__ import annotations

import time
from base64 import b32encode
from collections.abc import Callable
from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from aduan.backoffice import mfa
from aduan.core.errors import DomainError

SESSION_SIGNED_IN_AT = "aduan_signed_in_at"
GATED_PREFIXES = ("/kantor/", "/admin/", "/instansi/")


@receiver(user_logged_in, dispatch_uid="aduan.signin.signed_in_at")
def _note_sign_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_SIGNED_IN_AT] = time.time()


def _exempt_paths() -> frozenset[str]:
    return frozenset(
        reverse(name)
        for name in (
            "backoffice:login",
            "backoffice:logout",
            "backoffice:mfa_verify",
            "backoffice:mfa_enrol",
            "admin:login",
            "admin:logout",
            "liaison:login",
            "liaison:logout",
        )
    )


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.exempt: frozenset[str] | None = None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if mfa.signed_in_too_long(request.session.get(SESSION_SIGNED_IN_AT)):
                logout(request)
                if request.path.startswith(GATED_PREFIXES):
                    return redirect_to_sign_in(request)
                return self.get_response(request)
            if request.path.startswith(GATED_PREFIXES) and not user.is_verified():
                if self.exempt is None:
                    self.exempt = _exempt_paths()
                if request.path not in self.exempt and (
                    mfa.needs_second_factor(user) or mfa.has_second_factor(user)
                ):
                    target = reverse("backoffice:mfa_verify")
                    return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


def redirect_to_sign_in(request: HttpRequest) -> HttpResponse:
    name = "liaison:login" if request.path.startswith("/instansi/") else "backoffice:login"
    messages.info(request, _("Your session has ended. Sign in again."))
    return redirect(f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}")


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("backoffice:home")


def _code_entered(request: HttpRequest, check: Callable[[str], Any]) -> tuple[Any, str | None, int]:
    """``check`` the POSTed code: its result, no error and 200; or None, the error to show, and
    429 after too many wrong codes, 400 otherwise."""
    try:
        return check(request.POST.get("code", "")), None, 200
    except mfa.TooManyCodes as exc:
        return None, exc.message, 429
    except DomainError as exc:
        return None, exc.message, 400


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """After the password: the code of the authenticator app, or a recovery code."""
    user = request.user
    if user.is_verified():
        return redirect(_next(request))
    if not mfa.has_second_factor(user):
        return redirect(f"{reverse('backoffice:mfa_enrol')}?{urlencode({'next': _next(request)})}")
    error, status = None, 200
    if request.method == "POST":
        device, error, status = _code_entered(
            request, lambda code: mfa.second_factor_check(user=user, code=code)
        )
        if device is not None:
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                left = mfa.remaining_recovery_codes(user)
                messages.warning(
                    request,
                    _(
                        "You signed in with a recovery code; %(left)s remain. Make new ones "
                        "on the security page if you are running out."
                    )
                    % {"left": left},
                )
            return redirect(_next(request))
    return render(
        request,
        "backoffice/mfa_verify.html",
        {"error": error, "next": _next(request)},
        status=status,
    )


def _qr_svg(url: str) -> str:
    return segno.make(url, error="m").svg_inline(scale=4, dark="#000", light="#fff")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest) -> HttpResponse:
    """Set up the authenticator: scan the QR code (or type the secret), confirm with a code,
    then see the recovery codes once."""
    user = request.user
    if mfa.has_second_factor(user):
        # Only someone who gave the current factor may replace it (security page).
        return redirect(_next(request) if user.is_verified() else reverse("backoffice:mfa_verify"))
    try:
        device = mfa.totp_start(user=user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("backoffice:mfa_settings")
    error, status = None, 200
    if request.method == "POST":
        confirmed, error, status = _code_entered(
            request, lambda code: mfa.totp_confirm(user=user, code=code)
        )
        if confirmed is not None:
            device, codes = confirmed
            otp_login(request, device)
            return render(
                request,
                "backoffice/mfa_codes.html",
                {"codes": codes, "next": _next(request), "enrolled": True},
            )
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return render(
        request,
        "backoffice/mfa_enrol.html",
        {
            "qr": _qr_svg(device.config_url),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "error": error,
            "next": _next(request),
            "required": mfa.needs_second_factor(user),
        },
        status=status,
    )


@never_cache
@login_required
@require_http_methods(["GET"])
def security(request: HttpRequest) -> HttpResponse:
    """The account's second factor: set it up, renew the recovery codes, or remove it."""
    user = request.user
    return render(
        request,
        "backoffice/mfa_settings.html",
        {
            "enrolled": mfa.has_second_factor(user),
            "required": mfa.needs_second_factor(user),
            "recovery_left": mfa.remaining_recovery_codes(user),
        },
    )


def _settings_change(
    request: HttpRequest, change: Callable[[], Any]
) -> tuple[Any, HttpResponse | None]:
    """``change()`` for a user who entered their second factor in this session: its result and
    None, or None and where to go back to (the second factor first; or the settings page, with
    the refusal as a message)."""
    if not request.user.is_verified():
        messages.error(request, _("Enter your second factor first."))
        return None, redirect("backoffice:mfa_verify")
    try:
        return change(), None
    except DomainError as exc:
        messages.error(request, exc.message)
        return None, redirect("backoffice:mfa_settings")


@never_cache
@login_required
@require_POST
def renew_codes(request: HttpRequest) -> HttpResponse:
    codes, back = _settings_change(request, lambda: mfa.recovery_codes_renew(user=request.user))
    if back:
        return back
    return render(
        request,
        "backoffice/mfa_codes.html",
        {"codes": codes, "next": reverse("backoffice:mfa_settings"), "enrolled": False},
    )


@login_required
@require_POST
def remove(request: HttpRequest) -> HttpResponse:
    back = _settings_change(
        request, lambda: mfa.second_factor_remove(user=request.user, actor=request.user)
    )[1]
    if back:
        return back
    # The session no longer holds a verified device: set up the new one now.
    request.session.pop("otp_device_id", None)
    messages.success(request, _("Your second factor was removed. Set up the new one now."))
    return redirect("backoffice:mfa_enrol")
