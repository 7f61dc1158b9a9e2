"""Routing suggestions for a case (decision 0026): the top-3 agencies, substances,
maladministration forms and (for reports entered by staff) channels from the office's model,
and the region from the names of the office's regions found in the text (a gazetteer, no
model). Run after the case is committed (``aduan.triage.services.after_receipt``), never in
the intake request; running again replaces the case's suggestions with the same rows."""

from __future__ import annotations

import logging
import re
import threading
import time
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from aduan.triage import local, store
from aduan.triage.classifier import normalise
from aduan.triage.models import Suggestion, Target

log = logging.getLogger(__name__)

TOP = 3
EXPLAIN = 5


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    score: float
    words: list[str]


def suggest_for_case(case: Any) -> dict[str, list[Option]]:
    """Store the top-3 suggestions per target for ``case`` (a target without a usable model
    gets none, and the case page says so). Returns what was stored, per target."""
    text = store.case_text(case)
    made: dict[str, list[Option]] = {}
    regions = suggest_regions(case.office, text)
    # Where the report happened, most trusted first: what staff or the reporter chose, then
    # the regions its text names (an agency model names a place-bound agency from it).
    places = [case.event_region_id, *(option.value for option in regions)]
    in_use = store.models_in_use(case.office)
    for target in store.MODEL_TARGETS:
        if target == Target.CHANNEL and _channel_certain(case):
            continue
        found = in_use.get(target)
        if found is None:
            continue
        model, _shared = found
        classifier = store.load(model)
        if classifier is None:
            continue
        started = time.perf_counter()
        predictions = _predict(classifier, text, places)
        options = _to_options(target, predictions)
        log.debug("suggested %s in %.1f ms", target, (time.perf_counter() - started) * 1000)
        _replace(case, target, options, model)
        made[target] = options
    _replace(case, Target.REGION, regions, None)
    made[Target.REGION] = regions
    return made


def _predict(classifier: Any, text: str, places: list[str | None]) -> list[Any]:
    groups = classifier.meta.get("local")
    k = TOP + 2 if groups else TOP  # two place-bound classes may name one agency
    try:
        found = classifier.predict(text, k=k, explain=EXPLAIN)
    except IndexError:  # a two-class model's explanation fails (classifier._why): no words
        log.warning("the words behind a two-class suggestion could not be read")
        found = classifier.predict(text, k=k, explain=0)
    return local.resolve(found, groups, places)[:TOP] if groups else found


def _channel_certain(case: Any) -> bool:
    from aduan.reference.models import Channel

    code = Channel.objects.filter(pk=case.channel_id).values_list("code", flat=True).first()
    return code in store.CERTAIN_CHANNELS


def _to_options(target: str, predictions: list[Any]) -> list[Option]:
    """Labels mapped to the objects that still exist (a label whose object is gone is
    skipped)."""
    labels = [p.label for p in predictions]
    names = object_labels(target, labels)
    return [
        Option(value=p.label, label=names[p.label], score=round(p.score, 4), words=list(p.words))
        for p in predictions
        if p.label in names
    ]


def object_labels(target: str, values: list[str]) -> dict[str, str]:
    """``{value: label}`` of the objects ``values`` name for ``target`` (one query)."""
    from aduan.directory.models import Agency
    from aduan.reference.models import Channel, MaladministrationForm, Substance
    from aduan.regions.models import Region

    if not values:
        return {}
    if target == Target.AGENCY:
        ids = [int(v) for v in values if str(v).isdigit()]
        return {
            str(pk): name
            for pk, name in Agency.objects.filter(pk__in=ids).values_list("pk", "name")
        }
    if target == Target.REGION:
        return {
            code: name
            for code, name in Region.objects.filter(code__in=values).values_list("code", "name")
        }
    model = {
        Target.SUBSTANCE: Substance,
        Target.FORM: MaladministrationForm,
        Target.CHANNEL: Channel,
    }[target]
    return {item.code: str(item) for item in model.objects.filter(code__in=values, active=True)}


def _replace(case: Any, target: str, options: list[Option], model: Any) -> None:
    with transaction.atomic():
        Suggestion.objects.filter(case=case, target=target).delete()
        Suggestion.objects.bulk_create(
            Suggestion(
                case=case,
                target=target,
                rank=rank,
                value=option.value,
                label=option.label[:255],
                score=option.score,
                words=option.words,
                model=model,
            )
            for rank, option in enumerate(options[:TOP], start=1)
        )


# --- the region, from the names of the office's regions found in the text

_PREFIXES = re.compile(r"^(kabupaten|kab|kota|provinsi|prov|kepulauan)\s+")
_LEVEL_WEIGHT = {"provinsi": 1.0, "kabupaten_kota": 1.6, "kecamatan": 2.0, "desa_kelurahan": 2.2}
_MIN_NAME = 4
_MAX_WORDS = 4


@dataclass
class Gazetteer:
    names: dict[str, list[tuple[str, str, str]]]  # normalised name -> [(code, level, name)]
    built: float


_GAZETTEERS: dict[tuple[int, tuple[str, ...]], Gazetteer] = {}
_GAZ_LOCK = threading.Lock()
GAZETTEER_SECONDS = 3600


def spellings(name: str) -> set[str]:
    base = normalise(name)
    found = {base}
    stripped = base
    while True:
        shorter = _PREFIXES.sub("", stripped)
        if shorter == stripped:
            break
        stripped = shorter
        found.add(stripped)
    for spelling in list(found):
        if " " in spelling:
            found.add(spelling.replace(" ", ""))  # "pangkal pinang" as "pangkalpinang"
    return {s for s in found if len(s) >= _MIN_NAME and s not in {"kota", "kabupaten"}}


def gazetteer(office: Any) -> Gazetteer:
    """The names of the regions in ``office``'s jurisdiction (kept per process for an hour)."""
    from django.db.models import Q

    from aduan.regions.models import Region

    roots = tuple(sorted(office.jurisdiction.values_list("code", flat=True)))
    key = (office.pk, roots)
    with _GAZ_LOCK:
        known = _GAZETTEERS.get(key)
    if known is not None and time.monotonic() - known.built < GAZETTEER_SECONDS:
        return known
    names: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    if roots:
        where = Q()
        for root in roots:
            where |= Q(code=root) | Q(code__startswith=root + ".")
        for code, level, name in Region.objects.filter(where).values_list("code", "level", "name"):
            for spelling in spellings(name):
                names[spelling].append((code, level, name))
    built = Gazetteer(names=dict(names), built=time.monotonic())
    with _GAZ_LOCK:
        _GAZETTEERS[key] = built
    return built


def forget_gazetteers() -> None:
    with _GAZ_LOCK:
        _GAZETTEERS.clear()


def suggest_regions(office: Any, text: str) -> list[Option]:
    """Up to three regions of the office's jurisdiction named in ``text``: the most specific
    and most often named first. A name shared by several regions counts for each in part; a
    region whose province or regency is also named gains. Confidence: its share of the
    evidence, with room for "none of these"."""
    gaz = gazetteer(office)
    if not gaz.names:
        return []
    tokens = normalise(text).split()
    mentions: dict[str, float] = defaultdict(float)
    seen_words: dict[str, list[str]] = defaultdict(list)
    meta: dict[str, tuple[str, str]] = {}
    i = 0
    while i < len(tokens):
        matched = 0
        for width in range(min(_MAX_WORDS, len(tokens) - i), 0, -1):
            words = tokens[i : i + width]
            for phrase in (" ".join(words), "".join(words)) if width > 1 else (words[0],):
                regions = gaz.names.get(phrase)
                if regions:
                    share = 1.0 / len(regions)
                    for code, level, name in regions:
                        mentions[code] += share
                        meta[code] = (level, name)
                        if phrase not in seen_words[code]:
                            seen_words[code].append(phrase)
                    matched = width
                    break
            if matched:
                break
        i += matched or 1
    if not mentions:
        return []
    named = set(mentions)
    weights: dict[str, float] = {}
    for code, count in mentions.items():
        level, _name = meta[code]
        parts = code.split(".")
        ancestors = {".".join(parts[:k]) for k in range(1, len(parts))}
        support = 1.0 + 0.5 * len(ancestors & named)
        weights[code] = count * _LEVEL_WEIGHT.get(level, 1.0) * support
    total = sum(weights.values()) + 1.0
    ranked = sorted(weights.items(), key=lambda item: (-item[1], item[0]))[:TOP]
    return [
        Option(
            value=code,
            label=meta[code][1],
            score=round(weight / total, 4),
            words=seen_words[code][:EXPLAIN],
        )
        for code, weight in ranked
    ]
