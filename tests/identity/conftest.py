"""A confidential case whose reporters' identity is written, in every way, into its texts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from aduan.cases import examination as ex
from aduan.cases import identity
from tests.identity.variants import REPORTERS
from tests.liaison.conftest import (  # noqa: F401 - the liaison portal's fixtures
    health_liaison,
    make_liaison,
    portal,
    portal_user,
)

CLEAN_TITLE = "Pungutan biaya surat rujukan di puskesmas"
CLEAN_SUMMARY = "Pelapor diminta membayar biaya surat rujukan BPJS tanpa dasar hukum."


@pytest.fixture(autouse=True)
def media(settings, tmp_path, stored_in):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ADUAN_SOFFICE = "off"


@pytest.fixture
def secret_case(receive, walk, examiner):
    """secret_case(text, summary=True) → a confidential case in examination whose title and
    chronology hold ``text``, with the agency summary approved and a clarification request
    sent (with clean questions)."""

    def make(text: str = "", *, summary: bool = True, clarify: bool = True):
        case = receive(
            confidential=True,
            reporters=[dict(r) for r in REPORTERS],
            title=f"{text} - pungutan di puskesmas"[:255],
            chronology=f"Saya, {text}, diminta membayar Rp50.000 di puskesmas.\n{text}",
        )
        case = walk(case, "examination")
        if summary:
            case = identity.case_set_agency_summary(
                case=case, actor=examiner, title=CLEAN_TITLE, summary=CLEAN_SUMMARY
            )
        if clarify:
            ex.clarification_request(
                case=case, actor=examiner, questions="Apa dasar hukum pungutan tersebut?"
            )
        return case

    return make


@pytest.fixture
def summoned(examiner):
    def make(case, person: str):
        return ex.summons_schedule(
            case=case,
            actor=examiner,
            person=person,
            scheduled_for=timezone.now() + dt.timedelta(days=3),
        )

    return make
