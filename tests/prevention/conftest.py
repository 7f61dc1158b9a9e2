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
