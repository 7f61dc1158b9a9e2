"""The reporter the identity guard protects, and the ways their identity gets written.

Each variant is ``(text, needles)``: the text someone might type, and what must never be found
in a page, a letter, a mail or an export afterwards. Needles are compared on folded text
(lower case, no diacritics): a word needle as a whole word, a ``#digits`` needle on the digits
with every separator between them removed. The needles were written independently of the
scanner's patterns.
"""

from __future__ import annotations

import re
import unicodedata

REPORTERS = [
    {
        "name": "Hj. Siti Aminah Kusumawardani",
        "phone": "0812-3456-7890",
        "email": "siti.aminah82@gmail.com",
        "id_number": "3271046504870002",
        "address": "Jalan Melati Nomor 5 RT 02 RW 03\nKelurahan Bukit Besar",
        "birth_place": "Wonosobo",
    },
    {"name": "Darmanto Hartono", "phone": "+62 857 1122 3344", "id_number": "1971012304560001"},
]

# Designed with the scanner.
VARIANTS: list[tuple[str, list[str]]] = [
    ("Bu Siti datang ke loket", ["siti"]),
    ("Ibu Hj. Siti mengeluh", ["siti"]),
    ("Sdri. Aminah sudah menunggu", ["aminah"]),
    ("keluarga Kusumawardani", ["kusumawardani"]),
    ("KUSUMAWARDANI", ["kusumawardani"]),
    ("Pak Darmanto dan Bapak Hartono", ["darmanto", "hartono"]),
    ("Sdr. Darmanto H. menelepon", ["darmanto"]),
    ("HP 0812-3456-7890", ["#81234567890"]),
    ("hubungi +62 812 3456 7890", ["#81234567890"]),
    ("WA 6281234567890", ["#81234567890"]),
    ("telp 0812 3456 7890", ["#81234567890"]),
    ("(0812) 3456.7890", ["#81234567890"]),
    ("nomor 0857-1122-3344", ["#85711223344"]),
    ("NIK 3271 0465 0487 0002", ["#3271046504870002"]),
    ("NIK 3271.0465.0487.0002", ["#3271046504870002"]),
    ("KTP 3271-0465-0487-0002", ["#3271046504870002"]),
    ("NIK 1971 0123 0456 0001", ["#1971012304560001"]),
    ("surel siti.aminah82 [at] gmail [dot] com", ["aminah82"]),
    ("siti.aminah82(at)gmail.com", ["aminah82"]),
    ("SITI.AMINAH82@GMAIL.COM", ["aminah82"]),
    ("akun siti.aminah82", ["aminah82"]),
    ("rumahnya di Jl. Melati No. 5", ["jl melati", "melati no 5"]),
    ("jln melati nomor 5", ["jln melati", "melati nomor 5"]),
    ("Gg. Melati", ["gg melati"]),
    ("RT 002/RW 003", ["rt 002 rw 003"]),
    ("rt.2 rw.3", ["rt 2 rw 3"]),
]
# Held out: written afterwards, in forms the scanner was not designed around.
HELD_OUT: list[tuple[str, list[str]]] = [
    ("ibu siti a.", ["siti"]),
    ("S. Aminah", ["aminah"]),
    ("0 8 1 2 3 4 5 6 7 8 9 0", ["#81234567890"]),
    ("siti aminah82 at gmail dot com", ["aminah82"]),
    ("Sitti Aminah", ["sitti", "aminah"]),
    ("Kusumawardhani", ["kusumawardhani"]),
    ("S i t i", ["s i t i"]),
    ("ujung nomor 3456-7890", ["#34567890"]),
    ("+62-812-3456-7890", ["#81234567890"]),
    ("Ｓｉｔｉ", ["siti"]),  # full-width letters
    ("Sîtî Âminah", ["siti", "aminah"]),  # diacritics
    ("darmanto_hartono", ["darmanto", "hartono"]),
]
ALL = VARIANTS + HELD_OUT
# Open311 knows only its own reporter (name, phone, e-mail; no address) and removes anyone's
# contacts, numbers, "Pak/Bu Name" and street addresses with a house number: a street named
# without a number or a stranger's handle stays, as any place name would.
NOT_OPEN311 = {"Gg. Melati", "darmanto_hartono"}


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def found(text: str, needle: str) -> bool:
    """Whether ``needle`` (see the module's docstring) is in ``text``."""
    folded = fold(text)
    if needle.startswith("#"):
        joined = re.sub(r"(?<=\d)[\s.\-()/+]+(?=\d)", "", folded)
        return needle[1:] in re.sub(r"[^\d]+", " ", joined)
    words = [re.escape(w) for w in re.split(r"[^a-z0-9]+", needle) if w]
    pattern = r"(?<![a-z0-9])" + r"[^a-z0-9]+".join(words) + r"(?![a-z0-9])"
    return re.search(pattern, folded.replace("_", " ")) is not None


def leaks(text: str, needles: list[str]) -> list[str]:
    return [n for n in needles if found(text, n)]
