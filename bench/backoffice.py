"""The back-office screens at scale: the filtered case list, search, the CSV download and the
home pages over 1,000,000 cases on PostgreSQL and 200,000 on SQLite.

Goals (from the issue): the filtered case list p95 < 150 ms server time, search p95 < 200 ms.
Server time is measured through Django's test client (URL routing, middleware, session, view,
template; no network), signed in as an assistant, a head of office and an Ombudsman member (who
sees every office).

The case page (/kantor/laporan/<pk>/, goal p95 < 100 ms, issue 16) is measured over real HTTP:
gunicorn with two sync workers on a free port, a PVL assistant, an examiner and a head of office
(sessions made with force_login, the second factor not asked, as for the list) each opening
``--case-pages`` different cases, by two clients and then four; with the queries per page
(decision 0021). ``--case-page-only`` times only that page; ``PYTHONPATH=<other checkout>/src``
in front times that checkout's code on the same database (a before/after comparison).

Each database is the benchmark's own: PostgreSQL ``aduan_bench`` (dropped and recreated) and
the SQLite file ``var/bench/backoffice.sqlite3``. The cases are bulk-generated with COPY
(PostgreSQL) or executemany (SQLite), not through the service functions: they have their
reporters, maladministration forms and clocks (running ones for open cases, closed ones for
history) but no transitions, audit events or documents. Titles and chronologies are drawn from
../shared/data/surabaya-keluhan-2022-2023.csv, replicated; none of that text is printed.

A database that already holds the asked number of cases made by the same ``GENERATOR_VERSION``
(and generated less than two weeks ago, as due dates are relative to that day) is reused.

    python -m bench backoffice [--pg-cases N] [--sqlite-cases N] [--repeat N] [--rebuild]
                               [--skip-pg] [--skip-sqlite] [--pg-url URL]
                               [--case-pages N] [--case-page-only]

or the environment: BENCH_PG_CASES, BENCH_SQLITE_CASES, BENCH_PG_URL, BENCH_SQLITE_PATH,
BENCH_REPEAT, BENCH_CASE_PAGES. Each database is measured in its own process
(``python -m bench.backoffice --child``), since Django's settings name one database.
"""

from __future__ import annotations

import argparse
import collections
import csv
import datetime as dt
import math
import os
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

GENERATOR_VERSION = "4"
ROOT = Path(__file__).resolve().parents[1]
TEXTS = ROOT.parent / "shared" / "data" / "surabaya-keluhan-2022-2023.csv"
DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/aduan_bench"
DEFAULT_SQLITE_PATH = ROOT / "var" / "bench" / "backoffice.sqlite3"
LIST_GOAL_MS = 150
SEARCH_GOAL_MS = 200
MAX_AGE_DAYS = 14
CHUNK = 25_000

Row = tuple[str, ...]


# --- the parent: one child process per database ------------------------------------------
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench backoffice", description=__doc__)
    env = os.environ.get
    parser.add_argument("--pg-cases", type=int, default=int(env("BENCH_PG_CASES", 1_000_000)))
    parser.add_argument("--sqlite-cases", type=int, default=int(env("BENCH_SQLITE_CASES", 200_000)))
    parser.add_argument("--pg-url", default=env("BENCH_PG_URL", DEFAULT_PG_URL))
    parser.add_argument("--sqlite-path", default=env("BENCH_SQLITE_PATH", DEFAULT_SQLITE_PATH))
    parser.add_argument(
        "--repeat",
        type=int,
        default=int(env("BENCH_REPEAT", 20)),
        help="rounds of each measurement (0: only make the databases)",
    )
    parser.add_argument("--rebuild", action="store_true", help="generate again, even if cached")
    parser.add_argument(
        "--case-pages",
        type=int,
        default=int(env("BENCH_CASE_PAGES", 200)),
        help="different cases whose page is timed over HTTP (0: skip the case page)",
    )
    parser.add_argument(
        "--case-page-only",
        action="store_true",
        help="time only the case page (not the list, search, home pages and CSV)",
    )
    parser.add_argument("--skip-pg", action="store_true")
    parser.add_argument("--skip-sqlite", action="store_true")
    args = parser.parse_args(argv)
    if not TEXTS.exists():
        print(f"backoffice bench: skipped, {TEXTS} is absent (it needs the shared data).")
        return 0
    runs = []
    if not args.skip_pg:
        if _pg_answers(args.pg_url):
            runs.append((args.pg_url, args.pg_cases))
        else:
            print(f"backoffice bench on PostgreSQL: skipped, nothing answers at {args.pg_url}")
    if not args.skip_sqlite:
        Path(args.sqlite_path).parent.mkdir(parents=True, exist_ok=True)
        runs.append((f"sqlite:///{Path(args.sqlite_path).resolve()}", args.sqlite_cases))
    status = 0
    for url, cases in runs:
        command = [sys.executable, "-m", "bench.backoffice", "--child", "--cases", str(cases)]
        command += ["--repeat", str(args.repeat)] + (["--rebuild"] if args.rebuild else [])
        command += ["--case-pages", str(args.case_pages)]
        command += ["--case-page-only"] if args.case_page_only else []
        child_env = {
            **os.environ,
            "DATABASE_URL": url,
            # Production-like: DEBUG off (no query log), persistent database connections.
            "DEBUG": "0",
            "SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnop",
            "ALLOWED_HOSTS": "testserver,localhost",
            # The personas are signed in with force_login: the pages measured are behind the
            # second factor, not the sign-in itself.
            "ADUAN_MFA_REQUIRED": "0",
            "DB_CONN_MAX_AGE": "600",
            "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "LOG_LEVEL": "WARNING",
        }
        status |= subprocess.call(command, cwd=ROOT, env=child_env)
    return status


def _pg_answers(url: str) -> bool:
    import socket

    parts = urlsplit(url)
    try:
        socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 5432), 2).close()
    except OSError:
        return False
    return True


# --- the cache marker -----------------------------------------------------------------------
def _wanted(cases: int) -> dict[str, str]:
    return {"generator": GENERATOR_VERSION, "cases": str(cases), "complete": "1"}


def _reusable(meta: dict[str, str], cases: int) -> tuple[bool, str]:
    if not meta:
        return False, "no earlier bench database"
    for key, value in _wanted(cases).items():
        if meta.get(key) != value:
            return False, f"the cached one differs ({key}: {meta.get(key)!r}, wanted {value!r})"
    made = dt.date.fromisoformat(meta.get("generated_on", "2000-01-01"))
    if (dt.date.today() - made).days > MAX_AGE_DAYS:
        return False, f"the cached one was generated on {made} (due dates are relative to it)"
    return True, f"generated on {made}"


Reusable = Callable[[dict[str, str], int], tuple[bool, str]]


def _prepare_postgresql(
    url: str, cases: int, rebuild: bool, reusable: Reusable | None = None
) -> tuple[bool, str]:
    """Keep the bench database when it holds what is asked (``reusable`` judges its
    ``bench_meta``; default: this benchmark's); else drop and create it."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name) or "bench" not in name:
        raise SystemExit(f"Refusing to drop {name!r}: the bench database's name contains 'bench'.")
    server = parts._replace(path="/postgres").geturl()
    meta: dict[str, str] = {}
    if not rebuild:
        try:
            with psycopg.connect(url, connect_timeout=5) as conn:
                meta = dict(conn.execute("SELECT key, value FROM bench_meta").fetchall())
        except psycopg.Error:
            meta = {}
    ok, why = (reusable or _reusable)(meta, cases) if not rebuild else (False, "--rebuild")
    if ok:
        return True, why
    with psycopg.connect(server, autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return False, why


def _prepare_sqlite(
    path: Path, cases: int, rebuild: bool, reusable: Reusable | None = None
) -> tuple[bool, str]:
    meta: dict[str, str] = {}
    if path.exists() and not rebuild:
        try:
            with sqlite3.connect(path) as conn:
                meta = dict(conn.execute("SELECT key, value FROM bench_meta").fetchall())
        except sqlite3.Error:
            meta = {}
    ok, why = (reusable or _reusable)(meta, cases) if not rebuild else (False, "--rebuild")
    if ok:
        return True, why
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return False, why


def _meta_set(**values: str) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_meta (key varchar(40) PRIMARY KEY, value text)"
        )
        for key, value in values.items():
            cursor.execute("DELETE FROM bench_meta WHERE key = %s", [key])
            cursor.execute("INSERT INTO bench_meta (key, value) VALUES (%s, %s)", [key, value])


def _meta() -> dict[str, str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT key, value FROM bench_meta")
        return dict(cursor.fetchall())


# --- the setting: offices, units, staff, agencies ---------------------------------------
# code, name, letter code, province, zone, share of the cases
OFFICES = [
    ("pusat", "Ombudsman RI", "PST", "31", "Asia/Jakarta", 0.08),
    ("jatim", "Perwakilan Jawa Timur", "PJT", "35", "Asia/Jakarta", 0.26),
    ("jabar", "Perwakilan Jawa Barat", "PJB", "32", "Asia/Jakarta", 0.18),
    ("jateng", "Perwakilan Jawa Tengah", "PJH", "33", "Asia/Jakarta", 0.12),
    ("sumut", "Perwakilan Sumatera Utara", "PSU", "12", "Asia/Jakarta", 0.08),
    ("sulsel", "Perwakilan Sulawesi Selatan", "PSS", "73", "Asia/Makassar", 0.14),
    ("babel", "Perwakilan Kepulauan Bangka Belitung", "PKB", "19", "Asia/Jakarta", 0.06),
    ("papua", "Perwakilan Papua", "PPA", "91", "Asia/Jayapura", 0.08),
]
OPD = [
    "Dinas Pendidikan",
    "Dinas Kesehatan",
    "Dinas Kependudukan dan Pencatatan Sipil",
    "Dinas Pekerjaan Umum dan Penataan Ruang",
    "Dinas Sosial",
    "Dinas Perhubungan",
    "Dinas Lingkungan Hidup",
    "Dinas Penanaman Modal dan PTSP",
    "Badan Kepegawaian Daerah",
    "Badan Pendapatan Daerah",
    "Satuan Polisi Pamong Praja",
    "Dinas Perumahan Rakyat dan Kawasan Permukiman",
    "Dinas Tenaga Kerja",
    "RSUD",
    "PDAM",
]
PROVINCE_OPD = [*OPD[:9], "Dinas Energi dan Sumber Daya Mineral"]
FIRST_NAMES = (
    "Agus Budi Citra Dewi Eko Fitri Gita Hadi Indra Joko Kartika Lestari Made Nur Putu Rina "
    "Sari Taufik Udin Wahyu Yanti Yusuf Andi Bayu Rahmat Siti Ahmad Muhammad Ketut Wayan Nyoman "
    "Hendra Irfan Lina Maria Yohanes Fransiska Daniel Ruth"
).split()
LAST_NAMES = (
    "Santoso Wijaya Saputra Hidayat Kusuma Pratama Siregar Nasution Harahap Simanjuntak "
    "Wibowo Setiawan Gunawan Lubis Sihombing Tanjung Rahman Syahputra Daeng Pattiasina "
    "Wenda Kogoya Mandacan Sitorus Purba Halim Susanto Nugroho Permana Maulana"
).split()
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


def _zipf(n: int, s: float = 0.9) -> list[float]:
    return [1 / (rank + 1) ** s for rank in range(n)]


class World:
    """What the generator and the measurements need to know about the setting."""

    def __init__(self) -> None:
        from django.contrib.contenttypes.models import ContentType

        from aduan.cases.models import Case
        from aduan.deadlines.models import DeadlineRule
        from aduan.directory.models import Agency, Office, Unit, User
        from aduan.reference import models as ref
        from aduan.regions.models import Region

        self.offices = {o.code: o for o in Office.objects.all()}
        self.units: dict[tuple[str, str], Unit] = {
            (u.office.code, u.code): u for u in Unit.objects.select_related("office")
        }
        staff = User.objects.exclude(role="").select_related("office", "unit")
        self.assistants: dict[tuple[str, str], list[int]] = collections.defaultdict(list)
        for user in staff.filter(role=User.Role.ASISTEN).order_by("username"):
            self.assistants[(user.office.code, user.unit.code)].append(user.pk)
        self.users = {u.username: u for u in staff}
        self.intake = {x.code: x.pk for x in ref.IntakeType.objects.all()}
        self.channel = {x.code: x.pk for x in ref.Channel.objects.all()}
        self.substance = {x.code: x.pk for x in ref.Substance.objects.all()}
        self.form = {x.code: x.pk for x in ref.MaladministrationForm.objects.all()}
        self.closure_mode = list(ref.ClosureMode.objects.values_list("pk", flat=True))
        self.closure_reason = list(ref.ClosureReason.objects.values_list("pk", flat=True))
        self.rules = {r.code: r for r in DeadlineRule.objects.all()}
        self.case_type = ContentType.objects.get_for_model(Case).pk
        # Agencies each office deals with: its own province's, then the national bodies.
        self.agencies: dict[str, list[int]] = {}
        national = list(
            Agency.objects.filter(depth=1, region__isnull=True).values_list("path", flat=True)
        )
        for code, *_rest, province, _zone, _share in OFFICES:
            local = Agency.objects.filter(region__code__startswith=province).order_by("path")
            ids = list(local.values_list("pk", flat=True))
            ids += list(
                Agency.objects.filter(path__in=national)
                .order_by("path")
                .values_list("pk", flat=True)
            )
            random.Random(code).shuffle(ids)  # the first is the busiest (see _zipf)
            self.agencies[code] = ids
        # Where events happen: the regencies of the office's province and their districts.
        self.regions: dict[str, list[tuple[str, list[str]]]] = {}
        for code, *_rest, province, _zone, _share in OFFICES:
            regencies = list(
                Region.objects.filter(parent_id=province)
                .order_by("code")
                .values_list("code", flat=True)
            )
            districts = collections.defaultdict(list)
            for district, parent in Region.objects.filter(parent_id__in=regencies).values_list(
                "code", "parent_id"
            ):
                districts[parent].append(district)
            self.regions[code] = [(r, districts[r]) for r in regencies]


def build_setting(say: Callable[[str], None]) -> None:
    """Regions, eight offices with their units and staff, and an agency tree of a few hundred
    agencies. Reference data and deadline rules come with the migrations."""
    from django.conf import settings
    from django.contrib.auth.hashers import make_password

    from aduan.directory.models import Agency, Office, Unit, User
    from aduan.reference.models import AgencyGroup
    from aduan.regions.loader import load_regions
    from aduan.regions.models import Region

    started = time.perf_counter()
    load_regions(settings.ADUAN_REGIONS_FILE)
    say(f"regions loaded ({Region.objects.count():,}) in {time.perf_counter() - started:.1f} s")
    password = make_password("bench-pass-123")
    centre = None
    people: list[User] = []
    for code, name, letter, province, zone, share in OFFICES:
        office = Office.objects.create(
            code=code,
            name=f"Ombudsman RI {name}" if code != "pusat" else name,
            kind=Office.Kind.PUSAT if code == "pusat" else Office.Kind.PERWAKILAN,
            parent=centre,
            time_zone=zone,
            letter_code=letter,
        )
        centre = centre or office
        office.jurisdiction.add(province)
        sizes = {
            "pvl": max(2, round(share * 30)),
            "pemeriksaan": max(3, round(share * 60)),
            "resmon": max(1, round(share * 15)),
            "pencegahan": 1,
        }
        for kind, n in sizes.items():
            unit = Unit.objects.create(
                office=office, kind=kind, code=kind, name=f"Keasistenan {kind}"
            )
            people.append(
                User(
                    username=f"{code}-kepala-{kind}",
                    role=User.Role.KEPALA_KEASISTENAN,
                    office=office,
                    unit=unit,
                    password=password,
                )
            )
            for i in range(1, n + 1):
                first, last = random.Random(f"{code}{kind}{i}").sample(FIRST_NAMES + LAST_NAMES, 2)
                people.append(
                    User(
                        username=f"{code}-{kind}-{i:02d}",
                        first_name=first,
                        last_name=last,
                        role=User.Role.ASISTEN,
                        office=office,
                        unit=unit,
                        password=password,
                    )
                )
        people.append(
            User(
                username=f"{code}-kepala",
                role=User.Role.KEPALA_PERWAKILAN,
                office=office,
                password=password,
            )
        )
    people.append(
        User(username="anggota", role=User.Role.ANGGOTA, office=centre, password=password)
    )
    User.objects.bulk_create(people)

    groups = dict(AgencyGroup.objects.values_list("code", "pk"))

    def node(name: str, group: str, level: str, region: str | None, children=()) -> dict:
        data = {"name": name[:255], "group": groups[group], "level": level, "region": region}
        return {"data": data, "children": list(children)}

    tree = [
        node("Kepolisian Negara Republik Indonesia", "kepolisian", "pusat", None),
        node("Kementerian Agraria dan Tata Ruang/BPN", "bpn", "pusat", None),
        node("BPJS Kesehatan", "kesehatan", "pusat", None),
        node("PT PLN (Persero)", "bumn-bumd", "pusat", None),
        node("Kementerian Hukum", "kementerian-lembaga", "pusat", None),
        node("Kementerian Pendidikan Dasar dan Menengah", "kementerian-lembaga", "pusat", None),
    ]
    for _code, *_rest, province, _zone, _share in OFFICES:
        prov = Region.objects.get(code=province)
        regencies = list(Region.objects.filter(parent=prov).order_by("code")[:3])
        tree.append(
            node(
                f"Pemerintah {prov.name}",
                "pemerintah-daerah",
                "provinsi",
                prov.code,
                [
                    node(f"{opd} {prov.name}", "pemerintah-daerah", "provinsi", prov.code)
                    for opd in PROVINCE_OPD
                ],
            )
        )
        for regency in regencies:
            tree.append(
                node(
                    f"Pemerintah {regency.name}",
                    "pemerintah-daerah",
                    "kabupaten_kota",
                    regency.code,
                    [
                        node(
                            f"{opd} {regency.name}",
                            "bumn-bumd" if opd == "PDAM" else "pemerintah-daerah",
                            "kabupaten_kota",
                            regency.code,
                        )
                        for opd in OPD
                    ]
                    + [
                        node(
                            f"SMA Negeri {i} {regency.name}",
                            "pendidikan-negeri",
                            "kabupaten_kota",
                            regency.code,
                        )
                        for i in (1, 2)
                    ],
                )
            )
        tree.append(
            node(
                f"Kepolisian Daerah {prov.name}",
                "kepolisian",
                "provinsi",
                prov.code,
                [
                    node(f"Polres {r.name}", "kepolisian", "kabupaten_kota", r.code)
                    for r in regencies
                ],
            )
        )
        tree.append(
            node(
                f"Kantor Wilayah BPN {prov.name}",
                "bpn",
                "provinsi",
                prov.code,
                [
                    node(f"Kantor Pertanahan {r.name}", "bpn", "kabupaten_kota", r.code)
                    for r in regencies
                ],
            )
        )
        tree.append(
            node(
                f"PT PLN (Persero) UID {prov.name}",
                "bumn-bumd",
                "provinsi",
                prov.code,
                [
                    node(f"PT PLN (Persero) UP3 {r.name}", "bumn-bumd", "kabupaten_kota", r.code)
                    for r in regencies
                ],
            )
        )
    Agency.objects.load_bulk(tree)
    say(
        f"{Office.objects.count()} offices, {Unit.objects.count()} units, "
        f"{User.objects.count()} staff, {Agency.objects.count()} agencies"
    )


# --- the cases --------------------------------------------------------------------------------
OPEN_MIX = {  # open state: (share of open LM cases, unit, rule of its running clock)
    "diterima": (0.14, "pvl", "pemberitahuan-kelengkapan"),
    "menunggu_kelengkapan": (0.08, "pvl", "melengkapi-laporan"),
    "verifikasi_materiil": (0.06, "pvl", None),
    "menunggu_pleno": (0.02, "pvl", None),
    "pemeriksaan": (0.40, "pemeriksaan", "klarifikasi-pertama"),
    "tanggapan_lahp": (0.08, "pemeriksaan", "tanggapan-lahp"),
    "monitoring": (0.14, "pemeriksaan", "monitoring-tindakan-korektif"),
    "resolusi_monitoring": (0.04, "resmon", None),
    "rekomendasi": (0.04, "resmon", "pelaksanaan-rekomendasi"),
}
INTAKE = {"lm": 0.58, "rco": 0.08, "iaps": 0.01, "knl": 0.29, "tembusan": 0.04}
CHANNELS = {
    "web": 0.28,
    "whatsapp": 0.16,
    "datang-langsung": 0.15,
    "email": 0.1,
    "telepon": 0.08,
    "surat": 0.08,
    "media-sosial": 0.05,
    "on-the-spot": 0.03,
    "posko": 0.02,
    "kotak-pengaduan": 0.01,
    "sms": 0.01,
    "nampel": 0.01,
    "limpahan": 0.01,
    "api": 0.01,
}
SUBSTANCES = {
    "agraria": 0.14,
    "kepegawaian": 0.1,
    "adminduk": 0.09,
    "pendidikan": 0.1,
    "kepolisian": 0.08,
    "perhubungan-infrastruktur": 0.07,
    "kesehatan": 0.07,
    "kesejahteraan-sosial": 0.06,
    "energi-kelistrikan": 0.05,
    "air-minum": 0.04,
    "desa": 0.04,
    "perizinan": 0.04,
    "ketenagakerjaan": 0.03,
    "lingkungan-hidup": 0.02,
    "perbankan": 0.02,
    "perpajakan": 0.01,
    "hak-sipil-politik": 0.01,
    "lain-lain": 0.03,
}
FORMS = {
    "penundaan-berlarut": 0.34,
    "tidak-memberikan-pelayanan": 0.2,
    "penyimpangan-prosedur": 0.18,
    "tidak-kompeten": 0.07,
    "penyalahgunaan-wewenang": 0.06,
    "permintaan-imbalan": 0.05,
    "tidak-patut": 0.04,
    "berpihak": 0.02,
    "diskriminasi": 0.02,
    "konflik-kepentingan": 0.01,
    "kelalaian-kewajiban-hukum": 0.01,
}


def _p_open(age_days: float) -> float:
    """How likely a report of that age is still open (about 30% of all cases are)."""
    if age_days < 30:
        return 0.98
    if age_days < 90:
        return 0.95
    if age_days < 365:
        return 0.8
    if age_days < 730:
        return 0.45
    return 0.15


def read_texts() -> list[tuple[str, str]]:
    """(title, chronology) from the shared complaint texts; the title is the opening words."""
    out = []
    with TEXTS.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            text = " ".join((row.get("teks") or "").split())
            if len(text) < 10:
                continue
            title = text if len(text) <= 90 else text[:90].rsplit(" ", 1)[0] + " …"
            out.append((title, text))
    return out


class Columns:
    """A model's columns for a bulk load. A column the generator does not know gets its field's
    default (the same for every row), or "" for a text that may be blank; any other column
    without a default makes the generator fail loudly."""

    def __init__(self, model: Any, values: dict[str, Any]) -> None:
        from django.db import connection

        fields = {f.column: f for f in model._meta.concrete_fields}
        unknown = set(values) - set(fields)
        extra: dict[str, Any] = {}
        missing = []
        for column, field in fields.items():
            if column in values or field.primary_key or field.null or field.has_db_default():
                continue
            if field.has_default():
                extra[column] = field.get_db_prep_save(field.get_default(), connection)
            elif field.blank and field.get_internal_type() in {"CharField", "TextField"}:
                extra[column] = ""  # a text the form may leave empty: empty
            else:
                missing.append(column)
        if unknown or missing:
            raise SystemExit(
                f"bench generator {GENERATOR_VERSION} does not match {model.__name__}: "
                f"unknown columns {sorted(unknown)}, missing {sorted(missing)}"
            )
        self.table = model._meta.db_table
        self.names = list(values) + list(extra)
        self.extra = tuple(extra.values())


class Loader:
    """COPY on PostgreSQL, executemany on SQLite; dates and times in each one's own form."""

    def __init__(self) -> None:
        from django.db import connection

        self.connection = connection
        self.pg = connection.vendor == "postgresql"
        if self.pg:
            with connection.cursor() as cursor:
                cursor.execute("SET synchronous_commit TO off")
        else:
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA synchronous=OFF")

    def when(self, value: dt.datetime | None) -> Any:
        if value is None or self.pg:
            return value
        return value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")

    def day(self, value: dt.date | None) -> Any:
        if value is None or self.pg:
            return value
        return value.isoformat()

    def write(self, columns: Columns, rows: list[tuple]) -> None:
        from django.db import transaction

        if not rows:
            return
        if columns.extra:
            rows = [row + columns.extra for row in rows]
        names = ", ".join(f'"{name}"' for name in columns.names)
        with transaction.atomic(), self.connection.cursor() as cursor:
            if self.pg:
                with cursor.cursor.copy(f'COPY "{columns.table}" ({names}) FROM STDIN') as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(columns.names))
                cursor.executemany(
                    f'INSERT INTO "{columns.table}" ({names}) VALUES ({marks})', rows
                )


def generate(total: int, say: Callable[[str], None]) -> dict[str, int]:
    """Bulk-generate ``total`` cases with their reporters, forms and clocks."""
    from django.db import connection
    from django.utils import timezone

    from aduan.cases.models import Case, Reporter
    from aduan.deadlines.models import Deadline

    world = World()
    loader = Loader()
    rng = random.Random(20_250_701)
    texts = read_texts()
    now = timezone.now().replace(microsecond=0)
    today = now.astimezone(dt.timezone(dt.timedelta(hours=7))).date()
    span_days = 4 * 365
    has_next_due = any(f.column == "next_due" for f in Case._meta.concrete_fields)

    # When each report arrived: four years, growing by half over the period, office hours.
    say(f"drawing {total:,} arrival times ...")
    # density ∝ 1 + 0.5 x on [0, 1]: the inverse of F(x) = (x + x²/4) / 1.25
    offsets = sorted(2 * (math.sqrt(1 + 1.25 * rng.random()) - 1) for _ in range(total))
    start = now - dt.timedelta(days=span_days)

    office_codes = [o[0] for o in OFFICES]
    office_weights = [o[5] for o in OFFICES]
    letter = {o[0]: o[2] for o in OFFICES}
    sequence: collections.Counter = collections.Counter()
    intake_codes, intake_w = list(INTAKE), list(INTAKE.values())
    channel_codes, channel_w = list(CHANNELS), list(CHANNELS.values())
    substance_codes, substance_w = list(SUBSTANCES), list(SUBSTANCES.values())
    form_codes, form_w = list(FORMS), list(FORMS.values())
    open_states = list(OPEN_MIX)
    open_w = [OPEN_MIX[s][0] for s in open_states]
    agency_w = {code: _zipf(len(ids)) for code, ids in world.agencies.items()}
    region_w = {code: _zipf(len(regions), 1.1) for code, regions in world.regions.items()}
    alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

    case_cols = Columns(
        Case,
        {
            "id": 0,
            "office_id": 0,
            "unit_id": None,
            "assignee_id": None,
            "assigned_at": None,
            "reference": "",
            "year": 0,
            "sequence": 0,
            "access_code": "",
            "intake_type_id": 0,
            "channel_id": 0,
            "event_tag": "",
            "received_at": None,
            "state": "",
            "state_since": None,
            "confidential": False,
            "title": "",
            "agency_id": None,
            "official_name": "",
            "official_position": "",
            "superior_agency_id": None,
            "superior_name": "",
            "substance_id": None,
            "event_region_id": None,
            "event_date": None,
            "chronology": "",
            "remedy_sought": "",
            "prior_complaint": "",
            "prior_complaint_date": None,
            "conclusion": "",
            "rejection_reason_id": None,
            "closure_mode_id": None,
            "closure_reason_id": None,
            "closed_at": None,
            "referred_to": "",
            "police_assistance_option": False,
            "created_by_id": None,
            "intake_key": None,
            "updated_at": None,
            **({"next_due": None} if has_next_due else {}),
        },
    )
    reporter_cols = Columns(
        Reporter,
        {
            "case_id": 0,
            "kind": "perorangan",
            "name": "",
            "birth_place": "",
            "birth_date": None,
            "marital_status": "",
            "occupation": "",
            "address": "",
            "region_id": None,
            "id_type": "",
            "id_number": "",
            "phone": "",
            "email": "",
            "represents": "",
            "members": "",
            "deed_number": "",
        },
    )
    through = Case.maladministration_forms.through
    form_cols = Columns(through, {"case_id": 0, "maladministrationform_id": 0})
    clock_cols = Columns(
        Deadline,
        {
            "rule_id": 0,
            "office_id": 0,
            "subject_type_id": world.case_type,
            "subject_id": "",
            "days": 0,
            "basis": "",
            "legal_source": "",
            "start_date": None,
            "due_date": None,
            "explanation": "{}",
            "state": "open",
            "case_id": 0,
            "extended_days": 0,
            "paused_days": 0,
            "paused_since": None,
            "reminded_at": None,
            "started_at": None,
            "closed_at": None,
            "computed_at": None,
        },
    )
    counts: collections.Counter = collections.Counter()
    began = time.perf_counter()

    def clock(case_id, office_id, rule_code, start_day, due, state, closed, paused=None):
        rule = world.rules[rule_code]
        counts[f"clocks {state}"] += 1
        started_at = dt.datetime.combine(start_day, dt.time(3), tzinfo=dt.UTC)
        return (
            rule.pk,
            office_id,
            world.case_type,
            str(case_id),
            rule.days,
            rule.basis,
            rule.legal_source,
            loader.day(start_day),
            loader.day(due),
            "{}",
            state,
            case_id,
            0,
            0,
            loader.day(paused),
            None,
            loader.when(started_at),
            loader.when(closed),
            loader.when(started_at),
        )

    case_id = 0
    for chunk_start in range(0, total, CHUNK):
        cases, reporters, forms, clocks = [], [], [], []
        for offset in offsets[chunk_start : chunk_start + CHUNK]:
            case_id += 1
            day_offset = offset * span_days
            received = start + dt.timedelta(days=int(day_offset), seconds=rng.randint(0, 8 * 3600))
            received = min(received, now - dt.timedelta(minutes=5))
            age = (now - received).total_seconds() / 86400
            office = rng.choices(office_codes, office_weights)[0]
            office_obj = world.offices[office]
            intake = rng.choices(intake_codes, intake_w)[0]
            if intake == "iaps":
                channel = "prakarsa-sendiri"
            elif intake == "tembusan":
                channel = rng.choice(["surat", "email"])
            else:
                channel = rng.choices(channel_codes, channel_w)[0]
            if intake == "tembusan":
                state = "selesai"
            elif intake == "knl":
                state = "diterima" if age < 5 else "selesai"
            elif rng.random() < _p_open(age):
                if intake == "rco":
                    state = "respons_cepat" if rng.random() < 0.7 else "pemeriksaan"
                elif intake == "iaps":
                    state = rng.choice(["pemeriksaan", "tanggapan_lahp", "monitoring"])
                else:
                    state = rng.choices(open_states, open_w)[0]
            else:
                state = "selesai"
            is_open = state != "selesai"
            counts["open" if is_open else "closed"] += 1
            if is_open:
                unit_kind = OPEN_MIX.get(state, (0, "pvl", None))[1]
            elif intake in {"knl", "tembusan"}:
                unit_kind = "pvl"
            else:
                unit_kind = rng.choices(["pvl", "pemeriksaan", "resmon"], [0.5, 0.42, 0.08])[0]
            unit = world.units[(office, unit_kind)]
            pool = world.assistants[(office, unit_kind)]
            assignee = None
            if not (is_open and unit_kind == "pvl" and rng.random() < 0.3):
                assignee = rng.choice(pool)
            state_since = received + dt.timedelta(days=age * rng.random() * 0.9)
            closed_at = None
            closure_mode = closure_reason = None
            conclusion = ""
            if not is_open:
                closed_at = min(
                    received + dt.timedelta(days=rng.randint(1, 250), hours=rng.randint(0, 8)),
                    now - dt.timedelta(minutes=1),
                )
                state_since = closed_at
                closure_mode = rng.choice(world.closure_mode)
                closure_reason = rng.choice(world.closure_reason)
                if unit_kind != "pvl":
                    conclusion = rng.choice(["ditemukan", "tidak_ditemukan", "dihentikan", ""])
            early = state in {"diterima", "menunggu_kelengkapan", "verifikasi_materiil"}
            substance = (
                None
                if (intake == "knl" and rng.random() < 0.4) or (early and rng.random() < 0.3)
                else world.substance[rng.choices(substance_codes, substance_w)[0]]
            )
            agency = None
            if not (intake == "knl" and rng.random() < 0.5) and rng.random() < 0.95:
                ids = world.agencies[office]
                agency = ids[rng.choices(range(len(ids)), agency_w[office])[0]]
            regions = world.regions[office]
            regency, districts = regions[rng.choices(range(len(regions)), region_w[office])[0]]
            region = rng.choice(districts) if districts and rng.random() < 0.5 else regency
            title, chronology = texts[rng.randrange(len(texts))]
            local = received.astimezone(dt.timezone(dt.timedelta(hours=7)))
            sequence[(office, local.year)] += 1
            seq = sequence[(office, local.year)]
            reference = (
                f"{seq:04d}/{intake.upper()}/{ROMAN[local.month - 1]}/{local.year}/{letter[office]}"
            )
            # Clocks: a running one for most open cases, closed ones for their history.
            next_due = None
            rule_code = OPEN_MIX.get(state, (0, "", None))[2]
            if state == "respons_cepat":
                rule_code = "rco-penanganan"
            if is_open and rule_code:
                roll = rng.random()
                if roll < 0.12:
                    due = today - dt.timedelta(days=rng.randint(1, 45))
                elif roll < 0.2:
                    due = today + dt.timedelta(days=rng.randint(0, 3))
                else:
                    due = today + dt.timedelta(days=rng.randint(4, 4 + world.rules[rule_code].days))
                paused = today - dt.timedelta(days=rng.randint(1, 20)) if roll > 0.97 else None
                begin = min(due - dt.timedelta(days=world.rules[rule_code].days), today)
                clocks.append(
                    clock(case_id, office_obj.pk, rule_code, begin, due, "open", None, paused)
                )
                next_due = due
                if state == "rekomendasi" and rng.random() < 0.5:
                    second = today + dt.timedelta(days=rng.randint(-5, 14))
                    clocks.append(
                        clock(
                            case_id,
                            office_obj.pk,
                            "penyampaian-rekomendasi",
                            second - dt.timedelta(days=14),
                            second,
                            "open",
                            None,
                        )
                    )
                    next_due = min(next_due, second)
            if intake not in {"knl", "tembusan"} and (not is_open or not early):
                first = received.date()
                met = received + dt.timedelta(days=rng.randint(1, 10))
                kind = rng.choices(["met", "missed", "cancelled"], [0.85, 0.1, 0.05])[0]
                clocks.append(
                    clock(
                        case_id,
                        office_obj.pk,
                        "pemberitahuan-kelengkapan",
                        first,
                        first + dt.timedelta(days=14),
                        kind,
                        met,
                    )
                )
                if not is_open and unit_kind != "pvl" and rng.random() < 0.7:
                    asked = received.date() + dt.timedelta(days=rng.randint(20, 60))
                    clocks.append(
                        clock(
                            case_id,
                            office_obj.pk,
                            "klarifikasi-pertama",
                            asked,
                            asked + dt.timedelta(days=14),
                            rng.choices(["met", "missed"], [0.8, 0.2])[0],
                            received + dt.timedelta(days=rng.randint(25, 75)),
                        )
                    )
            confidential = rng.random() < 0.1
            counts["confidential"] += confidential
            row = (
                case_id,
                office_obj.pk,
                unit.pk,
                assignee,
                loader.when(received + dt.timedelta(days=1)) if assignee else None,
                reference,
                local.year,
                seq,
                "".join(rng.choices(alphabet, k=10)),
                world.intake[intake],
                world.channel[channel],
                "",
                loader.when(received),
                state,
                loader.when(state_since),
                confidential,
                title,
                agency,
                "",
                "",
                None,
                "",
                substance,
                region,
                loader.day(received.date() - dt.timedelta(days=rng.randint(1, 60))),
                chronology,
                "",
                "",
                None,
                conclusion,
                None,
                closure_mode,
                closure_reason,
                loader.when(closed_at),
                "",
                False,
                None,
                None,
                loader.when(state_since),
            )
            if has_next_due:
                row += (loader.day(next_due),)
            cases.append(row)
            if intake in {"lm", "rco", "iaps"} and not early:
                for form in set(rng.choices(form_codes, form_w, k=rng.choice([1, 1, 1, 2, 3]))):
                    forms.append((case_id, world.form[form]))
            for _ in range(2 if rng.random() < 0.05 else 1):
                first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
                reporters.append(
                    (
                        case_id,
                        "perorangan",
                        f"{first} {last}",
                        "",
                        None,
                        "",
                        "",
                        "",
                        region,
                        "",
                        "",
                        f"08{rng.randint(10**9, 10**10 - 1)}",
                        f"{first.lower()}.{last.lower()}{rng.randint(1, 999)}@surel.example"
                        if rng.random() < 0.6
                        else "",
                        "",
                        "",
                        "",
                    )
                )
        loader.write(case_cols, cases)
        loader.write(reporter_cols, reporters)
        loader.write(form_cols, forms)
        loader.write(clock_cols, clocks)
        counts["reporters"] += len(reporters)
        counts["forms"] += len(forms)
        done = chunk_start + len(cases)
        elapsed = time.perf_counter() - began
        left = elapsed / done * (total - done)
        say(
            f"cases {done:,} / {total:,} ({done * 100 // total}%) · {elapsed:.0f} s, "
            f"about {left:.0f} s left"
        )
    with connection.cursor() as cursor:
        if loader.pg:
            for table in (Case, Reporter, through, Deadline):
                name = table._meta.db_table
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('\"{name}\"', 'id'), "
                    f'(SELECT COALESCE(MAX(id), 1) FROM "{name}"))'
                )
        else:
            cursor.execute("PRAGMA synchronous=NORMAL")
    return dict(counts)


def analyze(say: Callable[[str], None]) -> None:
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    say(f"statistics refreshed in {time.perf_counter() - started:.1f} s")


# --- search (aduan.search, when it exists) ------------------------------------------------
def search_module() -> Any:
    import importlib.util

    if importlib.util.find_spec("aduan.search") is None:
        return None
    try:
        from aduan.search import selectors
    except ImportError:
        return None
    return selectors if hasattr(selectors, "search_cases") else None


def build_search_index(say: Callable[[str], None]) -> tuple[str, float] | None:
    """Index the cases with aduan.search's own reindex function; None when there is none."""
    import importlib
    import inspect

    for module_name in ("aduan.search.services", "aduan.search.indexing", "aduan.search.index"):
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        function = getattr(module, "reindex", None) or getattr(module, "reindex_cases", None)
        if function is None:
            continue
        kwargs: dict[str, Any] = {}
        parameters = inspect.signature(function).parameters
        if "progress" in parameters:
            kwargs["progress"] = lambda *a, **k: say("search index: " + " ".join(map(str, a)))
        started = time.perf_counter()
        function(**kwargs)
        return f"{module_name}.{function.__name__}", time.perf_counter() - started
    return None


def search_words() -> dict[str, str]:
    """Words to search for, chosen from the complaint texts (never printed): a common word, two
    common words, a word with two letters swapped, a rare word."""
    stop = set(
        "yang dan untuk dengan tidak sudah karena dalam pada dari saya kami mohon bisa akan "
        "atau juga agar sampai sejak belum masih lagi ada ini itu tersebut kepada adalah oleh "
        "bapak warga tolong kenapa apakah terima kasih selamat siang pagi sore malam nama "
        "kota surabaya rumah".split()
    )
    frequency: collections.Counter = collections.Counter()
    for _title, text in read_texts():
        frequency.update({w for w in re.findall(r"[a-z]{5,}", text.lower()) if w not in stop})
    common = [w for w, _n in frequency.most_common(40)]
    rare = sorted(w for w, n in frequency.items() if n == 1 and 8 <= len(w) <= 12)
    typo_source = next(w for w in common[5:] if len(w) >= 6)
    typo = typo_source[:2] + typo_source[3] + typo_source[2] + typo_source[4:]
    return {
        "common word": common[0],
        "two common words": f"{common[1]} {common[3]}",
        "typo'd word": typo,
        "rare word": random.Random(7).choice(rare),
    }


# --- measuring ----------------------------------------------------------------------------
class Timer:
    """Requests through Django's test client, timed end to end (streamed bodies consumed)."""

    def __init__(self) -> None:
        from django.test import Client

        self.clients: dict[str, Any] = {}
        self.client_class = Client

    def client(self, user: Any) -> Any:
        if user.username not in self.clients:
            client = self.client_class()
            client.force_login(user)
            self.clients[user.username] = client
        return self.clients[user.username]

    def get(self, user: Any, url: str) -> tuple[float, int, int]:
        """Milliseconds, status and body size of one request."""
        client = self.client(user)
        started = time.perf_counter()
        response = client.get(url)
        if response.streaming:
            size = sum(len(part) for part in response.streaming_content)
        else:
            size = len(response.content)
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            raise SystemExit(f"{url} as {user.username}: HTTP {response.status_code}")
        return elapsed, response.status_code, size


def queries_of(function: Callable[[], Any]) -> int:
    from django.db import connection

    count = [0]

    def wrapper(execute, sql, params, many, context):
        count[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        function()
    return count[0]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = max(0, math.ceil(share * len(ordered)) - 1)
    return ordered[index]


def measure(
    timer: Timer, cases: list[tuple[str, str]], people: dict[str, Any], repeat: int
) -> dict[tuple[str, str], list[float]]:
    """Every (label, query string) for every person, ``repeat`` rounds after one warm-up."""
    times: dict[tuple[str, str], list[float]] = collections.defaultdict(list)
    for round_ in range(repeat + 1):
        for label, query in cases:
            for who, user in people.items():
                url = "/kantor/laporan/" + (f"?{query}" if query else "")
                elapsed, _status, _size = timer.get(user, url)
                if round_:
                    times[(label, who)].append(elapsed)
    return times


def matches(user: Any, query: str) -> int:
    from django.http import QueryDict

    from aduan.backoffice import selectors as bo

    return bo.case_list(user, QueryDict(query).dict()).count()


def table(title: str, header: Row, rows: list[Row]) -> str:
    width = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = [title, "  ".join(h.ljust(w) for h, w in zip(header, width, strict=True))]
    lines.append("  ".join("-" * w for w in width))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, width, strict=True)) for r in rows]
    return "\n".join(lines)


# --- the case page over HTTP ---------------------------------------------------------------
HOST = "127.0.0.1"
CASE_PAGE_GOAL_MS = 100


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def start_gunicorn(workers: int, data_dir: str) -> tuple[subprocess.Popen, int]:
    """gunicorn serving the project with this process's settings (its database, its secret
    key: the sessions made here are valid there) and ``data_dir`` (static files collected
    there first, as in production), on a free port; waits for /sehat/."""
    import http.client

    port = _free_port()
    env = dict(os.environ)
    env["SESSION_COOKIE_SECURE"] = "0"
    env["ADUAN_DATA_DIR"] = data_dir
    env["DJANGO_SETTINGS_MODULE"] = "aduan.settings"
    # An earlier PYTHONPATH first: ``PYTHONPATH=<another checkout>/src`` times that code.
    paths = [p for p in (os.environ.get("PYTHONPATH", ""), str(ROOT / "src"), str(ROOT)) if p]
    env["PYTHONPATH"] = os.pathsep.join(paths)
    collect = [sys.executable, "-m", "django", "collectstatic", "--noinput", "-v", "0"]
    subprocess.run(collect, cwd=ROOT, env=env, check=True)
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "aduan.wsgi:application",
        f"--workers={workers}",
        f"--bind={HOST}:{port}",
        "--timeout=120",
        "--log-level=error",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode}")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=5)
            conn.request("GET", "/sehat/", headers={"Host": "localhost"})
            if conn.getresponse().status == 200:
                conn.close()
                return server, port
        except OSError:
            time.sleep(0.2)
    stop_gunicorn(server)
    raise SystemExit("gunicorn did not answer /sehat/ within 60 s")


def stop_gunicorn(server: subprocess.Popen) -> None:
    import signal

    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def http_get(port: int, path: str, cookie: str) -> tuple[float, int, int]:
    """Milliseconds (connect to last byte), status and size of one GET, a new connection each
    (gunicorn's sync workers close it after each answer)."""
    import http.client

    started = time.perf_counter()
    conn = http.client.HTTPConnection(HOST, port, timeout=120)
    try:
        conn.request(
            "GET", path, headers={"Host": "localhost", "Cookie": cookie, "Accept-Language": "id"}
        )
        response = conn.getresponse()
        body = response.read()
    finally:
        conn.close()
    return (time.perf_counter() - started) * 1000, response.status, len(body)


def measure_case_page(
    world: World, timer: Timer, vendor: str, cases: int, pages: int, say: Callable[[str], None]
) -> list[str]:
    """The back-office case page (/kantor/laporan/<pk>/) over real HTTP: gunicorn with two sync
    workers, signed-in sessions of a PVL assistant, an examiner and the head of office of the
    busiest office (made as the list's are: force_login, the second factor not asked), each
    opening ``pages`` different cases of that office, in random order, by two clients (one per
    worker: the time of a page, not of a queue) and then by four (the issue's peer setting).
    The queries per page are counted through the test client on the same cases."""
    from concurrent.futures import ThreadPoolExecutor

    from django.conf import settings

    from aduan.cases.models import Case

    users = world.users
    people = {
        "PVL assistant": users["jatim-pvl-01"],
        "examiner": users["jatim-pemeriksaan-01"],
        "head of office": users["jatim-kepala"],
    }
    office = world.offices["jatim"]
    ids = list(Case.objects.filter(office=office).values_list("pk", flat=True))
    rng = random.Random(16)
    sample = rng.sample(ids, min(pages, len(ids)))
    states = collections.Counter(Case.objects.filter(pk__in=sample).values_list("state", flat=True))
    cookies = {}
    for who, user in people.items():
        client = timer.client(user)
        name = settings.SESSION_COOKIE_NAME
        cookies[who] = f"{name}={client.cookies[name].value}"
    # Queries per page, in this process (the same code and database as the server).
    queries: dict[str, list[int]] = collections.defaultdict(list)
    for who, user in people.items():
        for pk in sample[:10]:
            url = f"/kantor/laporan/{pk}/"
            timer.get(user, url)  # presence row, memos: as a second visit
            queries[who].append(queries_of(lambda u=user, url=url: timer.get(u, url)))
    data_dir = tempfile.mkdtemp(prefix="aduan-bench-case-page-")
    server, port = start_gunicorn(workers=2, data_dir=data_dir)
    output = []
    try:
        requests = [(who, pk) for pk in sample for who in people]
        rng.shuffle(requests)
        for who, pk in requests[:20]:  # warm-up: imports, connections, caches
            http_get(port, f"/kantor/laporan/{pk}/", cookies[who])
        for clients in (2, 4):
            times: dict[str, list[float]] = collections.defaultdict(list)
            failures: collections.Counter = collections.Counter()

            def one(
                job: tuple[str, int],
                times: dict[str, list[float]] = times,
                failures: collections.Counter = failures,
            ) -> None:
                who, pk = job
                elapsed, status, _size = http_get(port, f"/kantor/laporan/{pk}/", cookies[who])
                if status != 200:
                    failures[status] += 1
                times[who].append(elapsed)

            began = time.perf_counter()
            with ThreadPoolExecutor(clients) as pool:
                list(pool.map(one, requests))
            wall = time.perf_counter() - began
            if failures:
                raise SystemExit(f"case page over HTTP: statuses {dict(failures)}")
            rows = []
            for who in people:
                values = times[who]
                rows.append(
                    (
                        who,
                        f"{len(values)}",
                        f"{statistics.median(values):.1f}",
                        f"{percentile(values, 0.95):.1f}",
                        f"{max(values):.1f}",
                        f"{min(queries[who])}–{max(queries[who])}",
                    )
                )
            every = [v for values in times.values() for v in values]
            output.append(
                table(
                    f"\nCase page /kantor/laporan/<pk>/ over HTTP on {vendor}, {cases:,} cases: "
                    f"gunicorn 2 sync workers, {clients} clients, {len(sample)} different cases "
                    f"(ms, connect to last byte)",
                    ("reader", "pages", "p50", "p95", "max", "SQL per page"),
                    rows,
                )
            )
            output.append(
                f"case page, {clients} clients, all {len(every):,} pages: "
                f"p50 {statistics.median(every):.1f} ms, p95 {percentile(every, 0.95):.1f} ms, "
                f"max {max(every):.1f} ms, {len(every) / wall:.1f} pages/s "
                f"(goal p95 < {CASE_PAGE_GOAL_MS} ms)"
            )
        shown = ", ".join(f"{state} {n}" for state, n in states.most_common())
        output.append(f"cases opened, by state: {shown}")
    finally:
        stop_gunicorn(server)
        shutil.rmtree(data_dir, ignore_errors=True)
    return output


def child(
    cases: int, repeat: int, rebuild: bool, *, case_pages: int = 200, case_page_only: bool = False
) -> int:
    url = os.environ["DATABASE_URL"]
    pg = urlsplit(url).scheme.startswith("postgres")

    def say(message: str) -> None:
        print(f"  [{'pg' if pg else 'sqlite'}] {message}", flush=True)

    if pg:
        reuse, why = _prepare_postgresql(url, cases, rebuild)
    else:
        reuse, why = _prepare_sqlite(Path(urlsplit(url).path), cases, rebuild)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aduan.settings")
    import warnings

    import django

    warnings.filterwarnings("ignore", message="No directory at", module="django.core.handlers")

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import override_settings

    # No collectstatic here: serve static names as in development (pages still render fully).
    override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ).enable()
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version" if pg else "SELECT sqlite_version()")
        version = cursor.fetchone()[0]
    vendor = f"PostgreSQL {version}" if pg else f"SQLite {version}"
    print(f"\n== Back office at {cases:,} cases on {vendor} ==", flush=True)
    if reuse:
        say(f"reusing the bench database ({why}); --rebuild to generate it again")
    else:
        say(f"generating a new bench database: {why}")
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    say(f"{len(pending)} migrations applied in {time.perf_counter() - started:.1f} s")
    if reuse and pending:
        analyze(say)  # a migration may have rebuilt a table (SQLite) and lost its statistics
    generated: dict[str, int] = {}
    if not reuse:
        say(
            "cases are bulk-generated ("
            + ("COPY" if pg else "executemany")
            + "), not made through the service functions: no transitions, audit events or "
            "documents; reporters, forms and clocks are there"
        )
        build_setting(say)
        started = time.perf_counter()
        generated = generate(cases, say)
        seconds = time.perf_counter() - started
        say(
            f"generated in {seconds:.0f} s: {generated.get('open', 0):,} open, "
            f"{generated.get('closed', 0):,} closed, {generated.get('reporters', 0):,} reporters, "
            f"{generated.get('forms', 0):,} forms, {generated.get('clocks open', 0):,} running "
            f"clocks, {sum(v for k, v in generated.items() if k.startswith('clocks ')):,} clocks"
        )
        analyze(say)
        _meta_set(
            generator=GENERATOR_VERSION,
            cases=str(cases),
            generated_on=dt.date.today().isoformat(),
            generation_seconds=f"{seconds:.0f}",
            search_index="",
            complete="1",
        )
    meta = _meta()

    search = search_module()
    search_note = "search: not available yet (no aduan.search.selectors.search_cases)"
    if search is not None:
        if meta.get("search_index") != "built":
            say("building the search index ...")
            built = build_search_index(say)
            if built is None:
                search_note = "search: aduan.search has no reindex function the bench can call"
            else:
                name, seconds = built
                _meta_set(search_index="built", search_index_seconds=f"{seconds:.0f}")
                analyze(say)
                search_note = f"search index built by {name} in {seconds:.0f} s"
        else:
            search_note = f"search index reused (built in {meta.get('search_index_seconds')} s)"
        say(search_note)

    if repeat < 1:
        say("--repeat 0: the database is ready, nothing measured")
        return 0
    from aduan.cases.models import Case
    from aduan.directory.models import Agency

    world = World()
    users = world.users
    assistant = users["jatim-pemeriksaan-01"]
    people = {
        "assistant": assistant,
        "head of office": users["jatim-kepala"],
        "member": users["anggota"],
    }
    agency = Agency.objects.get(pk=world.agencies["jatim"][0])
    unit = world.units[("jatim", "pemeriksaan")]
    busiest_region = world.regions["jatim"][0][0]
    filters = [
        ("no filter (newest first)", ""),
        ("state=pemeriksaan", "state=pemeriksaan"),
        ("state=diterima&intake_type=lm", "state=diterima&intake_type=lm"),
        ("channel=whatsapp&substance=agraria", "channel=whatsapp&substance=agraria"),
        ("form=penundaan-berlarut", "form=penundaan-berlarut"),
        ("form=permintaan-imbalan&state=pemeriksaan", "form=permintaan-imbalan&state=pemeriksaan"),
        ("agency=<busiest>", f"agency={agency.pk}"),
        ("agency_group=kepolisian", "agency_group=kepolisian"),
        (f"region={busiest_region}", f"region={busiest_region}"),
        ("assignee=<the assistant>", f"assignee={assistant.username}"),
        ("unit=<pemeriksaan>&state=monitoring", f"unit={unit.pk}&state=monitoring"),
        ("received in one quarter", "received_from=2025-01-01&received_to=2025-03-31"),
        ("clock=red", "clock=red"),
        ("clock=yellow", "clock=yellow"),
        ("clock=green&sort=due", "clock=green&sort=due"),
        ("confidential=1", "confidential=1"),
        ("sort=due", "sort=due"),
        ("sort=received_asc", "sort=received_asc"),
        ("sort=reference", "sort=reference"),
        ("page=20", "page=20"),
        (
            "state=pemeriksaan&substance=pendidikan&sort=due&page=3",
            "state=pemeriksaan&substance=pendidikan&sort=due&page=3",
        ),
        (
            "lm, web, 2024 on, red, by due date",
            "intake_type=lm&channel=web&received_from=2024-01-01&clock=red&sort=due",
        ),
    ]
    timer = Timer()
    case_page_output: list[str] = []
    if case_pages > 0:
        say(f"timing the case page over HTTP: {case_pages} cases × 3 people ...")
        case_page_output = measure_case_page(world, timer, vendor, cases, case_pages, say)
    if case_page_only:
        print("\n".join(case_page_output), flush=True)
        return 0
    say(f"timing the case list: {len(filters)} filters × 3 people × {repeat} rounds ...")
    list_times = measure(timer, filters, people, repeat)
    rows = []
    for label, query in filters:
        row = [label]
        for who, user in people.items():
            values = list_times[(label, who)]
            n = matches(user, query)
            row.append(
                f"{n:>9,}  {statistics.median(values):6.1f} {percentile(values, 0.95):6.1f} "
                f"{max(values):6.1f}"
            )
        row.append(
            str(queries_of(lambda q=query: timer.get(people["member"], f"/kantor/laporan/?{q}")))
        )
        rows.append(tuple(row))
    every = [v for values in list_times.values() for v in values]
    header = (
        "/kantor/laporan/?…",
        *(f"{who}: matches  p50    p95    max" for who in people),
        "SQL",
    )
    output = [
        *case_page_output,
        table(
            f"\nCase list on {vendor}, {cases:,} cases (ms, server time, {repeat} rounds)",
            header,
            rows,
        ),
        f"case list, all {len(every):,} requests: p50 {statistics.median(every):.1f} ms, "
        f"p95 {percentile(every, 0.95):.1f} ms, max {max(every):.1f} ms "
        f"(goal p95 < {LIST_GOAL_MS} ms)",
    ]

    # Search, through the list's q parameter.
    if search is not None:
        words = search_words()
        reference = (
            Case.objects.filter(office__code="jatim")
            .order_by("-id")
            .values_list("reference", flat=True)
            .first()
        )
        queries = [("reference", reference), ("agency name", agency.name)]
        queries += list(words.items())
        shown = {"reference", "agency name"}
        search_filters = [
            (label if label not in shown else f"{label}: {value}", urlencode({"q": value}))
            for label, value in queries
        ]
        search_filters.append(
            (
                "common word + state=pemeriksaan",
                urlencode({"q": words["common word"], "state": "pemeriksaan"}),
            )
        )
        say(f"timing search: {len(search_filters)} queries × 3 people × {repeat} rounds ...")
        search_times = measure(timer, search_filters, people, repeat)
        rows = []
        for label, query in search_filters:
            row = [label]
            for who, user in people.items():
                values = search_times[(label, who)]
                row.append(
                    f"{matches(user, query):>9,}  {statistics.median(values):6.1f} "
                    f"{percentile(values, 0.95):6.1f} {max(values):6.1f}"
                )
            rows.append(tuple(row))
        every = [v for values in search_times.values() for v in values]
        output.append(
            table(
                f"\nSearch (/kantor/laporan/?q=…) on {vendor}, {cases:,} cases (ms)",
                ("query", *(f"{who}: matches  p50    p95    max" for who in people)),
                rows,
            )
        )
        output.append(
            f"search, all {len(every):,} requests: p50 {statistics.median(every):.1f} ms, "
            f"p95 {percentile(every, 0.95):.1f} ms, max {max(every):.1f} ms "
            f"(goal p95 < {SEARCH_GOAL_MS} ms); {search_note}"
        )
    else:
        output.append(search_note)

    # Home pages and the CSV download.
    say("timing the home pages and the CSV download ...")
    homes = {
        "assistant (my cases, unit queue)": assistant,
        "PVL assistant (my cases, unit queue)": users["jatim-pvl-01"],
        "head of office (office overview)": users["jatim-kepala"],
        "member (overview of every office)": users["anggota"],
    }
    rows = []
    for label, user in homes.items():
        timer.get(user, "/kantor/")
        values = [timer.get(user, "/kantor/")[0] for _ in range(repeat)]
        rows.append(
            (
                f"/kantor/ {label}",
                "-",
                f"{statistics.median(values):.1f}",
                f"{percentile(values, 0.95):.1f}",
                f"{max(values):.1f}",
                str(queries_of(lambda u=user: timer.get(u, "/kantor/"))),
            )
        )
    exports = [
        (
            "CSV: state=pemeriksaan&substance=pendidikan",
            "state=pemeriksaan&substance=pendidikan",
            5,
        ),
        ("CSV: clock=red", "clock=red", 3),
        ("CSV: received in one quarter", "received_from=2025-01-01&received_to=2025-03-31", 1),
    ]
    head = users["jatim-kepala"]
    for label, query, times in exports:
        n = matches(head, query)
        values = []
        first_bytes = []
        for _ in range(times):
            client = timer.client(head)
            started = time.perf_counter()
            response = client.get(f"/kantor/laporan/?{query}&format=csv")
            parts = iter(response.streaming_content)
            next(parts)
            next(parts, b"")
            first_bytes.append((time.perf_counter() - started) * 1000)
            for _part in parts:
                pass
            values.append((time.perf_counter() - started) * 1000)
        rows.append(
            (
                f"{label} (head of office)",
                f"{n:,} rows",
                f"{statistics.median(values):.0f}",
                f"{percentile(values, 0.95):.0f}",
                f"{max(values):.0f}",
                f"first row after {statistics.median(first_bytes):.0f} ms",
            )
        )
    output.append(
        table(
            f"\nHome pages and CSV on {vendor}, {cases:,} cases (ms)",
            ("page", "size", "p50", "p95", "max", "SQL / note"),
            rows,
        )
    )
    print("\n".join(output), flush=True)
    return 0


if __name__ == "__main__":
    arguments = sys.argv[1:]
    if arguments[:1] == ["--child"]:
        parser = argparse.ArgumentParser()
        parser.add_argument("--child", action="store_true")
        parser.add_argument("--cases", type=int, required=True)
        parser.add_argument("--repeat", type=int, default=20)
        parser.add_argument("--rebuild", action="store_true")
        parser.add_argument("--case-pages", type=int, default=200)
        parser.add_argument("--case-page-only", action="store_true")
        parsed = parser.parse_args(arguments)
        sys.path.insert(0, str(ROOT))
        sys.exit(
            child(
                parsed.cases,
                parsed.repeat,
                parsed.rebuild,
                case_pages=parsed.case_pages,
                case_page_only=parsed.case_page_only,
            )
        )
    sys.exit(main(arguments))
