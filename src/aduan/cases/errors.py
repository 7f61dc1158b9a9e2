from __future__ import annotations

from aduan.core.errors import DomainError


class CaseError(DomainError):
    """The case is not in a state, or lacks the data, for what was asked."""

    code = "case_invalid"


class WrongState(CaseError):
    code = "wrong_state"


class NotInWorkflow(WrongState):
    """The office kind's workflow has no such move or power (``aduan.cases.workflows``)."""

    code = "not_in_workflow"


class NotAllowed(CaseError):
    """The person may not do this to this case."""

    code = "not_allowed"


class IntakeError(CaseError):
    code = "intake_invalid"
