"""E-mail in: real-world-shaped messages (tests/intake/mail/*.eml) piped to ``aduan ingest-email``
or fetched by the IMAP poller, and the receipt that goes back in the reporter's thread."""

from __future__ import annotations

import email
import email.policy
import imaplib
import io
import socket
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import OperationalError

from aduan.cases.models import Case, Note
from aduan.core.models import AuditEvent
from aduan.intake.channels.email import imap
from aduan.intake.channels.email.htmltext import html_to_text
from aduan.intake.channels.email.parse import parse
from aduan.intake.channels.email.services import store
from aduan.intake.models import Inbound

pytestmark = pytest.mark.django_db
MAIL = Path(__file__).parent / "mail"
SITI = "siti.aminah1987@gmail.com"
SITI_ID = "CAKx3Q9n1V=pR4nT+5qfYk8dZ2xW@mail.gmail.com"


def sample(name: str, **replace: str) -> bytes:
    raw = (MAIL / name).read_bytes()
    for key, value in replace.items():
        raw = raw.replace(f"{{{key}}}".encode(), value.encode())
    return raw


@pytest.fixture
def mail_office(office, settings, tmp_path):
    """Mail has no place: it goes to the intake office (Bangka Belitung here)."""
    settings.ADUAN_INTAKE_OFFICE = "babel"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DEFAULT_FROM_EMAIL = "Aduan <aduan@ombudsman.go.id>"
    return office


@pytest.fixture
def ingest(mail_office, tmp_path):
    """Pipe a message to ``aduan ingest-email`` (through a file); returns (inbound, output)."""

    def run(raw: bytes) -> tuple[Inbound, str]:
        path = tmp_path / "in.eml"
        path.write_bytes(raw)
        out = io.StringIO()
        call_command("ingest_email", str(path), stdout=out)
        inbound = Inbound.objects.filter(channel="email").order_by("-id").first()
        return Inbound.objects.get(pk=inbound.pk), out.getvalue()

    return run


def case_of(inbound: Inbound) -> Case:
    assert inbound.status == Inbound.Status.PROCESSED, (inbound.status, inbound.error)
    return inbound.case


# --- new reports ---------------------------------------------------------------------------
def test_a_gmail_message_becomes_a_case_with_its_sender_as_reporter(ingest):
    inbound, output = ingest(sample("gmail_alternative.eml"))
    case = case_of(inbound)
    assert case.reference in output
    assert case.channel.code == "email" and case.office.code == "babel"
    assert case.title == "Pungutan liar pembuatan KTP di Kecamatan Rangkui"
    assert "Petugas loket meminta uang sebesar Rp 150.000 – katanya" in case.chronology
    assert "0812-7788-9900" not in case.chronology  # the signature is trimmed
    reporter = case.reporters.get()
    assert (reporter.name, reporter.email) == ("Siti Aminah", SITI)
    assert reporter.contact_channel == "email" and reporter.language == "id"
    assert inbound.external_id == SITI_ID and inbound.payload["message_id"] == SITI_ID


def test_an_outlook_html_only_quoted_printable_message_is_read_as_text(ingest):
    case = case_of(ingest(sample("outlook_html_qp.eml"))[0])
    assert case.title == "Work permit renewal delayed for four months"  # RE: [EXTERNAL] gone
    assert "asked for a “service fee” that is not" in case.chronology  # windows-1252 quotes
    assert "the official tariff page <https://example.org/tariff>" in case.chronology
    assert "- First visit: 14 July 2025" in case.chronology
    for leftover in ("alert", "font-family", "<p", "&nbsp;", "tracker.example.com"):
        assert leftover not in case.chronology
    assert case.reporters.get().language == "en"  # clearly English


def test_a_base64_body_and_an_encoded_subject_are_decoded(ingest):
    case = case_of(ingest(sample("base64_body.eml"))[0])
    assert case.title == "Layanan PDAM mati sudah dua minggu – mohon bantuan"
    assert "Air PDAM di rumah kami di Jalan Sudirman No. 12" in case.chronology
    assert "Dikirim dari Yahoo Mail" not in case.chronology
    assert case.reporters.get().name == "Budi Santoso"


def test_an_rfc2231_file_name_is_kept_and_a_refused_file_is_dropped_with_a_note(ingest):
    inbound, _output = ingest(sample("rfc2231_attachment.eml"))
    case = case_of(inbound)
    document = case.documents.get()
    assert document.original_name == "KTP Siti Aminah – asli.pdf"
    assert document.content_type == "application/pdf" and document.kind == "bukti"
    assert "pembaruan-aplikasi.exe" in inbound.note  # dropped, not fatal


def test_an_encoded_word_file_name_and_sender_name_are_decoded(ingest):
    case = case_of(ingest(sample("encoded_word_attachment.eml"))[0])
    assert case.documents.get().original_name == "Kwitansi iuran BPJS – Oktober.jpg"
    assert case.reporters.get().name == "Ratna Déwi"
    assert "Ratna Déwi" in case.chronology  # iso-8859-1 body


def test_an_inline_photo_is_kept_as_evidence_but_not_a_tracking_gif(ingest):
    case = case_of(ingest(sample("inline_image.eml"))[0])
    document = case.documents.get()
    assert (document.original_name, document.content_type) == ("lubang.png", "image/png")


def test_a_forwarded_message_attachment_stays_in_the_chronology_with_its_files(ingest):
    case = case_of(ingest(sample("forwarded_rfc822.eml"))[0])
    assert case.title == "Penolakan permohonan sertifikat tanah"
    assert "Kami mendampingi Ibu Wati" in case.chronology
    assert "From: Wati Susanti <wati.susanti@gmail.com>" in case.chronology
    assert "Kantor Pertanahan Kota Pangkalpinang ditolak" in case.chronology
    assert case.documents.get().original_name == "tanda-terima-BPN.pdf"
    assert case.reporters.get().email == "andi.pratama@lbh-babel.or.id"


def test_an_inline_forward_is_kept(ingest):
    case = case_of(ingest(sample("forwarded_inline.eml"))[0])
    assert case.chronology.startswith("Saya teruskan pengaduan ayah saya.")
    assert "---------- Forwarded message ---------" in case.chronology
    assert "Petugas PLN ULP Pangkalpinang tidak mau memeriksa meteran." in case.chronology


# --- machine mail ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("out_of_office.eml", "auto-reply"),
        ("vacation_id.eml", "auto-reply"),
        ("bounce.eml", "bounce"),
    ],
)
def test_auto_replies_and_bounces_are_ignored(
    ingest, mailoutbox, name, why, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        inbound, output = ingest(sample(name))
    assert inbound.status == Inbound.Status.IGNORED and inbound.case is None
    assert why in inbound.note and why in output
    assert not Case.objects.exists() and mailoutbox == []


def test_mail_from_our_own_address_is_ignored(ingest):
    raw = sample("base64_body.eml").replace(
        b"From: Budi Santoso <budi_santoso77@yahoo.co.id>", b"From: Aduan <aduan@ombudsman.go.id>"
    )
    inbound, _output = ingest(raw)
    assert inbound.status == Inbound.Status.IGNORED and not Case.objects.exists()


# --- duplicates, ids, receipts --------------------------------------------------------------
def test_a_duplicate_delivery_makes_one_case_and_one_receipt(
    ingest, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first, _ = ingest(sample("gmail_alternative.eml"))
    with django_capture_on_commit_callbacks(execute=True):
        again, output = ingest(sample("gmail_alternative.eml").replace(b"\n", b"\r\n"))
    assert first.pk == again.pk and Inbound.objects.count() == 1
    assert "duplicate" in output and first.case.reference in output
    assert Case.objects.count() == 1 and len(mailoutbox) == 1


def test_a_message_without_message_id_gets_a_stable_id(ingest):
    first, _ = ingest(sample("no_message_id.eml"))
    again, _ = ingest(sample("no_message_id.eml").replace(b"\n", b"\r\n"))
    assert first.pk == again.pk and first.external_id.startswith("sha256-")
    assert first.payload["message_id"] == ""
    assert Case.objects.count() == 1


def test_the_receipt_answers_in_the_reporters_thread(
    ingest, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = case_of(ingest(sample("gmail_alternative.eml"))[0])
    [receipt] = mailoutbox
    assert receipt.to == [SITI] and case.reference in receipt.subject
    message = receipt.message()
    assert message["In-Reply-To"] == f"<{SITI_ID}>" and message["References"] == f"<{SITI_ID}>"
    assert message["Auto-Submitted"] == "auto-replied"


def test_a_web_case_receipt_has_no_thread_headers(
    receive, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        receive()
    [receipt] = mailoutbox
    assert "In-Reply-To" not in receipt.message() and "Auto-Submitted" not in receipt.message()


# --- replies on a case ------------------------------------------------------------------------
@pytest.fixture
def siti_case(ingest, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = case_of(ingest(sample("gmail_alternative.eml"))[0])
    mailoutbox.clear()
    return case


def test_a_reply_to_the_receipt_joins_the_case_and_opens_nothing(
    siti_case, ingest, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        inbound, output = ingest(sample("reply_to_receipt.eml", REFERENCE=siti_case.reference))
    assert inbound.case == siti_case and Case.objects.count() == 1
    assert siti_case.reference in output and mailoutbox == []  # no second receipt
    note = siti_case.notes.get()
    assert note.kind == Note.Kind.INTERNAL and note.author is None
    assert "Berikut saya tambahkan foto kwitansi" in note.text
    assert "Nomor laporan" not in note.text  # the quoted receipt is trimmed
    assert siti_case.documents.get().original_name == "kwitansi.jpg"
    event = AuditEvent.objects.get(action="case.reporter_mail")
    assert event.target_id == str(siti_case.pk) and event.new["note"] == note.pk


def test_a_reply_to_a_reply_joins_the_case_too(siti_case, ingest):
    ingest(sample("reply_to_receipt.eml", REFERENCE=siti_case.reference))
    raw = (
        b"From: Siti <siti.aminah1987@gmail.com>\nTo: aduan@ombudsman.go.id\n"
        b"Subject: Re: Re: tanda terima\nMessage-ID: <third@mail.gmail.com>\n"
        b"In-Reply-To: <CAKx3Q9n1V=reply1+Zz9@mail.gmail.com>\n\nSatu lagi.\n"
    )
    inbound, _ = ingest(raw)
    assert inbound.case == siti_case and siti_case.notes.count() == 2


def test_the_reference_in_the_subject_from_the_reporters_address_joins_the_case(siti_case, ingest):
    inbound, _ = ingest(sample("reply_by_subject.eml", REFERENCE=siti_case.reference))
    assert inbound.case == siti_case and Case.objects.count() == 1
    assert "bernama Pak Joni" in siti_case.notes.get().text


def test_a_spoofed_reply_from_another_address_does_not_join_the_case(siti_case, ingest):
    inbound, _ = ingest(sample("spoofed_reply.eml", REFERENCE=siti_case.reference))
    assert inbound.case != siti_case and not siti_case.notes.exists()
    assert not AuditEvent.objects.filter(action="case.reporter_mail").exists()


# --- the command ------------------------------------------------------------------------------
def test_the_command_reads_standard_input(mail_office, monkeypatch):
    raw = sample("base64_body.eml")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))
    out = io.StringIO()
    call_command("ingest_email", stdout=out)
    assert Case.objects.get().reference in out.getvalue()


def test_the_command_asks_for_a_retry_when_the_database_is_down(mail_office, monkeypatch, tmp_path):
    def down(*args, **kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(Inbound.objects, "filter", down)
    path = tmp_path / "m.eml"
    path.write_bytes(sample("gmail_alternative.eml"))
    with pytest.raises(CommandError) as caught:
        call_command("ingest_email", str(path))
    assert caught.value.returncode == 75


def test_the_command_refuses_empty_input(mail_office, tmp_path):
    path = tmp_path / "empty.eml"
    path.write_bytes(b"\n")
    with pytest.raises(CommandError) as caught:
        call_command("ingest_email", str(path))
    assert caught.value.returncode == 65


def test_a_stored_message_that_cannot_become_a_case_yet_is_acknowledged(db, tmp_path):
    path = tmp_path / "m.eml"  # no office at all: routing fails, the sweeper will retry
    path.write_bytes(sample("gmail_alternative.eml"))
    out = io.StringIO()
    call_command("ingest_email", str(path), stdout=out)  # exit status 0
    inbound = Inbound.objects.get()
    assert inbound.status == Inbound.Status.FAILED and "IntakeError" in inbound.error
    assert "gagal" in out.getvalue() or "failed" in out.getvalue()


# --- the IMAP poller -------------------------------------------------------------------------
class FakeIMAP:
    """Enough of imaplib.IMAP4_SSL for the poller: UID SEARCH/FETCH/STORE on one folder."""

    instances: list[FakeIMAP] = []
    mailbox: dict[bytes, list] = {}

    def __init__(self, host, port=None, timeout=None):
        self.host, self.port = host, port
        self.log: list[str] = []
        FakeIMAP.instances.append(self)

    def login(self, user, password):
        self.log.append(f"login {user}")
        return "OK", [b"Logged in"]

    def select(self, folder):
        self.log.append(f"select {folder}")
        return "OK", [str(len(self.mailbox)).encode()]

    def uid(self, command, *args):
        if command == "SEARCH":
            unseen = [uid for uid, (_raw, flags) in self.mailbox.items() if "\\Seen" not in flags]
            return "OK", [b" ".join(unseen)]
        if command == "FETCH":
            raw = self.mailbox[args[0]][0]
            return "OK", [(args[0] + b" (UID " + args[0] + b" BODY[] {%d}" % len(raw), raw), b")"]
        if command == "STORE":
            self.mailbox[args[0]][1].add("\\Seen")
            return "OK", [b""]
        raise AssertionError(command)

    def close(self):
        self.log.append("close")

    def logout(self):
        self.log.append("logout")


@pytest.fixture
def fake_imap(mail_office, settings, monkeypatch):
    settings.ADUAN_IMAP_HOST = "imap.ombudsman.go.id"
    settings.ADUAN_IMAP_USER = "pengaduan@ombudsman.go.id"
    settings.ADUAN_IMAP_PASSWORD = "secret"
    settings.ADUAN_IMAP_SSL = True
    FakeIMAP.instances = []
    FakeIMAP.mailbox = {
        b"11": [sample("gmail_alternative.eml"), set()],
        b"12": [sample("out_of_office.eml"), set()],
        b"13": [sample("base64_body.eml"), {"\\Seen"}],  # already read by a person: left alone
    }
    monkeypatch.setattr(imaplib, "IMAP4_SSL", FakeIMAP)
    return FakeIMAP


def test_the_poller_stores_unseen_mail_then_marks_it_seen(
    fake_imap, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert imap.poll_imap() == 2
    assert {uid for uid, (_r, flags) in fake_imap.mailbox.items() if "\\Seen" in flags} == {
        b"11",
        b"12",
        b"13",
    }
    assert set(Inbound.objects.values_list("status", flat=True)) == {"diproses", "diabaikan"}
    assert Case.objects.get().reporters.get().email == SITI and len(mailoutbox) == 1
    client = fake_imap.instances[0]
    assert client.host == "imap.ombudsman.go.id" and client.log[:2] == [
        "login pengaduan@ombudsman.go.id",
        "select INBOX",
    ]
    assert client.log[-1] == "logout"
    assert imap.poll_imap() == 0  # nothing unseen any more


def test_a_message_seen_twice_by_the_poller_is_stored_once(fake_imap):
    imap.poll_imap()
    fake_imap.mailbox[b"11"][1].clear()  # e.g. a crash before the flag was set
    fake_imap.mailbox[b"14"] = [sample("gmail_alternative.eml"), set()]  # or a redelivery
    assert imap.poll_imap() == 0
    assert Inbound.objects.filter(external_id=SITI_ID).count() == 1
    assert "\\Seen" in fake_imap.mailbox[b"14"][1]


def test_a_message_is_not_marked_seen_when_it_could_not_be_stored(fake_imap, monkeypatch):
    def down(raw):
        raise OperationalError("database is locked")

    monkeypatch.setattr(imap, "store", down)
    with pytest.raises(OperationalError):
        imap.poll_imap()
    assert "\\Seen" not in fake_imap.mailbox[b"11"][1]
    assert fake_imap.instances[0].log[-1] == "logout"


def test_the_poller_is_off_without_a_host(settings, monkeypatch):
    settings.ADUAN_IMAP_HOST = ""
    monkeypatch.setattr(imaplib, "IMAP4_SSL", None)  # would fail if called
    assert imap.poll_imap() == 0


# --- pieces ---------------------------------------------------------------------------------
def test_html_to_text_is_readable_and_safe():
    html = (
        "<html><head><title>t</title><style>p{color:red}</style></head><body>"
        "<p>Halo&nbsp;Pak,</p><script>steal()</script><p>baris <b>dua</b><br>baris tiga</p>"
        "<blockquote><p>kutipan</p></blockquote><img src='https://x/y.png'></body></html>"
    )
    assert html_to_text(html) == "Halo Pak,\n\nbaris dua\nbaris tiga\n\n> kutipan"


def test_store_is_idempotent(mail_office):
    first, created = store(sample("vacation_id.eml"))
    again, created_again = store(sample("vacation_id.eml"))
    assert created and not created_again and first.pk == again.pk


def test_a_reply_quoted_below_an_attribution_is_trimmed_from_a_new_report():
    raw = (
        b"From: A <a@example.com>\nSubject: Re: jawaban dinas\nMessage-ID: <q@x>\n\n"
        b"Dinas belum menjawab keberatan saya.\n\nOn Mon, 3 Nov 2025, Dinas <d@go.id> wrote:\n"
        b"> Akan kami proses.\n> Salam\n"
    )
    mail = parse(raw)
    assert mail.body == "Dinas belum menjawab keberatan saya." and mail.title == "jawaban dinas"


# --- the receipt through a real SMTP server --------------------------------------------------
def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    from aiosmtpd.controller import Controller

    class Collect:
        def __init__(self):
            self.envelopes = []

        async def handle_DATA(self, server, session, envelope):
            self.envelopes.append(envelope)
            return "250 Message accepted for delivery"

    handler = Collect()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 10
    yield handler
    controller.stop()


def test_the_receipt_reaches_a_real_smtp_server_in_the_reporters_thread(
    smtp_server, ingest, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = case_of(ingest(sample("gmail_alternative.eml"))[0])
    [envelope] = smtp_server.envelopes
    assert envelope.rcpt_tos == [SITI] and envelope.mail_from == "aduan@ombudsman.go.id"
    message = email.message_from_bytes(envelope.content, policy=email.policy.default)
    assert message["To"] == SITI and message["In-Reply-To"] == f"<{SITI_ID}>"
    assert case.reference in message["Subject"] and case.access_code in message.get_content()


def test_an_unknown_charset_does_not_stop_the_message():
    raw = (
        b"From: A <a@example.com>\nSubject: Jalan rusak\nMessage-ID: <c@x>\n"
        b"Content-Type: text/plain; charset=x-unknown-8bit\n"
        b"Content-Transfer-Encoding: 8bit\n\nJalan rusak di depan kantor desa \xc3\xa9.\n"
    )
    assert parse(raw).body == "Jalan rusak di depan kantor desa é."


def test_the_worker_polls_the_mailbox_in_its_own_thread(monkeypatch):
    import threading

    from aduan.core.management.commands import worker

    stop, calls = threading.Event(), []

    def poll():
        calls.append(1)
        stop.set()
        return 1

    monkeypatch.setattr(imap, "poll_imap", poll)
    thread = threading.Thread(target=worker._poll_mail_forever, args=(0.01, stop))
    thread.start()
    thread.join(5)
    assert calls == [1] and not thread.is_alive()


@pytest.mark.parametrize(
    "tail",
    [
        "On Thu, 13 Nov 2025 at 10:00, Aduan <aduan@ombudsman.go.id> wrote:\n> Nomor laporan: X",
        "Pada Kam, 13 Nov 2025 pukul 10.00 Aduan <aduan@ombudsman.go.id>\nmenulis:\n\n> Nomor",
        "________________________________\nFrom: Aduan <aduan@ombudsman.go.id>\n"
        "Sent: Thursday, 13 November 2025 10:00\nSubject: Tanda terima\n\nNomor laporan: X",
        "-----Original Message-----\nFrom: Aduan\nNomor laporan: X",
    ],
)
def test_a_replys_own_words_are_cut_from_the_quoted_mail(tail):
    raw = f"From: S <s@example.com>\nSubject: Re: x\n\nIni tambahan saya.\n\n{tail}\n".encode()
    assert parse(raw).reply_body == "Ini tambahan saya."
