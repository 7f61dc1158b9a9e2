"""Seed the two built-in instruments (2013–2021 service standards; 2022–2024 four dimensions)."""

from django.db import migrations


def seed(apps, schema_editor):  # noqa: ANN001, ANN201, ARG001
    from aduan.compliance.seed import seed_instruments

    seed_instruments(
        apps.get_model("compliance", "Instrument"),
        apps.get_model("compliance", "Dimension"),
        apps.get_model("compliance", "Indicator"),
        apps.get_model("compliance", "Band"),
    )


class Migration(migrations.Migration):
    dependencies = [("compliance", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
