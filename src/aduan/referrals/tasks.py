"""Background work of referrals: the reminder when a referral's follow-up time runs out.

Mail goes out in Bahasa Indonesia. What goes to the institution names the referral only by our
case reference, the letter and its date and the part referred: never the reporter nor any other
text of the complaint (the case may be confidential, and the letter already carried what the
institution needs).
"""

from __future__ import annotations

from django.conf import settings
from django_tasks import task

from aduan.cases.identity import redact
from aduan.cases.models import Case
from aduan.core.mail import send_templated
from aduan.referrals.models import Referral


def _send(template: str, to: list[str], context: dict) -> int:
    return send_templated(f"referrals/email/{template}", to, context)


def _holders(case: Case) -> list[str]:
    """Whoever holds the case: its assignee, else the heads of its unit."""
    if case.assignee and case.assignee.email:
        return [case.assignee.email]
    if case.unit_id:
        return list(
            case.unit.staff.filter(is_active=True, role="kepala_keasistenan")
            .exclude(email="")
            .values_list("email", flat=True)
        )
    return []


@task()
def referral_reminder_task(*, referral_id: int) -> int:
    """Remind the institution (its contact e-mail, if any) to send the follow-up of a referral
    whose time ran out, and tell whoever holds the case. Returns the number of mails sent."""
    referral = Referral.objects.select_related(
        "institution", "case", "case__office", "case__unit", "case__assignee"
    ).get(pk=referral_id)
    case = referral.case
    context = {
        "referral": referral,
        # What is referred was checked by the identity guard when sent; redacted again here as a
        # second net (a reporter's data may have changed since).
        "part": redact(case, referral.part),
        "institution": referral.institution,
        "reference": case.reference,
        "office": case.office,
        "site_url": settings.SITE_URL,
    }
    sent = _send("institution_reminder", [referral.institution.email], context)
    return sent + _send("holder_overdue", _holders(case), {**context, "case": case})
