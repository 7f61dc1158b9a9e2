"""Background work of the personal-data app: the reminder mail to the head of office and the
data protection officers. The mail names the request or breach by its number only."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django_tasks import task

from aduan.core.mail import send_templated
from aduan.deadlines.models import Deadline
from aduan.directory.models import User
from aduan.privacy.models import Breach, DataRequest


def handler_addresses(office_id: int) -> list[str]:
    """The heads and data protection officers of the office."""
    people = User.objects.filter(office_id=office_id, is_active=True).exclude(email="")
    heads = people.filter(role=User.Role.KEPALA_PERWAKILAN).values_list("email", flat=True)
    dpos = people.filter(is_dpo=True).values_list("email", flat=True)
    return list(dict.fromkeys([*heads, *dpos]))


@task()
def reminder_task(*, deadline_id: int) -> int:
    deadline = Deadline.objects.select_related("rule", "office").filter(pk=deadline_id).first()
    if deadline is None or deadline.state != Deadline.State.OPEN:
        return 0
    subject = deadline.subject
    if isinstance(subject, DataRequest):
        if subject.status in DataRequest.FINAL:
            return 0
        path = reverse("privacy:request_detail", args=[subject.pk])
    elif isinstance(subject, Breach):
        if subject.status != Breach.Status.OPEN:
            return 0
        path = reverse("privacy:breach_detail", args=[subject.pk])
    else:
        return 0
    context = {
        "label": str(subject),
        "rule": deadline.rule.name,
        "legal_source": deadline.legal_source,
        "due": deadline.due_date,
        "due_at": subject.due_at,
        "url": (settings.SITE_URL or "").rstrip("/") + path,
    }
    return send_templated("privacy/email/reminder", handler_addresses(deadline.office_id), context)
