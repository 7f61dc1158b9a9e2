"""Demo step: the spike alerts the demo's reports would have raised over the last four months
(the detection run day by day, as the worker does), so the alert pages show real content."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from aduan.directory.models import Office
from aduan.stats.models import SpikeAlert
from aduan.stats.spikes import detect

DAYS = 120


def spike_alerts(result: Any, say: Callable[[str], None]) -> None:
    if SpikeAlert.objects.exists():
        say("Spike alerts: already there.")
        return
    today = timezone.localdate()
    for office in Office.objects.filter(active=True).exclude(kind=Office.Kind.PUSAT):
        for back in range(DAYS, 0, -1):
            detect(office=office, day=today - dt.timedelta(days=back))
    alerts = SpikeAlert.objects.count()
    result.add("spike alerts", alerts)
    say(f"Spike alerts: {alerts} raised over the last {DAYS} days")
