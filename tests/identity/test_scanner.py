"""The normalising scanner on its own: every variant is found and redacted; ordinary text that
only looks like it is left alone; a match names its field and its span."""

from __future__ import annotations

import pytest

from aduan.cases import identity
from tests.identity.variants import ALL, REPORTERS, leaks

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(receive):
    return receive(confidential=True, reporters=[dict(r) for r in REPORTERS])


@pytest.mark.parametrize(("text", "needles"), ALL, ids=[t for t, _n in ALL])
def test_every_variant_is_found_and_redacted(case, text, needles):
    sentence = f"Menurut laporan, {text}, pada hari Senin."
    matches = identity.scan(case, sentence)
    assert matches, text
    for match in matches:
        assert sentence[match.start : match.end].strip()
        assert match.field in identity.FIELD_LABELS
    redacted = identity.redact(case, sentence)
    assert not leaks(redacted, needles), redacted
    assert redacted.startswith("Menurut laporan, ") and redacted.endswith("pada hari Senin.")
    assert identity.scan(case, redacted) == []  # redaction leaves nothing to find


@pytest.mark.parametrize(
    "text",
    [
        "Bunga melati tumbuh di halaman puskesmas.",
        "Muhammad, petugas loket, menarik biaya.",
        "Pada tanggal 12-03-2024 pukul 10.00 WIB.",
        "Biaya Rp 1.500.000 dibayar tunai.",
        "Bu di rumah saja, Pak.",
        "Nomor antrean 5 di loket 3.",
        "RT 05/RW 01 Kelurahan Bacang.",
        "Surat nomor 800/123/DINKES/2026.",
        "situs web dinas tidak bisa dibuka",
    ],
)
def test_ordinary_text_is_left_alone(case, text):
    assert identity.scan(case, text) == []
    assert identity.redact(case, text) == text


def test_a_match_names_what_matched_and_where(case):
    text = "Keluhan dari Ibu Hj. Siti (0812 3456 7890)."
    matches = identity.scan(case, text)
    assert [(m.kind, m.field, m.text) for m in matches] == [
        ("word", "name", "Siti"),
        ("phone", "phone", "0812 3456 7890"),
    ]
    assert text[matches[0].start : matches[0].end] == "Ibu Hj. Siti"  # with its honorific
    assert matches[0].describe() == "Name word 'Siti' (name)"


def test_the_redaction_reads_as_one_placeholder(case):
    assert identity.redact(case, "Ibu Siti Aminah datang.") == "[identity kept secret] datang."


def test_a_case_that_is_not_confidential_is_redacted_only_when_asked(receive):
    case = receive(reporters=[dict(REPORTERS[0])])
    assert identity.redact(case, "Bu Siti") == "Bu Siti"
    assert identity.redact(case, "Bu Siti", always=True) == "[identity kept secret]"
    public = identity.redact_public(case, "Bu Siti di 0812 3456 7890")
    assert public == "[identity kept secret] di [identity kept secret]"


def test_the_guard_is_compiled_once_per_case_object(case, django_assert_num_queries):
    identity.scan(case, "Bu Siti")
    with django_assert_num_queries(0):
        for _ in range(50):
            identity.scan(case, "Bu Siti dan 0812 3456 7890")
