"""The regional ombudsman's rule set and the UU 25/2009 periods (deadlines/seed_kinds.py)."""

from django.db import migrations


def seed(apps, schema_editor):
    from aduan.deadlines.seed_kinds import load_extra_rules

    load_extra_rules(apps)


class Migration(migrations.Migration):
    dependencies = [("deadlines", "0009_rule_fields_holiday_changes")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
