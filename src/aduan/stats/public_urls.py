"""The public statistics: ``/statistik/`` and its open data."""

from django.urls import path

from aduan.stats import public_views as views

app_name = "public_stats"

urlpatterns = [
    path("", views.index, name="index"),
    path("data.csv", views.data_csv, name="data_csv"),
    path("data.json", views.data_json, name="data_json"),
]
