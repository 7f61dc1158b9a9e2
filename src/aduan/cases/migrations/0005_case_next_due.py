"""Case.next_due, kept by aduan.deadlines.services, filled here from the running clocks; the
indexes behind the case list's default sort (newest first) and its "next due first" sort."""

import django.utils.timezone
from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_next_due(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    Deadline = apps.get_model("deadlines", "Deadline")
    running = Deadline.objects.filter(state="open")
    first = running.filter(case=OuterRef("pk")).order_by("due_date").values("due_date")[:1]
    Case.objects.filter(pk__in=running.values("case_id")).update(next_due=Subquery(first))


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0004_reporter_contact_preferences"),
        ("deadlines", "0005_seed_new_rules"),
        ("directory", "0002_office_letter_code_office_reference_format"),
        ("reference", "0003_seed_new_items"),
        ("regions", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="next_due",
            field=models.DateField(blank=True, editable=False, null=True, verbose_name="Next due"),
        ),
        migrations.RunPython(fill_next_due, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="case",
            name="received_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now, verbose_name="received at"
            ),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                fields=["office", "received_at", "id"], name="case_office_received_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["office", "next_due", "-id"], name="case_office_next_due_idx"),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["received_at", "id"], name="case_received_idx"),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["next_due", "-id"], name="case_next_due_idx"),
        ),
    ]
