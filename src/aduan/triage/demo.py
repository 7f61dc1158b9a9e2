"""Demo step: each demo office's triage models, trained from its decided demo reports as
``aduan triage train`` would, so the case pages show suggestions once the worker has triaged
the reports (and the triage page shows the models and their held-out figures)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aduan.directory.models import Office
from aduan.triage.models import TriageModel
from aduan.triage.store import MODEL_TARGETS, NotEnoughData, train_office


def triage_models(result: Any, say: Callable[[str], None]) -> None:
    if TriageModel.objects.exists():
        say("Triage models: already there.")
        return
    trained = []
    for office in Office.objects.filter(active=True).order_by("code"):
        for target in MODEL_TARGETS:
            try:
                model = train_office(office=office, target=target)
            except NotEnoughData:
                continue
            top1 = model.metrics.get("top1")
            trained.append(
                f"{office.code} {target} ({model.samples} cases"
                + (f", held-out top-1 {top1:.2f})" if isinstance(top1, float) else ")")
            )
    result.add("triage models", len(trained))
    say("Triage models: " + ("; ".join(trained) if trained else "none (too few decided reports)"))
