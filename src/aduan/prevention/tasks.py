"""Background work of prevention: the mails about an improvement suggestion's follow-up.

Mail goes out in Bahasa Indonesia, to the liaison officers of the agency the suggestion is
addressed to (the nearest agency up its tree that has any, so a sub-unit without its own focal
point reaches its parent's) and to the office: whoever drafted and published the review and the
heads of office.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django_tasks import task

from aduan.core.mail import send_templated
from aduan.directory.models import Liaison, User
from aduan.prevention.models import Suggestion

KINDS = ("reminder", "overdue")


def _send(template: str, to: list[str], context: dict) -> int:
    return send_templated(f"prevention/email/{template}", to, context)


def agency_addresses(suggestion: Suggestion) -> list[str]:
    """E-mail of the active liaison officers of the suggestion's agency, else of the nearest
    agency above it that has any. A liaison whose portal account was deactivated (they left)
    is not one: they could not act on the mail."""
    agency = suggestion.agency
    chain = [agency, *reversed(list(type(agency).objects.get_ancestors(agency)))]
    for candidate in chain:
        if not candidate.active:
            continue
        addresses = list(
            Liaison.objects.filter(agency=candidate, active=True)
            .exclude(user__is_active=False)
            .exclude(email="")
            .values_list("email", flat=True)
        )
        if addresses:
            return addresses
    return []


def office_addresses(suggestion: Suggestion) -> list[str]:
    """Who drafted and published the review (while they still work in its office), and the
    heads of its office."""
    review = suggestion.review
    people = [user for user in (review.created_by, review.published_by) if user is not None]
    addresses = [
        user.email
        for user in people
        if user.is_active and user.email and user.office_id == review.office_id
    ]
    addresses += list(
        User.objects.filter(office=review.office, role=User.Role.KEPALA_PERWAKILAN, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    return addresses


@task()
def suggestion_mail_task(*, suggestion_id: int, kind: str) -> int:
    """Tell the agency and the office that a suggestion's follow-up is due soon (``reminder``)
    or overdue (``overdue``). Nothing is sent for a suggestion settled meanwhile. Returns the
    number of mails sent."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    suggestion = (
        Suggestion.objects.select_related(
            "review", "review__office", "review__created_by", "review__published_by", "agency"
        )
        .filter(pk=suggestion_id)
        .first()
    )
    if suggestion is None or suggestion.status in Suggestion.FINAL:
        return 0
    from aduan.prevention.services import follow_up_clocks

    review = suggestion.review
    site = settings.SITE_URL.rstrip("/")
    context = {
        "suggestion": suggestion,
        "review": review,
        "office": review.office,
        "agency": suggestion.agency,
        "clock": follow_up_clocks(suggestion).order_by("-pk").first(),
        "review_url": site + reverse("prevention:review_detail", args=[review.pk]),
        "portal_url": site + reverse("liaison:inbox"),
    }
    sent = _send(f"{kind}_agency", agency_addresses(suggestion), context)
    return sent + _send(f"{kind}_office", office_addresses(suggestion), context)
