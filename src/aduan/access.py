"""Access control for pages and the API: the one module every app's views import.

Three layers answer "may this person do this?", and this module is where a view asks them:

- *Who is it*: ``staff_required`` (a signed-in office role or a superuser), ``liaison_required``
  (an active liaison officer of an agency), ``permission_required(action)`` (a named permission
  in the user's own office, e.g. ``"receive"`` for the desk).
- *What may they do*: ``can(user, action, case=None, office=...)``, one lookup over the named
  permissions of every app (``PERMISSIONS``). The case rules stay in ``aduan.cases.permissions``
  (``RULES``, ``can``/``require``), which the services call; prevention's in
  ``aduan.prevention.permissions``. Templates ask the same question with ``{% can %}``
  (``aduan.core.templatetags.access``).
- *Fetch and authorize*: ``case_for_request`` and ``liaison_case_for_request`` return the object
  or raise 404, so a case one may not see looks like a case that does not exist.

This module imports no app's views (see tests/access/test_one_module.py).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from aduan.cases import permissions as case_permissions
from aduan.cases.errors import NotAllowed
from aduan.cases.selectors import case_for_user
from aduan.compliance.services import can_manage as compliance_can_manage
from aduan.liaison.selectors import liaison_case, liaison_for
from aduan.prevention import permissions as prevention_permissions

NOT_STAFF_TEMPLATE = "backoffice/not_staff.html"


# --- who is it -------------------------------------------------------------------------------


def is_office_staff(user: Any) -> bool:
    """Signed in and staff of an office (a role) or a superuser. A liaison officer has no role."""
    return bool(
        getattr(user, "is_authenticated", False)
        and (getattr(user, "is_superuser", False) or getattr(user, "role", ""))
    )


def staff_required(view: Callable) -> Callable:
    """Signed in (else to the sign-in page), and staff of an office or a national role (else
    403)."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_office_staff(request.user):
            return render(request, NOT_STAFF_TEMPLATE, status=403)
        return view(request, *args, **kwargs)

    return wrapper


def liaison_required(view: Callable) -> Callable:
    """Signed in as an active liaison officer (``request.liaison`` is set); everyone else is
    refused."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), "liaison:login")
        liaison = liaison_for(request.user)
        if liaison is None:
            return render(request, "liaison/not_liaison.html", status=403)
        request.liaison = liaison
        return view(request, *args, **kwargs)

    return wrapper


def permission_required(action: str, *, template: str = NOT_STAFF_TEMPLATE) -> Callable:
    """Staff holding the named permission ``action`` in their own office (e.g. ``"receive"``
    for the desk and the referrals received); 403 with ``template`` otherwise."""

    def decorator(view: Callable) -> Callable:
        @staff_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            office = getattr(request.user, "office", None)
            if office is None or not can(request.user, action, office=office):
                return render(request, template, {}, status=403)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


# --- what may they do ------------------------------------------------------------------------


def _prevention(action: str) -> Callable[..., bool]:
    def check(user: Any, case: Any = None, *, office: Any = None) -> bool:
        return prevention_permissions.can(user, action, office)

    return check


def _compliance_manage(user: Any, case: Any = None, *, office: Any = None) -> bool:
    return office is not None and compliance_can_manage(user, office)


# Named permissions outside the case rules: name -> check(user, case=None, office=...).
# The case actions ("receive", "verify", "examine", "view_identity", ...) are
# ``aduan.cases.permissions.RULES``.
PERMISSIONS: dict[str, Callable[..., bool]] = {
    "prevention.work": _prevention("work"),
    "prevention.publish": _prevention("publish"),
    "compliance.manage": _compliance_manage,
}


def can(user: Any, action: str, case: Any = None, *, office: Any = None) -> bool:
    """True if ``user`` may do the named ``action`` (to ``case``, or in ``office``). The same
    answer as the decorators, the services and ``{% can %}`` in templates."""
    if action in case_permissions.RULES:
        return case_permissions.can(user, action, case, office=office)
    if action in PERMISSIONS:
        return PERMISSIONS[action](user, case, office=office)
    raise KeyError(f"Unknown permission {action!r}: add it to aduan.access.PERMISSIONS.")


# --- fetch and authorize ---------------------------------------------------------------------


def case_for_request(request: HttpRequest, pk_or_ref: int | str, action: str | None = None) -> Any:
    """The case the signed-in person may see, by id or reference; 404 if it does not exist or
    they may not see it (the two look the same). With ``action``, 403 unless they may do it."""
    try:
        case = case_for_user(request.user, pk_or_ref)
    except NotAllowed as exc:
        raise Http404(str(exc)) from exc
    if action is not None and not can(request.user, action, case):
        raise PermissionDenied(action)
    return case


def liaison_case_for_request(request: HttpRequest, pk: int) -> Any:
    """A case as the signed-in liaison officer may see it (what is addressed to their agency);
    404 otherwise."""
    try:
        return liaison_case(request.user, pk)
    except NotAllowed as exc:
        raise Http404(str(exc)) from exc
