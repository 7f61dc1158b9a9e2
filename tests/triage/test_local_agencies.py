# ruff: noqa: F811  (the shared fixtures are imported from tests.triage._suggest_data)
"""An office's agency model learns agencies bound to a place by kind: the text says "the
civil registry", the place of the event says which regency's (issue 17 §1)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from aduan.cases import services as sv
from aduan.cases.models import Case
from aduan.directory.models import Agency
from aduan.reference.models import AgencyGroup
from aduan.triage import local, store, suggest
from aduan.triage.models import Suggestion
from tests.triage._suggest_data import KTP_TEXTS, PLN_TEXTS, agencies, triage_dir  # noqa: F401

pytestmark = pytest.mark.django_db

KTP = "KTP elektronik blm jadi sdh tiga bulan, petugas Dukcapil minta uang"


@pytest.fixture
def bangka(agencies, regions):
    return Agency.objects.add_root(
        instance=Agency(
            name="Dinas Kependudukan dan Pencatatan Sipil Kabupaten Bangka",
            group=AgencyGroup.objects.get(code="pemerintah-daerah"),
            level="kabupaten_kota",
            region=regions["19.01"],
        )
    )


@pytest.fixture
def trained(office, agencies, bangka, regions, triage_dir):
    """60 decided reports: power cuts (PLN, no place), and identity cards at the civil
    registry of Pangkalpinang (twice as many) or of Bangka, each where it happened."""
    start = timezone.now() - dt.timedelta(days=70)
    made = []
    for i in range(60):
        if i % 2 == 0:
            text, agency, place = PLN_TEXTS[(i // 2) % len(PLN_TEXTS)], agencies["pln"], None
        elif i % 3 == 0:
            text, agency, place = KTP_TEXTS[(i // 2) % len(KTP_TEXTS)], bangka, "19.01"
        else:
            text, agency, place = (
                KTP_TEXTS[(i // 2) % len(KTP_TEXTS)],
                agencies["dukcapil"],
                ("19.71.01" if i % 4 == 1 else "19.71"),
            )
        text = text.format(n=i % 7 + 2)
        made.append(
            sv.case_receive(
                office=office,
                intake_type="lm",
                channel="datang-langsung",
                title=text[:60],
                chronology=text + ". Mohon ditindaklanjuti.",
                reporters=[{"name": f"Pelapor {i}", "phone": f"0812{i:06d}"}],
                agency=agency,
                event_region=regions[place] if place else None,
                received_at=start + dt.timedelta(days=i),
            )
        )
    Case.objects.filter(pk__in=[c.pk for c in made]).update(state="pemeriksaan")
    return store.train_office(office=office, target="agency")


def report(office, regions, *, place=None, text=KTP):
    return sv.case_receive(
        office=office,
        intake_type="lm",
        channel="datang-langsung",
        title="KTP belum jadi",
        chronology=text,
        reporters=[{"name": "Budi", "phone": "08123"}],
        event_region=regions[place] if place else None,
    )


def top(case) -> list[str]:
    suggest.suggest_for_case(case)
    return list(
        Suggestion.objects.filter(case=case, target="agency")
        .order_by("rank")
        .values_list("value", flat=True)
    )


def test_the_kind_is_the_name_without_its_region():
    assert local.kind_of("Dinas Pendidikan Kabupaten Bangka", "Kabupaten Bangka") == (
        "dinas pendidikan"
    )
    assert local.kind_of("Dinas Dukcapil Kota Pangkalpinang", "Kota Pangkal Pinang") == (
        "dinas dukcapil"
    )
    assert local.kind_of("RSUD Depati Hamzah", "Kota Pangkal Pinang") is None


def test_a_region_is_read_at_the_level_of_the_agencys():
    assert local.region_at("19.71.01.1001", "kabupaten_kota") == "19.71"
    assert local.region_at("19.71", "kabupaten_kota") == "19.71"
    assert local.region_at("19", "kabupaten_kota") is None  # a province says no regency
    assert local.region_at(None, "provinsi") is None


def test_the_model_learns_the_civil_registries_as_one_kind(trained, agencies, bangka):
    model, classifier = store.model_for(trained.office, "agency")
    (group,) = classifier.meta["local"].values()
    assert group["members"] == {"19.71": str(agencies["dukcapil"].pk), "19.01": str(bangka.pk)}
    assert group["default"] == str(agencies["dukcapil"].pk)  # the more often reported
    assert model.metrics["local_kinds"] == 1
    assert model.metrics["top1"] >= 0.9  # the held-out newest fifth, named from their places
    assert model.method.endswith("+local") and len(model.method) <= 60


def test_the_place_of_the_event_names_the_agency(trained, office, regions, agencies, bangka):
    assert top(report(office, regions, place="19.01"))[0] == str(bangka.pk)
    assert top(report(office, regions, place="19.71.01"))[0] == str(agencies["dukcapil"].pk)


def test_without_a_place_the_region_named_in_the_text_decides(trained, office, regions, bangka):
    case = report(office, regions, text=KTP + " di Kabupaten Bangka")
    assert top(case)[0] == str(bangka.pk)


def test_without_any_place_the_most_reported_one_is_suggested(trained, office, regions, agencies):
    ranked = top(report(office, regions))
    assert ranked[0] == str(agencies["dukcapil"].pk)
    assert len(ranked) == len(set(ranked))  # never the same agency twice


def test_a_power_cut_is_still_the_power_company(trained, office, regions, agencies):
    case = report(office, regions, place="19.01", text=PLN_TEXTS[0].format(n=5))
    assert top(case)[0] == str(agencies["pln"].pk)


def test_agencies_whose_reports_happen_elsewhere_are_not_bound(office, agencies, bangka, regions):
    """Reports of the Bangka registry placed in Pangkalpinang: it is not bound to its region."""
    labels = [str(agencies["dukcapil"].pk)] * 5 + [str(bangka.pk)] * 5
    places = ["19.71"] * 5 + ["19.71"] * 5
    assert local.find_groups(labels, places) == {}
