"""What the sweeper does with an improvement suggestion's follow-up clock
(``tindak-lanjut-saran-perbaikan``), like a corrective action's: a few days before it is due the
agency's liaison officers and the office are reminded; when it runs out without a settled
response, the review's timeline says so and both are told, once (the sweeper claims each clock
once). Registered in ``aduan.cases.sweeper`` by ``apps.PreventionConfig.ready``."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy

from aduan.core import audit
from aduan.deadlines.models import Deadline
from aduan.prevention.models import Suggestion

AUDIT_ACTIONS = {
    "prevention.suggestion_overdue": gettext_lazy(
        "Improvement suggestion not followed up in time; agency and office told"
    ),
}


def _open_suggestion(deadline: Deadline) -> Suggestion | None:
    """The clock's suggestion, unless it is gone or settled."""
    suggestion = (
        Suggestion.objects.select_related("review", "review__office", "agency")
        .filter(pk=deadline.subject_id)
        .first()
    )
    if suggestion is None or suggestion.status in Suggestion.FINAL:
        return None
    return suggestion


def follow_up_missed(deadline: Deadline) -> str:
    """The clock ran out: note it on the review's timeline and, after commit, tell the agency's
    liaison officers and the office. A suggestion settled meanwhile is left alone."""
    suggestion = _open_suggestion(deadline)
    if suggestion is None:
        return "nothing"
    audit.record(
        "prevention.suggestion_overdue",
        target=suggestion.review,
        office=suggestion.review.office,
        actor_label="sistem",
        new={
            "suggestion": suggestion.pk,
            "agency": suggestion.agency,
            "due": deadline.due_date,
            "status": suggestion.status,
        },
    )
    from aduan.prevention.tasks import suggestion_mail_task

    pk = suggestion.pk
    transaction.on_commit(lambda: suggestion_mail_task.enqueue(suggestion_id=pk, kind="overdue"))
    return "suggestion_overdue"


def remind(deadline_id: int) -> None:
    """Enqueue the reminder that a suggestion's follow-up is due in a few days."""
    from aduan.prevention.tasks import suggestion_mail_task

    deadline = Deadline.objects.get(pk=deadline_id)
    suggestion_mail_task.enqueue(suggestion_id=int(deadline.subject_id), kind="reminder")
