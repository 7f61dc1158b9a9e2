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
from scipy import sparse
from scipy.optimize import minimize
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.naive_bayes import ComplementNB
from sklearn.pipeline import FeatureUnion
from sklearn.svm import LinearSVC

FORMAT = 3  # the file format; a file of another format is refused (train again)
READABLE = (2, 3)  # format 2: the same without the naive Bayes part (read as the SVM alone)
METHOD = "tfidf-word-char+linearsvc+sigmoid+complement-nb"
C = 0.5  # LinearSVC's regularisation (docs/decisions/0026-triage.md)
NB_ALPHA = 0.3  # complement naive Bayes's smoothing
NB_SHARE = 0.35  # its share of the confidence beside the SVM's
CHAR_FEATURES = 150_000
HOLD_OUT = 5  # one row in five held out to calibrate the confidences


class ModelFormatError(ValueError):
    """A file that is not a triage model of this version: train it again."""


# Slang, abbreviations and old spelling as reports are written (SMS, WhatsApp, social media).
SLANG = {
    # negation
    "tdk": "tidak",
    "tak": "tidak",
    "gk": "tidak",
    "gak": "tidak",
    "ga": "tidak",
    "nggak": "tidak",
    "ngga": "tidak",
    "nggk": "tidak",
    "ndak": "tidak",
    "enggak": "tidak",
    "kagak": "tidak",
    "gaada": "tidak ada",
    "gada": "tidak ada",
    "bkn": "bukan",
    # aspect and time
    "sdh": "sudah",
    "udh": "sudah",
    "udah": "sudah",
    "uda": "sudah",
    "dah": "sudah",
    "blm": "belum",
    "blum": "belum",
    "msh": "masih",
    "lg": "lagi",
    "skrg": "sekarang",
    "skrng": "sekarang",
    "kmrn": "kemarin",
    "kmarin": "kemarin",
    "sblm": "sebelum",
    "stlh": "setelah",
    "sdg": "sedang",
    "tgl": "tanggal",
    "thn": "tahun",
    "bln": "bulan",
    "hr": "hari",
    "kpn": "kapan",
    # function words
    "yg": "yang",
    "yng": "yang",
    "dgn": "dengan",
    "dg": "dengan",
    "krn": "karena",
    "krna": "karena",
    "karna": "karena",
    "utk": "untuk",
    "untk": "untuk",
    "tuk": "untuk",
    "dr": "dari",
    "dri": "dari",
    "dlm": "dalam",
    "pd": "pada",
    "kpd": "kepada",
    "thd": "terhadap",
    "sm": "sama",
    "tp": "tapi",
    "tpi": "tapi",
    "jg": "juga",
    "sj": "saja",
    "aja": "saja",
    "aj": "saja",
    "spt": "seperti",
    "sprti": "seperti",
    "sbg": "sebagai",
    "shg": "sehingga",
    "klo": "kalau",
    "kalo": "kalau",
    "ato": "atau",
    "trs": "terus",
    "trus": "terus",
    "dpt": "dapat",
    "dapet": "dapat",
    "bs": "bisa",
    "bsa": "bisa",
    "hrs": "harus",
    "lbh": "lebih",
    "krg": "kurang",
    "bnyk": "banyak",
    "byk": "banyak",
    "brp": "berapa",
    "tsb": "tersebut",
    "dll": "dan lain lain",
    "dsb": "dan sebagainya",
    "sampe": "sampai",
    "pgn": "ingin",
    "pengen": "ingin",
    "knp": "kenapa",
    "gmn": "bagaimana",
    "gimana": "bagaimana",
    "bgmn": "bagaimana",
    "mngkn": "mungkin",
    "lgsg": "langsung",
    "lsg": "langsung",
    "bgt": "banget",
    "org": "orang",
    # people and politeness
    "sy": "saya",
    "sya": "saya",
    "gw": "saya",
    "gue": "saya",
    "kmi": "kami",
    "bpk": "bapak",
    "bp": "bapak",
    "pak": "bapak",
    "bu": "ibu",
    "mhn": "mohon",
    "tlg": "tolong",
    "tlng": "tolong",
    "mksh": "terima kasih",
    "makasih": "terima kasih",
    "trims": "terima kasih",
    "trimakasih": "terima kasih",
    "thx": "terima kasih",
    "yth": "yang terhormat",
    # places
    "jln": "jalan",
    "jl": "jalan",
    "gg": "gang",
    "kel": "kelurahan",
    "kec": "kecamatan",
    "rmh": "rumah",
    "dpn": "depan",
}
_PLACEHOLDER = re.compile(r"\[(NAMA|TELEPON|NOMOR|EMAIL|[A-Z]+)\]")
_TOKEN = re.compile(r"[a-z0-9]+")
_REPEAT = re.compile(r"([a-z])\1{2,}")
# The spelling before 1972 (and in many names): dj -> j, tj -> c, oe -> u, per word.
_OLD_SPELLING = (("dj", "j"), ("tj", "c"), ("oe", "u"))


def _word(word: str) -> str:
    if not word.isdigit():
        for old, new in _OLD_SPELLING:
            if old in word:
                word = word.replace(old, new)
    return SLANG.get(word, word)


def normalise(text: str) -> str:
    """Lower case, placeholders as plain tokens, emoji and punctuation out, letters repeated for
    emphasis collapsed, old spelling and slang mapped to standard words. Exports that wrote a
    line break as the two characters backslash-n get a space."""
    text = (text or "").replace("\\n", " ").replace("\\r", " ")
    text = _PLACEHOLDER.sub(lambda m: f" {m.group(1).lower()}placeholder ", text)
    text = unicodedata.normalize("NFKC", text).lower()
    text = _REPEAT.sub(r"\1", text)
    return " ".join(_word(w) for w in _TOKEN.findall(text))


@dataclass(frozen=True)
class Prediction:
    label: str
    score: float  # calibrated probability, 0..1
    words: list[str] = field(default_factory=list)  # the words that drove it, strongest first


class Classifier:
    """A trained classifier: ``predict(text)`` gives the top-k labels with their confidence.

    The model is linear: a weight column per label (``weights``, float32, features x labels)
    and an intercept; a label's margin is the text's TF-IDF vector times its column. Confidences
    are Platt's sigmoid of each margin, ``1 / (1 + exp(-(a * margin + b)))``, with ``a`` and
    ``b`` fitted on held-out rows, normalised to sum to 1 (so a 0.8 is right about 80% of the
    time). A complement naive Bayes model on the same features (``nb_weights``, its log
    weights, features x labels) gives a second opinion: the confidence is ``NB_SHARE`` of its
    probability and the rest the SVM's, which ranks the second and third labels better than
    either alone (docs/decisions/0026-triage.md)."""

    def __init__(
        self,
        features: FeatureUnion,
        weights: np.ndarray,
        intercept: np.ndarray,
        calibration: tuple[float, float],
        labels: Sequence[str],
        meta: dict,
        nb_weights: np.ndarray | None = None,
    ) -> None:
        self.features = features
        self.nb_weights = (
            None if nb_weights is None else np.ascontiguousarray(nb_weights, dtype=np.float32)
        )
        self.weights = np.ascontiguousarray(weights, dtype=np.float32)
        self.intercept = np.asarray(intercept, dtype=np.float32)
        self.calibration = (float(calibration[0]), float(calibration[1]))
        self.labels = list(labels)
        self.meta = meta
        word = dict(features.transformer_list)["word"]
        self._vocabulary = np.array(word.get_feature_names_out())
        self._word_width = len(self._vocabulary)
        self._gazetteers: dict[str, re.Pattern] = {}

    # --- use
    def predict(
        self, text: str, k: int = 3, explain: int = 5, place: Sequence[str] | None = None
    ) -> list[Prediction]:
        return self.predict_many(
            [text], k=k, explain=explain, places=None if place is None else [place]
        )[0]

    def predict_many(
        self,
        texts: Sequence[str],
        k: int = 3,
        explain: int = 0,
        places: Sequence[Sequence[str]] | None = None,
    ) -> list[list[Prediction]]:
        """The top ``k`` labels of each text. ``places`` (a model trained with place columns):
        each text's place names, in the order of ``meta["places"]["columns"]``; a label bound
        to a place (e.g. "Kelurahan X") is named from it, else from a place named in the text,
        else the commonest of its kind."""
        normalised = [normalise(t) for t in texts]
        x = self.features.transform(normalised)
        probabilities = self.probabilities(x)
        groups = self.meta.get("places", {}).get("groups", {})
        results = []
        for row, p in enumerate(probabilities):
            order = np.argsort(-p, kind="stable")[: k + 3 if groups else k]
            chosen: list[Prediction] = []
            for i in order:
                label = self.labels[i]
                if label in groups:
                    place = places[row] if places is not None else None
                    label = self._place_label(groups[label], place, normalised[row])
                if any(c.label == label for c in chosen):
                    continue
                chosen.append(
                    Prediction(
                        label=label,
                        score=float(p[i]),
                        words=self._why(x[row], i, explain) if explain else [],
                    )
                )
                if len(chosen) == k:
                    break
            results.append(chosen)
        return results

    def _place_label(self, group: dict, place: Sequence[str] | None, text: str) -> str:
        value = ""
        if place is not None and group["column"] < len(place):
            value = (place[group["column"]] or "").strip()
        if value:
            return group["labels"].get(value.lower(), f"{group['prefix']} {value}")
        key = f"{group['prefix']}@{group['column']}"
        pattern = self._gazetteers.get(key)
        if pattern is None:
            names = sorted(group["names"], key=len, reverse=True)
            alternatives = "|".join(re.escape(n) for n in names if n)
            pattern = re.compile(rf"\b(?:{alternatives})\b") if alternatives else re.compile("$^")
            self._gazetteers[key] = pattern
        found = pattern.search(text)
        if found:
            return group["names"][found.group(0)]
        return group["default"]

    def margins(self, x: Any) -> np.ndarray:
        return np.asarray(sparse.csr_matrix(x) @ self.weights) + self.intercept

    def probabilities(self, x: Any) -> np.ndarray:
        svm = calibrated(self.margins(x), self.calibration)
        if self.nb_weights is None:
            return svm
        blend = (1.0 - NB_SHARE) * svm + NB_SHARE * naive_bayes(x, self.nb_weights)
        return sharpened(blend, float(self.meta.get("sharpness", 1.0)))

    def _why(self, x_row: Any, class_index: int, count: int) -> list[str]:
        """The report's words that pushed most towards this label (word features only)."""
        row = sparse.csr_matrix(x_row)
        inside = row.indices < self._word_width
        cols = row.indices[inside]
        if not len(cols):
            return []
        values = row.data[inside] * self.weights[cols, class_index]
        order = np.argsort(-values, kind="stable")
        return [str(self._vocabulary[cols[i]]) for i in order[:count] if values[i] > 0]

    # --- files
    def save(self, path: Path | str) -> None:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        joblib.dump(
            {
                "format": FORMAT,
                "features": self.features,
                "weights": self.weights,
                "intercept": self.intercept,
                "calibration": self.calibration,
                "labels": self.labels,
                "meta": self.meta,
                "nb_weights": self.nb_weights,
            },
            path,
            compress=3,
        )

    @classmethod
    def load(cls, path: Path | str) -> Classifier:
        try:
            data = joblib.load(Path(path))
        except Exception as exc:  # not a joblib file at all, or truncated
            raise ModelFormatError(
                f"{path} is not a triage model file ({type(exc).__name__}): train it again "
                "with 'aduan triage train'."
            ) from exc
        if not isinstance(data, dict) or data.get("format") not in READABLE:
            found = data.get("format") if isinstance(data, dict) else None
            raise ModelFormatError(
                f"{path} is not a triage model of format {FORMAT}"
                + (f" (it is format {found})" if found is not None else "")
                + ": train it again with 'aduan triage train'."
            )
        return cls(
            data["features"],
            data["weights"],
            data["intercept"],
            data["calibration"],
            data["labels"],
            data["meta"],
            data.get("nb_weights"),
        )


def sharpened(probabilities: np.ndarray, sharpness: float) -> np.ndarray:
    """Each row's probabilities raised to ``sharpness`` and normalised (the ranking is kept)."""
    if sharpness == 1.0:
        return probabilities
    powered = np.power(np.maximum(probabilities, 1e-300), sharpness)
    return powered / powered.sum(axis=1, keepdims=True)


def fit_sharpness(probabilities: np.ndarray, truth: np.ndarray) -> float:
    """The power that minimises the log-loss of ``sharpened`` on held-out rows: the blended
    confidences are calibrated again, as the SVM's alone were."""

    def loss(p: np.ndarray) -> float:
        q = sharpened(probabilities, float(p[0]))
        return float(-np.mean(np.log(q[np.arange(len(truth)), truth] + 1e-12)))

    result = minimize(loss, np.array([1.0]), method="Nelder-Mead")
    return float(min(max(result.x[0], 0.05), 20.0))


def naive_bayes(x: Any, nb_weights: np.ndarray) -> np.ndarray:
    """Complement naive Bayes's probabilities: the softmax of the texts' log weights."""
    scores = np.asarray(sparse.csr_matrix(x) @ nb_weights, dtype=np.float64)
    scores -= scores.max(axis=1, keepdims=True)
    np.exp(scores, out=scores)
    return scores / scores.sum(axis=1, keepdims=True)


def _complement_nb(x: Any, labels: np.ndarray, classes: list[str]) -> np.ndarray:
    """The log weights of a complement naive Bayes model, a column per class of ``classes``."""
    model = ComplementNB(alpha=NB_ALPHA).fit(x, labels)
    index = {c: i for i, c in enumerate(model.classes_)}
    weights = np.zeros((x.shape[1], len(classes)), dtype=np.float32)
    logs = np.asarray(model.feature_log_prob_, dtype=np.float32)
    for i, c in enumerate(classes):
        if c in index:
            weights[:, i] = logs[index[c]]
    return weights


def calibrated(margins: np.ndarray, calibration: tuple[float, float]) -> np.ndarray:
    """Platt's sigmoid of each margin with a shared slope and offset, normalised per row."""
    a, b = calibration
    q = 1.0 / (1.0 + np.exp(-np.clip(a * margins + b, -50, 50)))
    return q / q.sum(axis=1, keepdims=True)


def features(char_features: int = CHAR_FEATURES) -> FeatureUnion:
    """Word 1-2-grams (any word of one letter or more) and character 2-5-grams within words."""
    return FeatureUnion(
        [
            (
                "word",
                TfidfVectorizer(
                    ngram_range=(1, 2),
                    min_df=2,
                    sublinear_tf=True,
                    token_pattern=r"(?u)\b\w+\b",  # noqa: S106
                    dtype=np.float32,
                ),
            ),
            (
                "char",
                TfidfVectorizer(
                    analyzer="char_wb",
                    ngram_range=(2, 5),
                    min_df=2,
                    sublinear_tf=True,
                    max_features=char_features,
                    dtype=np.float32,
                ),
            ),
        ]
    )


def _linear(x: Any, labels: np.ndarray, classes: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(weights, intercept) of a one-vs-rest LinearSVC, a column per class of ``classes``."""
    model = LinearSVC(C=C, max_iter=2000)
    model.fit(x, labels)
    coef = np.asarray(model.coef_, dtype=np.float32)
    intercept = np.asarray(model.intercept_, dtype=np.float32)
    if len(model.classes_) == 2:  # one row: the second class's margin; the first's is minus
        coef = np.vstack([-coef[0], coef[0]])
        intercept = np.array([-intercept[0], intercept[0]], dtype=np.float32)
    index = {c: i for i, c in enumerate(model.classes_)}
    weights = np.zeros((x.shape[1], len(classes)), dtype=np.float32)
    bias = np.full(len(classes), -10.0, dtype=np.float32)  # a class the fold never saw
    for i, c in enumerate(classes):
        if c in index:
            weights[:, i] = coef[index[c]]
            bias[i] = intercept[index[c]]
    return weights, bias


def fit_calibration(margins: np.ndarray, truth: np.ndarray) -> tuple[float, float]:
    """The slope and offset that minimise the log-loss of ``calibrated`` on held-out rows."""

    def loss(p: np.ndarray) -> float:
        q = calibrated(margins, (p[0], p[1]))
        return float(-np.mean(np.log(q[np.arange(len(truth)), truth] + 1e-12)))

    result = minimize(loss, np.array(DEFAULT_CALIBRATION), method="Nelder-Mead")
    return float(result.x[0]), float(result.x[1])


DEFAULT_CALIBRATION = (5.0, 0.0)  # when too few rows to hold some out


def place_groups(
    labels: Sequence[str], places: Sequence[Sequence[str]], columns: Sequence[str]
) -> dict[str, dict]:
    """Labels bound to a place: "Kelurahan Mojo" where at least 80% of its rows have the place
    column value "Mojo". Labels with the same prefix and column form one group, trained as one
    class ("@Kelurahan@kelurahan") and named from the report's place when suggested. Only
    prefixes shared by two labels or more count."""
    rows: dict[str, list[int]] = {}
    for i, label in enumerate(labels):
        rows.setdefault(label, []).append(i)
    found: dict[tuple[str, int], dict[str, str]] = {}
    counts: dict[tuple[str, int], dict[str, int]] = {}
    for label, indices in rows.items():
        best: tuple[int, int, str] | None = None  # (rows matched, column, prefix)
        for column in range(len(columns)):
            hits: dict[str, int] = {}
            for i in indices:
                value = (places[i][column] or "").strip()
                if value and label.lower().endswith(" " + value.lower()):
                    prefix = label[: -len(value)].strip()
                    hits[prefix] = hits.get(prefix, 0) + 1
            for prefix, count in hits.items():
                if best is None or (count, column) >= best[:2]:  # ties: the finer column
                    best = (count, column, prefix)
        if best and best[0] >= 0.8 * len(indices):
            key = (best[2], best[1])
            found.setdefault(key, {})[label[len(best[2]) :].strip().lower()] = label
            counts.setdefault(key, {})[label] = len(indices)
    groups = {}
    for (prefix, column), names in found.items():
        if len(names) < 2:
            continue
        tally = counts[(prefix, column)]
        groups[f"@{prefix}@{columns[column]}"] = {
            "prefix": prefix,
            "column": column,
            "labels": names,
            "names": {normalise(n): label for n, label in names.items()},
            "default": max(tally, key=lambda lb: (tally[lb], lb)),
        }
    return groups


def train(
    texts: Sequence[str],
    labels: Sequence[str],
    *,
    source: str = "",
    places: Sequence[Sequence[str]] | None = None,
    place_columns: Sequence[str] = (),
) -> Classifier:
    """Train on ``texts`` and their ``labels`` (at least two distinct labels): normalised text,
    word and character TF-IDF, a linear SVM per label; the confidences' sigmoid is fitted on
    every fifth row held out from a first fit (when there are 50 rows or more). With ``places``
    (each row's place names, one per ``place_columns``), labels bound to a place are learnt as
    one class per kind and named from the place when suggested (``place_groups``)."""
    labels = [str(y) for y in labels]
    if len(set(labels)) < 2:
        raise ValueError("Training needs examples of at least two different labels.")
    if len(texts) != len(labels):
        raise ValueError("There must be one label per text.")
    meta: dict[str, Any] = {"method": METHOD, "samples": len(texts), "source": source, "C": C}
    if places is not None and place_columns:
        groups = place_groups(labels, places, place_columns)
        if groups:
            member = {lb: name for name, g in groups.items() for lb in g["labels"].values()}
            labels = [member.get(lb, lb) for lb in labels]
            meta["places"] = {"columns": list(place_columns), "groups": groups}
            meta["method"] = METHOD + "+places"
    classes = sorted(set(labels))
    union = features()
    x = union.fit_transform([normalise(t) for t in texts]).tocsr()
    y = np.array(labels, dtype=object)
    calibration = DEFAULT_CALIBRATION
    sharpness = 1.0
    held = np.arange(len(labels)) % HOLD_OUT == HOLD_OUT - 1
    if len(labels) >= 50 and len(set(y[~held])) >= 2:
        weights, bias = _linear(x[~held], y[~held], classes)
        margins = np.asarray(x[held] @ weights) + bias
        position = {c: i for i, c in enumerate(classes)}
        truth = np.array([position[c] for c in y[held]])
        calibration = fit_calibration(margins, truth)
        blend = (1.0 - NB_SHARE) * calibrated(margins, calibration) + NB_SHARE * naive_bayes(
            x[held], _complement_nb(x[~held], y[~held], classes)
        )
        sharpness = fit_sharpness(blend, truth)
    weights, bias = _linear(x, y, classes)
    meta["sharpness"] = sharpness
    return Classifier(
        union,
        weights,
        bias,
        calibration,
        classes,
        meta,
        _complement_nb(x, y, classes),
    )


def top_k_accuracy(
    classifier: Classifier,
    texts: Sequence[str],
    labels: Sequence[str],
    k: int = 3,
    places: Sequence[Sequence[str]] | None = None,
) -> tuple[float, float]:
    """(top-1, top-k) accuracy on a held-out set."""
    predictions = classifier.predict_many(texts, k=k, places=places)
    top1 = sum(p[0].label == y for p, y in zip(predictions, labels, strict=True))
    topk = sum(y in {q.label for q in p} for p, y in zip(predictions, labels, strict=True))
    n = max(len(labels), 1)
    return top1 / n, topk / n


def evaluate(
    classifier: Classifier,
    texts: Sequence[str],
    labels: Sequence[str],
    k: int = 3,
    places: Sequence[Sequence[str]] | None = None,
) -> dict[str, Any]:
    """Top-1, top-k and, per label, precision, recall, F1 and support (of the top-1 choice),
    labels sorted by support, largest first."""
    predictions = classifier.predict_many(texts, k=k, places=places)
    first = [p[0].label for p in predictions]
    n = len(labels)
    top1 = sum(a == b for a, b in zip(first, labels, strict=True)) / max(n, 1)
    topk = sum(y in {q.label for q in p} for p, y in zip(predictions, labels, strict=True)) / max(
        n, 1
    )
    known = set(classifier.labels) | {
        lb
        for g in classifier.meta.get("places", {}).get("groups", {}).values()
        for lb in g["labels"].values()
    }
    classes = []
    for label in sorted(set(labels) | set(first)):
        tp = sum(a == label and b == label for a, b in zip(first, labels, strict=True))
        predicted = sum(a == label for a in first)
        support = sum(b == label for b in labels)
        precision = tp / predicted if predicted else 0.0
        recall = tp / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        if support or predicted:
            classes.append(
                {
                    "label": label,
                    "precision": round(precision, 4),
                    "recall": round(recall, 4),
                    "f1": round(f1, 4),
                    "support": support,
                }
            )
    classes.sort(key=lambda c: (-c["support"], c["label"]))
    return {
        "rows": n,
        "top1": round(top1, 4),
        f"top{k}": round(topk, 4),
        "unknown": sum(y not in known for y in labels),
        "classes": classes,
    }
