"""The statistics at scale: the quarterly and the annual report (``aduan.stats.report.build``) of
one office and of the whole country over 1,000,000 cases, on PostgreSQL and on SQLite.

Goal (from the issue): the quarterly report in under 2 s on PostgreSQL and under 5 s on SQLite,
for one office and for the whole country. The annual report is timed too (same goals, shown for
information).

Each database is the benchmark's own: PostgreSQL ``aduan_bench_stats`` (dropped and recreated)
and the SQLite file ``var/bench/stats.sqlite3``. The generator is not the back office's: the
statistics read what a case went through, so every case has its whole history up to now, drawn
from a simple model of the procedure: its transitions (received → verification → registration →
examination → LAHP → monitoring/recommendation → closed, with ``seconds_in_state``),
``examined_at``, ``closed_at`` with closure mode and reason, rejections and conclusions, its
clocks (met, missed, running) with ``closed_at``, clarification requests (their missed clocks are
the refusals), LAHPs, corrective actions and recommendations, reporters (by kind) and
maladministration forms. 34 offices (the centre and 33 representative offices, one per province)
share the cases over three years, so a quarter holds about 80,000 items nationally. Titles are
synthetic ("Laporan bench n"): no complaint text is read or printed.

A database that already holds the asked number of cases made by the same ``GENERATOR_VERSION``
is reused (the report's quarter is chosen from the day it was generated).

    python -m bench stats [--pg-cases N] [--sqlite-cases N] [--repeat N] [--rebuild]
                          [--skip-pg] [--skip-sqlite] [--queries N] [--explain]

or the environment: BENCH_STATS_PG_CASES, BENCH_STATS_SQLITE_CASES, BENCH_STATS_PG_URL,
BENCH_STATS_SQLITE_PATH, BENCH_STATS_REPEAT. Each database is measured in its own process
(``python -m bench.stats --child``). ``--queries N`` prints the N slowest SQL statements of each
report (from one extra, profiled run); ``--explain`` adds their query plans.
"""

from __future__ import annotations

import argparse
import bisect
import collections
import datetime as dt
import math
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bench.backoffice import (
    CHANNELS,
    FORMS,
    INTAKE,
    ROMAN,
    SUBSTANCES,
    Columns,
    Loader,
    _meta,
    _meta_set,
    _pg_answers,
    _prepare_postgresql,
    _prepare_sqlite,
    analyze,
    table,
)

GENERATOR_VERSION = "1"
ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/aduan_bench_stats"
DEFAULT_SQLITE_PATH = ROOT / "var" / "bench" / "stats.sqlite3"
GOAL_SECONDS = {"pg": 2.0, "sqlite": 5.0}
YEARS = 3
OFFICE_COUNT = 34
CHUNK = 20_000
DAY = 86_400

Row = tuple[str, ...]


# --- the parent: one child process per database ------------------------------------------
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench stats",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    env = os.environ.get
    parser.add_argument("--pg-cases", type=int, default=int(env("BENCH_STATS_PG_CASES", 1_000_000)))
    parser.add_argument(
        "--sqlite-cases", type=int, default=int(env("BENCH_STATS_SQLITE_CASES", 1_000_000))
    )
    parser.add_argument("--pg-url", default=env("BENCH_STATS_PG_URL", DEFAULT_PG_URL))
    parser.add_argument(
        "--sqlite-path", default=env("BENCH_STATS_SQLITE_PATH", DEFAULT_SQLITE_PATH)
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=int(env("BENCH_STATS_REPEAT", 5)),
        help="timed runs of each report after one warm-up (0: only make the databases)",
    )
    parser.add_argument("--rebuild", action="store_true", help="generate again, even if cached")
    parser.add_argument("--skip-pg", action="store_true")
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument(
        "--queries", type=int, default=0, help="print the N slowest SQL statements of each report"
    )
    parser.add_argument("--explain", action="store_true", help="with --queries: their plans too")
    args = parser.parse_args(argv)
    runs = []
    if not args.skip_pg:
        if _pg_answers(args.pg_url):
            runs.append((args.pg_url, args.pg_cases))
        else:
            print(f"stats bench on PostgreSQL: skipped, nothing answers at {args.pg_url}")
    if not args.skip_sqlite:
        Path(args.sqlite_path).parent.mkdir(parents=True, exist_ok=True)
        runs.append((f"sqlite:///{Path(args.sqlite_path).resolve()}", args.sqlite_cases))
    status = 0
    for url, cases in runs:
        command = [sys.executable, "-m", "bench.stats", "--child", "--cases", str(cases)]
        command += ["--repeat", str(args.repeat), "--queries", str(args.queries)]
        command += (["--rebuild"] if args.rebuild else []) + (["--explain"] if args.explain else [])
        child_env = {
            **os.environ,
            "DATABASE_URL": url,
            # Production-like: DEBUG off (no query log), a persistent connection.
            "DEBUG": "0",
            "SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnop",
            "ALLOWED_HOSTS": "testserver,localhost",
            "DB_CONN_MAX_AGE": "600",
            "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "LOG_LEVEL": "WARNING",
        }
        status |= subprocess.call(command, cwd=ROOT, env=child_env)
    return status


# --- the cache marker -----------------------------------------------------------------------
def _reusable(meta: dict[str, str], cases: int) -> tuple[bool, str]:
    if not meta:
        return False, "no earlier bench database"
    wanted = {"generator": GENERATOR_VERSION, "cases": str(cases), "complete": "1"}
    for key, value in wanted.items():
        if meta.get(key) != value:
            return False, f"the cached one differs ({key}: {meta.get(key)!r}, wanted {value!r})"
    return True, f"generated on {meta.get('generated_on')}"


# --- the setting: 34 offices, their units and agencies ---------------------------------------
def _zone(province: str) -> str:
    number = int(province)
    if number >= 81:
        return "Asia/Jayapura"
    if number >= 71 or 51 <= number <= 53 or 63 <= number <= 65:
        return "Asia/Makassar"
    return "Asia/Jakarta"


OPD = [
    "Dinas Pendidikan",
    "Dinas Kesehatan",
    "Dinas Kependudukan dan Pencatatan Sipil",
    "Dinas Pekerjaan Umum",
    "Dinas Sosial",
    "Dinas Perhubungan",
    "Badan Pertanahan",
    "Kepolisian Daerah",
    "RSUD",
    "PDAM",
    "Dinas Penanaman Modal dan PTSP",
    "Badan Kepegawaian Daerah",
]
OPD_GROUP = {
    "Badan Pertanahan": "bpn",
    "Kepolisian Daerah": "kepolisian",
    "RSUD": "kesehatan",
    "PDAM": "bumn-bumd",
}


def build_setting(say: Callable[[str], None]) -> None:
    """Regions; the centre and 33 representative offices (one per province, the centre holding
    Jakarta's), three units each; a dozen agencies per province and a few national ones."""
    from django.conf import settings

    from aduan.directory.models import Agency, Office, Unit
    from aduan.reference.models import AgencyGroup
    from aduan.regions.loader import load_regions
    from aduan.regions.models import Region

    started = time.perf_counter()
    load_regions(settings.ADUAN_REGIONS_FILE)
    say(f"regions loaded ({Region.objects.count():,}) in {time.perf_counter() - started:.1f} s")
    provinces = list(
        Region.objects.filter(parent__isnull=True).order_by("code").values_list("code", "name")
    )
    jakarta = next((p for p in provinces if p[0] == "31"), provinces[0])
    others = [p for p in provinces if p != jakarta][: OFFICE_COUNT - 1]
    centre = Office.objects.create(
        code="pusat",
        name="Ombudsman RI",
        kind=Office.Kind.PUSAT,
        time_zone="Asia/Jakarta",
        letter_code="PST",
    )
    centre.jurisdiction.add(jakarta[0])
    offices = [centre]
    for code, name in others:
        office = Office.objects.create(
            code=f"p{code}",
            name=f"Ombudsman RI Perwakilan {name.title()}"[:200],
            kind=Office.Kind.PERWAKILAN,
            parent=centre,
            time_zone=_zone(code),
            letter_code=f"P{code}",
        )
        office.jurisdiction.add(code)
        offices.append(office)
    Unit.objects.bulk_create(
        Unit(office=office, kind=kind, code=kind, name=f"Keasistenan {kind}")
        for office in offices
        for kind in ("pvl", "pemeriksaan", "resmon")
    )
    groups = dict(AgencyGroup.objects.values_list("code", "pk"))

    def node(name: str, group: str, level: str, region: str | None, children=()) -> dict:
        data = {"name": name[:255], "group": groups[group], "level": level, "region": region}
        return {"data": data, "children": list(children)}

    tree = [
        node("Kepolisian Negara Republik Indonesia", "kepolisian", "pusat", None),
        node("Kementerian Agraria dan Tata Ruang/BPN", "bpn", "pusat", None),
        node("BPJS Kesehatan", "kesehatan", "pusat", None),
        node("PT PLN (Persero)", "bumn-bumd", "pusat", None),
    ]
    for code, name in [jakarta, *others]:
        tree.append(
            node(
                f"Pemerintah Provinsi {name.title()}",
                "pemerintah-daerah",
                "provinsi",
                code,
                [
                    node(
                        f"{opd} {name.title()}",
                        OPD_GROUP.get(opd, "pemerintah-daerah"),
                        "provinsi",
                        code,
                    )
                    for opd in OPD
                ],
            )
        )
    Agency.objects.load_bulk(tree)
    say(
        f"{Office.objects.count()} offices, {Unit.objects.count()} units, "
        f"{Agency.objects.count()} agencies"
    )


class World:
    def __init__(self) -> None:
        from django.contrib.contenttypes.models import ContentType

        from aduan.cases.models import Case, ClarificationRequest
        from aduan.deadlines.models import DeadlineRule
        from aduan.directory.models import Agency, Office, Unit
        from aduan.reference import models as ref
        from aduan.regions.models import Region

        self.offices = list(Office.objects.order_by("pk"))
        self.units = {(u.office_id, u.code): u.pk for u in Unit.objects.all()}
        self.intake = {x.code: x.pk for x in ref.IntakeType.objects.all()}
        self.channel = {x.code: x.pk for x in ref.Channel.objects.all()}
        self.substance = {x.code: x.pk for x in ref.Substance.objects.all()}
        self.form = {x.code: x.pk for x in ref.MaladministrationForm.objects.all()}
        self.closure_mode = dict(ref.ClosureMode.objects.values_list("code", "pk"))
        self.closure_reason = dict(ref.ClosureReason.objects.values_list("code", "pk"))
        self.rejection = list(ref.RejectionReason.objects.values_list("pk", flat=True))
        self.rules = {r.code: r for r in DeadlineRule.objects.all()}
        self.case_type = ContentType.objects.get_for_model(Case).pk
        self.request_type = ContentType.objects.get_for_model(ClarificationRequest).pk
        national = list(
            Agency.objects.filter(depth=1, region__isnull=True).values_list("pk", flat=True)
        )
        self.agencies: dict[int, list[int]] = {}
        self.regencies: dict[int, list[str]] = {}
        for office in self.offices:
            province = office.jurisdiction.values_list("code", flat=True).first()
            local = Agency.objects.filter(region_id=province).order_by("path")
            self.agencies[office.pk] = list(local.values_list("pk", flat=True)) + national
            self.regencies[office.pk] = list(
                Region.objects.filter(parent_id=province)
                .order_by("code")
                .values_list("code", flat=True)
            ) or [province]


# --- the cases --------------------------------------------------------------------------------
def _weights(values: dict[str, float]) -> tuple[list[str], list[float]]:
    codes = list(values)
    total = 0.0
    cumulative = []
    for code in codes:
        total += values[code]
        cumulative.append(total)
    return codes, [c / total for c in cumulative]


def _pick(rng: random.Random, table_: tuple[list, list[float]]) -> Any:
    codes, cumulative = table_
    return codes[min(bisect.bisect(cumulative, rng.random()), len(codes) - 1)]


def _history(rng: random.Random, intake: str, t0: float) -> tuple[list[tuple], dict[str, Any]]:
    """The whole (future included) path of a case: [(from, to, at, action)] and how it ends."""
    moves: list[tuple] = [("", "diterima", t0, "case_receive")]
    end: dict[str, Any] = {}
    state, t = "diterima", t0

    def go(to: str, days: float, action: str) -> None:
        nonlocal state, t
        t += days * DAY + rng.randint(0, 6 * 3600)
        moves.append((state, to, t, action))
        state = to

    def expo(base: float, mean: float) -> float:
        return base + rng.expovariate(1 / mean)

    if intake == "tembusan":
        go("selesai", 0.2, "file_copy")
        end.update(mode="saran-diberikan", reason="saran-diberikan")
        return moves, end
    if intake == "knl":
        go("selesai", expo(0, 2), "knl_answer")
        end.update(mode="saran-diberikan", reason="saran-diberikan")
        return moves, end
    if rng.random() < 0.03:  # withdrawn at some point (decided below)
        end["withdraw_after"] = rng.randint(1, 5)

    def withdrawn() -> bool:
        if "withdraw_after" in end and len(moves) >= end["withdraw_after"]:
            go("selesai", expo(1, 10), "case_withdraw")
            end.update(mode="dicabut", reason="dicabut-pelapor")
            return True
        return False

    if intake == "rco":
        go("respons_cepat", 0.05, "case_receive")
        if rng.random() < 0.7:
            go("selesai", expo(1, 10), "case_close")
            end.update(mode="klarifikasi-lisan", reason="hak-pelapor-dipulihkan")
            return moves, end
        go("pemeriksaan", expo(2, 10), "case_escalate_rco")
    elif intake == "iaps":
        go("pemeriksaan", 0.5, "iaps_open")
    else:
        if rng.random() < 0.12:
            go("menunggu_kelengkapan", expo(1, 4), "case_verify_formal")
            if rng.random() < 0.3:
                go("selesai", 31, "deemed withdrawn (sweeper)")
                end.update(mode="data-tidak-lengkap", reason="dianggap-dicabut")
                return moves, end
            go("diterima", expo(1, 10), "case_complete")
        if withdrawn():
            return moves, end
        go("verifikasi_materiil", expo(1, 4), "case_verify_formal")
        go("menunggu_pleno", expo(1, 7), "case_verify_material")
        if withdrawn():
            return moves, end
        roll = rng.random()
        if roll < 0.12:
            go("selesai", expo(1, 5), "case_reject")
            end.update(mode="ditolak", reason="ditolak", rejected=True)
            return moves, end
        if roll < 0.2:
            go("selesai", expo(1, 5), "case_not_within_authority")
            end.update(mode="bukan-kewenangan", reason="bukan-kewenangan")
            return moves, end
        go("pemeriksaan", expo(1, 5), "case_register")
    # Examination onwards.
    if withdrawn():
        return moves, end
    conclusion = rng.choices(["ditemukan", "tidak_ditemukan", "dihentikan"], [0.55, 0.35, 0.1])[0]
    end["conclusion"] = conclusion
    if rng.random() < 0.25:
        go("selesai", expo(10, 60), "case_close")
        end.update(mode="klarifikasi-tertulis", reason="hak-pelapor-dipulihkan")
        return moves, end
    go("tanggapan_lahp", expo(20, 120), "lahp_send_draft")
    if conclusion != "ditemukan":
        go("selesai", expo(3, 12), "lahp_finalise")
        end.update(mode="tidak-ditemukan-maladministrasi", reason="tidak-ditemukan-maladministrasi")
        return moves, end
    go("monitoring", expo(3, 12), "lahp_finalise")
    end["actions"] = rng.choice([1, 1, 2])
    if rng.random() < 0.85:
        go("selesai", expo(14, 45), "case_close")
        end.update(mode="klarifikasi-tertulis", reason="tindakan-korektif-dilaksanakan")
        return moves, end
    if rng.random() < 0.5:
        go("resolusi_monitoring", 60, "handover to Resmon (sweeper)")
    go("rekomendasi", expo(10, 40), "recommendation_issue")
    end["recommendation"] = True
    go("selesai", expo(60, 90), "case_close")
    end.update(mode="rekomendasi", reason="rekomendasi-dilaksanakan")
    return moves, end


def generate(total: int, say: Callable[[str], None]) -> dict[str, int]:
    """Bulk-generate ``total`` cases with their whole history up to now."""
    from django.db import connection

    from aduan.cases.models import (
        Case,
        ClarificationRequest,
        CorrectiveAction,
        Lahp,
        Recommendation,
        Reporter,
        Transition,
    )
    from aduan.deadlines.models import Deadline

    world = World()
    loader = Loader()
    rng = random.Random(20_251_125)
    now = float(int(time.time()))
    span = YEARS * 365 * DAY
    start = now - span
    pg = loader.pg

    if pg:

        def when(ts: float | None) -> Any:
            return None if ts is None else dt.datetime.fromtimestamp(ts, dt.UTC)

        def day(ts: float) -> Any:
            return dt.datetime.fromtimestamp(ts + 7 * 3600, dt.UTC).date()
    else:

        def when(ts: float | None) -> Any:
            if ts is None:
                return None
            return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(ts))

        def day(ts: float) -> Any:
            return time.strftime("%Y-%m-%d", time.gmtime(ts + 7 * 3600))

    # The offices' shares: a few big ones, most small (the centre and Java the busiest).
    offices = world.offices
    shares = [1 / (rank + 2) ** 0.6 for rank in range(len(offices))]
    rng.shuffle(shares)
    shares[0] = max(shares)  # the centre
    office_pick = (list(range(len(offices))), list(_cumulative(shares)))
    intake_pick = _weights(INTAKE)
    channel_pick = _weights(CHANNELS)
    substance_pick = _weights(SUBSTANCES)
    form_pick = _weights(FORMS)
    kind_pick = _weights(
        {"perorangan": 0.86, "kuasa": 0.04, "kelompok": 0.04, "badan_hukum": 0.03, "keluarga": 0.03}
    )
    rules = world.rules

    say(f"drawing {total:,} arrival times ...")
    # density ∝ 1 + 0.5 x on [0, 1] (the number of reports grows by half over three years)
    offsets = sorted(2 * (math.sqrt(1 + 1.25 * rng.random()) - 1) for _ in range(total))

    case_cols = Columns(
        Case,
        {
            "id": 0,
            "office_id": 0,
            "unit_id": None,
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
            "superior_name": "",
            "substance_id": None,
            "event_region_id": None,
            "chronology": "",
            "remedy_sought": "",
            "prior_complaint": "",
            "conclusion": "",
            "rejection_reason_id": None,
            "closure_mode_id": None,
            "closure_reason_id": None,
            "closed_at": None,
            "examined_at": None,
            "referred_to": "",
            "police_assistance_option": False,
            "updated_at": None,
            "next_due": None,
        },
    )
    reporter_cols = Columns(
        Reporter,
        {
            "case_id": 0,
            "kind": "",
            "name": "",
            "birth_place": "",
            "marital_status": "",
            "occupation": "",
            "address": "",
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
    move_cols = Columns(
        Transition,
        {
            "case_id": 0,
            "from_state": "",
            "to_state": "",
            "at": None,
            "action": "",
            "reason": "",
            "seconds_in_state": None,
        },
    )
    clock_cols = Columns(
        Deadline,
        {
            "rule_id": 0,
            "office_id": 0,
            "subject_type_id": 0,
            "subject_id": "",
            "days": 0,
            "basis": "",
            "legal_source": "",
            "start_date": None,
            "due_date": None,
            "explanation": "{}",
            "state": "",
            "case_id": 0,
            "extended_days": 0,
            "paused_days": 0,
            "started_at": None,
            "closed_at": None,
            "computed_at": None,
        },
    )
    request_cols = Columns(
        ClarificationRequest,
        {
            "id": 0,
            "case_id": 0,
            "round": 1,
            "agency_id": 0,
            "questions": "",
            "sent_at": None,
            "status": "",
            "answer": "",
            "answered_at": None,
        },
    )
    lahp_cols = Columns(
        Lahp,
        {
            "id": 0,
            "case_id": 0,
            "version": 1,
            "conclusion": "",
            "findings": "",
            "status": "",
            "draft_sent_at": None,
            "reporter_response": "",
            "finalised_at": None,
        },
    )
    action_cols = Columns(
        CorrectiveAction,
        {
            "case_id": 0,
            "lahp_id": 0,
            "addressee_id": 0,
            "description": "",
            "status": "",
            "evidence": "",
            "status_at": None,
        },
    )
    recommendation_cols = Columns(
        Recommendation,
        {
            "case_id": 0,
            "signed_at": None,
            "sent_at": None,
            "addressee_id": 0,
            "content": "",
            "outcome": "",
            "implementation_report": "",
            "reported_at": None,
        },
    )
    counts: collections.Counter = collections.Counter()
    sequence: collections.Counter = collections.Counter()
    began = time.perf_counter()
    alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
    wib = 7 * 3600
    ids = {"case": 0, "request": 0, "lahp": 0}

    rows: dict[str, list[tuple]] = collections.defaultdict(list)
    for chunk_start in range(0, total, CHUNK):
        rows.clear()

        def clock(code, office_id, case_id, begun, stopped, met, subject=None):
            """A clock started at ``begun``; stopped (met or missed) at ``stopped`` if that is
            before now, else running."""
            rule = rules.get(code)
            if rule is None:
                return None
            due = begun + rule.days * DAY * (1.4 if rule.basis == "working" else 1.0)
            if stopped is not None and stopped <= now:
                state = "met" if met and stopped <= due else "missed"
                closed = when(stopped)
            else:
                state, closed = "open", None
            counts[f"clocks {state}"] += 1
            rows["clocks"].append(
                (
                    rule.pk,
                    office_id,
                    world.request_type if subject else world.case_type,
                    str(subject or case_id),
                    rule.days,
                    rule.basis,
                    rule.legal_source,
                    day(begun),
                    day(due),
                    "{}",
                    state,
                    case_id,
                    0,
                    0,
                    when(begun),
                    closed,
                    when(begun),
                )
            )
            return day(due) if state == "open" else None

        for offset in offsets[chunk_start : chunk_start + CHUNK]:
            ids["case"] += 1
            case_id = ids["case"]
            t0 = start + offset * span
            t0 = t0 - (t0 + wib) % DAY + rng.randint(8 * 3600, 16 * 3600) - wib  # office hours
            t0 = min(t0, now - 600)
            office = offices[_pick(rng, office_pick)]
            intake = _pick(rng, intake_pick)
            channel = (
                "prakarsa-sendiri"
                if intake == "iaps"
                else rng.choice(["surat", "email"])
                if intake == "tembusan"
                else _pick(rng, channel_pick)
            )
            planned, end = _history(rng, intake, t0)
            moves = [m for m in planned if m[2] <= now]
            state = moves[-1][1]
            closed = moves[-1][2] if state == "selesai" else None
            counts["closed" if closed else "open"] += 1
            examined = next((m[2] for m in moves if m[1] == "pemeriksaan"), None)
            previous = None
            for from_state, to_state, at, action in moves:
                rows["moves"].append(
                    (
                        case_id,
                        from_state,
                        to_state,
                        when(at),
                        action,
                        "",
                        None if previous is None else int(at - previous),
                    )
                )
                previous = at
            entered = {m[1]: m[2] for m in planned}
            left = {m[0]: m[2] for m in planned if m[0]}
            # Clocks, clarification requests, LAHP, corrective actions, recommendations.
            next_due = []
            agencies = world.agencies[office.pk]
            agency = agencies[min(int(rng.expovariate(0.25)), len(agencies) - 1)]
            if intake == "lm":
                next_due.append(
                    clock(
                        "pemberitahuan-kelengkapan",
                        office.pk,
                        case_id,
                        t0,
                        left.get("diterima"),
                        rng.random() < 0.92,
                    )
                )
            if "respons_cepat" in entered:
                next_due.append(
                    clock(
                        "rco-penanganan",
                        office.pk,
                        case_id,
                        entered["respons_cepat"],
                        left.get("respons_cepat"),
                        rng.random() < 0.9,
                    )
                )
            if examined is not None:
                sent = examined + rng.randint(3, 20) * DAY
                if sent <= now:
                    answered = sent + rng.randint(3, 20) * DAY
                    missed = rng.random() < 0.18
                    ids["request"] += 1
                    request_id = ids["request"]
                    stopped = sent + 15 * DAY if missed else answered
                    status = (
                        "menunggu" if stopped > now else "tidak_dijawab" if missed else "dijawab"
                    )
                    rows["requests"].append(
                        (
                            request_id,
                            case_id,
                            1,
                            agency,
                            "",
                            when(sent),
                            status,
                            "",
                            when(answered) if status == "dijawab" else None,
                        )
                    )
                    next_due.append(
                        clock(
                            "klarifikasi-pertama",
                            office.pk,
                            case_id,
                            sent,
                            stopped,
                            not missed,
                            request_id,
                        )
                    )
            if "tanggapan_lahp" in entered and entered["tanggapan_lahp"] <= now:
                finalised = left.get("tanggapan_lahp")
                final = finalised is not None and finalised <= now
                ids["lahp"] += 1
                lahp_id = ids["lahp"]
                rows["lahps"].append(
                    (
                        lahp_id,
                        case_id,
                        1,
                        end.get("conclusion", "ditemukan"),
                        "",
                        "final" if final else "draf",
                        when(entered["tanggapan_lahp"]),
                        "",
                        when(finalised) if final else None,
                    )
                )
                next_due.append(
                    clock(
                        "tanggapan-lahp",
                        office.pk,
                        case_id,
                        entered["tanggapan_lahp"],
                        finalised,
                        rng.random() < 0.9,
                    )
                )
                if "monitoring" in entered and final:
                    decided = left.get("monitoring")
                    for _ in range(end.get("actions", 1)):
                        status = rng.choices(
                            ["dilaksanakan", "sebagian", "tidak_dilaksanakan"], [0.65, 0.2, 0.15]
                        )[0]
                        done = decided is not None and decided <= now
                        rows["actions"].append(
                            (
                                case_id,
                                lahp_id,
                                agency,
                                "",
                                status if done else "terbuka",
                                "",
                                when(decided) if done else None,
                            )
                        )
                    next_due.append(
                        clock(
                            "monitoring-tindakan-korektif",
                            office.pk,
                            case_id,
                            entered["monitoring"],
                            decided,
                            rng.random() < 0.8,
                        )
                    )
            if end.get("recommendation") and entered["rekomendasi"] <= now:
                signed = entered["rekomendasi"]
                reported = signed + rng.randint(40, 70) * DAY
                outcome = rng.choices(
                    ["dilaksanakan", "sebagian", "tidak_dilaksanakan"], [0.5, 0.25, 0.25]
                )[0]
                rows["recommendations"].append(
                    (
                        case_id,
                        when(signed),
                        when(signed + 3 * DAY),
                        agency,
                        "",
                        outcome if reported <= now else "menunggu",
                        "",
                        when(reported) if reported <= now else None,
                    )
                )
                next_due.append(
                    clock(
                        "pelaksanaan-rekomendasi",
                        office.pk,
                        case_id,
                        signed + 3 * DAY,
                        left.get("rekomendasi"),
                        rng.random() < 0.7,
                    )
                )
            # The case itself.
            local = time.gmtime(t0 + wib)
            letter = office.letter_code
            month = ROMAN[local.tm_mon - 1]
            sequence[(office.pk, local.tm_year)] += 1
            seq = sequence[(office.pk, local.tm_year)]
            unit_code = (
                "pvl"
                if examined is None
                else "resmon"
                if state in ("resolusi_monitoring", "rekomendasi")
                else "pemeriksaan"
            )
            early = state in {"diterima", "menunggu_kelengkapan", "verifikasi_materiil"}
            substance = (
                None
                if (intake == "knl" and rng.random() < 0.4) or (early and rng.random() < 0.3)
                else world.substance[_pick(rng, substance_pick)]
            )
            regencies = world.regencies[office.pk]
            region = regencies[min(int(rng.expovariate(0.15)), len(regencies) - 1)]
            is_closed = closed is not None
            dues = [d for d in next_due if d is not None]
            rows["cases"].append(
                (
                    case_id,
                    office.pk,
                    world.units[(office.pk, unit_code)],
                    f"{seq:04d}/{intake.upper()}/{month}/{local.tm_year}/{letter}",
                    local.tm_year,
                    seq,
                    "".join(rng.choices(alphabet, k=10)),
                    world.intake[intake],
                    world.channel[channel],
                    "",
                    when(t0),
                    state,
                    when(moves[-1][2]),
                    rng.random() < 0.1,
                    f"Laporan bench {case_id}",
                    None if intake == "knl" and rng.random() < 0.5 else agency,
                    "",
                    "",
                    "",
                    substance,
                    region,
                    "",
                    "",
                    "",
                    end.get("conclusion", "") if is_closed and examined is not None else "",
                    rng.choice(world.rejection) if is_closed and end.get("rejected") else None,
                    world.closure_mode.get(end.get("mode")) if is_closed else None,
                    world.closure_reason.get(end.get("reason")) if is_closed else None,
                    when(closed),
                    when(examined),
                    "",
                    False,
                    when(moves[-1][2]),
                    min(dues) if dues and not is_closed else None,
                )
            )
            if intake in {"lm", "rco", "iaps"} and not early:
                for form in {_pick(rng, form_pick) for _ in range(rng.choice([1, 1, 1, 2, 3]))}:
                    rows["forms"].append((case_id, world.form[form]))
            rows["reporters"].append(
                (
                    case_id,
                    _pick(rng, kind_pick),
                    "Pelapor bench",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                )
            )
        for name, columns in (
            ("cases", case_cols),
            ("reporters", reporter_cols),
            ("forms", form_cols),
            ("moves", move_cols),
            ("requests", request_cols),
            ("lahps", lahp_cols),
            ("actions", action_cols),
            ("recommendations", recommendation_cols),
            ("clocks", clock_cols),
        ):
            loader.write(columns, rows[name])
            counts[name] += len(rows[name])
        done = min(chunk_start + CHUNK, total)
        elapsed = time.perf_counter() - began
        if done == total or (chunk_start // CHUNK) % 5 == 4:
            say(
                f"cases {done:,} / {total:,} ({done * 100 // total}%) · {elapsed:.0f} s, "
                f"about {elapsed / done * (total - done):.0f} s left"
            )
    with connection.cursor() as cursor:
        if pg:
            for model in (
                Case,
                Reporter,
                through,
                Transition,
                Deadline,
                ClarificationRequest,
                Lahp,
                CorrectiveAction,
                Recommendation,
            ):
                name = model._meta.db_table
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('\"{name}\"', 'id'), "
                    f'(SELECT COALESCE(MAX(id), 1) FROM "{name}"))'
                )
        else:
            cursor.execute("PRAGMA synchronous=NORMAL")
    return dict(counts)


def _cumulative(shares: list[float]) -> list[float]:
    total = sum(shares)
    running = 0.0
    out = []
    for share in shares:
        running += share
        out.append(running / total)
    return out


# --- measuring ----------------------------------------------------------------------------
class Profile:
    """Every SQL statement of a call, with its time."""

    def __init__(self) -> None:
        self.statements: list[tuple[float, str, Any]] = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.statements.append((time.perf_counter() - started, sql, params))


def _explain(sql: str, params: Any, pg: bool) -> str:
    from django.db import connection

    prefix = "EXPLAIN (ANALYZE, BUFFERS) " if pg else "EXPLAIN QUERY PLAN "
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql, params)
        rows = cursor.fetchall()
    if pg:
        return "\n".join(f"      {row[0]}" for row in rows)
    return "\n".join(f"      {row[-1]}" for row in rows)


def child(cases: int, repeat: int, rebuild: bool, queries: int, explain: bool) -> int:
    url = os.environ["DATABASE_URL"]
    pg = urlsplit(url).scheme.startswith("postgres")
    tag = "pg" if pg else "sqlite"

    def say(message: str) -> None:
        print(f"  [stats {tag}] {message}", flush=True)

    if pg:
        reuse, why = _prepare_postgresql(url, cases, rebuild, _reusable)
    else:
        reuse, why = _prepare_sqlite(Path(urlsplit(url).path), cases, rebuild, _reusable)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aduan.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version" if pg else "SELECT sqlite_version()")
        version = cursor.fetchone()[0]
    vendor = f"PostgreSQL {version}" if pg else f"SQLite {version}"
    print(f"\n== Statistics reports at {cases:,} cases on {vendor} ==", flush=True)
    say(
        f"reusing the bench database ({why}); --rebuild to generate it again"
        if reuse
        else f"generating a new bench database: {why}"
    )
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    say(f"{len(pending)} migrations applied in {time.perf_counter() - started:.1f} s")
    if reuse and pending:
        analyze(say)  # a migration may have rebuilt a table (SQLite) and lost its statistics
    if not reuse:
        build_setting(say)
        started = time.perf_counter()
        generated = generate(cases, say)
        seconds = time.perf_counter() - started
        say(
            f"generated in {seconds:.0f} s: "
            + ", ".join(f"{value:,} {key}" for key, value in sorted(generated.items()))
        )
        analyze(say)
        _meta_set(
            generator=GENERATOR_VERSION,
            cases=str(cases),
            generated_on=dt.date.today().isoformat(),
            generation_seconds=f"{seconds:.0f}",
            complete="1",
        )
    meta = _meta()
    if repeat < 1:
        say("--repeat 0: the database is ready, nothing measured")
        return 0

    from django.db.models import Count

    from aduan.cases.models import Case
    from aduan.directory.models import Office
    from aduan.stats import report

    made = dt.date.fromisoformat(meta["generated_on"])
    year, quarter = (made.year, (made.month - 1) // 3) if made.month > 3 else (made.year - 1, 4)
    annual = made.year - 1
    busiest = (
        Case.objects.order_by()
        .values("office_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()["office_id"]
    )
    office = Office.objects.get(pk=busiest)
    reports = [
        (f"quarterly {year} Q{quarter}, one office ({office.code})", "quarterly", quarter, office),
        (f"quarterly {year} Q{quarter}, whole country", "quarterly", quarter, None),
        (f"annual {annual}, one office ({office.code})", "annual", None, office),
        (f"annual {annual}, whole country", "annual", None, None),
    ]
    goal = GOAL_SECONDS[tag]
    rows: list[Row] = []
    slow: list[str] = []
    failed = False
    for label, kind, q, who in reports:
        y = year if kind == "quarterly" else annual
        say(f"timing {label}: 1 warm-up + {repeat} runs ...")
        result = report.build(kind=kind, year=y, quarter=q, office=who)
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            report.build(kind=kind, year=y, quarter=q, office=who)
            times.append(time.perf_counter() - started)
        profile = Profile()
        with connection.execute_wrapper(profile):
            report.build(kind=kind, year=y, quarter=q, office=who)
        ordered = sorted(profile.statements, key=lambda s: -s[0])
        median = statistics.median(times)
        worst = max(times)
        ok = worst < goal
        failed |= kind == "quarterly" and not ok
        rows.append(
            (
                label,
                f"{result['received']['total_items']:,}",
                f"{result['examination']['handled']:,}",
                f"{median:.2f}",
                f"{worst:.2f}",
                f"{len(profile.statements)} ({ordered[0][0]:.2f} s)",
                f"< {goal:.0f} s",
                ("PASS" if ok else "FAIL") + ("" if kind == "quarterly" else " (info)"),
            )
        )
        if queries:
            slow.append(f"\n  {label}: the {queries} slowest of {len(ordered)} statements")
            for seconds, sql, params in ordered[:queries]:
                slow.append(f"    {seconds * 1000:7.1f} ms  {sql[:400]}")
                if explain:
                    slow.append(_explain(sql, params, pg))
    print(
        table(
            f"\nStatistics reports on {vendor}, {cases:,} cases, {len(Office.objects.all())} "
            f"offices (seconds, {repeat} runs after a warm-up)",
            (
                "report.build(...)",
                "items",
                "handled",
                "median",
                "max",
                "SQL (slowest)",
                "goal",
                "max vs goal",
            ),
            rows,
        ),
        flush=True,
    )
    print(
        "quarterly report, one office and whole country: "
        + ("FAIL" if failed else "PASS")
        + f" (goal: max < {goal:.0f} s on {'PostgreSQL' if pg else 'SQLite'}; timings only, the"
        " exit status stays 0 as in the back-office bench)",
        flush=True,
    )
    if slow:
        print("\n".join(slow), flush=True)
    return 0


if __name__ == "__main__":
    arguments = sys.argv[1:]
    if arguments[:1] == ["--child"]:
        parser = argparse.ArgumentParser()
        parser.add_argument("--child", action="store_true")
        parser.add_argument("--cases", type=int, required=True)
        parser.add_argument("--repeat", type=int, default=5)
        parser.add_argument("--rebuild", action="store_true")
        parser.add_argument("--queries", type=int, default=0)
        parser.add_argument("--explain", action="store_true")
        parsed = parser.parse_args(arguments)
        sys.path.insert(0, str(ROOT))
        sys.exit(child(parsed.cases, parsed.repeat, parsed.rebuild, parsed.queries, parsed.explain))
    sys.exit(main(arguments))
