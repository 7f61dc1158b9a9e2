# ruff: noqa: F811  (the api fixture is imported)
"""Kinds of activity are data (issue 18 §4): the three clinics told apart, monitoring with its
findings per place, the comparative study with its counterpart, and a kind an administrator
adds, counted in the quarterly report under its own name."""

from __future__ import annotations

import datetime as dt

import pytest

from aduan.core.models import AuditEvent
from aduan.prevention import services as sv
from aduan.prevention.models import ActivityFinding, ActivityKind, Partner, forget_kinds, kinds
from aduan.prevention.permissions import NotAllowed, PreventionError
from aduan.prevention.selectors import activity_counts
from aduan.stats import render, report
from tests.api.conftest import api  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

DAY = dt.date(2025, 5, 6)
Q2 = (dt.date(2025, 4, 1), dt.date(2025, 6, 30))


@pytest.fixture
def monitoring(make_activity):
    return make_activity(kind="monitoring", title="Monitoring minyak goreng", start=DAY)


@pytest.fixture
def counterpart(office, pvl_assistant):
    return sv.partner_create(
        office=office,
        actor=pvl_assistant,
        fields={"name": "Lembaga Ombudsman Daerah DIY", "kind": Partner.Kind.OMBUDSMAN},
    )


def test_the_three_clinics_are_told_apart():
    clinics = ("coaching", "klinik-internal", "klinik-instansi")
    names = {code: kinds()[code].name for code in clinics}
    assert len(set(names.values())) == 3
    assert names["coaching"] == "Klinik pengaduan masyarakat"
    assert {kinds()[code].category for code in names} == {"klinik"}


def test_an_unknown_or_retired_kind_is_refused(make_activity):
    with pytest.raises(PreventionError, match="Unknown kind"):
        make_activity(kind="piknik")
    ActivityKind.objects.filter(code="nampel").update(active=False)
    forget_kinds()  # update() sends no signal
    with pytest.raises(PreventionError, match="Unknown kind"):
        make_activity(kind="nampel")


def test_a_kind_an_administrator_adds_is_recorded_and_counted(make_activity, office):
    ActivityKind.objects.create(
        code="pameran", name="Pameran pelayanan publik", name_en="Public service fair", order=5
    )
    make_activity(kind="pameran", start=DAY)
    counts = activity_counts((office.pk,), *Q2)
    assert counts["by_kind"]["pameran"] == 1
    assert counts["kinds"][0] == {
        "code": "pameran",
        "name": "Pameran pelayanan publik",
        "category": "",
        "count": 1,
    }
    data = report.build(kind="quarterly", year=2025, quarter=2, office=office)
    assert "1 pameran pelayanan publik" in data["narrative"]
    assert ["Pameran pelayanan publik", 1] in render.prevention_rows(data)


def test_a_comparative_study_names_its_counterpart(make_activity):
    with pytest.raises(PreventionError, match="institution visited"):
        make_activity(kind="studi-banding", start=DAY)


def test_a_comparative_study_with_its_counterpart_is_in_the_report(
    office, pvl_assistant, counterpart
):
    sv.activity_create(
        office=office,
        actor=pvl_assistant,
        fields={"kind": "studi-banding", "title": "Studi banding ke LOD DIY", "start_date": DAY},
        partners=[counterpart],
    )
    assert activity_counts((office.pk,), *Q2)["counterparts"] == ["Lembaga Ombudsman Daerah DIY"]
    data = report.build(kind="quarterly", year=2025, quarter=2, office=office)
    assert "studi banding dengan Lembaga Ombudsman Daerah DIY" in data["narrative"]


def test_removing_the_counterpart_of_a_study_is_refused(office, pvl_assistant, counterpart):
    study = sv.activity_create(
        office=office,
        actor=pvl_assistant,
        fields={"kind": "studi-banding", "title": "Studi banding", "start_date": DAY},
        partners=[counterpart],
    )
    with pytest.raises(PreventionError, match="institution visited"):
        sv.activity_update(activity=study, actor=pvl_assistant, fields={}, partners=[])
    assert study.partners.count() == 1


def test_a_monitoring_records_findings_per_place_with_the_agencies(
    monitoring, pvl_assistant, agency_tree, regions, office
):
    finding = sv.activity_finding_add(
        activity=monitoring,
        actor=pvl_assistant,
        fields={
            "place": "Pasar Pagi",
            "region": regions["19.71"],
            "finding": "Minyak goreng di atas HET.",
            "follow_up": "Dipantau pekan depan.",
        },
        agencies=[agency_tree["health"]],
    )
    assert list(finding.agencies.all()) == [agency_tree["health"]]
    event = AuditEvent.objects.get(action="prevention.finding_added")
    assert event.new["place"] == "Pasar Pagi"
    assert activity_counts((office.pk,), *Q2)["findings"] == 1
    data = report.build(kind="quarterly", year=2025, quarter=2, office=office)
    assert "1 temuan monitoring" in data["narrative"]
    assert ["Temuan monitoring", 1] in render.prevention_rows(data)


def test_findings_are_refused_on_an_activity_that_is_no_monitoring(make_activity, pvl_assistant):
    socialisation = make_activity(kind="sosialisasi", start=DAY)
    with pytest.raises(PreventionError, match="monitoring"):
        sv.activity_finding_add(
            activity=socialisation,
            actor=pvl_assistant,
            fields={"place": "Balai desa", "finding": "Ramai."},
        )
    assert not ActivityFinding.objects.exists()


def test_a_finding_needs_its_place_and_what_was_found(monitoring, pvl_assistant):
    with pytest.raises(PreventionError, match="place and what was found"):
        sv.activity_finding_add(
            activity=monitoring, actor=pvl_assistant, fields={"place": " ", "finding": "x"}
        )


def test_another_offices_staff_cannot_record_a_finding(monitoring, outsider):
    with pytest.raises(NotAllowed):
        sv.activity_finding_add(
            activity=monitoring, actor=outsider, fields={"place": "Pasar", "finding": "x"}
        )
    assert not ActivityFinding.objects.exists()


# --- pages and API ------------------------------------------------------------------------


def test_the_page_records_a_finding_and_lists_it(client, monitoring, pvl_assistant):
    client.force_login(pvl_assistant)
    url = f"/kantor/pencegahan/kegiatan/{monitoring.pk}/"
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Record a finding" in page
    answer = client.post(
        url + "temuan/",
        {"place": "Pasar Pagi", "finding": "Gula kosong di tiga kios."},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert answer.status_code == 302
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Gula kosong di tiga kios." in page


def test_a_refused_finding_comes_back_with_what_was_written(client, monitoring, pvl_assistant):
    client.force_login(pvl_assistant)
    answer = client.post(
        f"/kantor/pencegahan/kegiatan/{monitoring.pk}/temuan/",
        {"place": "", "finding": "Harga naik tiga kali lipat."},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert answer.status_code == 400
    assert "Harga naik tiga kali lipat." in answer.content.decode()
    assert not ActivityFinding.objects.exists()


def test_the_kind_list_of_the_form_comes_from_the_data(client, pvl_assistant):
    ActivityKind.objects.create(code="pameran", name="Pameran", name_en="Public service fair")
    client.force_login(pvl_assistant)
    page = client.get("/kantor/pencegahan/kegiatan/baru/", HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert "Public service fair" in text
    assert "Internal training of examination assistants" in text


def test_the_api_lists_the_kinds_and_gives_the_findings(
    api, monitoring, pvl_assistant, agency_tree
):
    sv.activity_finding_add(
        activity=monitoring,
        actor=pvl_assistant,
        fields={"place": "Pasar Pagi", "finding": "Minyak goreng langka."},
        agencies=[agency_tree["health"]],
    )
    client = api(pvl_assistant)
    listed = client.get("/prevention/activity-kinds").json()
    assert {"coaching", "klinik-internal", "klinik-instansi", "studi-banding"} <= {
        k["code"] for k in listed
    }
    detail = client.get(f"/prevention/activities/{monitoring.pk}").json()
    assert detail["kind"] == "monitoring"
    assert [f["place"] for f in detail["findings"]] == ["Pasar Pagi"]
    assert detail["findings"][0]["agencies"][0]["id"] == agency_tree["health"].pk
