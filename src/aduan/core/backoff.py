"""Failures counted per client in the shared cache, with an exponential wait past a limit.

Used where a guess must not be cheap (the portal's tracking codes, API tokens): below
``limit`` failures nothing happens; at the limit the client waits ``base`` seconds, and each
further failure doubles the wait, never beyond ``window``. A quiet window forgets the client.
"""

from __future__ import annotations

import time

from django.core.cache import cache


def wait_seconds(failures: int, *, limit: int, window: int, base: int = 60) -> int:
    """The wait after ``failures`` failures in a row."""
    over = failures - limit
    if over < 0:
        return 0
    return min(base * 2 ** min(over, 20), window)


def wait_left(key: str) -> int:
    """Seconds the client behind ``key`` must still wait (0: it may try)."""
    state = cache.get(key)
    if not state:
        return 0
    return max(0, int(state["until"] - time.time() + 0.999))


def fail(key: str, *, limit: int, window: int, base: int = 60) -> int:
    """Count one failure; returns the wait it earns (0 below the limit)."""
    state = cache.get(key) or {"failures": 0, "until": 0}
    state["failures"] += 1
    wait = wait_seconds(state["failures"], limit=limit, window=window, base=base)
    state["until"] = time.time() + wait
    cache.set(key, state, timeout=window + wait)
    return wait
