"""The normaliser: one function for the index and the search box."""

from __future__ import annotations

import pytest

from aduan.search.normalize import normalize, words


@pytest.mark.parametrize(
    ("typed", "folded"),
    [
        ("Puskesmas TAMAN Sari", "puskesmas taman sari"),
        ("Pungutan liar (pungli)!!! di K.T.P.", "pungutan liar pungli di k t p"),
        ("Café résumé naïve", "cafe resume naife"),
        ("0012/LM/VI/2025/PKP", "0012 lm fi 2025 pkp"),
        ("ﬁle  Ｆｕｌｌ\twidth\n", "file full width"),
        # old spelling
        ("Soekarno Djakarta Tjipto Sjahrir", "sukarno jakarta cipto syahrir"),
        ("Achmad chusus", "akhmad khusus"),
        # "nj" is modern too: not folded
        ("banjir menjadi", "banjir menjadi"),
        # common variants, also inside affixed words
        ("ijin perijinan", "izin perizinan"),
        ("sertipikat bersertipikat", "sertifikat bersertifikat"),
        ("propinsi", "profinsi"),
        ("apotik", "apotek"),
        ("karir", "karier"),
        ("nasehat", "nasihat"),
        ("resiko", "risiko"),
        ("jaman", "zaman"),
        ("pinjaman", "pinjaman"),
        ("kwitansi", "kuitansi"),
        ("photo photocopy", "foto fotocopy"),
        ("Nopember Pebruari", "nofember februari"),
        ("aktip positip", "aktif positif"),
        ("aktivitas video", "aktifitas fideo"),
    ],
)
def test_it_folds(typed, folded):
    assert normalize(typed) == folded


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("izin", "ijin"),
        ("sertifikat", "sertipikat"),
        ("provinsi", "propinsi"),
        ("apotek", "apotik"),
        ("karier", "karir"),
        ("nasihat", "nasehat"),
        ("risiko", "resiko"),
        ("zaman", "jaman"),
        ("kuitansi", "kwitansi"),
        ("foto", "photo"),
        ("november", "nopember"),
        ("aktif", "aktip"),
        ("aktivitas", "aktifitas"),
        ("Sukarno", "Soekarno"),
        ("Jakarta", "Djakarta"),
        ("Cipto", "Tjipto"),
    ],
)
def test_both_spellings_meet(a, b):
    assert normalize(a) == normalize(b)


@pytest.mark.parametrize(
    "text", ["", "   ", "!!! ??? ...", "—–·•", "\x00\x1f", "_ _ _", "\u0301\u0301"]
)
def test_nothing_searchable_becomes_empty(text):
    assert normalize(text) == ""


@pytest.mark.parametrize(
    "text",
    ["Perijinan Propinsi Djawa", "Soeharto 0012/LM aktip", "Nopember photocopy", "jaman ijasah"],
)
def test_it_is_idempotent(text):
    assert normalize(normalize(text)) == normalize(text)


def test_words_are_unique_and_in_order():
    assert words("Izin ijin IZIN, sertipikat") == ["izin", "sertifikat"]


def test_none_and_other_scripts_are_safe():
    assert normalize(None) == ""
    assert normalize("Jalan 東京 Αθήνα") == "jalan 東京 αθηνα"
