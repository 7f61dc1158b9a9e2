from django.db import migrations


def seed(apps, schema_editor):
    from aduan.deadlines.seed import load_rules

    load_rules(apps)


class Migration(migrations.Migration):
    dependencies = [("deadlines", "0004_deadline_case_deadline_extended_days_and_more")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
