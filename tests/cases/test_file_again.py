"""Deemed withdrawn, rejected and not within authority are final (UU 37/2008 Ps.25(4), Ps.36,
Ps.26–27): the report is filed again as a new case linked to the old one, never reopened."""

from __future__ import annotations

import pytest

from aduan.cases import services as sv
from aduan.cases.errors import CaseError, NotAllowed, WrongState
from aduan.cases.models import Case
from aduan.core.models import AuditEvent
from tests.cases.conftest import FORMAL_OK


@pytest.fixture
def deemed_withdrawn(receive, pvl_assistant):
    case = receive()
    incomplete = {**FORMAL_OK, next(iter(FORMAL_OK)): False}
    sv.case_verify_formal(case=case, actor=pvl_assistant, items=incomplete)
    return sv.case_deemed_withdrawn(case=case)


@pytest.fixture
def rejected(walk, receive, head_of_office):
    return sv.case_reject(
        case=walk(receive(), "decision"), actor=head_of_office, reason="a-belum-disampaikan"
    )


@pytest.fixture
def not_within_authority(walk, receive, head_of_office):
    return sv.case_not_within_authority(case=walk(receive(), "decision"), actor=head_of_office)


def test_a_report_deemed_withdrawn_is_not_reopened(deemed_withdrawn, head_of_unit):
    with pytest.raises(WrongState, match=r"deemed withdrawn .*UU 37/2008 Ps\.25\(4\)"):
        sv.case_reopen(case=deemed_withdrawn, actor=head_of_unit, reason="Pelapor melengkapi.")


def test_a_rejected_report_is_not_reopened(rejected, head_of_unit):
    with pytest.raises(WrongState, match=r"rejected .*UU 37/2008 Ps\.36"):
        sv.case_reopen(case=rejected, actor=head_of_unit, reason="Keberatan pelapor.")


def test_a_report_not_within_authority_is_not_reopened(not_within_authority, head_of_unit):
    with pytest.raises(WrongState, match=r"not within authority .*UU 37/2008 Ps\.26–27"):
        sv.case_reopen(case=not_within_authority, actor=head_of_unit, reason="x")


def test_a_withdrawn_report_may_still_be_reopened(walk, receive, head_of_unit):
    case = sv.case_withdraw(case=walk(receive(), "examination"))
    assert sv.case_reopen(case=case, actor=head_of_unit, reason="Batal cabut").is_open


def test_filing_again_makes_a_new_linked_case(deemed_withdrawn, pvl_assistant):
    old = deemed_withdrawn
    new = sv.case_file_again(old_case=old, actor=pvl_assistant, reason="Pelapor datang lagi.")
    assert new.pk != old.pk and new.reference != old.reference
    assert new.filed_again_from == old
    assert list(old.filed_again_as.all()) == [new]
    assert (new.office, new.channel, new.intake_type) == (old.office, old.channel, old.intake_type)
    assert new.state == Case.State.RECEIVED
    assert [r.name for r in new.reporters.all()] == [r.name for r in old.reporters.all()]
    assert new.reporters.get().email == "siti@example.com"
    assert (new.title, new.agency) == (old.title, old.agency)
    old.refresh_from_db()
    assert old.state == Case.State.CLOSED
    assert old.closure_reason.code == "dianggap-dicabut"
    assert AuditEvent.objects.get(action="case.filed_again").new == {"as": new.reference}
    assert AuditEvent.objects.get(action="case.filed_again_from").new == {"from": old.reference}


def test_filing_again_at_the_desk_takes_the_desk_channel(rejected, pvl_assistant):
    new = sv.case_file_again(
        old_case=rejected, actor=pvl_assistant, reason="Di loket.", channel="datang-langsung"
    )
    assert new.channel.code == "datang-langsung"


def test_an_open_case_is_not_filed_again(receive, pvl_assistant):
    with pytest.raises(WrongState, match="still open"):
        sv.case_file_again(old_case=receive(), actor=pvl_assistant, reason="x")


def test_a_report_filed_again_and_still_open_is_not_filed_a_third_time(rejected, pvl_assistant):
    new = sv.case_file_again(old_case=rejected, actor=pvl_assistant, reason="Lagi.")
    with pytest.raises(WrongState, match=new.reference):
        sv.case_file_again(old_case=rejected, actor=pvl_assistant, reason="Lagi.")


def test_filing_again_needs_a_reason_and_a_desk_role(rejected, pvl_assistant, outsider):
    with pytest.raises(CaseError, match="why"):
        sv.case_file_again(old_case=rejected, actor=pvl_assistant, reason=" ")
    with pytest.raises(NotAllowed):
        sv.case_file_again(old_case=rejected, actor=outsider, reason="x")


def test_a_copy_is_not_filed_again(receive, pvl_assistant):
    with pytest.raises(WrongState, match="Only a report"):
        sv.case_file_again(
            old_case=receive(intake_type="tembusan"), actor=pvl_assistant, reason="x"
        )


def test_the_case_pages_link_both_ways_and_offer_file_again_not_reopen(
    client, rejected, head_of_office, pvl_assistant
):
    client.force_login(head_of_office)
    page = client.get(f"/kantor/laporan/{rejected.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert "/aksi/file-again/" in text
    assert "/aksi/reopen/" not in text
    response = client.post(
        f"/kantor/laporan/{rejected.pk}/aksi/file-again/",
        {"reason": "Pelapor sudah menyampaikan keberatan."},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    new = rejected.filed_again_as.get()
    assert response.status_code == 302
    assert response["Location"] == f"/kantor/laporan/{new.pk}/"
    new_page = client.get(f"/kantor/laporan/{new.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Filed again from" in new_page.content.decode()
    assert rejected.reference in new_page.content.decode()
    old_page = client.get(f"/kantor/laporan/{rejected.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Filed again as" in old_page.content.decode()
    assert new.reference in old_page.content.decode()
