"""Concurrent intake: gapless, unique references (8 threads × 50 reports)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from aduan.cases import services as sv
from aduan.cases.models import Case

THREADS, EACH = 8, 50


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_intake_gives_gapless_unique_references(office, agency_tree):
    errors = []
    barrier = threading.Barrier(THREADS)

    def worker(n: int) -> None:
        try:
            barrier.wait()
            for i in range(EACH):
                sv.case_receive(
                    office=office,
                    intake_type="lm",
                    channel="web",
                    title=f"Laporan {n}-{i}",
                    reporters=[{"name": f"Pelapor {n}"}],
                )
        except Exception as exc:
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    sequences = sorted(Case.objects.values_list("sequence", flat=True))
    assert sequences == list(range(1, THREADS * EACH + 1))
    assert Case.objects.values("reference").distinct().count() == THREADS * EACH
