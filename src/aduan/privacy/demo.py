"""The demo's personal-data work: the head of office's answered access request (with its
export), a correction request just received, and a breach whose notices were given. The PVL
assistant is the office's data protection officer. Idempotent: kept when already there."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from aduan.cases.models import Reporter
from aduan.demo import data
from aduan.demo.cases import recent_past
from aduan.directory.models import Office, User
from aduan.privacy import services as sv
from aduan.privacy.models import DataRequest


def build(result: Any, say: Any) -> None:
    office = Office.objects.get(code=data.OFFICE_CODE)
    if DataRequest.objects.filter(office=office).exists():
        return
    # Recorded in the demo's recent past, like every other demo event.
    with recent_past():
        _build(office, result, say)


def _build(office: Office, result: Any, say: Any) -> None:
    head = User.objects.get(username="kepala")
    User.objects.filter(username="pvl", office=office).update(is_dpo=True)
    reporters = list(
        Reporter.objects.filter(case__office=office, anonymised_at__isnull=True)
        .exclude(phone="")
        .order_by("case__received_at", "pk")[:2]
    )
    now = timezone.now()
    answered = sv.data_request_receive(
        office=office,
        actor=head,
        kind=DataRequest.Kind.ACCESS,
        channel=DataRequest.Channel.EMAIL,
        requester_name=reporters[0].name if reporters else "Pemohon",
        details="Mohon salinan seluruh data pribadi saya yang tersimpan.",
        received_at=now - dt.timedelta(days=1, hours=3),
        reporters=reporters[:1],
    )
    sv.data_request_verify(
        request=answered,
        actor=head,
        method=DataRequest.Verification.TRACKING_CODE,
        note="Nomor laporan dan kode lacak cocok.",
    )
    sv.data_request_answer(
        request=answered, actor=head, answer="Ekspor PDF dikirim ke alamat e-mail pelapor."
    )
    sv.data_request_receive(
        office=office,
        actor=head,
        kind=DataRequest.Kind.CORRECTION,
        channel=DataRequest.Channel.DESK,
        requester_name=reporters[-1].name if reporters else "Pemohon",
        details="Nomor telepon saya sudah berganti.",
        received_at=now - dt.timedelta(hours=5),
        reporters=reporters[-1:],
    )
    breach = sv.breach_record(
        office=office,
        actor=head,
        discovered_at=now - dt.timedelta(days=2),
        description=(
            "Surel berisi lampiran daftar pelapor (nama dan nomor telepon) terkirim ke alamat "
            "yang salah."
        ),
        categories=["identitas", "kontak"],
        subjects_affected=14,
        measures="Penerima diminta menghapus surel; pengiriman lampiran kini lewat tautan.",
    )
    sv.breach_notify_subjects(
        breach=breach,
        actor=head,
        notice="Surat elektronik kepada 14 pelapor yang terdampak.",
        at=now - dt.timedelta(days=1, hours=20),
    )
    sv.breach_notify_authority(
        breach=breach,
        actor=head,
        notice="Surat kepada lembaga pelindungan data pribadi.",
        at=now - dt.timedelta(days=1, hours=18),
    )
    result.add("personal-data requests", 2)
    result.add("breaches", 1)
    say("Personal data: 2 requests, 1 breach")
