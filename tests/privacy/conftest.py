"""Fixtures of the personal-data tests: the office's data protection officer, a liaison
account, a case with two reporters (the requester and a co-reporter), and makers of requests
and breaches."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from aduan.cases import services as cases
from aduan.cases.models import Document
from aduan.directory.models import User
from aduan.privacy import services as sv


@pytest.fixture
def dpo(office):
    user = User(username="dpo", role=User.Role.ASISTEN, office=office, is_dpo=True)
    user.unit = office.units.get(code="pvl")
    user.email = "dpo@babel.example"
    user.set_password("x")
    user.save()
    return user


@pytest.fixture
def liaison_account(db):
    """A portal account of an agency: no office role."""
    return User.objects.create(username="narahubung")


@pytest.fixture
def shared_case(receive, pvl_assistant):
    """A case written by Siti with Budi as co-reporter; Budi's name is in the chronology, and
    there are an internal note and a message to the reporters."""
    case = receive(
        reporters=[
            {
                "name": "Siti Aminah",
                "email": "siti@example.com",
                "phone": "0812-3456-7890",
                "id_number": "1971010101010001",
            },
            {"name": "Budi Hartono", "email": "budi@example.com", "phone": "081398765432"},
        ],
        chronology="Saya dan Budi Hartono (0813 9876 5432) dimintai pungutan oleh Pak Darto.",
        official_name="Pak Darto",
    )
    cases.case_add_note(
        case=case, actor=pvl_assistant, kind="internal", text="Catatan internal: cek Darto."
    )
    cases.case_add_note(
        case=case, actor=pvl_assistant, kind="to_reporter", text="Laporan Anda kami terima."
    )
    return case


@pytest.fixture
def siti(shared_case):
    return shared_case.reporters.get(name="Siti Aminah")


@pytest.fixture
def receive_request(office, head_of_office):
    """Record a request through the service: by the head of ``office``, an access request by
    email from "Siti", unless ``fields`` say otherwise."""

    def receive(**fields):
        return sv.data_request_receive(
            **{
                "office": office,
                "actor": head_of_office,
                "kind": "akses",
                "channel": "email",
                "requester_name": "Siti",
                **fields,
            }
        )

    return receive


@pytest.fixture
def record_breach(office, head_of_office):
    """Record a breach through the service: by the head of ``office``, discovered now, one
    person's contact data, unless ``fields`` say otherwise."""

    def record(**fields):
        return sv.breach_record(
            **{
                "office": office,
                "actor": head_of_office,
                "discovered_at": timezone.now(),
                "description": "x",
                "categories": ["kontak"],
                "subjects_affected": 1,
                **fields,
            }
        )

    return record


@pytest.fixture
def access_request(receive_request, siti):
    return receive_request(
        requester_name="Siti Aminah", details="Minta salinan data saya.", reporters=[siti]
    )


@pytest.fixture
def verified(access_request, head_of_office):
    return sv.data_request_verify(request=access_request, actor=head_of_office, method="kode_lacak")


@pytest.fixture
def correction(receive_request, head_of_office, siti):
    """A verified correction request of Siti's, her reporter record linked."""
    request = receive_request(
        kind="perbaikan", channel="langsung", requester_name="Siti Aminah", reporters=[siti]
    )
    return sv.data_request_verify(request=request, actor=head_of_office, method="ktp")


def pdf_document(case, name: str, *, kind: str = "bukti", identifies: bool = False) -> Document:
    """A small PDF filed on ``case`` (``identifies``: it identifies the reporter)."""
    return Document.objects.create(
        case=case,
        kind=kind,
        file=ContentFile(b"%PDF-1.4", name=name),
        original_name=name,
        content_type="application/pdf",
        size=8,
        sha256="0" * 64,
        identifies_reporter=identifies,
    )


def noon(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=timezone.get_current_timezone())
