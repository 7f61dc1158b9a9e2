"""Bahasa Indonesia first: every interface string has an Indonesian translation."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.utils import translation

import aduan

CATALOGUE = Path(aduan.__file__).parent / "locale" / "id" / "LC_MESSAGES" / "django.po"


def untranslated(po_text: str) -> list[str]:
    missing = []
    for block in po_text.split("\n\n")[1:]:
        if "#, fuzzy" in block:
            missing.append(block)
            continue
        msgstr = block.split("\nmsgstr ", 1)[-1]
        if re.fullmatch(r'""\s*', msgstr.strip() + "\n"):
            missing.append(block)
    return missing


def test_every_string_is_translated_into_bahasa_indonesia():
    assert untranslated(CATALOGUE.read_text(encoding="utf-8")) == []


def test_the_compiled_catalogue_is_shipped():
    assert CATALOGUE.with_suffix(".mo").exists()


@pytest.mark.django_db
def test_a_refusal_reads_in_bahasa_indonesia(office, administrator):
    from aduan.deadlines.services import ClosureError, closure_add

    with translation.override("id"), pytest.raises(ClosureError) as refusal:
        closure_add(
            actor=administrator,
            office=office,
            start_date=dt.date(2026, 11, 10),
            end_date=dt.date(2026, 11, 9),
            kind="libur_daerah",
            reason="x",
        )
    assert str(refusal.value) == "Hari terakhir tidak boleh sebelum hari pertama."
