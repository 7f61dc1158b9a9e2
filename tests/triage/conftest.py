"""Triage after receipt is off for the rest of the suite (tests/settings.py); on here."""

import pytest


@pytest.fixture(autouse=True)
def _triage_on_receipt(settings):
    settings.ADUAN_TRIAGE_ON_RECEIPT = True
