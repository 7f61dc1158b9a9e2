"""Background work of the statistics: the daily spike detection and the alert mail.

The mail goes to the heads of the office in Bahasa Indonesia. It carries counts, the baseline,
case references and a link to the alert page: never a reporter's identity or a complaint's text.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django_tasks import task

from aduan.core.mail import send_templated
from aduan.directory.models import User

MAX_REFERENCES_IN_MAIL = 100


@task()
def send_alert_mail_task(*, alert_id: int) -> int:
    """Mail a new spike alert to the office's active heads of office that have an address."""
    from aduan.stats import spikes
    from aduan.stats.models import SpikeAlert

    alert = SpikeAlert.objects.select_related("office").filter(pk=alert_id).first()
    if alert is None:
        return 0
    to = list(
        User.objects.filter(office=alert.office, role=User.Role.KEPALA_PERWAKILAN, is_active=True)
        .exclude(email="")
        .order_by("pk")
        .values_list("email", flat=True)
    )
    if not to:
        return 0
    cases = spikes.alert_cases(alert)
    context = {
        "alert": alert,
        "references": list(cases.values_list("reference", flat=True)[:MAX_REFERENCES_IN_MAIL]),
        "more": max(0, cases.count() - MAX_REFERENCES_IN_MAIL),
        "url": f"{(settings.SITE_URL or '').rstrip('/')}"
        f"{reverse('alerts:detail', args=[alert.pk])}",
    }
    return send_templated("stats/alerts/email", to, context)


@task()
def run_detection_task() -> int:
    """The daily spike detection (``spikes.run_detection``); returns the alerts raised or
    updated. ``aduan worker`` calls run_detection after each sweep; this task is for schedulers
    outside the worker."""
    from aduan.stats.spikes import run_detection

    return sum(len(alerts) for alerts in run_detection().values())
