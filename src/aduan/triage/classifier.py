"""The text classifier behind routing suggestions: Indonesian text as people write it, word and
character n-grams, a linear model with calibrated confidences, and the words that drove each
suggestion. A trained classifier is one file (joblib) with its format version.

This module knows nothing of Django: ``aduan triage train --csv`` and the benchmark use it on any
table of texts and labels; ``aduan.triage.store`` trains it on an office's decided cases."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import joblib
import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion

FORMAT = 1  # the file format; a file of another format is refused (train again)
METHOD = "tfidf-word-char+logreg"

# Slang, abbreviations and old spelling as reports are written (SMS, WhatsApp, social media).
SLANG = {
    "yg": "yang",
    "tdk": "tidak",
    "gk": "tidak",
    "gak": "tidak",
    "ga": "tidak",
    "nggak": "tidak",
    "ngga": "tidak",
    "enggak": "tidak",
    "sdh": "sudah",
    "udh": "sudah",
    "udah": "sudah",
    "mhn": "mohon",
    "blm": "belum",
    "dgn": "dengan",
    "krn": "karena",
    "karna": "karena",
    "utk": "untuk",
    "untk": "untuk",
    "tsb": "tersebut",
    "jln": "jalan",
    "jl": "jalan",
    "dr": "dari",
    "sy": "saya",
    "sya": "saya",
    "kmi": "kami",
    "kmrn": "kemarin",
    "bgt": "banget",
    "aja": "saja",
    "aj": "saja",
    "tp": "tapi",
    "tpi": "tapi",
    "jg": "juga",
    "lg": "lagi",
    "sm": "sama",
    "bs": "bisa",
    "bsa": "bisa",
    "org": "orang",
    "pd": "pada",
    "kpd": "kepada",
    "thd": "terhadap",
    "trs": "terus",
    "skrg": "sekarang",
    "bln": "bulan",
    "thn": "tahun",
    "hr": "hari",
    "mngkn": "mungkin",
    "gmn": "bagaimana",
    "bgmn": "bagaimana",
    "knp": "kenapa",
    "mksh": "terima kasih",
    "makasih": "terima kasih",
    "trims": "terima kasih",
    "pak": "bapak",
    "bu": "ibu",
    "kel": "kelurahan",
    "kec": "kecamatan",
    "rt": "rt",
    "rw": "rw",
}
_PLACEHOLDER = re.compile(r"\[(NAMA|TELEPON|NOMOR|EMAIL|[A-Z]+)\]")
_TOKEN = re.compile(r"[a-z0-9]+")
_REPEAT = re.compile(r"([a-z])\1{2,}")
_OLD_SPELLING = [(re.compile(r"\bdj"), "j"), (re.compile(r"\btj"), "c"), (re.compile(r"oe"), "u")]


def normalise(text: str) -> str:
    """Lower case, placeholders as plain tokens, emoji and punctuation out, letters repeated for
    emphasis collapsed, old spelling and slang mapped to standard words."""
    text = _PLACEHOLDER.sub(lambda m: f" {m.group(1).lower()}placeholder ", text or "")
    text = unicodedata.normalize("NFKC", text).lower()
    text = _REPEAT.sub(r"\1\1", text)
    for pattern, new in _OLD_SPELLING:
        text = pattern.sub(new, text)
    words = [SLANG.get(w, w) for w in _TOKEN.findall(text)]
    return " ".join(words)


@dataclass(frozen=True)
class Prediction:
    label: str
    score: float  # calibrated probability, 0..1
    words: list[str] = field(default_factory=list)  # the words that drove it, strongest first


class Classifier:
    """A trained classifier: ``predict(text)`` gives the top-k labels with their confidence."""

    def __init__(
        self, features: FeatureUnion, model: Any, labels: Sequence[str], meta: dict
    ) -> None:
        self.features = features
        self.model = model
        self.labels = list(labels)
        self.meta = meta
        word = dict(features.transformer_list)["word"]
        self._vocabulary = np.array(word.get_feature_names_out())
        self._word_width = len(self._vocabulary)

    # --- use
    def predict(self, text: str, k: int = 3, explain: int = 5) -> list[Prediction]:
        return self.predict_many([text], k=k, explain=explain)[0]

    def predict_many(
        self, texts: Sequence[str], k: int = 3, explain: int = 0
    ) -> list[list[Prediction]]:
        x = self.features.transform([normalise(t) for t in texts])
        probabilities = self.model.predict_proba(x)
        results = []
        for row, p in enumerate(probabilities):
            top = np.argsort(-p)[:k]
            results.append(
                [
                    Prediction(
                        label=self.labels[i],
                        score=float(p[i]),
                        words=self._why(x[row], i, explain) if explain else [],
                    )
                    for i in top
                ]
            )
        return results

    def _why(self, x_row: Any, class_index: int, count: int) -> list[str]:
        """The report's words that pushed most towards this label (word features only)."""
        coef = self._coefficients()[class_index]
        row = x_row.tocsr()
        cols = row.indices[row.indices < self._word_width]
        if not len(cols):
            return []
        values = row[0, cols].toarray().ravel() * coef[cols]
        order = np.argsort(-values)
        return [str(self._vocabulary[cols[i]]) for i in order[:count] if values[i] > 0]

    def _coefficients(self) -> np.ndarray:
        return self.model.coef_

    # --- files
    def save(self, path: Path | str) -> None:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        joblib.dump(
            {
                "format": FORMAT,
                "features": self.features,
                "model": self.model,
                "labels": self.labels,
                "meta": self.meta,
            },
            path,
            compress=3,
        )

    @classmethod
    def load(cls, path: Path | str) -> Classifier:
        data = joblib.load(Path(path))
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError(f"{path} is not a triage model of format {FORMAT}: train it again.")
        return cls(data["features"], data["model"], data["labels"], data["meta"])


def features() -> FeatureUnion:
    return FeatureUnion(
        [
            (
                "word",
                TfidfVectorizer(
                    ngram_range=(1, 2), min_df=2, sublinear_tf=True, max_features=200_000
                ),
            ),
            (
                "char",
                TfidfVectorizer(
                    analyzer="char_wb",
                    ngram_range=(2, 5),
                    min_df=2,
                    sublinear_tf=True,
                    max_features=300_000,
                ),
            ),
        ]
    )


def train(texts: Sequence[str], labels: Sequence[str], *, source: str = "") -> Classifier:
    """Train on ``texts`` and their ``labels`` (at least two distinct labels)."""
    if len(set(labels)) < 2:
        raise ValueError("Training needs examples of at least two different labels.")
    union = features()
    x = union.fit_transform([normalise(t) for t in texts])
    model = LogisticRegression(C=20.0, max_iter=2000)
    model.fit(x, list(labels))
    return Classifier(
        union,
        model,
        [str(c) for c in model.classes_],
        {"method": METHOD, "samples": len(texts), "source": source},
    )


def top_k_accuracy(
    classifier: Classifier, texts: Sequence[str], labels: Sequence[str], k: int = 3
) -> tuple[float, float]:
    """(top-1, top-k) accuracy on a held-out set."""
    predictions = classifier.predict_many(texts, k=k)
    top1 = sum(p[0].label == y for p, y in zip(predictions, labels, strict=True))
    topk = sum(y in {q.label for q in p} for p, y in zip(predictions, labels, strict=True))
    n = max(len(labels), 1)
    return top1 / n, topk / n
