"""Offices, units, staff roles, the agency tree, liaisons, scoping and office time zones."""

from __future__ import annotations

import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.utils import timezone

from aduan.core.middleware import OfficeTimezoneMiddleware
from aduan.directory.models import Agency, Liaison, Office, User
from aduan.directory.scoping import limit_to_offices, offices_for, sees_all_offices

pytestmark = pytest.mark.django_db


def test_an_office_has_the_four_units(office):
    assert sorted(office.units.values_list("kind", flat=True)) == [
        "pemeriksaan",
        "pencegahan",
        "pvl",
        "resmon",
    ]


def test_an_assistant_must_belong_to_a_unit(office):
    user = User(username="x", role=User.Role.ASISTEN, office=office)
    with pytest.raises(ValidationError, match="belongs to a unit"):
        user.full_clean()


def test_a_role_needs_an_office():
    with pytest.raises(ValidationError, match="belong to an office"):
        User(username="x", role=User.Role.KEPALA_PERWAKILAN).full_clean()


def test_a_unit_of_another_office_is_refused(office, other_office):
    user = User(
        username="x", role=User.Role.ASISTEN, office=office, unit=other_office.units.get(code="pvl")
    )
    with pytest.raises(ValidationError, match="must belong to the user's office"):
        user.full_clean()


def test_an_agency_complaint_unit_belongs_to_an_agency(agency_tree):
    unit = Office(code="upkp2", name="UPKP2", kind=Office.Kind.UNIT_PENGADUAN)
    with pytest.raises(ValidationError, match="belongs to an agency"):
        unit.full_clean()
    unit.agency = agency_tree["city"]
    unit.full_clean()


def test_the_agency_tree_knows_parents_and_descendants(agency_tree):
    clinic = Agency.objects.get(pk=agency_tree["clinic"].pk)
    assert clinic.full_name() == (
        "Puskesmas Taman Sari — Dinas Kesehatan Kota Pangkalpinang — Pemerintah Kota Pangkalpinang"
    )
    city = Agency.objects.get(pk=agency_tree["city"].pk)
    assert {a.name for a in Agency.objects.get_descendants(city)} == {
        "Dinas Kesehatan Kota Pangkalpinang",
        "Puskesmas Taman Sari",
    }
    assert clinic.group.code == "kesehatan"


def test_a_liaison_needs_a_way_to_be_reached(agency_tree):
    liaison = Liaison(agency=agency_tree["health"], name="Rahmat")
    with pytest.raises(ValidationError, match="at least one way to reach"):
        liaison.full_clean()
    liaison.whatsapp = "0812-0000-0000"
    liaison.full_clean()


def test_staff_see_only_their_own_office(office, other_office, pvl_assistant, outsider):
    assert list(offices_for(pvl_assistant)) == [office]
    assert list(offices_for(outsider)) == [other_office]
    assert list(limit_to_offices(Office.objects.all(), pvl_assistant, field="pk")) == [office]


def test_members_and_the_central_administration_see_every_office(member, central_office, office):
    assert sees_all_offices(member)
    admin = User.objects.create(
        username="admin-pusat", role=User.Role.ADMINISTRATOR, office=central_office
    )
    assert sees_all_offices(admin)
    assert set(offices_for(member)) == {central_office, office}


def test_an_office_administrator_does_not_see_other_offices(administrator, office, other_office):
    assert not sees_all_offices(administrator)
    assert list(offices_for(administrator)) == [office]


def test_anonymous_visitors_see_no_office(office):
    from django.contrib.auth.models import AnonymousUser

    assert not offices_for(AnonymousUser()).exists()


def _zone_during_request(user) -> str:
    seen = {}

    def view(request):
        seen["zone"] = timezone.get_current_timezone_name()
        return None

    request = RequestFactory().get("/")
    request.user = user
    OfficeTimezoneMiddleware(view)(request)
    return seen["zone"]


def test_times_are_shown_in_the_users_office_zone(pvl_assistant, outsider):
    assert _zone_during_request(pvl_assistant) == "Asia/Jakarta"
    assert _zone_during_request(outsider) == "Asia/Makassar"
    from django.contrib.auth.models import AnonymousUser

    assert _zone_during_request(AnonymousUser()) == "Asia/Jakarta"  # the default, WIB


def test_times_are_stored_in_utc(outsider):
    outsider.refresh_from_db()
    with timezone.override(zoneinfo.ZoneInfo("Asia/Makassar")):
        assert outsider.date_joined.utcoffset().total_seconds() == 0


def test_an_unusable_reference_format_is_refused(office):
    office.reference_format = "{seq}/{colour}"
    with pytest.raises(ValidationError, match="cannot be used"):
        office.full_clean()
    office.reference_format = "{year}/LM"
    with pytest.raises(ValidationError, match=r"must contain \{seq\}"):
        office.full_clean()
