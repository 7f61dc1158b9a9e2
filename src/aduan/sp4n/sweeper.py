"""What the sweeper does when a complaint unit's clock runs out (registered in
``apps.ready`` into ``aduan.cases.sweeper.CONSEQUENCES``)."""

from __future__ import annotations

from django.utils.translation import gettext

from aduan.cases.states import State
from aduan.deadlines.models import Deadline


def reporter_silent(deadline: Deadline) -> str:
    """10 working days after the follow-up without a reply: the case closes (SP4N-LAPOR!)."""
    from aduan.sp4n.services import sp4n_close_without_reply

    if deadline.case.state != State.EXAMINATION:
        return "nothing"
    sp4n_close_without_reply(case=deadline.case)
    return "sp4n_closed_no_reply"


def complaint_not_completed(deadline: Deadline) -> str:
    """The complainant did not complete the file within 30 days of the tanda terima: deemed
    withdrawn (UU 25/2009 Ps.44(5))."""
    from aduan.cases.services import case_deemed_withdrawn

    if deadline.case.state != State.AWAITING_COMPLETION:
        return "nothing"
    case_deemed_withdrawn(
        case=deadline.case,
        reason=gettext(
            "The complainant did not complete the file within %(days)s days of receiving the "
            "tanda terima: deemed withdrawn (%(source)s)."
        )
        % {"days": deadline.days, "source": deadline.legal_source},
    )
    return "deemed_withdrawn"
