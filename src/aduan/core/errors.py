"""Domain errors: a refusal with a message a person can act on."""

from __future__ import annotations


class DomainError(Exception):
    """A request the rules refuse. ``code`` is stable for API clients; the message is for people."""

    code = "domain_error"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code

    def __str__(self) -> str:
        return str(self.message)
