"""The case page costs a fixed number of queries, however much the case holds (documents,
notes, events, clocks, deliveries, summonses) and whoever reads it; the permission of each
action button is decided without a query (decision 0021)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from aduan.cases import engine
from aduan.cases import examination as ex
from aduan.cases import services as sv
from aduan.cases.documents import document_add
from aduan.deadlines.deliveries import delivery_send

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 20
# The most a case page may cost, whoever reads it and whatever the case holds: about 35 fixed
# (session, second factor, the case and each thing the page lists), plus one per option list
# the shown forms offer (units, colleagues, closure modes …; the head of office sees the most),
# plus one for triage's probable-duplicates panel (issue 17: one query for its rows, merged and
# linked reports included, however many).
BUDGET = 51


def grow(case, actor, n):
    """``n`` more of everything the case page lists."""
    for i in range(n):
        upload = SimpleUploadedFile(f"bukti-{i}.png", PNG, content_type="image/png")
        document_add(case=case, upload=upload, kind="bukti", actor=actor)
        sv.case_add_note(case=case, actor=actor, kind="internal", text=f"Catatan {i}")
        ex.summons_schedule(
            case=case,
            actor=actor,
            person=f"Saksi {i}",
            scheduled_for=timezone.now() + dt.timedelta(days=i + 1),
        )
        ex.field_investigation_record(
            case=case, actor=actor, held_on=dt.date(2026, 11, 1), place="Kantor", findings="Ada."
        )
        sent = delivery_send(
            subject=case,
            case=case,
            document="permintaan-klarifikasi",
            addressee="terlapor",
            method="pos",
            actor=actor,
            agency=case.agency,
        )
        engine.start_clock(case, "klarifikasi-pertama", actor=actor, subject=case, delivery=sent)


def page_queries(client, user, case):
    client.force_login(user)
    client.get(f"/kantor/laporan/{case.pk}/", HTTP_ACCEPT_LANGUAGE="en")  # sessions, presence
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/kantor/laporan/{case.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return [q["sql"] for q in captured.captured_queries]


@pytest.mark.parametrize("reader", ["examiner", "head_of_office", "head_of_unit", "member"])
def test_the_examination_page_costs_the_same_however_much_the_case_holds(
    client, receive, walk, examiner, request, reader
):
    user = request.getfixturevalue(reader)
    few = walk(receive(confidential=True), "examination")
    many = walk(receive(confidential=True), "examination")
    grow(few, examiner, 1)
    grow(many, examiner, 6)
    small, large = page_queries(client, user, few), page_queries(client, user, many)
    assert len(large) == len(small), "\n".join(q[:160] for q in large)
    assert len(large) <= BUDGET


def test_the_verification_page_costs_the_same_however_much_the_case_holds(
    client, receive, pvl_assistant
):
    few, many = receive(confidential=True), receive(confidential=True)
    for case, n in ((few, 1), (many, 6)):
        for i in range(n):
            upload = SimpleUploadedFile(f"ktp-{i}.png", PNG, content_type="image/png")
            document_add(case=case, upload=upload, kind="identitas", actor=pvl_assistant)
            sv.case_add_note(case=case, actor=pvl_assistant, kind="internal", text=f"Catatan {i}")
    small = page_queries(client, pvl_assistant, few)
    large = page_queries(client, pvl_assistant, many)
    assert len(large) == len(small) <= BUDGET


def test_the_action_buttons_are_decided_without_a_query(
    receive, walk, head_of_office, examiner, django_assert_max_num_queries
):
    """The first round reads the facts (the person's offices and unit, the case's conflicts
    and identity locks: four at most, however many actions); the others read nothing."""
    from aduan.backoffice.actions import ACTIONS
    from aduan.cases import permissions
    from aduan.cases.models import Case
    from aduan.directory.models import User

    case = walk(receive(confidential=True), "examination")
    for who in (head_of_office, examiner):
        user, fresh = User.objects.get(pk=who.pk), Case.objects.get(pk=case.pk)
        with django_assert_max_num_queries(4):
            for action in ACTIONS.values():
                permissions.can(user, action.permission, fresh)
        with django_assert_max_num_queries(0):
            for _round in range(3):
                for action in ACTIONS.values():
                    permissions.can(user, action.permission, fresh)
                permissions.needs_to_know(user, fresh)


def test_a_transfer_on_the_same_object_decides_again(receive, walk, examiner, office):
    from aduan.cases import permissions

    case = walk(receive(), "examination")
    assert permissions.can(examiner, "examine", case)
    case.unit = office.units.get(code="resmon")
    assert not permissions.can(examiner, "examine", case)
