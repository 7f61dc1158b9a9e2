"""Mass complaints found automatically, replayed on the Bangka Belitung quarter of Q1 2022
(DOMAIN.md §6; tests/stats/test_bangka_note.py): 480 reports, 294 of them in March, 240 of
March's from the power-outage posko about electricity. Every report is entered through the REST
API, as a desk application would, and triaged after commit (``after_receipt``)."""

from __future__ import annotations

import datetime as dt
import random
import time
from zoneinfo import ZoneInfo

import pytest

from aduan.directory.models import Agency
from aduan.reference.models import AgencyGroup
from aduan.stats.models import MassComplaint
from tests.api.conftest import api  # noqa: F401
from tests.triage.mass_texts import other_report, posko_report

WIB = ZoneInfo("Asia/Jakarta")
MONTHS = {1: (92, 0), 2: (94, 0), 3: (294, 240)}  # month → (reports, of which at the posko)
POSKO_TAG = "Posko Pengaduan Pemadaman Listrik"


def _moment(month: int, number: int) -> dt.datetime:
    day = 1 + number % 28
    return dt.datetime(2022, month, day, 8 + number % 9, number % 60, tzinfo=WIB)


@pytest.fixture
def agencies(agency_tree):
    """PLN's regional unit and a service unit below it; two more city departments."""
    bumn = AgencyGroup.objects.get(code="bumn-bumd")
    pln = Agency.objects.add_root(
        instance=Agency(name="PT PLN (Persero)", group=bumn, level="pusat")
    )
    uiw = Agency.objects.add_child(
        pln, instance=Agency(name="PLN UIW Bangka Belitung", group=bumn, level="provinsi")
    )
    ulp = Agency.objects.add_child(
        uiw, instance=Agency(name="PLN ULP Pangkalpinang", group=bumn, level="kabupaten_kota")
    )
    city = agency_tree["city"]
    group = city.group
    civil = Agency.objects.add_child(
        city,
        instance=Agency(name="Disdukcapil Kota Pangkalpinang", group=group, level="kabupaten_kota"),
    )
    school = Agency.objects.add_child(
        city,
        instance=Agency(
            name="Dinas Pendidikan Kota Pangkalpinang", group=group, level="kabupaten_kota"
        ),
    )
    return {
        "uiw": uiw,
        "ulp": ulp,
        "adminduk": civil,
        "pendidikan": school,
        "kesehatan": agency_tree["clinic"],
    }


@pytest.mark.clock
def test_the_posko_reports_of_march_2022_form_one_group_and_the_others_stay_out(
    api,  # noqa: F811
    office,
    pvl_assistant,
    agencies,
    django_capture_on_commit_callbacks,
):
    from aduan.triage import groups as grouping

    spent = [0.0, 0.0]
    place = grouping.place_case

    def timed(case):
        t0, c0 = time.perf_counter(), time.process_time()
        try:
            return place(case)
        finally:
            spent[0] += time.perf_counter() - t0
            spent[1] += time.process_time() - c0

    grouping.place_case = timed
    client = api(pvl_assistant)
    rng = random.Random(2022)
    posko_ids: set[int] = set()
    other_ids: set[int] = set()
    other_number = 0
    started = time.perf_counter()
    for month, (count, posko) in MONTHS.items():
        for number in range(count):
            body = {
                "channel": "datang-langsung",
                "received_at": _moment(month, number).isoformat(),
                "reporters": [{"name": "Warga", "phone": "0812000000", "contact_channel": "sms"}],
            }
            region = ("19.71", "19.01")[number % 2]
            if number < posko:
                title, chronology = posko_report(rng)
                body.update(
                    title=title,
                    chronology=chronology,
                    channel="posko",
                    substance="energi-kelistrikan",
                    event_tag=POSKO_TAG if number % 3 else "",
                    event_region=region if number % 5 else None,
                    agency_id=agencies["ulp"].pk if number % 2 == 0 else None,
                )
            else:
                substance, title, chronology = other_report(rng, other_number)
                other_number += 1
                body.update(
                    title=title,
                    chronology=chronology,
                    channel=("datang-langsung", "web", "whatsapp", "surat")[number % 4],
                    substance=substance,
                    event_region=region,
                    agency_id=agencies[substance].pk
                    if substance in agencies and number % 2
                    else None,
                )
            with django_capture_on_commit_callbacks(execute=True):
                response = client.post("/cases", body)
            assert response.status_code == 201, response.content
            (posko_ids if number < posko else other_ids).add(response.json()["id"])
    elapsed = time.perf_counter() - started
    grouping.place_case = place
    print(f"\nplace_case: {spent[0]:.1f} s wall, {spent[1]:.1f} s cpu")

    assert len(posko_ids) == 240 and len(other_ids) == 240
    groups = list(MassComplaint.objects.filter(office=office))
    members = {g.pk: set(g.cases.values_list("pk", flat=True)) for g in groups}
    posko_groups = [g for g in groups if members[g.pk] & posko_ids]
    assert len(posko_groups) == 1, [(g.title, len(members[g.pk])) for g in posko_groups]
    (posko_group,) = posko_groups
    grouped = members[posko_group.pk]
    print(
        f"\nQ1 replay: posko reports grouped {len(grouped & posko_ids)}/240, "
        f"false members {len(grouped & other_ids)}, groups {len(groups)}, "
        f"{elapsed:.1f} s for 480 reports"
    )
    assert len(grouped & posko_ids) >= 0.95 * 240  # measured: 240/240, 0 false members
    assert grouped & other_ids == set()  # no unrelated report in it
    assert posko_group.origin == MassComplaint.Origin.AUTOMATIC
    assert posko_group.basis == MassComplaint.Basis.EVENT
    # Unrelated reports make no group bigger than the least a group starts with.
    for group in groups:
        if group is not posko_group:
            assert len(members[group.pk]) <= 3, group.title
