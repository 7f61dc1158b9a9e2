"""Allow "not applicable" (tidak relevan) on chosen indicators of the built-in 2013–2021
instrument (``seed.NOT_APPLICABLE_ALLOWED``). Stored results are not recomputed."""

from django.db import migrations


def allow(apps, schema_editor):  # noqa: ANN001, ANN201, ARG001
    from aduan.compliance.seed import allow_not_applicable

    allow_not_applicable(apps.get_model("compliance", "Indicator"))


def disallow(apps, schema_editor):  # noqa: ANN001, ANN201, ARG001
    from aduan.compliance.seed import allow_not_applicable

    allow_not_applicable(apps.get_model("compliance", "Indicator"), allowed=False)


class Migration(migrations.Migration):
    dependencies = [("compliance", "0003_not_applicable")]

    operations = [migrations.RunPython(allow, disallow)]
