"""One access-control module: every app's views take their decorators and fetch-and-authorize
helpers from ``aduan.access``; none keeps a copy, and none imports another app's views."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.http import Http404
from django.template import Context, Template
from django.test import RequestFactory

import aduan
from aduan import access

SRC = Path(aduan.__file__).resolve().parent
COPIES = re.compile(
    r"^\s*def (staff_required|liaison_required|office_staff_required|_case_or_404)\b", re.M
)
IMPORTS_BACKOFFICE_VIEWS = re.compile(
    r"^\s*(from aduan\.backoffice\.views import|from aduan\.backoffice import [^\n]*\bviews\b"
    r"|import aduan\.backoffice\.views)",
    re.M,
)


def _sources() -> list[Path]:
    return [p for p in SRC.rglob("*.py") if "migrations" not in p.parts]


def test_no_app_defines_its_own_access_decorators():
    found = [
        f"{path.relative_to(SRC)}: {match.group(1)}"
        for path in _sources()
        if path != SRC / "access.py"
        for match in COPIES.finditer(path.read_text())
    ]
    assert found == []


def test_only_the_urls_import_the_back_office_views():
    found = [
        str(path.relative_to(SRC))
        for path in _sources()
        if IMPORTS_BACKOFFICE_VIEWS.search(path.read_text())
    ]
    assert found == ["backoffice/urls.py"]


def test_the_access_module_imports_no_views():
    text = (SRC / "access.py").read_text()
    views = r"^from aduan\.\w+(\.\w+)*\.views|^from aduan\.\w+ import views"
    assert not re.search(views, text, re.M)


def test_a_case_out_of_sight_is_a_404(receive, outsider):
    request = RequestFactory().get("/")
    request.user = outsider
    with pytest.raises(Http404):
        access.case_for_request(request, receive().pk)


def test_a_case_in_sight_is_returned_by_id_or_reference(receive, pvl_assistant):
    case = receive()
    request = RequestFactory().get("/")
    request.user = pvl_assistant
    assert access.case_for_request(request, case.pk) == case
    assert access.case_for_request(request, case.reference) == case


def test_an_action_the_person_may_not_do_is_a_403(receive, administrator):
    from django.core.exceptions import PermissionDenied

    request = RequestFactory().get("/")
    request.user = administrator
    case = receive()
    assert access.case_for_request(request, case.pk) == case
    with pytest.raises(PermissionDenied):
        access.case_for_request(request, case.pk, "verify")


def test_can_answers_case_and_app_permissions(receive, office, pvl_assistant, administrator):
    case = receive()
    assert access.can(pvl_assistant, "verify", case)
    assert not access.can(administrator, "verify", case)
    assert access.can(pvl_assistant, "prevention.work", office=office)
    assert not access.can(administrator, "prevention.work", office=office)
    assert access.can(administrator, "compliance.manage", office=office)
    assert not access.can(pvl_assistant, "compliance.manage", office=office)
    with pytest.raises(KeyError):
        access.can(pvl_assistant, "fly")


def test_the_template_tag_answers_like_the_decorator(receive, pvl_assistant, outsider):
    case = receive()
    template = Template('{% load access %}{% can "verify" case as ok %}{{ ok }}')
    for person, expected in ((pvl_assistant, "True"), (outsider, "False")):
        request = RequestFactory().get("/")
        request.user = person
        assert template.render(Context({"request": request, "case": case})) == expected


def test_staff_required_sends_strangers_to_sign_in_and_refuses_liaisons(client, db):
    from aduan.directory.models import User

    assert client.get("/kantor/").status_code == 302
    client.force_login(User.objects.create_user("nobody", password="secret-pass-123"))
    assert client.get("/kantor/").status_code == 403


def test_the_desk_needs_the_receive_permission(client, pvl_assistant, administrator):
    client.force_login(administrator)
    assert client.get("/kantor/terima/").status_code == 403
    client.force_login(pvl_assistant)
    assert client.get("/kantor/terima/").status_code == 200
