"""How the suite is spread over xdist workers (``--dist loadgroup``, scripts/run-tests).

After pytest-django has ordered the tests by the kind of database they need, the slowest tests are
moved to the front of their kind, so no worker is left running one of them alone at the end; and
tests marked ``xdist_group`` are kept on one worker.
"""

from __future__ import annotations

from pathlib import Path

import pytest

# Tests that take tens of seconds each: run first, so no worker is left with one at the end.
SLOW_FIRST = (
    "triage/test_mass_groups.py",
    "api/test_schemathesis.py",
    "stats/test_bangka_note.py",
    "cases/test_concurrent_intake.py",
    "triage/test_classifier.py",
    "journeys/",
)


def _django_order(item) -> int:
    """pytest-django's order: 0 in a transaction, 1 transactional, 2 without a database."""
    names = set(getattr(item, "fixturenames", ()))
    marker = item.get_closest_marker("django_db")
    kwargs = marker.kwargs if marker else {}
    if kwargs.get("transaction") or kwargs.get("reset_sequences"):
        return 1
    if names & {"transactional_db", "live_server", "django_db_reset_sequences"}:
        return 1
    if marker or "db" in names:
        return 0
    return 2


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Order and group the tests for the xdist workers.

    ``--dist loadgroup`` groups by a ``@group`` suffix that pytest-xdist 3.8 writes to
    ``item._nodeid``, which pytest 9 no longer reads (its node ids live in ``item._id``), so the
    ``xdist_group`` mark alone is ignored; the suffix is written here where pytest 9 reads it.
    The slow tests go first (the scheduler keeps the collection's order among single tests).
    """
    root = Path(__file__).resolve().parent

    def slow(item) -> bool:
        path = Path(str(item.path)).resolve()
        relative = path.relative_to(root).as_posix() if path.is_relative_to(root) else ""
        return relative.startswith(SLOW_FIRST)

    # pytest-django ran first: tests in a transaction, then transactional ones (each ends by
    # emptying the database, so none may come before a test that expects the reference data),
    # then those without a database. The slow tests lead within each of the three.
    items.sort(key=lambda item: (_django_order(item), not slow(item)))
    if not getattr(config.option, "loadgroup", False):  # set on xdist workers only
        return
    try:
        from _pytest.nodeid import NodeId
    except ImportError:  # pytest < 9: xdist's own suffix works
        return
    for item in items:
        marks = [
            m.args[0] if m.args else m.kwargs.get("name", "default")
            for m in item.iter_markers("xdist_group")
        ]
        if marks and "@" not in item.nodeid:
            item._id = NodeId.parse(f"{item.nodeid}@{'_'.join(sorted(map(str, marks)))}")
