# ruff: noqa: F811  (the shared fixtures are imported from tests.triage._suggest_data)
"""Training an office's models from its decided cases, which model an office uses, stale and
broken files, and the weekly retraining claimed once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from aduan.core.models import AuditEvent
from aduan.triage import store
from aduan.triage.models import OfficeTriage, TrainingRun, TriageModel
from tests.triage._suggest_data import agencies, decided, triage_dir  # noqa: F401

pytestmark = pytest.mark.django_db


def test_training_rows_are_the_offices_decided_cases(decided, office, agencies, receive):
    decided(6)
    receive(title="Belum diverifikasi")  # still at intake: not a decision
    rows = store.training_rows(office, "agency")
    assert len(rows) == 6
    assert {label for _t, label in rows} == {str(agencies["pln"].pk), str(agencies["dukcapil"].pk)}
    assert {label for _t, label in store.training_rows(office, "form")} == {
        "penundaan-berlarut",
        "permintaan-imbalan",
    }
    assert {label for _t, label in store.training_rows(office, "channel")} == {
        "posko",
        "datang-langsung",
    }


def test_it_trains_a_versioned_model_with_held_out_figures(
    decided, office, triage_dir, head_of_office
):
    decided(40)
    model = store.train_office(office=office, target="agency", actor=head_of_office)
    assert (model.version, model.samples, model.classes, model.active) == (1, 40, 2, True)
    assert model.metrics["held_out"] == 8 and model.metrics["top1"] >= 0.75
    assert store.model_file(model) == triage_dir / "babel" / "agency-v1.joblib"
    assert store.model_file(model).is_file()
    second = store.train_office(office=office, target="agency", actor=head_of_office)
    assert second.version == 2
    assert list(TriageModel.objects.filter(active=True).values_list("version", flat=True)) == [2]
    events = AuditEvent.objects.filter(action="triage.model_trained")
    assert events.count() == 2


def test_too_few_decided_cases_say_how_many_more_are_needed(decided, office, triage_dir):
    decided(10)
    with pytest.raises(store.NotEnoughData, match="20 more decided cases are needed"):
        store.train_office(office=office, target="agency")
    assert not TriageModel.objects.exists()


def test_one_label_only_is_not_enough(decided, office, triage_dir, settings):
    settings.ADUAN_TRIAGE_MIN_EXAMPLES = 2
    cases = decided(4)
    from aduan.cases.models import Case

    Case.objects.filter(pk__in=[c.pk for c in cases]).update(agency=cases[0].agency)
    with pytest.raises(store.NotEnoughData, match="only 1 different value"):
        store.train_office(office=office, target="agency")


def test_an_office_never_uses_another_offices_model(decided, office, other_office, triage_dir):
    decided(40)
    model = store.train_office(office=office, target="agency")
    assert store.model_for(office, "agency")[0] == model
    assert store.model_for(other_office, "agency") is None


def test_a_shared_model_is_used_once_an_administrator_chooses_it(
    decided, office, other_office, triage_dir, django_user_model
):
    decided(40)
    model = store.train_office(office=office, target="agency")
    admin = django_user_model.objects.create_superuser("root", "root@example.com", "x-pass-123")
    store.choose_shared(office=other_office, target="agency", model=model, actor=admin)
    used, classifier = store.model_for(other_office, "agency")
    assert used == model and classifier.predict("listrik padam", explain=0)[0].label
    assert AuditEvent.objects.filter(action="triage.model_shared").count() == 1
    store.choose_shared(office=other_office, target="agency", model=None, actor=admin)
    assert store.model_for(other_office, "agency") is None


def test_only_a_national_administrator_chooses_a_shared_model(
    decided, office, other_office, triage_dir, head_of_office, administrator
):
    from aduan.cases.errors import NotAllowed

    decided(40)
    model = store.train_office(office=office, target="agency")
    for who in (head_of_office, administrator):  # an office's administrator is not national
        with pytest.raises(NotAllowed):
            store.choose_shared(office=other_office, target="agency", model=model, actor=who)
    assert not OfficeTriage.objects.exists()


def test_a_missing_or_altered_file_gives_no_model(decided, office, triage_dir, caplog):
    decided(40)
    model = store.train_office(office=office, target="agency")
    store.model_file(model).write_bytes(b"not a model")
    store.forget_loaded()
    assert store.model_for(office, "agency") is None
    assert "cannot be used" in caplog.text
    store.model_file(model).unlink()
    store.forget_loaded()
    assert store.model_for(office, "agency") is None
    assert not store.usable(model)


@pytest.mark.clock
def test_a_model_is_stale_when_old_or_outgrown(decided, office, triage_dir):
    decided(40)
    model = store.train_office(office=office, target="agency")
    assert not store.is_stale(model, decided_now=40)
    assert store.is_stale(model, decided_now=50)  # 25% more decided cases
    later = timezone.now() + dt.timedelta(days=31)
    assert store.is_stale(model, decided_now=40, now=later)


@pytest.mark.clock
def test_the_weekly_retraining_claims_each_office_once(decided, office, other_office, triage_dir):
    decided(40)
    now = timezone.now()
    first = store.retrain_due(now)
    assert sorted(first["babel"]) == ["agency", "channel", "form", "substance"]
    assert first["sulsel"] == []  # not enough decided cases: nothing, no error
    assert store.retrain_due(now) == {}  # claimed for this week: a second worker does nothing
    assert TrainingRun.objects.count() == 3  # the two offices and the central office
    next_week = now + dt.timedelta(days=7)
    assert store.retrain_due(next_week)["babel"] == []  # nothing new decided: kept
    assert TriageModel.objects.filter(office=office, target="agency").count() == 1
