"""Failures counted per client in the shared cache, with an exponential wait past a limit.

Used where a guess must not be cheap (the portal's tracking codes, API tokens): below
``limit`` failures nothing happens; at the limit the client waits ``base`` seconds, and each
further failure doubles the wait, never beyond ``window``. A quiet window forgets the client.

The count is taken atomically (``cache.add`` then ``cache.incr``: Redis's INCR with REDIS_URL),
so clients failing at once on several hosts each get their own number and none slips under the
limit; the end of the wait is kept beside it, in a key that expires when the wait does, so a
lockout holds across hosts whose clocks differ. (The database cache of a one-machine install
increments by read and write, as Django's does; docs/decisions/0022.)
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


def _keys(key: str) -> tuple[str, str]:
    return f"{key}:failures", f"{key}:until"


def wait_left(key: str) -> int:
    """Seconds the client behind ``key`` must still wait (0: it may try)."""
    until = cache.get(_keys(key)[1])
    if not until:
        return 0
    # The key lives exactly the wait (Redis expires it by its own clock), so while it is there
    # the client waits, whatever this host's clock says of the end another host wrote.
    return max(1, int(float(until) - time.time() + 0.999))


def count(key: str, *, timeout: int, slide: bool = True) -> int:
    """Add one to the counter ``key`` and return the new value, atomically with a shared
    cache. It is kept ``timeout`` seconds after its last change (``slide``) or its first."""
    if cache.add(key, 1, timeout=timeout):
        return 1
    try:
        value = cache.incr(key)
    except ValueError:  # expired between add and incr: this failure starts a new count
        if cache.add(key, 1, timeout=timeout):
            return 1
        value = cache.incr(key)
    if slide:
        cache.touch(key, timeout=timeout)
    return value


def fail(key: str, *, limit: int, window: int, base: int = 60) -> int:
    """Count one failure; returns the wait it earns (0 below the limit)."""
    failures_key, until_key = _keys(key)
    failures = count(failures_key, timeout=window)
    wait = wait_seconds(failures, limit=limit, window=window, base=base)
    if wait:
        # Forgotten after a quiet window once the wait is over.
        cache.touch(failures_key, timeout=window + wait)
        cache.set(until_key, time.time() + wait, timeout=wait)
    return wait
