from django.db import migrations

REPLIES = [
    (
        "minta-dokumen",
        "Minta dokumen pendukung",
        "Mohon kirimkan salinan dokumen pendukung laporan Anda (misalnya bukti pembayaran, surat, "
        "atau foto) dengan membalas pesan ini atau melalui halaman lacak laporan.",
        "Please send copies of the documents that support your report (for example receipts, "
        "letters or photos) by replying to this message or through the report tracking page.",
    ),
    (
        "sedang-diproses",
        "Laporan sedang diproses",
        "Laporan Anda sedang kami proses. Kami akan menghubungi Anda kembali bila ada "
        "perkembangan atau bila kami memerlukan keterangan tambahan.",
        "Your report is being handled. We will contact you again when there is progress or when "
        "we need more information.",
    ),
    (
        "klarifikasi-dikirim",
        "Permintaan klarifikasi telah dikirim",
        "Kami telah meminta klarifikasi kepada instansi terlapor. Instansi memiliki waktu 14 hari "
        "untuk menjawab (UU 37/2008 Pasal 33).",
        "We have asked the reported agency for clarification. The agency has 14 days to answer "
        "(Law 37/2008 Article 33).",
    ),
    (
        "hubungi-kantor",
        "Mohon hubungi kantor",
        "Mohon hubungi kantor kami pada jam kerja untuk membicarakan laporan Anda.",
        "Please contact our office during working hours to discuss your report.",
    ),
]


def seed(apps, schema_editor):
    ReplyTemplate = apps.get_model("messaging", "ReplyTemplate")
    for order, (code, title, body_id, body_en) in enumerate(REPLIES):
        ReplyTemplate.objects.get_or_create(
            code=code,
            defaults={"title": title, "body_id": body_id, "body_en": body_en, "order": order},
        )


class Migration(migrations.Migration):
    dependencies = [("messaging", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
