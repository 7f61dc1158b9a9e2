"""/kantor/triase/: suggestions (views in views_suggestions)."""

from django.urls import path

from aduan.triage import views_suggestions as views

urlpatterns = [
    path("", views.acceptance, name="acceptance"),
    path("latih/", views.train, name="train"),
    path("bersama/", views.share, name="share"),
    path("laporan/<int:pk>/pakai/", views.accept, name="accept"),
    path("laporan/<int:pk>/pilih/", views.choose, name="choose"),
]
