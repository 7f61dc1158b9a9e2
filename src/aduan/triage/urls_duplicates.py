"""/kantor/triase/duplikat/: staff's decisions on probable duplicates (views_duplicates)."""

from django.urls import path

from aduan.triage import views_duplicates as views

urlpatterns: list = [
    path("<int:pk>/gabung/", views.merge, name="duplicate_merge"),
    path("<int:pk>/tautkan/", views.link, name="duplicate_link"),
    path("<int:pk>/bukan/", views.dismiss, name="duplicate_dismiss"),
]
