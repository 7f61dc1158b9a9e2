from django.urls import path

from aduan.prevention import views as v

app_name = "prevention"

urlpatterns = [
    path("", v.index, name="index"),
    path("kegiatan/", v.activity_list, name="activity_list"),
    path("kegiatan/baru/", v.activity_create, name="activity_create"),
    path("kegiatan/<int:pk>/", v.activity_detail, name="activity_detail"),
    path("kegiatan/<int:pk>/ubah/", v.activity_edit, name="activity_edit"),
    path("kegiatan/<int:pk>/tautkan/", v.activity_link, name="activity_link"),
    path("kegiatan/<int:pk>/lepas/<int:case_pk>/", v.activity_unlink, name="activity_unlink"),
    path("kegiatan/<int:pk>/materi/", v.activity_upload, name="activity_upload"),
    path("kegiatan/<int:pk>/temuan/", v.activity_finding, name="activity_finding"),
    path("pedoman/", v.guideline_list, name="guideline_list"),
    path("pedoman/baru/", v.guideline_create, name="guideline_create"),
    path("pedoman/<int:pk>/", v.guideline_detail, name="guideline_detail"),
    path("pedoman/<int:pk>/versi-baru/", v.guideline_version_new, name="guideline_version_new"),
    path("pedoman/versi/<int:pk>/<slug:step>/", v.guideline_step, name="guideline_step"),
    path(
        "kegiatan/<int:pk>/materi/<int:document_pk>/",
        v.activity_document,
        name="activity_document",
    ),
    path("kajian/", v.review_list, name="review_list"),
    path("kajian/baru/", v.review_create, name="review_create"),
    path("kajian/<int:pk>/", v.review_detail, name="review_detail"),
    path("kajian/<int:pk>/ubah/", v.review_edit, name="review_edit"),
    path("kajian/<int:pk>/saran/", v.suggestion_add, name="suggestion_add"),
    path("kajian/<int:pk>/terbitkan/", v.review_publish, name="review_publish"),
    path("saran/<int:pk>/tanggapan/", v.suggestion_respond, name="suggestion_respond"),
    path("saran/<int:pk>/bukti/", v.suggestion_evidence, name="suggestion_evidence"),
    path(
        "saran/laporan/<int:pk>/bukti/",
        v.suggestion_report_evidence,
        name="suggestion_report_evidence",
    ),
    path("standar/", v.standards, name="standards"),
    path("standar/pemetaan/baru/", v.mapping_create, name="mapping_create"),
    path("standar/pendampingan/baru/", v.assistance_create, name="assistance_create"),
    path("standar/unit/<int:agency_pk>/", v.unit_history, name="unit_history"),
    path("jejaring/", v.partner_list, name="partners"),
    path("jejaring/baru/", v.partner_create, name="partner_create"),
    path("jejaring/<int:pk>/", v.partner_detail, name="partner_detail"),
    path("jejaring/<int:pk>/ubah/", v.partner_edit, name="partner_edit"),
    path("jejaring/<int:pk>/mou/baru/", v.agreement_create, name="agreement_create"),
    path("jejaring/<int:pk>/kontak/", v.contact_add, name="contact_add"),
    path("mou/<int:pk>/ubah/", v.agreement_edit, name="agreement_edit"),
    path("mou/<int:pk>/dokumen/", v.agreement_document, name="agreement_document"),
    path("kontak/<int:pk>/hapus/", v.contact_remove, name="contact_remove"),
]
