"""The audit log's hash chains, the database's refusal, and ``aduan audit verify``."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from aduan.core import audit, chain
from aduan.core.models import AuditChainHead, AuditEvent, AuditSeal
from aduan.directory.models import Office, User

pytestmark = pytest.mark.django_db


def _events(office, n=3, **extra):
    return [audit.record("closure.added", office=office, new={"n": i}, **extra) for i in range(n)]


def _verify(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("audit", "verify", *args, stdout=out, stderr=err)
    except CommandError as exc:
        return exc.returncode, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def _behind_aadans_back(sql, params=()):
    """A change made with SQL, the refusal lifted as only a maintainer can."""
    with chain.maintenance(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_each_office_has_its_own_chain(office, other_office):
    first = _events(office, 2) + _events(other_office, 1) + _events(None, 1)
    assert chain.seal_pending() == 4
    seals = {s.event_id: s for s in AuditSeal.objects.all()}
    assert [seals[e.pk].seq for e in first] == [1, 2, 1, 1]
    assert {seals[e.pk].chain for e in first} == {office.pk, other_office.pk, 0}
    assert seals[first[0].pk].prev_hash == chain.GENESIS
    assert seals[first[1].pk].prev_hash == seals[first[0].pk].hash
    assert AuditChainHead.objects.get(chain=office.pk).hash == seals[first[1].pk].hash


def test_sealing_twice_seals_nothing_more(office):
    _events(office, 2)
    assert chain.seal_pending() == 2
    assert chain.seal_pending() == 0
    assert AuditSeal.objects.count() == 2


def test_events_are_sealed_after_the_commit(office, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _events(office, 3)
    assert len(callbacks) == 1  # one sealing per transaction, not per event
    assert AuditSeal.objects.filter(chain=office.pk).count() == 3


def test_a_seal_is_the_hash_of_the_event_and_the_one_before(office):
    (event,) = _events(office, 1)
    chain.seal_pending()
    seal = AuditSeal.objects.get()
    fresh = AuditEvent.objects.get(pk=event.pk)
    assert seal.hash == chain.digest(fresh, chain=office.pk, seq=1, prev_hash=chain.GENESIS)


def test_verify_passes_and_counts_events_per_office(office, other_office):
    _events(office, 3)
    _events(other_office, 2)
    chain.seal_pending()
    code, out, err = _verify()
    assert code == 0, err
    assert "babel: 3 events" in out and "sulsel: 2 events" in out


def test_verify_names_an_event_changed_behind_aduans_back(office):
    events = _events(office, 3)
    chain.seal_pending()
    _behind_aadans_back(
        "UPDATE core_auditevent SET reason = %s WHERE id = %s", ["rewritten", events[1].pk]
    )
    code, _, err = _verify()
    assert code == 1
    assert f"event {events[1].pk} (office babel)" in err
    assert "closure.added" in err and "hash mismatch" in err


def test_verify_catches_a_change_made_with_the_trigger_dropped(office):
    events = _events(office, 2)
    chain.seal_pending()
    with connection.cursor() as cursor:
        for statement in chain.drop_trigger_sql(connection.vendor):
            cursor.execute(statement)
        cursor.execute(
            "UPDATE core_auditevent SET new = %s WHERE id = %s", ['{"n": 9}', events[0].pk]
        )
    code, _, err = _verify()
    assert code == 1
    assert f"event {events[0].pk}" in err and "hash mismatch" in err
    assert "missing triggers" in err


def test_verify_names_a_removed_event(office):
    events = _events(office, 3)
    chain.seal_pending()
    _behind_aadans_back("DELETE FROM core_auditseal WHERE event_id = %s", [events[1].pk])
    _behind_aadans_back("DELETE FROM core_auditevent WHERE id = %s", [events[1].pk])
    code, _, err = _verify()
    assert code == 1
    assert f"event {events[2].pk}" in err and "gap in the chain" in err


def test_verify_names_a_removed_last_event(office):
    events = _events(office, 2)
    chain.seal_pending()
    _behind_aadans_back("DELETE FROM core_auditseal WHERE event_id = %s", [events[1].pk])
    _behind_aadans_back("DELETE FROM core_auditevent WHERE id = %s", [events[1].pk])
    code, _, err = _verify()
    assert code == 1 and "events removed" in err


def test_verify_names_a_relinked_seal(office):
    events = _events(office, 3)
    chain.seal_pending()
    _behind_aadans_back(
        "UPDATE core_auditseal SET prev_hash = %s WHERE event_id = %s", ["f" * 64, events[2].pk]
    )
    code, _, err = _verify()
    assert code == 1 and f"event {events[2].pk}" in err and "missing link" in err


def test_verify_names_an_event_left_unsealed(office, time_machine):
    time_machine.move_to("2026-03-02 08:00Z")
    (event,) = _events(office, 1)
    time_machine.move_to("2026-03-02 10:00Z")
    code, _, err = _verify("--unsealed-minutes", "60")
    assert code == 1 and f"event {event.pk}" in err and "not sealed" in err
    call_command("audit", "seal", stdout=io.StringIO(), stderr=io.StringIO())
    assert _verify()[0] == 0


def test_verify_one_office(office, other_office):
    _events(office, 1)
    bad = _events(other_office, 1)
    chain.seal_pending()
    _behind_aadans_back("UPDATE core_auditevent SET reason = 'x' WHERE id = %s", [bad[0].pk])
    assert _verify("--office", "babel")[0] == 0
    assert _verify("--office", "sulsel")[0] == 1
    with pytest.raises(CommandError, match="No office with code 'nowhere'"):
        call_command("audit", "verify", "--office", "nowhere")


@pytest.mark.parametrize("table", ["core_auditevent", "core_auditseal"])
def test_the_database_refuses_an_update(office, table):
    _events(office, 1)
    chain.seal_pending()
    column = "reason" if table == "core_auditevent" else "hash"
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {table} SET {column} = 'x'")


@pytest.mark.parametrize("table", ["core_auditseal", "core_auditevent"])
def test_the_database_refuses_a_delete(office, table):
    _events(office, 1)
    chain.seal_pending()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table}")
    assert AuditEvent.objects.count() == 1


def test_the_database_refuses_a_queryset_update(office):
    _events(office, 1)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.update(reason="x")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE is PostgreSQL's")
def test_postgresql_refuses_a_truncate(office):
    _events(office, 1)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE core_auditseal, core_auditevent")


def test_the_triggers_are_in_place_after_every_migration():
    assert chain.expected_triggers(connection.vendor) <= chain.installed_triggers()


def test_maintenance_lifts_the_refusal_for_its_block_only(office):
    (event,) = _events(office, 1)
    _behind_aadans_back("UPDATE core_auditevent SET reason = 'x' WHERE id = %s", [event.pk])
    with pytest.raises(DatabaseError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE core_auditevent SET reason = 'y'")


def test_deleting_a_user_leaves_their_events_as_written(office, administrator):
    user = User.objects.create_user("leaver", office=office)
    (event,) = _events(office, 1, actor=user)
    chain.seal_pending()
    pk = user.pk
    user.delete()
    fresh = AuditEvent.objects.get(pk=event.pk)
    assert fresh.actor_id == pk and fresh.actor_label == "leaver"
    assert _verify()[0] == 0


def test_deleting_an_office_leaves_its_events_as_written(central_office):
    gone = Office.objects.create(code="tutup", name="Closed office", kind=Office.Kind.PERWAKILAN)
    (event,) = _events(gone, 1)
    chain.seal_pending()
    pk = gone.pk
    gone.delete()
    assert AuditEvent.objects.get(pk=event.pk).office_id == pk
    code, out, _ = _verify()
    assert code == 0 and f"office #{pk}: 1 events" in out


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_sealing_after_commit_and_the_flush_between_tests_work_with_the_triggers(office):
    _events(office, 2)  # autocommit: each event sealed right after its own commit
    assert AuditSeal.objects.filter(chain=office.pk).count() == 2
    # the flush that ends this test empties the audit tables through the triggers


def test_a_dump_restored_into_an_empty_database_verifies(office, tmp_path):
    _events(office, 3)
    chain.seal_pending()
    dump = tmp_path / "audit.json"
    call_command("dumpdata", "core", output=str(dump), verbosity=0)
    for table in ("core_auditseal", "core_auditevent", "core_auditchainhead"):
        _behind_aadans_back(f"DELETE FROM {table}")  # a database without the log
    assert not AuditEvent.objects.exists()
    call_command("loaddata", str(dump), verbosity=0)  # inserts only: the triggers let it in
    assert AuditSeal.objects.count() == 3
    code, _, err = _verify()
    assert code == 0, err


def test_a_restore_over_existing_rows_is_refused_outside_maintenance(office, tmp_path):
    _events(office, 1)
    dump = tmp_path / "audit.json"
    call_command("dumpdata", "core.auditevent", output=str(dump), verbosity=0)
    _behind_aadans_back("UPDATE core_auditevent SET reason = 'changed since'")
    with pytest.raises(DatabaseError), transaction.atomic():
        call_command("loaddata", str(dump), verbosity=0)
    with chain.maintenance():
        call_command("loaddata", str(dump), verbosity=0)
    assert AuditEvent.objects.get().reason == ""


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_sealing_can_be_left_to_the_worker(office, settings):
    settings.AUDIT_SEAL_AFTER_COMMIT = False
    _events(office, 2)
    assert not AuditSeal.objects.exists()
    assert chain.seal_pending() == 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_several_sealers_at_once_give_each_event_one_place(office, other_office, settings):
    import threading

    from django.db import close_old_connections

    settings.AUDIT_SEAL_AFTER_COMMIT = False
    for i in range(40):
        audit.record("closure.added", office=office if i % 2 else other_office, new={"n": i})
    errors = []

    def seal():
        try:
            chain.seal_pending()
        except Exception as exc:
            errors.append(exc)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=seal) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert AuditSeal.objects.count() == 40
    report = chain.verify()
    assert report.ok and report.counts == {office.pk: 20, other_office.pk: 20}


def test_the_aduan_command_lists_audit():
    from django.core.management import get_commands

    assert get_commands()["audit"] == "aduan.core"
    assert get_commands()["flush"] == "aduan.core"  # the flush that passes the triggers
