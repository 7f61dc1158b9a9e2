"""The duplicate finder's pure parts, without Django: reporter identities normalised (phone,
e-mail, NIK) and the text similarity of a report to its candidates. The app
(``aduan.triage.duplicates``) and the benchmark (``bench.triage_duplicates``) use the same
functions, so the measured figures are the app's."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

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


def similarities(text: str, others: Sequence[str]) -> list[float]:
    """The cosine similarity of ``text`` to each of ``others``: character 3- to 5-grams within
    words of the normalised texts (slang mapped, old spelling folded), TF-IDF weighted over the
    texts compared, so that what every candidate shares (the agency's name, "mohon", greetings)
    weighs little and what sets a complaint apart weighs much."""
    if not others:
        return []
    vectorizer = TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=(3, 5),
        sublinear_tf=True,
        preprocessor=normalise,
        dtype=np.float64,
    )
    try:
        matrix = vectorizer.fit_transform([text, *others])
    except ValueError:  # nothing but punctuation
        return [0.0] * len(others)
    scores = (matrix[1:] @ matrix[0].T).toarray().ravel()
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
