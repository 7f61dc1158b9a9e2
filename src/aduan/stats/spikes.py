"""Spike alerts: an unusual rise of reports about one substance, agency or place.

**What is counted.** For one office and a day ``D`` (a date in the office's time zone), the
reports it received (intake types LM and RCO; KNL, copies and IAPS are not complaints of the
public) over the seven days ``D-6 … D`` (the *window*), per key of three dimensions:

- *substance*: the case's substance;
- *agency*: the reported agency **rolled up to the second level of the agency tree**
  (``AGENCY_DEPTH``), i.e. a ministry's or company's regional office, a local government's
  department; a top-level agency stays itself. Counting the agency as recorded would split one
  event over sub-units (PLN UP3 Pangkalpinang vs. ULP Bangka, Puskesmas A vs. B); rolling up to
  the root would lump all of a city's departments together, where the substance already says
  what the reports are about. The cases behind an agency alert are those of that agency and
  everything below it (its tree path is a prefix);
- *region*: the place of the event at regency/city level (the first two parts of the region
  code, ``19.71``); a case placed only at province level is not counted here.

**The baseline** is the same key's counts in each of the eight weeks before the window
(``BASELINE_WEEKS``; weeks without a report count as 0): mean ``m`` and (population) standard
deviation ``s`` of eight weekly counts.

**The rule.** Alert when the window's count ``c`` reaches

    threshold = max(MIN_COUNT, m + 3·max(s, √m), 2·m)

- ``MIN_COUNT`` (10): a handful of reports is never an alert, however rare the key;
- ``m + 3·s``: far outside the key's own week-to-week variation. Report counts are roughly
  Poisson, whose variance is the mean, so ``s`` is never taken below ``√m``: a baseline that
  happens to be very steady (6, 6, 6 …) must not make 13 reports look extraordinary;
- ``2·m``: at least double the usual week, so a busy key (500 a week, s = 20) does not alert
  on a statistically significant but practically small rise of 12 %.

With no reports for the key in eight weeks (``m = s = 0``) the threshold is ``MIN_COUNT``.
An office with no counted report at all in the eight weeks (a new office, a fresh
installation) is not examined: every key would look new. Example: 60 electricity reports a
month are about 14 a week (s ≈ 4): threshold max(10, 14 + 12, 28) = 28; 70 in a week alerts.

**One alert per key while it is live** (open or acknowledged), enforced by a unique
constraint: a later detection updates its window, count and baseline and sends no new mail.
After an alert is acted on or dismissed, the same key does not alert again until its window no
longer overlaps the closed alert's (the same reports would alert again the next day).

**Efficiency.** Per office and day: one query for the intake types, one ``exists`` for the
history, and per dimension one aggregate query (``values(key, day).annotate(Count)``) over the
office's reports in 63 days, read from the index on ``(office, received_at)``. No loop over
cases. ``run_detection`` is the daily run (called by ``aduan worker`` after each sweep; safe
to repeat and with several workers: ``DetectionRun`` claims each office and day once).

The state changes of an alert (acknowledge, open an IAPS, group as a mass complaint, dismiss)
are services here, with the usual shape: permission, lock, guard, one transaction, audit.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Substr, TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from aduan.cases import permissions
from aduan.cases.models import Case
from aduan.core import audit
from aduan.core.errors import DomainError
from aduan.deadlines.workdays import local_date
from aduan.directory.models import Agency, Office, Unit
from aduan.reference.models import IntakeType, Substance
from aduan.regions.models import Region
from aduan.stats.models import LIVE_STATES, DetectionRun, MassComplaint, SpikeAlert

log = logging.getLogger(__name__)

MIN_COUNT = 10
SIGMAS = 3
RATIO = 2
WINDOW_DAYS = 7
BASELINE_WEEKS = 8
COUNTED_INTAKE_TYPES = ("lm", "rco")
AGENCY_DEPTH = 2
REGION_CODE_LENGTH = 5  # "19.71": province and regency/city
MAX_CASES_IN_ACTION = 2000  # an IAPS or grouping takes at most this many reports

Dim = SpikeAlert.Dimension


class SpikeError(DomainError):
    code = "spike_invalid"


# --- the rule


@dataclass(frozen=True)
class Baseline:
    mean: float
    sd: float

    @property
    def threshold(self) -> float:
        spread = max(self.sd, math.sqrt(self.mean))
        return max(float(MIN_COUNT), self.mean + SIGMAS * spread, RATIO * self.mean)


def baseline_of(weekly: list[int]) -> Baseline:
    mean = sum(weekly) / len(weekly)
    sd = math.sqrt(sum((n - mean) ** 2 for n in weekly) / len(weekly))
    return Baseline(mean=mean, sd=sd)


def is_spike(count: int, baseline: Baseline) -> bool:
    return count >= baseline.threshold


# --- counting


@dataclass(frozen=True)
class Dimension:
    name: str
    key: Callable[[], Any]  # the expression that gives a case's key
    nonempty: Q  # cases that have a key in this dimension
    labels: Callable[[list[str]], dict[str, str]]  # key -> label (Indonesian name)
    cases: Callable[[str], Q]  # the cases of one key


def _agency_key() -> Any:
    return Substr("agency__path", 1, Agency.steplen * AGENCY_DEPTH)


def _agency_labels(paths: list[str]) -> dict[str, str]:
    return {a.path: a.name for a in Agency.objects.filter(path__in=paths)}


def _agency_cases(path: str) -> Q:
    return Q(agency__path__startswith=path)


def _substance_labels(keys: list[str]) -> dict[str, str]:
    return {str(s.pk): s.name for s in Substance.objects.filter(pk__in=keys)}


def _region_labels(codes: list[str]) -> dict[str, str]:
    return {r.code: r.name for r in Region.objects.filter(code__in=codes)}


def _region_cases(code: str) -> Q:
    # ``event_region__code``, not ``event_region_id``: a foreign key's column takes no
    # ``startswith``; the code is the region's primary key, so no join is made.
    return Q(event_region_id=code) | Q(event_region__code__startswith=f"{code}.")


DIMENSIONS: dict[str, Dimension] = {
    Dim.SUBSTANCE: Dimension(
        Dim.SUBSTANCE,
        key=lambda: F("substance_id"),
        nonempty=Q(substance__isnull=False),
        labels=_substance_labels,
        cases=lambda key: Q(substance_id=int(key)),
    ),
    # Keys of agencies are their tree paths while counting; an alert stores the agency's id.
    Dim.AGENCY: Dimension(
        Dim.AGENCY,
        key=_agency_key,
        nonempty=Q(agency__isnull=False),
        labels=_agency_labels,
        cases=_agency_cases,
    ),
    Dim.REGION: Dimension(
        Dim.REGION,
        key=lambda: Substr("event_region_id", 1, REGION_CODE_LENGTH),
        nonempty=Q(event_region__isnull=False),
        labels=_region_labels,
        cases=_region_cases,
    ),
}


def _zone(office: Office) -> ZoneInfo:
    return ZoneInfo(office.time_zone or "Asia/Jakarta")


def _midnight(day: dt.date, office: Office) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=_zone(office))


def _window(day: dt.date) -> tuple[dt.date, dt.date]:
    return day - dt.timedelta(days=WINDOW_DAYS - 1), day


def counted_reports(office: Office, first: dt.date, last: dt.date) -> QuerySet[Case]:
    """The office's LM and RCO reports received from ``first`` to ``last`` (local dates)."""
    types = IntakeType.objects.filter(code__in=COUNTED_INTAKE_TYPES).values_list("pk", flat=True)
    return Case.objects.filter(
        office=office,
        received_at__gte=_midnight(first, office),
        received_at__lt=_midnight(last + dt.timedelta(days=1), office),
        intake_type_id__in=list(types),
    )


def _daily_counts(
    office: Office, dimension: Dimension, first: dt.date, last: dt.date
) -> dict[str, dict[dt.date, int]]:
    """key -> local day -> reports, in one aggregate query."""
    rows = (
        counted_reports(office, first, last)
        .filter(dimension.nonempty)
        .annotate(k=dimension.key(), d=TruncDate("received_at", tzinfo=_zone(office)))
        .values("k", "d")
        .annotate(n=Count("id"))
        .order_by()  # no default ordering in the GROUP BY
    )
    counts: dict[str, dict[dt.date, int]] = defaultdict(dict)
    for row in rows:
        key = str(row["k"])
        if dimension.name == Dim.REGION and len(key) < REGION_CODE_LENGTH:
            continue  # placed at province level only
        day = row["d"] if isinstance(row["d"], dt.date) else dt.date.fromisoformat(row["d"])
        counts[key][day] = counts[key].get(day, 0) + row["n"]
    return counts


@dataclass
class Finding:
    dimension: str
    key: str
    label: str
    count: int
    daily: list[int]
    baseline: Baseline


def find(*, office: Office, day: dt.date) -> list[Finding]:
    """The keys that spike in the seven days ending ``day``; reads only, changes nothing."""
    window_start, window_end = _window(day)
    baseline_start = window_start - dt.timedelta(weeks=BASELINE_WEEKS)
    if not counted_reports(office, baseline_start, window_start - dt.timedelta(days=1)).exists():
        return []  # no history to compare with
    findings = []
    for dimension in DIMENSIONS.values():
        counts = _daily_counts(office, dimension, baseline_start, window_end)
        spikes = []
        for key, by_day in counts.items():
            daily = [by_day.get(window_start + dt.timedelta(days=i), 0) for i in range(WINDOW_DAYS)]
            count = sum(daily)
            if count < MIN_COUNT:
                continue
            weekly = []
            for week in range(1, BASELINE_WEEKS + 1):
                start = window_start - dt.timedelta(weeks=week)
                weekly.append(
                    sum(by_day.get(start + dt.timedelta(days=i), 0) for i in range(WINDOW_DAYS))
                )
            baseline = baseline_of(weekly)
            if is_spike(count, baseline):
                spikes.append((key, count, daily, baseline))
        labels = dimension.labels([key for key, *_rest in spikes])
        for key, count, daily, baseline in spikes:
            findings.append(
                Finding(dimension.name, key, labels.get(key, key), count, daily, baseline)
            )
    return findings


# --- raising alerts


def _alert_key(finding: Finding) -> str:
    if finding.dimension == Dim.AGENCY:  # the path while counting, the id when stored
        agency = Agency.objects.filter(path=finding.key).only("pk").first()
        return str(agency.pk) if agency else finding.key
    return finding.key


def _apply(alert: SpikeAlert, finding: Finding, window_start: dt.date, day: dt.date) -> None:
    alert.window_start = window_start
    alert.window_end = day
    alert.count = finding.count
    alert.daily_counts = finding.daily
    alert.baseline_mean = round(finding.baseline.mean, 2)
    alert.baseline_sd = round(finding.baseline.sd, 2)
    alert.threshold = round(finding.baseline.threshold, 2)
    alert.label = finding.label[:255]


def _raise(office: Office, finding: Finding, day: dt.date) -> SpikeAlert | None:
    """Raise an alert for a finding, or update the live one. The caller is in a transaction."""
    window_start, _end = _window(day)
    key = _alert_key(finding)
    same_key = SpikeAlert.objects.filter(office=office, dimension=finding.dimension, key=key)
    live = same_key.select_for_update().filter(status__in=LIVE_STATES).first()
    if live is None:
        if same_key.exclude(status__in=LIVE_STATES).filter(window_end__gte=window_start).exists():
            return None  # just acted on or dismissed: these reports were already seen
        alert = SpikeAlert(office=office, dimension=finding.dimension, key=key)
        _apply(alert, finding, window_start, day)
        try:
            with transaction.atomic():
                alert.save()
        except IntegrityError:  # another worker raised it meanwhile
            live = same_key.select_for_update().filter(status__in=LIVE_STATES).first()
            if live is None:
                raise
        else:
            audit.record(
                "spike.raised",
                target=alert,
                office=office,
                new={
                    "dimension": alert.dimension,
                    "key": key,
                    "count": alert.count,
                    "baseline_mean": alert.baseline_mean,
                    "window": [window_start.isoformat(), day.isoformat()],
                },
            )
            from aduan.stats.tasks import send_alert_mail_task

            transaction.on_commit(lambda: send_alert_mail_task.enqueue(alert_id=alert.pk))
            alert.newly_raised = True  # type: ignore[attr-defined]
            return alert
    if day >= live.window_end:  # a rerun for an earlier day never overwrites a later one
        _apply(live, finding, window_start, day)
        live.save()
    live.newly_raised = False  # type: ignore[attr-defined]
    return live


def detect(*, office: Office, day: dt.date) -> list[SpikeAlert]:
    """Detect the spikes of ``office`` in the seven days ending ``day`` (a local date): raise
    an alert per new spike (the heads of office are mailed after commit), update the live
    alert of a known one. Returns the alerts raised or updated (``newly_raised`` tells which)."""
    findings = find(office=office, day=day)
    alerts = []
    with transaction.atomic():
        for finding in findings:
            alert = _raise(office, finding, day)
            if alert is not None:
                alerts.append(alert)
    return alerts


def run_detection(now: dt.datetime | None = None) -> dict[str, list[SpikeAlert]]:
    """The daily run: for every active office, detect over the seven days ending yesterday
    (the last complete day in the office's zone), once per office and day. Safe to call every
    few minutes and from several workers: an office and day are claimed by a ``DetectionRun``
    row (unique), in the same transaction as the detection, so a failure is retried later."""
    now = now or timezone.now()
    offices = list(Office.objects.filter(active=True).order_by("code"))
    days = {office.pk: local_date(now, office) - dt.timedelta(days=1) for office in offices}
    done = set(
        DetectionRun.objects.filter(day__gte=min(days.values(), default=now.date())).values_list(
            "office_id", "day"
        )
    )
    found: dict[str, list[SpikeAlert]] = {}
    for office in offices:
        day = days[office.pk]
        if (office.pk, day) in done:
            continue
        try:
            with transaction.atomic():
                try:
                    with transaction.atomic():
                        run = DetectionRun.objects.create(office=office, day=day)
                except IntegrityError:
                    continue  # another worker has this office and day
                alerts = detect(office=office, day=day)
                run.alerts = len(alerts)
                run.save(update_fields=["alerts"])
        except Exception:  # one office's failure does not stop the others; retried next pass
            log.exception("spike detection failed for office %s", office.code)
            continue
        found[office.code] = alerts
    return found


# --- reading


def alerts_for(user: Any) -> QuerySet[SpikeAlert]:
    """The alerts of the offices ``user`` may see."""
    from aduan.directory.scoping import limit_to_offices

    return limit_to_offices(SpikeAlert.objects.select_related("office"), user)


def alert_cases(alert: SpikeAlert) -> QuerySet[Case]:
    """The reports behind an alert: those counted in its window for its key."""
    if alert.dimension == Dim.AGENCY:
        agency = Agency.objects.filter(pk=alert.key).first()
        key_filter = _agency_cases(agency.path) if agency else Q(pk__in=[])
    else:
        key_filter = DIMENSIONS[alert.dimension].cases(alert.key)
    return (
        counted_reports(alert.office, alert.window_start, alert.window_end)
        .filter(key_filter)
        .select_related("agency", "intake_type")
        .order_by("received_at", "id")
    )


def alert_subject(alert: SpikeAlert) -> Any:
    """The substance, agency or region of an alert (None if it was deleted)."""
    model = {Dim.SUBSTANCE: Substance, Dim.AGENCY: Agency, Dim.REGION: Region}[alert.dimension]
    return model.objects.filter(pk=alert.key).first()


def examination_units(alert: SpikeAlert) -> QuerySet[Unit]:
    return alert.office.units.filter(kind=Unit.Kind.PEMERIKSAAN, active=True).order_by("code")


def default_unit(alert: SpikeAlert, actor: Any) -> Unit | None:
    """The actor's own examination unit; else the one whose sector includes the alert's
    substance; else the office's first examination unit."""
    units = examination_units(alert)
    own = units.filter(pk=getattr(actor, "unit_id", None)).first()
    if own is not None:
        return own
    if alert.dimension == Dim.SUBSTANCE:
        sector = units.filter(substances__pk=alert.key).first()
        if sector is not None:
            return sector
    return units.first()


def default_title(alert: SpikeAlert) -> str:
    return _("%(count)s reports on %(label)s, %(start)s to %(end)s") % {
        "count": alert.count,
        "label": alert.label,
        "start": alert.window_start.strftime("%d-%m-%Y"),
        "end": alert.window_end.strftime("%d-%m-%Y"),
    }


# --- state changes


def _lock(alert: SpikeAlert) -> SpikeAlert:
    return (
        SpikeAlert.objects.select_for_update(of=("self",)).select_related("office").get(pk=alert.pk)
    )


def _guard_live(alert: SpikeAlert) -> None:
    if not alert.is_live:
        raise SpikeError(
            _("This alert was already dealt with (%(status)s).")
            % {"status": alert.get_status_display()}
        )


def _close(alert: SpikeAlert, *, actor: Any, status: str, action: str = "") -> None:
    alert.status = status
    alert.action = action
    alert.acted_by = actor
    alert.acted_at = timezone.now()


def alert_acknowledge(*, alert: SpikeAlert, actor: Any) -> SpikeAlert:
    """The head has seen the alert and is looking into it; it stays live."""
    permissions.require(actor, "open_iaps", office=alert.office)
    with transaction.atomic():
        alert = _lock(alert)
        if alert.status != SpikeAlert.Status.OPEN:
            raise SpikeError(_("Only an open alert can be acknowledged."))
        alert.status = SpikeAlert.Status.ACKNOWLEDGED
        alert.acted_by = actor
        alert.acted_at = timezone.now()
        alert.save()
        audit.record(
            "spike.acknowledged",
            actor=actor,
            target=alert,
            office=alert.office,
            old={"status": "open"},
            new={"status": alert.status},
        )
    return alert


def alert_open_iaps(
    *, alert: SpikeAlert, actor: Any, title: str = "", unit: Unit | None = None
) -> Case:
    """Start an own-initiative investigation (IAPS) linked to the reports behind the alert."""
    from aduan.cases.services import case_open_iaps

    permissions.require(actor, "open_iaps", office=alert.office)
    with transaction.atomic():
        alert = _lock(alert)
        _guard_live(alert)
        unit = unit or default_unit(alert, actor)
        if unit is None:
            raise SpikeError(_("This office has no examination unit to give the investigation."))
        reports = list(alert_cases(alert)[:MAX_CASES_IN_ACTION])
        case = case_open_iaps(
            office=alert.office,
            actor=actor,
            title=((title or "").strip() or default_title(alert))[:255],
            unit=unit,
            agency=alert_subject(alert) if alert.dimension == Dim.AGENCY else None,
            substance=alert_subject(alert) if alert.dimension == Dim.SUBSTANCE else None,
            linked_reports=reports,
        )
        old = alert.status
        _close(alert, actor=actor, status=SpikeAlert.Status.ACTED, action=SpikeAlert.Action.IAPS)
        alert.iaps_case = case
        alert.save()
        audit.record(
            "spike.iaps_opened",
            actor=actor,
            target=alert,
            office=alert.office,
            old={"status": old},
            new={"status": alert.status, "case": case.reference, "reports": len(reports)},
        )
    return case


def _attach(alert: SpikeAlert, group: MassComplaint, *, actor: Any) -> MassComplaint:
    """The alert is answered by an existing group (locked by the caller with the alert)."""
    group = MassComplaint.objects.select_for_update().get(pk=group.pk)
    if group.office_id != alert.office_id:
        raise SpikeError(_("The mass complaint is not of this alert's office."))
    if group.status == MassComplaint.Status.CLOSED:
        raise SpikeError(_("This mass complaint is closed."))
    if group.alert_id is None:
        group.alert = alert
        group.save(update_fields=["alert"])
    old = alert.status
    _close(alert, actor=actor, status=SpikeAlert.Status.ACTED, action=SpikeAlert.Action.GROUPED)
    alert.save()
    audit.record(
        "spike.grouped",
        actor=actor,
        target=alert,
        office=alert.office,
        old={"status": old},
        new={"status": alert.status, "group": group.pk, "reports": group.cases.count()},
    )
    return group


def alert_use_group(*, alert: SpikeAlert, group: MassComplaint, actor: Any) -> MassComplaint:
    """Answer the alert with a mass complaint already found (the alert proposes the automatic
    groups that match it: ``aduan.triage.group_services.groups_for_alert``)."""
    permissions.require(actor, "open_iaps", office=alert.office)
    with transaction.atomic():
        alert = _lock(alert)
        _guard_live(alert)
        return _attach(alert, group, actor=actor)


def alert_group(*, alert: SpikeAlert, actor: Any, title: str = "") -> MassComplaint:
    """Group the reports behind the alert as one mass complaint; when an open automatic group
    already matches the alert, the alert is attached to it instead of making a second one."""
    from aduan.triage.group_services import groups_for_alert

    permissions.require(actor, "open_iaps", office=alert.office)
    with transaction.atomic():
        alert = _lock(alert)
        _guard_live(alert)
        match = groups_for_alert(alert).first()
        if match is not None:
            return _attach(alert, match, actor=actor)
        reports = list(alert_cases(alert)[:MAX_CASES_IN_ACTION])
        basis = {
            Dim.AGENCY: MassComplaint.Basis.AGENCY,
            Dim.REGION: MassComplaint.Basis.PLACE,
            Dim.SUBSTANCE: MassComplaint.Basis.SUBSTANCE,
        }[alert.dimension]
        group = MassComplaint.objects.create(
            office=alert.office,
            title=((title or "").strip() or default_title(alert))[:255],
            alert=alert,
            created_by=actor,
            origin=MassComplaint.Origin.ALERT,
            basis=basis,
            basis_key=alert.key,
            basis_label=alert.label[:255],
            first_received_at=min((c.received_at for c in reports), default=None),
            last_received_at=max((c.received_at for c in reports), default=None),
        )
        group.cases.set(reports)
        old = alert.status
        _close(alert, actor=actor, status=SpikeAlert.Status.ACTED, action=SpikeAlert.Action.GROUPED)
        alert.save()
        audit.record(
            "mass_complaint.created",
            actor=actor,
            target=group,
            office=alert.office,
            new={"title": group.title, "cases": [c.reference for c in reports]},
        )
        audit.record(
            "spike.grouped",
            actor=actor,
            target=alert,
            office=alert.office,
            old={"status": old},
            new={"status": alert.status, "group": group.pk, "reports": len(reports)},
        )
    return group


def alert_dismiss(*, alert: SpikeAlert, actor: Any, reason: str) -> SpikeAlert:
    """Dismiss an alert (e.g. a known event already handled); the reason is required."""
    permissions.require(actor, "open_iaps", office=alert.office)
    reason = (reason or "").strip()
    if not reason:
        raise SpikeError(_("Say why the alert is dismissed."))
    with transaction.atomic():
        alert = _lock(alert)
        _guard_live(alert)
        old = alert.status
        _close(alert, actor=actor, status=SpikeAlert.Status.DISMISSED)
        alert.reason = reason
        alert.save()
        audit.record(
            "spike.dismissed",
            actor=actor,
            target=alert,
            office=alert.office,
            old={"status": old},
            new={"status": alert.status},
            reason=reason,
        )
    return alert
