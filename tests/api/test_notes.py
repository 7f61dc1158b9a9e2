"""Notes and messages to the reporter through the API: the same service as the case page."""

from __future__ import annotations

import pytest

from aduan.messaging.models import OutgoingMessage

pytestmark = pytest.mark.django_db


def test_a_message_to_the_reporter_with_a_standard_reply(api, pvl_assistant, received):
    case_id = received()
    response = api(pvl_assistant).post(
        f"/cases/{case_id}/notes",
        {"kind": "to_reporter", "text": "Terima kasih", "reply_template": "sedang-diproses"},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["kind"] == "to_reporter" and body["text"].endswith("Terima kasih")
    assert [m["channel"] for m in body["messages"]] == ["email"]
    assert "siti@example.com" not in response.content.decode()
    assert OutgoingMessage.objects.filter(case_id=case_id).count() == 1


def test_an_internal_note_sends_no_message(api, pvl_assistant, received):
    case_id = received()
    response = api(pvl_assistant).post(f"/cases/{case_id}/notes", {"text": "Cek ke lapangan"})
    assert response.status_code == 201 and response.json()["messages"] == []


def test_an_unknown_standard_reply_is_a_400(api, pvl_assistant, received):
    case_id = received()
    response = api(pvl_assistant).post(
        f"/cases/{case_id}/notes", {"kind": "to_reporter", "reply_template": "tidak-ada"}
    )
    assert response.status_code == 400


def test_an_empty_note_is_refused(api, pvl_assistant, received):
    response = api(pvl_assistant).post(f"/cases/{received()}/notes", {"text": "  "})
    assert response.status_code == 400


def test_another_office_cannot_write_on_the_case(api, outsider, received):
    response = api(outsider).post(f"/cases/{received()}/notes", {"text": "x"})
    assert response.status_code == 403  # the API's answer for a case one may not see
