"""Personas and places shared by the suite.

Personas: the PVL assistant, the examiner, the head of unit, the head of office and the
administrator of the Bangka Belitung office; an Ombudsman member in the central office; and an
outsider (an assistant of another office). Reporters and agency liaisons join as their features do.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from aduan.cases import examination as ex
from aduan.cases import services as sv
from aduan.cases.checklists import FORMAL_ITEMS, MATERIAL_ITEMS
from aduan.directory.models import Agency, Office, Unit, User
from aduan.reference.models import AgencyGroup
from aduan.regions.models import Region

FORMAL_OK = {
    code: (None if optional else True) for code, (_l, _b, optional) in FORMAL_ITEMS.items()
}
MATERIAL_OK = dict.fromkeys(MATERIAL_ITEMS, True)
SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def shared_file(name: str) -> Path:
    """A file of ../shared/data, or skip the test saying why."""
    path = SHARED_DATA / name
    if not path.exists():
        pytest.skip(f"{path} is absent: this test needs the shared reference data")
    return path


@pytest.fixture
def regions(db):
    """A few real regions: Bangka Belitung, Pangkalpinang, Bangka; Sulawesi Selatan, Makassar."""
    rows = [
        ("19", "Kepulauan Bangka Belitung", "provinsi", None),
        ("19.71", "Kota Pangkal Pinang", "kabupaten_kota", "19"),
        ("19.01", "Kabupaten Bangka", "kabupaten_kota", "19"),
        ("19.71.01", "Rangkui", "kecamatan", "19.71"),
        ("73", "Sulawesi Selatan", "provinsi", None),
        ("73.71", "Kota Makassar", "kabupaten_kota", "73"),
    ]
    for code, name, level, parent in rows:
        Region.objects.create(code=code, name=name, level=level, parent_id=parent)
    return {code: Region.objects.get(code=code) for code, *_ in rows}


@pytest.fixture
def central_office(db):
    return Office.objects.create(code="pusat", name="Ombudsman RI", kind=Office.Kind.PUSAT)


@pytest.fixture
def office(regions, central_office):
    office = Office.objects.create(
        code="babel",
        name="Ombudsman RI Perwakilan Kepulauan Bangka Belitung",
        kind=Office.Kind.PERWAKILAN,
        parent=central_office,
        time_zone="Asia/Jakarta",
    )
    office.jurisdiction.add(regions["19"])
    for kind in Unit.Kind.values:
        Unit.objects.create(office=office, kind=kind, code=kind, name=f"Keasistenan {kind}")
    return office


@pytest.fixture
def other_office(regions, central_office):
    office = Office.objects.create(
        code="sulsel",
        name="Ombudsman RI Perwakilan Sulawesi Selatan",
        kind=Office.Kind.PERWAKILAN,
        parent=central_office,
        time_zone="Asia/Makassar",
    )
    office.jurisdiction.add(regions["73"])
    Unit.objects.create(office=office, kind="pvl", code="pvl", name="Keasistenan PVL")
    return office


def _user(username: str, office: Office, role: str, unit_code: str | None = None) -> User:
    user = User(username=username, role=role, office=office, is_staff=True)
    if unit_code:
        user.unit = Unit.objects.get(office=office, code=unit_code)
    user.set_password("secret-pass-123")
    user.full_clean()
    user.save()
    return user


@pytest.fixture
def pvl_assistant(office):
    return _user("pvl", office, User.Role.ASISTEN, "pvl")


@pytest.fixture
def examiner(office):
    return _user("pemeriksa", office, User.Role.ASISTEN, "pemeriksaan")


@pytest.fixture
def head_of_unit(office):
    return _user("kakeas", office, User.Role.KEPALA_KEASISTENAN, "pemeriksaan")


@pytest.fixture
def head_of_office(office):
    return _user("kepala", office, User.Role.KEPALA_PERWAKILAN)


@pytest.fixture
def administrator(office):
    return _user("admin", office, User.Role.ADMINISTRATOR)


@pytest.fixture
def member(central_office):
    return _user("anggota", central_office, User.Role.ANGGOTA)


@pytest.fixture
def outsider(other_office):
    return _user("orang-luar", other_office, User.Role.ASISTEN, "pvl")


@pytest.fixture
def agency_tree(regions):
    """Pemerintah Kota Pangkalpinang → Dinas Kesehatan → Puskesmas Taman Sari."""
    group = AgencyGroup.objects.get(code="pemerintah-daerah")
    city = Agency.objects.add_root(
        instance=Agency(
            name="Pemerintah Kota Pangkalpinang",
            group=group,
            level=Agency.Level.KABUPATEN_KOTA,
            region=regions["19.71"],
        )
    )
    health = Agency.objects.add_child(
        city,
        instance=Agency(
            name="Dinas Kesehatan Kota Pangkalpinang", group=group, level="kabupaten_kota"
        ),
    )
    clinic = Agency.objects.add_child(
        health,
        instance=Agency(
            name="Puskesmas Taman Sari",
            group=AgencyGroup.objects.get(code="kesehatan"),
            level="kecamatan",
        ),
    )
    return {"city": city, "health": health, "clinic": clinic}


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache (the public statistics keep their tables an hour;
    the portal's rate limits count in it)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def english_messages():
    """Assertions read messages in English; tests about Bahasa Indonesia override to "id".
    (Requests still choose their language through LocaleMiddleware, Indonesian by default.)"""
    from django.utils import translation

    with translation.override("en"):
        yield


# --- the case workflow, walked through the real services --------------------


@pytest.fixture
def receive(office, agency_tree):
    def make(**overrides):
        data = {
            "office": office,
            "intake_type": "lm",
            "channel": "web",
            "title": "Pungutan biaya pembuatan KTP",
            "reporters": [{"name": "Siti Aminah", "email": "siti@example.com", "phone": "0812"}],
            "agency": agency_tree["health"],
        }
        data.update(overrides)
        return sv.case_receive(**data)

    return make


@pytest.fixture
def walk(office, pvl_assistant, head_of_office, examiner, head_of_unit, agency_tree):
    """walk(case, "examination") moves a case there through the services."""
    order = ["material", "decision", "examination", "lahp", "monitoring"]

    def go(case, target):
        steps = order[: order.index(target) + 1]
        if "material" in steps:
            case = sv.case_verify_formal(case=case, actor=pvl_assistant, items=FORMAL_OK)
        if "decision" in steps:
            case = sv.case_verify_material(case=case, actor=pvl_assistant, items=MATERIAL_OK)
        if "examination" in steps:
            case = sv.case_register(
                case=case,
                actor=head_of_office,
                unit=office.units.get(code="pemeriksaan"),
                assignee=examiner,
            )
        if "lahp" in steps:
            ex.lahp_send_draft(
                case=case,
                actor=examiner,
                conclusion="ditemukan",
                findings="Pungutan tanpa dasar hukum terbukti.",
            )
        if "monitoring" in steps:
            lahp = case.lahps.get()
            ex.lahp_record_response(lahp=lahp, actor=examiner, response="Pelapor setuju.")
            ex.lahp_finalise(
                case=case,
                actor=head_of_unit,
                corrective_actions=[
                    {"addressee": agency_tree["health"], "description": "Kembalikan pungutan."}
                ],
            )
        case.refresh_from_db()
        return case

    return go
