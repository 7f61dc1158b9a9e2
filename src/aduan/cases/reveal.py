"""Revealing a confidential reporter's identity: need to know, or break glass.

The case's holder, the head of its unit and the head of its office (and PVL while it verifies
an unassigned case) see the identity in the normal course: each view is audited as
``case.identity_viewed``. Anyone else who may see identities in the office (another unit's
assistant, a member) first gives a reason: the view is audited as ``case.identity_break_glass``
with the reason, it shows on the case's timeline, and whoever holds the case is mailed. The
locks of ``permissions.IDENTITY_LOCKS`` refuse everyone, a reason or not.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from aduan.cases import permissions
from aduan.cases.errors import NotAllowed
from aduan.cases.models import Case
from aduan.core import audit
from aduan.core.mail import send_templated
from aduan.directory.models import User

MIN_REASON = 10
MAX_REASON = 1000


class ReasonRequired(NotAllowed):
    """Outside need to know: a reason must be given before the identity is shown."""

    code = "reason_required"


def needs_reason(user: Any, case: Case) -> bool:
    """True if ``user`` may see the identity, but only with a reason (break glass)."""
    return permissions.can(user, "view_identity", case) and not permissions.needs_to_know(
        user, case
    )


def identity_reveal(
    *,
    case: Case,
    actor: Any,
    shown: list[dict],
    reason: str = "",
    routine: str = "case.identity_viewed",
) -> bool:
    """Authorize and record that ``actor`` sees ``case``'s confidential identity (``shown``:
    what, one audit event each, e.g. ``{"reporter": 7}``; ``routine``: the action recorded
    within need to know). Returns True for a break glass.

    NotAllowed if they may not see it at all (role, office, a lock); ReasonRequired if they do
    not need to know it and gave no reason of ``MIN_REASON`` characters."""
    permissions.require(actor, "view_identity", case)
    if permissions.needs_to_know(actor, case):
        with transaction.atomic():
            for item in shown:
                audit.record(routine, actor=actor, target=case, office=case.office, new=item)
        return False
    reason = " ".join(str(reason or "").split())[:MAX_REASON]
    if len(reason) < MIN_REASON:
        raise ReasonRequired(
            _(
                "You do not hold this case: give the reason you need the reporter's identity "
                "(at least %(n)s characters). The reveal is logged and the holder is told."
            )
            % {"n": MIN_REASON}
        )
    with transaction.atomic():
        for item in shown:
            audit.record(
                "case.identity_break_glass",
                actor=actor,
                target=case,
                office=case.office,
                new=item,
                reason=reason,
            )
        transaction.on_commit(
            partial(tell_holder, case_id=case.pk, actor_id=actor.pk, reason=reason)
        )
    return True


def _told(case: Case) -> list[str]:
    """Whoever answers for the case: its holder; with no holder, the heads of its unit; with
    neither, the heads of its office."""
    if case.assignee_id and case.assignee.is_active:
        return [case.assignee.email]
    heads = User.objects.filter(office_id=case.office_id, is_active=True)
    if case.unit_id:
        unit_heads = heads.filter(role=User.Role.KEPALA_KEASISTENAN, unit_id=case.unit_id)
        if unit_heads.exists():
            return list(unit_heads.values_list("email", flat=True))
    return list(heads.filter(role=User.Role.KEPALA_PERWAKILAN).values_list("email", flat=True))


def tell_holder(*, case_id: int, actor_id: int, reason: str) -> int:
    """Mail whoever answers for the case that someone broke the glass (never the identity)."""
    case = Case.objects.select_related("assignee", "office").get(pk=case_id)
    actor = User.objects.get(pk=actor_id)
    context = {
        "case": case,
        "actor": actor.get_full_name() or actor.get_username(),
        "reason": reason,
        "site_url": settings.SITE_URL,
    }
    return send_templated("cases/email/identity_break_glass", _told(case), context)
