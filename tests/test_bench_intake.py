"""The side-by-side intake benchmark's parts that need neither a network nor a server: its
options, the peer's settings (importable without helpdesk installed), the form reading, and the
CPU reader on this very process. The benchmark itself runs with ``python -m bench intake``."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
import time

import pytest
from bench import intake


def test_the_defaults_are_the_issues_figure():
    args = intake.parse_args([])
    assert (args.workers, args.clients, args.rounds, args.reports) == (2, 4, 5, 200)
    assert not args.no_peer and not args.skip_pg and not args.skip_sqlite
    assert args.db_prefix == "aduan_bench_intake"


def test_the_options_are_read():
    args = intake.parse_args(
        "--skip-pg --skip-sqlite --no-peer --rounds 2 --reports 30 --workers 3 --clients 8 "
        "--burst 0 --db-prefix aduan_bench_someone".split()
    )
    assert args.skip_pg and args.skip_sqlite and args.no_peer
    assert (args.rounds, args.reports, args.workers, args.clients, args.burst) == (2, 30, 3, 8, 0)
    assert args.db_prefix == "aduan_bench_someone"


@pytest.mark.parametrize("bad", [["--workers", "0"], ["--db-prefix", "x; DROP DATABASE y"]])
def test_bad_options_are_refused(bad, capsys):
    with pytest.raises(SystemExit):
        intake.parse_args(bad)


def test_both_projects_are_served_by_the_same_gunicorn_command():
    aduan = intake.gunicorn_command("/a/python", "aduan.wsgi:application", 2, 8000)
    peer = intake.gunicorn_command("/b/python", "bench.helpdesk_site.wsgi:application", 2, 8000)
    assert aduan[4:] == peer[4:] and "--workers=2" in aduan and "--worker-class=sync" in aduan
    assert intake.helpdesk_requirements()[0] == "django-helpdesk==2.6.1"


def test_the_peer_settings_import_without_helpdesk(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/aduan_bench_x_helpdesk")
    monkeypatch.setenv("DB_CONN_MAX_AGE", "60")
    settings = importlib.reload(importlib.import_module("bench.helpdesk_site.settings"))
    database = settings.DATABASES["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["NAME"], database["HOST"], database["PORT"]) == (
        "aduan_bench_x_helpdesk",
        "127.0.0.1",
        "5432",
    )
    assert database["CONN_MAX_AGE"] == 60 and settings.DEBUG is False
    assert "helpdesk" in settings.INSTALLED_APPS and not settings.HELPDESK_TEAMS_MODE_ENABLED
    sqlite = settings.database_from_url("sqlite:////tmp/peer.sqlite3")
    assert sqlite["NAME"] == "/tmp/peer.sqlite3"
    assert "journal_mode=WAL" in sqlite["OPTIONS"]["init_command"]
    with pytest.raises(ValueError):
        settings.database_from_url("mysql://localhost/x")


def test_the_forms_are_read_as_a_browser_would():
    page = (
        '<form><input type="hidden" name="csrfmiddlewaretoken" value="abc&amp;1">'
        '<input value="f00d" type="hidden" name="token">'
        '<select name="queue" class="form-select" required id="id_queue">'
        '<option value="" selected>--------</option><option value="7">Publik</option></select>'
    )
    assert intake._hidden(page, "csrfmiddlewaretoken") == "abc&1"
    assert intake._hidden(page, "token") == "f00d"
    assert intake._first_option(page, "queue") == "7"
    assert intake.lapor_fields(5)(page)["token"] == "f00d"
    assert intake.helpdesk_fields(5)(page)["queue"] == "7"
    with pytest.raises(ValueError):
        intake._hidden(page, "missing")


def test_the_cpu_reader_counts_this_process_and_its_children():
    before = intake.process_cpu(os.getpid())
    deadline = time.process_time() + 0.2
    while time.process_time() < deadline:
        pass
    assert intake.process_cpu(os.getpid()) - before >= 0.1
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(5)"])
    try:
        deadline = time.monotonic() + 5
        while child.pid not in intake.child_pids(os.getpid()) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert child.pid in intake.child_pids(os.getpid())
        assert intake.tree_cpu(os.getpid()) >= intake.process_cpu(os.getpid())
    finally:
        child.kill()
        child.wait()
    assert intake.process_cpu(child.pid) == 0.0  # gone: nothing, and no error


def test_the_ratio_rows_divide_aduan_by_the_peer():
    result = intake.Result("sqlite")

    def rounds(kind, rate, cpu_ms):
        return [
            intake.Round(kind, 100, 100 / rate, cpu_ms * 100 / 1000, [0.01] * 100, {})
            for _ in range(3)
        ]

    result.rounds = {
        "aduan-lapor": rounds("aduan-lapor", 90, 3),
        "aduan-api": rounds("aduan-api", 20, 12),
        "helpdesk": rounds("helpdesk", 30, 12),
    }
    result.page_cpu = {"aduan-lapor": 0.001, "helpdesk": 0.004}
    rows, ratios = intake.summary_rows(result)
    assert [r[1] for r in rows] == ["aduan-lapor", "aduan-api", "helpdesk"]
    assert rows[0][-1] == "1.0" and rows[1][-1] == "–"
    lapor, api = ratios
    assert lapor[1:] == ("aduan-lapor / helpdesk", "3.00×", "met", "0.25×", "met", "0.25×")
    assert api[1:] == ("aduan-api / helpdesk", "0.67×", "NOT MET", "1.00×", "NOT MET", "1.50×")


def test_without_the_peer_the_run_says_so_loudly(monkeypatch, capsys):
    assert intake.main(["--no-peer", "--skip-pg", "--skip-sqlite"]) == 0
    assert "!! PEER SKIPPED (--no-peer)" in capsys.readouterr().out

    def cannot_build():
        raise RuntimeError("pip install exited with 1")

    monkeypatch.setattr(intake, "helpdesk_python", cannot_build)
    assert intake.main(["--skip-pg", "--skip-sqlite"]) == 1
    out = capsys.readouterr().out
    assert "!! PEER SKIPPED: the django-helpdesk 2.6.1 virtualenv could not be built" in out
    assert "the peer could not be measured" in out
