from django.urls import path

from aduan.stats import views

app_name = "stats"

urlpatterns = [
    path("laporan/", views.report, name="report"),
]
