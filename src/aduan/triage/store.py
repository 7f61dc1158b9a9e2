"""Trained models of an office: training from its decided cases, the versioned files, which
model an office uses, and whether it is stale.

An office uses its own active model for a target; without one, the shared model an
administrator chose for it (``OfficeTriage``); never another office's model otherwise. A file
that is missing, altered or unreadable gives no model (logged; the case page says so), never an
error on a page or at intake."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from aduan.core import audit
from aduan.core.errors import DomainError
from aduan.triage import classifier as clf
from aduan.triage import local
from aduan.triage.models import OfficeTriage, Target, TriageModel

log = logging.getLogger(__name__)

# The targets a trained model suggests (the region is read from the text by a gazetteer).
MODEL_TARGETS = (Target.AGENCY, Target.SUBSTANCE, Target.FORM, Target.CHANNEL)
# Channels the system knows for certain (the report came in through them): never suggested,
# and not what a channel model learns from.
CERTAIN_CHANNELS = frozenset(
    {"web", "api", "email", "sms", "whatsapp", "limpahan", "prakarsa-sendiri"}
)
# States before staff have decided the case's fields (formal and material verification).
UNDECIDED_STATES = frozenset({"diterima", "menunggu_kelengkapan", "verifikasi_materiil"})


class NotEnoughData(DomainError):
    """Too few decided cases (or labels) to train a model for an office."""


def triage_dir() -> Path:
    """Where model files live: ``ADUAN_TRIAGE_DIR`` (default ``ADUAN_DATA_DIR/triage``)."""
    configured = getattr(settings, "ADUAN_TRIAGE_DIR", None)
    return Path(configured) if configured else Path(settings.DATA_DIR) / "triage"


def model_file(model: TriageModel) -> Path:
    path = Path(model.path)
    return path if path.is_absolute() else triage_dir() / path


def min_examples() -> int:
    return int(getattr(settings, "ADUAN_TRIAGE_MIN_EXAMPLES", 30))


def min_labels() -> int:
    return int(getattr(settings, "ADUAN_TRIAGE_MIN_LABELS", 2))


def stale_days() -> int:
    return int(getattr(settings, "ADUAN_TRIAGE_STALE_DAYS", 30))


# --- training data


def decided_cases(office: Any) -> Any:
    """The office's cases past verification: their agency, substance and forms were decided by
    staff (registered or later, waiting for the registration decision, or closed)."""
    from aduan.cases.models import Case

    return Case.objects.filter(office=office).exclude(state__in=UNDECIDED_STATES)


def case_text(case: Any) -> str:
    """What a suggestion reads: the summary and the chronology."""
    return f"{case.title or ''}\n{case.chronology or ''}".strip()


def training_rows(office: Any, target: str) -> list[tuple[str, str]]:
    """(text, label) of the office's decided cases whose ``target`` field is set, oldest
    first. Labels: the agency's id, the substance's code, the first maladministration form's
    code, the channel's code (staff-entered channels only)."""
    cases = decided_cases(office).order_by("received_at", "pk")
    if target == Target.AGENCY:
        rows = cases.filter(agency__isnull=False).values_list("title", "chronology", "agency_id")
    elif target == Target.SUBSTANCE:
        rows = cases.filter(substance__isnull=False).values_list(
            "title", "chronology", "substance__code"
        )
    elif target == Target.CHANNEL:
        rows = cases.exclude(channel__code__in=CERTAIN_CHANNELS).values_list(
            "title", "chronology", "channel__code"
        )
    elif target == Target.FORM:
        from aduan.cases.models import Case

        through = Case.maladministration_forms.through
        first: dict[int, str] = {}
        for case_id, code in (
            through.objects.filter(case__in=cases)
            .order_by("case_id", "maladministrationform__order", "maladministrationform__name")
            .values_list("case_id", "maladministrationform__code")
        ):
            first.setdefault(case_id, code)
        rows = [
            (title, chronology, first[pk])
            for pk, title, chronology in cases.filter(pk__in=list(first)).values_list(
                "pk", "title", "chronology"
            )
        ]
    else:
        raise ValueError(f"No model suggests {target!r}.")
    return [
        (f"{title or ''}\n{chronology or ''}".strip(), str(label))
        for title, chronology, label in rows
    ]


# --- training


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _check_enough(rows: list[tuple[str, str]], target: str) -> None:
    needed, labels = min_examples(), {label for _text, label in rows}
    if len(rows) < needed:
        missing = needed - len(rows)
        raise NotEnoughData(
            ngettext(
                "Not enough decided cases to train the %(target)s model: %(have)s of "
                "%(need)s; %(missing)s more decided case is needed.",
                "Not enough decided cases to train the %(target)s model: %(have)s of "
                "%(need)s; %(missing)s more decided cases are needed.",
                missing,
            )
            % {
                "target": Target(target).label,
                "have": len(rows),
                "need": needed,
                "missing": missing,
            }
        )
    if len(labels) < min_labels():
        raise NotEnoughData(
            _(
                "The decided cases give only %(count)s different value for the %(target)s; "
                "a model needs at least %(need)s."
            )
            % {"count": len(labels), "target": Target(target).label, "need": min_labels()}
        )


def training_places(office: Any) -> list[str | None]:
    """The place of the event (a region code, or None) of each row of
    ``training_rows(office, "agency")``, in the same order."""
    cases = decided_cases(office).order_by("received_at", "pk")
    return list(cases.filter(agency__isnull=False).values_list("event_region_id", flat=True))


def fit(
    rows: list[tuple[str, str]], places: list[str | None] | None = None, *, source: str = ""
) -> clf.Classifier:
    """A classifier of ``rows``; with ``places`` (an agency model), agencies bound to a place
    are learnt by kind (``triage.local``) and the model keeps them in ``meta["local"]``."""
    texts, labels = [t for t, _l in rows], [label for _t, label in rows]
    groups = local.find_groups(labels, places) if places is not None else {}
    if groups and len(set(local.relabel(labels, groups))) < 2:
        groups = {}
    model = clf.train(texts, local.relabel(labels, groups) if groups else labels, source=source)
    if groups:
        model.meta["local"] = groups
        model.meta["method"] = model.meta.get("method", clf.METHOD) + "+local"
    return model


def top_k(model: clf.Classifier, text: str, k: int, places: list[str | None]) -> list[Any]:
    """The top ``k`` of ``text``: a place-bound class named from ``places`` (most trusted
    first)."""
    groups = model.meta.get("local")
    if not groups:
        return model.predict(text, k=k, explain=0)
    found = model.predict(text, k=k + 2, explain=0)
    return local.resolve(found, groups, places)[:k]


def evaluate_holdout(
    rows: list[tuple[str, str]], places: list[str | None] | None = None
) -> dict[str, Any]:
    """Top-1 and top-3 on the newest 20% of ``rows`` (oldest first), trained on the rest (an
    agency model: with each row's place, ``places``)."""
    cut = int(len(rows) * 0.8)
    train, held = rows[:cut], rows[cut:]
    if not held or len({label for _t, label in train}) < 2:
        return {"held_out": 0}
    model = fit(train, places[:cut] if places is not None else None)
    if not model.meta.get("local"):
        top1, top3 = clf.top_k_accuracy(
            model, [t for t, _l in held], [label for _t, label in held], k=3
        )
    else:
        hits1 = hits3 = 0
        for i, (text, label) in enumerate(held):
            got = [p.label for p in top_k(model, text, 3, [places[cut + i]])]
            hits1 += got[:1] == [label]
            hits3 += label in got
        top1, top3 = hits1 / len(held), hits3 / len(held)
    figures = {"held_out": len(held), "top1": round(top1, 4), "top3": round(top3, 4)}
    if model.meta.get("local"):
        figures["local_kinds"] = len(model.meta["local"])
    return figures


def train_office(*, office: Any, target: str, actor: Any = None) -> TriageModel:
    """Train the next version of ``office``'s model for ``target`` from its decided cases:
    figures on the newest 20% held out, then the final model on all of them. The new version
    is in use at once; the previous one is kept (inactive). Raises NotEnoughData."""
    from aduan.directory.models import Office

    if target not in MODEL_TARGETS:
        raise NotEnoughData(_("The region is read from the text; it has no model to train."))
    rows = training_rows(office, target)
    _check_enough(rows, target)
    places = training_places(office) if target == Target.AGENCY else None
    metrics = evaluate_holdout(rows, places)
    trained = fit(rows, places, source=f"office:{office.code}")
    metrics["decided_cases"] = decided_cases(office).count()
    with transaction.atomic():
        Office.objects.select_for_update(no_key=True).filter(
            pk=office.pk
        ).first()  # one trainer at a time
        last = TriageModel.objects.filter(office=office, target=target).aggregate(
            last=Max("version")
        )["last"]
        version = (last or 0) + 1
        relative = Path(office.code) / f"{target}-v{version}.joblib"
        path = triage_dir() / relative
        trained.save(path)
        TriageModel.objects.filter(office=office, target=target, active=True).update(active=False)
        model = TriageModel.objects.create(
            office=office,
            target=target,
            version=version,
            method=trained.meta.get("method", clf.METHOD),
            path=str(relative),
            sha256=_sha256(path),
            source=f"office:{office.code}",
            samples=len(rows),
            classes=len(trained.labels),
            metrics=metrics,
            active=True,
            trained_by=actor if getattr(actor, "pk", None) else None,
        )
        audit.record(
            "triage.model_trained",
            actor=actor if getattr(actor, "pk", None) else None,
            actor_label="" if getattr(actor, "pk", None) else "worker",
            target=model,
            office=office,
            new={
                "target": target,
                "version": version,
                "samples": len(rows),
                "classes": len(trained.labels),
                **{k: v for k, v in metrics.items() if k in {"top1", "top3", "held_out"}},
            },
        )
    return model


# --- which model an office uses


def may_choose_shared(user: Any) -> bool:
    """A national administrator: a superuser, or an administrator of the central office."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    from aduan.directory.models import Office, User

    office = getattr(user, "office", None)
    return user.role == User.Role.ADMINISTRATOR and getattr(office, "kind", "") == (
        Office.Kind.PUSAT
    )


def shareable_models(target: str) -> Any:
    """The models an administrator may choose as shared for ``target``: every active one."""
    return TriageModel.objects.filter(target=target, active=True).select_related("office")


def choose_shared(
    *, office: Any, target: str, model: TriageModel | None, actor: Any
) -> OfficeTriage | None:
    """An administrator chooses (or, with ``model=None``, withdraws) the shared model
    ``office`` uses for ``target`` while it has no model of its own."""
    from aduan.cases.errors import NotAllowed

    if not may_choose_shared(actor):
        raise NotAllowed(_("Only a national administrator chooses a shared model."))
    if model is not None and (model.target != target or not model.active):
        raise DomainError(_("Choose an active model that suggests the same field."))
    with transaction.atomic():
        current = OfficeTriage.objects.select_for_update().filter(office=office, target=target)
        before = current.values_list("shared_model_id", flat=True).first()
        if model is None:
            current.delete()
            choice = None
        else:
            choice, _created = OfficeTriage.objects.update_or_create(
                office=office,
                target=target,
                defaults={"shared_model": model, "chosen_by": actor},
            )
        audit.record(
            "triage.model_shared",
            actor=actor,
            target=office,
            office=office,
            old={"target": target, "model": before},
            new={"target": target, "model": getattr(model, "pk", None)},
        )
    return choice


def models_in_use(office: Any) -> dict[str, tuple[TriageModel, bool]]:
    """``{target: (model, shared)}`` for the targets ``office`` has a model for: its own active
    model, else the shared one an administrator chose for it. One query."""
    from django.db.models import Q

    chosen = OfficeTriage.objects.filter(office=office).values("shared_model_id")
    own: dict[str, TriageModel] = {}
    shared: dict[str, TriageModel] = {}
    for model in TriageModel.objects.filter(
        Q(office=office, active=True) | Q(pk__in=chosen, active=True)
    ).order_by("version", "pk"):
        if model.office_id == getattr(office, "pk", office):
            own[model.target] = model
        else:
            shared[model.target] = model
    found = {target: (model, True) for target, model in shared.items()}
    found.update({target: (model, False) for target, model in own.items()})
    return found


_CACHE: dict[tuple[int, str], clf.Classifier] = {}
_BROKEN: dict[tuple[int, str], str] = {}
_LOCK = threading.Lock()


def load(model: TriageModel) -> clf.Classifier | None:
    """The classifier of ``model``, kept per process (keyed by id and checksum); None, with a
    warning in the log, when its file is missing, altered or unreadable."""
    key = (model.pk, model.sha256)
    with _LOCK:
        if key in _CACHE:
            return _CACHE[key]
        if key in _BROKEN:
            return None
    path = model_file(model)
    try:
        if _sha256(path) != model.sha256:
            raise ValueError("the file's checksum does not match the one recorded")
        classifier = clf.Classifier.load(path)
    except Exception as exc:  # missing, altered, unreadable: no suggestions, never an error
        log.warning("triage model %s (%s) cannot be used: %s", model.pk, path, exc)
        with _LOCK:
            _BROKEN[key] = str(exc)
        return None
    with _LOCK:
        _CACHE[key] = classifier
    return classifier


def forget_loaded() -> None:
    """Drop the loaded classifiers (tests; a process that replaced files)."""
    with _LOCK:
        _CACHE.clear()
        _BROKEN.clear()


def usable(model: TriageModel) -> bool:
    """False if the file is known broken in this process, or is missing."""
    key = (model.pk, model.sha256)
    if key in _CACHE:
        return True
    if key in _BROKEN:
        return False
    return model_file(model).is_file()


def model_for(office: Any, target: str) -> tuple[TriageModel, clf.Classifier] | None:
    """The model ``office`` uses for ``target`` and its classifier, or None: no model of its
    own and none shared with it, or a file that cannot be used."""
    found = models_in_use(office).get(target)
    if found is None:
        return None
    model, _shared = found
    classifier = load(model)
    return (model, classifier) if classifier is not None else None


def is_stale(model: TriageModel, *, decided_now: int | None = None, now: Any = None) -> bool:
    """Older than ``ADUAN_TRIAGE_STALE_DAYS``, or (own models) the office has decided at least
    25% more cases than when it was trained."""
    now = now or timezone.now()
    if now - model.trained_at > dt.timedelta(days=stale_days()):
        return True
    if decided_now is not None and model.office_id is not None:
        base = int((model.metrics or {}).get("decided_cases") or model.samples or 0)
        if base and decided_now >= base * 1.25:
            return True
    return False


# --- the schedule


def retrain_days() -> int:
    return int(getattr(settings, "ADUAN_TRIAGE_RETRAIN_DAYS", 7))


def retrain_period(now: dt.datetime) -> int:
    """The number of the retraining period ``now`` falls in (days since 2000-01-03, a Monday,
    divided by ``ADUAN_TRIAGE_RETRAIN_DAYS``): weekly by default."""
    return (now.date() - dt.date(2000, 1, 3)).days // max(retrain_days(), 1)


def retrain_due(
    now: dt.datetime | None = None, *, targets: Iterable[str] = MODEL_TARGETS
) -> dict[str, list[str]]:
    """The scheduled retraining: once per office and period (claimed by a ``TrainingRun`` row,
    unique, so several workers never train the same office twice), each target whose office
    decided cases since its model was trained. Returns ``{office code: [targets trained]}``.
    Safe to call every few minutes."""
    from django.db import IntegrityError

    from aduan.directory.models import Office
    from aduan.triage.models import TrainingRun

    now = now or timezone.now()
    period = retrain_period(now)
    done = set(TrainingRun.objects.filter(period=period).values_list("office_id", flat=True))
    trained: dict[str, list[str]] = {}
    for office in Office.objects.filter(active=True).exclude(pk__in=done).order_by("code"):
        try:
            with transaction.atomic():
                TrainingRun.objects.create(office=office, period=period)
        except IntegrityError:
            continue  # another worker has this office and period
        decided = decided_cases(office).count()
        own = {m.target: m for m in TriageModel.objects.filter(office=office, active=True)}
        names: list[str] = []
        for target in targets:
            model = own.get(target)
            if model is not None and (model.metrics or {}).get("decided_cases") == decided:
                continue  # nothing new to learn from
            try:
                train_office(office=office, target=target)
            except NotEnoughData:
                continue
            except Exception:  # one target failing does not stop the others
                log.exception("training the %s model of office %s failed", target, office.code)
                continue
            names.append(target)
        TrainingRun.objects.filter(office=office, period=period).update(
            trained=",".join(names), finished_at=timezone.now()
        )
        trained[office.code] = names
    return trained
