"""Agencies bound to a place, in an office's own agency model.

A province office's directory holds the same kind of agency once per regency or city: "Dinas
Pendidikan Kota Pangkalpinang", "Dinas Pendidikan Kabupaten Bangka". A report's words say which
kind it is about far better than which one; the place of the event says which one. So, when an
office's model is trained, agencies of one kind at one level whose reports happened inside their
own region (at least ``SHARE`` of those with a place) are learnt as one class; a suggestion of
that class is named from the report's place (its place of the event, else the regions its text
names), else the kind's most reported agency. The classes are kept in the model's ``meta``
(``meta["local"]``), so a model file says what it learnt.

The kind is the agency's name without its region's name ("dinas pendidikan"); an agency whose
name does not end with its region's name keeps its own class."""

from __future__ import annotations

import dataclasses
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from aduan.triage.classifier import Prediction, normalise

SHARE = 0.8
PREFIX = "@local@"
# A region's level and the number of parts of its code ("19.71" is a regency or city).
SEGMENTS = {"provinsi": 1, "kabupaten_kota": 2, "kecamatan": 3, "desa_kelurahan": 4}
_LEVEL_WORD = re.compile(r"\s+(kabupaten|kab|kota|provinsi|prov|kecamatan|kec|desa|kelurahan)$")


def region_at(code: str | None, level: str) -> str | None:
    """The region of ``level`` that holds the region ``code`` (itself when it is of that
    level), or None when ``code`` is coarser."""
    if not code or level not in SEGMENTS:
        return None
    parts = code.split(".")
    wanted = SEGMENTS[level]
    return ".".join(parts[:wanted]) if len(parts) >= wanted else None


def kind_of(agency_name: str, region_name: str) -> str | None:
    """The agency's name without its region's ("Dinas Pendidikan Kabupaten Bangka" in "KAB.
    BANGKA": "dinas pendidikan"), or None when the name does not end with the region's."""
    from aduan.triage.suggest import spellings

    name = normalise(agency_name)
    for spelling in sorted(spellings(region_name), key=len, reverse=True):
        if name.endswith(" " + spelling):
            rest = name[: -len(spelling)].strip()
            while True:
                shorter = _LEVEL_WORD.sub("", rest).strip()
                if shorter == rest:
                    break
                rest = shorter
            return rest or None
    return None


def find_groups(labels: Sequence[str], places: Sequence[str | None]) -> dict[str, dict]:
    """The place-bound classes of an agency model's training rows: ``labels`` are agency ids,
    ``places`` each row's place of the event (a region code, or None)."""
    from aduan.directory.models import Agency

    rows: dict[str, list[str | None]] = defaultdict(list)
    for label, place in zip(labels, places, strict=True):
        rows[label].append(place)
    ids = [int(label) for label in rows if str(label).isdigit()]
    agencies = Agency.objects.filter(pk__in=ids, region__isnull=False).values_list(
        "pk", "name", "region_id", "region__level", "region__name"
    )
    found: dict[str, dict[str, Any]] = {}
    for pk, name, region, level, region_name in agencies:
        label = str(pk)
        placed = [p for p in rows[label] if p]
        inside = sum(1 for p in placed if region_at(p, level) == region)
        if not placed or inside < SHARE * len(placed):
            continue
        kind = kind_of(name, region_name)
        if kind is None:
            continue
        group = found.setdefault(
            f"{PREFIX}{level}@{kind}", {"level": level, "kind": kind, "members": {}, "rows": {}}
        )
        known = group["members"].get(region)
        if known is None or len(rows[label]) > group["rows"][known]:
            group["members"][region] = label
        group["rows"][label] = len(rows[label])
    groups = {}
    for key, group in found.items():
        if len(group["members"]) < 2:
            continue
        counted = Counter({lb: n for lb, n in group.pop("rows").items()})
        group["default"] = max(counted, key=lambda lb: (counted[lb], lb))
        group["labels"] = sorted(group["members"].values())
        groups[key] = group
    return groups


def relabel(labels: Iterable[str], groups: dict[str, dict]) -> list[str]:
    member = {label: key for key, group in groups.items() for label in group["labels"]}
    return [member.get(label, label) for label in labels]


def resolve(
    predictions: Sequence[Prediction], groups: dict[str, dict], places: Sequence[str | None]
) -> list[Prediction]:
    """Each place-bound class named as the agency of the first of ``places`` (region codes,
    most trusted first) its kind has, else as its most reported one; two classes that name the
    same agency add up. Order: by confidence."""
    merged: dict[str, Prediction] = {}
    for prediction in predictions:
        label = prediction.label
        group = groups.get(label)
        if group is not None:
            label = group["default"]
            for place in places:
                member = group["members"].get(region_at(place, group["level"]) or "")
                if member is not None:
                    label = member
                    break
        known = merged.get(label)
        if known is None:
            merged[label] = dataclasses.replace(prediction, label=label)
        else:
            merged[label] = dataclasses.replace(
                known, score=min(1.0, known.score + prediction.score)
            )
    return sorted(merged.values(), key=lambda p: -p.score)
