"""Every agency-, institution- and public-facing surface, with the reporter's identity written
in each variant (tests.identity.variants) into the texts that reach it: nothing of it comes out.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.core import mail

from aduan.api.services import token_create
from aduan.cases import identity
from aduan.cases.models import Case, ClarificationRequest
from aduan.letters.services import generate_letter
from aduan.referrals import services as rs
from aduan.referrals.models import Institution, Referral
from aduan.referrals.tasks import referral_reminder_task
from tests.identity.variants import ALL, HELD_OUT, NOT_OPEN311, VARIANTS, leaks
from tests.letters.helpers import texts

pytestmark = pytest.mark.django_db
IDS = [text for text, _needles in ALL]


def test_there_are_enough_variants_of_every_kind():
    assert len(VARIANTS) >= 25 and len(HELD_OUT) >= 10


@pytest.mark.parametrize(("text", "needles"), ALL, ids=IDS)
def test_the_liaison_portal_shows_none_of_the_identity(
    secret_case, summoned, portal, text, needles
):
    case = secret_case(text)
    summoned(case, f"{text} (saksi)")
    # A text that escaped the scan (edited behind the service) is redacted all the same.
    ClarificationRequest.objects.filter(case=case).update(questions=f"Apakah {text} benar?")
    request = ClarificationRequest.objects.filter(case=case).first()
    urls = ["/instansi/", f"/instansi/laporan/{case.pk}/"]
    if request is not None:  # the phone page that answers the request
        urls.append(f"/instansi/klarifikasi/{request.pk}/jawab/")
    for url in urls:
        response = portal.get(url)
        assert response.status_code == 200
        page = response.content.decode()
        assert not leaks(page, needles), (url, leaks(page, needles))
    page = portal.get(f"/instansi/laporan/{case.pk}/").content.decode()
    assert "Pelapor diminta membayar biaya surat rujukan" in page  # the approved summary


@pytest.mark.parametrize(("text", "needles"), ALL, ids=IDS)
def test_letters_to_the_agency_show_none_of_the_identity(
    secret_case, summoned, head_of_office, text, needles
):
    case = secret_case(text)
    summoned(case, "Kepala Puskesmas")
    for kind, addressee in (("permintaan_klarifikasi", "terlapor"), ("panggilan", "terlapor")):
        letter = generate_letter(case, kind, actor=head_of_office, addressee=addressee)
        docx, pdf = texts(letter)
        assert "Pungutan biaya surat rujukan" in docx  # the agency's title, not the case's
        assert not leaks(docx, needles), (kind, leaks(docx, needles))
        assert not leaks(pdf, needles), (kind, leaks(pdf, needles))
    # Typed into the questions: the letter is refused, naming the match.
    ClarificationRequest.objects.filter(case=case).update(questions=f"Apakah {text} benar?")
    with pytest.raises(identity.IdentityExposed, match="in the letter"):
        generate_letter(case, "permintaan_klarifikasi", actor=head_of_office)


@pytest.mark.parametrize(("text", "needles"), ALL, ids=IDS)
def test_referrals_carry_none_of_the_identity(
    secret_case, head_of_unit, head_of_office, text, needles, django_capture_on_commit_callbacks
):
    case = secret_case(text, clarify=False)
    institution = Institution.objects.create(
        name="Inspektorat Kota", kind=Institution.Kind.OTHER, email="inspektorat@kota.example"
    )
    with pytest.raises(identity.IdentityExposed, match="what is referred"):
        rs.referral_send(
            case=case, institution=institution, part=f"Soal {text}", actor=head_of_unit
        )
    referral = rs.referral_send(
        case=case, institution=institution, part="Dugaan pungutan liar.", actor=head_of_unit
    )
    letter = generate_letter(case, "pelimpahan", actor=head_of_office)
    for body in texts(letter):
        assert not leaks(body, needles)
    # The reminder mail, even if what is referred was changed behind the service.
    Referral.objects.filter(pk=referral.pk).update(part=f"Dugaan pungutan liar; {text}.")
    mail.outbox.clear()
    referral_reminder_task.call(referral_id=referral.pk)
    to_institution = [m for m in mail.outbox if "inspektorat@kota.example" in m.to]
    assert to_institution
    for message in to_institution:
        assert not leaks(message.subject + message.body, needles)


@pytest.mark.parametrize(("text", "needles"), ALL, ids=IDS)
def test_a_clarification_request_naming_the_reporter_is_refused(
    secret_case, examiner, text, needles
):
    case = secret_case("", clarify=False)
    with pytest.raises(identity.IdentityExposed, match="in the questions") as refused:
        from aduan.cases import examination as ex

        ex.clarification_request(case=case, actor=examiner, questions=f"Apakah {text} benar?")
    assert not ClarificationRequest.objects.filter(case=case).exists()
    assert refused.value.matches


@pytest.fixture
def open311(client, pvl_assistant, office):
    _token, key = token_create(user=pvl_assistant, name="Aplikasi warga")

    def post(description: str, **extra):
        response = client.post(
            "/open311/v2/requests.json",
            {
                "api_key": key,
                "service_code": "kesehatan",
                "description": description,
                "address_string": extra.pop("address_string", "Pangkalpinang"),
                "attribute[region]": "19.71",
                "first_name": "Siti Aminah",
                "last_name": "Kusumawardani",
                "email": "siti.aminah82@gmail.com",
                "phone": "0812-3456-7890",
                **extra,
            },
        )
        assert response.status_code in (200, 201), response.content
        return response.json()[0]["service_request_id"]

    return post


OPEN311 = [(text, needles) for text, needles in ALL if text not in NOT_OPEN311]


@pytest.mark.parametrize(("text", "needles"), OPEN311, ids=[text for text, _n in OPEN311])
def test_open311_publishes_none_of_the_identity(open311, client, text, needles):
    """Not confidential: the description is published, with every identity removed."""
    pk = open311(f"Puskesmas menarik biaya. Pelapor: {text}.", address_string=f"dekat {text}")
    case = Case.objects.get(pk=int(pk))
    assert not case.confidential
    for fmt in ("json", "xml"):
        for url in (f"/open311/v2/requests.{fmt}", f"/open311/v2/requests/{pk}.{fmt}"):
            response = client.get(url)
            assert response.status_code == 200
            page = response.content.decode()
            assert not leaks(page, needles), (url, leaks(page, needles))
            assert "Puskesmas menarik biaya" in page
            if fmt == "xml":
                ET.fromstring(response.content)


def test_open311_removes_anyones_contacts_and_uses_the_public_summary(
    open311, client, pvl_assistant
):
    pk = open311(
        "Petugas Pak Joko (HP 0813-9999-1111, joko.petugas@mail.go.id, NIK 1971023344556677) "
        "menarik biaya."
    )
    row = client.get(f"/open311/v2/requests/{pk}.json").json()[0]
    for private in ("Joko", "9999", "joko.petugas", "1971023344556677"):
        assert private not in row["description"]
    assert "menarik biaya" in row["description"]
    case = identity.case_set_public_summary(
        case=Case.objects.get(pk=int(pk)), actor=pvl_assistant, summary="Biaya di puskesmas."
    )
    row = client.get(f"/open311/v2/requests/{case.pk}.json").json()[0]
    assert row["description"] == "Biaya di puskesmas."


def test_a_public_summary_holding_a_phone_number_is_refused(open311, pvl_assistant):
    case = Case.objects.get(pk=int(open311("Biaya di puskesmas.")))
    with pytest.raises(identity.IdentityExposed):
        identity.case_set_public_summary(
            case=case, actor=pvl_assistant, summary="Hubungi 0812 3456 7890."
        )
    case.refresh_from_db()
    assert case.public_summary == ""


def test_the_open_data_carries_no_free_text(secret_case, receive, client):
    """The open data are counts by reference categories: no text of a case reaches them."""
    for text, _needles in VARIANTS[:5]:
        receive(title=f"{text} zqxjudul", chronology=text)
    secret_case(VARIANTS[5][0])
    pages = [client.get(url) for url in ("/statistik/data.json", "/statistik/data.csv")]
    for response in pages:
        assert response.status_code == 200
        body = response.content.decode()
        for _text, needles in ALL:
            assert not leaks(body, needles)
        assert "zqxjudul" not in body


def test_the_api_gives_a_liaison_nothing(secret_case, portal):
    case = secret_case("Bu Siti")
    for url in ("/api/v1/cases", f"/api/v1/cases/{case.pk}"):
        response = portal.get(url)
        assert response.status_code in (401, 403, 404)
        assert "Siti" not in response.content.decode()
