"""The admin: an office administrator manages their own office only, and every change made there
is audited with its old and new values."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission

from aduan.core.models import AuditEvent
from aduan.deadlines.models import DeadlineRule
from aduan.directory.models import Agency, Liaison, Office, Unit, User

pytestmark = pytest.mark.django_db

PERMISSIONS = [
    "add_user", "change_user", "view_user", "change_unit", "view_unit",
    "add_liaison", "change_liaison", "view_liaison", "view_office", "change_office",
]  # fmt: skip


@pytest.fixture
def office_admin(administrator):
    group = Group.objects.create(name="Administrator kantor")
    group.permissions.set(
        Permission.objects.filter(content_type__app_label="directory", codename__in=PERMISSIONS)
    )
    administrator.groups.add(group)
    return administrator


@pytest.fixture
def superuser(central_office):
    return User.objects.create_superuser("root", "root@example.org", "secret-pass-123")


def _user_form(user, **changes):
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on" if user.is_active else "",
        "is_staff": "on" if user.is_staff else "",
        "role": user.role,
        "office": user.office_id or "",
        "unit": user.unit_id or "",
        "position": user.position,
        "phone": user.phone,
        "groups": list(user.groups.values_list("pk", flat=True)),
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_an_office_administrator_sees_only_their_offices_users(
    client, office_admin, pvl_assistant, outsider
):
    client.force_login(office_admin)
    response = client.get("/admin/directory/user/")
    assert response.status_code == 200
    users = set(response.context["cl"].queryset)
    assert pvl_assistant in users and office_admin in users
    assert outsider not in users


def test_a_superuser_sees_every_user(client, superuser, pvl_assistant, outsider):
    client.force_login(superuser)
    users = set(client.get("/admin/directory/user/").context["cl"].queryset)
    assert {pvl_assistant, outsider, superuser} <= users


def test_another_offices_user_page_is_refused(client, office_admin, outsider):
    client.force_login(office_admin)
    assert client.get(f"/admin/directory/user/{outsider.pk}/change/").status_code == 403
    response = client.post(
        f"/admin/directory/user/{outsider.pk}/change/", _user_form(outsider, is_active="")
    )
    assert response.status_code == 403
    outsider.refresh_from_db()
    assert outsider.is_active


def test_a_superusers_account_is_out_of_reach(client, office_admin, superuser):
    superuser.office = office_admin.office
    superuser.save()
    client.force_login(office_admin)
    assert client.get(f"/admin/directory/user/{superuser.pk}/change/").status_code == 403


def test_an_office_administrator_changes_a_user_of_their_office_audited(
    client, office_admin, pvl_assistant
):
    client.force_login(office_admin)
    examination = Unit.objects.get(office=office_admin.office, code="pemeriksaan")
    response = client.post(
        f"/admin/directory/user/{pvl_assistant.pk}/change/",
        _user_form(pvl_assistant, unit=examination.pk, phone="0812-3456-7890"),
    )
    assert response.status_code == 302, response.content
    pvl_assistant.refresh_from_db()
    assert pvl_assistant.unit == examination
    event = AuditEvent.objects.get(action="admin.user_changed")
    assert event.actor == office_admin and event.office == office_admin.office
    assert event.old == {"unit": Unit.objects.get(office=office_admin.office, code="pvl").pk}
    assert event.new == {"unit": examination.pk, "phone": {"changed": True}}
    assert "0812" not in str(event.new)


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"role": "anggota"}, "national role"),
        ({"is_superuser": "on"}, None),  # read-only for them: ignored
    ],
)
def test_an_office_administrator_cannot_escalate(
    client, office_admin, pvl_assistant, changes, message
):
    client.force_login(office_admin)
    client.post(
        f"/admin/directory/user/{pvl_assistant.pk}/change/", _user_form(pvl_assistant, **changes)
    )
    pvl_assistant.refresh_from_db()
    assert pvl_assistant.role == "asisten" and not pvl_assistant.is_superuser


def test_an_office_administrator_cannot_create_a_user_in_another_office(
    client, office_admin, other_office
):
    client.force_login(office_admin)
    response = client.post(
        "/admin/directory/user/add/",
        {
            "username": "penyusup",
            "password1": "a-long-pass-9876",
            "password2": "a-long-pass-9876",
            "usable_password": "true",
            "role": "administrator",
            "office": other_office.pk,
        },
    )
    assert response.status_code == 200  # the form refuses the office
    assert "office" in response.context["adminform"].form.errors
    assert not User.objects.filter(username="penyusup").exists()


def test_an_office_administrator_cannot_give_a_group_beyond_their_own(
    client, office_admin, pvl_assistant
):
    powerful = Group.objects.create(name="Semua")
    powerful.permissions.set(Permission.objects.filter(codename="change_group"))
    client.force_login(office_admin)
    client.post(
        f"/admin/directory/user/{pvl_assistant.pk}/change/",
        _user_form(pvl_assistant, groups=[powerful.pk]),
    )
    assert not pvl_assistant.groups.filter(pk=powerful.pk).exists()


def test_a_user_created_in_the_admin_is_audited_without_the_password(client, office_admin):
    client.force_login(office_admin)
    response = client.post(
        "/admin/directory/user/add/",
        {
            "username": "baru",
            "password1": "a-long-pass-9876",
            "password2": "a-long-pass-9876",
            "usable_password": "true",
            "role": "kepala_perwakilan",
            "office": office_admin.office_id,
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = AuditEvent.objects.get(action="admin.user_created")
    assert event.new["role"] == "kepala_perwakilan"
    assert event.new["password"] == {"changed": True}
    assert "pbkdf2" not in str(event.new) and "md5" not in str(event.new)


def test_a_password_set_in_the_admin_is_audited(client, office_admin, pvl_assistant):
    client.force_login(office_admin)
    response = client.post(
        f"/admin/directory/user/{pvl_assistant.pk}/password/",
        {"password1": "another-pass-5432", "password2": "another-pass-5432"},
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="admin.user_password_set")
    assert event.new == {"password": {"changed": True}} and event.target_id == str(pvl_assistant.pk)


def test_users_are_not_deleted_in_the_admin(client, superuser, pvl_assistant):
    client.force_login(superuser)
    response = client.post(f"/admin/directory/user/{pvl_assistant.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert User.objects.filter(pk=pvl_assistant.pk).exists()


def test_an_office_change_is_audited_old_and_new(client, superuser, office):
    client.force_login(superuser)
    page = client.get(f"/admin/directory/office/{office.pk}/change/")
    form = page.context["adminform"].form
    data = {
        name: form.initial.get(name) or ""
        for name in form.fields
        if form.initial.get(name) is not None
    }
    data.update(
        {
            "name": "Ombudsman RI Perwakilan Babel",
            "jurisdiction": list(office.jurisdiction.values_list("pk", flat=True)),
            "units-TOTAL_FORMS": 0,
            "units-INITIAL_FORMS": 0,
        }
    )
    data = {k: v for k, v in data.items() if not isinstance(v, bool) or v}
    response = client.post(f"/admin/directory/office/{office.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = AuditEvent.objects.get(action="admin.office_changed")
    assert event.old == {"name": "Ombudsman RI Perwakilan Kepulauan Bangka Belitung"}
    assert event.new == {"name": "Ombudsman RI Perwakilan Babel"}
    assert event.office_id == office.pk


def test_a_deadline_rule_change_is_audited(client, superuser):
    rule = DeadlineRule.objects.first() or DeadlineRule.objects.create(
        code="uji", rule_set="umum", name="Uji", days=14, basis="working", legal_source="X"
    )
    client.force_login(superuser)
    form = client.get(f"/admin/deadlines/deadlinerule/{rule.pk}/change/").context["adminform"].form
    data = {name: form.initial.get(name) for name in form.fields}
    data = {k: v for k, v in data.items() if v not in (None, False)}
    data["days"] = rule.days + 1
    response = client.post(f"/admin/deadlines/deadlinerule/{rule.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = AuditEvent.objects.get(action="admin.deadlinerule_changed")
    assert event.old == {"days": rule.days} and event.new == {"days": rule.days + 1}


def test_liaison_officers_are_limited_to_the_agencies_of_the_office(
    client, office_admin, agency_tree, regions
):
    mine = Agency.objects.filter(region__code__startswith="19").first()
    theirs = Agency.objects.add_root(
        instance=Agency(name="Dinas Jauh", group=mine.group, level="provinsi")
    )
    Liaison.objects.create(agency=mine, name="Pak Dekat", email="dekat@example.org")
    Liaison.objects.create(agency=theirs, name="Bu Jauh", email="jauh@example.org")
    client.force_login(office_admin)
    names = {
        liaison.name for liaison in client.get("/admin/directory/liaison/").context["cl"].queryset
    }
    assert names == {"Pak Dekat"}


def test_an_office_administrator_sees_only_their_offices_units(client, office_admin, other_office):
    client.force_login(office_admin)
    units = set(client.get("/admin/directory/unit/").context["cl"].queryset)
    assert units and all(unit.office == office_admin.office for unit in units)
    assert Office.objects.count() >= 2


def test_moving_an_agency_in_the_tree_is_audited(client, superuser, agency_tree):
    """treebeard's drag-and-drop move changes the tree outside the change form: audited too."""
    health = Agency.objects.get(name="Dinas Kesehatan Kota Pangkalpinang")
    other = Agency.objects.add_root(instance=Agency(name="Dinas Lain", group=health.group))
    old_parent = agency_tree["city"].pk
    client.force_login(superuser)
    response = client.post(
        "/admin/directory/agency/move/",
        {"node": health.pk, "target": other.pk, "relation": "child"},
    )
    assert response.status_code == 200
    health.refresh_from_db()
    assert Agency.objects.get_parent(health, update=True) == other
    event = AuditEvent.objects.get(action="admin.agency_changed")
    assert (event.old, event.new) == ({"parent": old_parent}, {"parent": other.pk})
    assert event.actor == superuser
