"""POST /referrals/incoming and GET /referrals/institutions: referrals received from other
institutions become cases through referral_receive."""

from __future__ import annotations

import pytest

from aduan.cases.models import Case
from aduan.core.models import AuditEvent
from aduan.referrals.models import Institution, Referral

pytestmark = pytest.mark.django_db


@pytest.fixture
def police(db):
    return Institution.objects.create(
        name="Polda Kepulauan Bangka Belitung", kind=Institution.Kind.POLICE
    )


@pytest.fixture
def referral(police):
    """The body of a referral received from the police."""

    def make(**overrides):
        data = {
            "institution_id": police.pk,
            "title": "Pelayanan SKCK berbelit",
            "chronology": "Dilimpahkan oleh Polda karena menyangkut pelayanan publik.",
            "reporters": [
                {"name": "Budi Santoso", "phone": "081377788899", "email": "budi@example.com"}
            ],
            "part": "Pelayanan SKCK.",
            "letter_reference": "B/77/III/2026",
        }
        data.update(overrides)
        return data

    return make


def test_a_referral_received_becomes_a_case_of_the_office(api, pvl_assistant, referral, police):
    response = api(pvl_assistant).post("/referrals/incoming", referral())
    assert response.status_code == 201, response.json()
    data = response.json()
    saved = Referral.objects.get()
    case = saved.case
    assert data == {
        "id": saved.pk,
        "case_id": case.pk,
        "case_reference": case.reference,
        "case_state": "diterima",
        "status": "terbuka",
        "copy": False,
        "institution_id": police.pk,
    }
    assert (case.office, case.channel.code, case.intake_type.code) == (
        pvl_assistant.office,
        "limpahan",
        "lm",
    )
    assert case.created_by == pvl_assistant
    assert case.chronology.startswith("Dilimpahkan")
    assert (saved.direction, saved.institution, saved.letter_reference, saved.part) == (
        Referral.Direction.IN,
        police,
        "B/77/III/2026",
        "Pelayanan SKCK.",
    )


def test_a_copy_is_filed_and_not_counted(api, pvl_assistant, referral):
    response = api(pvl_assistant).post("/referrals/incoming", referral(copy=True))
    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["copy"], data["case_state"], data["status"]) == (True, "selesai", "ditutup")
    case = Case.objects.get(pk=data["case_id"])
    assert case.intake_type.code == "tembusan" and case.closed_at is not None
    assert "/LM/" not in case.reference


def test_a_retry_with_the_same_idempotency_key_returns_the_same_referral(
    api, pvl_assistant, referral
):
    client = api(pvl_assistant)
    first = client.post("/referrals/incoming", referral(), **{"Idempotency-Key": "B/77/III/2026"})
    again = client.post("/referrals/incoming", referral(), **{"Idempotency-Key": "B/77/III/2026"})
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert Case.objects.count() == Referral.objects.count() == 1
    assert AuditEvent.objects.filter(action="case.referral_received").count() == 1
    other = client.post("/referrals/incoming", referral(), **{"Idempotency-Key": "B/78/III/2026"})
    assert other.json()["case_id"] != first.json()["case_id"]


def test_an_unknown_institution_is_refused(api, pvl_assistant, referral):
    response = api(pvl_assistant).post("/referrals/incoming", referral(institution_id=999_999))
    assert (response.status_code, response.json()["code"]) == (404, "not_found")
    assert "999999" in response.json()["message"]
    assert Case.objects.count() == 0


def test_an_inactive_institution_is_refused(api, pvl_assistant, referral, police):
    police.active = False
    police.save()
    response = api(pvl_assistant).post("/referrals/incoming", referral())
    assert response.status_code == 404
    assert "no longer active" in response.json()["message"]
    assert Case.objects.count() == 0


@pytest.mark.parametrize(
    "received_at, field",
    [
        ("2999-01-01T10:00:00+07:00", "body.received_at"),
        ("2026-03-12T10:00:00", "body.received_at"),
    ],
)
def test_a_future_or_naive_receipt_time_is_refused(
    api, pvl_assistant, referral, received_at, field
):
    response = api(pvl_assistant).post("/referrals/incoming", referral(received_at=received_at))
    assert response.status_code == 422
    assert response.json()["fields"] == [field]
    assert Case.objects.count() == 0


def test_a_past_receipt_time_is_kept(api, pvl_assistant, referral):
    response = api(pvl_assistant).post(
        "/referrals/incoming", referral(received_at="2026-03-12T10:00:00+07:00")
    )
    assert response.status_code == 201, response.json()
    saved = Referral.objects.get()
    assert saved.sent_at.isoformat() == "2026-03-12T03:00:00+00:00"
    assert saved.case.received_at == saved.sent_at


def test_a_role_that_does_not_receive_is_refused(api, administrator, referral):
    response = api(administrator).post("/referrals/incoming", referral())
    assert (response.status_code, response.json()["code"]) == (403, "not_allowed")
    assert Case.objects.count() == 0


def test_another_offices_staff_cannot_record_for_our_office(api, outsider, referral):
    response = api(outsider).post("/referrals/incoming", referral(office="babel"))
    assert (response.status_code, response.json()["code"]) == (400, "unknown_reference")
    assert Case.objects.count() == 0


def test_without_a_token_nothing_is_recorded(api, referral):
    assert api().post("/referrals/incoming", referral()).status_code == 401
    assert api().get("/referrals/institutions").status_code == 401
    assert Case.objects.count() == 0


def test_a_confidential_reporter_is_not_echoed(api, pvl_assistant, referral):
    response = api(pvl_assistant).post("/referrals/incoming", referral(confidential=True))
    assert response.status_code == 201
    text = response.content.decode()
    for secret in ("Budi", "Santoso", "081377788899", "budi@example.com"):
        assert secret not in text
    assert Case.objects.get().confidential is True


def test_the_active_institutions_are_listed(api, pvl_assistant, police):
    Institution.objects.create(name="Ombudsman lama", kind="ombudsman_lain", active=False)
    unit = Institution.objects.create(name="Unit Pengaduan Dinkes", kind="unit_pengaduan")
    response = api(pvl_assistant).get("/referrals/institutions")
    assert response.status_code == 200
    assert response.json() == [
        {"id": police.pk, "name": police.name, "kind": "kepolisian", "kind_label": "police"},
        {
            "id": unit.pk,
            "name": unit.name,
            "kind": "unit_pengaduan",
            "kind_label": "agency complaint unit",
        },
    ]


def test_the_openapi_document_describes_the_referral_endpoints(api, pvl_assistant):
    schema = api(pvl_assistant).get("/openapi.json").json()
    post = schema["paths"]["/api/v1/referrals/incoming"]["post"]
    assert post["summary"] == "Record a referral received from another institution"
    assert "Idempotency-Key" in post["description"]
    assert "404" in post["responses"]
    assert "get" in schema["paths"]["/api/v1/referrals/institutions"]
