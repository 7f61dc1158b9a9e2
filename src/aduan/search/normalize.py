"""One normaliser for the search index and for what people type in the search box.

Both sides go through ``normalize``, so a folded spelling only has to be consistent, not correct:
"ijin" and "izin" both become "izin", "Soekarno" and "Sukarno" both become "sukarno".
"""

from __future__ import annotations

import re
import unicodedata

# Pre-1972 (Van Ophuijsen / Soewandi) spelling still found in names, places and old documents.
# "nj" (old spelling of "ny") is not folded: modern words are full of it (banjir, menjadi, janji).
OLD_SPELLING = (("dj", "j"), ("tj", "c"), ("sj", "sy"), ("ch", "kh"), ("oe", "u"))

# Common variants of the same word, folded anywhere in a word so that affixed forms follow
# (perijinan → perizinan, bersertipikat → bersertifikat). No target contains its source.
VARIANTS = (
    ("ijin", "izin"),
    ("sertipikat", "sertifikat"),
    ("propinsi", "provinsi"),
    ("apotik", "apotek"),
    ("karir", "karier"),
    ("nasehat", "nasihat"),
    ("resiko", "risiko"),
    ("kwitansi", "kuitansi"),
    ("photo", "foto"),
    ("nopember", "november"),
    ("pebruari", "februari"),
    ("telefon", "telepon"),
    ("praktek", "praktik"),
    ("hutang", "utang"),
)
# Folded only as whole words: as parts of words they would hit other words ("pinjaman").
WHOLE_WORDS = {"jaman": "zaman", "ijasah": "ijazah"}
# Loanwords ending in -tip are -tif (aktip, positip, negatip, kreatip, produktip).
TIP_ENDING = re.compile(r"(?<=\w{2})tip$")
NOT_A_WORD = re.compile(r"[\W_]+")


def fold_word(word: str) -> str:
    """Fold one lower-case ASCII word to its common spelling."""
    if word in WHOLE_WORDS:
        return WHOLE_WORDS[word]
    if not word.isalpha():
        return word  # numbers and references are kept as written
    for old, new in OLD_SPELLING:
        word = word.replace(old, new)
    for variant, standard in VARIANTS:
        word = word.replace(variant, standard)
    word = TIP_ENDING.sub("tif", word)
    # v and f are written for each other in loanwords (aktivitas/aktifitas, video/fideo).
    return WHOLE_WORDS.get(word, word.replace("v", "f"))


def normalize(text: str) -> str:
    """Lower case, accents and punctuation removed, Indonesian spelling variants folded; words
    separated by single spaces. ``normalize(normalize(x)) == normalize(x)``."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return " ".join(fold_word(word) for word in NOT_A_WORD.sub(" ", text).split())


def words(text: str) -> list[str]:
    """The normalised words of ``text``, in order, without repeats."""
    return list(dict.fromkeys(normalize(text).split()))
