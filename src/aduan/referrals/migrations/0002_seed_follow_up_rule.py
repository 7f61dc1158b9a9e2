from django.db import migrations


def seed(apps, schema_editor):
    from aduan.referrals.seed import load_rule

    load_rule(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0001_initial"),
        ("deadlines", "0006_deadline_running_idx"),
    ]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
