from __future__ import annotations

from aduan.core.errors import DomainError


class ComplianceError(DomainError):
    """A compliance assessment request the rules refuse."""

    code = "compliance_invalid"


class NotAllowed(ComplianceError):
    code = "not_allowed"


class WrongState(ComplianceError):
    code = "wrong_state"
