"""Mass complaints found automatically: a new report joins the open group of reports like it, or
starts one when enough reports like it have arrived.

**Like it** means two things at once:

1. *A shared key*, one of: the same agency (rolled up to the second level of the agency tree,
   as spike alerts count it: PLN UP3 and its ULPs are one), the same event (the normalised event
   tag, e.g. "posko pengaduan pemadaman listrik", or the event channel: posko, Nampel, On The
   Spot), or the same place (the event's regency/city);
2. *a similar text*: the cosine of the character n-gram (3 to 5, within words) TF-IDF vectors of
   the normalised title and chronology (``aduan.triage.classifier.normalise``: slang, old
   spelling, placeholders; then Indonesian function words dropped), with the inverse document
   frequencies of the reports compared. Character n-grams match "pemadaman", "padam" and
   "dipadamkan", and survive typing errors.

**The rule** (leader / single-link clustering over time). The candidates are the office's
reports (LM and RCO) received within ``ADUAN_MASS_WINDOW_DAYS`` before or after the new one that
share one of its keys, read in one query (at most ``MAX_CANDIDATES``, the nearest in time).

- If an open automatic group with one of the report's keys as its basis has a member among the
  candidates whose similarity reaches ``ADUAN_MASS_SIMILARITY_PERCENT``, the report joins it (the
  most similar group, if several).
- Otherwise, if the report and the candidates similar to it that share one key and are in no
  open automatic group number ``ADUAN_MASS_MIN_REPORTS`` or more, they start a group on that key
  (the key most of them share; event before agency before place).
- Otherwise nothing: a report like no other stays alone.

Each decision is explained in the audit trail: the key shared, the similarity with the closest
member and the words in common. A report removed from a group by hand is never put back into it.

**Speed.** One query for the candidates, one for their groups, one for the open groups; the
character n-grams of a report are hashed once and kept (``_VECTORS``, bounded), so placing a
report costs a few milliseconds whatever the window holds. Placements in one office are
serialised by a lock on the office's row, so two workers never start two groups of one event.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from aduan.core import audit
from aduan.triage import matching
from aduan.triage.classifier import normalise

log = logging.getLogger(__name__)

MAX_CANDIDATES = 500
TEXT_CHARS = 1500  # the start of a long chronology says what it is about
GROUP_SAMPLE = 60  # a group's members compared with a new report: the nearest in time
AGENCY_DEPTH = 2  # as spike alerts (aduan.stats.spikes.AGENCY_DEPTH)
REGION_CODE_LENGTH = 5
EVENT_CHANNELS = ("posko", "nampel", "on-the-spot")
COUNTED_INTAKE_TYPES = ("lm", "rco")
BASIS_ORDER = ("event", "agency", "place")  # on a tie, the more specific key names the group

# Words that say nothing about what a report is about (function words, greetings, the way
# reports open and close); dropped before the n-grams are taken.
STOPWORDS = frozenset(
    """
    saya kami kita aku anda dia mereka yang dan di ke dari ini itu tidak sudah belum untuk dengan
    pada ada karena tapi tetapi juga lagi sama bisa orang mohon tolong bapak ibu terima kasih
    selamat pagi siang sore malam assalamualaikum ingin melapor lapor laporan bantuan jadi sehingga
    atau akan oleh dalam hari sejak sampai masih tersebut kepada tanpa padahal katanya harus
    sangat banyak setiap tiap bagaimana solusinya ditindaklanjuti warga kok nya pun lah dong ya
    agar supaya bahwa namun saat ketika telah pernah hanya saja para kalau jika maka
    namaplaceholder teleponplaceholder nomorplaceholder emailplaceholder
    """.split()
)
_VECTORS: OrderedDict[tuple[int, int], tuple[list[str], Any, Any]] = OrderedDict()
_VECTORS_MAX = 20_000


def window_days() -> int:
    return int(getattr(settings, "ADUAN_MASS_WINDOW_DAYS", 14))


def threshold() -> float:
    return int(getattr(settings, "ADUAN_MASS_SIMILARITY_PERCENT", 30)) / 100


def min_reports() -> int:
    return int(getattr(settings, "ADUAN_MASS_MIN_REPORTS", 3))


# --- text


def words(title: str, chronology: str) -> list[str]:
    """The report's meaningful words: normalised, function words out."""
    text = normalise(f"{title or ''} {(chronology or '')[:TEXT_CHARS]}")
    return [w for w in text.split() if w not in STOPWORDS and len(w) > 1]


def _analysed(pk: int, title: str, chronology: str) -> tuple[list[str], Any, Any]:
    """A report's words, and the hashed character n-grams of them with sublinear counts
    (columns, values); kept per report and text, so a report is analysed once."""
    key = (pk, hash((title or "", (chronology or "")[:TEXT_CHARS])))
    found = _VECTORS.get(key)
    if found is not None:
        _VECTORS.move_to_end(key)
        return found
    said = words(title, chronology)
    analysed = matching.grams(" ".join(said), normalised=True)
    found = (said, analysed.columns, analysed.values)
    _VECTORS[key] = found
    if len(_VECTORS) > _VECTORS_MAX:
        _VECTORS.popitem(last=False)
    return found


def similarities(first: Any, others: list[Any]) -> Any:
    """Cosine similarity of the report ``first`` with each of ``others`` (objects with
    ``columns`` and ``values`` of their n-grams), TF-IDF over these reports: the duplicate
    finder's measure (``matching.cosine``), on the reports' meaningful words."""
    return matching.cosine(first, others)


# --- keys


@dataclass
class Report:
    """What grouping reads of a report."""

    pk: int
    received_at: dt.datetime
    keys: dict[str, Any]  # basis -> key (an event: a list of keys)
    labels: dict[str, str] = field(default_factory=dict)  # basis -> what to call the key
    words: list[str] = field(default_factory=list)
    columns: Any = None
    values: Any = None


def event_keys(event_tag: str, channel_code: str) -> list[str]:
    keys = []
    tag = normalise(event_tag or "")
    if tag:
        keys.append(f"tag:{tag}"[:130])
    if channel_code in EVENT_CHANNELS:
        keys.append(f"channel:{channel_code}")
    return keys


def _report(row: dict[str, Any], agencies: dict[str, tuple[int, str]]) -> Report:
    keys: dict[str, Any] = {}
    labels: dict[str, str] = {}
    path = row.get("agency__path") or ""
    if path:
        root = agencies.get(path[: _steplen() * AGENCY_DEPTH])
        if root is not None:
            keys["agency"] = str(root[0])
            labels["agency"] = root[1]
    events = event_keys(row.get("event_tag") or "", row.get("channel__code") or "")
    if events:
        keys["event"] = events  # a list: a posko report may carry a tag too
        labels["event"] = (row.get("event_tag") or "").strip() or row.get("channel__name") or ""
    region = row.get("event_region_id") or ""
    if len(region) >= REGION_CODE_LENGTH:
        keys["place"] = region[:REGION_CODE_LENGTH]
    said, columns, values = _analysed(
        row["pk"], row.get("title") or "", row.get("chronology") or ""
    )
    return Report(
        pk=row["pk"],
        received_at=row["received_at"],
        keys=keys,
        labels=labels,
        words=said,
        columns=columns,
        values=values,
    )


def _steplen() -> int:
    from aduan.directory.models import Agency

    return Agency.steplen


def _key_pairs(report: Report) -> list[tuple[str, str]]:
    pairs = []
    for basis in BASIS_ORDER:
        value = report.keys.get(basis)
        if value is None:
            continue
        for key in value if isinstance(value, list) else [value]:
            pairs.append((basis, key))
    return pairs


def _shares(report: Report, basis: str, key: str) -> bool:
    value = report.keys.get(basis)
    return value is not None and (key in value if isinstance(value, list) else key == value)


_FIELDS = (
    "pk",
    "title",
    "chronology",
    "received_at",
    "agency__path",
    "event_tag",
    "channel__code",
    "channel__name",
    "event_region_id",
)


def _candidate_filter(report: Report) -> Q:
    """The SQL side of the keys: reports that may share one (the agency's subtree, the event's
    tag or channel, the regency)."""
    from aduan.directory.models import Agency

    q = Q(pk__in=[])
    if "agency" in report.keys:
        root = Agency.objects.filter(pk=report.keys["agency"]).values_list("path", flat=True)
        path = root.first()
        if path:
            q |= Q(agency__path__startswith=path)
    for key in report.keys.get("event", []):
        kind, _sep, value = key.partition(":")
        if kind == "channel":
            q |= Q(channel__code=value)
        else:
            q |= Q(event_tag__gt="")  # normalised tags are compared in Python
    if "place" in report.keys:
        code = report.keys["place"]
        q |= Q(event_region_id=code) | Q(event_region__code__startswith=f"{code}.")
    return q


def _agency_roots(paths: set[str]) -> dict[str, tuple[int, str]]:
    from aduan.directory.models import Agency

    prefixes = {p[: _steplen() * AGENCY_DEPTH] for p in paths if p}
    return {a.path: (a.pk, a.name) for a in Agency.objects.filter(path__in=prefixes)}


# --- placing a report


@dataclass
class Placement:
    """What ``place_case`` did: joined or started a group (with whom and why), or nothing."""

    group: Any = None
    started: bool = False
    basis: str = ""
    key: str = ""
    similarity: float = 0.0
    closest: int | None = None
    members: list[int] = field(default_factory=list)


def place_case(case: Any) -> Placement:
    """Put ``case`` into the open mass-complaint group it belongs to, or start one (the rule is
    in the module's docstring). Safe to repeat: a report already in an automatic group stays."""
    from aduan.cases.models import Case
    from aduan.stats.models import MassComplaint

    if case.intake_type.code not in COUNTED_INTAKE_TYPES:
        return Placement()
    with transaction.atomic():
        from aduan.directory.models import Office

        Office.objects.select_for_update(no_key=True).filter(pk=case.office_id).first()
        if MassComplaint.objects.filter(cases=case, origin=MassComplaint.Origin.AUTOMATIC).exists():
            return Placement()
        row = Case.objects.filter(pk=case.pk).values(*_FIELDS).first()
        if row is None:
            return Placement()
        roots = _agency_roots({row["agency__path"] or ""})
        new = _report(row, roots)
        pairs = _key_pairs(new)
        if not pairs or not new.words:
            return Placement()
        span = dt.timedelta(days=window_days())
        rows = list(
            Case.objects.filter(
                _candidate_filter(new),
                office_id=case.office_id,
                intake_type__code__in=COUNTED_INTAKE_TYPES,
                received_at__gte=new.received_at - span,
                received_at__lte=new.received_at + span,
            )
            .exclude(pk=case.pk)
            .order_by("-received_at", "-id")
            .values(*_FIELDS)[:MAX_CANDIDATES]
        )
        roots.update(_agency_roots({r["agency__path"] or "" for r in rows}))
        candidates = [_report(r, roots) for r in rows]
        candidates = [c for c in candidates if c.words and any(_shares(c, b, k) for b, k in pairs)]
        if not candidates:
            return Placement()
        sims = similarities(new, candidates)
        similar = {c.pk: float(s) for c, s in zip(candidates, sims, strict=True)}
        placement = _join(case, new, pairs, candidates, similar) or _start(
            case, new, pairs, candidates, similar
        )
    return placement or Placement()


def _live_groups(office_id: int, pairs: list[tuple[str, str]], at: dt.datetime, span: Any) -> Any:
    from aduan.stats.models import MassComplaint

    keys = Q(pk__in=[])
    for basis, key in pairs:
        keys |= Q(basis=basis, basis_key=key)
    return MassComplaint.objects.filter(
        keys,
        office_id=office_id,
        origin=MassComplaint.Origin.AUTOMATIC,
        status__in=[MassComplaint.Status.OPEN, MassComplaint.Status.EXAMINED],
        last_received_at__gte=at - span,
        first_received_at__lte=at + span,
    )


def _memberships(pks: list[int]) -> dict[int, set[int]]:
    """case pk -> the open automatic groups it is in."""
    from aduan.stats.models import MassComplaint

    through = MassComplaint.cases.through
    found: dict[int, set[int]] = {}
    for case_id, group_id in through.objects.filter(
        case_id__in=pks,
        masscomplaint__origin=MassComplaint.Origin.AUTOMATIC,
        masscomplaint__status__in=[MassComplaint.Status.OPEN, MassComplaint.Status.EXAMINED],
    ).values_list("case_id", "masscomplaint_id"):
        found.setdefault(case_id, set()).add(group_id)
    return found


def _join(
    case: Any,
    new: Report,
    pairs: list[tuple[str, str]],
    candidates: list[Report],
    similar: dict[int, float],
) -> Placement | None:
    span = dt.timedelta(days=window_days())
    groups = {
        g.pk: g
        for g in _live_groups(case.office_id, pairs, new.received_at, span)
        if new.pk not in (g.removed_case_ids or [])
    }
    if not groups:
        return None
    members = _memberships([c.pk for c in candidates])
    best: tuple[float, Any, Report] | None = None
    for group in groups.values():
        inside = [
            c
            for c in candidates
            if group.pk in members.get(c.pk, ()) and _shares(c, group.basis, group.basis_key)
        ]
        inside.sort(key=lambda c: abs((c.received_at - new.received_at).total_seconds()))
        for c in inside[:GROUP_SAMPLE]:
            s = similar[c.pk]
            if s >= threshold() and (best is None or s > best[0]):
                best = (s, group, c)
    if best is None:
        return None
    s, group, closest = best
    _add(group, case, new)
    # Single link: reports like this one that share the group's key and are in no group yet
    # (they came before the group started and were like none of its first members) join too.
    strays = [
        c
        for c in candidates
        if c.pk not in members
        and similar[c.pk] >= threshold()
        and _shares(c, group.basis, group.basis_key)
        and c.pk not in (group.removed_case_ids or [])
    ]
    for stray in strays:
        _add(group, stray.pk, stray)
    audit.record(
        "mass_complaint.grouped",
        target=group,
        office=case.office,
        actor_label="triage",
        new={
            "case": case.reference,
            "basis": group.basis,
            "key": group.basis_key,
            "similarity": round(s, 3),
            "closest": closest.pk,
            "words": shared_words(new, closest),
            "with_it": [c.pk for c in strays],
        },
        reason=_("Grouped automatically"),
    )
    return Placement(
        group=group,
        basis=group.basis,
        key=group.basis_key,
        similarity=s,
        closest=closest.pk,
        members=[case.pk, *(c.pk for c in strays)],
    )


def _start(
    case: Any,
    new: Report,
    pairs: list[tuple[str, str]],
    candidates: list[Report],
    similar: dict[int, float],
) -> Placement | None:
    from aduan.cases.models import Case
    from aduan.stats.models import MassComplaint

    members = _memberships([c.pk for c in candidates])
    alike = [c for c in candidates if similar[c.pk] >= threshold() and c.pk not in members]
    best: tuple[int, int, str, str, list[Report]] | None = None
    for basis, key in pairs:
        sharing = [c for c in alike if _shares(c, basis, key)]
        rank = (len(sharing), -BASIS_ORDER.index(basis))
        if best is None or rank > (best[0], best[1]):
            best = (rank[0], rank[1], basis, key, sharing)
    if best is None or best[0] + 1 < min_reports():
        return None
    _count, _order, basis, key, sharing = best
    everyone = [new, *sharing]
    label = _basis_label(basis, key, new)
    common = common_words(everyone)
    group = MassComplaint.objects.create(
        office_id=case.office_id,
        title=(
            _("%(words)s (%(shared)s)") % {"words": ", ".join(common[:4]) or label, "shared": label}
        )[:255],
        origin=MassComplaint.Origin.AUTOMATIC,
        basis=basis,
        basis_key=key,
        basis_label=label[:255],
        first_received_at=min(r.received_at for r in everyone),
        last_received_at=max(r.received_at for r in everyone),
    )
    group.cases.set([r.pk for r in everyone])
    references = dict(
        Case.objects.filter(pk__in=[r.pk for r in everyone]).values_list("pk", "reference")
    )
    closest = max(sharing, key=lambda c: similar[c.pk])
    audit.record(
        "mass_complaint.created",
        target=group,
        office=case.office,
        actor_label="triage",
        new={
            "title": group.title,
            "origin": group.origin,
            "basis": basis,
            "key": key,
            "cases": [references.get(r.pk, str(r.pk)) for r in everyone],
            "similarity": {
                references.get(c.pk, str(c.pk)): round(similar[c.pk], 3) for c in sharing
            },
            "words": common[:8],
        },
        reason=_("Grouped automatically"),
    )
    return Placement(
        group=group,
        started=True,
        basis=basis,
        key=key,
        similarity=similar[closest.pk],
        closest=closest.pk,
        members=[r.pk for r in everyone],
    )


def _add(group: Any, case: Any, report: Report) -> None:
    group.cases.add(case)
    changed = []
    if group.first_received_at is None or report.received_at < group.first_received_at:
        group.first_received_at = report.received_at
        changed.append("first_received_at")
    if group.last_received_at is None or report.received_at > group.last_received_at:
        group.last_received_at = report.received_at
        changed.append("last_received_at")
    if changed:
        group.save(update_fields=changed)


def _basis_label(basis: str, key: str, report: Report) -> str:
    if basis == "agency":
        return report.labels.get("agency", key)
    if basis == "event":
        kind, _sep, value = key.partition(":")
        if kind == "channel":
            from aduan.reference.models import Channel

            name = Channel.objects.filter(code=value).values_list("name", flat=True).first()
            return name or value
        return report.labels.get("event", value) or value
    from aduan.regions.models import Region

    return Region.objects.filter(code=key).values_list("name", flat=True).first() or key


def shared_words(first: Report, second: Report, count: int = 6) -> list[str]:
    """The words two reports have in common, longest first (why they were grouped)."""
    theirs = set(second.words)
    seen: list[str] = []
    for word in first.words:
        if word in theirs and word not in seen and len(word) > 2:
            seen.append(word)
    return sorted(seen, key=len, reverse=True)[:count]


def common_words(reports: list[Report], count: int = 8) -> list[str]:
    """The words most of the reports use (at least half of them)."""
    df = Counter(w for r in reports for w in set(r.words) if len(w) > 2)
    half = math.ceil(len(reports) / 2)
    return [w for w, n in df.most_common(count * 3) if n >= half][:count]
