"""The one door (submit) and the durable inbox (accept / process / retry) of every channel."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from aduan.cases.models import Case
from aduan.intake import services as intake
from aduan.intake.models import Inbound

pytestmark = pytest.mark.django_db
REPORTER = {"name": "Budi Santoso", "phone": "0812000111"}


def _submission(**overrides):
    data = {"channel": "sms", "title": "Jalan rusak", "reporters": [REPORTER], "key": "m-1"}
    data.update(overrides)
    return intake.Submission(**data)


def test_a_submission_goes_to_the_office_covering_the_region(office, central_office):
    case = intake.submit(_submission(region="19.71"))
    assert case.office == office and case.channel.code == "sms"
    assert case.event_region.code == "19.71"


def test_without_a_place_it_goes_to_the_intake_office_or_the_centre(
    office, central_office, settings
):
    assert intake.submit(_submission(key="a")).office == central_office
    settings.ADUAN_INTAKE_OFFICE = "babel"
    assert intake.submit(_submission(key="b")).office == office


def test_the_same_key_twice_makes_one_case(office):
    first = intake.submit(_submission(region="19.71"))
    again = intake.submit(_submission(region="19.71"))
    assert first.pk == again.pk and Case.objects.count() == 1


def test_attachments_are_stored_with_the_case(office, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    png = b"\x89PNG\r\n\x1a\n" + b"0" * 20
    case = intake.submit(
        _submission(region="19.71", attachments=[intake.Attachment("foto.png", png)])
    )
    assert case.documents.get().content_type == "image/png"


def test_a_refused_attachment_leaves_no_case(office, settings, tmp_path):
    from aduan.cases.errors import CaseError

    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(CaseError):
        intake.submit(
            _submission(region="19.71", attachments=[intake.Attachment("x.exe", b"MZ..")])
        )
    assert not Case.objects.exists()


@pytest.fixture
def echo_handler(office):
    calls = []

    @intake.handler("test")
    def handle(inbound):
        calls.append(inbound.pk)
        if inbound.payload.get("ignore"):
            return None
        if inbound.payload.get("boom") and len(calls) == 1:
            raise RuntimeError("gateway hiccup")
        return intake.submit(_submission(channel="sms", key=inbound.external_id, region="19.71"))

    yield calls
    intake.HANDLERS.pop("test", None)


def test_an_inbound_message_is_stored_once_and_processed_once(
    echo_handler, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first, created = intake.accept("test", "wamid.1", payload={"text": "Jalan rusak"})
    assert created and Inbound.objects.get().status == Inbound.Status.PROCESSED
    again, created = intake.accept("test", "wamid.1", payload={"text": "Jalan rusak"})
    assert not created and again.pk == first.pk
    assert intake.process(first.pk) == "skipped"
    assert echo_handler == [first.pk] and Case.objects.count() == 1


def test_a_failure_is_kept_and_retried_by_the_sweeper(echo_handler):
    inbound, _ = intake.accept("test", "m-9", payload={"boom": True})
    assert intake.process(inbound.pk) == Inbound.Status.FAILED
    inbound.refresh_from_db()
    assert "gateway hiccup" in inbound.error and not Case.objects.exists()
    assert intake.retry_failed(now=timezone.now()) == 0  # too soon
    later = timezone.now() + dt.timedelta(minutes=5)
    assert intake.retry_failed(now=later) == 1
    inbound.refresh_from_db()
    assert inbound.status == Inbound.Status.PROCESSED and inbound.case is not None


def test_an_ignored_message_makes_no_case(echo_handler):
    inbound, _ = intake.accept("test", "auto-reply-1", payload={"ignore": True})
    assert intake.process(inbound.pk) == Inbound.Status.IGNORED
    assert not Case.objects.exists()


def test_a_message_without_an_id_is_refused():
    from aduan.cases.errors import IntakeError

    with pytest.raises(IntakeError):
        intake.accept("test", "  ")


def test_a_channel_without_a_handler_gives_up_after_five_attempts(office):
    inbound, _ = intake.accept("unknown-channel", "x-1")
    for _ in range(intake.MAX_ATTEMPTS):
        Inbound.objects.filter(pk=inbound.pk).update(status=Inbound.Status.FAILED)
        intake.process(inbound.pk)
    inbound.refresh_from_db()
    assert inbound.status == Inbound.Status.GAVE_UP
