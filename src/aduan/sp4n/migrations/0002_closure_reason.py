from django.db import migrations

CODE = "sp4n-tanpa-tanggapan"


def seed(apps, schema_editor):
    ClosureReason = apps.get_model("reference", "ClosureReason")
    ClosureReason.objects.get_or_create(
        code=CODE,
        defaults={
            "name": "Pelapor tidak menanggapi tindak lanjut dalam 10 hari kerja",
            "name_en": "The reporter did not reply to the follow-up within 10 working days",
            "legal_basis": "Perpres 76/2013; PermenPANRB 62/2018",
            "order": 1000,
        },
    )


class Migration(migrations.Migration):
    dependencies = [("sp4n", "0001_initial"), ("reference", "0003_seed_new_items")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
