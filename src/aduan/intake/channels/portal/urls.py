"""The public portal's pages: /lapor/ (report and receipt) and /lacak/ (tracking)."""

from django.urls import path

from aduan.intake.channels.portal import views

app_name = "portal"

urlpatterns = [
    path("lapor/", views.report, name="report"),
    path("lapor/terima/<str:token>/", views.receipt, name="receipt"),
    path("lapor/kantor/<slug:office>/", views.report, name="report_office"),
    path("lacak/", views.track, name="track"),
    path("lacak/laporan/", views.tracked, name="tracked"),
    path("lacak/laporan/<slug:action>/", views.act, name="act"),
    path("lacak/keluar/", views.leave, name="leave"),
]
