"""The demo office's examiner assigned to the city hospital for three months: two visits (one
with findings addressed to the hospital), one monitoring report accepted. A second run adds
nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from aduan.assignments import services
from aduan.assignments.models import Assignment
from aduan.deadlines.workdays import local_date
from aduan.demo.data import OFFICE_CODE
from aduan.directory.models import Agency, Office, User


def build(result: Any, say: Any) -> None:
    office = Office.objects.filter(code=OFFICE_CODE).first()
    staff = User.objects.filter(username="pemeriksa", office=office).first()
    head = User.objects.filter(username="kepala-pemeriksaan", office=office).first()
    agency = Agency.objects.filter(name="RSUD Depati Hamzah").first()
    if None in (office, staff, head, agency):
        say("Assignments: the demo office, its staff or the hospital is missing; skipped.")
        return
    if Assignment.objects.filter(office=office).exists():
        return
    today = local_date(timezone.now(), office)
    start = today - dt.timedelta(days=40)
    assignment = services.assignment_propose(
        office=office,
        actor=staff,
        staff=staff,
        agency=agency,
        start_date=start,
        end_date=start + dt.timedelta(days=90),
        purpose="Mengamati pelayanan pendaftaran dan rawat jalan dari dekat.",
        plan="Kunjungan dua pekan sekali ke loket pendaftaran, poliklinik dan farmasi.",
    )
    assignment = services.assignment_approve(assignment=assignment, actor=head)
    services.visit_log(
        assignment=assignment,
        actor=staff,
        visited_on=start + dt.timedelta(days=5),
        place="Loket pendaftaran rawat jalan",
        findings="Antrean tanpa nomor; standar waktu layanan tidak dipajang.",
        for_agency=True,
    )
    services.visit_log(
        assignment=assignment,
        actor=staff,
        visited_on=start + dt.timedelta(days=19),
        place="Instalasi farmasi",
        findings="Nomor antrean sudah dipakai; waktu tunggu obat sekitar 40 menit.",
    )
    report = services.report_submit(
        assignment=assignment,
        actor=staff,
        period_start=start,
        period_end=start + dt.timedelta(days=30),
        text="Dua kunjungan; antrean pendaftaran membaik setelah temuan disampaikan.",
    )
    services.report_review(report=report, actor=head, accept=True)
    result.add("assignments", 1)
    say("Assignments: 1 assignment, 2 visits, 1 monitoring report")
