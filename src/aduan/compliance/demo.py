"""Demo step: compliance assessment in the Bangka Belitung office. A 2021 campaign with the
service-standard instrument and a 2023 campaign with the four-dimension instrument, made through
the services: approved results in all three zones, one unit in progress, one sent back, one
only scheduled, and a results letter delivered. Idempotent: a campaign already there is left as
it is, so a second run adds nothing."""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from aduan.directory.models import Agency, Office, User

OFFICE = "babel"
HEAD = "kepala"  # creates campaigns and reviews
ASSESSOR = "pencegahan"  # the prevention assistant assesses
# A real 1×1 PNG, as the photo of a maklumat pelayanan.
PHOTO = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)

# (instrument code, year, title, [(unit, month, day, outcome, how it was answered)])
# outcome: approved, submitted, returned, in_progress, scheduled.
# answers: (scale points, yes/no) for every indicator, or ("count", n) for the first n yes.
CAMPAIGNS: list[tuple[str, int, str, list[tuple[str, int, int, str, tuple]]]] = [
    (
        "standar-pelayanan",
        2021,
        "Penilaian Kepatuhan Standar Pelayanan Publik",
        [
            ("RSUD Depati Hamzah", 7, 12, "approved", ("count", 20)),
            (
                "Dinas Kependudukan dan Pencatatan Sipil Kota Pangkalpinang",
                7,
                14,
                "approved",
                ("count", 16),
            ),
            ("UPTD Samsat Pangkalpinang", 7, 20, "approved", ("count", 10)),
        ],
    ),
    (
        "kepatuhan-4-dimensi",
        2023,
        "Penilaian Kepatuhan Penyelenggaraan Pelayanan Publik",
        [
            ("RSUD Depati Hamzah", 6, 5, "approved", (4, True)),
            (
                "Dinas Kependudukan dan Pencatatan Sipil Kota Pangkalpinang",
                6,
                7,
                "approved",
                (3, True),
            ),
            ("UPTD Samsat Pangkalpinang", 6, 12, "approved", (2, True)),
            (
                "Dinas Pekerjaan Umum dan Penataan Ruang Kota Pangkalpinang",
                6,
                14,
                "approved",
                (2, False),
            ),
            ("RSUD Depati Bahrin", 6, 19, "approved", (1, False)),
            (
                "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Bangka",
                6,
                21,
                "returned",
                (3, True),
            ),
            ("Dinas Penanaman Modal dan PTSP Kabupaten Bangka", 6, 26, "in_progress", (3, True)),
            ("SMA Negeri 1 Pangkalpinang", 7, 3, "scheduled", (0, False)),
        ],
    ),
]
DELIVERY = (
    "kepatuhan-4-dimensi",
    "Pemerintah Kota Pangkalpinang",
    "Ahmad Fauzi",  # invented
    "Wali Kota Pangkalpinang",
    dt.date(2023, 12, 5),
)


def _answers(instrument: Any, how: tuple, *, partial: bool = False) -> tuple[dict, dict]:
    from aduan.compliance.models import Indicator

    answers: dict[int, tuple[int | None, str]] = {}
    files: dict[int, list] = {}
    yes_seen = 0
    indicators = list(Indicator.objects.filter(dimension__instrument=instrument))
    if partial:
        indicators = indicators[: len(indicators) // 2]
    for indicator in indicators:
        if how[0] == "count":
            value = 1 if yes_seen < how[1] else 0
            yes_seen += 1
        elif indicator.kind == Indicator.Kind.SCALE:
            value = how[0]
        else:
            value = int(how[1])
        answers[indicator.pk] = (value, "")
        if indicator.evidence_required and value:
            files[indicator.pk] = [
                SimpleUploadedFile("foto-maklumat.png", PHOTO, content_type="image/png")
            ]
    return answers, files


def build(result: Any, say: Callable[[str], None]) -> None:
    from aduan.compliance import selectors, services
    from aduan.compliance.models import Campaign, Instrument

    office = Office.objects.filter(code=OFFICE).first()
    head = User.objects.filter(username=HEAD).first()
    assessor = User.objects.filter(username=ASSESSOR).first()
    if office is None or head is None or assessor is None:
        say("Compliance assessment: the demo office or its staff are missing; skipped.")
        return
    made = 0
    for code, year, title, units in CAMPAIGNS:
        if Campaign.objects.filter(office=office, year=year, title=title).exists():
            continue
        instrument = Instrument.objects.filter(code=code).order_by("version").first()
        if instrument is None:
            continue
        campaign = services.campaign_create(
            office=office, year=year, title=title, instrument=instrument, actor=head
        )
        made += 1
        for name, month, day, outcome, how in units:
            agency = Agency.objects.filter(name=name).first()
            if agency is None:
                continue
            assessment = services.assessment_schedule(
                campaign=campaign,
                agency=agency,
                assessor=assessor,
                scheduled_on=dt.date(year, month, day),
                actor=head,
            )
            result.add("compliance assessments", 1)
            if outcome == "scheduled":
                continue
            answers, files = _answers(instrument, how, partial=outcome == "in_progress")
            services.assessment_record(
                assessment=assessment, actor=assessor, answers=answers, files=files
            )
            if outcome == "in_progress":
                continue
            services.assessment_submit(assessment=assessment, actor=assessor)
            if outcome == "approved":
                services.assessment_approve(assessment=assessment, actor=head)
            elif outcome == "returned":
                services.assessment_return(
                    assessment=assessment,
                    actor=head,
                    reason="Foto maklumat pelayanan tidak terbaca; mohon difoto ulang.",
                )
    result.add("compliance campaigns", made)
    code, agency_name, recipient, position, delivered_on = DELIVERY
    campaign = Campaign.objects.filter(office=office, instrument__code=code).first()
    agency = Agency.objects.filter(name=agency_name).first()
    if (
        campaign
        and agency
        and not campaign.deliveries.filter(agency=agency).exists()
        and selectors.approved_under(campaign, agency)
    ):
        services.delivery_record(
            campaign=campaign,
            agency=agency,
            recipient_name=recipient,
            recipient_position=position,
            delivered_on=delivered_on,
            actor=head,
        )
        result.add("compliance results letters", 1)
    say(
        f"Compliance assessment: {Campaign.objects.filter(office=office).count()} campaigns"
        + (f" ({made} new)" if made else "")
    )
