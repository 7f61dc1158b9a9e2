"""What the sweeper does when a referral's follow-up clock (``tindak-lanjut-limpahan``) runs
out; registered in ``aduan.cases.sweeper.CONSEQUENCES`` by ``apps.ReferralsConfig.ready``."""

from __future__ import annotations

from aduan.cases.errors import WrongState
from aduan.deadlines.models import Deadline
from aduan.referrals.models import Referral
from aduan.referrals.services import referral_overdue


def follow_up_missed(deadline: Deadline) -> str:
    """Remind the institution and the case's holder, unless the referral was answered or
    closed meanwhile (its clock then normally stopped too)."""
    referral = Referral.objects.select_related("case").filter(pk=deadline.subject_id).first()
    if referral is None or referral.status != Referral.Status.OPEN:
        return "nothing"
    try:
        referral_overdue(referral=referral, now=deadline.closed_at)
    except WrongState:  # answered, closed or reminded between the check and the lock
        return "nothing"
    return "referral_reminded"
