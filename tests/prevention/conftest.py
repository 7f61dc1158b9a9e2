from __future__ import annotations

import datetime as dt

import pytest

from aduan.prevention import services as sv
from aduan.prevention.models import Activity


@pytest.fixture
def make_activity(office, pvl_assistant):
    def make(*, kind=Activity.Kind.ON_THE_SPOT, start=dt.date(2025, 3, 10), on=None, **fields):
        data = {"kind": kind, "title": f"{kind} {start}", "start_date": start, **fields}
        return sv.activity_create(office=on or office, actor=pvl_assistant, fields=data)

    return make


@pytest.fixture
def make_liaison():
    """make_liaison(agency, staff, username): an activated liaison account of ``agency``,
    invited by ``staff``."""
    from aduan.liaison import services as liaison_services
    from aduan.liaison.models import Liaison

    def make(agency, staff, username):
        person = Liaison.objects.create(agency=agency, name=f"Narahubung {username}")
        invited = liaison_services.liaison_invite(liaison=person, actor=staff)
        return liaison_services.liaison_activate(
            token=invited["token"], username=username, password="secret-pass-123"
        )

    return make
