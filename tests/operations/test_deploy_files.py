"""The deployment pieces (deploy/, Dockerfile, compose.yaml) hold together. No Docker engine runs
where the suite runs, so the image is not built here: the compose file must be valid YAML naming
the services docs/deployment.md describes, and every file the Dockerfile copies must exist.
The nginx example must pass `nginx -t` (skipped, saying so, without nginx)."""

from __future__ import annotations

import configparser
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


def test_the_compose_file_has_the_engines_the_app_and_the_worker():
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    services = compose["services"]
    assert {"postgres", "minio", "minio-bucket", "redis", "migrate", "app", "worker"} <= set(
        services
    )
    environment = services["app"]["environment"]
    assert environment == services["worker"]["environment"]
    for name in ["DATABASE_URL", "AWS_STORAGE_BUCKET_NAME", "AWS_S3_ENDPOINT_URL", "REDIS_URL"]:
        assert environment[name]
    assert services["worker"]["command"] == ["aduan", "worker"]
    assert services["app"]["depends_on"]["migrate"]["condition"] == (
        "service_completed_successfully"
    )
    assert services["migrate"]["build"] == "."


def test_every_file_the_dockerfile_copies_exists():
    text = (ROOT / "Dockerfile").read_text()
    assert text.startswith("#") and "FROM python:3.11-slim" in text
    sources = []
    for line in text.splitlines():
        if line.startswith("COPY "):
            parts = [p for p in line.split()[1:] if not p.startswith("--")]
            sources += parts[:-1]
    assert "requirements/base.txt" in sources and "src/" in sources
    for source in sources:
        assert (ROOT / source).exists(), f"the Dockerfile copies {source}, which does not exist"
    assert re.search(r"^USER aduan$", text, re.M), "the image runs as a non-root user"
    assert "collectstatic" in text and 'CMD ["gunicorn"' in text


def _unit(name: str) -> configparser.ConfigParser:
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str
    unit.read(ROOT / "deploy" / "systemd" / name)
    return unit


def test_the_systemd_units_restart_and_read_the_environment_file():
    for name in ["aduan-web.service", "aduan-worker.service"]:
        unit = _unit(name)
        assert unit["Service"]["Restart"] == "always", name
        assert unit["Service"]["EnvironmentFile"] == "/etc/aduan/aduan.env"
        assert unit["Service"]["User"] == "aduan"
    assert _unit("aduan-worker.service")["Service"]["ExecStart"].endswith("aduan worker")
    web = _unit("aduan-web.service")["Service"]
    assert "gunicorn" in web["ExecStart"] and "PROMETHEUS_MULTIPROC_DIR" in web["Environment"]
    assert "aduan backup" in _unit("aduan-backup.service")["Service"]["ExecStart"]


def test_the_gunicorn_settings_load():
    namespace: dict = {}
    exec(
        compile((ROOT / "deploy" / "gunicorn.conf.py").read_text(), "gunicorn.conf.py", "exec"),
        namespace,
    )
    assert namespace["workers"] >= 1 and callable(namespace["child_exit"])


def test_the_nginx_example_passes_nginx_t(tmp_path):
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else "")
    if not nginx:
        pytest.skip("!! nginx is not installed: the nginx example's `nginx -t` is SKIPPED")
    openssl = shutil.which("openssl")
    if not openssl:
        pytest.skip("!! openssl is not installed: the nginx example's `nginx -t` is SKIPPED")
    # The example as shipped, with its paths moved into a temporary folder.
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
         "/CN=aduan.example.go.id", "-keyout", str(tmp_path / "privkey.pem"),
         "-out", str(tmp_path / "fullchain.pem")],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    site = (ROOT / "deploy" / "nginx" / "aduan.conf").read_text()
    site = site.replace("/etc/ssl/aduan/", f"{tmp_path}/")
    site = site.replace(
        "/etc/nginx/aduan_proxy_params", str(ROOT / "deploy/nginx/aduan_proxy_params")
    )
    site = site.replace("/var/log/nginx/", f"{tmp_path}/")
    (tmp_path / "aduan.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n  access_log {tmp_path}/access.log;\n"
        f"  client_body_temp_path {tmp_path}/body;\n  proxy_temp_path {tmp_path}/proxy;\n"
        f"  include {tmp_path}/aduan.conf;\n}}\n"
    )
    result = subprocess.run(
        [nginx, "-t", "-q", "-p", str(tmp_path), "-e", str(tmp_path / "error.log"),
         "-c", str(tmp_path / "nginx.conf")],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
