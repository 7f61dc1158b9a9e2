from django.db import migrations


def seed(apps, schema_editor):
    from aduan.prevention.seed import load_rule

    load_rule(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("prevention", "0002_suggestion_due_date_from_clock"),
        ("deadlines", "0007_deadline_statistics_indexes"),
    ]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
