"""Concurrent writers on the embedded SQLite database wait for each other instead of failing."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

WRITER = textwrap.dedent(
    """
    import os, sys, time
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aduan.settings")
    import django
    django.setup()
    from django.db import connection, transaction
    with connection.cursor() as c:
        c.execute("CREATE TABLE IF NOT EXISTS counter (id INTEGER PRIMARY KEY, n INTEGER)")
        c.execute("INSERT OR IGNORE INTO counter (id, n) VALUES (1, 0)")
    for _ in range(40):
        with transaction.atomic():
            with connection.cursor() as c:
                c.execute("SELECT n FROM counter WHERE id = 1")
                n = c.fetchone()[0]
                time.sleep(0.002)  # read, think, then write: the classic lost-update shape
                c.execute("UPDATE counter SET n = %s WHERE id = 1", [n + 1])
    with connection.cursor() as c:
        c.execute("PRAGMA journal_mode")
        print(c.fetchone()[0])
    """
)


def test_two_writers_at_once_neither_fails_nor_loses_an_update(tmp_path):
    env = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME"}}
    env.update({"DEBUG": "1", "ADUAN_DATA_DIR": str(tmp_path)})
    # The database exists before its writers, as after `aduan migrate`: switching a new file to
    # WAL needs an exclusive lock that two first connections at the same instant can deadlock on
    # (SQLite then answers "locked" at once, without waiting). WAL is kept in the file after.
    import sqlite3

    with sqlite3.connect(tmp_path / "aduan.sqlite3") as db:
        db.execute("PRAGMA journal_mode=WAL")
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    for proc, (out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
        assert out.strip() == "wal"
    with sqlite3.connect(tmp_path / "aduan.sqlite3") as db:
        assert db.execute("SELECT n FROM counter").fetchone()[0] == 80
