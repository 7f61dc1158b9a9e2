"""Benchmarks of the case workflow: the main transitions, and the sweeper over 100,000 open cases.

``transition_rows`` walks N reports of the demo office through the service functions, one step
for all reports at a time, and averages each step. ``sweeper_rows`` bulk-creates open cases with
their running clocks (bulk data setup is fine for a benchmark; the sweeper reads what the
services would have written) and times full passes of ``aduan.cases.sweeper.sweep``.
Run after ``build_demo`` (it needs the demo office, staff and agencies).
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import Counter, defaultdict
from zoneinfo import ZoneInfo

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone

Row = tuple[str, str, str, str]
TRANSITION_GOAL = "< 100 ms (proposed)"
SWEEP_GOAL = "< 10 s"


def _ms(seconds: list[float]) -> str:
    return f"{sum(seconds) * 1000 / len(seconds):.1f} ms each"


def transition_rows(n: int = 200) -> list[Row]:
    """The time of each main transition, averaged over ``n`` reports."""
    from aduan.cases import examination as ex
    from aduan.cases import services as sv
    from aduan.cases.checklists import FORMAL_ITEMS, MATERIAL_ITEMS
    from aduan.directory.models import Agency, Office, Unit, User

    office = Office.objects.get(code="babel")
    staff = {u.username: u for u in User.objects.filter(office=office)}
    pvl, examiner, head, chief = (
        staff["pvl"],
        staff["pemeriksa"],
        staff["kepala-pemeriksaan"],
        staff["kepala"],
    )
    unit = office.units.get(kind=Unit.Kind.PEMERIKSAAN)
    agency = Agency.objects.get(name="PT PLN (Persero) UP3 Bangka")
    formal = {code: (None if opt else True) for code, (_l, _b, opt) in FORMAL_ITEMS.items()}
    material = dict.fromkeys(MATERIAL_ITEMS, True)
    times: dict[str, list[float]] = defaultdict(list)

    def timed(label: str, function, **kwargs):
        started = time.perf_counter()
        result = function(**kwargs)
        times[label].append(time.perf_counter() - started)
        return result

    cases = [
        timed(
            "receive",
            sv.case_receive,
            office=office,
            intake_type="lm",
            channel="web",
            title=f"Pemadaman listrik berulang (bench {i})",
            reporters=[{"name": f"Pelapor Bench {i}", "email": f"bench{i}@surel.example"}],
            agency=agency,
            chronology="Listrik padam berulang tanpa pemberitahuan.",
            intake_key=f"bench-{i}",
        )
        for i in range(n)
    ]
    for case in cases:
        timed("verify formal", sv.case_verify_formal, case=case, actor=pvl, items=formal)
    for case in cases:
        timed("verify material", sv.case_verify_material, case=case, actor=pvl, items=material)
    cases = [
        timed(
            "register",
            sv.case_register,
            case=case,
            actor=chief,
            unit=unit,
            assignee=examiner,
        )
        for case in cases
    ]
    for case in cases:
        request = timed(
            "clarification request",
            ex.clarification_request,
            case=case,
            actor=examiner,
            questions="Mohon penjelasan penyebab pemadaman.",
        )
        ex.clarification_answer(request=request, actor=examiner, answer="Gangguan pembangkit.")
    lahps = [
        timed(
            "LAHP draft",
            ex.lahp_send_draft,
            case=case,
            actor=examiner,
            conclusion="ditemukan",
            findings="Jadwal pemeliharaan tidak diumumkan.",
        )
        for case in cases
    ]
    for lahp in lahps:
        ex.lahp_record_response(lahp=lahp, response="Setuju.")
    for case in cases:
        timed(
            "LAHP final",
            ex.lahp_finalise,
            case=case,
            actor=head,
            corrective_actions=[{"addressee": agency, "description": "Umumkan jadwal."}],
        )
    labels = {
        "receive": "case_receive (LM, web)",
        "verify formal": "case_verify_formal",
        "verify material": "case_verify_material",
        "register": "case_register",
        "clarification request": "clarification_request",
        "LAHP draft": "lahp_send_draft",
        "LAHP final": "lahp_finalise (1 corrective action)",
    }
    return [(labels[k], f"{n:,} cases", _ms(v), TRANSITION_GOAL) for k, v in times.items()]


# --- the sweeper over 100,000 open cases
# state -> (share of open cases, rule of its running clock, subject)
MIX = {
    "diterima": (0.15, "pemberitahuan-kelengkapan", "case"),
    "menunggu_kelengkapan": (0.10, "melengkapi-laporan", "case"),
    "verifikasi_materiil": (0.05, None, None),
    "menunggu_pleno": (0.05, None, None),
    "pemeriksaan": (0.37, "klarifikasi-pertama", "request"),
    "tanggapan_lahp": (0.08, "tanggapan-lahp", "lahp"),
    "monitoring": (0.15, "monitoring-tindakan-korektif", "action"),
    "rekomendasi": (0.05, "pelaksanaan-rekomendasi", "recommendation"),
}
# How the 1,000 expired clocks of the second pass are spread over the rules.
EXPIRED = {
    "melengkapi-laporan": 250,
    "klarifikasi-pertama": 350,
    "monitoring-tindakan-korektif": 200,
    "tanggapan-lahp": 100,
    "pemberitahuan-kelengkapan": 100,
}
OFFICES = [("bench-wib", "Asia/Jakarta", 0.6), ("bench-wita", "Asia/Makassar", 0.25)]
OFFICES += [("bench-wit", "Asia/Jayapura", 0.15)]
SOON_SHARE = 0.06  # due within the reminder window (3 days)
BATCH = 2000


def _bulk(model, rows: list) -> list:
    return model.objects.bulk_create(rows, batch_size=BATCH)


def _populate(total: int, rng: random.Random) -> dict[str, list[int]]:
    """Open cases with their running clocks; returns clock ids by rule code."""
    from aduan.cases.models import (
        Case,
        ClarificationRequest,
        CorrectiveAction,
        Lahp,
        Recommendation,
    )
    from aduan.deadlines.models import Deadline, DeadlineRule
    from aduan.directory.models import Agency, Office, Unit
    from aduan.reference.models import Channel, IntakeType

    now = timezone.now()
    today = now.astimezone(ZoneInfo("Asia/Jakarta")).date()
    agency = Agency.objects.get(name="PT PLN (Persero) UP3 Bangka")
    lm = IntakeType.objects.get(code="lm")
    web = Channel.objects.get(code="web")
    rules = {r.code: r for r in DeadlineRule.objects.all()}
    types = {
        key: ContentType.objects.get_for_model(model)
        for key, model in [
            ("case", Case),
            ("request", ClarificationRequest),
            ("lahp", Lahp),
            ("action", CorrectiveAction),
            ("recommendation", Recommendation),
        ]
    }
    parent = Office.objects.get(code="pusat")
    states = list(MIX)
    weights = [MIX[s][0] for s in states]
    cases: list[Case] = []
    for code, zone, share in OFFICES:
        office = Office.objects.create(
            code=code, name=f"Bench {code}", kind="perwakilan", parent=parent, time_zone=zone
        )
        units = {
            kind: Unit.objects.create(office=office, kind=kind, code=kind, name=kind)
            for kind in (Unit.Kind.PVL, Unit.Kind.PEMERIKSAAN, Unit.Kind.RESMON)
        }
        for seq in range(1, int(total * share) + 1):
            state = rng.choices(states, weights)[0]
            received = now - dt.timedelta(days=rng.randint(1, 300), minutes=rng.randint(0, 600))
            unit = units["pvl"] if state in states[:4] else units["pemeriksaan"]
            cases.append(
                Case(
                    office=office,
                    unit=unit,
                    reference=f"{seq:06d}/LM/{code}",
                    year=received.year,
                    sequence=seq,
                    intake_type=lm,
                    channel=web,
                    title="Laporan uji beban",
                    received_at=received,
                    state=state,
                    state_since=received,
                    agency=agency,
                )
            )
    cases = _bulk(Case, cases)
    by_state: dict[str, list[Case]] = defaultdict(list)
    for case in cases:
        by_state[case.state].append(case)
    subjects: dict[int, tuple[str, int]] = {}  # case id -> (subject kind, subject id)
    for case in by_state["menunggu_kelengkapan"] + by_state["diterima"]:
        subjects[case.pk] = ("case", case.pk)
    requests = _bulk(
        ClarificationRequest,
        [
            ClarificationRequest(case=c, round=1, agency=agency, questions="?", sent_at=now)
            for c in by_state["pemeriksaan"]
        ],
    )
    subjects.update({r.case_id: ("request", r.pk) for r in requests})
    lahps = _bulk(
        Lahp,
        [
            Lahp(case=c, version=1, conclusion="ditemukan", findings="-", status=status)
            for status, key in (("draf", "tanggapan_lahp"), ("final", "monitoring"))
            for c in by_state[key]
        ],
    )
    subjects.update({x.case_id: ("lahp", x.pk) for x in lahps if x.status == "draf"})
    actions = _bulk(
        CorrectiveAction,
        [
            CorrectiveAction(case_id=x.case_id, lahp=x, addressee=agency, description="-")
            for x in lahps
            if x.status == "final"
        ],
    )
    subjects.update({a.case_id: ("action", a.pk) for a in actions})
    recommendations = _bulk(
        Recommendation,
        [
            Recommendation(case=c, signed_at=now, sent_at=now, addressee=agency, content="-")
            for c in by_state["rekomendasi"]
        ],
    )
    subjects.update({r.case_id: ("recommendation", r.pk) for r in recommendations})
    clocks = []
    for case in cases:
        rule_code = MIX[case.state][1]
        if rule_code is None:
            continue
        rule = rules[rule_code]
        kind, subject_id = subjects[case.pk]
        # Nothing has run out yet (one day of margin for the zones east of WIB); a share is
        # due within the reminder window and was already reminded by an earlier pass.
        soon = rng.random() < SOON_SHARE
        due = today + dt.timedelta(days=rng.randint(1, 3) if soon else rng.randint(4, 60))
        clocks.append(
            Deadline(
                rule=rule,
                office_id=case.office_id,
                subject_type=types[kind],
                subject_id=str(subject_id),
                days=rule.days,
                basis=rule.basis,
                legal_source=rule.legal_source,
                start_date=due - dt.timedelta(days=rule.days),
                due_date=due,
                case=case,
                reminded_at=now - dt.timedelta(hours=1) if soon else None,
            )
        )
    clocks = _bulk(Deadline, clocks)
    by_rule: dict[str, list[int]] = defaultdict(list)
    for clock in clocks:
        by_rule[clock.rule.code].append(clock.pk)
    return by_rule


def sweeper_rows(total: int = 100_000, expired: int = 1_000, reminders: int = 300) -> list[Row]:
    """Full sweeper passes over ``total`` open cases: nothing to do, ``expired`` clocks run out,
    ``reminders`` clocks come due; with the cost per expired clock by rule."""
    from aduan.cases import sweeper
    from aduan.deadlines.models import Deadline

    rng = random.Random(20_260_101)
    print(f"Creating {total:,} open cases with their clocks ...", flush=True)
    started = time.perf_counter()
    with transaction.atomic():
        by_rule = _populate(total, rng)
    setup = time.perf_counter() - started
    clocks = Deadline.objects.open().count()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    size = f"{total:,} cases, {clocks:,} clocks"
    rows: list[Row] = [("sweeper bench setup (bulk_create)", size, f"{setup:.1f} s", "-")]

    def one_pass(label: str) -> None:
        begun = time.perf_counter()
        result = sweeper.sweep()
        seconds = time.perf_counter() - begun
        done = ", ".join(f"{k} {v}" for k, v in sorted(result.consequences.items()))
        rows.append((label, size, f"{seconds:.2f} s", SWEEP_GOAL))
        print(
            f"  {label}: {seconds:.2f} s; expired {result.expired}, reminders "
            f"{result.reminders}, errors {result.errors}; {done or 'no consequences'}",
            flush=True,
        )

    # The demo's own clocks (and the transitions above) may be due for a reminder: one pass
    # first, so the timed pass below really has nothing to do.
    sweeper.sweep()
    one_pass("sweep: full pass, nothing to do")

    # Clocks run out across the rules (with and without consequences).
    overdue = timezone.now().astimezone(ZoneInfo("Asia/Jakarta")).date() - dt.timedelta(2)
    share = Counter({code: n * expired // sum(EXPIRED.values()) for code, n in EXPIRED.items()})
    rule_of = {pk: code for code, n in share.items() for pk in rng.sample(by_rule[code], n)}
    Deadline.objects.filter(pk__in=list(rule_of)).update(due_date=overdue)
    statements = [0]

    def count(execute, sql, params, many, context):
        statements[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        one_pass(f"sweep: {len(rule_of):,} clocks expired")
    rows.append(
        (
            "  SQL statements per expired clock",
            f"{len(rule_of):,} clocks",
            f"{statements[0] / max(1, len(rule_of)):.1f}",
            "-",
        )
    )

    # Clocks come due within the reminder window without a reminder yet.
    due_soon = Deadline.objects.open().filter(reminded_at__isnull=False, due_date__gt=overdue)
    soon = list(due_soon.values_list("pk", flat=True)[:reminders])
    Deadline.objects.filter(pk__in=soon).update(reminded_at=None)
    one_pass(f"sweep: {len(soon):,} reminders")
    one_pass("sweep: again right after")
    return rows
