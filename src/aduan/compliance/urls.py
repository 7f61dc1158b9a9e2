from django.urls import path

from aduan.compliance import views

app_name = "compliance"

urlpatterns = [
    path("", views.index, name="index"),
    path("kampanye/<int:pk>/", views.campaign, name="campaign"),
    path("kampanye/<int:pk>/peringkat/", views.ranking, name="ranking"),
    path("kampanye/<int:pk>/unduh.xlsx", views.campaign_xlsx, name="xlsx"),
    path("kampanye/<int:pk>/surat/", views.deliver, name="deliver"),
    path("penilaian/<int:pk>/", views.assessment, name="assessment"),
    path("penilaian/<int:pk>/isi/", views.fill, name="fill"),
    path("penilaian/<int:pk>/setujui/", views.approve, name="approve"),
    path("penilaian/<int:pk>/kembalikan/", views.send_back, name="send_back"),
    path("bukti/<int:pk>/", views.evidence_file, name="evidence"),
    path("surat/<int:pk>/", views.delivery_pdf, name="delivery_pdf"),
    path("instansi/<int:agency_pk>/", views.history, name="history"),
]
