"""The audit log: namespaced codes, append-only."""

from __future__ import annotations

import pytest

from aduan.core import audit
from aduan.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_an_unknown_action_code_is_refused():
    with pytest.raises(ValueError, match="Unknown audit action"):
        audit.record("case.teleported")


def test_an_event_cannot_be_changed_or_deleted(office):
    event = audit.record("closure.added", office=office, new={"reason": "x"})
    event.reason = "rewritten"
    with pytest.raises(ValueError, match="append-only"):
        event.save()
    with pytest.raises(ValueError, match="append-only"):
        event.delete()
    assert AuditEvent.objects.get().reason == ""


def test_every_case_action_has_a_description():
    assert audit.describe("case.identity_viewed") == "Confidential identity viewed"
