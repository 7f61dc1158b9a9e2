"""A complaint unit's report privacy (SP4N-LAPOR!): confidential → anonymous, never back; an
anonymous reporter's identity is revealed to nobody (case page, API); and the class / privacy /
disposition level in the back office (case page facts, list columns, filters, export)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from aduan.cases import permissions
from aduan.cases import services as sv
from aduan.cases.errors import CaseError, NotAllowed, WrongState
from aduan.core.models import AuditEvent
from aduan.directory.models import User
from aduan.sp4n.models import Sp4nCase
from aduan.sp4n.services import sp4n_forward, sp4n_set_privacy
from tests.api.conftest import api  # noqa: F401

pytestmark = pytest.mark.django_db

SECRET = {"name": "Budi Rahasia", "email": "budi.rahasia@example.com"}


def _anonymous(case, actor, reason="Pelapor meminta anonim."):
    return sp4n_set_privacy(case=case, actor=actor, privacy="anonim", reason=reason)


def _page(client, case):
    return client.get(f"/kantor/laporan/{case.pk}/", HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def unit_head(unit_office):
    user = User(
        username="kepala-upkp2", role=User.Role.KEPALA_PERWAKILAN, office=unit_office, is_staff=True
    )
    user.set_password("secret-pass-123")
    user.full_clean()
    user.save()
    return user


# --- the service


def test_confidential_becomes_anonymous_and_it_is_audited(report, central_admin):
    case = report(reporters=[SECRET])
    assert Sp4nCase.objects.get(case=case).privacy == "rahasia"
    _anonymous(case, central_admin)
    case.refresh_from_db()
    assert Sp4nCase.objects.get(case=case).privacy == "anonim"
    assert case.confidential is True
    event = AuditEvent.objects.get(action="case.sp4n_privacy_changed")
    assert (event.actor, event.target_id) == (central_admin, str(case.pk))
    assert (event.old, event.new) == ({"privacy": "rahasia"}, {"privacy": "anonim"})
    assert event.reason == "Pelapor meminta anonim."


def test_anonymity_is_never_undone(report, central_admin):
    case = _anonymous(report(), central_admin)
    with pytest.raises(WrongState, match="never undone"):
        sp4n_set_privacy(case=case, actor=central_admin, privacy="rahasia", reason="Salah pilih.")
    assert Sp4nCase.objects.get(case=case).privacy == "anonim"


def test_the_same_privacy_is_refused_as_already(report, central_admin):
    case = report()
    with pytest.raises(WrongState, match="already"):
        sp4n_set_privacy(case=case, actor=central_admin, privacy="rahasia", reason="Tetap.")
    _anonymous(case, central_admin)
    with pytest.raises(WrongState, match="already"):
        _anonymous(case, central_admin)
    assert AuditEvent.objects.filter(action="case.sp4n_privacy_changed").count() == 1


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_reason_is_required(report, central_admin, reason):
    case = report()
    with pytest.raises(CaseError):
        _anonymous(case, central_admin, reason=reason)
    assert Sp4nCase.objects.get(case=case).privacy == "rahasia"


def test_an_unknown_privacy_is_refused(report, central_admin):
    with pytest.raises(CaseError):
        sp4n_set_privacy(case=report(), actor=central_admin, privacy="publik", reason="x")


def test_only_the_units_verifiers_may_change_it(report, pvl_assistant, outsider, liaison):
    case = report()
    for actor in (pvl_assistant, outsider, liaison.user):
        with pytest.raises(NotAllowed):
            _anonymous(case, actor)
    assert Sp4nCase.objects.get(case=case).privacy == "rahasia"


def test_a_closed_case_is_refused(report, central_admin):
    case = sv.case_withdraw(case=report(), actor=central_admin, reason="Pelapor mencabut.")
    with pytest.raises(WrongState):
        _anonymous(case, central_admin)


def test_an_ombudsman_case_is_refused(receive, pvl_assistant):
    with pytest.raises(WrongState):
        _anonymous(receive(confidential=True), pvl_assistant)


def test_a_forwarded_report_may_still_become_anonymous(report, central_admin):
    case = sp4n_forward(case=report(), actor=central_admin, report_class="pengaduan")
    _anonymous(case, central_admin)
    assert Sp4nCase.objects.get(case=case).privacy == "anonim"


# --- anonymity is effective


def test_nobody_may_view_an_anonymous_identity(report, central_admin, unit_head):
    case = report()
    superuser = User.objects.create_superuser("root", "root@example.com", "secret-pass-123")
    for person in (central_admin, unit_head, superuser):
        assert permissions.can(person, "view_identity", case)
    _anonymous(case, central_admin)
    for person in (central_admin, unit_head, superuser):
        assert not permissions.can(person, "view_identity", case)
        with pytest.raises(NotAllowed):
            permissions.require(person, "view_identity", case)


def test_an_ombudsman_confidential_case_keeps_its_reveal(receive, pvl_assistant):
    assert permissions.can(pvl_assistant, "view_identity", receive(confidential=True))


def test_the_case_page_refuses_to_reveal_an_anonymous_reporter(client, report, central_admin):
    case = _anonymous(report(reporters=[SECRET]), central_admin)
    reporter = case.reporters.get()
    client.force_login(central_admin)
    page = _page(client, case).content.decode()
    assert "/tampilkan/" not in page and SECRET["name"] not in page
    response = client.post(
        f"/kantor/laporan/{case.pk}/pelapor/{reporter.pk}/tampilkan/", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 403
    body = response.content.decode()
    assert SECRET["name"] not in body and SECRET["email"] not in body
    assert "anonymous report" in body
    assert not AuditEvent.objects.filter(action="case.identity_viewed").exists()


def test_the_case_page_still_reveals_a_confidential_reporter(client, report, central_admin):
    case = report(reporters=[SECRET])
    reporter = case.reporters.get()
    client.force_login(central_admin)
    assert "/tampilkan/" in _page(client, case).content.decode()
    response = client.post(f"/kantor/laporan/{case.pk}/pelapor/{reporter.pk}/tampilkan/")
    assert response.status_code == 200 and SECRET["email"] in response.content.decode()
    assert AuditEvent.objects.filter(action="case.identity_viewed").count() == 1


def test_the_api_refuses_to_reveal_an_anonymous_reporter(api, report, central_admin):  # noqa: F811
    case = report(reporters=[SECRET])
    shown = api(central_admin).get(f"/cases/{case.pk}", {"reveal": "identity"})
    assert shown.json()["reporters"][0]["identity_hidden"] is False
    viewed = AuditEvent.objects.filter(action="case.identity_viewed").count()
    _anonymous(case, central_admin)
    response = api(central_admin).get(f"/cases/{case.pk}", {"reveal": "identity"})
    assert response.status_code == 200
    assert response.json()["reporters"][0]["identity_hidden"] is True
    assert SECRET["name"] not in response.content.decode()
    assert AuditEvent.objects.filter(action="case.identity_viewed").count() == viewed


# --- the case page


def test_privacy_is_changed_from_the_case_page(client, report, central_admin):
    case = report()
    client.force_login(central_admin)
    page = _page(client, case).content.decode()
    assert "/aksi/sp4n-privacy/" in page
    assert "Report class" in page and "Disposition level" in page
    refused = client.post(f"/kantor/laporan/{case.pk}/aksi/sp4n-privacy/", {"privacy": "anonim"})
    assert refused.status_code == 400
    response = client.post(
        f"/kantor/laporan/{case.pk}/aksi/sp4n-privacy/",
        {"privacy": "anonim", "reason": "Pelapor meminta anonim."},
    )
    assert response.status_code == 302
    assert Sp4nCase.objects.get(case=case).privacy == "anonim"
    page = _page(client, case).content.decode()
    assert "/aksi/sp4n-privacy/" not in page  # already anonymous: nothing left to change
    assert "anonymous (identity hidden)" in page


def test_the_privacy_action_is_not_offered_on_closed_or_ombudsman_cases(
    client, report, central_admin, receive, pvl_assistant
):
    case = sv.case_withdraw(case=report(), actor=central_admin, reason="Dicabut.")
    client.force_login(central_admin)
    assert "/aksi/sp4n-privacy/" not in _page(client, case).content.decode()
    client.force_login(pvl_assistant)
    page = _page(client, receive(confidential=True)).content.decode()
    assert "/aksi/sp4n-privacy/" not in page and "Disposition level" not in page


# --- the case list


def _list(client, **params):
    return client.get("/kantor/laporan/", params, HTTP_ACCEPT_LANGUAGE="en")


def test_the_list_shows_the_sp4n_columns_to_a_complaint_unit(client, report, central_admin):
    sp4n_forward(case=report(), actor=central_admin, report_class="pengaduan")
    client.force_login(central_admin)
    page = _list(client).content.decode()
    for text in ("Report class", "Privacy", "Disposition level", "complaint", "coordinating admin"):
        assert text in page


def test_the_list_has_no_sp4n_columns_for_an_ombudsman_office(client, receive, pvl_assistant):
    receive()
    client.force_login(pvl_assistant)
    page = _list(client).content.decode()
    assert "Disposition level" not in page and 'name="privacy"' not in page
    csv_text = _list(client, format="csv").getvalue().decode()
    assert "klasifikasi" not in csv_text.splitlines()[0]


def test_the_list_filters_by_class_and_privacy(client, report, central_admin):
    public = sp4n_forward(
        case=report(title="Jalan berlubang"), actor=central_admin, report_class="aspirasi"
    )
    hidden = _anonymous(report(title="Pungutan liar"), central_admin)
    client.force_login(central_admin)
    page = _list(client, privacy="anonim").content.decode()
    assert hidden.reference in page and public.reference not in page
    page = _list(client, report_class="aspirasi").content.decode()
    assert public.reference in page and hidden.reference not in page
    page = _list(client, report_class="bogus").content.decode()
    assert public.reference in page and hidden.reference in page


def test_the_export_carries_the_sp4n_columns(client, report, central_admin):
    case = sp4n_forward(case=report(), actor=central_admin, report_class="pengaduan")
    client.force_login(central_admin)
    lines = _list(client, format="csv").getvalue().decode().lstrip("\ufeff").splitlines()
    assert lines[0].endswith("klasifikasi,kerahasiaan,tingkat_disposisi")
    row = next(line for line in lines if line.startswith(case.reference))
    assert row.endswith("pengaduan,rahasia,koordinator")
    response = _list(client, format="xlsx")
    assert response.status_code == 200


def test_the_list_queries_do_not_grow_with_rows(client, report, central_admin):
    client.force_login(central_admin)
    report()
    _list(client)  # warm caches (session, content types)
    with CaptureQueriesContext(connection) as one:
        assert _list(client).status_code == 200
    for _n in range(5):
        sp4n_forward(case=report(), actor=central_admin, report_class="pengaduan")
    with CaptureQueriesContext(connection) as six:
        assert _list(client).status_code == 200
    assert len(six) == len(one)


def test_no_letter_is_addressed_to_an_anonymous_reporter(report, central_admin, unit_head):
    """It would carry an identity nobody may open: refused, and not offered."""
    from aduan.letters.kinds import Addressee, Kind
    from aduan.letters.services import LetterError, available_letters, generate_letter

    case = report()
    offered = {(k, a) for k, a, _label in available_letters(case, unit_head)}
    assert (Kind.TANDA_TERIMA, Addressee.REPORTER) in offered
    _anonymous(case, central_admin)
    offered = {(k, a) for k, a, _label in available_letters(case, unit_head)}
    assert not any(a == Addressee.REPORTER for _k, a in offered)
    with pytest.raises(LetterError, match="chose to stay anonymous"):
        generate_letter(case, Kind.TANDA_TERIMA, actor=unit_head, addressee=Addressee.REPORTER)
