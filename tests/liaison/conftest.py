"""Liaison officers of the agency tree, with portal accounts made through the services."""

from __future__ import annotations

import pytest
from django.test import Client

from aduan.cases import examination as ex
from aduan.cases import identity
from aduan.directory.models import Agency, Liaison
from aduan.liaison import services
from aduan.reference.models import AgencyGroup
from tests.conftest import receive_deliveries

PASSWORD = "Portal-pass-2026!"


@pytest.fixture
def other_agency(regions):
    return Agency.objects.add_root(
        instance=Agency(
            name="Pemerintah Kabupaten Bangka",
            group=AgencyGroup.objects.get(code="pemerintah-daerah"),
            level=Agency.Level.KABUPATEN_KOTA,
            region=regions["19.01"],  # in the test office's jurisdiction
        )
    )


@pytest.fixture
def make_liaison(db):
    def make(agency, name="Budi Santoso", email="budi@dinkes.example", phone="081234567"):
        return Liaison.objects.create(
            agency=agency, name=name, email=email, phone=phone, whatsapp=phone
        )

    return make


@pytest.fixture
def portal_user(pvl_assistant):
    """portal_user(liaison) → an activated portal account (invite → activate)."""
    counter = iter(range(1000))

    def make(liaison):
        result = services.liaison_invite(liaison=liaison, actor=pvl_assistant)
        return services.liaison_activate(
            token=result["token"], username=f"narahubung{next(counter)}", password=PASSWORD
        )

    return make


@pytest.fixture
def health_liaison(agency_tree, make_liaison):
    return make_liaison(agency_tree["health"])


@pytest.fixture
def portal(portal_user, health_liaison):
    """A signed-in browser of the health office's liaison."""
    user = portal_user(health_liaison)
    client = Client()
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def asked(receive, walk, examiner):
    """ask(**case_overrides) → a case in examination with a clarification request sent (a
    confidential case first gets its summary for the agency, as the identity guard asks)."""

    def make(**overrides):
        case = walk(receive(**overrides), "examination")
        if case.confidential:
            case = identity.case_set_agency_summary(
                case=case,
                actor=examiner,
                title="Pelayanan ditolak di loket",
                summary="Pelapor ditolak di loket tanpa penjelasan.",
            )
        request = ex.clarification_request(case=case, actor=examiner, questions="Mengapa?")
        receive_deliveries(case)  # the agency opens the request at once (decision 0018)
        return case, request

    return make
