from django.db import migrations


def seed(apps, schema_editor):
    from aduan.reference.seed import load_reference

    load_reference(apps)


class Migration(migrations.Migration):
    dependencies = [("reference", "0002_seed_reference_lists")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
