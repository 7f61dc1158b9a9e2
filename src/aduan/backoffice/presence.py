"""'Someone is working on this': a light record of who has a case page open.

Opening the page (and, with JavaScript, a poll every minute while it stays open) refreshes the
person's row; anyone seen in the last ``WINDOW`` counts as on the case. A session that left
more than ``WINDOW`` ago starts afresh. This is a courtesy signal, not a lock: nothing is refused
because someone else is looking.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from aduan.backoffice.models import CasePresence
from aduan.cases.models import Case

WINDOW = dt.timedelta(minutes=5)


def touch(case: Case, user: Any) -> None:
    """Record that ``user`` has ``case`` open now."""
    now = timezone.now()
    updated = CasePresence.objects.filter(case=case, user=user, seen_at__gte=now - WINDOW).update(
        seen_at=now
    )
    if not updated:
        CasePresence.objects.update_or_create(
            case=case, user=user, defaults={"since": now, "seen_at": now}
        )


def others_on(case: Case, user: Any) -> QuerySet[CasePresence]:
    """The colleagues who have the case open now, the longest there first."""
    return (
        CasePresence.objects.filter(case=case, seen_at__gte=timezone.now() - WINDOW)
        .exclude(user=user)
        .select_related("user")
        .order_by("since")
    )


def leave(case: Case, user: Any) -> None:
    CasePresence.objects.filter(case=case, user=user).delete()
