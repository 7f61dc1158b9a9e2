"""aduan demo: the Bangka Belitung office with staff in every role, agencies and liaisons."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.http import HttpRequest

from aduan.demo.builder import build_demo
from aduan.directory.models import Agency, Liaison, Office, User
from aduan.regions.models import Region

pytestmark = pytest.mark.django_db

ROLES = {"administrator", "kepala_perwakilan", "asisten", "kepala_keasistenan", "anggota"}


@pytest.fixture(autouse=True)
def without_reports(monkeypatch):
    """These tests are about the directory part of the demo; the reports have their own tests
    (tests/demo_site/test_demo_cases.py), on a demo built once for that package."""
    from aduan.demo import builder

    monkeypatch.setattr(builder, "STEPS", [s for s in builder.STEPS if s is not builder._cases])


@pytest.fixture
def demo_regions():
    """Only the regions the demo needs (loading the whole list is tested elsewhere)."""
    Region.objects.create(code="19", name="Kepulauan Bangka Belitung", level="provinsi")
    for code, name in [
        ("19.01", "Kabupaten Bangka"),
        ("19.02", "Kabupaten Belitung"),
        ("19.04", "Kabupaten Bangka Tengah"),
        ("19.71", "Kota Pangkal Pinang"),
    ]:
        Region.objects.create(code=code, name=name, level="kabupaten_kota", parent_id="19")


def test_the_demo_creates_the_babel_office_with_staff_in_every_role(demo_regions):
    build_demo()
    babel = Office.objects.get(code="babel")
    assert babel.parent.code == "pusat"
    assert babel.time_zone == "Asia/Jakarta"
    assert list(babel.jurisdiction.values_list("code", flat=True)) == ["19"]
    staff = User.objects.filter(liaison__isnull=True)  # liaison portal accounts have no role
    assert set(staff.values_list("role", flat=True)) == ROLES
    liaisons = Liaison.objects.all()
    assert liaisons.filter(user__isnull=False, user__role="").exists()
    assert liaisons.filter(user__isnull=True).exists()
    for username in ("admin", "pvl", "pemeriksa", "resmon", "pencegahan", "kepala"):
        assert User.objects.get(username=username).check_password("aduan-demo")
    assert User.objects.get(username="pvl").unit.kind == "pvl"
    admin = User.objects.get(username="admin")
    assert not admin.is_superuser and admin.office.code == "babel"
    assert admin.has_perm("directory.change_user") and not admin.has_perm("auth.change_group")


def test_the_demo_agency_tree_is_realistic(demo_regions):
    build_demo()
    groups = set(Agency.objects.values_list("group__code", flat=True))
    assert {
        "pemerintah-daerah",
        "bumn-bumd",
        "kepolisian",
        "bpn",
        "kesehatan",
        "pendidikan-negeri",
    } <= groups
    up3 = Agency.objects.get(name="PT PLN (Persero) UP3 Bangka")
    assert [a.name for a in Agency.objects.get_ancestors(up3)] == [
        "PT PLN (Persero)",
        "PT PLN (Persero) Unit Induk Wilayah Bangka Belitung",
    ]
    assert Liaison.objects.filter(agency=up3).count() == 1
    assert Liaison.objects.count() == 7


def test_running_the_demo_again_keeps_existing_data(demo_regions):
    build_demo()
    pvl = User.objects.get(username="pvl")
    pvl.set_password("a-password-she-chose")
    pvl.save()
    counts = (Office.objects.count(), User.objects.count(), Agency.objects.count())
    again = build_demo()
    assert sum(again.created.values()) == 0
    assert (Office.objects.count(), User.objects.count(), Agency.objects.count()) == counts
    assert User.objects.get(username="pvl").check_password("a-password-she-chose")


def test_the_demo_command_prints_the_logins(demo_regions):
    out = StringIO()
    call_command("demo", stdout=out)
    text = out.getvalue()
    assert "password for all: aduan-demo" in text
    for username in ("admin", "pvl", "pemeriksa", "resmon", "pencegahan", "kepala"):
        assert f"  {username} " in text


def test_the_demo_command_says_staff_set_up_a_second_factor(demo_regions, settings):
    settings.ADUAN_MFA_REQUIRED = True
    out = StringIO()
    call_command("demo", stdout=out)
    assert "set up a second factor" in out.getvalue()


def test_demo_accounts_can_sign_in_to_the_administration(demo_regions, client):
    build_demo()
    # django-axes checks every sign-in against its address: the request goes with it.
    assert client.login(request=HttpRequest(), username="pvl", password="aduan-demo")
    response = client.get("/admin/")
    assert response.status_code == 200
    response = client.get("/admin/directory/agency/")
    assert response.status_code == 200  # staff may look things up in the directory


def test_without_the_demo_there_are_no_demo_accounts():
    assert not User.objects.filter(username__in=["admin", "pvl", "kepala"]).exists()
