"""Intake throughput through the real HTTP stack: gunicorn serving the project, POST
/api/v1/cases with an Idempotency-Key per report, on SQLite and on PostgreSQL.

For each database the benchmark makes a fresh one (the SQLite file
``/tmp/aduan-bench-intake.sqlite3``, WAL; the PostgreSQL database ``aduan_bench_intake`` on
127.0.0.1:5432, dropped and created), migrates it and sets up one office with a PVL assistant
and an API token (``aduan.api.services.token_create``) in a child process, then starts gunicorn
(sync workers, DEBUG off) on a free port of 127.0.0.1 and:

1. steady: fires ``--reports`` reports from ``--concurrency`` client threads (http.client, a
   new connection per request, as a field device would) and measures accepted reports per
   second (HTTP 201) and the latency of each request;
2. burst: fires ``--burst`` reports (5,000 by default, a province-wide power outage) as fast as
   ``--burst-concurrency`` threads can, on a flaky network: a share of the reports is sent
   twice at once (a device that retried while the first send was still in flight) and another
   share loses its answer (the connection is dropped right after the request is sent, the
   device retries with the same key).

After each phase it counts the rows in the database (a report is acknowledged only once it is
committed, so every 201 must be there) and checks that the burst made exactly as many cases as
reports, with gapless sequence numbers. The client threads run on the same two cores as the
server, so the numbers are a floor for a real server.

    python -m bench intake [--reports 500] [--burst 5000] [--workers 4] [--concurrency 16]
                           [--burst-concurrency 32] [--flaky 0.05] [--conn-max-age 60]
                           [--skip-pg] [--skip-sqlite]

Exit status 1 when a check fails (a lost or duplicated report, a gap in the references).
"""

from __future__ import annotations

import argparse
import collections
import http.client
import json
import os
import random
import secrets
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SQLITE_PATH = Path("/tmp/aduan-bench-intake.sqlite3")
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
PG_DB = "aduan_bench_intake"
HOST = "127.0.0.1"
ATTEMPTS = 8
OFFICE_CODE = "bench"


# --- the child: a fresh database with one office, a PVL assistant and a token ----------------
def prepare() -> None:
    """Run in a child process whose DATABASE_URL names the benchmark database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aduan.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from aduan.api.services import token_create
    from aduan.directory.models import Office, Unit, User

    call_command("migrate", verbosity=0)
    office = Office.objects.create(
        code=OFFICE_CODE,
        name="Ombudsman RI Perwakilan Benchmark",
        kind=Office.Kind.PERWAKILAN,
        time_zone="Asia/Jakarta",
    )
    unit = Unit.objects.create(office=office, kind=Unit.Kind.PVL, code="pvl", name="PVL")
    user = User(username="posko", role=User.Role.ASISTEN, office=office, unit=unit)
    user.set_unusable_password()
    user.save()
    _token, secret = token_create(user=user, name="benchmark field device")
    print(json.dumps({"token": secret}))


# --- the parent ---------------------------------------------------------------------------
@dataclass
class Database:
    name: str
    url: str

    def reset(self) -> None:
        if self.name == "sqlite":
            for suffix in ("", "-wal", "-shm"):
                Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
            return
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{PG_DB}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{PG_DB}"')

    def query(self, sql: str) -> tuple:
        if self.name == "sqlite":
            with sqlite3.connect(SQLITE_PATH) as conn:
                return conn.execute(sql).fetchone()
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/{PG_DB}") as conn:
            return conn.execute(sql).fetchone()

    def census(self) -> dict[str, int]:
        """What is durably in the database: cases, distinct keys, the sequence range."""
        n, keys, low, high, distinct = self.query(
            "SELECT COUNT(*), COUNT(DISTINCT intake_key), MIN(sequence), MAX(sequence), "
            "COUNT(DISTINCT sequence) FROM cases_case"
        )
        reporters = self.query("SELECT COUNT(*) FROM cases_reporter")[0]
        return {
            "cases": n,
            "keys": keys,
            "low": low or 0,
            "high": high or 0,
            "distinct_seq": distinct,
            "reporters": reporters,
        }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def server_env(db: Database, data_dir: str, conn_max_age: int) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": db.url,
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": HOST,
            "ADUAN_DATA_DIR": data_dir,
            "LOG_LEVEL": "ERROR",
            "DB_CONN_MAX_AGE": str(conn_max_age),
            "SESSION_COOKIE_SECURE": "0",
            "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}",
        }
    )
    return env


def start_server(env: dict[str, str], workers: int, port: int) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "aduan.wsgi:application",
        f"--workers={workers}",
        f"--bind={HOST}:{port}",
        "--backlog=2048",
        "--timeout=120",
        "--graceful-timeout=10",
        "--log-level=error",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=5)
            conn.request("GET", "/sehat/")
            if conn.getresponse().status == 200:
                conn.close()
                return server
        except OSError:
            time.sleep(0.2)
    stop_server(server)
    raise RuntimeError("gunicorn did not answer /sehat/ within 60 s")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@dataclass
class Outcome:
    latencies: list[float] = field(default_factory=list)  # seconds, of each 201 answer
    case_of: dict[str, int] = field(default_factory=dict)  # key → case id answered
    conflicts: int = 0  # a key answered with two different case ids (must stay 0)
    failed: list[str] = field(default_factory=list)  # keys never accepted
    statuses: collections.Counter = field(default_factory=collections.Counter)
    lost_answers: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def report_body(n: int) -> bytes:
    return json.dumps(
        {
            "intake_type": "lm",
            "channel": "posko",
            "event_tag": "Posko pemadaman listrik",
            "title": f"Listrik padam sejak pagi, rumah {n}",
            "chronology": "Listrik padam di seluruh kelurahan sejak pukul 06.00; belum ada "
            "penjelasan dari petugas.",
            "reporters": [{"name": f"Warga {n}", "phone": f"0812{n:07d}", "kind": "perorangan"}],
        }
    ).encode()


def post(port: int, token: str, key: str, body: bytes, *, drop_answer: bool = False) -> Any:
    """One POST; returns (status, case id) or None when the answer was dropped."""
    conn = http.client.HTTPConnection(HOST, port, timeout=120)
    try:
        headers = {
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/json",
            "Idempotency-Key": key,
            "Connection": "close",
        }
        conn.request("POST", "/api/v1/cases", body=body, headers=headers)
        if drop_answer:
            return None  # the network dropped the answer: the device never heard back
        response = conn.getresponse()
        data = response.read()
        case_id = json.loads(data)["id"] if response.status == 201 else None
        return response.status, case_id
    finally:
        conn.close()


def send_report(
    port: int, token: str, key: str, body: bytes, outcome: Outcome, *, drop_first: bool
) -> None:
    """What a field device does for one queued report: send, and retry with the same key
    until it is accepted."""
    if drop_first:
        try:
            post(port, token, key, body, drop_answer=True)
        except OSError:
            pass
        with outcome.lock:
            outcome.lost_answers += 1
    for attempt in range(ATTEMPTS):
        started = time.perf_counter()
        try:
            result = post(port, token, key, body)
        except OSError as exc:
            result = (type(exc).__name__, None)
        elapsed = time.perf_counter() - started
        status, case_id = result
        with outcome.lock:
            outcome.statuses[status] += 1
            if status == 201:
                outcome.latencies.append(elapsed)
                first = outcome.case_of.setdefault(key, case_id)
                if first != case_id:
                    outcome.conflicts += 1
                return
        time.sleep(min(0.05 * 2**attempt, 2))
    with outcome.lock:
        outcome.failed.append(key)


def fire(
    port: int,
    token: str,
    *,
    label: str,
    first: int,
    count: int,
    concurrency: int,
    flaky: float = 0.0,
    seed: int = 1,
) -> tuple[Outcome, float, int]:
    """Send ``count`` reports (numbered from ``first``); returns the outcome, the seconds from
    the first request to the last answer, and how many sends were duplicates."""
    rng = random.Random(seed)
    jobs = []
    duplicates = 0
    for n in range(first, first + count):
        key = f"device-{n:07d}"
        jobs.append((key, report_body(n), rng.random() < flaky))
        if rng.random() < flaky:  # the same report queued twice on the device
            jobs.append((key, report_body(n), False))
            duplicates += 1
    rng.shuffle(jobs)
    outcome = Outcome()
    done = 0
    done_lock = threading.Lock()
    step = max(count // 10, 1)
    started = time.perf_counter()

    def job(item: tuple[str, bytes, bool]) -> None:
        nonlocal done
        key, body, drop_first = item
        send_report(port, token, key, body, outcome, drop_first=drop_first)
        with done_lock:
            done += 1
            if done % step == 0 or done == len(jobs):
                rate = done / (time.perf_counter() - started)
                print(f"  {label}: {done:,}/{len(jobs):,} sends ({rate:,.0f}/s)", flush=True)

    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(job, jobs))
    return outcome, time.perf_counter() - started, duplicates


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def run_database(db: Database, args: argparse.Namespace) -> tuple[list[tuple], list[str]]:
    print(f"\n{db.name}: fresh database, migrations, one office ...", flush=True)
    db.reset()
    rows: list[tuple] = []
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="aduan-bench-intake-") as data_dir:
        env = server_env(db, data_dir, args.conn_max_age)
        prepared = subprocess.run(
            [sys.executable, "-m", "bench.intake", "--prepare"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if prepared.returncode != 0:
            print(prepared.stdout, prepared.stderr, sep="\n")
            return rows, [f"{db.name}: setting up the database failed"]
        token = json.loads(prepared.stdout.strip().splitlines()[-1])["token"]
        port = free_port()
        print(
            f"{db.name}: gunicorn, {args.workers} sync workers, DB_CONN_MAX_AGE="
            f"{args.conn_max_age}, on {HOST}:{port}",
            flush=True,
        )
        server = start_server(env, args.workers, port)
        try:
            phases = [
                ("steady", 0, args.reports, args.concurrency, 0.0),
                ("burst", args.reports, args.burst, args.burst_concurrency, args.flaky),
            ]
            expected = 0
            before = 0
            for phase, first, count, concurrency, flaky in phases:
                if count <= 0:
                    continue
                outcome, seconds, duplicates = fire(
                    port,
                    token,
                    label=f"{db.name} {phase}",
                    first=first,
                    count=count,
                    concurrency=concurrency,
                    flaky=flaky,
                )
                expected += count
                census = db.census()
                made, before = census["cases"] - before, census["cases"]
                accepted = len(outcome.case_of)
                other = {k: v for k, v in outcome.statuses.items() if k != 201}
                rows.append(
                    (
                        db.name,
                        phase,
                        str(args.workers),
                        str(concurrency),
                        f"{count:,}",
                        f"{duplicates + outcome.lost_answers:,}",
                        f"{seconds:.1f}",
                        f"{accepted / seconds:,.0f}",
                        f"{percentile(outcome.latencies, 0.5) * 1000:.0f}",
                        f"{percentile(outcome.latencies, 0.95) * 1000:.0f}",
                        f"{made:,}",
                        ", ".join(f"{k}×{v}" for k, v in sorted(other.items(), key=str)) or "–",
                    )
                )
                if accepted != count or outcome.failed:
                    problems.append(
                        f"{db.name} {phase}: {len(outcome.failed)} reports not accepted"
                    )
                if outcome.conflicts:
                    problems.append(f"{db.name} {phase}: a key answered with two cases")
                if len(set(outcome.case_of.values())) != accepted:
                    problems.append(f"{db.name} {phase}: two keys answered with one case")
                if made != count:
                    problems.append(f"{db.name} {phase}: {made:,} new cases for {count:,} reports")
                if census["cases"] != expected or census["keys"] != expected:
                    problems.append(
                        f"{db.name} {phase}: {census['cases']:,} cases in the database "
                        f"({census['keys']:,} keys), expected {expected:,}"
                    )
                if census["reporters"] != expected:
                    problems.append(f"{db.name} {phase}: {census['reporters']:,} reporters")
                if (census["low"], census["high"], census["distinct_seq"]) != (
                    1,
                    expected,
                    expected,
                ):
                    problems.append(
                        f"{db.name} {phase}: references not gapless: sequence "
                        f"{census['low']}..{census['high']}, {census['distinct_seq']:,} distinct"
                    )
        finally:
            stop_server(server)
    return rows, problems


def print_table(rows: list[tuple]) -> None:
    header = (
        "database",
        "phase",
        "workers",
        "concurrency",
        "reports",
        "retries",
        "seconds",
        "reports/s",
        "p50 ms",
        "p95 ms",
        "new cases in DB",
        "other answers",
    )
    width = [max(len(str(r[i])) for r in [*rows, header]) for i in range(len(header))]
    print()
    print("  ".join(h.ljust(w) for h, w in zip(header, width, strict=True)))
    print("  ".join("-" * w for w in width))
    for row in rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, width, strict=True)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench intake", description=__doc__)
    env = os.environ.get
    parser.add_argument("--reports", type=int, default=int(env("BENCH_INTAKE_REPORTS", 500)))
    parser.add_argument("--burst", type=int, default=int(env("BENCH_INTAKE_BURST", 5000)))
    parser.add_argument("--workers", type=int, default=int(env("BENCH_INTAKE_WORKERS", 4)))
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--burst-concurrency", type=int, default=32)
    parser.add_argument(
        "--flaky",
        type=float,
        default=0.05,
        help="share of burst reports sent twice, and "
        "share whose first answer is lost (default 0.05 each)",
    )
    parser.add_argument(
        "--conn-max-age",
        type=int,
        default=60,
        help="DB_CONN_MAX_AGE of the server (0: a new database connection per request)",
    )
    parser.add_argument("--skip-pg", action="store_true")
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.prepare:
        prepare()
        return 0
    databases = []
    if not args.skip_sqlite:
        databases.append(Database("sqlite", f"sqlite:///{SQLITE_PATH}"))
    if not args.skip_pg:
        databases.append(Database("postgresql", f"{PG_SERVER}/{PG_DB}"))
    rows: list[tuple] = []
    problems: list[str] = []
    for db in databases:
        try:
            more_rows, more_problems = run_database(db, args)
        except Exception as exc:  # e.g. PostgreSQL not running: say so, go on
            more_rows, more_problems = [], [f"{db.name}: {type(exc).__name__}: {exc}"]
        rows += more_rows
        problems += more_problems
    print_table(rows)
    print()
    if problems:
        print("FAILED:")
        for problem in problems:
            print(f"  - {problem}")
        return 1
    print(
        "OK: every accepted report is in the database, once; the burst made exactly as many "
        "cases as reports, with gapless references."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
