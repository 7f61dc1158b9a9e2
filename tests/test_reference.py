"""Reference lists are present right after migrate, and an administrator's changes survive."""

from __future__ import annotations

import pytest

from aduan.reference.models import (
    REFERENCE_MODELS,
    Channel,
    IntakeType,
    MaladministrationForm,
    RejectionReason,
    Substance,
)
from aduan.reference.seed import SEED, load_reference

pytestmark = pytest.mark.django_db


def test_every_list_is_present_after_migrate():
    for model in REFERENCE_MODELS:
        assert model.objects.count() == len(SEED[model.__name__]), model.__name__


def test_knl_and_tembusan_do_not_count_as_reports():
    assert set(
        IntakeType.objects.filter(counts_as_report=False).values_list("code", flat=True)
    ) == {"knl", "tembusan"}
    assert set(IntakeType.objects.filter(counts_as_report=True).values_list("code", flat=True)) == {
        "lm",
        "rco",
        "iaps",
    }


def test_the_seven_rejection_reasons_cite_ps36_1_a_to_g():
    bases = list(RejectionReason.objects.order_by("order").values_list("legal_basis", flat=True))
    assert [b[-1] for b in bases] == list("abcdefg")
    assert all("Ps.36(1)" in b for b in bases)


def test_the_channels_include_the_field_channels():
    codes = set(Channel.objects.values_list("code", flat=True))
    assert {"on-the-spot", "posko", "nampel", "kotak-pengaduan", "whatsapp", "api"} <= codes


def test_neglect_of_a_legal_duty_is_used_from_2025():
    form = MaladministrationForm.objects.get(code="kelalaian-kewajiban-hukum")
    assert form.valid_from_year == 2025


def test_loading_again_adds_what_is_missing_and_keeps_an_administrators_edit():
    Substance.objects.filter(code="kesehatan").update(name="Kesehatan dan BPJS")
    Channel.objects.filter(code="sms").delete()
    created = load_reference()
    assert created["Channel"] == 1
    assert sum(created.values()) == 1
    assert Substance.objects.get(code="kesehatan").name == "Kesehatan dan BPJS"


def test_an_administrator_can_add_an_item():
    Substance.objects.create(code="pariwisata", name="Pariwisata", name_en="Tourism")
    assert Substance.objects.active().filter(code="pariwisata").exists()


def test_the_label_follows_the_language():
    from django.utils import translation

    item = Substance.objects.get(code="energi-kelistrikan")
    with translation.override("id"):
        assert item.label == "Energi dan Kelistrikan"
    with translation.override("en"):
        assert item.label == "Energy and electricity"
