"""The aduan command: manage.py with Aduan's subcommands, hyphens allowed."""

from __future__ import annotations

import os
import subprocess
import sys


def run_aduan(*args: str, tmp_path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME"}}
    env.update({"DEBUG": "1", "ADUAN_DATA_DIR": str(tmp_path)})
    return subprocess.run(
        [sys.executable, "-m", "aduan", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_subcommands_may_be_typed_with_hyphens(tmp_path):
    result = run_aduan("load-regions", "--help", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Kepmendagri" in result.stdout


def test_the_project_commands_are_listed(tmp_path):
    result = run_aduan("help", tmp_path=tmp_path)
    for name in ("demo", "deadline", "load_regions", "worker"):
        assert name in result.stdout
