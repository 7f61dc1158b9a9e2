"""The regional ombudsman's rule set and the UU 25/2009 periods (deadlines/seed_kinds.py)."""

from django.db import migrations


def seed(apps, schema_editor):
    from aduan.deadlines.seed_kinds import load_extra_rules

    load_extra_rules(apps)


class Migration(migrations.Migration):
    dependencies = [("deadlines", "0008_rule_start_event_history_delivery")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
