"""Need to know: the case's holder, the head of its unit and the head of office reveal a
confidential reporter in the normal course; anyone else allowed to see the case gives a reason
(break glass), which is audited and told to the holder. Locks refuse everyone."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from aduan.api.services import token_create
from aduan.cases import permissions
from aduan.cases.documents import document_add
from aduan.cases.reveal import ReasonRequired, needs_reason
from aduan.cases.selectors import reporter_view
from aduan.core.models import AuditEvent
from aduan.directory.models import Unit, User


@pytest.fixture(autouse=True)
def english_pages(client):
    """Pages are read in English here (a request without Accept-Language gets Indonesian)."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


REASON = "Pelapor menelepon ke posko, perlu memastikan ini laporannya."
PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 20


@pytest.fixture
def colleague(office):
    """Another assistant of the examination unit: may see the case, does not hold it."""
    user = User(
        username="pemeriksa-lain",
        role=User.Role.ASISTEN,
        office=office,
        unit=Unit.objects.get(office=office, code="pemeriksaan"),
        is_staff=True,
        email="lain@example.com",
    )
    user.set_password("secret-pass-123")
    user.save()
    return user


@pytest.fixture
def held(receive, walk, examiner):
    """A confidential case in examination, held by the examiner."""
    examiner.email = "pemeriksa@example.com"
    examiner.save(update_fields=["email"])
    return walk(receive(confidential=True), "examination")


def _reveal(client, case, reason=None):
    reporter = case.reporters.get()
    data = {"reason": reason} if reason is not None else {}
    return client.post(f"/kantor/laporan/{case.pk}/pelapor/{reporter.pk}/tampilkan/", data)


def _events(action):
    return AuditEvent.objects.filter(action=action)


# --- who needs to know


def test_the_holder_reveals_without_a_reason(client, held, examiner):
    client.force_login(examiner)
    response = _reveal(client, held)
    assert response.status_code == 200 and "Siti Aminah" in response.content.decode()
    assert _events("case.identity_viewed").get().actor == examiner
    assert not _events("case.identity_break_glass").exists()


@pytest.mark.parametrize("persona", ["head_of_unit", "head_of_office"])
def test_the_heads_reveal_without_a_reason(client, held, persona, request):
    person = request.getfixturevalue(persona)
    client.force_login(person)
    response = _reveal(client, held)
    assert response.status_code == 200 and "Siti Aminah" in response.content.decode()
    assert _events("case.identity_viewed").get().actor == person


def test_pvl_reveals_without_a_reason_while_it_verifies_an_unassigned_case(receive, pvl_assistant):
    case = receive(confidential=True)
    assert permissions.needs_to_know(pvl_assistant, case)
    assert not reporter_view(case.reporters.get(), pvl_assistant, reveal=True)["identity_hidden"]


def test_pvl_needs_a_reason_once_the_case_is_registered(held, pvl_assistant):
    assert needs_reason(pvl_assistant, held)
    with pytest.raises(ReasonRequired):
        reporter_view(held.reporters.get(), pvl_assistant, reveal=True)


def test_another_unit_needs_a_reason_even_while_pvl_verifies(receive, examiner):
    case = receive(confidential=True)
    assert needs_reason(examiner, case)


# --- break glass


def test_another_assistant_is_refused_without_a_reason(client, held, colleague):
    client.force_login(colleague)
    page = client.get(f"/kantor/laporan/{held.pk}/").content.decode()
    assert 'name="reason"' in page
    for reason in (None, "", "  perlu   "):
        response = _reveal(client, held, reason)
        assert response.status_code == 400
        body = response.content.decode()
        assert "Siti Aminah" not in body and "siti@example.com" not in body
        assert "give the reason" in body
    assert not _events("case.identity_viewed").exists()
    assert not _events("case.identity_break_glass").exists()


def test_another_assistant_reveals_with_a_reason_audited_and_the_holder_is_told(
    client, held, colleague, examiner, django_capture_on_commit_callbacks
):
    client.force_login(colleague)
    with django_capture_on_commit_callbacks(execute=True):
        response = _reveal(client, held, REASON)
    assert response.status_code == 200 and "Siti Aminah" in response.content.decode()
    event = _events("case.identity_break_glass").get()
    assert (event.actor, event.reason) == (colleague, REASON)
    assert event.new == {"reporter": held.reporters.get().pk}
    assert not _events("case.identity_viewed").exists()
    [message] = mail.outbox
    assert message.to == ["pemeriksa@example.com"]
    assert held.reference in message.subject and REASON in message.body
    assert "Siti" not in message.body and "siti@example.com" not in message.body
    client.force_login(examiner)  # the holder sees it on the case's timeline
    timeline = client.get(f"/kantor/laporan/{held.pk}/").content.decode()
    assert REASON in timeline


def test_a_member_breaks_the_glass_too(held, member, django_capture_on_commit_callbacks):
    with pytest.raises(ReasonRequired):
        reporter_view(held.reporters.get(), member, reveal=True)
    with django_capture_on_commit_callbacks(execute=True):
        view = reporter_view(held.reporters.get(), member, reveal=True, reason=REASON)
    assert view["name"] == "Siti Aminah"
    assert _events("case.identity_break_glass").get().actor == member
    assert len(mail.outbox) == 1


def test_without_a_holder_the_head_of_office_is_told(
    receive, examiner, head_of_office, django_capture_on_commit_callbacks
):
    head_of_office.email = "kepala@example.com"
    head_of_office.save(update_fields=["email"])
    case = receive(confidential=True)
    with django_capture_on_commit_callbacks(execute=True):
        reporter_view(case.reporters.get(), examiner, reveal=True, reason=REASON)
    assert [m.to for m in mail.outbox] == [["kepala@example.com"]]


def test_an_outsider_gets_a_404(client, held, outsider):
    client.force_login(outsider)
    assert _reveal(client, held, REASON).status_code == 404
    assert not _events("case.identity_break_glass").exists()


def test_a_locked_identity_is_refused_to_everyone_even_with_a_reason(
    client, held, examiner, head_of_office, colleague, monkeypatch
):
    monkeypatch.setattr(permissions, "IDENTITY_LOCKS", [lambda case: True])
    superuser = User.objects.create_superuser("root", "root@example.com", "secret-pass-123")
    for person in (examiner, head_of_office, colleague, superuser):
        client.force_login(person)
        response = _reveal(client, held, REASON)
        assert response.status_code == 403
        assert "Siti Aminah" not in response.content.decode()
    assert not _events("case.identity_viewed").exists()
    assert not _events("case.identity_break_glass").exists()


# --- documents that identify the reporter


@pytest.fixture
def id_document(held, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return document_add(
        case=held, kind="identitas", upload=SimpleUploadedFile("KTP_Siti_Aminah.png", PNG)
    )


def test_an_identity_document_follows_the_same_rule(
    client, held, id_document, examiner, colleague, django_capture_on_commit_callbacks
):
    url = f"/kantor/laporan/{held.pk}/dokumen/{id_document.pk}/"
    client.force_login(examiner)
    assert client.get(url + "?lihat=1").status_code == 200
    assert _events("case.identity_document_opened").get().actor == examiner
    client.force_login(colleague)
    assert client.get(url + "?lihat=1").status_code == 403
    assert client.post(url, {"lihat": "1", "reason": "pendek"}).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"lihat": "1", "reason": REASON})
    assert response.status_code == 200
    event = _events("case.identity_break_glass").get()
    assert (event.actor, event.reason, event.new) == (
        colleague,
        REASON,
        {"document": id_document.pk},
    )
    assert len(mail.outbox) == 1


# --- the API


def _api(user):
    _token, secret = token_create(user=user, name=f"tests {user.username}")
    return lambda path, params: Client().get(
        f"/api/v1{path}", params, headers={"Authorization": f"Bearer {secret}"}
    )


@override_settings(LANGUAGE_CODE="en")
def test_the_api_follows_the_same_rule(
    held, examiner, colleague, outsider, django_capture_on_commit_callbacks
):
    url = f"/cases/{held.pk}"
    shown = _api(examiner)(url, {"reveal": "identity"}).json()
    assert shown["reporters"][0]["name"] == "Siti Aminah"
    refused = _api(colleague)(url, {"reveal": "identity"})
    assert refused.status_code == 403 and refused.json()["code"] == "reason_required"
    assert "Siti" not in refused.content.decode()
    short = _api(colleague)(url, {"reveal": "identity", "reason": "perlu"})
    assert short.status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        broke = _api(colleague)(url, {"reveal": "identity", "reason": REASON})
    assert broke.status_code == 200 and broke.json()["reporters"][0]["name"] == "Siti Aminah"
    assert _events("case.identity_break_glass").get().reason == REASON
    assert len(mail.outbox) == 1
    assert _api(outsider)(url, {"reveal": "identity", "reason": REASON}).status_code == 403
    masked = _api(colleague)(url, {}).json()  # no reveal asked: masked, nothing logged
    assert masked["reporters"][0]["identity_hidden"] is True
    assert _events("case.identity_break_glass").count() == 1


def test_the_api_refuses_a_locked_identity_even_with_a_reason(held, examiner, monkeypatch):
    monkeypatch.setattr(permissions, "IDENTITY_LOCKS", [lambda case: True])
    response = _api(examiner)(f"/cases/{held.pk}", {"reveal": "identity", "reason": REASON})
    assert response.json()["reporters"][0]["identity_hidden"] is True
    assert not _events("case.identity_viewed").exists()
    assert not _events("case.identity_break_glass").exists()


# --- letters to the reporter


def test_a_letter_to_a_confidential_reporter_follows_the_same_rule(
    client, receive, pvl_assistant, examiner, django_capture_on_commit_callbacks
):
    from aduan.letters.services import generate_letter

    case = receive(confidential=True)
    letter = generate_letter(case, "tanda_terima", actor=pvl_assistant)
    url = f"/kantor/laporan/{case.pk}/surat/{letter.pk}/pdf/"
    client.force_login(examiner)  # another unit, while PVL verifies
    page = client.get(f"/kantor/laporan/{case.pk}/").content.decode()
    assert f'id="letter-reason-{letter.pk}"' in page
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": "singkat"}).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"reason": REASON}).status_code == 200
    event = _events("case.identity_break_glass").get()
    assert (event.actor, event.new["letter"]) == (examiner, letter.pk)
    client.force_login(pvl_assistant)
    assert (
        f'id="letter-reason-{letter.pk}"'
        not in client.get(f"/kantor/laporan/{case.pk}/").content.decode()
    )
    assert client.get(url).status_code == 200
