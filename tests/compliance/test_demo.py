"""The demo step: a campaign for the Bangka Belitung office with results in every zone, one in
progress and one sent back; a second run adds nothing."""

from __future__ import annotations

import pytest

from aduan.compliance import demo
from aduan.compliance.models import Assessment, Campaign, Delivery
from aduan.demo.builder import DemoResult
from aduan.directory.models import Agency
from aduan.reference.models import AgencyGroup


@pytest.fixture
def demo_agencies(regions):
    """The demo's units, all under one root (the results letter goes to that root)."""
    group = AgencyGroup.objects.get(code="pemerintah-daerah")
    Agency.objects.add_root(
        instance=Agency(name="Pemerintah Kota Pangkalpinang", group=group, level="kabupaten_kota")
    )
    names = {name for _c, _y, _t, units in demo.CAMPAIGNS for name, *_rest in units}
    for name in sorted(names):
        Agency.objects.add_child(
            Agency.objects.get(name="Pemerintah Kota Pangkalpinang"),
            instance=Agency(name=name, group=group, level="kabupaten_kota"),
        )


def test_the_demo_step_builds_every_state_once(
    office, head_of_office, assessor, demo_agencies, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    said = []
    result = DemoResult()
    demo.build(result, said.append)
    assert Campaign.objects.filter(office=office).count() == 2
    latest = Campaign.objects.get(year=2023)
    approved = latest.assessments.filter(state=Assessment.State.APPROVED)
    assert set(approved.values_list("zone", flat=True)) == {"hijau", "kuning", "merah"}
    assert set(approved.values_list("category", flat=True)) == {"A", "B", "C", "D", "E"}
    assert latest.assessments.filter(state=Assessment.State.IN_PROGRESS).count() == 1
    assert latest.assessments.filter(state=Assessment.State.RETURNED).count() == 1
    assert latest.assessments.filter(state=Assessment.State.SCHEDULED).count() == 1
    assert Delivery.objects.count() == 1
    assert said and "2 campaigns" in said[-1]

    counts = (Assessment.objects.count(), Delivery.objects.count(), Campaign.objects.count())
    again = DemoResult()
    demo.build(again, said.append)
    assert (
        Assessment.objects.count(),
        Delivery.objects.count(),
        Campaign.objects.count(),
    ) == counts
    assert sum(again.created.values()) == 0


def test_the_demo_step_skips_without_the_demo_office(db):
    said = []
    demo.build(DemoResult(), said.append)
    assert "skipped" in said[0]
