"""The complaint unit's steps on the back-office case page."""

from __future__ import annotations

import pytest

from aduan.cases.models import Case
from aduan.deadlines.models import Deadline

pytestmark = pytest.mark.django_db


def _page(client, case):
    return client.get(f"/kantor/laporan/{case.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_the_unit_forwards_and_records_the_follow_up_from_the_case_page(
    client, report, central_admin, agency_tree
):
    case = report()
    client.force_login(central_admin)
    page = _page(client, case)
    assert "/aksi/sp4n-forward/" in page and "/aksi/sp4n-followup/" not in page
    response = client.post(
        f"/kantor/laporan/{case.pk}/aksi/sp4n-forward/",
        {"report_class": "pengaduan", "handling_agency": agency_tree["health"].pk},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == Case.State.EXAMINATION
    assert Deadline.objects.open().filter(case=case, rule__code="sp4n-pengaduan").exists()
    assert "/aksi/sp4n-followup/" in _page(client, case)
    response = client.post(
        f"/kantor/laporan/{case.pk}/aksi/sp4n-followup/", {"answer": "Antrean kini bernomor."}
    )
    assert response.status_code == 302
    assert Deadline.objects.open().filter(case=case, rule__code="sp4n-konfirmasi-pelapor").exists()
    assert "/aksi/sp4n-followup/" not in _page(client, case)


def test_an_ombudsman_office_is_not_offered_the_sp4n_steps(client, receive, pvl_assistant):
    case = receive()
    client.force_login(pvl_assistant)
    assert "/aksi/sp4n-forward/" not in _page(client, case)


def test_a_handling_unit_outside_the_units_agency_is_refused(
    client, report, central_admin, regions
):
    from aduan.directory.models import Agency
    from aduan.reference.models import AgencyGroup

    other = Agency.objects.add_root(
        instance=Agency(
            name="Pemerintah Kota Makassar",
            group=AgencyGroup.objects.get(code="pemerintah-daerah"),
            level="kabupaten_kota",
            region=regions["73.71"],
        )
    )
    case = report()
    client.force_login(central_admin)
    response = client.post(
        f"/kantor/laporan/{case.pk}/aksi/sp4n-forward/",
        {"report_class": "pengaduan", "handling_agency": other.pk},
    )
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.state == Case.State.RECEIVED
