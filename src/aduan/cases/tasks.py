"""Background work of the case workflow: receipts, notices and reminders by e-mail.

Staff mail goes out in Bahasa Indonesia; each reporter's mail in the language they chose.
A confidential reporter's identity is never put in mail to anyone but the reporter.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django_tasks import task

from aduan.cases.checklists import FORMAL_ITEMS, still_missing
from aduan.cases.models import Case
from aduan.core.mail import send_templated
from aduan.deadlines.models import Deadline
from aduan.directory.models import User


def _send(
    template: str,
    to: list[str],
    context: dict,
    headers: dict | None = None,
    language: str = "id",
) -> int:
    """Mail ``template`` to ``to``. Staff mail is Indonesian; a reporter's mail is in their
    language: ``{template}_body.{language}.txt`` where it exists, else the Indonesian one."""
    return send_templated(
        f"cases/email/{template}", to, context, language=language, headers=headers
    )


def _send_to_reporters(
    template: str, case: Case, context: dict, headers: dict | None = None
) -> int:
    """One mail to each reporter, in the language they chose (``Reporter.language``): never
    one mail to all, which would show each co-reporter the others' addresses."""
    reporters = case.reporters.exclude(email="").order_by("pk").values_list("email", "language")
    return sum(
        _send(template, [email], context, headers, language=language or "id")
        for email, language in reporters
    )


@task()
def send_receipt_task(*, case_id: int) -> int:
    """The receipt (tanda terima) with the reference and the access code, to the reporters: by
    e-mail (a report that came by e-mail gets it as a reply in the reporter's mail thread), and
    by SMS or WhatsApp to those who chose it, whatever door the report came in by."""
    case = Case.objects.select_related("office", "intake_type").get(pk=case_id)
    headers = None
    mail = case.inbound.filter(channel="email").order_by("received_at", "id").first()
    if mail is not None:  # a reply in the reporter's thread, marked as automatic (no loops)
        headers = {"Auto-Submitted": "auto-replied"}
        if mail.payload.get("message_id"):
            original = f"<{mail.payload['message_id']}>"
            headers.update({"In-Reply-To": original, "References": original})
    from aduan.messaging.services import send_receipt

    send_receipt(case)  # reporters who chose SMS or WhatsApp get it there too (once)
    return _send_to_reporters(
        "receipt", case, {"case": case, "site_url": settings.SITE_URL}, headers
    )


@task()
def notify_reporter_task(*, case_id: int, event: str) -> int:
    """Tell the reporters what happened to their report (request to complete, LAHP draft …)."""
    case = Case.objects.select_related("office").get(pk=case_id)
    if case.reporter_left:
        # The reporter withdrew after the final LAHP; the office goes on without them.
        return 0
    context = {"case": case, "event": event, "site_url": settings.SITE_URL}
    if event == "completed_part":
        # Lazy labels: each reporter reads them in their own language.
        context["missing"] = [FORMAL_ITEMS[code][0] for code in still_missing(case)]
        clock = (
            Deadline.objects.open()
            .filter(case=case, rule__code="melengkapi-laporan")
            .order_by("due_date")
            .first()
        )
        context["due"] = clock.due_date if clock else None
    return _send_to_reporters("reporter_update", case, context)


@task()
def send_reminder_task(*, deadline_id: int) -> int:
    """Remind whoever holds the case that a clock is about to run out."""
    deadline = Deadline.objects.select_related("case", "case__assignee", "rule").get(pk=deadline_id)
    case = deadline.case
    if case is None:
        return 0
    recipients = [case.assignee.email] if case.assignee and case.assignee.email else []
    if not recipients and case.unit_id:
        recipients = list(
            case.unit.staff.filter(is_active=True, role="kepala_keasistenan")
            .exclude(email="")
            .values_list("email", flat=True)
        )
    return _send("reminder", recipients, {"case": case, "deadline": deadline})


def _holders(case: Case) -> list[str]:
    """Whoever holds the case, or else the heads of its unit."""
    recipients = [case.assignee.email] if case.assignee and case.assignee.email else []
    if not recipients and case.unit_id:
        recipients = list(
            case.unit.staff.filter(is_active=True, role="kepala_keasistenan")
            .exclude(email="")
            .values_list("email", flat=True)
        )
    return recipients


@task()
def notify_holder_completed_task(*, case_id: int) -> int:
    """Tell whoever holds the case that the reporter completed it: verify (UU 37/2008 Ps.25).
    Names the way it came, never the reporter."""
    case = Case.objects.select_related("assignee", "unit", "office").get(pk=case_id)
    completion = case.reporter_completions.filter(complete=True).order_by("-at", "-id").first()
    via = ""
    if completion is not None:
        with translation.override("id"):  # staff mail is Indonesian
            via = str(completion.get_via_display())
    context = {"case": case, "via": via, "site_url": settings.SITE_URL}
    return _send("reporter_completed", _holders(case), context)


@task()
def remind_holder_task(*, case_id: int, sender_id: int, note: str = "") -> int:
    """A head's reminder about a case to whoever holds it (or the head of its unit)."""
    case = Case.objects.select_related("assignee", "unit", "office").get(pk=case_id)
    recipients = [case.assignee.email] if case.assignee and case.assignee.email else []
    if not recipients and case.unit_id:
        recipients = list(
            case.unit.staff.filter(is_active=True, role="kepala_keasistenan")
            .exclude(email="")
            .values_list("email", flat=True)
        )
    sender = User.objects.filter(pk=sender_id).first()
    deadline = (
        Deadline.objects.open()
        .filter(case=case)
        .select_related("rule")
        .order_by("due_date")
        .first()
    )
    context = {
        "case": case,
        "sender": sender,
        "note": note,
        "deadline": deadline,
        "site_url": settings.SITE_URL,
    }
    return _send("holder_reminder", recipients, context)
