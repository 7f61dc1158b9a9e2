import django.db.models.deletion
from django.db import migrations, models


def seed(apps, schema_editor):
    from aduan.deadlines.seed_delivery import load_extra_rules

    load_extra_rules(apps)


def unseed(apps, schema_editor):
    rule = apps.get_model("deadlines", "DeadlineRule")
    rule.objects.filter(code="penyampaian-lhp", deadlines__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("deadlines", "0010_rules_kinds"),
        ("directory", "0004_office_receipt_presumption"),
    ]

    operations = [
        migrations.AddField(
            model_name="delivery",
            name="agency",
            field=models.ForeignKey(
                blank=True,
                help_text="The agency whose liaison opening it in the portal is the receipt.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="directory.agency",
                verbose_name="agency addressed",
            ),
        ),
        migrations.RunPython(seed, unseed),
    ]
