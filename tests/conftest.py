"""Personas and places shared by the suite.

Personas: the PVL assistant, the examiner, the head of unit, the head of office and the
administrator of the Bangka Belitung office; an Ombudsman member in the central office; and an
outsider (an assistant of another office). Reporters and agency liaisons join as their features do.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.utils import timezone

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
pytest_plugins = ["tests.services", "tests.scheduling"]  # s3_server, redis_url, pg_database; xdist
SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def shared_file(name: str) -> Path:
    """A file of ../shared/data, or skip the test saying why."""
    path = SHARED_DATA / name
    if not path.exists():
        pytest.skip(f"{path} is absent: this test needs the shared reference data")
    return path


# --- how the suite runs (scripts/run-tests) -----------------------------------
# The tests of tests/demo_site share one demo (a package fixture): they run in one xdist group so
# the demo is built once per database, whatever the number of workers (``--dist loadgroup``).
DEMO_GROUP = "demo"
# Tests whose outcome depends on the date or the hour: run again by scripts/run-tests with every
# test starting at each side of each Indonesian zone's midnight (``--clock``). Paths are relative
# to tests/; a test elsewhere joins with ``@pytest.mark.clock``.
CLOCK_SENSITIVE = (
    "test_calendar.py",
    "test_case_next_due.py",
    "test_deadlines.py",
    "cases/test_closure.py",
    "cases/test_lhp_delivery.py",
    "cases/test_reporter_completion.py",
    "cases/test_notices.py",
    "cases/test_resmon.py",
    "cases/test_sanctions.py",
    "cases/test_regional_ombudsman.py",
    "cases/test_receipts.py",
    "cases/test_receipt_pages.py",
    "cases/test_sweeper.py",
    "deadlines/test_holidays.py",
    "deadlines/test_rule_history.py",
    "liaison/test_portal.py",
    "prevention/test_activities.py",
    "prevention/test_suggestion_clocks.py",
    "prevention/test_views.py",
    "privacy/test_breaches.py",
    "privacy/test_requests.py",
    "privacy/test_retention.py",
    "referrals/test_overdue.py",
    "referrals/test_referrals.py",
    "sp4n/test_sp4n.py",
    "sp4n/test_uu25.py",
    "stats/test_dashboard.py",
    "stats/test_figures.py",
    "stats/test_public.py",
    "stats/test_report_page.py",
    "stats/test_spikes.py",
)


# The last half-minute of the day in WIT (14:59:30 UTC), WITA (15:59:30), WIB (16:59:30) and UTC
# (23:59:30): each test starts there and the clock runs on, across the midnight. Between them
# they hold every order of the four dates (all equal; WIT ahead; WIT and WITA ahead; all three
# zones ahead of UTC), so the instant just after each midnight adds no state of its own
# (decision 0017).
CLOCK_EDGES = (
    "14:59:30",
    "15:59:30",
    "16:59:30",
    "23:59:30",
)


def _clock_sensitive(path, marked: bool) -> bool:
    root = Path(__file__).resolve().parent
    path = Path(str(path)).resolve()
    relative = path.relative_to(root).as_posix() if path.is_relative_to(root) else ""
    return marked or relative.startswith(CLOCK_SENSITIVE)


@pytest.fixture(scope="session")
def django_db_setup(
    request, django_test_environment, django_db_blocker, django_db_modify_db_settings
):
    """pytest-django's test-database setup, on a copy of a migrated template (tests/dbtemplate.py)
    instead of a fresh migrate in every xdist worker."""
    from django.test.utils import setup_databases, teardown_databases
    from pytest_django.fixtures import _get_databases_for_setup

    from tests import dbtemplate

    aliases, serialized_aliases = _get_databases_for_setup(request.session.items)
    with django_db_blocker.unblock():
        copied = all(dbtemplate.prepare(alias) for alias in aliases)
        db_cfg = setup_databases(
            verbosity=request.config.option.verbose,
            interactive=False,
            aliases=aliases,
            serialized_aliases=serialized_aliases,
            keepdb=copied,
        )
    yield
    with django_db_blocker.unblock():
        try:
            teardown_databases(db_cfg, verbosity=request.config.option.verbose)
        except Exception as exc:
            request.node.warn(pytest.PytestWarning(f"could not drop the test databases: {exc!r}"))


def pytest_addoption(parser):
    group = parser.getgroup("aduan")
    group.addoption(
        "--clock",
        metavar="HH:MM[:SS]",
        help="start every test at this UTC time of today (the clock then runs on): "
        "date-sensitive tests at the edge of a day",
    )
    group.addoption(
        "--clock-edges",
        action="store_true",
        help="run each date-sensitive test (marker clock) once at each side of each Indonesian "
        "zone's midnight and at the end of the UTC day: " + ", ".join(CLOCK_EDGES),
    )
    group.addoption(
        "--database-tests-only",
        action="store_true",
        help="leave out the tests that touch no database (they ran on the other database)",
    )


def _uses_database(item) -> bool:
    names = set(getattr(item, "fixturenames", ()))
    return bool(
        item.get_closest_marker("django_db")
        or names & {"db", "transactional_db", "django_db_reset_sequences", "live_server"}
    )


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    root = Path(__file__).resolve().parent
    kept, dropped = [], []
    only_database = config.getoption("--database-tests-only")
    for item in items:
        marker = item.get_closest_marker("django_db")
        if (
            marker
            and marker.kwargs.get("transaction")
            and not marker.kwargs.get("serialized_rollback")
        ):
            # A transactional test without it leaves content types re-created under new ids,
            # and the next serialized test in the same worker then fails to restore its rows.
            raise pytest.UsageError(
                f"{item.nodeid}: transactional tests take serialized_rollback=True in this suite"
            )
        path = Path(str(item.path)).resolve()
        relative = path.relative_to(root).as_posix() if path.is_relative_to(root) else ""
        if relative.startswith("demo_site/"):
            item.add_marker(pytest.mark.xdist_group(DEMO_GROUP))
        if _clock_sensitive(path, False):
            item.add_marker(pytest.mark.clock)
        (dropped if only_database and not _uses_database(item) else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


def pytest_generate_tests(metafunc):
    """``--clock-edges``: each date-sensitive test runs once per edge of the day. The tests of
    ``STORED_BOTH_WAYS`` that store files run on disk and in object storage."""
    if "stored_in" in metafunc.fixturenames and not os.environ.get("ADUAN_TEST_STORAGE"):
        root = Path(__file__).resolve().parent
        path = Path(str(metafunc.definition.path)).resolve()
        if path.is_relative_to(root) and path.relative_to(root).as_posix() in STORED_BOTH_WAYS:
            # Object storage does not depend on the database engine: once, in the first pass.
            once = metafunc.config.getoption("--database-tests-only")
            metafunc.parametrize("stored_in", ["disk"] if once else ["disk", "s3"], indirect=True)
    if not metafunc.config.getoption("--clock-edges"):
        return
    marked = metafunc.definition.get_closest_marker("clock") is not None
    if _clock_sensitive(metafunc.definition.path, marked):
        metafunc.parametrize(
            "clock_at_the_edge", CLOCK_EDGES, indirect=True, ids=[f"utc{t}" for t in CLOCK_EDGES]
        )


def _clock_start(value: str):
    import datetime as dt

    try:
        at = dt.time.fromisoformat(value)
    except ValueError:
        raise pytest.UsageError(f"--clock wants HH:MM or HH:MM:SS (UTC), not {value!r}") from None
    today = dt.datetime.now(dt.UTC).date()
    return dt.datetime.combine(today, at, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def clock_at_the_edge(request):
    """With ``--clock HH:MM`` (or a ``--clock-edges`` parameter), every test starts at that UTC
    time of today and the clock runs on (time-machine), so "today" in an office's zone and in UTC
    differ as they do when CI runs at night."""
    value = getattr(request, "param", None) or request.config.getoption("--clock")
    if not value:
        yield None
        return
    import time_machine

    start = _clock_start(value)
    with time_machine.travel(start, tick=True):
        yield start


# --- where stored files go ------------------------------------------------------------------
# A test asking for ``media`` stores its files in a temporary folder, or, for the modules below
# (a second run of each test) and for every test when ADUAN_TEST_STORAGE=s3, in a new private
# bucket of the moto S3 server (tests/services.py), through the production settings
# (aduan.settings.object_storage). docs/decisions/0022-object-storage-and-shared-cache.md.
STORED_BOTH_WAYS = (
    "backoffice/test_exports_and_documents.py",
    "compliance/test_views.py",
    "hardening/test_files.py",
    "letters/test_pages.py",
)


def use_object_storage(settings, s3_server) -> str:
    """Switch the default storage to a new bucket of ``s3_server``; returns the bucket."""
    from aduan.settings import object_storage

    bucket = s3_server.new_bucket()
    default = object_storage(s3_server.environment(bucket))
    settings.STORAGES = {**settings.STORAGES, "default": default}
    return bucket


@pytest.fixture
def stored_in(request, settings) -> str:
    """Where this test's files are stored: "disk" (MEDIA_ROOT) or "s3" (a new bucket)."""
    where = getattr(request, "param", None) or os.environ.get("ADUAN_TEST_STORAGE") or "disk"
    if where == "s3":
        use_object_storage(settings, request.getfixturevalue("s3_server"))
    return where


@pytest.fixture
def media(settings, tmp_path, stored_in):
    """Stored files go to a temporary folder, which is returned (or to a bucket: stored_in)."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


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
def resmon_assistant(office):
    return _user("resmon", office, User.Role.ASISTEN, "resmon")


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

    from aduan.prevention.models import forget_kinds

    cache.clear()
    forget_kinds()  # the process's copy of the kinds of activity, which a test may add to
    yield
    cache.clear()
    forget_kinds()


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


def receive_deliveries(case, at=None):
    """Every document the case sent and nobody received yet is opened now (or at ``at``) by its
    addressee, as a reporter or liaison does at once: the clocks that waited start (decision
    0018). Returns how many."""
    from aduan.deadlines.deliveries import delivery_opened
    from aduan.deadlines.models import Delivery

    waiting = list(Delivery.objects.filter(case=case, received_on__isnull=True))
    for delivery in waiting:
        delivery_opened(delivery=delivery, at=at)
    return len(waiting)


@pytest.fixture
def walk(office, pvl_assistant, head_of_office, examiner, head_of_unit, agency_tree):
    """walk(case, "examination") moves a case there through the services. "resmon": handed to
    Resolusi dan Monitoring, the LHP file reviewed and a resolution attempt failed, so that a
    recommendation may be issued (Peraturan Ombudsman 58/2023 Ps.54)."""
    order = ["material", "decision", "examination", "lahp", "monitoring", "resmon"]

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
            receive_deliveries(case)  # the reporter reads the draft at once
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
            receive_deliveries(case)  # the terlapor receives the LHP at once
        if "resmon" in steps:
            from aduan.deadlines.workdays import local_date

            case = sv.case_handover_to_resmon(case=case, reason="30 hari kerja terlewati.")
            today = local_date(timezone.now(), office)
            for kind, outcome in (("telaah", ""), ("upaya_resolusi", "tidak_selesai")):
                ex.resmon_record_step(
                    case=case,
                    actor=head_of_office,
                    kind=kind,
                    held_on=today,
                    note="Berkas LHP lengkap; terlapor tetap tidak melaksanakan.",
                    outcome=outcome,
                )
        case.refresh_from_db()
        return case

    return go
