"""Demo reports for the ``babel`` office: about 300 cases over the last 15 months, in every state.

How it works
------------
Every report gets a *story*: a list of steps, each a call of a service function of
``aduan.cases.services`` or ``aduan.cases.examination`` (receive, verify, register, ask for
clarification, send the LAHP draft …) with a gap from the step before (working days, calendar
days or minutes). A closed story is laid out forward from a receipt date somewhere in the last
15 months; a story that should still be open at the end is laid out *backwards* from a recent
moment, so it is in the wanted state today whatever the calendar.

All steps of all stories are then run in time order, as the office would have lived them. The
clock is simulated (``_simulated_time``): ``django.utils.timezone.now`` is patched, and so is the
default of every model field that defaults to it (a field keeps the function object it was given
at import, so patching the module attribute alone would leave ``AuditEvent.at``,
``Verification.at``, ``Lahp.draft_sent_at`` and others at the real time). Service functions then
stamp transitions, clocks and audit events with the simulated moment, and ``received_at`` is
passed explicitly as ``case_receive`` allows. References are taken in time order, so they are
gapless per year and follow the receipt dates.

What the clocks imply (deemed withdrawn after 30 days, a clarification unanswered or waived,
the handover to Resolusi dan Monitoring after 30 working days) is not scripted: the real sweeper
(``aduan.cases.sweeper.sweep``, which applies it through the same service functions) runs once
for every simulated day, just after midnight. So the demo ends exactly where the live system
would be, and a sweep right after it finds nothing to do. The stories leave margins so that a
step never comes after the clock that would make it impossible (e.g. completing a report after
its 30 days). Like the worker's, these passes cover every office: run the demo on a demo
database, not on one holding real reports.

A fixed seed makes the demo the same each time (relative to today's date). The step is
idempotent: when the office already has reports with an ``intake_key`` starting with
``demo-``, it does nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from typing import Any
from unittest import mock
from zoneinfo import ZoneInfo

from django.apps import apps
from django.utils import timezone

from aduan.cases import examination as ex
from aduan.cases import identity
from aduan.cases import services as sv
from aduan.cases.checklists import FORMAL_ITEMS, MATERIAL_ITEMS
from aduan.cases.models import Case, CorrectiveAction, Reporter
from aduan.cases.sweeper import sweep
from aduan.deadlines import deliveries
from aduan.deadlines.models import Deadline, DeadlineRule, Delivery
from aduan.deadlines.workdays import calendar_for, local_date
from aduan.demo import data, texts
from aduan.demo.texts import Situation
from aduan.directory.models import Agency, Office, Unit, User
from aduan.reference.models import MaladministrationForm, Substance
from aduan.regions.models import Region

KEY_PREFIX = "demo-"
SEED = 19_2024  # fixed: the demo is the same each time
WINDOW_DAYS = 456  # the last 15 months

# Open stories: laid out backwards; the last step is this many days ago (min, max).
OPEN_KINDS: dict[str, tuple[int, tuple[int, int]]] = {
    # kind: (how many, age of the last step in days)
    "received": (8, (1, 9)),
    "knl_open": (3, (1, 3)),
    "completion": (8, (1, 16)),  # well inside the 30 days, even across a long holiday
    "material": (7, (1, 10)),
    "decision": (7, (1, 14)),
    "rapid": (4, (1, 4)),
    "examination": (24, (1, 20)),
    "lahp_response": (7, (1, 12)),
    "monitoring": (10, (1, 12)),
    "resolution": (5, (1, 20)),
    "recommendation": (4, (1, 40)),
}
# Closed stories: laid out forward from a receipt date in the window.
CLOSED_KINDS: dict[str, int] = {
    "deemed_withdrawn": 10,
    "withdrawn": 8,
    "rejected": 21,
    "not_authority": 10,
    "resolved": 52,
    "not_found": 14,
    "stopped": 5,
    "corrected": 15,
    "rec_done": 3,
    "rec_failed": 2,
    "rco_closed": 15,
    "rco_escalated": 3,
    "knl_answered": 30,
    "knl_converted": 4,
    "copy": 15,
    "reopened": 2,
}
RCO_KINDS = {"rapid", "rco_closed", "rco_escalated"}
BURST_KINDS = {"resolved", "not_found", "rejected", "withdrawn", "corrected"}
RESOLVED_MODES = ["klarifikasi-tertulis"] * 4 + [
    "klarifikasi-lisan",
    "klarifikasi-lisan",
    "investigasi-lapangan",
    "investigasi-lapangan",
    "mediasi-konsiliasi",
    "mediasi-konsiliasi",
]

LM_CHANNELS = {
    "web": 20,
    "whatsapp": 18,
    "datang-langsung": 18,
    "surat": 8,
    "email": 8,
    "telepon": 6,
    "on-the-spot": 7,
    "media-sosial": 4,
    "kotak-pengaduan": 2,
    "sms": 2,
    "limpahan": 3,
    "nampel": 4,
}
# Received by staff at a desk (the others arrive through a public channel, actor None).
DESK_CHANNELS = {
    "datang-langsung",
    "surat",
    "telepon",
    "on-the-spot",
    "posko",
    "nampel",
    "kotak-pengaduan",
    "limpahan",
    "whatsapp",
    "media-sosial",
}
# Arrive only in office hours (the others at any hour, any day).
OFFICE_HOURS_CHANNELS = DESK_CHANNELS - {"whatsapp", "media-sosial"}

GENERIC_QUESTIONS = (
    "Mohon penjelasan tertulis atas kejadian yang dilaporkan, dasar tindakan petugas, dan "
    "langkah yang diambil agar tidak terulang."
)
GENERIC_ANSWER = "{instansi} menyampaikan kronologi kejadian dan langkah perbaikan prosedur."
GENERIC_FINDING = "{instansi} tidak memberikan pelayanan sesuai standar pelayanan."
GENERIC_CORRECTIVE = "Menyusun prosedur penanganan keadaan darurat dan menyosialisasikannya."


@dataclass
class Step:
    gap: str  # "start", "wd" (working days), "cd" (calendar days), "min" (minutes)
    n: int
    minute: int  # minute of the local day the step happens (for day gaps)
    action: str
    kwargs: dict[str, Any]
    at: dt.datetime | None = None


@dataclass
class Story:
    no: int
    kind: str
    intake: str
    channel: str
    situation: Situation
    rng: random.Random
    steps: list[Step] = field(default_factory=list)
    agency: Agency | None = None
    region: Region | None = None  # where it happened
    place: str = "Kepulauan Bangka Belitung"
    event_tag: str = ""
    confidential: bool = False
    extra: dict[str, Any] = field(default_factory=dict)
    # filled while running
    case: Case | None = None
    requests: list[Any] = field(default_factory=list)
    lahp: Any = None
    summons: Any = None
    recommendation: Any = None
    values: dict[str, str] = field(default_factory=dict)
    generation: int = -1  # the sweeps this story has seen (see DemoCases._do)

    @property
    def key(self) -> str:
        return f"{KEY_PREFIX}{self.no:04d}"


class _Clock:
    def __init__(self, at: dt.datetime) -> None:
        self.at = at

    def now(self) -> dt.datetime:
        return self.at


@contextmanager
def _simulated_time(clock: _Clock) -> Iterator[None]:
    """Make ``timezone.now()`` and every field defaulting to it return ``clock.at``."""
    real_now = timezone.now
    fields = [
        f
        for model in apps.get_models()
        for f in model._meta.concrete_fields
        if getattr(f, "default", None) is real_now
    ]
    try:
        with ExitStack() as stack:
            stack.enter_context(mock.patch.object(timezone, "now", clock.now))
            for f in fields:
                stack.enter_context(mock.patch.object(f, "default", clock.now))
                f.__dict__.pop("_get_default", None)  # Field caches its default callable
            yield
    finally:
        for f in fields:
            f.__dict__.pop("_get_default", None)


@contextmanager
def recent_past() -> Iterator[None]:
    """For demo steps that run after the reports: a simulated moment just after the demo's last
    recorded case event and before now, so that what they record (audit events, clocks)
    happened in the demo's past like everything else."""
    from django.db.models import Max

    from aduan.core.models import AuditEvent

    now = timezone.now()
    last = (
        AuditEvent.objects.filter(action__startswith="case.", at__lt=now)
        .exclude(office__kind=Office.Kind.UNIT_PENGADUAN)  # its demo runs in real time
        .aggregate(last=Max("at"))["last"]
        or now
    )
    with _simulated_time(_Clock(last + (now - last) / 2)):
        yield


def _date_id(day: dt.date) -> str:
    return f"{day.day} {texts.MONTHS_ID[day.month - 1]} {day.year}"


class DemoCases:
    """Plans and runs the demo stories of one office."""

    def __init__(self, office: Office, say: Callable[[str], None]) -> None:
        self.office = office
        self.say = say
        self.rng = random.Random(SEED)  # noqa: S311 (demo data, not security)
        self.zone = ZoneInfo(office.time_zone)
        self.end = timezone.now()
        self.today = self.end.astimezone(self.zone).date()
        self.start_day = self.today - dt.timedelta(days=WINDOW_DAYS)
        self.calendar = calendar_for(office)
        self.stories: list[Story] = []
        self.by_situation: dict[str, list[Case]] = defaultdict(list)
        self._generation = 0
        self._parents: dict[int, Agency | None] = {}
        self._swept = self.start_day
        self._load()

    # --- reference data
    def _load(self) -> None:
        self.staff = {u.username: u for u in User.objects.filter(office=self.office)}
        self.exam_unit = self.office.units.filter(kind=Unit.Kind.PEMERIKSAAN, active=True).first()
        self.resmon_unit = self.office.units.filter(kind=Unit.Kind.RESMON, active=True).first()
        self.agencies = {a.name: a for a in Agency.objects.all()}
        self.forms = {f.code: f for f in MaladministrationForm.objects.filter(active=True)}
        self.substances = {s.code: s for s in Substance.objects.filter(active=True)}
        regions = list(Region.objects.filter(code__startswith=data.PROVINCE).order_by("code"))
        self.regions = {r.code: r for r in regions}
        self.districts = [r for r in regions if r.code.count(".") == 1]
        self.subdistricts: dict[str, list[Region]] = defaultdict(list)
        for r in regions:
            if r.code.count(".") == 2:
                self.subdistricts[r.code.rsplit(".", 1)[0]].append(r)
        self.has_rco = DeadlineRule.objects.filter(code="rco-penanganan", active=True).exists()

    def ready(self) -> str:
        """Why the stories cannot run here, or '' when they can."""
        missing = [
            name
            for name in ("pvl", "pemeriksa", "kepala-pemeriksaan", "resmon", "kepala")
            if name not in self.staff
        ]
        if missing:
            return f"demo staff missing: {', '.join(missing)}"
        if self.exam_unit is None:
            return "the office has no examination unit"
        return ""

    # --- time
    def _working(self, day: dt.date) -> bool:
        return self.calendar.is_working_day(day)

    def _at(self, day: dt.date, minute: int) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(minute // 60, minute % 60), tzinfo=self.zone)

    def _shift_working(self, day: dt.date, n: int, direction: int) -> dt.date:
        counted = 0
        while counted < n:
            day += dt.timedelta(days=direction)
            if self._working(day):
                counted += 1
        return day

    def _to_working(self, day: dt.date, direction: int) -> dt.date:
        while not self._working(day):
            day += dt.timedelta(days=direction)
        return day

    def _advance(self, t: dt.datetime, step: Step) -> dt.datetime:
        if step.gap == "min":
            return t + dt.timedelta(minutes=step.n)
        day = t.astimezone(self.zone).date()
        if step.gap == "wd":
            day = self._shift_working(day, step.n, 1)
        else:
            day = self._to_working(day + dt.timedelta(days=step.n), 1)
        return self._at(day, step.minute)

    def _retreat(self, t: dt.datetime, step: Step, minute: int) -> dt.datetime:
        if step.gap == "min":
            return t - dt.timedelta(minutes=step.n)
        day = t.astimezone(self.zone).date()
        if step.gap == "wd":
            day = self._shift_working(day, step.n, -1)
        else:
            day = self._to_working(day - dt.timedelta(days=step.n), -1)
        return self._at(day, minute)

    def _lay_forward(self, story: Story, day: dt.date) -> dt.datetime:
        first = story.steps[0]
        if story.channel in OFFICE_HOURS_CHANNELS or story.intake == "iaps":
            day = self._to_working(day, 1)
        t = first.at = self._at(day, first.minute)
        for step in story.steps[1:]:
            t = step.at = self._advance(t, step)
        return t

    def _lay_backward(self, story: Story, day: dt.date) -> None:
        last = story.steps[-1]
        t = last.at = self._at(self._to_working(day, -1), last.minute)
        for i in range(len(story.steps) - 2, -1, -1):
            t = story.steps[i].at = self._retreat(t, story.steps[i + 1], story.steps[i].minute)

    def _place_closed(
        self,
        story: Story,
        low: dt.date,
        high: dt.date,
        tail: int = 0,
        truncate: bool = False,
    ) -> None:
        """Lay a story forward from a day in [low, high]; move it earlier if it would end
        after today (``tail``: days the sweeper still needs after the last step)."""
        day = low + dt.timedelta(days=story.rng.randint(0, max(0, (high - low).days)))
        limit = self.end - dt.timedelta(days=tail, hours=1)
        for _ in range(6):
            last = self._lay_forward(story, day)
            if last <= limit:
                return
            if truncate:
                break
            overflow = (last - limit).days + story.rng.randint(1, 20)
            day = max(day - dt.timedelta(days=overflow), low)
        # Truncate what would happen after today: the story is simply not over yet.
        story.steps = [s for s in story.steps if s.at is not None and s.at <= self.end]

    # --- planning helpers
    def _minute(self, rng: random.Random) -> int:
        return rng.randint(8 * 60, 15 * 60 + 30)

    def _add(self, s: Story, gap: str, low: int, high: int, action: str, **kwargs: Any) -> None:
        s.steps.append(Step(gap, s.rng.randint(low, high), self._minute(s.rng), action, kwargs))

    def _receipt(self, s: Story, action: str = "receive") -> None:
        if s.channel in OFFICE_HOURS_CHANNELS or s.intake == "iaps":
            minute = self._minute(s.rng)
        else:
            minute = s.rng.randint(6 * 60, 20 * 60)
        s.steps.append(Step("start", 0, minute, action, {}))

    def _story(self, kind: str, intake: str, channel: str, situation: Situation) -> Story:
        rng = random.Random(self.rng.random())  # noqa: S311
        s = Story(len(self.stories) + 1, kind, intake, channel, situation, rng)
        names = [n for n in situation.agencies if n in self.agencies]
        s.agency = self.agencies[rng.choice(names)] if names else None
        district = None
        if s.agency is not None and s.agency.region_id in self.regions:
            district = self.regions[s.agency.region_id]
        if district is None or district.code.count(".") != 1:
            district = rng.choice(self.districts) if self.districts else None
        subs = self.subdistricts.get(district.code, []) if district else []
        sub = rng.choice(subs) if subs else None
        s.region = sub or district or self.regions.get(data.PROVINCE)
        if sub is not None:
            s.place = f"Kecamatan {sub.name}, {district.name}"
        elif district is not None:
            s.place = district.name
        if channel in texts.EVENT_TAGS and not s.event_tag:
            s.event_tag = rng.choice(texts.EVENT_TAGS[channel])
        s.confidential = intake == "lm" and rng.random() < 0.12
        self.stories.append(s)
        return s

    def _channel(self, rng: random.Random, weights: dict[str, int]) -> str:
        codes = list(weights)
        return rng.choices(codes, weights=[weights[c] for c in codes])[0]

    # --- story building blocks
    def _intake(self, s: Story, *, detour: bool | None = None) -> None:
        self._receipt(s)
        if detour is None:
            detour = s.rng.random() < 0.15
        if detour:
            self._add(s, "wd", 1, 4, "formal", ok=False)
            self._add(s, "cd", 5, 16, "complete")
            self._add(s, "wd", 1, 3, "formal", ok=True)
        else:
            self._add(s, "wd", 1, 4, "formal", ok=True)

    def _to_examination(self, s: Story) -> None:
        self._intake(s)
        self._add(s, "wd", 2, 6, "material")
        self._add(s, "wd", 2, 8, "register")

    def _clarify(self, s: Story, outcome: str) -> bool:
        """A clarification round; True when the next step must wait out a second request."""
        self._add(s, "wd", 2, 6, "clarify")
        if outcome == "answered":
            self._add(s, "cd", 4, 10, "answer", round=1)
        elif outcome in {"second_answered", "waived", "second_waiting"}:
            self._add(s, "cd", 16, 19, "clarify")
            if outcome == "second_answered":
                self._add(s, "cd", 3, 10, "answer", round=2)
            return outcome == "waived"
        return False

    def _after(self, s: Story, waiting: bool, action: str, **kwargs: Any) -> None:
        if waiting:
            self._add(s, "cd", 16, 20, action, **kwargs)
        else:
            self._add(s, "wd", 3, 10, action, **kwargs)

    def _clarify_outcome(self, s: Story) -> str:
        outcomes = ["answered", "second_answered", "waived"]
        return s.rng.choices(outcomes, weights=[70, 18, 12])[0]

    def _lahp(self, s: Story, conclusion: str, *, respond: bool, waiting: bool = False) -> None:
        self._after(s, waiting, "draft", conclusion=conclusion)
        if respond:
            self._add(s, "cd", 3, 11, "respond", new_evidence=False)
            self._add(s, "wd", 1, 4, "finalise")
        else:
            self._add(s, "cd", 15, 18, "finalise")

    def _found(self, s: Story) -> None:
        waiting = self._clarify(s, self._clarify_outcome(s))
        if s.rng.random() < 0.5:
            self._after(s, waiting, "field")
            waiting = False
        if s.rng.random() < 0.15:
            self._after(s, waiting, "draft", conclusion="ditemukan")
            self._add(s, "cd", 3, 11, "respond", new_evidence=True)
            self._add(s, "wd", 2, 6, "field")
            waiting = False
        self._lahp(s, "ditemukan", respond=s.rng.random() < 0.6, waiting=waiting)

    def _to_resmon(self, s: Story) -> None:
        """Found, not carried out: the sweeper hands the case to Resmon after 30 working days;
        Resmon records what the agency did."""
        self._found(s)
        self._add(s, "wd", 32, 36, "action_report", status="tidak_dilaksanakan")

    def _recommend(self, s: Story, *, sent: bool = True) -> None:
        """Resolusi dan Monitoring is not skipped (Peraturan Ombudsman 58/2023 Ps.54): the LHP
        file is reviewed, a resolution attempt fails, then the recommendation."""
        self._add(s, "wd", 1, 3, "resmon_step", kind="telaah")
        self._add(s, "wd", 3, 8, "resmon_step", kind="upaya_resolusi", outcome="tidak_selesai")
        self._add(s, "wd", 3, 8, "recommend")
        if sent:
            self._add(s, "cd", 2, 7, "rec_sent")

    # --- the stories
    def plan(self) -> None:
        rng = self.rng
        general = [x for x in texts.SITUATIONS if not x.seasonal]
        pool: list[Situation] = []

        def situation() -> Situation:
            if not pool:
                pool.extend(general)
                rng.shuffle(pool)
            return pool.pop()

        kinds = [k for k, (n, _age) in OPEN_KINDS.items() for _ in range(n)]
        kinds += [k for k, n in CLOSED_KINDS.items() for _ in range(n)]
        if not self.has_rco:
            kinds = [k for k in kinds if k not in RCO_KINDS]
        rng.shuffle(kinds)
        pln = next((x for x in texts.SITUATIONS if x.key == "pln-padam"), None)
        school = [x for x in texts.SITUATIONS if x.seasonal]
        burst_pln = 16
        burst_school = 10
        july = self._last_july()
        reasons = list(texts.REJECTIONS)
        modes = list(RESOLVED_MODES)
        counters: Counter = Counter()
        for kind in kinds:
            counters[kind] += 1
            window = (self.start_day, self.today - dt.timedelta(days=1))
            sit, channel, tag = None, None, ""
            if kind in BURST_KINDS and pln is not None and burst_pln:
                burst_pln -= 1
                sit, channel, tag = pln, "posko", "Posko Pengaduan Pemadaman Listrik"
                window = (self.today - dt.timedelta(340), self.today - dt.timedelta(320))
            elif kind in BURST_KINDS and school and burst_school:
                burst_school -= 1
                sit = school[burst_school % len(school)]
                channel = rng.choice(["posko", "datang-langsung", "whatsapp", "web"])
                tag = f"Posko Pengaduan PPDB {july.year}" if channel == "posko" else ""
                window = (july, july + dt.timedelta(days=30))
            self._plan_one(
                kind,
                sit or situation(),
                channel,
                tag,
                window,
                reason=reasons[counters[kind] % len(reasons)],
                mode=modes[counters[kind] % len(modes)],
            )
        self._plan_investigations(july)

    def _last_july(self) -> dt.date:
        """The start of the last school-admission July that ended two months ago or more."""
        year = self.today.year
        return dt.date(year if self.today >= dt.date(year, 9, 30) else year - 1, 7, 1)

    def _plan_one(
        self,
        kind: str,
        sit: Situation,
        channel: str | None,
        tag: str,
        window: tuple[dt.date, dt.date],
        *,
        reason: str,
        mode: str,
    ) -> None:
        rng = self.rng
        if kind in RCO_KINDS:
            urgent = rng.choice(texts.URGENT)
            sit = Situation(
                key="rco",
                substance=urgent.substance,
                agencies=urgent.agencies,
                forms=("tidak-memberikan-pelayanan",),
                position="Pimpinan unit pelayanan",
                titles=(urgent.title,),
                chronology=urgent.chronology,
                remedy="Penanganan segera.",
                questions=GENERIC_QUESTIONS,
                answer=GENERIC_ANSWER,
                finding=GENERIC_FINDING,
                corrective=GENERIC_CORRECTIVE,
                resolved=urgent.resolved,
            )
            channel = rng.choice(["telepon", "whatsapp", "datang-langsung"])
            s = self._story(kind, "rco", channel, sit)
            s.extra["coordination"] = urgent.coordination
            self._receipt(s)
            if kind == "rapid":
                if s.rng.random() < 0.5:
                    self._add(s, "min", 30, 180, "rco_field")
            else:
                self._add(s, "min", 30, 180, "rco_field")
                if kind == "rco_closed":
                    m = s.rng.choice(["klarifikasi-lisan", "investigasi-lapangan"])
                    self._add(s, "wd", 1, 3, "close", mode=m, reason="hak-pelapor-dipulihkan")
                else:
                    self._add(s, "wd", 2, 4, "rco_escalate")
                    self._add(s, "min", 30, 90, "assign")
                    self._clarify(s, "answered")
                    self._add(s, "wd", 2, 6, "close", mode="klarifikasi-tertulis")
            self._finish(s, kind, window)
            return
        if kind in {"knl_open", "knl_answered"}:
            question, advice = rng.choice(texts.CONSULTATIONS)
            channel = rng.choice(["telepon", "whatsapp", "datang-langsung", "web", "email"])
            s = self._story(kind, "knl", channel, sit)
            s.extra.update(title=question, advice=advice)
            s.agency = None
            self._receipt(s)
            if kind == "knl_answered":
                if channel in OFFICE_HOURS_CHANNELS:
                    self._add(s, "min", 10, 40, "knl_answer")
                else:
                    self._add(s, "wd", 1, 2, "knl_answer")
            self._finish(s, kind, window)
            return
        if kind == "copy":
            title, agency_name = rng.choice(texts.COPIES)
            s = self._story(kind, "tembusan", rng.choice(["surat", "email"]), sit)
            s.extra["title"] = title
            s.agency = self.agencies.get(agency_name)
            self._receipt(s)
            self._finish(s, kind, window)
            return
        if kind == "knl_converted":
            s = self._story(kind, "knl", rng.choice(["telepon", "datang-langsung"]), sit)
            self._receipt(s)
            self._add(s, "wd", 1, 3, "knl_convert")
            self._add(s, "wd", 1, 4, "formal", ok=True)
            self._add(s, "wd", 2, 6, "material")
            self._add(s, "wd", 2, 8, "register")
            self._clarify(s, "answered")
            self._add(s, "wd", 2, 6, "close", mode="klarifikasi-tertulis")
            self._finish(s, kind, window)
            return

        channel = channel or self._channel(rng, LM_CHANNELS)
        s = self._story(kind, "lm", channel, sit)
        s.event_tag = tag or s.event_tag
        if kind == "not_authority":
            title, chronology, referred = rng.choice(texts.NOT_AUTHORITY)
            s.extra.update(title=title, chronology=chronology, referred_to=referred)
            s.agency = None
        self._plan_lm(s, kind, reason=reason, mode=mode)
        self._finish(s, kind, window)

    def _plan_lm(self, s: Story, kind: str, *, reason: str, mode: str) -> None:
        rng = s.rng
        if kind == "received":
            self._receipt(s)
        elif kind in {"completion", "deemed_withdrawn"}:
            self._receipt(s)
            self._add(s, "wd", 1, 4, "formal", ok=False)
        elif kind == "material":
            self._intake(s)
        elif kind == "decision":
            self._intake(s)
            self._add(s, "wd", 2, 6, "material")
        elif kind == "rejected":
            self._intake(s, detour=False)
            self._add(s, "wd", 2, 6, "material", rejection=reason)
            self._add(s, "wd", 3, 10, "reject", reason=reason)
            self._add(s, "cd", 1, 5, "notice", rule="pemberitahuan-penolakan")
        elif kind == "not_authority":
            self._intake(s, detour=False)
            self._add(s, "wd", 2, 6, "material", rejection="e-bukan-kewenangan")
            self._add(s, "wd", 2, 8, "not_authority")
            self._add(s, "cd", 1, 3, "notice", rule="pemberitahuan-bukan-kewenangan")
        elif kind == "withdrawn":
            stage = rng.choice(["received", "material", "examination"])
            if stage == "received":
                self._receipt(s)
                self._add(s, "cd", 2, 12, "withdraw")
            elif stage == "material":
                self._intake(s)
                self._add(s, "wd", 2, 8, "withdraw")
            else:
                self._to_examination(s)
                self._clarify(s, "answered")
                self._add(s, "cd", 5, 15, "withdraw")
        elif kind == "examination":
            self._to_examination(s)
            variant = rng.choice(["registered", "waiting", "answered", "second", "summons"])
            if variant in {"waiting", "answered", "second"}:
                self._clarify(
                    s,
                    {"waiting": "waiting", "answered": "answered", "second": "second_waiting"}[
                        variant
                    ],
                )
                if variant == "answered" and rng.random() < 0.4:
                    self._add(s, "wd", 2, 8, "field")
            elif variant == "summons":
                self._clarify(s, "answered")
                self._add(s, "wd", 2, 5, "summon")
                self._add(s, "cd", 8, 10, "summons_outcome")
        elif kind == "lahp_response":
            self._to_examination(s)
            waiting = self._clarify(s, self._clarify_outcome(s))
            conclusion = rng.choice(["ditemukan", "ditemukan", "tidak_ditemukan"])
            self._after(s, waiting, "draft", conclusion=conclusion)
        elif kind == "monitoring":
            self._to_examination(s)
            self._found(s)
            if rng.random() < 0.4:
                self._add(s, "wd", 5, 15, "action_report", status="sebagian")
        elif kind == "resolution":
            self._to_examination(s)
            self._to_resmon(s)
        elif kind == "recommendation":
            self._to_examination(s)
            self._to_resmon(s)
            self._recommend(s, sent=rng.random() < 0.75)
        elif kind in {"resolved", "reopened"}:
            self._to_examination(s)
            self._resolve(s, "klarifikasi-tertulis" if kind == "reopened" else mode)
            if kind == "reopened":
                self._add(s, "cd", 10, 30, "reopen")
                self._add(s, "wd", 3, 8, "field")
                self._add(s, "wd", 3, 8, "close", mode="investigasi-lapangan")
        elif kind == "not_found":
            self._to_examination(s)
            waiting = self._clarify(s, rng.choice(["answered", "answered", "waived"]))
            self._lahp(s, "tidak_ditemukan", respond=rng.random() < 0.5, waiting=waiting)
        elif kind == "stopped":
            self._to_examination(s)
            self._clarify(s, "answered")
            self._lahp(s, "dihentikan", respond=True)
        elif kind == "corrected":
            self._to_examination(s)
            self._found(s)
            self._add(s, "wd", 5, 25, "action_report", status="dilaksanakan")
            m = rng.choice(["klarifikasi-tertulis", "investigasi-lapangan"])
            self._add(s, "wd", 1, 5, "close", mode=m, reason="tindakan-korektif-dilaksanakan")
        elif kind in {"rec_done", "rec_failed"}:
            self._to_examination(s)
            self._to_resmon(s)
            self._recommend(s)
            if kind == "rec_done":
                self._add(s, "cd", 25, 50, "rec_outcome", outcome="dilaksanakan")
                self._add(
                    s, "wd", 1, 5, "close", mode="rekomendasi", reason="rekomendasi-dilaksanakan"
                )
            else:
                self._add(s, "cd", 61, 70, "rec_outcome", outcome="tidak_dilaksanakan")
                self._add(s, "wd", 1, 5, "escalate")
                self._add(
                    s,
                    "wd",
                    2,
                    6,
                    "close",
                    mode="rekomendasi",
                    reason="rekomendasi-tidak-dilaksanakan",
                )
        else:  # pragma: no cover - a kind without a story is a programming error
            raise ValueError(kind)

    def _resolve(self, s: Story, mode: str) -> None:
        rng = s.rng
        if mode == "klarifikasi-lisan":
            if rng.random() < 0.3:
                self._add(s, "wd", 2, 5, "summon")
                self._add(s, "cd", 8, 10, "summons_outcome")
            self._add(s, "wd", 3, 12, "close", mode=mode)
            return
        waiting = False
        if mode == "klarifikasi-tertulis":
            waiting = self._clarify(s, rng.choice(["answered"] * 3 + ["second_answered"]))
        elif mode == "investigasi-lapangan":
            if rng.random() < 0.5:
                self._clarify(s, "answered")
            self._add(s, "wd", 2, 8, "field")
        else:
            self._clarify(s, "answered")
            self._add(s, "wd", 3, 8, "mediate")
        self._after(s, waiting, "close", mode=mode)

    def _finish(self, s: Story, kind: str, window: tuple[dt.date, dt.date]) -> None:
        if kind in OPEN_KINDS:
            low, high = OPEN_KINDS[kind][1]
            self._lay_backward(s, self.today - dt.timedelta(days=s.rng.randint(low, high)))
        else:
            tail = 32 if kind == "deemed_withdrawn" else 0
            self._place_closed(s, window[0], window[1], tail=tail)

    def _plan_investigations(self, july: dt.date) -> None:
        """Own-initiative investigations (IAPS) opened after spikes of similar reports."""
        specs = [
            ("pln-padam", "closed", self.today - dt.timedelta(days=300)),
            ("ppdb-pungutan", "recommendation", july + dt.timedelta(days=45)),
            ("ktp-blanko", "open", None),
        ]
        for key, how, day in specs:
            sit = next((x for x in texts.SITUATIONS if x.key == key), None)
            if sit is None or key not in texts.INVESTIGATIONS:
                continue
            s = self._story("iaps", "iaps", "prakarsa-sendiri", sit)
            s.confidential = False
            self._receipt(s, "iaps_open")
            self._add(s, "min", 30, 120, "assign")
            self._clarify(s, "answered")
            if how == "open":
                self._lay_backward(s, self.today - dt.timedelta(days=s.rng.randint(1, 15)))
                continue
            self._add(s, "wd", 3, 8, "field")
            self._add(s, "wd", 5, 10, "draft", conclusion="ditemukan")
            self._add(s, "wd", 1, 3, "finalise")
            if how == "closed":
                self._add(s, "wd", 10, 25, "action_report", status="dilaksanakan")
                self._add(
                    s,
                    "wd",
                    1,
                    4,
                    "close",
                    mode="investigasi-lapangan",
                    reason="tindakan-korektif-dilaksanakan",
                )
            else:
                self._add(s, "wd", 32, 34, "action_report", status="sebagian")
                self._recommend(s)
                self._add(s, "cd", 25, 45, "rec_outcome", outcome="dilaksanakan")
                self._add(
                    s, "wd", 1, 3, "close", mode="rekomendasi", reason="rekomendasi-dilaksanakan"
                )
            # An investigation still under way today simply stops where today is.
            self._place_closed(s, day, day, truncate=True)

    # --- running
    def run(self) -> int:
        steps = sorted(
            ((step.at, s.no, i, s, step) for s in self.stories for i, step in enumerate(s.steps)),
            key=lambda item: item[:3],
        )
        if not steps:
            return 0
        clock = _Clock(steps[0][0])
        self._swept = steps[0][0].astimezone(self.zone).date() - dt.timedelta(days=1)
        total = sum(1 for s in self.stories if s.steps)
        received = 0
        marks = {total * q // 4 for q in (1, 2, 3)}
        with _simulated_time(clock):
            for at, _no, _i, story, step in steps:
                day = at.astimezone(self.zone).date()
                self._sweep_until(day, clock)
                clock.at = at
                self._do(story, step)
                if step.gap == "start":
                    received += 1
                    if received in marks:
                        self.say(f"  … {received} of {total} reports, up to {day:%Y-%m-%d}")
            self._sweep_until(self.today, clock)
        return received

    def _sweep_until(self, day: dt.date, clock: _Clock) -> None:
        """Run the sweeper just after midnight of every day up to ``day``, as the worker does.
        A day on which no clock has run out is skipped: the pass would do nothing (reminders
        are off: they would only be stale mail)."""
        while self._swept < day:
            self._swept += dt.timedelta(days=1)
            due = Deadline.objects.open().filter(
                paused_since__isnull=True, due_date__lt=self._swept
            )
            # A delivery whose presumed receipt has come starts the clocks waiting on it.
            presumed = Delivery.objects.filter(
                received_on__isnull=True, presumed_on__lte=self._swept
            )
            if due.exists() or presumed.exists():
                clock.at = self._at(self._swept, 5)
                if sweep(now=clock.at, reminders=False).expired:
                    self._generation += 1

    def _do(self, story: Story, step: Step) -> None:
        # The sweeper may have moved the case (e.g. to Resmon) since the story's last step;
        # reload it so permission checks see its current unit.
        if story.case is not None and story.generation != self._generation:
            story.case.refresh_from_db()
        story.generation = self._generation
        getattr(self, f"_do_{step.action}")(story, **step.kwargs)
        self._receipts(story)

    def _receipts(self, story: Story) -> None:
        """What the step sent reaches its addressee the same day: opened in the portal or on
        the tracking page, or a tanda terima staff enter for a letter (decision 0018), so the
        stories keep their timing; the receipt starts the clocks that waited for it."""
        if story.case is None:
            return
        for delivery in Delivery.objects.filter(case=story.case, received_on__isnull=True):
            if delivery.method in {Delivery.Method.POST, Delivery.Method.HAND}:
                deliveries.delivery_record_receipt(
                    delivery=delivery,
                    received_on=delivery.sent_at.astimezone(self.zone).date(),
                    actor=self.staff["kepala"],
                    note="Tanda terima kembali.",
                )
            else:
                deliveries.delivery_opened(delivery=delivery, at=delivery.sent_at)
        story.case.refresh_from_db()

    # --- texts
    def _text(self, s: Story, template: str) -> str:
        return template.format_map(s.values)

    def _values(self, s: Story) -> None:
        rng = s.rng
        received = timezone.now().astimezone(self.zone).date()
        event = received - dt.timedelta(days=rng.randint(7, 90))
        s.extra["event_date"] = event
        s.extra["prior_date"] = event + dt.timedelta(days=rng.randint(1, (received - event).days))
        s.values = {
            "tempat": s.place,
            "tanggal": _date_id(event),
            "nominal": rng.choice(texts.AMOUNTS),
            "durasi": rng.choice(texts.DURATIONS),
            "instansi": s.agency.name if s.agency else "instansi terkait",
        }
        parent = self._parent(s.agency)
        s.values["atasan"] = parent.name if parent is not None else s.values["instansi"]

    def _reporters(self, s: Story) -> list[dict[str, Any]]:
        rng = s.rng

        def name() -> str:
            return f"{rng.choice(texts.FIRST_NAMES)} {rng.choice(texts.LAST_NAMES)}"

        person = name()
        phone = f"08{rng.choice(['11', '12', '13', '21', '52', '77', '78', '19'])}-"
        phone += f"{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}"
        reporter: dict[str, Any] = {"name": person, "phone": phone}
        if rng.random() < 0.35:
            first, last = person.lower().split(" ", 1)
            reporter["email"] = f"{first}.{last.replace(' ', '')}{rng.randint(1, 99)}@surel.example"
        if s.intake == "knl":
            return [reporter]
        region = s.region
        district = region.code[:5] if region is not None else "19.71"
        sub = region.code[6:8] if region is not None and region.code.count(".") == 2 else "01"
        born = dt.date(rng.randint(1955, 2004), rng.randint(1, 12), rng.randint(1, 28))
        reporter.update(
            birth_place=rng.choice(texts.BIRTH_PLACES),
            birth_date=born,
            marital_status=rng.choice(["kawin", "kawin", "belum_kawin", "cerai_mati"]),
            occupation=rng.choice(texts.OCCUPATIONS),
            address=f"{rng.choice(texts.STREETS)} No. {rng.randint(1, 120)}, "
            f"RT {rng.randint(1, 12):03d}/RW {rng.randint(1, 6):03d}, {s.place}",
            region=region,
            id_type=Reporter.IdType.KTP,
            id_number=f"{district.replace('.', '')}{sub}{born:%d%m%y}{rng.randint(1, 9999):04d}",
        )
        if s.intake == "tembusan":
            kind = Reporter.Kind.GROUP
        elif s.intake == "rco":
            kind = rng.choice([Reporter.Kind.INDIVIDUAL, Reporter.Kind.FAMILY])
        else:
            kinds = [k.value for k in Reporter.Kind]  # individual, proxy, group, entity, family
            kind = rng.choices(kinds, weights=[80, 6, 5, 3, 6])[0]
        reporter["kind"] = kind
        if kind == Reporter.Kind.PROXY:
            reporter["represents"] = name()
        elif kind == Reporter.Kind.FAMILY:
            reporter["represents"] = f"{name()} (orang tua pelapor)"
        elif kind == Reporter.Kind.GROUP:
            reporter["represents"] = f"Warga RT {rng.randint(1, 12):03d} {s.place}"
            reporter["members"] = ", ".join(name() for _ in range(3))
        elif kind == Reporter.Kind.LEGAL_ENTITY:
            reporter["name"] = f"CV {rng.choice(['Maju Bersama', 'Lada Putih', 'Timah Jaya'])}"
            reporter["represents"] = person
            reporter["deed_number"] = f"Akta No. {rng.randint(1, 60)} tanggal {_date_id(born)}"
        return [reporter]

    def _parent(self, agency: Agency | None) -> Agency | None:
        if agency is None:
            return None
        if agency.pk not in self._parents:
            self._parents[agency.pk] = Agency.objects.get_parent(agency)
        return self._parents[agency.pk]

    def _forms(self, s: Story) -> list[Any]:
        return [self.forms[c] for c in s.situation.forms if c in self.forms]

    # --- actions (each one service call; the case is fresh from the database)
    def _do_receive(self, s: Story) -> None:
        self._values(s)
        sit = s.situation
        title = s.extra.get("title") or self._text(s, s.rng.choice(sit.titles))
        fields: dict[str, Any] = {"event_tag": s.event_tag}
        if s.intake in {"lm", "rco"} or s.kind == "knl_converted":
            fields.update(
                agency=s.agency,
                official_position=sit.position if s.agency else "",
                superior_agency=self._parent(s.agency),
                substance=self.substances.get(sit.substance if s.agency else "lain-lain"),
                event_region=s.region,
                event_date=s.extra["event_date"],
                chronology=self._text(s, s.extra.get("chronology") or sit.chronology),
                remedy_sought=self._text(s, sit.remedy) if s.agency else "",
                prior_complaint=(
                    f"Pelapor menyampaikan keberatan kepada {s.values['instansi']} pada "
                    f"{_date_id(s.extra['prior_date'])}, tetapi tidak mendapat penyelesaian."
                )
                if s.agency
                else "",
                prior_complaint_date=s.extra["prior_date"] if s.agency else None,
            )
        elif s.intake == "tembusan":
            fields.update(agency=s.agency, event_region=s.region)
        case = sv.case_receive(
            office=self.office,
            intake_type=s.intake,
            channel=s.channel,
            title=title[:255],
            reporters=self._reporters(s),
            actor=self.staff["pvl"] if s.channel in DESK_CHANNELS else None,
            received_at=timezone.now(),
            confidential=s.confidential,
            maladministration_forms=self._forms(s) if s.intake in {"lm", "rco"} else (),
            intake_key=s.key,
            **fields,
        )
        s.case = case
        if s.situation.key != "rco":
            self.by_situation[s.situation.key].append(case)

    def _do_iaps_open(self, s: Story) -> None:
        self._values(s)
        title, chronology = texts.INVESTIGATIONS[s.situation.key]
        opened = timezone.now()
        reports = self.by_situation.get(s.situation.key, [])
        linked = [c for c in reports if c.received_at < opened][-12:]
        s.case = sv.case_open_iaps(
            office=self.office,
            actor=self.staff["kepala"],
            title=title,
            unit=self.exam_unit,
            agency=s.agency,
            chronology=chronology,
            linked_reports=linked,
            substance=self.substances.get(s.situation.substance),
        )

    def _formal_items(self, s: Story, ok: bool) -> tuple[dict[str, bool | None], str]:
        items: dict[str, bool | None] = {
            code: (None if optional else True)
            for code, (_label, _basis, optional) in FORMAL_ITEMS.items()
        }
        kinds = set(s.case.reporters.values_list("kind", flat=True))
        if Reporter.Kind.PROXY in kinds:
            items["surat_kuasa"] = True
        if Reporter.Kind.LEGAL_ENTITY in kinds:
            items["akta_pendirian"] = True
        if ok:
            return items, "Syarat formil lengkap."
        missing = s.rng.sample(sorted(texts.MISSING_ITEMS), k=s.rng.randint(1, 2))
        for code in missing:
            items[code] = False
        s.extra["missing"] = missing
        asked = "; ".join(texts.MISSING_ITEMS[c] for c in missing)
        return items, f"Pelapor diminta melengkapi: {asked}."

    def _do_formal(self, s: Story, ok: bool) -> None:
        items, notes = self._formal_items(s, ok)
        s.case = sv.case_verify_formal(
            case=s.case, actor=self.staff["pvl"], items=items, notes=notes
        )

    def _do_complete(self, s: Story) -> None:
        missing = s.extra.get("missing") or ["dokumen_identitas"]
        sent = "; ".join(texts.MISSING_ITEMS[c] for c in missing)
        s.case = sv.case_complete(case=s.case, actor=None, note=f"Pelapor mengirimkan {sent}.")

    def _do_material(self, s: Story, rejection: str | None = None) -> None:
        items: dict[str, bool | None] = dict.fromkeys(MATERIAL_ITEMS, True)
        failed = texts.REJECTIONS[rejection][1] if rejection else None
        notes = "Syarat materiil terpenuhi."
        if failed:
            items[failed] = False
            notes = "Ada syarat materiil yang tidak terpenuhi; diajukan ke rapat pleno."
        s.case = sv.case_verify_material(
            case=s.case, actor=self.staff["pvl"], items=items, notes=notes
        )

    def _do_register(self, s: Story) -> None:
        s.case = sv.case_register(
            case=s.case,
            actor=self.staff["kepala"],
            unit=self.exam_unit,
            assignee=self.staff["pemeriksa"],
            reason=texts.REGISTERED,
        )

    def _do_reject(self, s: Story, reason: str) -> None:
        note = self._text(s, texts.REJECTIONS[reason][0])
        sv.case_reject(case=s.case, actor=self.staff["kepala"], reason=reason, note=note)

    def _do_not_authority(self, s: Story) -> None:
        sv.case_not_within_authority(
            case=s.case,
            actor=self.staff["kepala"],
            note="Bukan penyelenggaraan pelayanan publik (UU 37/2008 Ps.26–27).",
            competent_body=s.extra["referred_to"],
        )

    def _do_notice(self, s: Story, rule: str) -> None:
        # A notice recorded after its clock ran out cannot be recorded any more (the sweeper
        # marked the clock missed); a long holiday can cause that.
        if Deadline.objects.open().filter(case=s.case, rule__code=rule).exists():
            sv.case_record_notice(
                case=s.case,
                actor=self.staff["pvl"],
                rule=rule,
                note="Surat pemberitahuan dikirim kepada pelapor.",
            )

    def _do_withdraw(self, s: Story) -> None:
        reason = s.rng.choice(texts.WITHDRAWALS)
        actor = None if s.rng.random() < 0.5 else self.staff["pvl"]
        sv.case_withdraw(case=s.case, actor=actor, reason=reason)

    def _do_knl_answer(self, s: Story) -> None:
        sv.knl_answer(case=s.case, actor=self.staff["pvl"], advice=s.extra["advice"])

    def _do_knl_convert(self, s: Story) -> None:
        s.case = sv.knl_convert(
            case=s.case,
            actor=self.staff["pvl"],
            reason="Konsultasi memuat dugaan maladministrasi; pelapor ingin melapor.",
        )

    def _do_rco_field(self, s: Story) -> None:
        ex.field_investigation_record(
            case=s.case,
            actor=self.staff["pvl"],
            held_on=timezone.now().astimezone(self.zone).date(),
            place=s.values["instansi"],
            findings=self._text(s, s.extra["coordination"]),
        )

    def _do_rco_escalate(self, s: Story) -> None:
        s.case = sv.case_escalate_rco(
            case=s.case,
            actor=self.staff["kepala"],
            unit=self.exam_unit,
            reason="Koordinasi cepat belum memulihkan hak pelapor; diperiksa sebagai laporan.",
        )

    def _do_assign(self, s: Story) -> None:
        sv.case_assign(
            case=s.case, actor=self.staff["kepala-pemeriksaan"], assignee=self.staff["pemeriksa"]
        )

    def _examiner(self, s: Story) -> User:
        return self.staff["pemeriksa"]

    def _do_clarify(self, s: Story) -> None:
        questions = self._text(s, s.situation.questions)
        if s.requests:
            questions = "Permintaan klarifikasi kedua (UU 37/2008 Ps.33). " + questions
        if s.case.confidential and s.case.agency_summary_at is None:
            # The identity guard: the agency reads a summary staff approved, drafted redacted.
            draft = identity.draft_agency_text(s.case)
            s.case = identity.case_set_agency_summary(
                case=s.case,
                actor=self._examiner(s),
                title=draft["title"],
                summary=draft["summary"] or draft["title"],
            )
        try:
            request = ex.clarification_request(
                case=s.case, actor=self._examiner(s), questions=questions
            )
        except identity.IdentityExposed as refused:
            # A reporter's name word that is also in the agency's name (RSUD Depati Hamzah):
            # staff allow that word with a reason, as the guard's message says, and send again.
            for word in {m.text for _where, m in refused.matches if m.kind == "word"}:
                identity.identity_match_override(
                    case=s.case,
                    actor=self._examiner(s),
                    word=word,
                    reason="Bagian dari nama instansi atau tempat, bukan pelapor.",
                )
            identity.forget(s.case)
            request = ex.clarification_request(
                case=s.case, actor=self._examiner(s), questions=questions
            )
        s.requests.append(request)

    def _do_answer(self, s: Story, round: int) -> None:
        ex.clarification_answer(
            request=s.requests[round - 1],
            actor=self._examiner(s),
            answer=self._text(s, s.situation.answer),
        )

    def _do_summon(self, s: Story) -> None:
        when = timezone.now().astimezone(self.zone).date() + dt.timedelta(days=7)
        s.summons = ex.summons_schedule(
            case=s.case,
            actor=self._examiner(s),
            person=f"{s.situation.position}, {s.values['instansi']}",
            scheduled_for=self._at(when, 9 * 60),
        )

    def _do_summons_outcome(self, s: Story) -> None:
        ex.summons_record(
            summons=s.summons,
            actor=self._examiner(s),
            outcome="hadir",
            notes="Memberikan keterangan dan dokumen yang diminta.",
        )

    def _do_field(self, s: Story) -> None:
        ex.field_investigation_record(
            case=s.case,
            actor=self._examiner(s),
            held_on=timezone.now().astimezone(self.zone).date(),
            place=f"{s.values['instansi']}, {s.place}",
            findings=texts.FIELD_FINDINGS,
            unannounced=s.rng.random() < 0.4,
        )

    def _do_mediate(self, s: Story) -> None:
        ex.mediation_record(
            case=s.case,
            actor=self._examiner(s),
            kind="mediasi",
            held_on=timezone.now().astimezone(self.zone).date(),
            parties=f"Pelapor dan perwakilan {s.values['instansi']}",
            outcome=s.situation.resolved.capitalize() + ".",
            agreement_reached=True,
        )

    def _do_close(self, s: Story, mode: str, reason: str = "hak-pelapor-dipulihkan") -> None:
        note = texts.CLOSING_NOTES.get(mode, "{selesai}.").format(selesai=s.situation.resolved)
        actor = "kepala" if s.case.state == Case.State.RAPID_RESPONSE else "kepala-pemeriksaan"
        sv.case_close(
            case=s.case,
            actor=self.staff[actor],
            closure_mode=mode,
            closure_reason=reason,
            note=note[0].upper() + note[1:],
        )

    def _do_draft(self, s: Story, conclusion: str) -> None:
        if conclusion == "ditemukan":
            findings = self._text(s, s.situation.finding)
        elif conclusion == "tidak_ditemukan":
            findings = self._text(s, texts.NOT_FOUND)
        else:
            findings = texts.STOPPED.format(selesai=s.situation.resolved)
        s.lahp = ex.lahp_send_draft(
            case=s.case, actor=self._examiner(s), conclusion=conclusion, findings=findings
        )

    def _do_respond(self, s: Story, new_evidence: bool) -> None:
        ex.lahp_record_response(
            lahp=s.lahp,
            actor=None,
            response=texts.NEW_EVIDENCE if new_evidence else texts.AGREES,
            new_evidence=new_evidence,
        )

    def _do_finalise(self, s: Story) -> None:
        conclusion = s.lahp.conclusion
        actions = []
        if conclusion == "ditemukan":
            actions.append(
                {"addressee": s.case.agency, "description": self._text(s, s.situation.corrective)}
            )
            parent = self._parent(s.case.agency)
            if parent is not None and s.rng.random() < 0.3:
                actions.append(
                    {
                        "addressee": parent,
                        "description": f"Mengawasi pelaksanaan tindakan korektif oleh "
                        f"{s.values['instansi']}.",
                    }
                )
        ex.lahp_finalise(
            case=s.case,
            actor=self.staff["kepala-pemeriksaan"],
            corrective_actions=actions,
            closure_mode=s.rng.choice(["mediasi-konsiliasi", "klarifikasi-tertulis"])
            if conclusion == "dihentikan"
            else "",
            note="LAHP ditetapkan.",
        )

    def _monitor(self, case: Case) -> User:
        if self.resmon_unit is not None and case.unit_id == self.resmon_unit.pk:
            return self.staff["resmon"]
        if case.unit_id == self.exam_unit.pk:
            return self.staff["pemeriksa"]
        return self.staff["kepala"]

    def _do_action_report(self, s: Story, status: str) -> None:
        evidence = (
            f"Bukti pelaksanaan dari {s.values['instansi']}: {s.situation.resolved}."
            if status == CorrectiveAction.Status.DONE
            else "Terlapor belum menyampaikan bukti pelaksanaan."
        )
        for action in s.case.corrective_actions.filter(status=CorrectiveAction.Status.OPEN):
            ex.corrective_action_report(
                action=action, actor=self._monitor(s.case), status=status, evidence=evidence
            )

    def _do_resmon_step(self, s: Story, kind: str, outcome: str = "") -> None:
        notes = {
            "telaah": "Berkas LHP lengkap secara administratif dan prosedural (Ps.54(2)).",
            "upaya_resolusi": (
                "Rapat resolusi dengan terlapor dan atasannya; tindakan korektif tetap tidak "
                "dilaksanakan."
            ),
        }
        ex.resmon_record_step(
            case=s.case,
            actor=self._monitor(s.case),
            kind=kind,
            held_on=local_date(timezone.now(), s.case.office),
            note=notes[kind],
            outcome=outcome,
        )

    def _do_recommend(self, s: Story) -> None:
        agency = s.case.agency
        parent = self._parent(agency)
        s.recommendation = ex.recommendation_issue(
            case=s.case,
            actor=self.staff["kepala"],
            addressee=parent or agency,
            content=self._text(
                s, texts.RECOMMENDATION.replace("{korektif}", s.situation.corrective)
            ),
        )

    def _do_rec_sent(self, s: Story) -> None:
        ex.recommendation_sent(recommendation=s.recommendation, actor=self.staff["kepala"])

    def _do_rec_outcome(self, s: Story, outcome: str) -> None:
        report = (
            f"Atasan terlapor melaporkan: {s.situation.resolved}."
            if outcome == "dilaksanakan"
            else "Atasan terlapor tidak menyampaikan laporan pelaksanaan dalam 60 hari."
        )
        ex.recommendation_outcome(
            recommendation=s.recommendation,
            actor=self._monitor(s.case),
            outcome=outcome,
            report=report,
        )

    def _do_escalate(self, s: Story) -> None:
        ex.recommendation_escalate(
            recommendation=s.recommendation,
            actor=self.staff["kepala"],
            kind="publikasi",
            note="Rekomendasi yang tidak dilaksanakan dipublikasikan (UU 37/2008 Ps.38(4)).",
        )

    def _do_reopen(self, s: Story) -> None:
        s.case = sv.case_reopen(
            case=s.case, actor=self.staff["kepala-pemeriksaan"], reason=texts.REOPENED
        )


def has_demo_cases(office: Office) -> bool:
    return Case.objects.filter(office=office, intake_key__startswith=KEY_PREFIX).exists()


def build_cases(say: Callable[[str], None]) -> int:
    """Add the demo reports to the demo office; returns how many (0 if already there)."""
    office = Office.objects.filter(code=data.OFFICE_CODE).first()
    if office is None:
        say("Demo reports: the demo office is missing; skipped.")
        return 0
    if has_demo_cases(office):
        say("Demo reports: already there.")
        return 0
    demo = DemoCases(office, say)
    problem = demo.ready()
    if problem:
        say(f"Demo reports: skipped ({problem}).")
        return 0
    if not demo.has_rco:
        say("Demo reports: the rapid-response rule (rco-penanganan) is missing; no RCO reports.")
    demo.plan()
    say(
        f"Demo reports: simulating {len(demo.stories)} reports from "
        f"{demo.start_day:%Y-%m-%d} to {demo.today:%Y-%m-%d} …"
    )
    count = demo.run()
    states = Counter(Case.objects.filter(office=office).values_list("state", flat=True).order_by())
    summary = "; ".join(f"{Case.State(k).label}: {n}" for k, n in sorted(states.items()))
    say(f"Demo reports: {count} ({summary})")
    return count
