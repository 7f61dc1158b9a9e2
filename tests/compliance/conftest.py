"""Compliance personas: the prevention assistant assesses, the head of office reviews."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from aduan.compliance import services
from aduan.compliance.models import Indicator, Instrument
from aduan.directory.models import Unit, User

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def png(name: str = "maklumat.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG, content_type="image/png")


@pytest.fixture(autouse=True)
def media(settings, tmp_path, stored_in):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def assessor(office):
    user = User(
        username="pencegahan",
        first_name="Maya",
        role=User.Role.ASISTEN,
        office=office,
        unit=Unit.objects.get(office=office, code="pencegahan"),
        is_staff=True,
    )
    user.set_password("secret-pass-123")
    user.save()
    return user


@pytest.fixture
def standard_2013(db):
    return Instrument.objects.get(code="standar-pelayanan", version=1)


@pytest.fixture
def dimensions_2022(db):
    return Instrument.objects.get(code="kepatuhan-4-dimensi", version=1)


@pytest.fixture
def make_campaign(office, head_of_office):
    def make(instrument, year=2021, title="Penilaian Kepatuhan"):
        return services.campaign_create(
            office=office, year=year, title=title, instrument=instrument, actor=head_of_office
        )

    return make


@pytest.fixture
def schedule(head_of_office, assessor):
    def make(campaign, agency, who=None):
        return services.assessment_schedule(
            campaign=campaign,
            agency=agency,
            assessor=who or assessor,
            scheduled_on=dt.date(campaign.year, 8, 1),
            actor=head_of_office,
        )

    return make


def answers_for(instrument, *, scale: int, yes: int | bool, yes_count: int | None = None):
    """Every scale indicator answered ``scale``, yes/no ones ``yes`` (or the first
    ``yes_count`` yes and the rest no)."""
    answers, files = {}, {}
    n = 0
    for indicator in Indicator.objects.filter(dimension__instrument=instrument):
        if indicator.kind == Indicator.Kind.SCALE:
            value = scale
        elif yes_count is not None:
            value = 1 if n < yes_count else 0
            n += 1
        else:
            value = int(yes)
        answers[indicator.pk] = (value, "")
        if indicator.evidence_required and value:
            files[indicator.pk] = [png()]
    return answers, files


@pytest.fixture
def fill_and_submit(assessor):
    def go(assessment, **kwargs):
        answers, files = answers_for(assessment.instrument, **kwargs)
        services.assessment_record(
            assessment=assessment, actor=assessor, answers=answers, files=files
        )
        return services.assessment_submit(assessment=assessment, actor=assessor)

    return go
