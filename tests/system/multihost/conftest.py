"""Two app hosts, two worker hosts and a load balancer, started once for the module.

Topology (docs/decisions/0023-several-hosts.md): a bridge in the root namespace on a free
10.X.Y.0/24; its first address (the "gateway") carries haproxy: HTTP round robin over the two app
hosts, and TCP frontends forwarding to PostgreSQL, Redis and the moto S3 server, which listen on
127.0.0.1 only. Four network namespaces, each one machine: ``app-a`` and ``app-b`` run gunicorn
(DEBUG off, their own data directory), ``worker-a`` and ``worker-b`` run ``aduan worker``. All
four use the same database (a fresh one, made by ``prepare``), the same bucket and the same Redis
(with this run's key prefix), reached through the gateway. Everything is taken down at the end,
also when starting fails half way.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.services import PG_SERVER, REDIS_URL, answers, free_port, wait_for_port
from tests.system.multihost.client import Client
from tests.system.multihost.hosts import IP, Network, haproxy_config, wait_http

ROOT = Path(__file__).resolve().parents[3]
HAPROXY = shutil.which("haproxy") or "/usr/sbin/haproxy"
APP_PORT = 8000  # inside each app host's own namespace: no other process there
GUNICORN_WORKERS = 2
TRACK_MAX_FAILURES = 4
LOGIN_FAILURE_LIMIT = 5
GROUP = "multihost"  # the xdist group of this module


def _skip(reason: str) -> None:
    pytest.skip(f"!! {reason}: the multi-host tests are SKIPPED")


def machine_ready() -> None:
    """Skip, saying why, when the machine cannot run the hosts."""
    if sys.platform != "linux":
        _skip("network namespaces need Linux")
    if os.geteuid() != 0:
        _skip("network namespaces need root (run the system tests as root, as CI does)")
    if not (Path(IP).exists() or shutil.which("ip")):
        _skip("`ip` (iproute2) is absent")
    if not Path(HAPROXY).exists():
        _skip("haproxy is absent (apt-get install haproxy)")
    pg = urlsplit(PG_SERVER)
    if not answers(pg.hostname or "127.0.0.1", pg.port or 5432):
        _skip(f"PostgreSQL does not answer at {PG_SERVER}")
    redis = urlsplit(REDIS_URL)
    if not answers(redis.hostname or "127.0.0.1", redis.port or 6379):
        _skip(f"Redis does not answer at {REDIS_URL}")


@dataclass
class Cluster:
    network: Network
    gateway: str
    web_port: int  # the balancer
    apps: dict[str, str]  # host name → address (each serves on APP_PORT)
    database_url: str  # from this (root) namespace: 127.0.0.1
    token: str
    password: str
    recovery_codes: list[str]
    bucket: str
    s3: object  # a boto3 client of the S3 server
    redis_prefix: str
    logs: Path
    mail_dirs: dict[str, Path] = field(default_factory=dict)  # worker host → its mail files
    workers: dict[str, subprocess.Popen] = field(default_factory=dict)

    def balancer(self, source: str | None = None) -> Client:
        return Client(self.gateway, self.web_port, source)

    def app(self, name: str, source: str | None = None) -> Client:
        return Client(self.apps[name], APP_PORT, source)

    def query(self, sql: str, *params: object) -> list[tuple]:
        import psycopg

        with psycopg.connect(self.database_url) as conn:
            return conn.execute(sql, params).fetchall()

    def execute(self, sql: str, *params: object) -> int:
        import psycopg

        with psycopg.connect(self.database_url) as conn:
            return conn.execute(sql, params).rowcount

    def access_log(self, name: str) -> str:
        return (self.logs / f"{name}.access.log").read_text()

    def log(self, name: str) -> str:
        return (self.logs / f"{name}.log").read_text(errors="replace")


def environment(**values: str) -> dict[str, str]:
    """A clean environment (nothing of pytest's, e.g. DJANGO_SETTINGS_MODULE) plus ``values``."""
    base = {name: os.environ[name] for name in ("PATH", "HOME", "LANG") if name in os.environ}
    return {
        **base,
        "DJANGO_SETTINGS_MODULE": "aduan.settings",
        "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}",
        "PYTHONUNBUFFERED": "1",
        **values,
    }


def _new_database() -> tuple[str, str]:
    import psycopg

    name = f"aduan_sys_multihost_{secrets.token_hex(4)}"
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return name, f"{PG_SERVER}/{name}"


def _drop_database(name: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _forget_redis_keys(prefix: str) -> None:
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    keys = list(client.scan_iter(match=f"{prefix}:*", count=500))
    for start in range(0, len(keys), 500):
        client.delete(*keys[start : start + 500])


def _app_command(name: str, logs: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "aduan.wsgi:application",
        f"--workers={GUNICORN_WORKERS}",
        f"--bind=0.0.0.0:{APP_PORT}",
        "--timeout=60",
        "--graceful-timeout=3",
        f"--access-logfile={logs / f'{name}.access.log'}",
    ]


def _worker_command(name: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "aduan",
        "worker",
        "--sweep-interval=1",
        "--interval=0.2",
        "--no-startup-delay",
        f"--worker-id={name}",
    ]


@pytest.fixture(scope="module")
def cluster(request, tmp_path_factory) -> Iterator[Cluster]:
    machine_ready()
    s3_server = request.getfixturevalue("s3_server")  # skips when moto is absent
    started = time.monotonic()
    work = tmp_path_factory.mktemp("multihost")
    logs = work / "logs"
    logs.mkdir()
    db_name, db_url = _new_database()
    network = prepare = None
    prefix = f"aduan-multihost-{secrets.token_hex(4)}"
    offline = {"DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "x"}
    try:
        # The database's first state (migrations take most of the start), while the rest comes
        # up; the app hosts start meanwhile, the workers once it is done.
        prepare = subprocess.Popen(
            [sys.executable, "-m", "tests.system.multihost.prepare"],
            cwd=ROOT,
            env=environment(DATABASE_URL=db_url, **offline),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        # One release's static files, collected once; every host serves the same copy.
        release = work / "release"
        subprocess.run(
            [sys.executable, "-m", "aduan", "collectstatic", "--noinput", "-v0"],
            cwd=ROOT,
            env=environment(ADUAN_DATA_DIR=str(release), **offline),
            check=True,
            timeout=120,
        )
        network = Network()
        gateway = network.gateway
        hosts = {
            name: network.add_host(name) for name in ("app-a", "app-b", "worker-a", "worker-b")
        }
        apps = {name: hosts[name].address for name in ("app-a", "app-b")}
        ports = {name: free_port(gateway) for name in ("web", "pg", "redis", "s3")}
        pg, redis, s3 = urlsplit(PG_SERVER), urlsplit(REDIS_URL), urlsplit(s3_server.endpoint)
        config = work / "haproxy.cfg"
        config.write_text(
            haproxy_config(
                bind=gateway,
                web_port=ports["web"],
                apps={name: f"{address}:{APP_PORT}" for name, address in apps.items()},
                tcp={
                    "pg": (ports["pg"], f"{pg.hostname}:{pg.port or 5432}"),
                    "redis": (ports["redis"], f"{redis.hostname}:{redis.port or 6379}"),
                    "s3": (ports["s3"], f"{s3.hostname}:{s3.port}"),
                },
            )
        )
        network.start(
            [HAPROXY, "-db", "-f", str(config)],
            env=environment(),
            log=logs / "haproxy.log",
            cwd=work,
            host=None,
        )
        for port in ports.values():
            wait_for_port(gateway, port, timeout=15)

        bucket = s3_server.new_bucket()
        shared = {
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": ",".join([gateway, *apps.values()]),
            "SITE_URL": f"http://{gateway}:{ports['web']}",
            "DATABASE_URL": f"postgres://{pg.username or 'postgres'}@{gateway}:{ports['pg']}"
            f"/{db_name}",
            "DB_CONN_MAX_AGE": "60",
            "REDIS_URL": f"redis://{gateway}:{ports['redis']}/0",
            "ADUAN_CACHE_PREFIX": prefix,
            **s3_server.environment(bucket),
            "AWS_S3_ENDPOINT_URL": f"http://{gateway}:{ports['s3']}",
            "AWS_S3_ADDRESSING_STYLE": "path",
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "ADUAN_TRACK_MAX_FAILURES": str(TRACK_MAX_FAILURES),
            "ADUAN_LOGIN_FAILURE_LIMIT": str(LOGIN_FAILURE_LIMIT),
            "LOG_LEVEL": "INFO",
        }
        for name in apps:
            data = work / name
            data.mkdir()
            (data / "static").symlink_to(release / "static")
            network.start(
                _app_command(name, logs),
                env=environment(**shared, ADUAN_DATA_DIR=str(data)),
                log=logs / f"{name}.log",
                cwd=ROOT,
                host=hosts[name],
            )

        out, err = prepare.communicate(timeout=300)
        if prepare.returncode != 0:
            raise RuntimeError(f"preparing the database failed:\n{err.decode()[-3000:]}")
        prepared = json.loads(out.decode().strip().splitlines()[-1])
        migrated = time.monotonic() - started
        cluster = Cluster(
            network=network,
            gateway=gateway,
            web_port=ports["web"],
            apps=apps,
            database_url=db_url,
            token=prepared["token"],
            password=prepared["password"],
            recovery_codes=prepared["recovery_codes"],
            bucket=bucket,
            s3=s3_server.client(),
            redis_prefix=prefix,
            logs=logs,
        )
        for name in ("worker-a", "worker-b"):
            mail = work / name / "mail"
            mail.mkdir(parents=True)
            cluster.mail_dirs[name] = mail
            cluster.workers[name] = network.start(
                _worker_command(name),
                env=environment(
                    **shared, ADUAN_DATA_DIR=str(work / name), EMAIL_FILE_PATH=str(mail)
                ),
                log=logs / f"{name}.log",
                cwd=ROOT,
                host=hosts[name],
            )
        for address in apps.values():
            wait_http(address, APP_PORT, timeout=120)
        wait_http(gateway, ports["web"])
        for name, process in cluster.workers.items():
            if process.poll() is not None:
                raise RuntimeError(f"{name} exited: {cluster.log(name)[-3000:]}")
        print(
            f"\nmulti-host: {len(hosts)} hosts up on {network.subnet} in "
            f"{time.monotonic() - started:.0f} s (the database migrated in {migrated:.0f} s)"
        )
        yield cluster
    finally:
        if prepare is not None and prepare.poll() is None:
            prepare.kill()
            prepare.wait()
        problems = network.close() if network else []
        _drop_database(db_name)
        _forget_redis_keys(prefix)
        if problems:
            raise RuntimeError(f"the test network was not fully taken down: {problems}")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed test against the hosts shows what each host logged as an error (a 500's
    traceback is in the app host's log, not in the answer)."""
    report = yield
    cluster = getattr(item, "funcargs", {}).get("cluster")
    if report.failed and call.when == "call" and isinstance(cluster, Cluster):
        for name in (*cluster.apps, *cluster.workers):
            try:
                text = cluster.log(name)
            except OSError:
                continue
            start = text.find("Traceback")
            if start >= 0:
                report.sections.append(
                    (f"{name} log, from its first traceback", text[start:][-6000:])
                )
    return report
