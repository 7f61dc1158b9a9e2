"""/kantor/triase/: suggestions and their acceptance, probable duplicates."""

from django.urls import include, path

app_name = "triage"

urlpatterns = [
    path("", include("aduan.triage.urls_suggestions")),
    path("duplikat/", include("aduan.triage.urls_duplicates")),
]
