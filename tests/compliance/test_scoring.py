"""Score and zone of a filled assessment under each instrument version, and past results that an
instrument change does not alter."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from aduan.compliance import scoring, services
from aduan.compliance.errors import ComplianceError
from aduan.compliance.models import Assessment, Band, Indicator, Instrument

# 2013–2021: 22 yes/no indicators of equal weight (14 components + 8 visible items).


@pytest.mark.parametrize(
    ("yes_count", "score", "zone"),
    [
        (22, "100.00", "hijau"),
        (18, "81.82", "hijau"),
        (17, "77.27", "kuning"),
        (12, "54.55", "kuning"),
        (11, "50.00", "merah"),
        (0, "0.00", "merah"),
    ],
)
def test_the_2013_instrument_scores_and_zones_a_filled_assessment(
    yes_count, score, zone, standard_2013, make_campaign, schedule, agency_tree, fill_and_submit
):
    assert Indicator.objects.filter(dimension__instrument=standard_2013).count() == 22
    assessment = schedule(make_campaign(standard_2013), agency_tree["clinic"])
    assessment = fill_and_submit(assessment, scale=0, yes=False, yes_count=yes_count)
    assert assessment.state == Assessment.State.SUBMITTED
    assert assessment.score == Decimal(score)
    assert (assessment.zone, assessment.category) == (zone, zone)
    assert assessment.instrument == standard_2013


@pytest.mark.parametrize(
    ("scale", "yes", "score", "category", "zone"),
    [
        (4, True, "100.00", "A", "hijau"),
        (3, True, "81.56", "B", "hijau"),
        (2, True, "63.13", "C", "kuning"),
        (2, False, "36.88", "D", "merah"),
        (1, False, "18.44", "E", "merah"),
        (0, False, "0.00", "E", "merah"),
    ],
)
def test_the_2022_instrument_scores_dimensions_and_categories(
    scale,
    yes,
    score,
    category,
    zone,
    dimensions_2022,
    make_campaign,
    schedule,
    agency_tree,
    fill_and_submit,
):
    assessment = schedule(make_campaign(dimensions_2022, year=2023), agency_tree["clinic"])
    assessment = fill_and_submit(assessment, scale=scale, yes=yes)
    assert assessment.score == Decimal(score)
    assert (assessment.category, assessment.zone) == (category, zone)
    assert set(assessment.breakdown) == {"input", "proses", "output", "pengaduan"}


def test_the_2022_bands_cover_every_score_and_keep_the_zone_edges(dimensions_2022):
    assert scoring.band_for(dimensions_2022, Decimal("80.99")).zone == "kuning"
    assert scoring.band_for(dimensions_2022, Decimal("81.00")).code == "B"
    assert scoring.band_for(dimensions_2022, Decimal("50.99")).zone == "merah"
    assert scoring.band_for(dimensions_2022, Decimal("51.00")).code == "C"
    assert scoring.band_for(dimensions_2022, Decimal("91.00")).code == "A"


def test_an_unanswered_indicator_refuses_the_score(standard_2013):
    with pytest.raises(ComplianceError, match="Answer every indicator"):
        scoring.compute(standard_2013, {})


def test_an_instrument_change_does_not_alter_past_results(
    standard_2013,
    make_campaign,
    schedule,
    agency_tree,
    fill_and_submit,
    head_of_office,
    administrator,
):
    past = schedule(make_campaign(standard_2013, year=2020), agency_tree["clinic"])
    past = fill_and_submit(past, scale=0, yes=False, yes_count=18)
    services.assessment_approve(assessment=past, actor=head_of_office)
    assert (past.score, past.zone) == (Decimal("81.82"), "hijau")
    standard_2013.refresh_from_db()
    assert standard_2013.is_frozen

    # Editing the used version is refused.
    indicator = Indicator.objects.filter(dimension__instrument=standard_2013).first()
    indicator.weight = Decimal(5)
    with pytest.raises(ValidationError, match="frozen"):
        indicator.full_clean()
    band = standard_2013.bands.get(code="hijau")
    with pytest.raises(ValidationError, match="frozen"):
        band.full_clean()
    with pytest.raises(ValidationError, match="frozen"):
        standard_2013.full_clean()

    # A change makes a new version: stricter green zone, a heavier first indicator.
    new = services.instrument_new_version(instrument=standard_2013, actor=administrator)
    assert (new.version, new.based_on, new.is_frozen) == (2, standard_2013, False)
    Band.objects.filter(instrument=new, code="hijau").update(min_score=Decimal("85.00"))
    Band.objects.filter(instrument=new, code="kuning").update(max_score=Decimal("84.99"))
    later = schedule(make_campaign(new, year=2021), agency_tree["clinic"])
    later = fill_and_submit(later, scale=0, yes=False, yes_count=18)
    assert (later.score, later.zone) == (Decimal("81.82"), "kuning")

    past.refresh_from_db()
    assert (past.score, past.zone, past.instrument_id) == (
        Decimal("81.82"),
        "hijau",
        standard_2013.pk,
    )
    # Even a change forced past the rules leaves the stored result as it was computed.
    Band.objects.filter(instrument=standard_2013, code="hijau").update(min_score=Decimal("90"))
    past.refresh_from_db()
    assert (past.score, past.zone, past.category) == (Decimal("81.82"), "hijau", "hijau")


def test_editing_a_used_version_in_the_admin_is_refused(
    client, standard_2013, make_campaign, administrator
):
    make_campaign(standard_2013)
    administrator.is_superuser = True
    administrator.save()
    client.force_login(administrator)
    url = f"/admin/compliance/instrument/{standard_2013.pk}/change/"
    response = client.post(url, {"name": "Diubah", "code": "standar-pelayanan", "version": 1})
    assert response.status_code == 403
    standard_2013.refresh_from_db()
    assert standard_2013.name != "Diubah"
    response = client.post(
        "/admin/compliance/instrument/",
        {"action": "new_version", "_selected_action": [standard_2013.pk]},
    )
    assert response.status_code == 302
    assert Instrument.objects.filter(code="standar-pelayanan", version=2).exists()


def test_only_administrators_make_new_versions(standard_2013, head_of_office):
    with pytest.raises(services.NotAllowed):
        services.instrument_new_version(instrument=standard_2013, actor=head_of_office)
