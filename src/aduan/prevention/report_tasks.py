"""Mail about the agencies' reports on improvement suggestions (``SuggestionReport``), sent
after commit by ``services.suggestion_report`` and ``services.suggestion_report_decide``.

In Bahasa Indonesia, like the other staff mails: a new report goes to the office (whoever drafted
and published the review and the heads of office, ``tasks.office_addresses``); a decision goes to
the liaison officer who reported. The mails name the review and the suggestion only.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django_tasks import task

from aduan.core.mail import send_templated
from aduan.directory.models import Liaison
from aduan.prevention.models import SuggestionReport

EVENTS = ("received", "decided")


def _send(template: str, to: list[str], context: dict) -> int:
    return send_templated(f"prevention/email/{template}", to, context)


def liaison_address(report: SuggestionReport) -> str:
    """The reporting liaison's e-mail: the account's, else the focal point's record."""
    user = report.by
    if user is None or not user.is_active:
        return ""
    if user.email:
        return user.email
    liaison = Liaison.objects.filter(user=user).first()
    return liaison.email if liaison else ""


@task()
def suggestion_report_mail_task(*, report_id: int, event: str) -> int:
    """``received``: tell the office a report waits for its decision. ``decided``: tell the
    liaison who reported whether it was accepted or sent back (and why). Returns the number
    of mails sent."""
    if event not in EVENTS:
        raise ValueError(f"unknown event {event!r}")
    report = (
        SuggestionReport.objects.select_related(
            "by",
            "suggestion__agency",
            "suggestion__review__office",
            "suggestion__review__created_by",
            "suggestion__review__published_by",
        )
        .filter(pk=report_id)
        .first()
    )
    if report is None:
        return 0
    from aduan.prevention.services import follow_up_clocks

    suggestion = report.suggestion
    review = suggestion.review
    site = (settings.SITE_URL or "").rstrip("/")
    context = {
        "report": report,
        "suggestion": suggestion,
        "review": review,
        "office": review.office,
        "agency": suggestion.agency,
        "clock": follow_up_clocks(suggestion).order_by("-pk").first(),
        "review_url": site + reverse("prevention:review_detail", args=[review.pk]),
        "decide_url": site + reverse("liaison:reviews"),
        "portal_url": site + reverse("liaison:suggestion", args=[suggestion.pk]),
    }
    if event == "received":
        from aduan.prevention.tasks import office_addresses

        return _send("report_received_office", office_addresses(suggestion), context)
    return _send("report_decided_agency", [liaison_address(report)], context)
