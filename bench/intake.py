"""Intake throughput through the real HTTP stack, side by side with a peer: Aduan's portal form
(``/lapor/``) and API (``POST /api/v1/cases``) against django-helpdesk 2.6.1's public submit
form, served by the same gunicorn, driven by the same clients, interleaved, on PostgreSQL and
on SQLite. The machine is shared and noisy, so the ratio is the figure.

The goal (issue 16): each Aduan channel takes at least 3x as many reports per second as
helpdesk, at most a third of helpdesk's server CPU per report, and loses or duplicates none.

**The peer.** django-helpdesk 2.6.1 from PyPI lives in its own virtualenv,
``var/bench/helpdesk-venv``, made on the first run (``pip install django-helpdesk==2.6.1`` and
the gunicorn and psycopg versions of Aduan's own environment; progress is printed) and reused
afterwards. It runs the minimal project ``bench/helpdesk_site`` (DEBUG off, one queue that
accepts public submissions, the same SQLite options as Aduan, mail rendered but not sent).
``--no-peer`` measures Aduan alone; if the virtualenv cannot be built the run says so loudly,
goes on without the peer and exits with status 1.

**Databases.** For each engine both projects get fresh databases: on PostgreSQL
(127.0.0.1:5432) ``<prefix>`` and ``<prefix>_helpdesk``, dropped and created; on SQLite (WAL)
``/tmp/<prefix>.sqlite3`` and ``/tmp/<prefix>_helpdesk.sqlite3``. The prefix is
``aduan_bench_intake`` unless ``--db-prefix`` says otherwise (helpers on a shared machine use
their own). Aduan's gets migrations, the provinces and regencies of the region list, one
office covering Bangka Belitung with a PVL assistant and an API token; helpdesk's gets
migrations and its public queue. Both gunicorns (``--workers`` sync workers, 2 by default,
DEBUG off, ``DB_CONN_MAX_AGE=--conn-max-age``) run on free ports at the same time; the idle
one costs nothing.

**Clients.** ``--clients`` threads (4 by default) each do what a real client does, one new
connection per request:

- ``aduan-lapor``: GET ``/lapor/`` (the CSRF cookie and token, the form's report token), then
  POST the fields a citizen fills; success is the redirect to the receipt;
- ``aduan-api``: POST ``/api/v1/cases`` with the bearer token and an ``Idempotency-Key``;
  success is 201;
- ``helpdesk``: GET ``/tickets/submit/`` (CSRF cookie and token, the public queue from its
  select), then POST the public ticket form; success is the redirect to the ticket.

**Rounds.** After a warm-up (a few reports each, not timed), ``--rounds`` rounds (5) each send
``--reports`` reports (200) through every client kind in turn, the order rotating from round to
round. Per kind the table gives reports per second (the median of the rounds, and their
range), the p50/p95 latency of one whole report (GET and POST for the forms; the POST's own
p50 beside it), and the server CPU per report: utime+stime from ``/proc/<pid>/stat`` of the
gunicorn master and all its workers, read before and after each round, divided by the
reports accepted (for the forms it includes the form page, whose own CPU, from 20 GETs one
after the other once the rounds are over, is the last column). The ratio rows
divide Aduan's figure by helpdesk's: the rate ratio is the median of the per-round ratios
(goal >= 3), the CPU ratio that of the totals (goal <= 1/3); the last column gives the CPU
ratio of the submissions alone (each form page's CPU taken off). Only successful submissions
count; any other answer is listed.

**Checks.** Afterwards every acknowledged report must be in the database exactly once:
Aduan's cases equal the reports accepted, with distinct keys and gapless sequence numbers;
helpdesk's tickets equal its accepted submissions. Then, unless ``--burst 0``, the durability
burst: ``--burst`` API reports (2,000) as fast as ``--burst-concurrency`` threads can, on a
flaky network (a share sent twice at once, a share whose answer is lost and which the device
retries with the same key), checked the same way.

The client threads run on the same cores as the servers, so absolute numbers are a floor for
a real server; both projects pay the same.

    python -m bench intake [--rounds 5] [--reports 200] [--workers 2] [--clients 4]
                           [--burst 2000] [--burst-concurrency 32] [--flaky 0.05]
                           [--conn-max-age 60] [--db-prefix aduan_bench_intake]
                           [--aduan-src DIR] [--no-peer] [--skip-pg] [--skip-sqlite]

Exit status 1 when a check fails (a lost or duplicated report, a gap in the references, a
refused submission) or the peer could not be measured without ``--no-peer``. A goal not met
is printed, not an error: the machine's noise decides too much of a single run.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import html
import http.client
import importlib.metadata
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
DEFAULT_PREFIX = "aduan_bench_intake"
HOST = "127.0.0.1"
ATTEMPTS = 8
OFFICE_CODE = "bench"
PROVINCE = "19"  # Kepulauan Bangka Belitung: the benchmark office covers it
PLACE = "19.71"  # Kota Pangkal Pinang, where the portal's reports happen

HELPDESK_VERSION = "2.6.1"
HELPDESK_VENV = ROOT / "var" / "bench" / "helpdesk-venv"
HELPDESK_SETTINGS = "bench.helpdesk_site.settings"
KINDS = ("aduan-lapor", "aduan-api", "helpdesk")
RATE_GOAL = 3.0
CPU_GOAL = 1 / 3


# --- the child: a fresh database with one office, a PVL assistant and a token ----------------
def prepare() -> None:
    """Run in a child process whose DATABASE_URL names the benchmark database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aduan.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from aduan.api.services import token_create
    from aduan.directory.models import Office, Unit, User
    from aduan.regions.loader import read_rows
    from aduan.regions.models import Region

    call_command("migrate", verbosity=0)
    # DEBUG off serves pages through the manifest of collected static files.
    call_command("collectstatic", interactive=False, verbosity=0)
    # The portal's place list: every province and regency, as in a real installation.
    rows = [
        Region(code=r.code, name=r.name, level=r.level, parent_id=r.parent)
        for r in read_rows(settings.ADUAN_REGIONS_FILE)
        if r.level in {"provinsi", "kabupaten_kota"}
    ]
    Region.objects.bulk_create(sorted(rows, key=lambda r: r.code.count(".")))
    office = Office.objects.create(
        code=OFFICE_CODE,
        name="Ombudsman RI Perwakilan Benchmark",
        kind=Office.Kind.PERWAKILAN,
        time_zone="Asia/Jakarta",
    )
    office.jurisdiction.add(Region.objects.get(code=PROVINCE))
    unit = Unit.objects.create(office=office, kind=Unit.Kind.PVL, code="pvl", name="PVL")
    user = User(username="posko", role=User.Role.ASISTEN, office=office, unit=unit)
    user.set_unusable_password()
    user.save()
    _token, secret = token_create(user=user, name="benchmark field device")
    print(json.dumps({"token": secret}))


# --- databases ----------------------------------------------------------------------------
@dataclass
class Database:
    """One fresh database: ``engine`` is "sqlite" or "postgresql"."""

    engine: str
    name: str  # the PostgreSQL database name, or the SQLite file's stem under /tmp

    @property
    def path(self) -> Path:
        return Path(f"/tmp/{self.name}.sqlite3")

    @property
    def url(self) -> str:
        if self.engine == "sqlite":
            return f"sqlite:///{self.path}"
        return f"{PG_SERVER}/{self.name}"

    def reset(self) -> None:
        if self.engine == "sqlite":
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            return
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{self.name}"')

    def query(self, sql: str) -> tuple:
        if self.engine == "sqlite":
            with sqlite3.connect(self.path) as conn:
                return conn.execute(sql).fetchone()
        import psycopg

        with psycopg.connect(self.url) as conn:
            return conn.execute(sql).fetchone()

    def census(self) -> dict[str, int]:
        """What is durably in Aduan's database: cases, distinct keys, the sequence range."""
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

    def tickets(self) -> int:
        """How many tickets helpdesk's database holds."""
        return self.query("SELECT COUNT(*) FROM helpdesk_ticket")[0]


def census_problems(label: str, census: dict[str, int], expected: int) -> list[str]:
    """What is wrong when ``expected`` reports were acknowledged in all."""
    problems = []
    if census["cases"] != expected or census["keys"] != expected:
        problems.append(
            f"{label}: {census['cases']:,} cases in the database ({census['keys']:,} keys), "
            f"{expected:,} reports acknowledged"
        )
    if census["reporters"] != expected:
        problems.append(f"{label}: {census['reporters']:,} reporters for {expected:,} reports")
    if (census["low"], census["high"], census["distinct_seq"]) != (1, expected, expected):
        problems.append(
            f"{label}: references not gapless: sequence {census['low']}..{census['high']}, "
            f"{census['distinct_seq']:,} distinct"
        )
    return problems


# --- the peer's virtualenv ----------------------------------------------------------------
def helpdesk_requirements() -> list[str]:
    """helpdesk, with the gunicorn and psycopg of Aduan's own environment."""
    versions = {}
    for name in ("gunicorn", "psycopg"):
        try:
            versions[name] = f"=={importlib.metadata.version(name)}"
        except importlib.metadata.PackageNotFoundError:
            versions[name] = ""
    return [
        f"django-helpdesk=={HELPDESK_VERSION}",
        f"gunicorn{versions['gunicorn']}",
        f"psycopg[binary]{versions['psycopg']}",
    ]


def helpdesk_python(venv: Path = HELPDESK_VENV) -> Path:
    """The peer virtualenv's Python, made (with progress output) if it is missing or was made
    for other requirements. Raises RuntimeError when it cannot be built."""
    python = venv / "bin" / "python"
    marker = venv / "aduan-bench-requirements.txt"
    wanted = "\n".join(helpdesk_requirements()) + "\n"
    if python.exists() and marker.exists() and marker.read_text() == wanted:
        check = subprocess.run(
            [python, "-c", "import helpdesk, gunicorn, psycopg"], capture_output=True, check=False
        )
        if check.returncode == 0:
            return python
    print(f"Building the peer's virtualenv in {venv} (once) ...", flush=True)
    shutil.rmtree(venv, ignore_errors=True)
    venv.parent.mkdir(parents=True, exist_ok=True)
    steps = [
        [sys.executable, "-m", "venv", str(venv)],
        [str(python), "-m", "pip", "install", "--disable-pip-version-check", "--progress-bar",
         "off", *wanted.split()],
    ]  # fmt: skip
    for step in steps:
        print("  $ " + " ".join(step[2:] if step[0] == str(python) else step[1:]), flush=True)
        with subprocess.Popen(
            step, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        ) as process:
            for line in process.stdout:
                if not line.startswith("WARNING: Location"):  # a mirror's noise
                    print("    " + line.rstrip(), flush=True)
        if process.returncode != 0:
            raise RuntimeError(f"{step[0]} {' '.join(step[1:3])} exited with {process.returncode}")
    marker.write_text(wanted)
    return python


# --- servers ------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def server_env(
    db: Database, data_dir: str, conn_max_age: int, src: Path = ROOT / "src"
) -> dict[str, str]:
    """Aduan's environment; ``src`` is the code measured (this checkout's by default)."""
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "aduan.settings",
            "DATABASE_URL": db.url,
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": HOST,
            "ADUAN_DATA_DIR": data_dir,
            "LOG_LEVEL": "ERROR",
            "DB_CONN_MAX_AGE": str(conn_max_age),
            "SESSION_COOKIE_SECURE": "0",
            "PYTHONPATH": f"{src}{os.pathsep}{ROOT}",
        }
    )
    return env


def helpdesk_env(db: Database, data_dir: str, conn_max_age: int) -> dict[str, str]:
    """The peer's environment: only what its settings read, and the system's basics."""
    env = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "TMPDIR"}}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": HELPDESK_SETTINGS,
            "DATABASE_URL": db.url,
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": HOST,
            "DB_CONN_MAX_AGE": str(conn_max_age),
            "HELPDESK_MEDIA_ROOT": data_dir,
            "PYTHONPATH": str(ROOT),
        }
    )
    return env


def gunicorn_command(python: str | Path, app: str, workers: int, port: int) -> list[str]:
    """The one gunicorn command line both projects are served with."""
    return [
        str(python),
        "-m",
        "gunicorn",
        app,
        f"--workers={workers}",
        "--worker-class=sync",
        f"--bind={HOST}:{port}",
        "--backlog=2048",
        "--timeout=120",
        "--graceful-timeout=10",
        "--log-level=error",
        "--no-control-socket",
    ]


def start_server(
    env: dict[str, str],
    workers: int,
    port: int,
    *,
    python: str | Path = sys.executable,
    app: str = "aduan.wsgi:application",
) -> subprocess.Popen:
    command = gunicorn_command(python, app, workers, port)
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn ({app}) exited with {server.returncode}")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=5)
            conn.request("GET", "/sehat/")
            if conn.getresponse().status == 200:
                conn.close()
                return server
        except OSError:
            time.sleep(0.2)
    stop_server(server)
    raise RuntimeError(f"gunicorn ({app}) did not answer /sehat/ within 60 s")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


# --- server CPU from /proc ----------------------------------------------------------------
CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def process_cpu(pid: int) -> float:
    """Seconds of CPU (user + system) the process has used; 0 once it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return 0.0
    fields = stat[stat.rindex(")") + 2 :].split()  # the name may hold spaces and parentheses
    utime, stime = int(fields[11]), int(fields[12])  # fields 14 and 15 of proc(5)
    return (utime + stime) / CLOCK_TICKS


def child_pids(pid: int) -> list[int]:
    """The process's children (gunicorn's workers)."""
    children: list[int] = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            text = (task / "children").read_text()
            children += [int(p) for p in text.split()]
        return children
    except (FileNotFoundError, ProcessLookupError):
        return []
    except OSError:  # a kernel without the children file: scan every process's parent
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                text = stat.read_text()
            except OSError:
                continue
            if int(text[text.rindex(")") + 2 :].split()[1]) == pid:
                children.append(int(stat.parent.name))
        return children


def tree_cpu(pid: int) -> float:
    """CPU seconds of a process and all its descendants now alive."""
    return process_cpu(pid) + sum(tree_cpu(child) for child in child_pids(pid))


# --- clients ------------------------------------------------------------------------------
Answer = tuple[int | str, dict[str, str], bytes]  # status, headers (lower-case), body


def request(
    port: int, method: str, path: str, *, body: bytes | None = None, headers: dict | None = None
) -> Answer:
    """One request on a new connection, as a browser or device over a cold network does."""
    conn = http.client.HTTPConnection(HOST, port, timeout=120)
    try:
        conn.request(method, path, body=body, headers={"Connection": "close", **(headers or {})})
        response = conn.getresponse()
        data = response.read()
        cookies = {}
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                pair = value.split(";", 1)[0]
                key, _, val = pair.partition("=")
                cookies[key.strip()] = val.strip()
        answer_headers = {k.lower(): v for k, v in response.getheaders()}
        answer_headers["cookies"] = json.dumps(cookies)
        return response.status, answer_headers, data
    finally:
        conn.close()


def _hidden(page: str, name: str) -> str:
    match = re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', page) or re.search(
        rf'<input[^>]*value="([^"]*)"[^>]*name="{name}"', page
    )
    if match is None:
        raise ValueError(f"the form has no {name}")
    return html.unescape(match.group(1))


def _first_option(page: str, select: str) -> str:
    block = re.search(rf'<select[^>]*name="{select}".*?</select>', page, re.S)
    values = re.findall(r'<option value="([^"]+)"', block.group(0)) if block else []
    if not values:
        raise ValueError(f"the form offers no {select}")
    return html.unescape(values[0])


def form_submit(
    port: int, path: str, fields: Callable[[str], dict[str, str]]
) -> tuple[int | str, str, float]:
    """GET the form, then POST it with its CSRF cookie and token; ``fields`` gets the page and
    returns what the person types. Returns the POST's status, Location and seconds."""
    status, headers, body = request(port, "GET", path, headers={"Accept-Language": "id"})
    if status != 200:
        return f"GET {status}", "", 0.0
    page = body.decode()
    cookies = json.loads(headers["cookies"])
    data = {"csrfmiddlewaretoken": _hidden(page, "csrfmiddlewaretoken"), **fields(page)}
    started = time.perf_counter()
    status, headers, _ = request(
        port,
        "POST",
        path,
        body=urllib.parse.urlencode(data).encode(),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
            "Accept-Language": "id",
        },
    )
    return status, headers.get("location", ""), time.perf_counter() - started


def lapor_fields(n: int) -> Callable[[str], dict[str, str]]:
    """What a citizen types into /lapor/ (the form's own report token comes from the page)."""
    today = dt.date.today()

    def fill(page: str) -> dict[str, str]:
        return {
            "token": _hidden(page, "token"),
            "emergency": "tidak",
            "question_only": "tidak",
            "name": f"Warga Pelapor {n}",
            "birth_place": "Pangkalpinang",
            "birth_date": "1980-05-17",
            "marital_status": "kawin",
            "occupation": "Pedagang",
            "address": f"Jl. Merdeka {n}, Pangkalpinang",
            "phone": f"0812{n:08d}",
            "email": f"warga{n}@example.com",
            "id_type": "ktp",
            "id_number": f"1971{n:012d}",
            "contact_channel": "email",
            "language": "id",
            "agency_name": "Dinas Kependudukan dan Pencatatan Sipil Kota Pangkalpinang",
            "official": "Kepala Seksi Pelayanan",
            "place": PLACE,
            "event_date": (today - dt.timedelta(days=30)).isoformat(),
            "title": f"Diminta membayar untuk pembuatan KTP ({n})",
            "chronology": "Petugas meminta uang untuk penerbitan KTP yang seharusnya gratis; "
            "kuitansi tidak diberikan.",
            "remedy_sought": "Uang dikembalikan dan KTP diterbitkan.",
            "raised_before": "ya",
            "prior_complaint": "Lewat surat ke kepala dinas, tidak dijawab.",
            "prior_complaint_date": (today - dt.timedelta(days=20)).isoformat(),
            "consent": "on",
        }

    return fill


def helpdesk_fields(n: int) -> Callable[[str], dict[str, str]]:
    """What a citizen types into helpdesk's public form (the queue is chosen from its list)."""

    def fill(page: str) -> dict[str, str]:
        return {
            "queue": _first_option(page, "queue"),
            "title": f"Diminta membayar untuk pembuatan KTP ({n})",
            "body": "Petugas meminta uang untuk penerbitan KTP yang seharusnya gratis; "
            "kuitansi tidak diberikan.",
            "priority": "3",
            "due_date": "",
            "submitter_email": f"warga{n}@example.com",
        }

    return fill


Submitted = tuple[bool | int | str, float | None]  # True or what came instead; POST seconds


def submit_lapor(port: int, n: int, token: str) -> Submitted:
    status, location, seconds = form_submit(port, "/lapor/", lapor_fields(n))
    return (True if status == 302 and "/lapor/terima/" in location else status), seconds


def submit_api(port: int, n: int, token: str) -> Submitted:
    status, _headers, _ = request(
        port,
        "POST",
        "/api/v1/cases",
        body=report_body(n),
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/json",
            "Idempotency-Key": f"round-{n:07d}",
        },
    )
    return (True if status == 201 else status), None


def submit_helpdesk(port: int, n: int, token: str) -> Submitted:
    status, location, seconds = form_submit(port, "/tickets/submit/", helpdesk_fields(n))
    return (True if status == 302 and "/view/" in location else status), seconds


SUBMIT = {"aduan-lapor": submit_lapor, "aduan-api": submit_api, "helpdesk": submit_helpdesk}
FORM_PAGES = {"aduan-lapor": "/lapor/", "helpdesk": "/tickets/submit/"}


def page_cpu(port: int, pid: int, path: str, count: int = 20) -> float:
    """Server CPU seconds of one GET of ``path``, from ``count`` GETs one after the other."""
    before = tree_cpu(pid)
    for _ in range(count):
        request(port, "GET", path, headers={"Accept-Language": "id"})
    return (tree_cpu(pid) - before) / count


@dataclass
class Round:
    """One kind's share of a round."""

    kind: str
    accepted: int
    seconds: float
    cpu: float  # server CPU seconds
    latencies: list[float]  # seconds of each accepted report, from the first request
    other: collections.Counter
    posts: list[float] = field(default_factory=list)  # seconds of the forms' POST alone

    @property
    def rate(self) -> float:
        return self.accepted / self.seconds if self.seconds else 0.0


def run_round(
    kind: str,
    port: int,
    pid: int,
    token: str,
    *,
    first: int,
    count: int,
    clients: int,
) -> Round:
    """``count`` reports numbered from ``first`` from ``clients`` threads, each report once."""
    submit = SUBMIT[kind]
    latencies: list[float] = []
    posts: list[float] = []
    other: collections.Counter = collections.Counter()
    lock = threading.Lock()

    def one(n: int) -> None:
        started = time.perf_counter()
        try:
            result, post_seconds = submit(port, n, token)
        except (OSError, ValueError) as exc:
            result, post_seconds = type(exc).__name__, None
        elapsed = time.perf_counter() - started
        with lock:
            if result is True:
                latencies.append(elapsed)
                if post_seconds is not None:
                    posts.append(post_seconds)
            else:
                other[str(result)] += 1

    cpu_before = tree_cpu(pid)
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        list(pool.map(one, range(first, first + count)))
    seconds = time.perf_counter() - started
    cpu = tree_cpu(pid) - cpu_before
    return Round(kind, len(latencies), seconds, cpu, latencies, other, posts)


# --- the burst: the API on a flaky network ----------------------------------------------------
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


# --- one engine: both projects, the rounds, the checks, the burst ---------------------------
@dataclass
class Result:
    engine: str
    rounds: dict[str, list[Round]] = field(default_factory=dict)
    burst: tuple | None = None  # a row of the burst table
    acknowledged: int = 0  # Aduan reports acknowledged before the burst
    page_cpu: dict[str, float] = field(default_factory=dict)  # a form page's CPU seconds
    problems: list[str] = field(default_factory=list)


def run_engine(engine: str, args: argparse.Namespace, peer: Path | None) -> Result:
    result = Result(engine)
    aduan_db = Database(engine, args.db_prefix)
    peer_db = Database(engine, f"{args.db_prefix}_helpdesk")
    print(f"\n{engine}: fresh databases, migrations, one office, one public queue ...", flush=True)
    servers: dict[str, subprocess.Popen] = {}
    with tempfile.TemporaryDirectory(prefix="aduan-bench-intake-") as data_dir:
        started = time.monotonic()
        try:
            aduan_db.reset()
            env = server_env(aduan_db, data_dir, args.conn_max_age, args.aduan_src)
            token = _prepare(
                [sys.executable, "-m", "bench.intake", "--prepare"], env, "token", result
            )
            peer_env = None
            if peer is not None:
                peer_db.reset()
                peer_env = helpdesk_env(peer_db, data_dir, args.conn_max_age)
                command = [str(peer), "-m", "bench.helpdesk_site.prepare"]
                _prepare(command, peer_env, "queue", result)
            if result.problems:
                return result
            print(f"{engine}: prepared in {time.monotonic() - started:.0f} s", flush=True)
            ports = {"aduan": free_port()}
            servers["aduan"] = start_server(env, args.workers, ports["aduan"])
            if peer_env is not None:
                ports["helpdesk"] = free_port()
                servers["helpdesk"] = start_server(
                    peer_env,
                    args.workers,
                    ports["helpdesk"],
                    python=peer,
                    app="bench.helpdesk_site.wsgi:application",
                )
            print(
                f"{engine}: gunicorn, {args.workers} sync workers each, {args.clients} clients, "
                f"DB_CONN_MAX_AGE={args.conn_max_age}; "
                + ", ".join(f"{name} on {HOST}:{port}" for name, port in ports.items()),
                flush=True,
            )
            kinds = [k for k in KINDS if k != "helpdesk" or "helpdesk" in servers]
            _rounds(kinds, servers, ports, token, args, result, aduan_db, peer_db)
            if args.burst > 0 and not result.problems:
                _burst(ports["aduan"], token, args, result, aduan_db)
        except Exception as exc:  # e.g. PostgreSQL not running: say so, go on
            result.problems.append(f"{engine}: {type(exc).__name__}: {exc}")
        finally:
            for server in servers.values():
                stop_server(server)
    return result


def _prepare(command: list[str], env: dict, key: str, result: Result) -> Any:
    prepared = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if prepared.returncode != 0:
        print(prepared.stdout, prepared.stderr, sep="\n")
        result.problems.append(f"{result.engine}: {' '.join(command[1:])} failed")
        return None
    return json.loads(prepared.stdout.strip().splitlines()[-1])[key]


def _rounds(
    kinds: list[str],
    servers: dict[str, subprocess.Popen],
    ports: dict[str, int],
    token: str,
    args: argparse.Namespace,
    result: Result,
    aduan_db: Database,
    peer_db: Database,
) -> None:
    accepted = collections.Counter()
    numbers = collections.Counter()  # the next report number of each kind
    warm = 4 * args.clients
    for kind in kinds:  # imports, connections, caches: before anything is timed
        project = "helpdesk" if kind == "helpdesk" else "aduan"
        warmup = run_round(
            kind,
            ports[project],
            servers[project].pid,
            token,
            first=0,
            count=warm,
            clients=args.clients,
        )
        numbers[kind] = warm
        accepted[kind] += warmup.accepted
        if warmup.other:
            result.problems.append(
                f"{result.engine} {kind} warm-up: {dict(warmup.other)} of {warm} refused"
            )
    if result.problems:
        return
    for number in range(args.rounds):
        order = kinds[number % len(kinds) :] + kinds[: number % len(kinds)]
        for kind in order:
            project = "helpdesk" if kind == "helpdesk" else "aduan"
            done = run_round(
                kind,
                ports[project],
                servers[project].pid,
                token,
                first=numbers[kind],
                count=args.reports,
                clients=args.clients,
            )
            numbers[kind] += args.reports
            accepted[kind] += done.accepted
            result.rounds.setdefault(kind, []).append(done)
            print(
                f"  {result.engine} round {number + 1}/{args.rounds} {kind:<11}: "
                f"{done.rate:6.1f} reports/s, p95 {percentile(done.latencies, 0.95) * 1000:5.0f} "
                f"ms, {done.cpu * 1000 / max(done.accepted, 1):5.1f} ms CPU/report"
                + (f", refused: {dict(done.other)}" if done.other else ""),
                flush=True,
            )
            if done.other:
                result.problems.append(
                    f"{result.engine} {kind} round {number + 1}: {sum(done.other.values())} "
                    f"of {args.reports} not accepted ({dict(done.other)})"
                )
    for kind, path in FORM_PAGES.items():  # the form page's own share of a report's cost
        if kind in kinds:
            project = "helpdesk" if kind == "helpdesk" else "aduan"
            result.page_cpu[kind] = page_cpu(ports[project], servers[project].pid, path)
    expected = accepted["aduan-lapor"] + accepted["aduan-api"]
    result.problems += census_problems(f"{result.engine} rounds", aduan_db.census(), expected)
    if "helpdesk" in kinds:
        tickets = peer_db.tickets()
        if tickets != accepted["helpdesk"]:
            result.problems.append(
                f"{result.engine} helpdesk: {tickets:,} tickets for "
                f"{accepted['helpdesk']:,} submissions acknowledged"
            )
    result.acknowledged = expected


def _burst(port: int, token: str, args: argparse.Namespace, result: Result, db: Database) -> None:
    before = result.acknowledged
    count = args.burst
    outcome, seconds, duplicates = fire(
        port,
        token,
        label=f"{result.engine} burst",
        first=0,
        count=count,
        concurrency=args.burst_concurrency,
        flaky=args.flaky,
    )
    census = db.census()
    made = census["cases"] - before
    accepted = len(outcome.case_of)
    other = {k: v for k, v in outcome.statuses.items() if k != 201}
    result.burst = (
        result.engine,
        f"{count:,}",
        str(args.burst_concurrency),
        f"{duplicates + outcome.lost_answers:,}",
        f"{seconds:.1f}",
        f"{accepted / seconds:,.0f}",
        f"{percentile(outcome.latencies, 0.5) * 1000:.0f}",
        f"{percentile(outcome.latencies, 0.95) * 1000:.0f}",
        f"{made:,}",
        ", ".join(f"{k}×{v}" for k, v in sorted(other.items(), key=str)) or "–",
    )
    label = f"{result.engine} burst"
    if accepted != count or outcome.failed:
        result.problems.append(f"{label}: {len(outcome.failed)} reports not accepted")
    if outcome.conflicts:
        result.problems.append(f"{label}: a key answered with two cases")
    if len(set(outcome.case_of.values())) != accepted:
        result.problems.append(f"{label}: two keys answered with one case")
    if made != count:
        result.problems.append(f"{label}: {made:,} new cases for {count:,} reports")
    result.problems += census_problems(label, census, before + count)


# --- the tables ---------------------------------------------------------------------------
def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def summary_rows(result: Result) -> tuple[list[tuple], list[tuple]]:
    """The per-kind rows and the ratio rows of one engine."""
    rows = []
    for kind in KINDS:
        rounds = result.rounds.get(kind)
        if not rounds:
            continue
        rates = [r.rate for r in rounds]
        latencies = [x for r in rounds for x in r.latencies]
        posts = [x for r in rounds for x in r.posts]
        accepted = sum(r.accepted for r in rounds)
        cpu = sum(r.cpu for r in rounds)
        rows.append(
            (
                result.engine,
                kind,
                f"{accepted:,}",
                f"{_median(rates):.1f}",
                f"{min(rates):.1f}–{max(rates):.1f}",
                f"{percentile(latencies, 0.5) * 1000:.0f}",
                f"{percentile(latencies, 0.95) * 1000:.0f}",
                f"{percentile(posts, 0.5) * 1000:.0f}" if posts else "–",
                f"{cpu * 1000 / max(accepted, 1):.1f}",
                f"{result.page_cpu[kind] * 1000:.1f}" if kind in result.page_cpu else "–",
            )
        )
    ratios = []
    peer = result.rounds.get("helpdesk")
    if peer:
        peer_cpu = sum(r.cpu for r in peer) / max(sum(r.accepted for r in peer), 1)
        for kind in ("aduan-lapor", "aduan-api"):
            own = result.rounds.get(kind)
            if not own:
                continue
            rate = _median([a.rate / b.rate for a, b in zip(own, peer, strict=False) if b.rate > 0])
            own_cpu = sum(r.cpu for r in own) / max(sum(r.accepted for r in own), 1)
            cpu = own_cpu / peer_cpu if peer_cpu else float("nan")
            # Without the form pages: the submission itself, as the issue first measured it.
            own_post = own_cpu - result.page_cpu.get(kind, 0.0)
            peer_post = peer_cpu - result.page_cpu.get("helpdesk", 0.0)
            post = own_post / peer_post if peer_post > 0 else float("nan")
            ratios.append(
                (
                    result.engine,
                    f"{kind} / helpdesk",
                    f"{rate:.2f}×",
                    "met" if rate >= RATE_GOAL else "NOT MET",
                    f"{cpu:.2f}×",
                    "met" if cpu <= CPU_GOAL else "NOT MET",
                    f"{post:.2f}×",
                )
            )
    return rows, ratios


def print_table(header: tuple, rows: list[tuple]) -> None:
    if not rows:
        return
    width = [max(len(str(r[i])) for r in [*rows, header]) for i in range(len(header))]
    print()
    print("  ".join(h.ljust(w) for h, w in zip(header, width, strict=True)))
    print("  ".join("-" * w for w in width))
    for row in rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, width, strict=True)))


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench intake",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    env = os.environ.get
    parser.add_argument(
        "--rounds", type=int, default=int(env("BENCH_INTAKE_ROUNDS", 5)), help="default 5"
    )
    parser.add_argument(
        "--reports",
        type=int,
        default=int(env("BENCH_INTAKE_REPORTS", 200)),
        help="reports per kind and round (default 200)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=int(env("BENCH_INTAKE_WORKERS", 2)),
        help="gunicorn sync workers of each project (default 2)",
    )
    parser.add_argument(
        "--clients",
        type=int,
        default=int(env("BENCH_INTAKE_CLIENTS", 4)),
        help="client threads (default 4)",
    )
    parser.add_argument(
        "--burst",
        type=int,
        default=int(env("BENCH_INTAKE_BURST", 2000)),
        help="API reports of the durability burst after the rounds (default 2000; 0: none)",
    )
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
        help="DB_CONN_MAX_AGE of both servers (0: a new database connection per request)",
    )
    parser.add_argument(
        "--db-prefix",
        default=env("BENCH_INTAKE_DB_PREFIX", DEFAULT_PREFIX),
        help=f"names of the databases (default {DEFAULT_PREFIX}; the peer's adds _helpdesk)",
    )
    parser.add_argument(
        "--aduan-src",
        type=Path,
        default=ROOT / "src",
        help="the Aduan code to measure, e.g. another branch exported with git archive "
        "(default: this checkout's src; its dependencies must be those of this virtualenv)",
    )
    parser.add_argument(
        "--no-peer", action="store_true", help="measure Aduan alone (no helpdesk, no ratio)"
    )
    parser.add_argument("--skip-pg", action="store_true")
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    for name in ("rounds", "reports", "workers", "clients"):
        if getattr(args, name) < 1:
            parser.error(f"--{name} must be at least 1")
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,50}", args.db_prefix):
        parser.error("--db-prefix: lower-case letters, digits and _ only")
    return args


def loud(message: str) -> None:
    bar = "!" * 78
    print(f"\n{bar}\n!! {message}\n{bar}\n", flush=True)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.prepare:
        prepare()
        return 0
    problems: list[str] = []
    peer = None
    if args.no_peer:
        loud("PEER SKIPPED (--no-peer): Aduan alone, no side-by-side ratio.")
    else:
        try:
            peer = helpdesk_python()
        except (OSError, RuntimeError) as exc:
            loud(
                f"PEER SKIPPED: the django-helpdesk {HELPDESK_VERSION} virtualenv could not be "
                f"built ({exc}). Aduan alone, no ratio; --no-peer says this is intended."
            )
            problems.append("the peer could not be measured")
    engines = [
        engine
        for engine, skip in (("postgresql", args.skip_pg), ("sqlite", args.skip_sqlite))
        if not skip
    ]
    results = [run_engine(engine, args, peer) for engine in engines]
    rows, ratios, bursts = [], [], []
    for result in results:
        more_rows, more_ratios = summary_rows(result)
        rows += more_rows
        ratios += more_ratios
        bursts += [result.burst] if result.burst else []
        problems += result.problems
    print_table(
        (
            "database",
            "client",
            "reports",
            "reports/s",
            "rounds' range",
            "p50 ms",
            "p95 ms",
            "POST p50 ms",
            "server CPU ms/report",
            "form page CPU ms",
        ),
        rows,
    )
    print_table(
        (
            "database",
            "ratio",
            "reports/s",
            f"goal ≥ {RATE_GOAL:g}",
            "CPU/report",
            "goal ≤ 1/3",
            "CPU, form pages left out",
        ),
        ratios,
    )
    print_table(
        (
            "database",
            "burst",
            "concurrency",
            "retries",
            "seconds",
            "reports/s",
            "p50 ms",
            "p95 ms",
            "new cases in DB",
            "other answers",
        ),
        bursts,
    )
    print()
    if problems:
        print("FAILED:")
        for problem in problems:
            print(f"  - {problem}")
        return 1
    print(
        "OK: every acknowledged report is in the database, once, with gapless references"
        + (", and so is every helpdesk ticket." if peer else ".")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
