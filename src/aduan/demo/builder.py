"""Build the demo office. Idempotent: a second run keeps what is there and adds what is missing.

Later features add their own step to ``STEPS`` (the case workflow adds demo reports).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from aduan.assignments.demo import build as assignments_demo
from aduan.compliance.demo import build as compliance_campaigns
from aduan.demo import cases, data, records
from aduan.directory.models import Agency, Liaison, Office, Unit, User
from aduan.liaison.demo import portal_accounts, portal_activity
from aduan.plans.demo import build as plans_demo
from aduan.prevention.demo import build as prevention_demo
from aduan.privacy.demo import build as privacy_demo
from aduan.reference.models import AgencyGroup
from aduan.regions.loader import load_regions
from aduan.regions.models import Region
from aduan.stats.demo import spike_alerts
from aduan.triage.demo import triage_models

Say = Callable[[str], None]
STAFF_GROUP = "Staf kantor (demo)"


@dataclass
class DemoResult:
    created: dict[str, int] = field(default_factory=dict)
    logins: list[tuple[str, str, str]] = field(default_factory=list)

    def add(self, what: str, count: int) -> None:
        self.created[what] = self.created.get(what, 0) + count


def _ensure_regions(result: DemoResult, say: Say) -> None:
    if Region.objects.filter(code=data.PROVINCE).exists():
        return
    say("Regions are not loaded yet: loading the shipped list first.")
    loaded = load_regions(settings.ADUAN_REGIONS_FILE, progress=lambda line: say(f"  {line}"))
    result.add("regions", loaded.created)


def _offices(result: DemoResult, say: Say) -> None:
    central, created = Office.objects.get_or_create(
        code="pusat",
        defaults={
            "name": "Ombudsman Republik Indonesia",
            "short_name": "Ombudsman RI Pusat",
            "kind": Office.Kind.PUSAT,
            "address": "Jl. H.R. Rasuna Said Kav. C-19, Kuningan, Jakarta Selatan",
            "phone": "137",
        },
    )
    result.add("offices", int(created))
    office, created = Office.objects.get_or_create(
        code=data.OFFICE_CODE,
        defaults={
            "name": "Ombudsman Republik Indonesia Perwakilan Provinsi Kepulauan Bangka Belitung",
            "short_name": "Ombudsman RI Perwakilan Kep. Bangka Belitung",
            "kind": Office.Kind.PERWAKILAN,
            "parent": central,
            "time_zone": Region(code=data.PROVINCE).time_zone,
            "address": "Pangkalpinang, Kepulauan Bangka Belitung",
            "email": "babel@ombudsman.example",
        },
    )
    result.add("offices", int(created))
    if created:
        office.jurisdiction.add(Region.objects.get(code=data.PROVINCE))
    for code, kind, name in data.UNITS:
        _, created = Unit.objects.get_or_create(
            office=office, code=code, defaults={"kind": kind, "name": name}
        )
        result.add("units", int(created))
    say(f"Office {office.code}: {office.name}")


def _staff_group() -> Group:
    group, _ = Group.objects.get_or_create(name=STAFF_GROUP)
    if not group.permissions.exists():
        apps = ["directory", "reference", "regions", "deadlines"]
        group.permissions.set(
            Permission.objects.filter(
                content_type__app_label__in=apps, codename__startswith="view_"
            )
        )
    return group


# What an office administrator does in the admin, for their own office only (each admin page
# scopes its list by office): accounts, units, liaison officers, non-working days, letter
# templates and settings, reply templates; the reference data and the audit log to read.
OFFICE_ADMIN_GROUP = "Administrator kantor"
OFFICE_ADMIN_PERMISSIONS = {
    "directory": [
        *("view_office", "view_agency", "add_user", "change_user", "view_user"),
        *("change_unit", "view_unit", "add_liaison", "change_liaison", "view_liaison"),
    ],
    "deadlines": [
        *("add_officeclosure", "delete_officeclosure", "view_officeclosure"),
        *("view_deadlinerule", "view_deadline"),
    ],
    "letters": [
        *("add_lettertemplate", "change_lettertemplate", "view_lettertemplate"),
        *("change_lettersettings", "view_lettersettings"),
    ],
    "messaging": ["add_replytemplate", "change_replytemplate", "view_replytemplate"],
    "core": ["view_auditevent"],
}


def _office_admin_group() -> Group:
    group, _ = Group.objects.get_or_create(name=OFFICE_ADMIN_GROUP)
    if not group.permissions.exists():
        wanted = Permission.objects.none()
        for app, codenames in OFFICE_ADMIN_PERMISSIONS.items():
            wanted |= Permission.objects.filter(content_type__app_label=app, codename__in=codenames)
        group.permissions.set(wanted)
    return group


def _staff(result: DemoResult, say: Say) -> None:
    group = _staff_group()
    for office_code, people in (("pusat", data.CENTRAL_STAFF), (data.OFFICE_CODE, data.STAFF)):
        office = Office.objects.get(code=office_code)
        for username, first, last, role, unit_code, position in people:
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User(
                    username=username,
                    first_name=first,
                    last_name=last,
                    email=f"{username}@{office_code}.ombudsman.example",
                    role=role,
                    office=office,
                    unit=Unit.objects.get(office=office, code=unit_code) if unit_code else None,
                    position=position,
                    is_staff=True,
                )
                user.set_password(settings.ADUAN_DEMO_PASSWORD)
                user.full_clean()
                user.save()
                user.groups.add(group)
                if role == User.Role.ADMINISTRATOR:  # an office's administrator, not a superuser
                    user.groups.add(_office_admin_group())
                result.add("staff", 1)
            result.logins.append((username, user.get_role_display(), str(office)))
    say(f"Staff: {len(result.logins)} demo accounts")


def _add_agency(node: tuple, parent: Agency | None, groups: dict, result: DemoResult) -> None:
    name, group_code, level, region_code, children = node
    siblings = Agency.objects.get_children(parent) if parent else Agency.objects.get_root_nodes()
    agency = siblings.filter(name=name).first()
    if agency is None:
        fields = {
            "name": name,
            "group": groups[group_code],
            "level": level,
            "region": Region.objects.get(code=region_code) if region_code else None,
        }
        agency = (
            Agency.objects.add_child(parent, instance=Agency(**fields))
            if parent
            else Agency.objects.add_root(instance=Agency(**fields))
        )
        result.add("agencies", 1)
    for child in children:
        _add_agency(child, agency, groups, result)


def _agencies(result: DemoResult, say: Say) -> None:
    groups = {g.code: g for g in AgencyGroup.objects.all()}
    for root in data.AGENCIES:
        _add_agency(root, None, groups, result)
    for agency_name, name, position, email, phone in data.LIAISONS:
        agency = Agency.objects.get(name=agency_name)
        _, created = Liaison.objects.get_or_create(
            agency=agency,
            name=name,
            defaults={"position": position, "email": email, "phone": phone, "whatsapp": phone},
        )
        result.add("liaisons", int(created))
    say(f"Agencies: {Agency.objects.count()}, liaison officers: {Liaison.objects.count()}")


def _cases(result: DemoResult, say: Say) -> None:
    """About 300 reports in every state of the workflow (``aduan.demo.cases``)."""
    result.add("reports", cases.build_cases(say))


def _search_index(result: DemoResult, say: Say) -> None:
    """Index the demo reports for search (the services index each report they touch; this also
    covers reports made before the search app was installed)."""
    from aduan.cases.models import Case
    from aduan.search.services import reindex

    say(f"Search index: {reindex(Case.objects.filter(office__code=data.OFFICE_CODE)):,} reports")


def _complaint_unit(result: DemoResult, say: Say) -> None:
    """An agency complaint unit under the SP4N-LAPOR! rules (``aduan.sp4n.demo``)."""
    from aduan.sp4n.demo import build_complaint_unit

    build_complaint_unit(result, say, _staff_group())


def _records(result: DemoResult, say: Say) -> None:
    """Referrals out and in, letters and documents (``aduan.demo.records``)."""
    records.build(result, say)


def _prevention(result: DemoResult, say: Say) -> None:
    # Recorded in the demo's recent past (a review published then starts its clocks then).
    with cases.recent_past():
        prevention_demo(result, say)


STEPS: list[Callable[[DemoResult, Say], None]] = [
    _ensure_regions,
    _offices,
    _staff,
    _agencies,
    portal_accounts,
    _cases,
    _complaint_unit,
    _records,
    portal_activity,
    spike_alerts,
    triage_models,
    compliance_campaigns,
    _prevention,
    plans_demo,
    assignments_demo,
    privacy_demo,
    _search_index,
]


def build_demo(progress: Say | None = None) -> DemoResult:
    """Create the demo office, its staff, agencies and liaisons where missing."""
    say = progress or (lambda message: None)
    result = DemoResult()
    with transaction.atomic():
        for step in STEPS:
            step(result, say)
    return result
