"""The reporter's completion counts (UU 37/2008 Ps.25): by the tracking page, a reply by e-mail or
SMS, or at the desk, it is recorded as the reporter's, stops the 30-day clock, returns the case
to verification and puts it on top of its holder's work. Personas: the reporter (tracking page,
mail, phone), the PVL assistant who holds the case, an outsider from another office."""

from __future__ import annotations

import datetime as dt
import io
from email.message import EmailMessage

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from PIL import Image

from aduan.backoffice import selectors as bo
from aduan.cases import services as sv
from aduan.cases.errors import CaseError, NotAllowed, WrongState
from aduan.cases.models import Case, ReporterCompletion
from aduan.cases.selectors import timeline
from aduan.cases.states import State
from aduan.cases.sweeper import sweep
from aduan.core.models import AuditEvent
from aduan.deadlines.models import Deadline
from aduan.intake.channels.conversation import text_received
from aduan.intake.services import Attachment
from tests.cases.conftest import FORMAL_OK
from tests.conftest import receive_deliveries

pytestmark = pytest.mark.django_db
RULE = "melengkapi-laporan"


@pytest.fixture(autouse=True)
def _fresh(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cache.clear()
    yield
    cache.clear()


def later(days: int) -> dt.datetime:
    return timezone.now() + dt.timedelta(days=days)


def _png(colour: str = "blue") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (5, 5), colour).save(out, format="PNG")
    return out.getvalue()


def _clock(case: Case) -> Deadline:
    return Deadline.objects.filter(case=case, rule__code=RULE).order_by("-id").first()


@pytest.fixture
def asked(receive, pvl_assistant):
    """asked(*missing) → a case held by the PVL assistant, waiting for the reporter to send the
    ``missing`` formal items (the 30-day clock running)."""

    pvl_assistant.email = "pvl@ombudsman.go.id"
    pvl_assistant.save(update_fields=["email"])

    def make(*missing: str, **overrides) -> Case:
        case = receive(**overrides)
        Case.objects.filter(pk=case.pk).update(assignee=pvl_assistant)
        items = {**FORMAL_OK, **{code: False for code in missing}}
        case = sv.case_verify_formal(case=case, actor=pvl_assistant, items=items)
        receive_deliveries(case)  # the reporter reads the request at once: the 30 days run
        case.refresh_from_db()
        assert case.state == State.AWAITING_COMPLETION
        return case

    return make


@pytest.fixture
def tracking():
    """tracking(case) → the reporter's browser on the case's tracking page, in English."""

    def open_(case: Case) -> Client:
        client = Client(headers={"accept-language": "en"})
        response = client.post("/lacak/", {"reference": case.reference, "code": case.access_code})
        assert response.status_code == 302
        return client

    return open_


def _upload(client: Client, kind: str, data: bytes | None = None, name: str = "ktp.png"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(name, data or _png())
    return client.post(
        "/lacak/laporan/dokumen/", {"doc-kind": kind, "doc-files": [upload]}, follow=True
    )


# --- the tracking page ----------------------------------------------------------------------
def test_an_identity_document_uploaded_at_lacak_completes_the_report(
    asked, tracking, pvl_assistant, receive, mailoutbox, django_capture_on_commit_callbacks
):
    other = receive(title="Kasus lain")  # its clock runs out first
    Case.objects.filter(pk=other.pk).update(assignee=pvl_assistant)
    case = asked("dokumen_identitas")
    reporter = tracking(case)
    before = reporter.get("/lacak/laporan/").content.decode()
    assert "identity document (KTP, KITAS/KITAP)" in before

    with django_capture_on_commit_callbacks(execute=True):
        page = _upload(reporter, "identitas").content.decode()

    case.refresh_from_db()
    assert case.state == State.RECEIVED
    assert _clock(case).state == Deadline.State.MET
    assert "the 30-day period to complete it (UU 37/2008 Ps.25) has stopped" in page
    assert "The office will verify it" in page
    assert 'id="missing"' not in page and "identity document (KTP" not in page
    assert case.documents.get().kind == "identitas"
    completion = case.reporter_completions.get()
    assert completion.complete and completion.via == "lacak"
    assert completion.items == ["dokumen_identitas"] and completion.still_missing == []
    assert completion.reporter == case.reporters.get()
    # The timeline credits the reporter, not "sistem".
    event = timeline(case)[-1]
    assert event["action"] == "case.reporter_completed"
    assert event["actor"] == "pelapor (portal)"
    assert str(event["description"]) == "Completed by the reporter: verify"
    # On top of the holder's work, flagged; the holder is told.
    assert case.completed_by_reporter_at is not None
    assert bo.my_cases(pvl_assistant).first() == case
    [to_holder] = [m for m in mailoutbox if m.to == [pvl_assistant.email]]
    assert case.reference in to_holder.subject and "Siti" not in to_holder.body
    [to_reporter] = [m for m in mailoutbox if m.to == ["siti@example.com"]]
    assert "Tenggat 30 hari untuk melengkapi laporan" in to_reporter.body


def test_the_case_tops_the_holders_page_and_the_office_overview(
    asked, tracking, pvl_assistant, head_of_office, receive
):
    receive(title="Kasus yang lebih dulu")
    case = asked("dokumen_identitas")
    _upload(tracking(case), "identitas")
    staff = Client()
    staff.force_login(pvl_assistant)
    home = staff.get("/kantor/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "completed by the reporter, verify" in home
    assert home.index(case.reference) < home.index("Unassigned in my unit")
    assert list(bo.office_overview(head_of_office)["completed_by_reporter"]) == [case]
    detail = staff.get(f"/kantor/laporan/{case.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="completed-by-reporter"' in detail and "pelapor (portal)" in detail


def test_formal_verification_again_clears_the_flag(asked, tracking, pvl_assistant):
    case = asked("dokumen_identitas")
    _upload(tracking(case), "identitas")
    sv.case_verify_formal(case=case, actor=pvl_assistant, items=FORMAL_OK)
    case.refresh_from_db()
    assert case.completed_by_reporter_at is None
    assert case.state == State.MATERIAL_VERIFICATION


def test_a_part_of_what_is_missing_keeps_the_clock_and_lists_what_remains(
    asked, tracking, mailoutbox, django_capture_on_commit_callbacks
):
    reporter = {"name": "Siti", "email": "siti@example.com", "language": "en"}
    case = asked("dokumen_identitas", "kronologi", reporters=[reporter])
    due = _clock(case).due_date
    with django_capture_on_commit_callbacks(execute=True):
        page = _upload(tracking(case), "identitas").content.decode()
    case.refresh_from_db()
    assert case.state == State.AWAITING_COMPLETION
    assert _clock(case).state == Deadline.State.OPEN and _clock(case).due_date == due
    assert case.completed_by_reporter_at is None
    [mail] = mailoutbox  # to the reporter, in their language; the holder waits for the rest
    assert mail.to == ["siti@example.com"]
    assert "Still missing:\n- dated chronology of the events\n" in mail.body
    assert f"Please send it by {due.day} {due.strftime('%B')} {due.year}" in mail.body
    missing = page[page.index('id="missing"') :]
    missing = missing[: missing.index("</ul>")]
    assert "dated chronology of the events" in missing and "identity document" not in missing
    assert "Still missing: dated chronology of the events." in page
    assert f"Send it by {due.day} {due.strftime('%B')} {due.year}" in page
    completion = case.reporter_completions.get()
    assert not completion.complete and completion.still_missing == ["kronologi"]
    event = AuditEvent.objects.get(action="case.reporter_completed_part")
    assert event.actor_label == "pelapor (portal)" and event.new["still_missing"] == ["kronologi"]


def test_the_rest_sent_later_completes_the_report(asked, tracking):
    case = asked("dokumen_identitas", "kronologi")
    reporter = tracking(case)
    _upload(reporter, "identitas")
    reporter.post("/lacak/laporan/lengkapi/", {"complete-text": "Kronologi: 3 Maret ..."})
    case.refresh_from_db()
    assert case.state == State.RECEIVED and _clock(case).state == Deadline.State.MET
    assert [c.complete for c in case.reporter_completions.all()] == [False, True]


def test_evidence_of_another_kind_does_not_count_as_the_identity_document(asked, tracking):
    case = asked("dokumen_identitas")
    page = _upload(tracking(case), "bukti", name="foto.png").content.decode()
    case.refresh_from_db()
    assert case.state == State.AWAITING_COMPLETION
    assert "Still missing: identity document (KTP, KITAS/KITAP)." in page


def test_a_retried_upload_does_not_record_twice(asked, tracking):
    case = asked("dokumen_identitas", "kronologi")
    reporter = tracking(case)
    data = _png("green")
    _upload(reporter, "identitas", data)
    _upload(reporter, "identitas", data)
    assert case.reporter_completions.count() == 1 and case.documents.count() == 1
    assert AuditEvent.objects.filter(action="case.reporter_completed_part").count() == 1


def test_a_retried_upload_after_completion_stores_nothing_twice(asked, tracking):
    case = asked("dokumen_identitas")
    reporter = tracking(case)
    data = _png("red")
    _upload(reporter, "identitas", data)
    _upload(reporter, "identitas", data)  # the browser sends it again
    case.refresh_from_db()
    assert case.state == State.RECEIVED
    assert case.reporter_completions.count() == 1 and case.documents.count() == 1
    assert case.transitions.filter(action="reporter_completed").count() == 1


def test_a_retried_completion_returns_the_first_record(asked):
    case = asked("dokumen_identitas")
    ktp = Attachment("ktp.png", _png(), kind="identitas")
    first = sv.case_reporter_completes(case=case, via="lacak", attachments=[ktp], items=[])
    again = sv.case_reporter_completes(case=case, via="lacak", attachments=[ktp], items=[])
    assert again.pk == first.pk and case.documents.count() == 1
    assert case.transitions.filter(action="reporter_completed").count() == 1


# --- refusals --------------------------------------------------------------------------------
def test_a_completion_after_deemed_withdrawn_is_refused_citing_ps_25_4(asked, tracking):
    case = asked("dokumen_identitas")
    reporter = tracking(case)
    sweep(now=later(31))
    case.refresh_from_db()
    assert case.closure_reason.code == "dianggap-dicabut"
    ktp = Attachment("ktp.png", _png(), kind="identitas")
    with pytest.raises(WrongState, match=r"UU 37/2008 Ps\.25\(4\).*file a new report"):
        sv.case_reporter_completes(case=case, via="lacak", attachments=[ktp], items=[])
    page = _upload(reporter, "identitas").content.decode()
    assert "deemed withdrawn because it was not completed within 30 days" in page
    assert not case.documents.exists() and not ReporterCompletion.objects.exists()


def test_a_completion_after_the_30_days_is_refused_before_the_sweeper_runs(asked):
    case = asked("kronologi")
    Deadline.objects.filter(pk=_clock(case).pk).update(
        due_date=timezone.localdate() - dt.timedelta(days=2)
    )
    late = r"ended on .* deemed withdrawn \(UU 37/2008 Ps\.25\(4\)\)"
    with pytest.raises(WrongState, match=late):
        sv.case_reporter_completes(case=case, via="email", note="Kronologi terlampir")
    case.refresh_from_db()
    assert case.state == State.AWAITING_COMPLETION


def test_nothing_to_complete_when_nothing_was_asked(receive):
    with pytest.raises(WrongState, match="Nothing was asked"):
        sv.case_reporter_completes(case=receive(), via="lacak", note="KTP")


def test_an_empty_completion_is_refused(asked):
    with pytest.raises(CaseError, match="a document or your answer"):
        sv.case_reporter_completes(case=asked("kronologi"), via="lacak", note="  ")


def test_the_sweeper_does_not_deem_withdrawn_a_completed_case(asked, tracking):
    case = asked("dokumen_identitas")
    _upload(tracking(case), "identitas")
    result = sweep(now=later(45))
    case.refresh_from_db()
    assert result.consequences["deemed_withdrawn"] == 0
    assert case.state == State.RECEIVED and case.closure_reason is None


# --- channel replies -------------------------------------------------------------------------
def _reply_mail(case: Case, sender: str) -> bytes:
    message = EmailMessage()
    message["From"] = f"Siti <{sender}>"
    message["To"] = "aduan@ombudsman.go.id"
    message["Subject"] = f"Re: Kelengkapan laporan {case.reference}"
    message["Message-ID"] = "<ktp-reply-1@mail.example.com>"
    message.set_content("Berikut KTP saya.")
    message.add_attachment(_png(), maintype="image", subtype="png", filename="ktp.png")
    return message.as_bytes()


def test_a_reply_e_mail_with_an_attachment_completes(
    asked, settings, tmp_path, pvl_assistant, mailoutbox, django_capture_on_commit_callbacks
):
    settings.ADUAN_INTAKE_OFFICE = "babel"
    settings.DEFAULT_FROM_EMAIL = "Aduan <aduan@ombudsman.go.id>"
    case = asked("dokumen_identitas")
    path = tmp_path / "in.eml"
    path.write_bytes(_reply_mail(case, "siti@example.com"))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("ingest_email", str(path), stdout=io.StringIO())
        call_command("ingest_email", str(path), stdout=io.StringIO())  # delivered twice
    case.refresh_from_db()
    assert case.state == State.RECEIVED and _clock(case).state == Deadline.State.MET
    completion = case.reporter_completions.get()
    assert completion.via == "email" and completion.documents.count() == 1
    assert case.documents.count() == 1 and case.notes.count() == 1
    assert timeline(case)[-2]["actor"] == "pelapor (e-mail)"  # then the mail itself
    assert AuditEvent.objects.get(action="case.reporter_completed").actor_label == (
        "pelapor (e-mail)"
    )
    assert sorted(m.to[0] for m in mailoutbox) == ["pvl@ombudsman.go.id", "siti@example.com"]


def test_an_sms_reply_completes(asked):
    case = asked(
        "kronologi",
        reporters=[{"name": "Budi", "phone": "081234565678", "contact_channel": "sms"}],
    )
    found, new = text_received(
        channel="sms", sender="6281234565678", text="Kronologi: 3 Maret ...", key="sms:k1"
    )
    assert found == case and not new
    case.refresh_from_db()
    assert case.state == State.RECEIVED
    completion = case.reporter_completions.get()
    assert completion.via == "sms" and completion.items == ["kronologi"]
    assert AuditEvent.objects.get(action="case.reporter_completed").actor_label == "pelapor (SMS)"


# --- the desk --------------------------------------------------------------------------------
def test_the_desk_records_the_reporters_completion_with_the_staff_as_recorder(asked, pvl_assistant):
    case = asked("dokumen_identitas", "kronologi")
    staff = Client()
    staff.force_login(pvl_assistant)
    response = staff.post(
        f"/kantor/laporan/{case.pk}/aksi/complete/",
        {"items": ["dokumen_identitas", "kronologi"], "note": "Datang membawa KTP asli"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == State.RECEIVED and _clock(case).state == Deadline.State.MET
    completion = case.reporter_completions.get()
    assert completion.via == "desk" and completion.recorded_by == pvl_assistant
    assert completion.reporter == case.reporters.get()
    assert completion.message.text.endswith("\nDatang membawa KTP asli")
    assert completion.message.kind == "internal"
    event = AuditEvent.objects.get(action="case.reporter_completed")
    assert event.actor == pvl_assistant
    assert event.actor_label == "pelapor (loket), dicatat oleh pvl"
    assert case.transitions.last().actor == pvl_assistant


def test_the_desk_may_record_only_part(asked, pvl_assistant):
    case = asked("dokumen_identitas", "kronologi")
    completion = sv.case_reporter_completes(
        case=case, via="desk", actor=pvl_assistant, items=["kronologi"]
    )
    case.refresh_from_db()
    assert completion.still_missing == ["dokumen_identitas"]
    assert case.state == State.AWAITING_COMPLETION


def test_an_outsider_cannot_record_a_completion_at_the_desk(asked, outsider):
    case = asked("kronologi")
    with pytest.raises(NotAllowed):
        sv.case_reporter_completes(case=case, via="desk", actor=outsider, items=["kronologi"])
    assert not ReporterCompletion.objects.exists()


def test_a_desk_completion_needs_a_recorder(asked):
    with pytest.raises(CaseError, match="recorded by a staff member"):
        sv.case_reporter_completes(case=asked("kronologi"), via="desk", items=["kronologi"])


# --- confidentiality -------------------------------------------------------------------------
def test_a_confidential_reporters_identity_stays_out_of_the_record(asked, tracking):
    case = asked("dokumen_identitas", confidential=True)
    _upload(tracking(case), "identitas")
    event = AuditEvent.objects.get(action="case.reporter_completed")
    reporter = case.reporters.get()
    assert "Siti" not in event.actor_label and "Siti" not in str(event.new)
    assert event.new["reporter"] == {"id": reporter.pk, "label": f"reporter #{reporter.pk}"}
