from django.db import migrations


def seed(apps, schema_editor):
    from aduan.privacy.seed import load_rules

    load_rules(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0001_initial"),
        ("deadlines", "0007_deadline_statistics_indexes"),
    ]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
