"""The audit log's hash chains, and the database triggers that keep the log append-only.

Events are inserted by ``audit.record`` inside the business transaction, with no lock. Sealing
happens afterwards, in its own short transaction: ``seal_events`` (after each commit that
recorded events) and ``seal_pending`` (the worker's sweep, ``aduan audit seal``) lock one chain's
head row, give the chain's unsealed events the next places in id order, and insert one
``AuditSeal`` each: ``hash = SHA-256(canonical JSON of the event + place + previous hash)``.
Each office has its own chain; events without an office form chain 0. ``verify`` recomputes
every chain and names the first event that does not fit.

The database refuses UPDATE and DELETE on the audit tables (migration 0003 creates the triggers).
``maintenance()`` lifts the refusal for one connection only (PostgreSQL: the session setting
``aduan.audit_maintenance``; SQLite: a per-connection SQL function): used by ``flush`` (tests)
and by a person restoring a backup into a database that already holds rows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone

from aduan.core.models import AuditChainHead, AuditEvent, AuditSeal

log = logging.getLogger(__name__)

GENESIS = "0" * 64
AUDIT_TABLES = ("core_auditevent", "core_auditseal")
BATCH = 1000


# --- hashing --------------------------------------------------------------------------------------
def chain_of(office_id: int | None) -> int:
    return office_id or 0


def canonical(event: AuditEvent) -> dict[str, Any]:
    """The event's fields as hashed: every column, the time in ISO UTC to the millisecond (what
    a JSON dump keeps: ``dumpdata``/``loaddata`` restores verify)."""
    return {
        "id": event.pk,
        "at": event.at.astimezone(dt.UTC).isoformat(timespec="milliseconds"),
        "actor": event.actor_id,
        "actor_label": event.actor_label,
        "action": event.action,
        "office": event.office_id,
        "target_type": event.target_type_id,
        "target_id": event.target_id,
        "target_label": event.target_label,
        "old": event.old,
        "new": event.new,
        "reason": event.reason,
    }


def digest(event: AuditEvent, *, chain: int, seq: int, prev_hash: str) -> str:
    payload = {"event": canonical(event), "chain": chain, "seq": seq, "prev": prev_hash}
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


# --- sealing --------------------------------------------------------------------------------------
def _lock_head(chain: int) -> AuditChainHead:
    head = AuditChainHead.objects.select_for_update().filter(chain=chain).first()
    if head is None:  # the chain's first event: two sealers may race to start it
        AuditChainHead.objects.bulk_create([AuditChainHead(chain=chain)], ignore_conflicts=True)
        head = AuditChainHead.objects.select_for_update().get(chain=chain)
    return head


def _seal_chain(chain: int, ids: list[int]) -> int:
    """Seal the given events of one chain that are still unsealed, in id order."""
    with transaction.atomic():
        head = _lock_head(chain)
        office = {"office__isnull": True} if chain == 0 else {"office_id": chain}
        events = list(
            AuditEvent.objects.filter(pk__in=ids, seal__isnull=True, **office).order_by("pk")
        )
        if not events:
            return 0
        seq, prev, seals = head.seq, head.hash or GENESIS, []
        for event in events:
            seq += 1
            sealed = digest(event, chain=chain, seq=seq, prev_hash=prev)
            seals.append(AuditSeal(event=event, chain=chain, seq=seq, prev_hash=prev, hash=sealed))
            prev = sealed
        AuditSeal.objects.bulk_create(seals)
        head.seq, head.hash = seq, prev
        head.save(update_fields=["seq", "hash", "updated_at"])
    return len(seals)


def seal_events(ids: Iterable[int], *, offices: dict[int, int | None] | None = None) -> int:
    """Seal these events (those still unsealed). Each chain in its own short transaction.
    ``offices`` (event id → office id), when the caller knows them, saves a query."""
    ids = list(ids)
    if offices is None or set(offices) != set(ids):
        rows = AuditEvent.objects.filter(pk__in=ids, seal__isnull=True)
        offices = dict(rows.values_list("pk", "office_id"))
    chains: dict[int, list[int]] = {}
    for pk, office_id in offices.items():
        chains.setdefault(chain_of(office_id), []).append(pk)
    return sum(_seal_chain(chain, sorted(pks)) for chain, pks in sorted(chains.items()))


def seal_pending(*, progress: Any = None) -> int:
    """Seal every event not sealed yet (the safety net: the worker's sweep and ``aduan audit
    seal``). Safe to run in several workers at once: the chain head is locked while sealing."""
    total = 0
    while True:
        ids = list(
            AuditEvent.objects.filter(seal__isnull=True)
            .order_by("pk")
            .values_list("pk", flat=True)[:BATCH]
        )
        if not ids:
            return total
        done = seal_events(ids)
        total += done
        if progress is not None:
            progress(total)
        if not done:  # another sealer took them meanwhile; look again
            continue


def _seal_after_commit() -> None:
    connection = connections[DEFAULT_DB_ALIAS]
    ids, connection.aduan_audit_ids = getattr(connection, "aduan_audit_ids", {}), {}
    if not ids:
        return
    try:
        seal_events(list(ids), offices=ids)
    except Exception:  # best effort: the worker's sweep seals what this missed
        log.exception("sealing audit events failed; the worker's sweep will seal them")


def seal_on_commit(events: Iterable[AuditEvent]) -> None:
    """Seal these events after the current transaction commits, in one short transaction of
    their own (called by ``audit.record``; call it after a ``bulk_create`` of events). One
    callback per transaction, whatever the number of events. With the setting
    ``AUDIT_SEAL_AFTER_COMMIT = False`` only the worker's sweep seals (no extra transaction after
    each request; events wait up to one sweep interval for their seal)."""
    if not getattr(settings, "AUDIT_SEAL_AFTER_COMMIT", True):
        return
    connection = connections[DEFAULT_DB_ALIAS]
    ids = {event.pk: event.office_id for event in events}
    pending = connection.in_atomic_block and any(
        entry[1] is _seal_after_commit for entry in connection.run_on_commit
    )
    if pending:
        connection.aduan_audit_ids.update(ids)
        return
    connection.aduan_audit_ids = ids
    transaction.on_commit(_seal_after_commit, robust=True)


# --- the database's refusal -----------------------------------------------------------------------
PG_FUNCTION = """
CREATE OR REPLACE FUNCTION aduan_audit_append_only() RETURNS trigger AS $$
BEGIN
    IF current_setting('aduan.audit_maintenance', true) = 'on' THEN
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'aduan: % on % refused: the audit record is append-only', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$ LANGUAGE plpgsql
"""


def trigger_sql(vendor: str) -> list[str]:
    """The statements that make the audit tables refuse UPDATE and DELETE (and TRUNCATE)."""
    statements: list[str] = []
    if vendor == "postgresql":
        statements.append(PG_FUNCTION)
        for table in AUDIT_TABLES:
            statements += [
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION aduan_audit_append_only()",
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION aduan_audit_append_only()",
            ]
    elif vendor == "sqlite":
        for table in AUDIT_TABLES:
            for op in ("UPDATE", "DELETE"):
                statements.append(
                    f"CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table} "
                    "WHEN aduan_audit_maintenance() = 0 BEGIN "
                    f"SELECT RAISE(ABORT, 'aduan: {op} on {table} refused: the audit record "
                    "is append-only'); END"
                )
    return statements


def drop_trigger_sql(vendor: str) -> list[str]:
    statements: list[str] = []
    for table in AUDIT_TABLES:
        if vendor == "postgresql":
            statements += [
                f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
                f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}",
            ]
        elif vendor == "sqlite":
            statements += [
                f"DROP TRIGGER IF EXISTS {table}_no_update",
                f"DROP TRIGGER IF EXISTS {table}_no_delete",
            ]
    if vendor == "postgresql":
        statements.append("DROP FUNCTION IF EXISTS aduan_audit_append_only()")
    return statements


def expected_triggers(vendor: str) -> set[str]:
    if vendor == "postgresql":
        return {f"{t}_{s}" for t in AUDIT_TABLES for s in ("append_only", "no_truncate")}
    if vendor == "sqlite":
        return {f"{t}_{s}" for t in AUDIT_TABLES for s in ("no_update", "no_delete")}
    return set()


def installed_triggers(using: str = DEFAULT_DB_ALIAS) -> set[str]:
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'D' "
                "AND tgrelid::regclass::text = ANY(%s)",
                [list(AUDIT_TABLES)],
            )
        elif connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        else:
            return set()
        return {row[0] for row in cursor.fetchall()}


def install_sqlite_function(sender: Any, connection: Any, **kwargs: Any) -> None:
    """``connection_created``: give each SQLite connection the flag its triggers read."""
    if connection.vendor != "sqlite":
        return
    connection.connection.create_function(
        "aduan_audit_maintenance",
        0,
        lambda: 1 if getattr(connection, "aduan_audit_maintenance", False) else 0,
    )


@contextmanager
def maintenance(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Lift the audit tables' refusal for this connection only, for the ``with`` block (flush
    in tests, restoring a backup over existing rows). Never used by the application itself."""
    connection = connections[using]
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('aduan.audit_maintenance', 'on', false)")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('aduan.audit_maintenance', 'off', false)")
    else:
        connection.aduan_audit_maintenance = True
        try:
            yield
        finally:
            connection.aduan_audit_maintenance = False


# --- verifying ------------------------------------------------------------------------------------
@dataclass
class Problem:
    """The first thing wrong in one chain."""

    chain: int
    what: str
    event_id: int | None = None
    at: dt.datetime | None = None
    action: str = ""

    def describe(self, office_codes: dict[int, str]) -> str:
        office = office_codes.get(self.chain, "-") if self.chain else "(no office)"
        where = f"event {self.event_id}" if self.event_id else "chain"
        when = f" at {self.at.astimezone(dt.UTC):%Y-%m-%d %H:%M:%S} UTC" if self.at else ""
        action = f" {self.action}" if self.action else ""
        return f"{where} (office {office}){when}{action}: {self.what}"


@dataclass
class Report:
    counts: dict[int, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _verify_chain(chain: int, head: AuditChainHead | None) -> tuple[int, Problem | None]:
    seals = (
        AuditSeal.objects.filter(chain=chain)
        .select_related("event")
        .order_by("seq")
        .iterator(chunk_size=2000)
    )
    expected_seq, prev, count = 1, GENESIS, 0
    for seal in seals:
        event = seal.event

        def problem(what: str, event: AuditEvent = event, count: int = count) -> tuple:
            return count, Problem(chain, what, event.pk, event.at, event.action)

        if seal.seq != expected_seq:
            return problem(f"gap in the chain: place {expected_seq} is missing (found {seal.seq})")
        if seal.prev_hash != prev:
            return problem("missing link: its previous hash is not the hash of the event before")
        if chain_of(event.office_id) != chain:
            return problem("the event's office is not the office of its chain")
        if digest(event, chain=chain, seq=seal.seq, prev_hash=prev) != seal.hash:
            return problem("hash mismatch: the event was changed after it was sealed")
        prev, expected_seq, count = seal.hash, expected_seq + 1, count + 1
    if head is not None and (head.seq, head.hash or GENESIS) != (count, prev):
        return count, Problem(
            chain, f"the chain ends at place {count} but its head says {head.seq}: events removed"
        )
    return count, None


def verify(
    *,
    office_id: int | None = None,
    unsealed_after: dt.timedelta | None = None,
    progress: Any = None,
) -> Report:
    """Recompute every chain (or one office's). Also names an event left unsealed for longer than
    ``unsealed_after`` and missing triggers."""
    report = Report()
    heads = {head.chain: head for head in AuditChainHead.objects.all()}
    chains = set(heads) | set(AuditSeal.objects.values_list("chain", flat=True).distinct())
    if office_id is not None:
        chains = {office_id}
    for chain in sorted(chains):
        count, problem = _verify_chain(chain, heads.get(chain))
        report.counts[chain] = count
        if problem is not None:
            report.problems.append(problem)
        if progress is not None:
            progress(chain, count)
    if unsealed_after is not None:
        late = AuditEvent.objects.filter(seal__isnull=True, at__lt=timezone.now() - unsealed_after)
        if office_id is not None:
            late = late.filter(office_id=office_id)
        event = late.order_by("pk").first()
        if event is not None:
            report.problems.append(
                Problem(
                    chain_of(event.office_id),
                    f"not sealed ({late.count()} events older than {unsealed_after} are not): "
                    "run `aduan audit seal`, and check that the worker runs",
                    event.pk,
                    event.at,
                    event.action,
                )
            )
    vendor = connections[DEFAULT_DB_ALIAS].vendor
    missing = expected_triggers(vendor) - installed_triggers()
    if missing:
        report.problems.append(
            Problem(
                0,
                "the database no longer refuses changes to the audit tables; missing triggers: "
                + ", ".join(sorted(missing)),
            )
        )
    return report
