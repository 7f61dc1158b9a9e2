"""The desk form asks the reporter's details the office's law needs (cases.reporter_fields):
an Ombudsman office the full identity of UU 37/2008 Ps.24(1)a with the marital status, an
agency's complaint unit only what UU 25/2009 needs."""

from __future__ import annotations

import pytest
from django.test import Client

from aduan.cases.models import Case
from aduan.directory.models import Office, Unit, User
from tests.conftest import _user
from tests.intake.test_desk import FORM, _walk_in

pytestmark = pytest.mark.django_db
NOT_FOR_A_UNIT = ("birth_place", "birth_date", "marital_status", "occupation", "id_number")


def _client(user):
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client


def test_an_ombudsman_desk_records_the_marital_status(pvl_assistant, office):
    client = _client(pvl_assistant)
    html = client.get(FORM).content.decode()
    assert 'name="marital_status"' in html and 'value="cerai_hidup"' in html
    response = client.post(FORM, _walk_in(marital_status="cerai_hidup", occupation="Guru"))
    assert response.status_code == 302
    assert Case.objects.get().reporters.get().marital_status == "cerai_hidup"


def test_an_ombudsman_desk_refuses_an_unknown_marital_status(pvl_assistant, office):
    response = _client(pvl_assistant).post(FORM, _walk_in(marital_status="Kawin siri"))
    assert response.status_code == 400 and not Case.objects.exists()


@pytest.fixture
def unit_clerk(office, agency_tree):
    unit = Office.objects.create(
        code="upkp2",
        name="UPKP2 Kota Pangkalpinang",
        kind=Office.Kind.UNIT_PENGADUAN,
        agency=agency_tree["city"],
        parent=office,
        time_zone="Asia/Jakarta",
    )
    Unit.objects.create(office=unit, kind="pvl", code="pvl", name="Verifikasi")
    return _user("upkp2", unit, User.Role.ASISTEN, "pvl")


def test_a_complaint_units_desk_hides_what_its_law_does_not_need(unit_clerk):
    html = _client(unit_clerk).get(FORM).content.decode()
    assert 'name="name"' in html and 'name="address"' in html
    for name in NOT_FOR_A_UNIT:
        assert f'name="{name}"' not in html, name


def test_a_complaint_units_desk_does_not_keep_those_details(unit_clerk):
    data = _walk_in(
        birth_place="Pangkalpinang",
        birth_date="1980-01-01",
        marital_status="kawin",
        occupation="Guru",
        id_type="ktp",
        id_number="1971010101010001",
        address="Jl. Merdeka 1",
    )
    response = _client(unit_clerk).post(FORM, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    reporter = Case.objects.get().reporters.get()
    assert reporter.address == "Jl. Merdeka 1"
    for name in (*NOT_FOR_A_UNIT, "id_type"):
        assert getattr(reporter, name) in ("", None), name
