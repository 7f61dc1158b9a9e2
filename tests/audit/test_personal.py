"""The audit log holds no reporter's personal data in clear: reporters are named by id, free
text is recorded as changed, so anonymising an identity never rewrites the record."""

from __future__ import annotations

import pytest

from aduan.cases import selectors
from aduan.cases import services as sv
from aduan.core import audit
from aduan.core.models import AuditEvent

pytestmark = pytest.mark.django_db

IDENTITY = {
    "name": "Zulkarnain Wibisono",
    "email": "zulkarnain.w@example.com",
    "phone": "0812-9999-0000",
    "id_number": "1971012345678901",
    "address": "Jl. Melati Kuning No. 77, Pangkalpinang",
}


def _everything_recorded() -> str:
    return " ".join(
        f"{e.actor_label} {e.target_label} {e.old} {e.new} {e.reason}"
        for e in AuditEvent.objects.all()
    )


def test_a_reporter_as_target_is_named_by_id(receive):
    reporter = receive().reporters.get()
    event = audit.record("case.identity_viewed", target=reporter, new={"who": reporter})
    assert event.target_label == f"reporter #{reporter.pk}"
    assert event.new == {"who": {"id": reporter.pk, "label": f"reporter #{reporter.pk}"}}
    assert "Siti" not in _everything_recorded()


def test_a_model_declared_personal_is_named_by_its_audit_label(receive, office):
    audit.personal("directory.office")
    try:
        office.audit_label = lambda: f"office {office.code}"
        assert audit.record("closure.added", target=office).target_label == "office babel"
    finally:
        audit.PERSONAL_MODELS.discard("directory.office")


def test_the_life_of_a_confidential_report_records_no_identity(receive, pvl_assistant, walk):
    case = receive(reporters=[IDENTITY], confidential=True)
    sv.case_update(
        case=case,
        actor=pvl_assistant,
        title=f"Pungutan KTP terhadap {IDENTITY['name']}",
        chronology=f"Saya {IDENTITY['name']}, HP {IDENTITY['phone']}, tinggal di "
        f"{IDENTITY['address']}.",
        reason="Ringkasan diperjelas",
    )
    selectors.reporter_view(case.reporters.get(), pvl_assistant, reveal=True)
    walk(case, "monitoring")
    recorded = _everything_recorded()
    assert AuditEvent.objects.filter(action="case.edited").exists()
    for value in IDENTITY.values():
        assert value not in recorded
    assert "Zulkarnain" not in recorded and "9999" not in recorded
