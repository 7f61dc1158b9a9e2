"""The duplicate finder's precision and recall on a labelled sample built from the shared
Surabaya complaints (``../shared/data/surabaya-keluhan-2022-2023.csv``). No complaint text is
printed.

How the sample is built (not circular: the labels come from how the pairs are made, never from
the finder's own similarity):

- **Originals**: real complaints (at least 80 characters), a seeded random sample.
- **Positives, same reporter** (P1): the citizen writes again 1–30 days later: a copy of the
  original with slang substituted, words dropped, neighbouring words swapped, typos, a truncated
  end and an added greeting ("mild" or "strong" amounts, half each), under the same invented
  phone number and about the same agency: reasons ``same_phone, same_agency``.
- **Positives, same agency** (P2): the same matter written again under another identity (a new
  number, a relative's phone), a strong rewrite: reasons ``same_agency``.
- **Hard negatives, same agency** (N1): every real complaint to the same agency (``instansi``) in
  the 90 days before the repeat, newest first and capped as the app caps (200), except those
  with the same topic *and* the same kelurahan (they may be real repeats: left out as
  unlabelled). Reasons ``same_agency``.
- **Hard negatives, same reporter** (N2): the same invented reporter's complaints about other
  matters: a real complaint to another agency (reasons ``same_phone``) and one to the same
  agency on another topic (reasons ``same_phone, same_agency``: the hardest kind).
- **Easy negatives**: complaints sharing neither reporter nor agency are never candidates of the
  finder (its SQL narrows to reporter and agency), so they cannot be false positives; they are
  counted as true negatives and do not move precision or recall.

Each repeat is scored against its whole candidate set at once, as the app does
(``aduan.triage.duplicates.score``: ``matching.similarities`` over the candidates, then
``matching.is_probable_repeat`` with the thresholds): the TF-IDF weights come from the same
kind of neighbourhood the app sees.

    python -m bench.triage_duplicates [--originals 120] [--seed 17]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
WINDOW_DAYS = 90
CAP = 200
METHOD = "char 3-5-gram TF-IDF cosine over the candidates; thresholds by reason"


def data_file() -> Path | None:
    """``../shared/data/…csv`` from the repository (or from a worktree's parents)."""
    for parent in [ROOT, *ROOT.parents]:
        path = parent / "shared" / "data" / "surabaya-keluhan-2022-2023.csv"
        if path.exists():
            return path
    return None


def load_rows() -> list[dict] | None:
    path = data_file()
    if path is None:
        return None
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat((value or "")[:10])
    except ValueError:
        return None


# --- the citizen writing again -----------------------------------------------------------------

GREETINGS = [
    "Selamat pagi admin,",
    "Assalamualaikum, mohon maaf sy lapor lagi.",
    "Selamat siang bapak ibu, ini laporan sy yg kemarin blm ada tanggapan.",
    "Halo min,",
    "Permisi, saya ingin menanyakan lagi soal ini:",
]


def _slang_map() -> dict[str, list[str]]:
    from aduan.triage.classifier import SLANG

    back: dict[str, list[str]] = defaultdict(list)
    for short, long in SLANG.items():
        if " " not in long:
            back[long].append(short)
    return back


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.random()
    if kind < 0.4:  # swap two letters
        return word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]
    if kind < 0.7:  # a letter dropped
        return word[:i] + word[i + 1 :]
    return word[:i] + word[i] + word[i:]  # a letter doubled


def rewrite(text: str, rng: random.Random, *, strength: float, slang: dict) -> str:
    """The same complaint as the same person might write it again. ``strength`` 0..1."""
    words = text.split()
    out = []
    for word in words:
        low = word.lower().strip(".,!?")
        r = rng.random()
        if r < 0.25 * strength:
            continue  # dropped
        if low in slang and rng.random() < 0.6:
            word = rng.choice(slang[low])
        elif rng.random() < 0.12 * strength:
            word = _typo(word, rng)
        out.append(word)
    for _ in range(int(len(out) * 0.1 * strength)):  # neighbouring words swapped
        if len(out) > 2:
            i = rng.randrange(len(out) - 1)
            out[i], out[i + 1] = out[i + 1], out[i]
    keep = max(8, int(len(out) * (1 - 0.4 * strength * rng.random())))  # the end cut off
    out = out[:keep]
    if rng.random() < 0.7:
        out = [*rng.choice(GREETINGS).split(), *out]
    return " ".join(out)


# --- the sample --------------------------------------------------------------------------------


def build(rows: list[dict], *, originals: int, seed: int) -> list[dict[str, Any]]:
    """Queries: each a repeat text and its candidates (text, reasons, label)."""
    rng = random.Random(seed)
    slang = _slang_map()
    usable = [
        r for r in rows if len(r.get("teks") or "") >= 80 and _date(r.get("tanggal_keluhan", ""))
    ]
    by_agency: dict[str, list[dict]] = defaultdict(list)
    for r in usable:
        by_agency[r["instansi"]].append(r)
    for group in by_agency.values():
        group.sort(key=lambda r: (_date(r["tanggal_keluhan"]), r["id"]))
    picked = rng.sample(usable, min(originals, len(usable)))
    queries = []
    for original in picked:
        day = _date(original["tanggal_keluhan"]) + dt.timedelta(days=rng.randint(1, 30))
        since = day - dt.timedelta(days=WINDOW_DAYS)
        neighbours = [
            r
            for r in by_agency[original["instansi"]]
            if r["id"] != original["id"] and since <= _date(r["tanggal_keluhan"]) <= day
        ]
        neighbours = neighbours[::-1][:CAP]
        hard = [
            (r["teks"], ["same_agency"], False)
            for r in neighbours
            if r["topik"] != original["topik"] or r["kelurahan"] != original["kelurahan"]
        ]
        other_matter = rng.choice(usable)
        while other_matter["instansi"] == original["instansi"]:
            other_matter = rng.choice(usable)
        # The same reporter about another matter of the same agency (another topic), if any.
        same_agency_other = [
            r for r in by_agency[original["instansi"]] if r["topik"] != original["topik"]
        ]
        own_other = [(other_matter["teks"], ["same_phone"], False)]
        if same_agency_other:
            pick = rng.choice(same_agency_other)
            own_other.append((pick["teks"], ["same_phone", "same_agency"], False))
            hard = [h for h in hard if h[0] != pick["teks"]]
        strength = rng.choice([0.3, 0.7])
        queries.append(
            {
                "kind": "same_reporter",
                "text": rewrite(original["teks"], rng, strength=strength, slang=slang),
                "candidates": [
                    (original["teks"], ["same_phone", "same_agency"], True),
                    *own_other,
                    *hard,
                ],
            }
        )
        queries.append(
            {
                "kind": "same_agency",
                "text": rewrite(original["teks"], rng, strength=0.7, slang=slang),
                "candidates": [(original["teks"], ["same_agency"], True), *hard],
            }
        )
    return queries


def _scored(queries: list[dict]) -> list[tuple[float, list[str], bool]]:
    from aduan.triage.matching import similarities

    out = []
    for query in queries:
        sims = similarities(query["text"], [c[0] for c in query["candidates"]])
        out.extend(
            (sim, reasons, label)
            for sim, (_, reasons, label) in zip(sims, query["candidates"], strict=True)
        )
    return out


def _figures(scored: list, reporter: float, agency: float) -> dict[str, float]:
    from aduan.triage.matching import is_probable_repeat

    tp = fp = fn = 0
    for sim, reasons, label in scored:
        said = is_probable_repeat(
            sim, reasons, same_reporter_threshold=reporter, same_agency_threshold=agency
        )
        tp += said and label
        fp += said and not label
        fn += label and not said
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3)}


def measure(rows: list[dict] | None = None, *, originals: int = 120, seed: int = 17) -> dict:
    """Precision, recall and F1 at the default thresholds, and a sweep of both thresholds.
    ``rows``: the complaint rows (``teks, tanggal_keluhan, topik, instansi, kelurahan``);
    default the shared file (``{"skipped": why}`` without it)."""
    from aduan.triage.matching import SAME_AGENCY_THRESHOLD, SAME_REPORTER_THRESHOLD

    started = time.perf_counter()
    rows = rows if rows is not None else load_rows()
    if not rows:
        return {"method": METHOD, "skipped": "the shared data is absent"}
    queries = build(rows, originals=originals, seed=seed)
    scored = _scored(queries)
    default = _figures(scored, SAME_REPORTER_THRESHOLD, SAME_AGENCY_THRESHOLD)
    sweep = []
    for reporter in (0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5):
        for agency in (0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7):
            sweep.append(
                {"reporter": reporter, "agency": agency, **_figures(scored, reporter, agency)}
            )
    by_kind = {}
    for kind in ("same_reporter", "same_agency"):
        part = [s for s in scored if ("same_phone" in s[1]) == (kind == "same_reporter")]
        by_kind[kind] = {
            "pairs": len(part),
            "positives": sum(1 for s in part if s[2]),
            **_figures(part, SAME_REPORTER_THRESHOLD, SAME_AGENCY_THRESHOLD),
        }
    return {
        "method": METHOD,
        "pairs": len(scored),
        "positives": sum(1 for s in scored if s[2]),
        "queries": len(queries),
        "threshold": {
            "same_reporter": SAME_REPORTER_THRESHOLD,
            "same_agency": SAME_AGENCY_THRESHOLD,
        },
        **default,
        "by_kind": by_kind,
        "sweep": sweep,
        "seconds": round(time.perf_counter() - started, 1),
    }


def report(result: dict) -> str:
    if "skipped" in result:
        return f"duplicate finder: skipped, {result['skipped']}"
    t = result["threshold"]
    lines = [
        f"duplicate finder ({result['method']})",
        f"  sample: {result['queries']} repeats, {result['pairs']} pairs scored, "
        f"{result['positives']} true repeats ({result['seconds']} s)",
        f"  default thresholds same reporter {t['same_reporter']:.2f}, same agency "
        f"{t['same_agency']:.2f}: precision {result['precision']:.3f}  recall "
        f"{result['recall']:.3f}  F1 {result['f1']:.3f}",
    ]
    for kind, fig in result["by_kind"].items():
        lines.append(
            f"    {kind:<14} {fig['pairs']:>6} pairs {fig['positives']:>4} repeats: "
            f"P {fig['precision']:.3f} R {fig['recall']:.3f} F1 {fig['f1']:.3f}"
        )
    lines.append("  sweep (same reporter / same agency threshold: P R F1)")
    for row in result["sweep"]:
        lines.append(
            f"    {row['reporter']:.2f} / {row['agency']:.2f}: "
            f"{row['precision']:.3f} {row['recall']:.3f} {row['f1']:.3f}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--originals", type=int, default=120)
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args(argv)
    print(report(measure(originals=args.originals, seed=args.seed)))


if __name__ == "__main__":
    main()
