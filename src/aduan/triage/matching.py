"""The duplicate finder's pure parts, without Django: reporter identities normalised (phone,
e-mail, NIK) and the text similarity of a report to its candidates. The app
(``aduan.triage.duplicates``) and the benchmark (``bench.triage_duplicates``) use the same
functions, so the measured figures are the app's."""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import HashingVectorizer

from aduan.triage.classifier import normalise

_DIGITS = re.compile(r"\D+")

# Defaults measured by ``python -m bench.triage_duplicates`` (see its sweep): the same reporter
# writing again needs less text in common than two reporters about the same agency.
SAME_REPORTER_THRESHOLD = 0.35
SAME_AGENCY_THRESHOLD = 0.50

IDENTITY_REASONS = ("same_phone", "same_email", "same_nik")


def normal_phone(phone: str) -> str:
    """An Indonesian phone number as digits after the country code: ``+62 812-3456-789``,
    ``62812…``, ``0812…`` and ``(0812) 3456 789`` are all ``8123456789``. Empty when too short to
    tell anyone apart (fewer than 7 digits)."""
    digits = _DIGITS.sub("", phone or "")
    if digits.startswith("0062"):
        digits = digits[4:]
    elif digits.startswith("62"):
        digits = digits[2:]
    digits = digits.lstrip("0")
    return digits if len(digits) >= 7 else ""


# Mail providers that ignore dots in the local part (and whose "googlemail" is the same box).
_DOTLESS = {"gmail.com": "gmail.com", "googlemail.com": "gmail.com"}


def normal_email(email: str) -> str:
    """An e-mail address trimmed and in lower case; for Gmail, dots and a ``+tag`` in the local
    part are dropped (Gmail delivers ``a.b+x@gmail.com`` to ``ab@gmail.com``). Other providers
    keep their local part as written: for them dots may matter."""
    email = (email or "").strip().lower()
    if "@" not in email:
        return ""
    local, _, domain = email.rpartition("@")
    if domain in _DOTLESS:
        local = local.split("+", 1)[0].replace(".", "")
        domain = _DOTLESS[domain]
    return f"{local}@{domain}" if local and domain else ""


def normal_nik(number: str) -> str:
    """A NIK or other identity number as its digits (at least 8, else empty)."""
    digits = _DIGITS.sub("", number or "")
    return digits if len(digits) >= 8 else ""


def identity_keys(*, phone: str = "", email: str = "", id_number: str = "") -> dict[str, str]:
    """kind -> a fixed-length key of the normalised value (a hash, so the index of keys holds no
    identity in clear; it is a pseudonym, not a secret: phone numbers are few enough to guess)."""
    values = {
        "phone": normal_phone(phone),
        "email": normal_email(email),
        "nik": normal_nik(id_number),
    }
    return {kind: key_of(kind, value) for kind, value in values.items() if value}


def key_of(kind: str, value: str) -> str:
    return hashlib.blake2b(f"{kind}:{value}".encode(), digest_size=16).hexdigest()


def text_of(title: str, chronology: str) -> str:
    return f"{title or ''}\n{chronology or ''}"


# --- text similarity --------------------------------------------------------------------------
# Character 3- to 5-grams within words, hashed (no vocabulary to fit), with sublinear counts. A
# text's n-grams are computed once and kept (bounded), so comparing a report with its candidates
# costs little more than the arithmetic; the IDF weights are computed over the texts compared.
N_FEATURES = 2**30  # so wide that two n-grams of the texts compared almost never collide
_HASHERS = {
    normalised: HashingVectorizer(
        analyzer="char_wb",
        ngram_range=(3, 5),
        n_features=N_FEATURES,
        alternate_sign=False,
        norm=None,
        lowercase=not normalised,
        preprocessor=None if normalised else normalise,
        dtype=np.float64,
    )
    for normalised in (False, True)
}
_GRAMS: OrderedDict[tuple[bool, int, int], Grams] = OrderedDict()
_GRAMS_MAX = 5_000


@dataclass(frozen=True)
class Grams:
    """A text's hashed n-grams (``columns``) and their sublinear counts (``values``)."""

    columns: np.ndarray
    values: np.ndarray


def grams(text: str, *, normalised: bool = False) -> Grams:
    """The n-grams of ``text`` (normalised first unless ``normalised``), kept for next time."""
    key = (normalised, len(text), hash(text))
    found = _GRAMS.get(key)
    if found is not None:
        _GRAMS.move_to_end(key)
        return found
    matrix = _HASHERS[normalised].transform([text]).tocsr()
    matrix.sum_duplicates()
    found = Grams(matrix.indices.astype(np.int32), (1.0 + np.log(matrix.data)).astype(np.float32))
    _GRAMS[key] = found
    if len(_GRAMS) > _GRAMS_MAX:
        _GRAMS.popitem(last=False)
    return found


def cosine(first: Any, others: Sequence[Any]) -> np.ndarray:
    """The cosine similarity of ``first`` to each of ``others`` (objects with ``columns`` and
    ``values``, as ``Grams``), TF-IDF weighted over these texts (smoothed IDF, as
    scikit-learn's TfidfVectorizer computes it)."""
    if not others:
        return np.zeros(0)
    rows = [first, *others]
    n = len(rows)
    lengths = np.fromiter((len(r.columns) for r in rows), dtype=np.int64, count=n)
    if not lengths.sum():
        return np.zeros(n - 1)
    owner = np.repeat(np.arange(n), lengths)
    columns = np.concatenate([r.columns for r in rows])
    values = np.concatenate([r.values for r in rows]).astype(np.float64)
    unique, where = np.unique(columns, return_inverse=True)
    df = np.bincount(where, minlength=len(unique))
    values *= np.log((1 + n) / (1 + df[where])) + 1.0
    norms = np.sqrt(np.bincount(owner, weights=values**2, minlength=n))
    norms[norms == 0] = 1.0
    values /= norms[owner]
    query = np.zeros(len(unique))
    query[where[: lengths[0]]] = values[: lengths[0]]
    sums = np.bincount(owner, weights=values * query[where], minlength=n)
    return sums[1:]


def similarities(text: str, others: Sequence[str]) -> list[float]:
    """The cosine similarity of ``text`` to each of ``others``: character 3- to 5-grams within
    words of the normalised texts (slang mapped, old spelling folded), TF-IDF weighted over the
    texts compared, so that what every candidate shares (the agency's name, "mohon", greetings)
    weighs little and what sets a complaint apart weighs much."""
    if not others:
        return []
    scores = cosine(grams(text), [grams(other) for other in others])
    return [float(min(1.0, max(0.0, s))) for s in scores]


def is_probable_repeat(
    similarity: float,
    reasons: Sequence[str],
    *,
    same_reporter_threshold: float = SAME_REPORTER_THRESHOLD,
    same_agency_threshold: float = SAME_AGENCY_THRESHOLD,
) -> bool:
    """A candidate counts when its text is similar enough for why it is a candidate: the same
    reporter (phone, e-mail or NIK) needs less in common than only the same agency."""
    if any(r in IDENTITY_REASONS for r in reasons):
        return similarity >= same_reporter_threshold
    if "same_agency" in reasons:
        return similarity >= same_agency_threshold
    return False
