"""The prevention demo step: every kind of record for the demo office, made once."""

from __future__ import annotations

import pytest
from django.utils import timezone

from aduan.cases import services as cases
from aduan.demo.builder import DemoResult, build_demo
from aduan.directory.models import Office
from aduan.prevention import demo
from aduan.prevention.models import (
    Activity,
    AssistanceSession,
    Contact,
    Guideline,
    Partner,
    StandardMapping,
    Suggestion,
    SystemicReview,
)
from aduan.regions.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def babel(monkeypatch, settings, tmp_path):
    """The demo's directory (offices, staff, agencies) without its few hundred reports, and
    one report taken at an On The Spot today."""
    from aduan.demo import builder

    settings.MEDIA_ROOT = tmp_path
    # Without the reports and without this step itself (the test runs it after the report).
    steps = [s for s in builder.STEPS if s not in (builder._cases, builder._prevention)]
    monkeypatch.setattr(builder, "STEPS", steps)
    Region.objects.create(code="19", name="Kepulauan Bangka Belitung", level="provinsi")
    for code, name in [
        ("19.01", "Kabupaten Bangka"),
        ("19.02", "Kabupaten Belitung"),
        ("19.04", "Kabupaten Bangka Tengah"),
        ("19.71", "Kota Pangkal Pinang"),
    ]:
        Region.objects.create(code=code, name=name, level="kabupaten_kota", parent_id="19")
    build_demo()
    office = Office.objects.get(code="babel")
    cases.case_receive(
        office=office,
        intake_type="lm",
        channel="on-the-spot",
        event_tag="OTS Pasar Pagi Pangkalpinang",
        title="Antrean panjang di kantor kelurahan",
        reporters=[{"name": "Budi"}],
    )
    return office


def _counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (
            Activity,
            SystemicReview,
            Suggestion,
            StandardMapping,
            AssistanceSession,
            Partner,
            Contact,
        )
    }


def test_the_demo_has_every_kind_and_a_second_run_adds_nothing(babel):
    result = DemoResult()
    demo.build(result, print)
    kinds = set(Activity.objects.filter(office=babel).values_list("kind", flat=True))
    assert kinds == set(Activity.Kind.values)
    ots = Activity.objects.get(kind="ots")
    assert ots.cases.count() == 1 and ots.reports_taken == 1
    assert Activity.objects.get(kind="klinik-instansi").documents.count() == 1
    monitoring = Activity.objects.get(kind="monitoring")
    assert monitoring.findings.count() == 2
    assert all(finding.agencies.exists() for finding in monitoring.findings.all())
    (guideline,) = Guideline.objects.all()
    assert [v.status for v in guideline.versions.order_by("number")] == ["terbit", "ditinjau"]
    assert guideline.reviews.get() == SystemicReview.objects.get()
    study = Activity.objects.get(kind="studi-banding")
    assert study.partners.get().kind == "ombudsman"
    review = SystemicReview.objects.get()
    assert review.status == "published"
    assert set(review.suggestions.values_list("status", flat=True)) == set(Suggestion.Status.values)
    assert StandardMapping.objects.count() == 4
    assert AssistanceSession.objects.count() == 4
    today = timezone.localdate()
    statuses = [a.status_on(today) for p in Partner.objects.all() for a in p.agreements.all()]
    assert sorted(statuses) == ["active", "expired"]
    assert Contact.objects.count() == 4
    before = _counts()
    again = DemoResult()
    demo.build(again, print)
    assert _counts() == before
    assert again.created == {}
