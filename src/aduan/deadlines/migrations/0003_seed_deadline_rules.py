from django.db import migrations


def seed(apps, schema_editor):
    from aduan.deadlines.seed import load_rules

    load_rules(apps)


class Migration(migrations.Migration):
    dependencies = [("deadlines", "0002_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
