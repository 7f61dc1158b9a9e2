"""The demo office's targets and work programme: this quarter's and this year's targets (their
realisation comes from the demo's own reports and activities) and the programme of this
quarter and the next. A second run adds nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from aduan.deadlines.workdays import local_date
from aduan.demo.data import OFFICE_CODE
from aduan.directory.models import Office, Unit, User
from aduan.plans import services
from aduan.plans.models import Target, WorkItem
from aduan.plans.selectors import next_quarter

# metric, unit code (None: the office), activity kind, target, whole year?
TARGETS = [
    ("laporan-diterima", "pvl", "", 150, False),
    ("laporan-selesai", "pemeriksaan", "", 40, False),
    ("tingkat-penyelesaian", "pemeriksaan", "", 70, False),
    ("kegiatan", "pencegahan", "ots", 2, False),
    ("kegiatan", "pencegahan", "", 24, True),
    ("penilaian-kepatuhan", None, "", 10, True),
]
# title, unit code, owner, days from the quarter's start to the due date, status
ITEMS = [
    (
        "Klinik pengaduan bagi unit layanan Kabupaten Bangka",
        "pencegahan",
        "pencegahan",
        40,
        "berjalan",
    ),
    (
        "Evaluasi laporan yang melewati tenggat klarifikasi",
        "pemeriksaan",
        "kepala-pemeriksaan",
        60,
        "rencana",
    ),
    ("Sosialisasi kanal WhatsApp pengaduan", "pvl", "pvl", 20, "selesai"),
]
NEXT_ITEMS = [
    ("Aktivasi kanal media sosial dalam percepatan penanganan pengaduan", "pvl", "pvl", 30),
    ("Penyusunan pedoman pelayanan pengaduan", None, "kepala", 75),
    ("On The Spot di pelabuhan Pangkalbalam", "pencegahan", "pencegahan", 45),
]


def _quarter_start(year: int, quarter: int) -> dt.date:
    return dt.date(year, 3 * (quarter - 1) + 1, 1)


def build(result: Any, say: Any) -> None:
    office = Office.objects.filter(code=OFFICE_CODE).first()
    head = User.objects.filter(username="kepala", office=office).first()
    if office is None or head is None:
        say("Targets: the demo office or its head is missing; skipped.")
        return
    if Target.objects.filter(office=office).exists():
        return
    today = local_date(timezone.now(), office)
    quarter = (today.month - 1) // 3 + 1
    units = {unit.code: unit for unit in Unit.objects.filter(office=office)}
    staff = {user.username: user for user in User.objects.filter(office=office)}
    for metric, unit, kind, value, whole_year in TARGETS:
        services.target_set(
            office=office,
            actor=head,
            year=today.year,
            quarter=None if whole_year else quarter,
            unit=units.get(unit) if unit else None,
            metric=metric,
            activity_kind=kind,
            value=value,
        )
        result.add("targets", 1)
    for (year, q), plan in (
        ((today.year, quarter), [(*row[:4], row[4]) for row in ITEMS]),
        (next_quarter(today.year, quarter), [(*row, "rencana") for row in NEXT_ITEMS]),
    ):
        start = _quarter_start(year, q)
        for title, unit, owner, days, status in plan:
            item = services.item_create(
                office=office,
                actor=head,
                year=year,
                quarter=q,
                unit=units.get(unit) if unit else None,
                fields={
                    "title": title,
                    "owner": staff.get(owner),
                    "due_date": start + dt.timedelta(days=days),
                },
            )
            if status != WorkItem.Status.PLANNED:
                services.item_set_status(
                    item=item,
                    actor=head,
                    status=status,
                    outcome="Terlaksana sesuai rencana." if status == "selesai" else "",
                    on=min(today, start + dt.timedelta(days=days)),
                )
            result.add("work-programme items", 1)
    say(f"Targets: {len(TARGETS)} targets, {len(ITEMS) + len(NEXT_ITEMS)} programme items")
