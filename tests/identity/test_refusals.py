"""The identity guard's refusals: sending is blocked while anything matches (the message names
the match), until staff rewrite the text or allow that very match with a reason; only staff of
the case's office may; a case that is not confidential is never blocked."""

from __future__ import annotations

import pytest
from django.test import Client

from aduan.cases import examination as ex
from aduan.cases import identity
from aduan.cases.errors import CaseError, NotAllowed
from aduan.cases.models import IdentityOverride
from aduan.core.models import AuditEvent
from aduan.letters.services import generate_letter
from aduan.referrals import services as rs
from aduan.referrals.models import Institution
from tests.identity.conftest import CLEAN_SUMMARY, CLEAN_TITLE


@pytest.fixture(autouse=True)
def english_pages(client):
    """Pages are read in English here (a request without Accept-Language gets Indonesian)."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


pytestmark = pytest.mark.django_db


def test_it_refuses_to_send_a_confidential_case_without_an_agency_summary(
    secret_case, examiner, head_of_unit, head_of_office
):
    case = secret_case("Bu Siti", summary=False, clarify=False)
    with pytest.raises(identity.AgencySummaryMissing, match="Summary for the agency"):
        ex.clarification_request(case=case, actor=examiner, questions="Apa dasar hukumnya?")
    institution = Institution.objects.create(name="Inspektorat", kind=Institution.Kind.OTHER)
    with pytest.raises(identity.AgencySummaryMissing):
        rs.referral_send(case=case, institution=institution, part="Semua.", actor=head_of_unit)
    ex.summons_schedule(
        case=case,
        actor=examiner,
        person="Kepala Puskesmas",
        scheduled_for=case.received_at + __import__("datetime").timedelta(days=30),
    )
    with pytest.raises(identity.AgencySummaryMissing):
        generate_letter(case, "panggilan", actor=head_of_office, addressee="terlapor")
    # The reporter's own letter needs no agency text.
    generate_letter(case, "panggilan", actor=head_of_office, addressee="pelapor")


def test_the_agency_summary_is_refused_while_it_names_the_reporter(secret_case, examiner):
    case = secret_case("", summary=False, clarify=False)
    with pytest.raises(identity.IdentityExposed) as refused:
        identity.case_set_agency_summary(
            case=case,
            actor=examiner,
            title=CLEAN_TITLE,
            summary="Ibu Siti (HP 0812 3456 7890) diminta membayar.",
        )
    message = refused.value.message
    assert "Name word 'Siti' (name) in the agency summary" in message
    assert "Phone number '0812 3456 7890' (phone) in the agency summary" in message
    case.refresh_from_db()
    assert case.agency_summary_at is None


def test_an_override_with_a_reason_lets_exactly_that_match_through(secret_case, examiner):
    case = secret_case("", summary=False, clarify=False)
    with pytest.raises(identity.IdentityExposed, match="Aminah"):
        identity.case_set_agency_summary(
            case=case,
            actor=examiner,
            title=CLEAN_TITLE,
            summary="Petugas loket Siti Rahayu dan Aminah meminta biaya.",
            overrides={"Siti": "Nama petugas loket, bukan pelapor."},
        )
    assert not IdentityOverride.objects.exists()  # refused as a whole: nothing recorded
    case = identity.case_set_agency_summary(
        case=case,
        actor=examiner,
        title=CLEAN_TITLE,
        summary="Petugas loket Siti Rahayu meminta biaya.",
        overrides={"Siti": "Nama petugas loket, bukan pelapor."},
    )
    assert case.agency_summary == "Petugas loket Siti Rahayu meminta biaya."
    assert case.agency_summary_by == examiner and case.agency_summary_at is not None
    override = IdentityOverride.objects.get()
    assert (override.case, override.key, override.actor) == (case, "name:siti", examiner)
    event = AuditEvent.objects.get(action="identity.match_overridden")
    assert event.reason == "Nama petugas loket, bukan pelapor."
    assert "Siti" not in str(event.new)  # the audit refers to the reporter by id
    assert AuditEvent.objects.filter(action="case.agency_summary_set").count() == 1
    # "Siti" is now allowed in the questions; "Aminah" still is not.
    ex.clarification_request(case=case, actor=examiner, questions="Mengapa Bu Siti menarik biaya?")
    with pytest.raises(identity.IdentityExposed, match="Aminah"):
        identity.guard_outgoing(case, {"x": "Siti Aminah"})


def test_an_override_without_a_reason_is_refused(secret_case, examiner):
    case = secret_case("", summary=False, clarify=False)
    with pytest.raises(CaseError, match="Say why"):
        identity.case_set_agency_summary(
            case=case,
            actor=examiner,
            title=CLEAN_TITLE,
            summary="Petugas Siti meminta biaya.",
            overrides={"Siti": " "},
        )
    with pytest.raises(CaseError, match="Say why"):
        identity.identity_match_override(case=case, actor=examiner, word="Siti", reason="")
    assert not IdentityOverride.objects.exists()
    assert not AuditEvent.objects.filter(action="identity.match_overridden").exists()


def test_a_phone_number_or_a_word_that_matches_nothing_cannot_be_allowed(secret_case, examiner):
    case = secret_case("", summary=False, clarify=False)
    with pytest.raises(CaseError, match="Only a name word"):
        identity.identity_match_override(
            case=case, actor=examiner, word="0812-3456-7890", reason="Nomor kantor."
        )
    with pytest.raises(CaseError, match="nothing to allow"):
        identity.identity_match_override(
            case=case, actor=examiner, word="Puskesmas", reason="Bukan nama."
        )
    assert not IdentityOverride.objects.exists()


def test_an_outsider_or_a_liaison_cannot_override_or_approve(secret_case, outsider, portal):
    case = secret_case("", summary=False, clarify=False)
    for person in (outsider, portal.user):
        with pytest.raises(NotAllowed):
            identity.identity_match_override(
                case=case, actor=person, word="Siti", reason="Nama umum saja."
            )
        with pytest.raises(NotAllowed):
            identity.case_set_agency_summary(
                case=case, actor=person, title=CLEAN_TITLE, summary=CLEAN_SUMMARY
            )
    assert not IdentityOverride.objects.exists()


def test_a_case_that_is_not_confidential_is_not_blocked(receive, walk, examiner, head_of_office):
    case = walk(
        receive(reporters=[{"name": "Siti Aminah", "phone": "081234567890"}]), "examination"
    )
    ex.clarification_request(case=case, actor=examiner, questions="Mengapa Bu Siti ditolak?")
    generate_letter(case, "permintaan_klarifikasi", actor=head_of_office)
    assert identity.scan(case, "Bu Siti")  # the scanner still sees it (Open311 uses it)
    assert identity.redact(case, "Bu Siti") == "Bu Siti"


def test_the_case_page_offers_a_redacted_draft_and_approves_it(secret_case, examiner):
    case = secret_case("Ibu Siti Aminah (0812-3456-7890)", summary=False, clarify=False)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(examiner)
    page = client.get(f"/kantor/laporan/{case.pk}/").content.decode()
    form = page.split('aksi/agency-summary/"')[1].split("</form>")[0]
    assert str(identity.PLACEHOLDER) in form or "[identitas dirahasiakan]" in form
    for private in ("Siti", "Aminah", "3456"):
        assert private not in form
    response = client.post(
        f"/kantor/laporan/{case.pk}/aksi/agency-summary/",
        {"title": "Pungutan", "summary": "Pelapor dari Siti Nurbaya FM.", "allow": "Siti"},
    )
    assert response.status_code == 400
    assert "word: reason" in response.content.decode()
    response = client.post(
        f"/kantor/laporan/{case.pk}/aksi/agency-summary/",
        {
            "title": "Pungutan",
            "summary": "Pelapor dari radio Siti Nurbaya FM.",
            "allow": "Siti: nama stasiun radio",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.agency_summary == "Pelapor dari radio Siti Nurbaya FM."
    response = client.post(
        f"/kantor/laporan/{case.pk}/aksi/identity-allow/",
        {"word": "Aminah", "reason": "Nama jalan di dekat puskesmas."},
    )
    assert response.status_code == 302
    assert IdentityOverride.objects.filter(case=case).count() == 2


def test_the_liaison_never_sees_the_reporters_words_before_the_summary_exists(
    secret_case, summoned, portal
):
    case = secret_case("Bu Siti di loket", summary=False, clarify=False)
    summoned(case, "Kepala Puskesmas")
    page = portal.get(f"/instansi/laporan/{case.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "preparing the summary" in page
    assert "diminta membayar" not in page and "Siti" not in page
